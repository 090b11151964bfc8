"""Validation of every corpus document as a build worker validates it, timed, reports written for ``cmp``.

    python -m benchmarks.validation_worker make PKL
    python -m benchmarks.validation_worker run PKL REPORTS [--mutate] [--every N] [--profile OUT] [--nogc] [--gc-stats]

``make`` ingests every document the build ingests (with the corpus's provision
index) and pickles its N-Triples as the worker writes them
(``cache.document_lines``); ``run`` validates each from those bytes as
``build.workers.ingest_and_validate`` does (registry as context), prints the
sum of CPU seconds (``time.process_time``) and writes each report's text to
REPORTS. Make the pickle once and run two checkouts on it, interleaved, and
``cmp`` their reports. ``--mutate`` breaks every document the same
deterministic way first (triples dropped, offsets negative or ill-typed,
language tags removed, booleans misspelt, literals where IRIs go, second
values), so that the reports hold tens of thousands of violations to compare.
"""
import gc, hashlib, pickle, sys, time
from pathlib import Path
from rdflib import Graph
from treatygraph.build import cache, workers
from treatygraph.build.inputs import document_files
from treatygraph.config import Settings
from treatygraph.ingest.resolve import corpus_provisions
from treatygraph.namespaces import bind_prefixes
from treatygraph.registry import Registry
from treatygraph.validate import validate_graph
import treatygraph
print(treatygraph.__file__, file=sys.stderr)
ROOT = Path(__file__).resolve().parents[1]
settings = Settings.from_env(ROOT)
cmd, pkl = sys.argv[1], Path(sys.argv[2])
if cmd == "make":
    registry = Registry.load(settings.registry_dir, settings.base)
    keys = [(t, hashlib.sha256(t.read_bytes()).hexdigest()[:20]) for t in document_files(settings)]
    provisions = corpus_provisions(keys, registry, pkl.with_suffix(".provisions"))
    s = workers.load_state(settings, registry=registry, provisions=provisions)
    docs = []
    for path, key in keys:
        r = s["ingest"](path, s["registry"], settings, provisions=provisions)
        docs.append((str(path.relative_to(settings.root)), r.slug, cache.ntriples_bytes(cache.document_lines(r))))
    pickle.dump(docs, pkl.open("wb"), protocol=5)
    print(len(docs), sum(len(d[2]) for d in docs))
    sys.exit()
docs = pickle.load(pkl.open("rb"))
every = int(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else 1
docs = docs[::every]
if "--mutate" in sys.argv:
    import re
    XI = b"<http://www.w3.org/2001/XMLSchema#integer>"
    def mutate(nt):
        out = []
        for i, line in enumerate(nt.split(b"\n")):
            if not line:
                continue
            if i % 17 == 3:
                continue  # drop: missing required values
            if i % 13 == 5 and XI in line:
                line = re.sub(rb'"([0-9]+)"\^\^', lambda m: b'"-' + m.group(1) + b'"^^', line)  # negative offsets
            elif i % 13 == 6 and XI in line:
                line = line.replace(b'"^^' + XI, b'.5"^^' + XI)  # ill-typed integer
            elif i % 19 == 7 and b'"@' in line:
                line = re.sub(rb'"@[a-zA-Z-]+ \.$', b'" .', line)  # untagged text
            elif i % 23 == 8 and b"#boolean>" in line:
                line = line.replace(b'"false"', b'"no"').replace(b'"true"', b'"TRUE"')
            elif i % 29 == 9 and re.fullmatch(rb"<[^>]*> <[^>]*> <[^>]*> \.", line):
                line = line[:line.rindex(b" <")] + b' "not an IRI" .'  # literal where an IRI goes
            out.append(line)
            if i % 31 == 10:
                out.append(line.replace(b'" .', b'x" .').replace(b'"^^', b'1"^^'))  # a second value
        return b"\n".join(out) + b"\n"
    docs = [(rel, slug, mutate(nt)) for rel, slug, nt in docs]
s = workers.load_state(settings)
shapes, ontology, registry = s["shapes"], s["ontology"], s["registry"].graph
prof = None
import gc
if "--gc-stats" in sys.argv:
    gct = [0.0, 0, None]
    def cb(phase, info):
        if phase == "start": gct[2] = time.process_time()
        else:
            gct[0] += time.process_time() - gct[2]; gct[1] += 1
    gc.callbacks.append(cb)
if "--nogc" in sys.argv:
    gc.disable()
if "--profile" in sys.argv:
    import cProfile
    prof = cProfile.Profile()
cpu, texts = [], []
wall = time.perf_counter()
total0 = time.process_time()
for rel, slug, nt in docs:
    t = time.process_time()
    if prof: prof.enable()
    report = validate_graph(bind_prefixes(Graph()), shapes, ontology, context=registry, name=f"document {slug}", ntriples=nt)
    if prof: prof.disable()
    cpu.append((time.process_time() - t, rel))
    texts.append(report.text())
print(f"{len(docs)} docs: {sum(c for c, _ in cpu):.2f} s CPU, {time.perf_counter() - wall:.2f} s wall")
if "--gc-stats" in sys.argv: print("gc", round(gct[0], 2), gct[1])
for c, rel in sorted(cpu, reverse=True)[:4]:
    print(f"  {c:.3f} s  {rel}")
Path(sys.argv[3]).write_text("\n".join(texts) + "\n")
if prof:
    prof.dump_stats(sys.argv[sys.argv.index("--profile") + 1])

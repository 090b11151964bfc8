"""``cite.scan``: a grammar's pattern scanned at its heads' places finds exactly what ``re`` finds.

The English grammar runs its patterns over every part of a document through
:func:`treatygraph.ingest.cite.scan.finditer`; these tests compare it with
``pattern.finditer`` over corpus texts cut into parts at random, and over
invented sentences, for every compiled pattern of the English grammar modules.
``DOCUMENT_SCANS`` (the patterns a part must hold a head of before ``en.extract``
runs its forms) is checked against the code: every pattern run over a part's
``text, lo, hi`` is in it.
"""

import ast
import random
import re
from pathlib import Path

import pytest

from treatygraph.ingest.cite import common, en, instrument_forms, scan

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
TEXTS = [
    CORPUS / "unfccc" / "cma" / "CMA2018_1.3_Decisions_13_to_20.txt",
    CORPUS / "un" / "unclos-1982" / "1982-12-10" / "text.txt",
    CORPUS / "treaties" / "cites.en.md",
    CORPUS / "un" / "ga-resolution" / "A-RES-78-272" / "2024-04-24" / "text.txt",
]
INVENTED = (
    "Recalling decisions 1/CP.21, paragraph 4, and 1/CP.18, Article 4, paragraph 1(c), of the Convention "
    "and the annex to decision 18/CMA.1, paragraph 77(d); see FCCC/SBI/2019/9 and Add.1, CoP18 Doc. 12 and "
    "https://unfccc.int/x. Ibid., paragraph 6; paragraphs 3 to 5 above; that decision; the same document; "
    "General Assembly resolution 70/1 and A/RES/72/249; Part XI of the Convention; Annex III, article 8, of "
    "the Convention; Target 3 of the Kunming-Montreal Global Biodiversity Framework; decision VII/… "
    "(hereinafter referred to as “the Agreement”). “Convention” means the United Nations Convention on the "
    "Law of the Sea. PARTICIPANTS, Parties and Particulars; Articles 8(j) and 10(c); paragraph 2 of that "
    "article; Resolution Conf. 10.4 (Rev. CoP17); İstanbul Convention; ΑΣ Protocol.\n"
)


def _patterns() -> list[tuple[str, re.Pattern]]:
    out = []
    for mod in (en, instrument_forms, common):
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                out.append((f"{mod.__name__.rsplit('.', 1)[-1]}.{name}", value))
    return out


def _key(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8")[:40000] for p in TEXTS if p.exists()]  # enough for every form
    assert len(found) >= 3
    return found + [INVENTED * 40]


@pytest.mark.parametrize("name,pattern", _patterns(), ids=[n for n, _ in _patterns()])
def test_scan_finds_what_re_finds(name, pattern, texts):
    rnd = random.Random(name)
    for text in texts:
        assert _key(scan.finditer(pattern, text)) == _key(pattern.finditer(text))
        cuts = sorted({0, len(text)} | {rnd.randrange(len(text)) for _ in range(30)})
        for lo, hi in zip(cuts, cuts[1:]):
            assert _key(scan.finditer(pattern, text, lo, hi)) == _key(pattern.finditer(text, lo, hi)), (lo, hi)
            part = text[lo:hi]  # a part cut out of its document, its heads looked up in the document
            assert _key(scan.finditer(pattern, part, whole=text, offset=lo)) == _key(pattern.finditer(part))


def test_heads_and_needles():
    assert scan.heads(re.compile(r"(?<![A-Za-z])Articles?\s+\d")) == [("A", "r", "t", "i", "c", "l", "e", "s{0,1}",
                                                                       "[\\s]{1,}", "[\\d]")]
    assert scan.heads(re.compile(r"\d+|x")) == [("[\\d]{1,}",), ("x",)]  # a class where no literal starts
    assert scan.heads(re.compile(r"<?(?:https?://|www\.)"))[-1] == ("w", "w", "w", "\\.")  # "<" may be left out
    assert scan.heads(re.compile(r"(?:ab)?c")) == [("a", "b", "c"), ("c",)]
    assert scan.heads(re.compile(r".x")) is None
    assert scan.needles(re.compile(r"\d{1,3}/(?:CP|CMA)\.\d")) == ["/CMA.", "/CP."]
    assert scan.needles(re.compile(r"\w+")) is None


def test_alias_scan_of_a_part_looks_heads_up_in_the_document(registry, texts):
    lex = common.Lexicon(registry, "unfccc")
    rnd = random.Random(7)
    for text in texts:
        cuts = sorted({0, len(text)} | {rnd.randrange(len(text)) for _ in range(40)})
        for lo, hi in zip(cuts, cuts[1:]):
            part = text[lo:hi]
            for rx in (lex.name_regex, lex.body_regex, lex.scheme_regex):
                assert _key(rx.finditer(part, whole=text, offset=lo)) == _key(rx.full.finditer(part))
            plain = [(n.start, n.end, n.inst, n.short, n.body, n.scheme, n.unknown)
                     for n in common.find_names(part, lex)]
            assert plain == [(n.start, n.end, n.inst, n.short, n.body, n.scheme, n.unknown)
                             for n in common.find_names(part, lex, text, lo)]


def _part_scans(path: Path) -> set[str]:
    """Names of the patterns a module runs over ``text, lo, hi`` (a part of the document)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        names = [a.id for a in node.args if isinstance(a, ast.Name)]
        if "text" not in names or "lo" not in names or "hi" not in names:
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("finditer", "search", "match", "findall") \
                and isinstance(func.value, ast.Name):
            found.add(func.value.id)
        elif isinstance(func, ast.Name) and func.id == "scan" and isinstance(node.args[0], ast.Name):
            found.add(node.args[0].id)
    return found


def test_document_scans_lists_every_pattern_run_over_a_part():
    listed = {id(p) for p in en.DOCUMENT_SCANS.patterns}
    cite = ROOT / "src" / "treatygraph" / "ingest" / "cite"
    for module, path in ((en, cite / "en.py"), (instrument_forms, cite / "instrument_forms.py")):
        for name in _part_scans(path):
            pattern = getattr(module, name, None)
            if name == "rx":  # act_part_forms loops over (_ANNEX_TO_ACT, _ACT_ANNEX_PARA)
                continue
            assert isinstance(pattern, re.Pattern), f"{path.name}: {name} scanned over a part is not a module pattern"
            assert id(pattern) in listed, f"{path.name}: {name} is scanned over parts but not in en.DOCUMENT_SCANS"


def test_a_part_without_heads_gives_the_same_mentions(cite):
    """A part holding no head of any form still gets its titles (the shortcut in en.extract)."""
    filler = "The Parties shall cooperate in good faith. " * 80  # long enough to be indexed
    text = filler + "\n\nIn harmony with the Convention on Biological Diversity.\n\n" + filler
    got = cite(text, "itpgrfa")
    assert any(kind == "instrument" and target == "id/cbd" for _, kind, target, _ in got), got


def test_a_focused_part_scans_what_re_finds(texts):
    """``Group.focus``: within the part focused on, a pattern with no place there returns at once; every
    pattern of the group still finds what ``re`` finds, in the part and in ranges inside it."""
    rnd = random.Random(16)
    group = en.DOCUMENT_SCANS
    for text in texts:
        cuts = sorted({0, len(text)} | {rnd.randrange(len(text)) for _ in range(60)})
        for lo, hi in zip(cuts, cuts[1:]):
            assert group.focus(text, lo, hi) == group.any_in(text, lo, hi)
            mid = (lo + hi) // 2
            for pattern in group.patterns:
                for a, b in ((lo, hi), (lo, mid), (mid, hi)):
                    assert _key(scan.finditer(pattern, text, a, b)) == _key(pattern.finditer(text, a, b)), (a, b)


def test_worded_names_of_a_part_scanned_with_its_document(registry):
    """The worded grammars' inflected names, looked up where their heads are in the whole document."""
    from treatygraph.ingest.cite import ru, worded

    text = (CORPUS / "un" / "bbnj-agreement-2023-ru" / "2023-06-19" / "text.txt").read_text(encoding="utf-8")[:60000]
    lex = common.Lexicon(registry, "bbnj")
    rnd = random.Random(3)
    cuts = sorted({0, len(text)} | {rnd.randrange(len(text)) for _ in range(80)})
    for rx in (worded.full_names(lex, True), worded._short_keys(lex, ru.WORDS)):
        for lo, hi in zip(cuts, cuts[1:]):
            part = text[lo:hi]
            assert _key(scan.finditer(rx, part, whole=text, offset=lo)) == _key(rx.finditer(part)), (lo, hi)

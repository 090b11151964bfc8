"""The URI scheme's rules: minting and parsing every treatygraph URI, in one module.

:func:`mint` turns a reference (:mod:`.references`) into a URI and
:func:`parse` turns a URI back into the same reference, so
``parse(mint(ref)) == ref`` for every valid reference. The path forms of
official numbers and document symbols, and the URIs of named graphs and
runs, are minted here too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .references import (
    Act, Actor, Agent, Arrangement, Body, Document, Entity, Expression, Group, Part, Provision, Ref,
    Session, StrategicPlan, Target, TargetScheme,
)

DEFAULT_BASE = "https://w3id.org/treatygraph/"

#: Words that, right under an instrument, are not body codes.
INSTRUMENT_SUBPATHS = frozenset(
    {"art", "decision", "resolution", "recommendation", "strategic-plan", "text"}
)
#: The keyword of a language version (an expression): ``{work}/text/{lang}``.
EXPRESSION_KEYWORD = "text"
#: Actors and offices of an instrument (``id/{inst}/{role}``).
ACTOR_ROLES = frozenset(
    {"secretariat", "executive-secretary", "secretary", "parties", "national-focal-points"}
)
#: Kinds of acts adopted by governing bodies (``id/{inst}/{kind}/{number}``).
ACT_KINDS = frozenset({"decision", "resolution", "recommendation"})
#: Keywords of the parts of a document or of an act, in path order.
DOCUMENT_PART_KINDS = frozenset(
    {"summary", "section", "para", "fn", "annex", "appendix", "pp", "part", "row", "item"}
)
#: Parts of an instrument's own text that are not articles (``id/unclos/part/XI``,
#: ``id/cbd/annex/II/part/1/art/3``, ``id/cbd/pp/2``): the part keywords above plus
#: ``art`` for an article numbered inside an annex, and ``chapter``.
INSTRUMENT_PART_KINDS = DOCUMENT_PART_KINDS | {"art", "chapter"}

#: A top-level code (``cbd``, ``paris``, ``aichi-targets``): the one rule, also the API's parameter pattern.
CODE_PATTERN = r"[a-z][a-z0-9-]*"
_CODE = re.compile(rf"^{CODE_PATTERN}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_]*$")
_PROVISION_STEP = re.compile(
    r"^[0-9]+(?:[A-Za-z]|bis|ter|quater|quinquies|sexies)?$|^[a-z]{1,2}$|^[ivxlc]+$|^[IVXLC]+$")
_NUMBER_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-()]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[a-z]{2,3}$")


class IdentifierError(ValueError):
    """A URI or a reference that does not follow the scheme."""


def is_target_scheme(code: str) -> bool:
    """A top-level code names a target scheme when it ends in ``-targets``."""
    return code.endswith("-targets") or code.endswith("-goals")


# --------------------------------------------------------------------------
# Number and symbol normalisation
# --------------------------------------------------------------------------

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    """``11 -> 'XI'``."""
    if n <= 0:
        raise IdentifierError(f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def from_roman(s: str) -> int:
    """``'XI' -> 11``; raises :class:`IdentifierError` for anything else."""
    s = s.upper()
    if not s or not re.fullmatch(r"M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", s):
        raise IdentifierError(f"not a Roman numeral: {s!r}")
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        total += -v if i + 1 < len(s) and values[s[i + 1]] > v else v
    return total


def number_to_path(number: str) -> str:
    """An official act number in its path form: ``XI/6 -> XI-6``, ``30 COM 6 -> 30-COM-6``."""
    path = re.sub(r"[\s/]+", "-", number.strip())
    if not _NUMBER_PATH.match(path):
        raise IdentifierError(f"not an act number: {number!r}")
    return path


def agent_slug(label: str) -> str:
    """An addressee's label as an agent slug: ``'international organizations' -> 'international-organizations'``.

    Letters of any script are kept (lower-cased); everything else separates words.
    Raises :class:`IdentifierError` when nothing is left.
    """
    words = re.findall(r"[^\W_]+", label.casefold())
    slug = "-".join(words)[:80].strip("-")
    if not slug:
        raise IdentifierError(f"no agent slug in {label!r}")
    return slug


def provision_notation(steps: tuple[str, ...]) -> str:
    """A provision's number as printed: ``('19','3','g') -> '19.3(g)'``, ``('10bis',) -> '10bis'``."""
    nums = [s for s in steps[:1]] + [s for s in steps[1:] if s[0].isdigit()]
    letters = [s for s in steps[1:] if not s[0].isdigit()]
    return ".".join(nums) + "".join(f"({x})" for x in letters)


def symbol_to_path(symbol: str) -> str:
    """A document symbol in its path form: spaces become ``_``, ``/`` stays."""
    path = re.sub(r"\s+", "_", symbol.strip())
    segments = path.split("/")
    if not segments or not all(_SEGMENT.match(s) for s in segments):
        raise IdentifierError(f"not a document symbol: {symbol!r}")
    return path


def path_to_symbol(path: str) -> str:
    """Inverse of :func:`symbol_to_path` (``_`` back to spaces)."""
    return path.replace("_", " ")


# --------------------------------------------------------------------------
# Minting
# --------------------------------------------------------------------------


def _check_code(code: str, what: str) -> str:
    if not _CODE.match(code):
        raise IdentifierError(f"not a {what} code: {code!r} (lower-case letters, digits, '-')")
    return code


def _check_segment(value: str, what: str) -> str:
    if not _SEGMENT.match(value):
        raise IdentifierError(f"not a {what}: {value!r}")
    return value


def path_of(ref: Ref) -> str:
    """The path of a reference relative to the base, starting with ``id/``."""
    try:
        return _known_path(ref)
    except TypeError:  # a reference holding something unhashable: checked and built every time
        return _path_of(ref)


@lru_cache(maxsize=1 << 16)  # references are frozen: the same one is minted for each of its mentions
def _known_path(ref: Ref) -> str:
    return _path_of(ref)


def _path_of(ref: Ref) -> str:
    if isinstance(ref, Entity):
        if is_target_scheme(ref.code):
            raise IdentifierError(f"a target scheme, not an entity: {ref.code!r}")
        return f"id/{_check_code(ref.code, 'top-level')}"
    if isinstance(ref, TargetScheme):
        if not is_target_scheme(ref.scheme):
            raise IdentifierError(f"not a target scheme: {ref.scheme!r}")
        return f"id/{_check_code(ref.scheme, 'scheme')}"
    if isinstance(ref, Target):
        if not is_target_scheme(ref.scheme):
            raise IdentifierError(f"not a target scheme: {ref.scheme!r}")
        return f"id/{_check_code(ref.scheme, 'scheme')}/{_check_segment(ref.number, 'target number')}"
    if isinstance(ref, Provision):
        if not ref.steps or not all(_PROVISION_STEP.match(s) for s in ref.steps):
            raise IdentifierError(f"not a provision path: {ref.steps!r}")
        if not (ref.steps[0][0].isdigit() or re.fullmatch(r"[IVXLC]+", ref.steps[0])):
            raise IdentifierError(f"an article number is arabic or upper-case Roman: {ref.steps!r}")
        if any(re.fullmatch(r"[IVXLC]+", s) for s in ref.steps[1:]):
            raise IdentifierError(f"only the article number may be upper-case Roman: {ref.steps!r}")
        return f"id/{_check_code(ref.inst, 'instrument')}/art/{'.'.join(ref.steps)}"
    if isinstance(ref, Body):
        if ref.body in INSTRUMENT_SUBPATHS or ref.body in ACTOR_ROLES or ref.body in INSTRUMENT_PART_KINDS:
            raise IdentifierError(f"reserved word, not a body code: {ref.body!r}")
        return f"id/{_check_code(ref.inst, 'instrument')}/{_check_code(ref.body, 'body')}"
    if isinstance(ref, Session):
        if ref.number <= 0:
            raise IdentifierError(f"a session number is positive: {ref.number}")
        return f"{path_of(Body(ref.inst, ref.body))}/{ref.number}"
    if isinstance(ref, Actor):
        if ref.role not in ACTOR_ROLES:
            raise IdentifierError(f"not an actor role: {ref.role!r}")
        return f"id/{_check_code(ref.inst, 'instrument')}/{ref.role}"
    if isinstance(ref, Agent):
        if not re.fullmatch(r"[^\W_A-Z]+(?:-[^\W_A-Z]+)*", ref.slug):
            raise IdentifierError(f"not an agent slug: {ref.slug!r}")
        return f"id/agent/{ref.slug}"
    if isinstance(ref, Act):
        if ref.kind not in ACT_KINDS:
            raise IdentifierError(f"not an act kind: {ref.kind!r}")
        if not _NUMBER_PATH.match(ref.number):
            raise IdentifierError(f"not an act number path: {ref.number!r}")
        return f"id/{_check_code(ref.inst, 'instrument')}/{ref.kind}/{ref.number}"
    if isinstance(ref, Document):
        if "/" not in ref.key:
            _check_code(ref.key, "document slug")
        else:
            symbol_to_path(ref.key)
        if ref.key.split("/")[-1] in DOCUMENT_PART_KINDS:
            raise IdentifierError(f"a symbol may not end in a part keyword: {ref.key!r}")
        return f"id/doc/{ref.key}"
    if isinstance(ref, Part):
        if not ref.steps:
            raise IdentifierError("a part needs at least one step")
        kinds = DOCUMENT_PART_KINDS
        if isinstance(ref.parent, Entity):
            if is_target_scheme(ref.parent.code) or ref.steps[0][0] == "art":
                raise IdentifierError(f"not a part of an instrument's text: {ref!r}")
            kinds = INSTRUMENT_PART_KINDS
        tail = []
        for kind, value in ref.steps:
            if kind not in kinds:
                raise IdentifierError(f"not a part kind: {kind!r}")
            tail.append(f"{kind}/{_check_segment(value, kind + ' number')}")
        return f"{path_of(ref.parent)}/{'/'.join(tail)}"
    if isinstance(ref, Expression):
        if not _LANG.match(ref.lang):
            raise IdentifierError(f"not a language code: {ref.lang!r}")
        if not isinstance(ref.work, (Entity, Provision, Act, Document, Part)):
            raise IdentifierError(f"only an instrument, a provision, an act, a document or a part has language versions: {ref.work!r}")
        return f"{path_of(ref.work)}/{EXPRESSION_KEYWORD}/{ref.lang}"
    if isinstance(ref, Group):
        base = f"id/group/{_check_code(ref.code, 'group')}"
        m = ref.meeting
        if m == ():
            return base
        if len(m) == 1 and m[0].isdigit() and int(m[0]) > 0:
            return f"{base}/{m[0]}"
        if len(m) == 2 and m[0] == "retreat" and m[1].isdigit():
            return f"{base}/retreat/{m[1]}"
        if len(m) == 2 and m[0] == "meeting" and _DATE.match(m[1]):
            return f"{base}/meeting/{m[1]}"
        raise IdentifierError(f"not a group meeting: {m!r}")
    if isinstance(ref, Arrangement):
        base = f"id/arrangement/{_check_code(ref.slug, 'arrangement')}"
        if ref.activity is None:
            return base
        return f"{base}/activity/{_check_segment(ref.activity, 'activity number')}"
    if isinstance(ref, StrategicPlan):
        base = f"id/{_check_code(ref.inst, 'instrument')}/strategic-plan/{_check_segment(ref.period, 'period')}"
        if ref.item is None:
            return base
        kind, n = ref.item
        if kind not in ("objective", "target", "goal"):
            raise IdentifierError(f"not a plan item kind: {kind!r}")
        return f"{base}/{kind}/{_check_segment(n, kind + ' number')}"
    raise IdentifierError(f"not a reference: {ref!r}")


def mint(ref: Ref, base: str = DEFAULT_BASE) -> str:
    """The canonical URI of a reference under ``base``."""
    return _norm_base(base) + path_of(ref)


def resource_prefix(base: str = DEFAULT_BASE) -> str:
    """What every resource URI starts with: ``{base}id/``."""
    return _norm_base(base) + "id/"


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


def _norm_base(base: str) -> str:
    return base if base.endswith("/") else base + "/"


def relative_path(uri: str, base: str = DEFAULT_BASE) -> str:
    """``https://w3id.org/treatygraph/id/cbd`` -> ``id/cbd``."""
    base = _norm_base(base)
    if not uri.startswith(base):
        raise IdentifierError(f"not under the base {base}: {uri!r}")
    return uri[len(base):]


def _split_parts(segments: list[str], kinds=DOCUMENT_PART_KINDS) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Peel ``kind/value`` pairs off the end of a path while the kinds are part keywords."""
    steps: list[tuple[str, str]] = []
    while len(segments) >= 3 and segments[-2] in kinds:
        steps.insert(0, (segments[-2], segments[-1]))
        segments = segments[:-2]
    return segments, tuple(steps)


def parse_path(path: str) -> Ref:
    """Parse a path relative to the base (``id/...``) into a reference."""
    segs = path.split("/")
    if len(segs) < 2 or segs[0] != "id" or any(s == "" for s in segs):
        raise IdentifierError(f"not an identifier path: {path!r}")
    if len(segs) >= 4 and segs[-2] == EXPRESSION_KEYWORD and _LANG.match(segs[-1]):
        ref = Expression(parse_path("/".join(segs[:-2])), segs[-1])
        if path_of(ref) != path:
            raise IdentifierError(f"not a canonical identifier path: {path!r}")
        return ref
    segs = segs[1:]
    head = segs[0]
    if head == "doc":
        rest, steps = _split_parts(segs[1:])
        if not rest:
            raise IdentifierError(f"a document path needs a symbol or slug: {path!r}")
        ref: Ref = Document("/".join(rest))
        ref = Part(ref, steps) if steps else ref
    elif head == "group":
        if len(segs) < 2:
            raise IdentifierError(f"a group path needs a code: {path!r}")
        ref = Group(segs[1], tuple(segs[2:]))
    elif head == "agent":
        if len(segs) != 2:
            raise IdentifierError(f"not an agent path: {path!r}")
        ref = Agent(segs[1])
    elif head == "arrangement":
        if len(segs) == 2:
            ref = Arrangement(segs[1])
        elif len(segs) == 4 and segs[2] == "activity":
            ref = Arrangement(segs[1], segs[3])
        else:
            raise IdentifierError(f"not an arrangement path: {path!r}")
    elif is_target_scheme(head):
        if len(segs) == 1:
            ref = TargetScheme(head)
        elif len(segs) == 2:
            ref = Target(head, segs[1])
        else:
            raise IdentifierError(f"not a target path: {path!r}")
    elif len(segs) == 1:
        ref = Entity(head)
    else:
        inst, sub = head, segs[1]
        if sub == "art" and len(segs) == 3:
            ref = Provision(inst, tuple(segs[2].split(".")))
        elif sub in ACT_KINDS and len(segs) >= 3:
            rest, steps = _split_parts(segs)
            if len(rest) != 3:
                raise IdentifierError(f"not an act path: {path!r}")
            ref = Act(inst, sub, rest[2])
            ref = Part(ref, steps) if steps else ref
        elif sub in INSTRUMENT_PART_KINDS and sub != "art" and len(segs) >= 3:
            rest, steps = _split_parts(segs, INSTRUMENT_PART_KINDS)
            if rest != [inst]:
                raise IdentifierError(f"not a part of an instrument: {path!r}")
            ref = Part(Entity(inst), steps)
        elif sub == "strategic-plan" and len(segs) in (3, 5):
            item = (segs[3], segs[4]) if len(segs) == 5 else None
            ref = StrategicPlan(inst, segs[2], item)
        elif sub in ACTOR_ROLES and len(segs) == 2:
            ref = Actor(inst, sub)
        elif len(segs) == 2:
            ref = Body(inst, sub)
        elif len(segs) == 3 and segs[2].isdigit():
            ref = Session(inst, sub, int(segs[2]))
        else:
            raise IdentifierError(f"not an identifier path: {path!r}")
    # Re-minting validates every field and rejects non-canonical spellings.
    if path_of(ref) != path:
        raise IdentifierError(f"not a canonical identifier path: {path!r}")
    return ref


def parse(uri: str, base: str = DEFAULT_BASE) -> Ref:
    """Parse a canonical URI under ``base`` into its reference."""
    return parse_path(relative_path(uri, base))


def rebase(uri: str, old_base: str, new_base: str) -> str:
    """The same identifier under another base (for a server answering on its own host)."""
    return _norm_base(new_base) + relative_path(uri, old_base)


# --------------------------------------------------------------------------
# Named graphs and extraction runs (not resources under id/, but minted here too)
# --------------------------------------------------------------------------

#: Named graphs of a build: the ontology, the registry, the shared resources, one per document.
ONTOLOGY_GRAPH = "graph/ontology"
REGISTRY_GRAPH = "graph/registry"
RESOURCES_GRAPH = "graph/resources"
DERIVED_GRAPH = "graph/derived"
VOID_GRAPH = "graph/void"


def graph_uri(name: str, base: str = DEFAULT_BASE) -> str:
    """``graph_uri('registry')`` -> ``{base}graph/registry``; ``graph_uri('doc/x')`` for a document."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-/]*", name):
        raise IdentifierError(f"not a graph name: {name!r}")
    return f"{_norm_base(base)}graph/{name}"


def document_graph_uri(slug: str, base: str = DEFAULT_BASE) -> str:
    """The named graph holding an ingested document: ``{base}graph/doc/{slug}``."""
    return graph_uri(f"doc/{_check_code(slug, 'document slug')}", base)


def resources_graph_uri(base: str = DEFAULT_BASE) -> str:
    """The one graph of what documents say about resources they do not own: ``{base}graph/resources``."""
    return graph_uri("resources", base)


def derived_graph_uri(base: str = DEFAULT_BASE) -> str:
    """The graph of statements a build computes from the others: ``{base}graph/derived``."""
    return graph_uri("derived", base)


def void_graph_uri(base: str = DEFAULT_BASE) -> str:
    """The graph of the dataset's VoID statistics, computed by the build from the others (and not
    counted in them): ``{base}graph/void``."""
    return graph_uri("void", base)


def graphs_prefix(base: str = DEFAULT_BASE) -> str:
    """What every named graph of the dataset starts with: ``{base}graph/`` (a server's own graphs do not)."""
    return f"{_norm_base(base)}graph/"


def void_dataset_uri(base: str = DEFAULT_BASE) -> str:
    """The dataset as its VoID description names it: ``{base}void#dataset``."""
    return f"{_norm_base(base)}void#dataset"


def run_uri(run_id: str, base: str = DEFAULT_BASE) -> str:
    """An extraction or build run (a ``prov:Activity``): ``{base}run/{run_id}``."""
    return f"{_norm_base(base)}run/{_check_code(run_id, 'run id')}"


def label_uri(resource_uri: str, start: int) -> str:
    """A name read from a text (an ``skosxl:Label``), a fragment of where it is stated:
    ``{base}id/bbnj/text/fr#label-0``, ``{base}id/bbnj/art/1.5/text/fr#label-12345``."""
    if "#" in resource_uri or start < 0:
        raise IdentifierError(f"not a place for a label: {resource_uri!r} at {start}")
    return f"{resource_uri}#label-{start}"

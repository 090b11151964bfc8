"""Clauses of preambular and operative paragraphs: verb, addressees and object, with offsets.

A paragraph is split into the clauses that open with a verb of the lexicon
(:mod:`.verbs`): at the paragraph's start (after its number and an adverb:
"Also", "Further", 还, 再次 …) and after a coordinating "and" / 并 / 同时 (also
after a semicolon), so "Invites Parties … and requests the secretariat to …"
gives two clauses. An infinitive ("to request the SBI") opens none: what the
addressee is asked to do is the clause's object.

For a verb that addresses someone (requests, invites, urges, encourages, calls
upon, expresses its appreciation to …) the addressees are the noun phrases
before the action ("the secretariat", "Parties and observers", "国际组织和捐助方"),
split on "and", commas and 和/及/、 unless a registry name spans the separator
("Subsidiary Body for Scientific and Technological Advice"). Each addressee
links to the registry (a body, a secretariat or an office, an organization,
the Parties) or, unknown to it, to an agent of its own (``id/agent/{slug}``).
The object is the rest of the clause (the action for an addressing verb); the
graph links it to what the citations inside its span resolve to.

A lettered item that opens with no verb continues its paragraph's last clause
when that clause ends in a colon ("Requests the secretariat: (a) To …"): the
item is a clause with the same verb and addressees and the item's text as
object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .. import identifiers as ids
from ..namespaces import CITO, TG
from ..registry import Registry, normalise_alias
from .cite.common import Lexicon, _per_registry
from .model import Segment
from .verbs import ADDRESSING, ROLES, VERBS, addresses_after_to, concept, plural_regex, verb_regex


@dataclass
class Addressee:
    """Who a clause addresses: its words in the text and the agent they name."""

    label: str
    start: int
    end: int
    uri: str
    known: bool  # True: the registry (or a role of an instrument); False: an agent of its own


@dataclass
class Clause:
    """One clause: ``source[start:end]``; the verb at ``verb_start:verb_end``; the object span."""

    verb: str
    start: int
    end: int
    verb_start: int
    verb_end: int
    object_start: int
    object_end: int
    addressees: list[Addressee] = field(default_factory=list)
    continues: "Clause | None" = None  # a lettered item continuing its paragraph's clause

    def object_text(self, source: str) -> str:
        return source[self.object_start:self.object_end]


#: Registry types whose labels name an addressee.
_AGENT_TYPES = (TG.GoverningBody, TG.SubsidiaryBody, TG.Body, TG.Secretariat, TG.Organization, TG.Office,
                TG.Parties, TG.NationalFocalPoints)


class Agents:
    """Names of agents from the registry (one source of truth), read for one home instrument."""

    def __init__(self, registry: Registry, home: str | None, base: str, lex: Lexicon | None = None):
        self.registry = registry
        self.home = home
        self.base = base
        self.lex = lex or Lexicon(registry, home)

    # The registry's agents and their pattern depend on the registry alone: read and compiled once per
    # registry, not for every document (as the lexicon's tables are).
    @_per_registry
    def _agent_names(self) -> dict[str, list[tuple[str, str | None]]]:
        """Normalised label -> [(uri, instrument code)]."""
        g = self.registry.graph
        out: dict[str, list[tuple[str, str | None]]] = {}
        for t in _AGENT_TYPES:
            for s in g.subjects(RDF.type, t):
                if not isinstance(s, URIRef):
                    continue
                inst = g.value(s, TG.instrument)
                code = str(inst).rsplit("/", 1)[-1] if inst is not None else None
                for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                    for o in g.objects(s, p):
                        key = normalise_alias(str(o))
                        key = re.sub(r"^the ", "", key)
                        entry = (str(s), code)
                        if entry not in out.setdefault(key, []):
                            out[key].append(entry)
        return out

    @cached_property
    def family(self) -> frozenset[str]:
        return self.registry.family(self.home) if self.home else frozenset()

    @_per_registry
    def agent_regex(self) -> re.Pattern | None:
        """Any registry agent's name (``the`` before it allowed), longest first."""
        names = sorted(self._agent_names, key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"(?:the\s+)?(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])",
                          re.I)

    def named(self, surface: str) -> str | None:
        """The registry agent a name denotes (the home family's when several share it)."""
        key = re.sub(r"^the ", "", normalise_alias(surface))
        cands = self._agent_names.get(key, [])
        if not cands:
            return None
        own = [u for u, code in cands if code in self.family]
        if own:
            return sorted(own)[0]
        # another instrument's agent only by a name of its own ("Global Environment Facility", "GEF"),
        # never by a common word ("Secretary")
        specific = len(key.split()) > 1 or surface.strip().isupper()
        return cands[0][0] if specific and len({u for u, _ in cands}) == 1 else None

    def role(self, inst: str | None, role: str) -> str | None:
        """An instrument's secretariat (as the registry says), office or Parties."""
        inst = inst or self.home
        if not inst:
            return None
        sec = self.registry.graph.value(URIRef(ids.mint(ids.Entity(inst), self.base)), TG.hasSecretariat)
        if role == "secretariat" and sec is not None:
            return str(sec)
        if role in ("executive-secretary", "secretary") and sec is not None:
            # the office heading the secretariat that serves the instrument (the UNFCCC's for the Kyoto Protocol)
            heads = [str(o) for o in self.registry.graph.subjects(TG.headOf, sec) if str(o).endswith("/" + role)]
            if len(heads) == 1:
                return heads[0]
        return ids.mint(ids.Actor(inst, role), self.base)

    def agent(self, label: str) -> str | None:
        try:
            return ids.mint(ids.Agent(ids.agent_slug(canonical_agent_label(label))), self.base)
        except ids.IdentifierError:
            return None


#: An office or organ of the United Nations named with or without its organization: "the Secretary-General",
#: "the Secretary-General of the United Nations", "the United Nations Secretary-General", "the UN Secretary-General".
_UN_QUALIFIED = re.compile(r"^(?:(?:the\s+)?(?:United\s+Nations|UN)\s+(?P<pre>.+)|(?P<post>.+?)\s+of\s+the\s+(?:United\s+Nations|UN))$",
                           re.I)
#: Offices and organs whose bare name, in a UN-system decision, is the United Nations'.
_UN_OFFICES = re.compile(r"^(?:Secretary-General|Deputy\s+Secretary-General|General\s+Assembly|Security\s+Council|"
                         r"Economic\s+and\s+Social\s+Council|High\s+Commissioner\s+for\s+Human\s+Rights)$", re.I)


def canonical_agent_label(label: str) -> str:
    """The one label an agent of its own is minted from, so that name variants are one agent.

    Folds spacing and a leading article; the United Nations' offices lose the organization's name
    ("Secretary-General of the United Nations", "United Nations Secretary-General" -> "Secretary-General").
    """
    label = re.sub(r"\s+", " ", label.strip())
    label = re.sub(r"^the\s+", "", label, flags=re.I)
    m = _UN_QUALIFIED.match(label)
    if m:
        bare = m.group("pre") or m.group("post")
        if _UN_OFFICES.match(bare):
            return bare
    return label


# ----------------------------------------------------------------- splitting

_NUM = re.compile(r"^\s*(?:\d{1,3}\.|\([a-z]{1,2}\)|\([ivxl]{1,6}\)|[a-z]\.)\s*")
_LEAD = {
    "en": re.compile(r"(?:\*|\s)*(?:(?:also|further|again|once\s+again|further\s+also|also\s+strongly|strongly|"
                     r"kindly|hereby|therefore|in\s+this\s+regard|in\s+this\s+context|,)\s*)*", re.I),
    "zh": re.compile(r"(?:\*|\s|并|同时|还|再次|进一步|也|又|另外|此外|亦)*"),
    "fr": re.compile(r"(?:\s|\*|(?:en\s+outre|également|aussi|de\s+plus|à\s+nouveau)\b,?\s*)*", re.I),
    "es": re.compile(r"(?:\s|\*|(?:además|también|asimismo|nuevamente)\b,?\s*)*", re.I),
}
#: Where a later clause may open: after "and" (with an adverb), a semicolon, or 并/同时 in Chinese.
_JOIN = {
    "en": re.compile(r"(?:[,;]\s*and\s+|\s+and\s+|;\s+)(?:(?:also|further|again|strongly|therefore|in\s+this\s+regard,?)"
                     r"\s+)*", re.I),
    "zh": re.compile(r"[，,；;。]\s*(?:\*\*)?(?:并且|并|同时|还|再次|进一步|也|又|此外|另外)?(?:\*\*)?"),
    "fr": re.compile(r"(?:[,;]\s*et\s+|\s+et\s+|;\s+)(?:(?:également|aussi|en\s+outre)\s+)*", re.I),
    "es": re.compile(r"(?:[,;]\s*y\s+|\s+y\s+|;\s+)(?:(?:también|además|asimismo)\s+)*", re.I),
}
#: Where an addressee list ends: the action ("to", "that", "for"), a comma before an aside.
_ASIDE = (r"(?:in|at|as|through|with|by|when|if|inter\s+alia|where|subject|under|including|pursuant|"
          r"according|no\s+later|within|to|for|on|upon|after|before|during|among|also|further|"
          r"\w+ly|\w+ing)\b")
_ADDR_END_EN = re.compile(r"\s+(?:to|that|for|on|in|at|with|by|through|under|when|who|which|whose|of|from)\b|,\s*"
                          + _ASIDE
                          + r"|[;:.(]", re.I)
_ADDR_END_ZH = re.compile(r"(?:在|提供|确保|加强|继续|根据|视|就|向|与|针对|开展|推动|汇报|报告|参加|采取|考虑|"
                          r"酌情|于|尽快|进一步|努力|提交|全面|制定|支持|审议|召开|[，,；;。：:])")
_SEP_EN = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+or\s+|\s+as\s+well\s+as\s+)"
                     r"(?!\s*" + _ASIDE + ")", re.I)
_SEP_ZH = re.compile(r"(?:、|和|及|以及)")
#: Chinese puts whom a verb of praise or thanks addresses before it: "就此对秘书予以赞扬" (commends the
#: Secretary for it), "向东道国政府表示感谢". Read after a clause boundary, like a verb.
_FRONTED_ZH = re.compile(r"(?:\*\*)?(?:就此|为此|在这方面)?(?:对|向)(?P<addr>[^，,。；;：:]{1,30}?)"
                         r"(?:予以|表示|致以)(?:\*\*)?(?P<verb>赞扬|感谢|衷心感谢|赞赏|祝贺)(?:\*\*)?")
_FRONTED_VERBS = {"赞扬": "commends", "感谢": "expressesGratitude", "衷心感谢": "expressesGratitude",
                  "赞赏": "appreciates", "祝贺": "congratulates"}
#: French and Spanish: "Prie le Secrétariat de …", "Invita a las Partes a …".
_ADDR_END_ROMANCE = re.compile(r"\s+(?:de|d['’]|à|a|que|para|en)(?=\s|['’])|\bd['’]|[,;:.]", re.I)
_SEP_ROMANCE = re.compile(r"\s*,\s*(?:et\s+|y\s+)?|\s+(?:et|y|e)\s+", re.I)
_LIST_ASIDE = re.compile(r"\s*,\s*(?:as|where|if|when)\s+appropriate\s*,\s*", re.I)
#: Words that stand for an addressee named elsewhere ("invites those that have not done so").
_PRONOUNS = {"those", "them", "it", "they", "all", "all those", "others", "其", "它们", "他们"}
_ARTICLE_EN = re.compile(r"^(?:(?:the|its|all|relevant|other|those)\s+)+", re.I)


def _masked(text: str, part: Segment) -> str:
    """The source between the part's first and last offsets, with what lies between its spans blanked."""
    start, end = part.start, part.end
    pieces: list[str] = []
    done = start  # the source up to here is written
    for a, b in sorted(part.spans):
        if not start <= a <= b <= end:
            raise ValueError(f"a span {a}-{b} outside its part {start}-{end}")
        if b <= done:
            continue
        if a > done:
            pieces.append(" " * (a - done))
            done = a
        pieces.append(text[done:b])
        done = b
    pieces.append(" " * (end - done))
    return "".join(pieces)


def split(text: str, part: Segment, agents: Agents, inst: str | None = None,
          previous: Clause | None = None) -> list[Clause]:
    """The clauses of ``part`` (a preambular or operative paragraph, or a lettered item).

    ``inst`` is the instrument whose act holds the paragraph (its secretariat is
    "the secretariat"); ``previous`` the last clause of the paragraph an item belongs to.
    """
    lang = "zh" if part.lang == "zh" else "en" if part.lang == "en" else part.lang
    if lang not in VERBS:
        return []
    body = _masked(text, part)
    base = part.start
    rx = verb_regex(lang, preamble=part.kind == "pp")
    lead = _LEAD[lang]
    pos = 0
    m = _NUM.match(body)
    if m:
        pos = m.end()
    opens: list[tuple[int, re.Match]] = []
    plural: set[int] = set()
    lm = lead.match(body, pos)
    vm = rx.match(body, lm.end() if lm else pos)
    if vm is None and part.kind != "pp" and plural_regex(lang) is not None:
        vm = plural_regex(lang).match(body, lm.end() if lm else pos)
        if vm:
            plural.add(vm.start())
    if vm:
        opens.append((pos, vm))
    fronted: set[int] = set()
    for jm in _JOIN[lang].finditer(body, pos):
        vm = rx.match(body, jm.end())
        if vm is None and lang == "zh":
            vm = _FRONTED_ZH.match(body, jm.end())
            if vm:
                fronted.add(vm.start())
        if vm and (not opens or vm.start() > opens[-1][1].end()):
            # the clause starts at its leading adverb ("also requests"), its verb after it
            opens.append((jm.end(), vm))
    out: list[Clause] = []
    for i, (cstart, vm) in enumerate(opens):
        cend = opens[i + 1][0] if i + 1 < len(opens) else len(body)
        if i + 1 < len(opens):
            # the joining "and"/"并" belongs to neither clause
            jm = None
            for jm in _JOIN[lang].finditer(body, vm.end(), cend + 1):
                pass
            if jm is not None and jm.end() == cend:
                cend = jm.start()
        if vm.start() in fronted:
            verb = _FRONTED_VERBS[vm.group("verb")]
        else:
            verb = concept(vm.group("verb"), lang, plural=vm.start() in plural)
        vstart, vend = vm.start("verb"), vm.end()
        while cend > vend and body[cend - 1] in " \t\r\n;；。.,，*":
            cend -= 1
        addressees: list[Addressee] = []
        ostart = vend
        while ostart < cend and body[ostart] in " \t*":
            ostart += 1
        if vm.start() in fronted:
            addressees, _ = _addressees(body, vm.start("addr"), vm.end("addr"), lang, agents, inst, base, verb)
        elif verb in ADDRESSING:
            addressees, ostart = _addressees(body, ostart, cend, lang, agents, inst, base,
                                             verb, addresses_after_to(vm.group("verb")))
        ostart = min(ostart, cend)
        while ostart < cend and body[ostart] in " \t,，:：*":
            ostart += 1  # "Notes, in this context, …": the object starts after the aside's comma
        out.append(Clause(verb, base + cstart, base + cend, base + vstart, base + vend, base + ostart, base + cend,
                          addressees))
    for i, c in enumerate(out):
        _resolve_pronoun(c, out[:i], text, agents)
    for a, b in zip(out, out[1:]):
        if a.object_start >= a.object_end and b.start - a.end < 8:
            # "Urges and requests the GEF to …": both verbs address the same and ask the same
            a.addressees, a.object_start, a.object_end = list(b.addressees), b.object_start, b.object_end
    continuing = previous is not None and part.kind == "item" and \
        text[previous.start:previous.end + 1].rstrip().endswith(":")
    if continuing:  # "… a high-level event that: (a) Further strengthens …": the items continue the clause
        out = []
    if continuing:
        body_start = pos
        end = len(body.rstrip(" \t\r\n;；。.,"))
        out.append(Clause(previous.verb, base + body_start, base + end, previous.verb_start, previous.verb_end,
                          base + body_start, base + end, list(previous.addressees), continues=previous))
    return out


def _addressees(body: str, start: int, end: int, lang: str, agents: Agents, inst: str | None,
                base: int, verb: str = "", after_to: bool = False) -> tuple[list[Addressee], int]:
    """The addressees right after an addressing verb, and where the object starts.

    Thanks go *to* someone ("Expresses its appreciation to the Government of …");
    a request of a thing has none ("Requests that the actions … be undertaken").
    """
    if lang == "en":
        if after_to:
            m = re.match(r"to\s+", body[start:end], re.I)
            if not m:
                return [], start
            start += m.end()
        elif re.match(r"(?:that|all\s+to|to\b)", body[start:end], re.I):
            return [], start
        stop = _ADDR_END_EN
        sep = _SEP_EN
    elif lang == "zh":
        stop = _ADDR_END_ZH
        sep = _SEP_ZH
    else:
        stop = _ADDR_END_ROMANCE
        sep = _SEP_ROMANCE
    out: list[Addressee] = []
    pos = last = start
    while pos < end:
        name = agents.agent_regex.match(body, pos, end) if agents.agent_regex is not None else None
        qualified = _role(body, pos, end, lang, agents, inst)
        if qualified is not None and (name is None or qualified[1] >= name.end()):
            uri, stop_at = qualified
            out.append(Addressee(body[pos:stop_at], base + pos, base + stop_at, uri, True))
            pos = last = stop_at
        elif name is not None and agents.named(name.group()):
            out.append(Addressee(name.group(), base + pos, base + name.end(), agents.named(name.group()), True))
            pos = last = name.end()
        else:
            sm = stop.search(body, pos, end)
            while sm and lang == "en" and re.match(r"\s+(?:on|for|of|in|from|under)\s+(?:the\s+)?[A-Z]",
                                                    sm.group() + body[sm.end():sm.end() + 6]):
                sm = stop.search(body, sm.end(), end)  # a proper name: "Intergovernmental Panel on Climate Change"
            sp = sep.search(body, pos, sm.start() if sm else end)
            while sp and lang == "en" and _inside_name(body, sp):
                sp = sep.search(body, sp.end(), sm.start() if sm else end)
            stop_at = sp.start() if sp else (sm.start() if sm else end)
            while pos < stop_at and body[pos].isspace():
                pos += 1
            label = body[pos:stop_at].strip()
            if not label or (lang == "en" and len(label.split()) > 10) or label.lower() in _PRONOUNS:
                break
            uri = agents.agent(_ARTICLE_EN.sub("", label) if lang == "en" else label)
            if uri is None:
                break
            out.append(Addressee(label, base + pos, base + pos + len(label), uri, False))
            pos = last = pos + len(label)
        aside = _LIST_ASIDE.match(body, pos, end) if lang == "en" else None
        if aside and not re.match(r"to\b", body[aside.end():aside.end() + 3]):
            pos = aside.end()  # "Invites Parties, as appropriate, the operating entities …"
            continue
        sp = sep.match(body, pos, end)
        if sp and sp.end() > pos:
            pos = sp.end()
            continue
        break
    if lang == "en" and out and all(not a.known for a in out) and not after_to and \
            not re.match(r"\s*(?:,.*?,\s*)?to\b", body[last:end], re.S):
        return [], start  # "Encourages the registration of those actions …": a thing, not someone asked
    out = _share_heads(out, body, base, agents) if lang == "en" else out
    # the object: after the addressees (and an aside between commas); in Chinese right after them
    rest = last
    if lang == "en" and out:
        m = re.match(r"\s*,.*?,\s*(?=to\b)", body[rest:end], re.S)  # ", at its next session, to …"
        rest += m.end() if m else 0
    return out, rest


_PRONOUN_START = re.compile(r"(?:those|them|they)\b", re.I)


def _resolve_pronoun(clause: Clause, before: list[Clause], text: str, agents: Agents | None = None) -> None:
    """"Congratulates Parties … and invites those that have not done so to …": a pronoun addresses
    whom the paragraph's previous clause addressed; when that clause addressed no one, "them" / "they"
    stands for the registry agents it names ("Notes the areas identified by the Technology Executive
    Committee and the Climate Technology Centre and Network … and requests them to …")."""
    if clause.verb not in ADDRESSING or clause.addressees:
        return
    m = _PRONOUN_START.match(text, clause.object_start, clause.object_end)
    if m is None or not before:
        return
    antecedent = next((c for c in reversed(before) if c.addressees), None)
    if antecedent is not None:
        uris = [a.uri for a in antecedent.addressees]
    elif m.group().lower() in ("them", "they") and agents is not None:
        uris = _named_agents(text, before[-1], agents)
    else:
        uris = []
    if not uris:
        return
    clause.addressees = [Addressee(m.group(), m.start(), m.end(), u, True) for u in uris]
    clause.object_start = m.end()
    while clause.object_start < clause.object_end and text[clause.object_start] == " ":
        clause.object_start += 1


def _named_agents(text: str, clause: Clause, agents: Agents) -> list[str]:
    """The registry agents a clause names in its object, in text order (at least two: "them" is plural)."""
    if agents.agent_regex is None:
        return []
    found: list[str] = []
    for nm in agents.agent_regex.finditer(text, clause.object_start, clause.object_end):
        uri = agents.named(nm.group())
        if uri is not None and uri not in found:
            found.append(uri)
    return found if len(found) >= 2 else []


_CONJUNCTS = {"zh": re.compile(r"\s*(?:与|和|及|以及|、)\s*"), "en": re.compile(r"\s*(?:,\s*and|,|\band)\s+", re.I)}


def agents_in_span(text: str, start: int, end: int, lang: str, agents: Agents, inst: str | None) -> list[Addressee]:
    """The agents a list of names denotes ("秘书与《生物多样性公约》执行秘书", "CBD Secretariat"): each
    conjunct a role of an instrument, a registry name, or else an agent of its own (``known`` False)."""
    out: list[Addressee] = []
    pos = start
    for sep in list(_CONJUNCTS.get(lang, _CONJUNCTS["en"]).finditer(text, start, end)) + [None]:
        stop = sep.start() if sep is not None else end
        while pos < stop and text[pos].isspace():
            pos += 1
        label = text[pos:stop].strip()
        if label:
            qualified = _role(text, pos, stop, lang, agents, inst)
            named = agents.named(label)
            if qualified is not None and qualified[1] >= stop - 1:
                out.append(Addressee(label, pos, pos + len(label), qualified[0], True))
            elif named is not None:
                out.append(Addressee(label, pos, pos + len(label), named, True))
            else:
                uri = agents.agent(label)
                if uri is not None:
                    out.append(Addressee(label, pos, pos + len(label), uri, False))
        if sep is not None:
            pos = sep.end()
    return out


def _inside_name(body: str, sep: re.Match) -> bool:
    """"Climate Technology Centre and Network": an "and" between capitalized words, no article after it."""
    if not re.fullmatch(r"\s+and\s+", sep.group()):
        return False
    before = re.search(r"(\w+)$", body[:sep.start()])
    after = re.match(r"(\w+)", body[sep.end():])
    return bool(before and after and before.group(1)[0].isupper() and after.group(1)[0].isupper()
                and after.group(1) not in ("Parties", "Governments", "States"))


def _share_heads(out: list[Addressee], body: str, base: int, agents: Agents) -> list[Addressee]:
    """"host and purchasing Parties", "international, regional and national financial institutions":
    a lone modifier takes the head of the conjunct after it."""
    fixed = list(out)
    for i in range(len(fixed) - 2, -1, -1):
        a, b = fixed[i], fixed[i + 1]
        words = b.label.split(maxsplit=1)
        if not a.known and " " not in a.label and a.label.islower() and not a.label.endswith("s") and len(words) == 2:
            label = f"{a.label} {words[1]}"
            fixed[i] = Addressee(label, a.start, a.end, agents.agent(label) or a.uri, False)
    return fixed


def _role(body: str, pos: int, end: int, lang: str, agents: Agents, inst: str | None) -> tuple[str, int] | None:
    """A role word ("the secretariat", 秘书, "Parties") after an optional instrument name (《条约》)."""
    p = pos
    code = inst
    lex = agents.lex
    lead = {"en": r"(?:(?:the|its|all|those|relevant)\s+)+", "fr": r"(?:(?:le|la|les|l['’])\s*)+",
            "es": r"(?:(?:a|al|la|las|los|el)\s+)+"}.get(lang)
    if lead:
        m = re.match(lead, body[p:end], re.I)
        p += m.end() if m else 0
    if lex.name_regex is not None:
        m = lex.name_regex.match(body, p, end)
        if m and m.start() == p:
            c, short = lex.classify_name(m.group())
            if c or short:
                cands = lex.short_names.get(short, frozenset()) if short else {c}
                code = inst if inst in cands else agents.home if agents.home in cands else (c or sorted(cands)[0])
                p = m.end()
                while p < end and body[p] in " \t'’s":
                    if body[p] in "'’":
                        p += 2 if body[p + 1:p + 2] == "s" else 1
                    else:
                        p += 1
    for word, role in ROLES[lang]:
        seg = body[p:p + len(word)]
        if (seg if lang == "zh" else seg.lower()) == word:
            after = p + len(word)
            if lang == "en" and after < end and (body[after].isalnum() or body[after] == "-"):
                continue
            if lang == "en" and role != "parties" and \
                    re.match(r"\s+of\s+(?!the\s+(?:Convention|Agreement|Protocol)\b)", body[after:end]):
                return None  # "the secretariat of the Global Environment Facility": not the home secretariat
            if lang == "en":
                tail = re.match(r"\s+(?:to|of)\s+", body[after:end])
                named = lex.name_regex.match(body, after + tail.end(), end) if tail and lex.name_regex else None
                if named is not None:
                    c, short = lex.classify_name(named.group())
                    cands = lex.short_names.get(short, frozenset()) if short else ({c} if c else set())
                    if cands:
                        near = agents.family | (agents.registry.family(inst) if inst else frozenset())
                        own = sorted(x for x in cands if x == inst) or sorted(x for x in cands if x in near)
                        code = c or (own[0] if own else sorted(cands)[0])
                        after = named.end()
            uri = agents.role(code, role)
            return (uri, after) if uri else None
    return None


# ---------------------------------------------------------- citation functions

#: Clause verb -> how a citation in its object cites (the ontology documents the choice).
FUNCTION_OF_VERB = {
    "recalls": CITO.obtainsBackgroundFrom, "reaffirms": CITO.confirms, "takesNoteOf": CITO.citesForInformation,
    "notes": CITO.citesForInformation, "welcomes": CITO.agreesWith, "adopts": TG.citesAsAdopted,
}
#: Words right before a citation that say how it cites (the cue is the match).
_CUES = {
    "en": [
        (re.compile(r"\b(?:in\s+accordance\s+with|pursuant\s+to|in\s+line\s+with|consistent\s+with)"
                    r"(?:\s+(?:the\s+)?(?:provisions|guidance|procedures?)\s+(?:of|contained\s+in))?\s*(?:the\s+)?$",
                    re.I), CITO.citesAsAuthority),
        (re.compile(r"\b(?:as\s+)?(?:referred\s+to|mentioned|set\s+out|contained|described)\s+in\s*$", re.I),
         CITO.citesAsRelated),
        (re.compile(r"\b(?:to\s+)?(?:amend(?:s|ing)?|amendments?\s+to)\s+(?:the\s+)?$", re.I), TG.amends),
        (re.compile(r"\b(?:to\s+)?(?:supersed(?:e|es|ing)|replac(?:e|es|ing))\s+(?:the\s+)?$", re.I),
         TG.supersedes),
        (re.compile(r"\b(?:to\s+)?(?:retir(?:e|es|ing))\s+(?:the\s+)?$", re.I), TG.retires),
        (re.compile(r"\b(?:to\s+)?(?:adopt(?:s|ing)?)\s+(?:the\s+)?$", re.I), TG.citesAsAdopted),
    ],
    "zh": [
        (re.compile(r"(?:根据|按照|依照|依据)$"), CITO.citesAsAuthority),
    ],
}
_CUE_AFTER_ZH = [(re.compile(r"^(?:所述|所提及|提及的|中提到的)"), CITO.citesAsRelated)]
#: Any cue of a language, in one pattern: a window none of them matches in (most) is passed over in one search,
#: not one per cue
_ANY_CUE = {lang: re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in cues), cues[0][0].flags)
            for lang, cues in _CUES.items() if len({rx.flags for rx, _ in cues}) == 1}
#: A citation right before another in one run ("decision 1/CP.17, paragraph 4", "decisions 2/CP.18 and").
_CITED_BEFORE = re.compile(r"(?:decisions?|articles?|paragraphs?|resolutions?)\s+[\w./\-()]+[\s,;]*(?:and\s+)?$",
                           re.I)
#: A citation listed after another in one run ("decisions 1/CP.16, 2/CP.18 and 1/CP.20") shares its cue.
_LIST_GLUE = re.compile(r"^[\s,;，、]*(?:and|or|as\s+well\s+as|和|及|以及)?[\s,;，、]*(?:including\s+)?"
                        r"(?:decisions?|paragraphs?|articles?)?\s*$", re.I)


def citation_function(text: str, clause: Clause | None, start: int, end: int, lang: str,
                      previous: tuple[int, int, tuple] | None = None):
    """How the citation at ``text[start:end]`` cites, when the text says it.

    Returns ``(property, cue_start, cue_end)`` or ``None``: a cue right before the
    citation ("in accordance with", "referred to in", "to amend", 根据) wins;
    else the verb of the clause whose object holds the citation (recalls,
    reaffirms, takes note of, notes, welcomes, adopts).
    """
    lang = "zh" if lang == "zh" else "en"
    lo = clause.start if clause is not None else max(0, start - 80)
    window = text[max(lo, start - 120):start]
    wbase = start - len(window)
    cues, any_cue = _CUES.get(lang, []), _ANY_CUE.get(lang)
    for _ in range(4):  # "in accordance with decision 1/CP.17, paragraph 4": the cue before the first
        for rx, prop in cues if any_cue is None or any_cue.search(window) else ():
            m = rx.search(window)
            if m:
                return prop, wbase + m.start(), wbase + m.end()
        shorter = _CITED_BEFORE.sub("", window)
        if shorter == window:
            break
        window = shorter
    if lang == "zh":
        for rx, prop in _CUE_AFTER_ZH:
            m = rx.match(text, end)
            if m:
                return prop, m.start(), m.end()
    if clause is None or start < clause.object_start:
        return None
    obj = text[clause.object_start:start]
    if clause.verb == "decides":
        m = re.match(r"\s*(?:to\s+)?(adopt|amend|retire|supersede|replace)\b", obj, re.I)
        if m:
            prop = {"adopt": TG.citesAsAdopted, "amend": TG.amends, "retire": TG.retires}.get(
                m.group(1).lower(), TG.supersedes)
            return prop, clause.object_start + m.start(1), clause.object_start + m.end(1)
        return None
    prop = FUNCTION_OF_VERB.get(clause.verb)
    if prop is None:
        return None
    return prop, clause.verb_start, clause.verb_end

"""English citation forms of treaty texts and UN texts (run before the rest of ``en``).

Forms:

- a provision followed by what it belongs to: ``article 76 of the Convention``,
  ``Article 5 of the Convention on the Conservation of Migratory Species of Wild
  Animals`` (a full title wins over the short name inside it), ``article 10 of
  this Agreement`` (this document's own instrument), ``article 305, paragraph 1
  (c), of the Convention``; an instrument the registry lacks (``Article 14 of the
  Paris Agreement`` without a Paris entry) stays unresolved, never the home's;
- in a treaty text, a bare ``article 52`` is the treaty's own article;
- parts of an instrument's text: ``Part XI of the Convention``, ``annex I to the
  Convention``, and in a treaty text a bare ``Part II`` or ``Annex I``;
- General Assembly acts: ``A/RES/70/1``, ``General Assembly resolution 70/1``,
  ``resolution 70/1 of the General Assembly``, and in a General Assembly text
  ``its resolution 72/249`` or a bare ``decision 76/564``;
- an instrument named by its title alone: ``in harmony with the Convention on
  Biological Diversity`` cites the instrument itself (:func:`titles`, run after
  every other form: a title that qualifies a citation, ``Article 5 of the …`` or
  ``decision 14/8 of the Conference of the Parties to the …``, is that
  citation's; a treaty's own title in its own text cites nothing);
- targets and goals named by their scheme after them: ``Target 3 of the
  Kunming-Montreal Global Biodiversity Framework``, ``Goal A of the
  Kunming-Montreal GBF`` (the scheme from the noun and the framework's name in
  the registry; a framework the registry lacks stays unresolved).

What "the Convention" means is read from the document itself when it defines it
(:func:`defined_instruments`): ``“Convention” means the United Nations Convention
on the Law of the Sea`` or ``... (hereinafter referred to as “the Convention”)``.
Such a definition is an attached qualifier for the forms above; without one, "the
Convention" in a protocol or agreement is the instrument it is made under
(``tg:parentInstrument``), when that instrument has the short name. The resolver's
own short-name rule (``resolve.Resolver.short_name``) can consult the same
function for the other forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...registry import normalise_alias
from .common import Lexicon, Raw, alias_pattern
from .scan import finditer as scan

_MEANS = re.compile(r"[“\"‘'](?P<term>[A-Z][A-Za-z ]{2,40}?)[”\"’']\s+means\s+(?:the\s+)?")
_HEREINAFTER = re.compile(
    r"hereinafter\s+(?:referred\s+to\s+as|called)\s+[“\"‘'](?P<term>(?:the\s+)?[A-Za-z][A-Za-z ]{1,40}?)[”\"’']")
_ART = re.compile(
    r"(?<![A-Za-z])(?P<word>[Aa]rticles?)\s+(?P<num>\d{1,3}(?:\s*bis|[A-Z](?![A-Za-z]))?|[IVXLC]{1,6})(?![\w])"
    r"(?:\s*\(\s*(?P<pt>[a-z]{1,2}|\d{1,2})\s*\)|\s(?P<pt2>[a-z])\)(?!\w))?"
    r"(?:\s*,\s*paragraph(?P<pl>s)?\s+(?P<para>\d{1,2})(?:\s*\(\s*(?P<ppt>[a-z]{1,2})\s*\)|\s(?P<ppt2>[a-z])\)(?!\w))?"
    # "paragraph 1(g) and (h)": more points of the same paragraph
    r"(?P<lmore>(?:\s*(?:,\s*and\s+|,\s*or\s+|,|and\s+|or\s+)\s*\(\s*[a-z]{1,2}\s*\)(?![\w.]))*)"
    # later numbers are paragraphs only after "paragraphs" ("Articles 4, paragraph 1, 5 and 12": articles)
    # ("paragraphs 1 and 3, and 7": the "and" ends the paragraphs, 7 is an article)
    r"(?(pl)(?P<pmore>(?:\s*(?:,|to\s+|[-–]\s*)\s*\d{1,2}(?![\w.]))*(?:\s*(?:,\s*)?and\s+\d{1,2}(?![\w.]))?)|))?"
    # a dash ranges articles ("Articles 9–11"), not after paragraphs ("Articles 4, paragraphs 3–5 and 7–9")
    r"(?P<more>(?:\s*,?\s*(?:and|or|to|(?(para)(?!)|[-–]))?\s*\d{1,3}(?:\s*bis|[A-Z](?![A-Za-z]))?(?:\s*\(\s*[a-z]{1,2}\s*\))?(?![\w.]))*)")
_AND_PART_OF = re.compile(r"\s*,?\s*(?:and|or)\s+(?:Part|Annex|Appendix)\s+(?:[IVXLC]{1,6}|\d{1,2})\s+(?:of|to)\s+")
_ANNEX_LIST = re.compile(
    r"(?<![A-Za-z])(?:Annexes|ANNEXES|annexes)\s+(?P<list>(?:[IVXLC]{1,6}|\d{1,2})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:[IVXLC]{1,6}|\d{1,2}))+)(?![\w])")
_ANNEX_BEFORE = re.compile(r"(?<![A-Za-z])[Aa]nnex\s+(?P<num>[IVXLC]{1,6}|\d{1,2}),\s*$")
#: a paragraph (and point) named before its article: "paragraph 1 of Article 4", "subparagraph (b) of paragraph 2 of
#: Article 10" (the order of the CBD family's and other treaties' texts)
_PARA_OF_ART = re.compile(
    r"(?<![A-Za-z])(?:(?:[Ss]ub-?paragraph|[Pp]oint)\s+\(\s*(?P<pt>[a-z]{1,2})\s*\)\s+of\s+)?[Pp]aragraph\s+(?P<para>\d{1,2})"
    r"\s+of\s+(?P<word>[Aa]rticle)\s+(?P<num>\d{1,3}(?:\s*bis|[A-Z](?![A-Za-z]))?|[IVXLC]{1,6})(?![\w])")
_ART_ITEM = re.compile(r"(?P<range>(?<![A-Za-z])to\s+|[-–]\s*)?"
                       r"(?P<num>\d{1,3}(?:\s*bis|[A-Z](?![A-Za-z]))?)(?:\s*\(\s*(?P<pt>[a-z]{1,2})\s*\))?")
_OF = re.compile(r"\s*,?\s+of\s+")
_TO_OR_OF = re.compile(r"\s+(?:of|to)\s+")
_PART_SECTION = re.compile(r",\s+section\s+(?P<n>\d{1,2}),(?=\s+of\s)")
_OF_AND_ANNEXES = re.compile(
    r"\s+of\s+and\s+Annex(?:es)?\s+(?P<list>(?:[IVXLC]{1,6}|\d{1,2})(?:(?:\s*,\s*|\s+and\s+)"
    r"(?:[IVXLC]{1,6}|\d{1,2}))*)\s+to\s+")
_THIS = re.compile(r"this\s+(?:Agreement|Convention|Protocol|Treaty|Supplementary\s+Protocol)\b")
#: a title goes on with a capitalised word ("the Convention for the Protection of …"); "the Convention for the
#: settlement of disputes" is the short name (issue 14)
_THE_SHORT = re.compile(r"the\s+(?:Convention|Agreement|Protocol|Treaty|Supplementary\s+Protocol)\b"
                        r"(?!\s+(?:on|for|to|of|relating|under|concerning)\s+(?:(?:the|an?)\s+)?[A-Z])")
_UNKNOWN = re.compile(
    r"(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+){1,8}?(?:Agreement|Convention|Protocol|Treaty))\b")
_PART = re.compile(r"(?<![A-Za-z])(?P<word>Part|PART|[Aa]nnex|ANNEX|Appendix)\s+(?P<num>[IVXLC]{1,6}|\d{1,2})(?![\w])")
#: the date an act was adopted on, between the items of a list ("resolutions 70/1 of 25 September 2015 and 77/165")
_ACT_DATE = (r"(?:\s+of\s+\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
             r"November|December)\s+\d{4})?")
_GA_ACT = re.compile(
    r"(?:(?P<ga>General\s+Assembly)\s+|(?P<its>(?<![A-Za-z])its)\s+)?"
    r"(?<![A-Za-z])(?P<type>[Rr]esolutions?|[Dd]ecisions?)\s+(?P<num>\d{1,3}/\d{1,4})(?![\d/.]\d)(?![\d/])"
    r"(?P<more>(?:" + _ACT_DATE + r"\s*,?\s*(?:and\s+)?\d{1,3}/\d{1,4}(?![\d/]))*)"
    r"(?P<after>\s+of\s+the\s+General\s+Assembly)?")
_GA_ITEM = re.compile(r"\d{1,3}/\d{1,4}")
#: a body other than the General Assembly right before an act word ("Human Rights Council resolution 48/13")
_OTHER_BODY_BEFORE = re.compile(r"(?:Council|Assembly|Committee|Board|Commission|Conference|Forum|Parties)\s+$")
_GA_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])A/(?P<k>RES|DEC)/(?P<s>\d{1,3})/(?P<n>\d{1,4})(?![\d/])")
_TARGET = re.compile(
    r"(?<![A-Za-z])(?P<noun>[Tt]argets?|[Gg]oals?)\s+(?P<n>\d{1,2}|[A-E])(?![\w.])"
    r"(?P<more>(?:\s*(?:,|and|or)\s*(?:\d{1,2}|[A-E])(?![\w.]))*)\s+of\s+the\s+"
    r"(?P<fw>[A-Z][\w-]*(?:[ \t-]+[A-Z0-9][\w-]*){0,6})")
_FRAMEWORKISH = re.compile(r"Framework|Plan|GBF|Strategy|Agenda", re.I)


@lru_cache(maxsize=32)
def _full_names(lex: Lexicon) -> re.Pattern | None:
    """Instrument names that identify one instrument (no short names), longest first."""
    keys = sorted(lex.instruments, key=len, reverse=True)
    return re.compile("|".join(f"(?:{alias_pattern(k)})" for k in keys), re.I) if keys else None


def _name_at(text: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    """The instrument fully named at ``pos`` (after an optional "the"): (code, end)."""
    rx = _full_names(lex)
    if rx is None:
        return None
    skip = re.match(r"the\s+", text[pos:pos + 5], re.I)
    for at in ([pos + skip.end()] if skip else []) + [pos]:
        m = rx.match(text, at)
        if m:
            inst = lex.instruments.get(normalise_alias(m.group()))
            if inst:
                return inst, m.end()
    return None


@lru_cache(maxsize=8)
def defined_instruments(text: str, lex: Lexicon) -> dict[str, str]:
    """The short names the document defines: ``{"the convention": "unclos"}`` (normalised keys).

    Read from definitions (``“Convention” means the United Nations Convention on the
    Law of the Sea``) and from ``(hereinafter referred to as “the Convention”)``
    after a full name. A term defined as two different instruments is dropped; a term
    defined as an instrument the registry lacks maps to ``"?<its name>"``.
    """
    seen: dict[str, set[str]] = {}
    rx = _full_names(lex)
    if rx is None:
        return {}
    for m in _MEANS.finditer(text):
        found = _name_at(text, m.end(), lex)
        if found:
            seen.setdefault(normalise_alias("the " + m.group("term")), set()).add(found[0])
        else:
            unknown = _UNKNOWN.match(text, m.end())
            if unknown and normalise_alias("the " + m.group("term")) in lex.short_names:
                # defined as an instrument the registry lacks: the short name must not fall back on another
                seen.setdefault(normalise_alias("the " + m.group("term")), set()).add("?" + unknown.group("name"))
    for m in _HEREINAFTER.finditer(text):
        lo = max(0, m.start() - 300)
        term = m.group("term")
        head = term.split()[-1].lower()
        names = [n for n in rx.finditer(text, lo, m.start()) if not re.search(r"[;.]\s", text[n.end():m.start()])]
        # "the Paris Agreement under the United Nations Framework Convention … (hereinafter “the Agreement”)":
        # the name the term's noun heads, not the nearest one
        headed = [n for n in names if head in normalise_alias(n.group()).split()]
        last = headed[-1] if headed else (names[-1] if names else None)
        if last is None:
            continue
        gap = text[last.end():m.start()]
        if len(gap) <= (120 if headed else 40):
            inst = lex.instruments.get(normalise_alias(last.group()))
            key = normalise_alias(term if term.lower().startswith("the ") else "the " + term)
            if inst:
                seen.setdefault(key, set()).add(inst)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=8)
def defined_parts(text: str, lex: Lexicon) -> dict[str, str]:
    """Parts the document defines as another instrument's: ``{"part xi": "unclos"}``.

    From ``... Part XI and related provisions of the Convention (hereinafter referred
    to as "Part XI")``: the instrument is the one named (or defined) closest before.
    """
    out: dict[str, set[str]] = {}
    shorts = defined_instruments(text, lex)
    for m in _HEREINAFTER.finditer(text):
        term = m.group("term").strip()
        if not _PART.fullmatch(term):
            continue
        window_lo = max(0, m.start() - 200)
        best = None
        for n in re.finditer(r"(?:the\s+)?[A-Z][A-Za-z ]+", text[window_lo:m.start()]):
            found = _name_at(text, window_lo + n.start(), lex)
            key = normalise_alias(n.group().strip())
            inst = found[0] if found else shorts.get(key) or next(
                (v for k, v in shorts.items() if key.endswith(k)), None)
            if inst:
                best = inst
        if best:
            out.setdefault(normalise_alias(term), set()).add(best)
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1}


@lru_cache(maxsize=8)
def _is_treaty(text: str) -> bool:
    from ..layouts.treaty import looks_like_treaty

    return looks_like_treaty(text)


@lru_cache(maxsize=8)
def _own_parts(text: str, home: str, registry=None) -> frozenset[str]:
    """Paths of the provisions and parts the treaty text itself has (``id/bbnj/art/52``, ``id/bbnj/annex/I``)."""
    from ... import identifiers as ids
    from ..layouts.treaty import treaty_parts

    try:
        parts = treaty_parts(text, home, registry)
    except ValueError:
        return frozenset()
    paths = {ids.path_of(ref) for ref, _, _ in parts if ref is not None}
    for _, kind, number in parts:  # "Appendices I, II and III" printed as one: each is a part of the text
        if kind == "annex" and "-" in (number or ""):
            paths |= {f"id/{home}/annex/{n}" for n in number.split("-")}
    return frozenset(paths)


def _internal(text: str, lex: Lexicon, ref_path: str, surface: str) -> dict:
    """Fields of a bare internal reference: the home's own part, or unresolved when its text lacks it."""
    # an article the text has is enough: a paragraph the extraction joined to its neighbour is still its paragraph
    article = re.match(r"(id/[^/]+/art/[^.]+)", ref_path)
    if (article.group(1) if article else ref_path) in _own_parts(text, lex.home, lex.registry):
        return {"inst": lex.home}
    defined = defined_parts(text, lex).get(normalise_alias(surface))
    if defined:
        return {"inst": defined}
    return {"incomplete": f"{surface!r} names no part of this text ({lex.home}); its owner is not said"}


def _named_instrument_reads(text: str, lex: Lexicon, pos: int, act_kind: str, number: str) -> bool:
    """Whether an instrument the sentence names before ``pos`` numbers its acts so that ``number`` is one
    (then a bare "decision 15/4" in a General Assembly text may be that instrument's)."""
    from ..resolve import match_rule

    if lex.name_regex is None:
        return False
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind(";", 0, pos)) + 1
    for n in lex.name_regex.finditer(text, start, pos):
        inst = lex.classify_name(n.group())[0]
        if inst and any(r.act_kind == act_kind and match_rule(r, number) for r in lex.rules.get(inst, ())):
            return True
    return False


@lru_cache(maxsize=8)
def _is_general_assembly_text(text: str) -> bool:
    head = text[:3000]
    return bool(re.search(r"\bThe\s+General\s+Assembly\s*,", head)) and "General Assembly" in head[:1500]


@lru_cache(maxsize=32)
def _parent_instrument(lex: Lexicon) -> str | None:
    """The instrument the home instrument is made under (``tg:parentInstrument``: BBNJ -> UNCLOS)."""
    from rdflib import URIRef

    from ...identifiers import Entity
    from ...namespaces import TG

    if not lex.home:
        return None
    home = URIRef(lex.registry.uri(Entity(lex.home)))
    for o in lex.registry.graph.objects(home, TG.parentInstrument):
        ref = lex.registry._ref(o)
        if isinstance(ref, Entity):
            return ref.code
    return None


@lru_cache(maxsize=8)
def _own_act(text: str, lex: Lexicon) -> str | None:
    """The number path of the General Assembly act the text is (``78-272``), if it is one."""
    from ..layouts.resolution import act_of

    act = act_of(text, lex.registry)
    return act.number if act is not None else None


@lru_cache(maxsize=32)
def _general_assembly(lex: Lexicon) -> str | None:
    from ..layouts.resolution import general_assembly

    return general_assembly(lex.registry)


def _owner_after(text: str, pos: int, lex: Lexicon) -> tuple[dict, int] | None:
    """What follows ``of``/``to``: this instrument, a full name, a defined or short name, an unknown one.

    Returns (Raw fields, end offset) or None when nothing instrument-like follows.
    """
    m = _THIS.match(text, pos)
    if m:
        if lex.home:
            return {"inst": lex.home}, m.end()
        return {"incomplete": f"{m.group()!r} in a document of no known instrument"}, m.end()
    found = _name_at(text, pos, lex)
    if found:
        return {"inst": found[0]}, found[1]
    m = _THE_SHORT.match(text, pos)
    if m:
        key = normalise_alias(m.group())
        defined = defined_instruments(text, lex).get(key)
        if defined and defined.startswith("?"):
            return {"incomplete": f"this document defines {m.group()!r} as {defined[1:]!r}, "
                                  "which the registry lacks"}, m.end()
        if defined:
            return {"inst": defined}, m.end()
        parent = _parent_instrument(lex)
        if parent is not None and parent in lex.short_names.get(key, ()):
            return {"inst": parent}, m.end()  # "the Convention" in a protocol or agreement under it
        if key in lex.short_names:
            return {"short": key}, m.end()
        return {"incomplete": f"no instrument of the registry has the short name {m.group()!r}"}, m.end()
    m = _UNKNOWN.match(text, pos)
    if m:
        return {"incomplete": f"no instrument of the registry is named {m.group('name')!r}"}, m.end()
    return None


def _steps(m: re.Match) -> tuple[str, ...]:
    from ..layouts.treaty import article_number

    steps = (article_number(m.group("num")),)
    pt = m.group("pt") or (m.group("pt2") if "pt2" in m.re.groupindex else None)
    if pt:
        steps += (pt,)
    if "para" in m.re.groupindex and m.group("para"):
        ppt = m.group("ppt") or m.group("ppt2")
        steps += (m.group("para"),) + ((ppt,) if ppt else ())
    return steps


def find(text: str, lex: Lexicon, lo: int, hi: int, free, add) -> None:
    """Add the raw mentions of these forms in ``text[lo:hi]`` (``free``/``add`` as in ``en.extract``)."""
    treaty = _is_treaty(text)
    for m in scan(_PARA_OF_ART, text, lo, hi):  # "subparagraph (b) of paragraph 2 of Article 10 of the Convention"
        of = _OF.match(text, m.end())
        owner = _owner_after(text, of.end(), lex) if of else None
        from ..layouts.treaty import article_number

        steps = (article_number(m.group("num")), m.group("para")) + ((m.group("pt"),) if m.group("pt") else ())
        if owner is not None and owner[1] <= hi and free(m.start(), owner[1]):
            add(Raw(m.start(), owner[1], "article", steps=steps, **owner[0]))
        elif owner is None and free(m.start(), m.end()):
            fields = (_internal(text, lex, f"id/{lex.home}/art/{'.'.join(steps)}", m.group()) if treaty and lex.home
                      else {})
            add(Raw(m.start(), m.end(), "article", steps=steps, **fields))
    matches = list(scan(_ART, text, lo, hi))
    owners = []
    for m in matches:
        of = _OF.match(text, m.end())
        owner = _owner_after(text, of.end(), lex) if of else None
        shared = _AND_PART_OF.match(text, m.end()) if of is None else None
        if shared:  # "Articles 14 and 15 and Annex III of the Convention": the annex's owner is theirs
            owner = _owner_after(text, shared.end(), lex)
            owner = (owner[0], m.end()) if owner is not None else None
        owners.append(owner)
    for k in range(len(matches) - 2, -1, -1):
        # "Article 19, paragraphs 3 and 4, and Articles 8 (g) and 17 of the Convention": one owner for both
        if owners[k] is None and owners[k + 1] is not None and re.fullmatch(
                r"\s*,?\s*(?:and|or)\s+", text[matches[k].end():matches[k + 1].start()]):
            owners[k] = (owners[k + 1][0], matches[k].end())
    for m, owner in zip(matches, owners):
        annex = _ANNEX_BEFORE.search(text, max(lo, m.start() - 20), m.start())
        if owner is not None and annex is not None and not (m.group("more") or "").strip():
            fields, end = owner  # "Annex III, article 8, of the Convention": an article of an annex
            steps = (("annex", annex.group("num")), ("art", ".".join(_steps(m))))
            points = list(re.finditer(r"\(\s*([a-z]{1,2})\s*\)", m.group("lmore") or ""))
            if end <= hi and free(annex.start(), end):
                first = add(Raw(annex.start(), m.start("lmore") if points else end, "instrument-part",
                                part_steps=steps, **fields))
                for im in points:  # "Annex III, article 17, paragraph 2 (b) and (c), of the Convention"
                    a = m.start("lmore") + im.start()
                    psteps = (steps[0], ("art", ".".join(_steps(m)[:-1] + (im.group(1),))))
                    add(Raw(a, a + len(im.group()), "instrument-part", part_steps=psteps, parent=first, **fields))
            continue
        if owner is not None:
            fields, end = owner
            more = m.group("more") or ""
            if m.group("word") in ("Article", "article") and more.strip():
                continue  # "Article 2, 3 of": not a list of articles
            if end <= hi and free(m.start(), end):
                first_end = (m.start("lmore") if (m.group("lmore") or "").strip()
                             else m.start("pmore") if (m.group("pmore") or "").strip()
                             else m.start("more") if more.strip() else end)
                first = add(Raw(m.start(), first_end, "article", steps=_steps(m), **fields))
                prev = int(m.group("para")) if m.group("para") else 0
                for im in re.finditer(r"(?P<sep>to\s+|[-–]\s*)?(?P<n>\d{1,2})", m.group("pmore") or ""):
                    a, n = m.start("pmore") + im.start("n"), int(im.group("n"))
                    b = a + len(im.group("n"))
                    if im.group("sep") and prev < n <= prev + 20:  # a range's middle items quote the range
                        for p_ in range(prev + 1, n):
                            add(Raw(m.start("pmore") + im.start("sep"), b, "article",
                                    steps=_steps(m)[:1] + (str(p_),), parent=first, **fields))
                    add(Raw(a, b, "article", steps=_steps(m)[:1] + (str(n),), parent=first, **fields))
                    prev = n
                para_steps = _steps(m)[:-1] if (m.group("ppt") or m.group("ppt2")) else _steps(m)
                for im in re.finditer(r"\(\s*([a-z]{1,2})\s*\)", m.group("lmore") or ""):
                    a = m.start("lmore") + im.start()
                    add(Raw(a, a + len(im.group()), "article", steps=para_steps + (im.group(1),),
                            parent=first, **fields))
                prev_art = m.group("num")
                for im in _ART_ITEM.finditer(more):
                    a = m.start("more") + im.start("num")
                    b = m.start("more") + im.end()
                    if im.group("range") and prev_art.isdigit() and im.group("num").isdigit():
                        # "Articles 9–11", "Articles 9 to 11": the middle items quote the range
                        for k in range(int(prev_art) + 1, min(int(im.group("num")), int(prev_art) + 20)):
                            add(Raw(m.start("more") + im.start(), b, "article", steps=(str(k),), parent=first, **fields))
                    add(Raw(a, b, "article", steps=_steps(im), parent=first, **fields))
                    prev_art = im.group("num")
            continue
        # bare: lower-case "article 52" (the UN texts' own style), or a Roman "Article VII" (no other form reads it)
        bare = m.group("word")[0] == "a" or not m.group("num")[0].isdigit() or m.group("num")[-1].isupper()
        if bare and treaty and lex.home and free(m.start(), m.end()):
            more = m.group("more") or ""
            steps = _steps(m)
            first = add(Raw(m.start(), m.start("more") if more.strip() else m.end(), "article", steps=steps,
                            **_internal(text, lex, f"id/{lex.home}/art/{'.'.join(steps)}", m.group())))
            for im in _ART_ITEM.finditer(more):
                a = m.start("more") + im.start("num")
                isteps = _steps(im)
                add(Raw(a, m.start("more") + im.end(), "article", steps=isteps, parent=first,
                        **_internal(text, lex, f"id/{lex.home}/art/{'.'.join(isteps)}", im.group())))
    for m in scan(_PART, text, lo, hi):
        kind = "part" if m.group("word").lower() == "part" else "annex"
        steps = ((kind, m.group("num")),)
        sec = _PART_SECTION.match(text, m.end()) if kind == "part" else None
        if sec:  # "Part XV, section 2, of the Convention"
            steps += (("section", sec.group("n")),)
        to = _TO_OR_OF.match(text, sec.end() if sec else m.end())
        owner = _owner_after(text, to.end(), lex) if to else None
        shared = _OF_AND_ANNEXES.match(text, m.end()) if owner is None and kind == "part" else None
        if shared:  # "Part XV of and Annexes V, VI, VII and VIII to the Convention": one owner for both
            owner = _owner_after(text, shared.end(), lex)
            if owner is not None and owner[1] <= hi and free(m.start(), owner[1]):
                fields, end = owner
                first = add(Raw(m.start(), m.end(), "instrument-part", part_steps=steps, **fields))
                for am in re.finditer(r"[IVXLC]{1,6}|\d{1,2}", shared.group("list")):
                    a = shared.start("list") + am.start()
                    add(Raw(a, a + len(am.group()), "instrument-part", part_steps=(("annex", am.group()),),
                            parent=first, **fields))
            continue
        if owner is not None:
            fields, end = owner
            if end <= hi and free(m.start(), end):
                add(Raw(m.start(), end, "instrument-part", part_steps=steps, **fields))
        elif to is None and treaty and lex.home and free(m.start(), m.end()):
            fields = _internal(text, lex, f"id/{lex.home}/{kind}/{m.group('num')}", m.group())
            add(Raw(m.start(), m.end(), "instrument-part", part_steps=steps, **fields))
    for m in scan(_ANNEX_LIST, text, lo, hi):  # "Annexes II, VIII and IX to the Basel Convention"
        to = _TO_OR_OF.match(text, m.end())
        owner = _owner_after(text, to.end(), lex) if to else None
        if owner is None or owner[1] > hi or not free(m.start(), m.end()):
            continue
        fields, _ = owner
        first = None
        for am in re.finditer(r"[IVXLC]{1,6}|\d{1,2}", m.group("list")):
            a = m.start("list") + am.start()
            r = add(Raw(m.start() if first is None else a, a + len(am.group()), "instrument-part",
                        part_steps=(("annex", am.group()),), parent=first, **fields))
            first = first or r
    ga = _general_assembly(lex)
    if ga is not None:
        own = _own_act(text, lex)
        for m in scan(_GA_SYMBOL, text, lo, hi):
            if f"{int(m.group('s'))}-{int(m.group('n'))}" == own:
                continue  # the text's own symbol (a page footer): a document never cites itself
            if free(m.start(), m.end()):
                add(Raw(m.start(), m.end(), "act", inst=ga, act_kind="resolution" if m.group("k") == "RES" else "decision",
                        number=f"{m.group('s')}/{m.group('n')}", symbol=m.group()))
        ga_text = _is_general_assembly_text(text)
        for m in scan(_GA_ACT, text, lo, hi):
            if not (m.group("ga") or m.group("after") or ga_text):
                continue
            kind = "resolution" if m.group("type").lower().startswith("resolution") else "decision"
            if not (m.group("ga") or m.group("its") or m.group("after")) and _OTHER_BODY_BEFORE.search(
                    text, max(0, m.start() - 30), m.start()):
                continue  # another body's act: not the General Assembly's
            if not (m.group("ga") or m.group("its") or m.group("after")) and _named_instrument_reads(
                    text, lex, m.start(), kind, m.group("num")):
                continue  # "decisions of the COP to the CBD …, including decision 15/4": left to the general rule
            start = m.start() if m.group("ga") else m.start("type")
            if not free(start, m.end("num")):
                continue
            kind = "resolution" if m.group("type").lower().startswith("resolution") else "decision"
            first = add(Raw(start, m.end("num"), "act", inst=ga, act_kind=kind, number=m.group("num")))
            for im in _GA_ITEM.finditer(m.group("more") or ""):
                a = m.start("more") + im.start()
                add(Raw(a, a + len(im.group()), "act", inst=ga, act_kind=kind, number=im.group(), parent=first))
    for m in scan(_TARGET, text, lo, hi):
        noun = "goals" if m.group("noun").lower().startswith("goal") else "targets"
        words = re.split(r"(?<=\s)", m.group("fw"))
        scheme, end = None, None
        for k in range(len(words), 0, -1):  # the longest name the registry knows
            fw = "".join(words[:k]).strip()
            scheme = lex.schemes.get(normalise_alias(f"{fw} {noun}"))
            if scheme:
                end = m.start("fw") + len(fw)
                break
        if scheme is None and not _FRAMEWORKISH.search(m.group("fw")):
            continue
        end = end or m.end("fw")
        if end > hi or not free(m.start(), end):
            continue
        fields = {"scheme": scheme} if scheme else {
            "incomplete": f"no {noun[:-1]} scheme of the registry is named {m.group('fw')!r}"}
        first = add(Raw(m.start(), end, "target", para=m.group("n"), **fields))
        for im in re.finditer(r"\d{1,2}|[A-E]", m.group("more") or ""):
            a = m.start("more") + im.start()
            add(Raw(a, a + len(im.group()), "target", para=im.group(), parent=first, **fields))


_TITLE_NOUN = re.compile(r"\b(?:Convention|Agreement|Protocol|Treaty|Covenant|Charter|Amendment)\b", re.I)
#: what lies between a citation and a title that qualifies it ("of the Conference of the Parties to the")
_QUALIFYING_GAP = re.compile(r"[\s,]*(?:of|to|under|adopted\s+by)\s[^.;:\n]{0,80}$")


def titles(text: str, lex: Lexicon, lo: int, hi: int, names, raws, free, add,
           title_noun: re.Pattern = _TITLE_NOUN, qualifying_gap: re.Pattern = _QUALIFYING_GAP) -> None:
    """Add an ``instrument`` citation for each registry title (a full name, not a short one) in
    ``text[lo:hi]`` that no other citation holds or is qualified by, and that is not the home's own.

    ``title_noun`` and ``qualifying_gap`` are the language's (English by default)."""
    ends = sorted(r.end for r in raws)
    starts = sorted(r.start for r in raws)
    for n in names:
        if not n.inst or n.inst == lex.home or not lo <= n.start < n.end <= hi or not free(n.start, n.end):
            continue
        if not title_noun.search(text, n.start, n.end):
            continue  # an abbreviation ("CBD") names, it does not cite
        before = [e for e in ends if e <= n.start]
        if before and qualifying_gap.match(text, before[-1], n.start) and n.start - before[-1] <= 90:
            continue
        after = next((a for a in starts if a >= n.end), None)
        if after is not None and re.fullmatch(r"\s{0,3}", text[n.end:after]):
            continue  # "Convention on Biological Diversity decision X/20": the qualifier of what follows
        add(Raw(n.start, n.end, "instrument", inst=n.inst))


#: the patterns :func:`find` runs over a part's text (see ``en.DOCUMENT_SCANS``)
DOCUMENT_SCANS = [_PARA_OF_ART, _ART, _PART, _ANNEX_LIST, _GA_SYMBOL, _GA_ACT, _TARGET]

__all__ = ["find", "titles", "defined_instruments"]

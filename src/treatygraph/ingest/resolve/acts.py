"""Acts (decisions, resolutions, recommendations) and documents: numbers read by the registry's numbering rules.

An act number is matched against the numbering rules of its qualifier's
instrument, else of every instrument; a Roman session number is never read by
an arabic-numbered rule; a number nothing decides stays unresolved unless its
form names its body (``1/CP.21``, ``NP-1/1``). A decision symbol
(``UNEP/CBD/COP/DEC/X/2``) is that decision only when every segment before
``DEC`` is known to the registry; a meeting-document symbol without a root
(``CoP18 Doc. 12``) is read by the bodies' symbol patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ... import identifiers as ids
from ...registry import NumberingRule, normalise_alias
from ..cite.common import SYMBOL_ROOTS, SYMBOL_WORDS_ZH, Raw


@lru_cache(maxsize=256)
def _rule_regex(pattern: str) -> tuple[re.Pattern, str]:
    """A matcher for a numbering rule's pattern; a leading abbreviation (``Conf. ``) is optional."""
    m = re.match(r"^([A-Z][a-z]+\.\s)", pattern)
    prefix = m.group(1) if m else ""
    out = ""
    for tok in re.split(r"(\{\w+\})", pattern[len(prefix):]):
        if tok == "{session}":
            out += r"(?P<session>[IVXLC]+|\d{1,3})"
        elif tok == "{n}":
            out += r"(?P<n>\d{1,3})"
        elif tok == "{year}":
            out += r"(?P<year>(?:19|20)\d\d)"
        elif tok == "{item}":
            out += r"(?P<item>\d{1,3}[A-Z]{0,3}(?:\.[A-Z0-9]{1,3})*)"
        else:
            out += re.escape(tok).replace(r"\ ", r"\s+")
    opt = f"(?:{re.escape(prefix).replace(chr(92) + ' ', chr(92) + 's*')})?" if prefix else ""
    return re.compile(opt + out), prefix


_REVISION = re.compile(r"\s*\(Rev\..*?\)\s*$")


@lru_cache(maxsize=1 << 14)  # rules are frozen: a number is read by the same rules for each of its mentions
def match_rule(rule: NumberingRule, written: str, qualified: bool = False) -> str | None:
    """The act number in the rule's official form, or None when the rule does not fit.

    ``qualified``: the instrument is named explicitly, so a letter prefix of the
    rule (``NP-`` of ``NP-{session}/{n}``) may be left out ("decision 2/4 of the
    COP-MOP to the Nagoya Protocol" is NP-2/4).
    """
    number = _REVISION.sub("", written.strip())
    rx, prefix = _rule_regex(rule.number_pattern)
    m = rx.fullmatch(number)
    if not m and qualified:
        lead = re.match(r"[A-Z]{1,5}-(?=\{)", rule.number_pattern[len(prefix):])
        if lead and not number.startswith(lead.group()):
            m = rx.fullmatch(lead.group() + number) if not prefix else rx.fullmatch(prefix + lead.group() + number)
    if not m:
        return None
    values = m.groupdict()
    session = values.get("session")
    if session is not None:
        try:
            k = int(session) if session.isdigit() else ids.from_roman(session)
        except ids.IdentifierError:
            return None
        if not rule.applies_to(k):
            return None
        if rule.session_numerals == "roman":
            session = ids.to_roman(k)
        elif rule.session_numerals == "arabic":
            session = str(k)
        values["session"] = session
    out = rule.number_pattern[len(prefix):]
    for key, val in values.items():
        if val is not None:
            out = out.replace("{" + key + "}", val)
    return out


@lru_cache(maxsize=64)
def _symbol_regex(pattern: str) -> re.Pattern:
    out = ""
    for tok in re.split(r"(\{\w+\}|\[[^\]]*\])", pattern):
        if tok == "{session}":
            out += r"(?P<session>\d{1,3})"
        elif tok == "{type}":
            out += r"(?P<type>Doc|Inf|Com)"
        elif tok == "{item}":
            out += r"(?P<item>\d{1,3}(?:\.\d{1,3})*)"
        elif tok.startswith("["):
            out += r"(?:" + re.escape(tok[1:-1].strip()) + r"\s*)?"
        else:
            out += r"\s*" + r"\s*".join(re.escape(c) for c in tok.replace(" ", "")) + r"\s*"
    return re.compile(out, re.IGNORECASE)


def match_symbol_pattern(pattern: str, written: str) -> str | None:
    """The symbol under its root (``"CITES/CoP18 Doc. 12"``, ``"Ramsar/COP13 Doc.18.1"``) when ``written`` fits ``pattern``."""
    m = _symbol_regex(pattern).fullmatch(written.strip())
    if not m:
        return None
    root = re.match(r"\[([^\]]*)\]", pattern)
    out = (root.group(1).strip() + "/" + pattern[root.end():]) if root else pattern
    for key in ("session", "type", "item"):
        out = out.replace("{" + key + "}", m.group(key).capitalize() if key == "type" else m.group(key))
    return out


def names_its_body(rule: NumberingRule, written: str) -> bool:
    """True when the written number carries the rule's own letters (``CP.`` of ``{n}/CP.{session}``,
    ``NP-``, ``COM``, ``Conf.``): such a number says whose it is without a qualifier."""
    letters = re.findall(r"[A-Za-z]+", re.sub(r"\{\w+\}", " ", rule.number_pattern))
    return bool(letters) and all(re.search(r"(?<![A-Za-z])" + re.escape(w) + r"(?![a-z])", written) for w in letters)


class ActRules:
    """Acts and documents (mixed into :class:`.resolver.Resolver`)."""

    def candidate_matches(self, number: str, act_kind: str | None, insts, body: str | None, qualified: bool = False):
        out = []
        roman = bool(re.match(r"(?:[A-Z]{1,3}-)?[IVXLC]+[./]", number.strip()))
        for inst in insts:
            rules = self.lex.rules.get(inst, ())
            if roman and not any(r.session_numerals == "roman" for r in rules):
                continue  # an instrument that never numbers in Roman does not read XI.6 (Ramsar's, not CITES 11.6)
            for rule in rules:
                if act_kind and rule.act_kind != act_kind:
                    continue
                if body and rule.body != body:
                    continue
                official = match_rule(rule, number, qualified)
                if official is not None:
                    out.append((inst, rule, official))
        return out

    def act(self, raw, part, names, warnings, act_kind=None, number=None):
        act_kind = act_kind or raw.act_kind
        number = number or raw.number
        kind = act_kind or "decision"
        if raw.incomplete or not number:
            warnings.append(f"unresolved: {raw.incomplete or 'no act number'}")
            return None, None, kind, warnings
        spaced = re.sub(r"\s*/\s*|(?<=\.)\s+(?=\d)", lambda m: m.group().strip(), number)
        roman = re.match(r"(?:[IVXLC]+1[IVXLC]*|1[IVXLC]+)(?=/)", spaced)
        if roman:  # "X1/8": a Roman I extracted as the digit 1
            spaced = roman.group().replace("1", "I") + spaced[roman.end():]
        if spaced != number:
            warnings.append(f"slip corrected: {number!r} read as {spaced!r}")
            number = spaced
        q = self.qualifier(raw)
        self._quals[id(raw)] = q
        if q.qualified and q.inst is None:
            warnings.append(f"unresolved: {act_kind or 'act'} {number}: {q.why or 'its instrument is not in the registry'}")
            return None, None, kind, warnings
        inst = q.inst
        body_alias = raw.body or q.body
        body = self.lex.bodies.get(body_alias, {}).get(inst) if (inst and body_alias) else None
        insts = [inst] if inst else self.registry.instruments()
        matches = self.candidate_matches(number, act_kind, insts, body, qualified=q.explicit)
        if inst is None and body_alias in self.lex.bodies:
            # "SBI recommendation 3/1": a body alias several instruments share still names a body
            owners = self.lex.bodies[body_alias]
            matches = [m for m in matches if owners.get(m[0]) == m[1].body]
        if not matches and inst is None and not body_alias:
            # "decision IPBES-7/1": an organization's act, its letters in the number
            matches = [m for m in self.candidate_matches(number, act_kind, self.registry.act_issuers(), None)
                       if names_its_body(m[1], number)]
        if not matches and inst and body_alias and body is None:
            matches = self.candidate_matches(number, act_kind, insts, None, qualified=q.explicit)
        if not matches and inst and self.inherited_only(raw):
            # a list mixing bodies ("decisions 7/CP.24, 3/CMP.14 and 7/CMA.1"): a number that carries
            # its body's letters speaks for itself; any other stays with the list's instrument
            matches = [m for m in self.candidate_matches(number, act_kind, self.registry.instruments(), None)
                       if names_its_body(m[1], number)]
            if matches:
                inst = None
        if not matches:
            warnings.append(f"unresolved: no numbering rule of {inst or 'any instrument'} reads {act_kind or 'act'} {number!r}")
            return None, inst, kind, warnings
        by_inst = {}
        for m in matches:
            by_inst.setdefault(m[0], m)
        if inst is not None:
            chosen = inst
        else:
            chosen = self.pick(sorted(by_inst), raw, part, names)
            if chosen is None and len(by_inst) == 1:
                only = next(iter(by_inst.values()))
                chosen = only[0] if names_its_body(only[1], number) else None
            if chosen is None:
                warnings.append(f"unresolved: no instrument named for {act_kind or 'act'} {number!r} "
                                f"(the numbering of {', '.join(sorted(by_inst))} would read it)")
                return None, None, kind, warnings
        inst, rule, official = by_inst[chosen]
        rivals = sorted({m[1].body for m in matches if m[0] == inst and m[2] != official} - {rule.body})
        if rivals and not body and not names_its_body(rule, number):
            # "recommendation 3/1" of the CBD: SBI 3/1 or SBSTTA III/1; only a named body decides
            warnings.append(f"unresolved: {act_kind or 'act'} {number!r} of {inst} could be of "
                            f"{', '.join(sorted([rule.body] + rivals))}: no body named")
            return None, inst, kind, warnings
        self.details[id(raw)] = {"number": official, "body": rule.body}
        if "Rev." in number:
            warnings.append(f"revision suffix of {number!r} not part of the act's identifier")
        try:
            ref = ids.Act(inst, rule.act_kind, ids.number_to_path(official))
            ids.path_of(ref)
            steps = ((("annex", raw.annex),) if raw.annex else ()) + tuple(raw.part_steps)  # + "chapter V"
            if steps:
                act_ref, ref = ref, ids.Part(ref, steps)
                ids.path_of(ref)
                if raw.part_steps and act_ref in self.segment_refs() and ref not in self.segment_refs():
                    # an act of this very document: its chapters are known, and this is not one of them
                    warnings.append(f"unresolved: {ids.path_of(act_ref)} has no {'/'.join(map('/'.join, steps))}")
                    return None, inst, kind, warnings
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, inst, kind, warnings
        return ref, inst, rule.act_kind, warnings

    def series_document(self, raw, part, names, warnings):
        """A meeting-document symbol without a root ("CoP18 Doc. 12"): the body whose tg:symbolPattern reads it,
        of the instrument a qualifier or the context names; none named, unresolved."""
        written = re.sub(r"\s+", " ", raw.symbol or "")
        cands = {}
        for inst, body, pattern in self.registry.symbol_patterns():
            official = match_symbol_pattern(pattern, written)
            if official is not None:
                cands.setdefault(inst, official)
        q = self.qualifier(raw)
        if q.qualified and q.inst is None:
            warnings.append(f"unresolved: document {written}: {q.why or 'its instrument is not in the registry'}")
            return None, None, "document", warnings
        chosen = q.inst if q.inst in cands else None
        if q.inst and chosen is None:
            warnings.append(f"unresolved: no document symbol pattern of {q.inst} reads {written!r}")
            return None, None, "document", warnings
        chosen = chosen or self.pick(sorted(cands), raw, part, names)
        if chosen is None:
            warnings.append(f"unresolved: no instrument named for document {written!r}"
                            + (f" (the symbols of {', '.join(sorted(cands))} would read it)" if cands else ""))
            return None, None, "document", warnings
        symbol = cands[chosen]
        self.details[id(raw)] = {"symbol": symbol}
        ref = ids.Document(ids.symbol_to_path(symbol))
        return ref, chosen, "document", warnings

    def document(self, raw, part, names, warnings):
        if raw.series:
            return self.series_document(raw, part, names, warnings)
        symbol = raw.symbol or ""
        for zh_word, en_word in SYMBOL_WORDS_ZH.items():
            if symbol.endswith("/" + zh_word) or ("/" + zh_word) in symbol:
                symbol = symbol.replace(zh_word, en_word)
        segs = symbol.split("/")
        root = segs[0]
        if root not in SYMBOL_ROOTS:
            fixed = [r for r in SYMBOL_ROOTS if len(r) > 1 and r[1:] == root]
            if len(fixed) == 1:
                warnings.append(f"slip corrected: symbol root {root!r} read as {fixed[0]!r}")
                segs[0] = fixed[0]
                symbol = "/".join(segs)
        upper = [s.upper() for s in segs]
        if "DEC" in upper:
            k = upper.index("DEC")
            tail = segs[k + 1:]
            inst = next((self.lex.instruments.get(normalise_alias(s)) for s in segs[:k]
                         if self.lex.instruments.get(normalise_alias(s))), None)
            body_alias = normalise_alias(segs[k - 1]) if k >= 1 else None
            unknown = [x for x in segs[:k] if not (self.lex.instruments.get(normalise_alias(x))
                                                   or normalise_alias(x) in self.lex.bodies or x in SYMBOL_ROOTS)]
            if unknown:
                warnings.append(f"unresolved: decision symbol {symbol}: {', '.join(map(repr, unknown))} "
                                "name no instrument or body in the registry")
                self.details[id(raw)] = {"symbol": symbol}
                return None, None, "decision", warnings
            if inst and len(tail) == 2:
                shadow = Raw(raw.start, raw.end, "act", inst=inst, body=body_alias if body_alias in self.lex.bodies else None,
                             act_kind="decision", number=f"{tail[0]}/{tail[1]}")
                ref, inst2, kind, warnings = self.act(shadow, part, names, warnings)
                self.details[id(raw)] = {**self.details.pop(id(shadow), {}), "symbol": symbol}
                return ref, inst2, kind, warnings
        self.details[id(raw)] = {"symbol": symbol}
        try:
            ref = ids.Document(ids.symbol_to_path(symbol))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, None, "document", warnings
        return ref, None, "document", warnings

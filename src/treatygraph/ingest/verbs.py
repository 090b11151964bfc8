"""Operative and preambular verbs of a (draft) resolution's paragraphs, and whom they address.

A paragraph may carry several verbs (``**欢迎**……，并要求秘书……``): every clause
that opens with a verb counts, after leading conjunctions (并, 同时, 还, 再次,
"and", "further", "also"). The actor is the noun phrase right after a verb
that takes one: an optional instrument qualifier (``《条约》``) and a role word
(秘书 / Secretary, 秘书处 / Secretariat, 执行秘书 / Executive Secretary, 缔约方 /
Parties, 国家联络点 / national focal points), minted as ``id/{inst}/{role}``
with the home instrument as default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import identifiers as ids
from .cite.common import Lexicon

#: Verb surface -> the concept's local name in tg:OperativeVerbs.
VERBS_ZH = {
    "要求": "requests", "请": "invites", "邀请": "invites", "敦促": "urges", "欢迎": "welcomes",
    "注意到": "notes", "表示注意到": "notes", "忆及": "recalls", "回顾": "recalls", "重申": "reaffirms",
    "决定": "decides", "呼吁": "callsUpon", "鼓励": "encourages", "认识到": "recognizes",
    "承认": "recognizes", "考虑到": "considers", "期待": "looksForwardTo", "赞扬": "commends",
    "赞赏": "appreciates", "强调": "emphasizes", "表示感谢": "expressesGratitude", "同意": "agrees",
    "确认": "acknowledges",
}
VERBS_EN = {
    "requests": "requests", "invites": "invites", "urges": "urges", "welcomes": "welcomes",
    "notes": "notes", "takes note": "notes", "recalls": "recalls", "recalling": "recalls",
    "reaffirms": "reaffirms", "decides": "decides", "calls upon": "callsUpon", "calls on": "callsUpon",
    "encourages": "encourages", "recognizes": "recognizes", "recognizing": "recognizes",
    "considers": "considers", "considering": "considers", "looks forward to": "looksForwardTo",
    "commends": "commends", "appreciates": "appreciates", "emphasizes": "emphasizes",
    "underlines": "underlines", "agrees": "agrees", "acknowledges": "acknowledges",
    "noting": "notes", "welcoming": "welcomes", "expresses its gratitude": "expressesGratitude",
}
#: Verbs whose object is an actor asked to act.
ADDRESSING = {"requests", "invites", "urges", "callsUpon", "encourages", "commends"}
ROLES_ZH = [("执行秘书", "executive-secretary"), ("秘书处", "secretariat"), ("秘书", "secretary"),
            ("缔约方", "parties"), ("国家联络点", "national-focal-points")]
ROLES_EN = [("executive secretary", "executive-secretary"), ("secretariat", "secretariat"),
            ("secretary", "secretary"), ("contracting parties", "parties"), ("parties", "parties"),
            ("national focal points", "national-focal-points")]
_LEAD_ZH = re.compile(r"^(?:\s|\*|并|同时|还|再次|进一步|也|又)+")
_LEAD_EN = re.compile(r"^(?:\s|\*|and\b|further\b|also\b|again\b|,)+", re.I)
_NUM = re.compile(r"^\s*\d+\.\s*")


@dataclass
class Action:
    verb: str            # concept local name, e.g. "requests"
    actor_uri: str | None
    offset: int          # where the verb starts (code points into the source)


def actions(text: str, start: int, end: int, lang: str, lex: Lexicon, home: str | None, base: str) -> list[Action]:
    """The verbs (and actors) of the paragraph ``text[start:end]``."""
    verbs = VERBS_ZH if lang == "zh" else VERBS_EN
    roles = ROLES_ZH if lang == "zh" else ROLES_EN
    lead = _LEAD_ZH if lang == "zh" else _LEAD_EN
    body = text[start:end]
    m = _NUM.match(body)
    pos = m.end() if m else 0
    out: list[Action] = []
    ordered = sorted(verbs, key=len, reverse=True)
    for clause in re.finditer(r"[^，,；;。:：]+", body[pos:]):
        c = clause.group()
        lm = lead.match(c)
        k = lm.end() if lm else 0
        rest = c[k:]
        verb = next((v for v in ordered if (rest.lower() if lang == "en" else rest).startswith(v)), None)
        if verb is None:
            continue
        concept = verbs[verb]
        after = rest[len(verb):].lstrip("* ")
        actor = _actor(after, roles, lex, home, base, lang) if concept in ADDRESSING else None
        out.append(Action(concept, actor, start + pos + clause.start() + k))
    return out


def _actor(after: str, roles, lex: Lexicon, home: str | None, base: str, lang: str) -> str | None:
    inst = home
    if lex.name_regex is not None:
        m = lex.name_regex.match(after)
        if m and m.start() == 0:
            code, short = lex.classify_name(m.group())
            if code or short:
                cands = lex.short_names.get(short, frozenset()) if short else {code}
                inst = home if home in cands else (code or sorted(cands)[0])
            after = after[m.end():].lstrip()
    if lang == "en":
        after = re.sub(r"^(the|its)\s+", "", after, flags=re.I).lower()
    for word, role in roles:
        if after.startswith(word) and inst:
            return ids.mint(ids.Actor(inst, role), base)
    return None

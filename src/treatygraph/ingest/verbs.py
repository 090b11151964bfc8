"""The verb lexicon of preambular and operative clauses, and the role words of addressees.

Each surface form maps to a concept of ``tg:OperativeVerbs`` (its local name):
English operative verbs ("requests", "takes note of"), their preambular forms
("Recalling", "Bearing in mind", "Mindful"), Chinese (要求, 注意到) and the
cheap French and Spanish forms ("Prie", "Invita"). :mod:`.clauses` splits
paragraphs into clauses with it; which verbs address someone is ``ADDRESSING``.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Verb surface -> the concept's local name in tg:OperativeVerbs, per language.
VERBS: dict[str, dict[str, str]] = {
    "zh": {
        "要求": "requests", "请": "invites", "邀请": "invites", "敦促": "urges", "欢迎": "welcomes",
        "注意到": "notes", "表示注意到": "takesNoteOf", "忆及": "recalls", "回顾": "recalls", "重申": "reaffirms",
        "决定": "decides", "呼吁": "callsUpon", "鼓励": "encourages", "认识到": "recognizes",
        "承认": "recognizes", "考虑到": "considers", "期待": "looksForwardTo", "赞扬": "commends",
        "赞赏": "appreciates", "强调": "emphasizes", "表示感谢": "expressesGratitude", "同意": "agrees",
        "确认": "acknowledges", "核可": "endorses", "认可": "endorses", "批准": "approves", "核准": "approves",
        "授权": "authorizes", "建议": "recommends", "指定": "designates", "申明": "affirms", "吁请": "appeals",
        "铭记": "bearsInMind", "深信": "isConvinced", "意识到": "isAware",
    },
    "en": {
        # operative
        "requests": "requests", "invites": "invites", "urges": "urges", "welcomes": "welcomes",
        "notes": "notes", "takes note": "takesNoteOf", "recalls": "recalls", "reaffirms": "reaffirms",
        "reiterates": "reaffirms", "decides": "decides", "calls upon": "callsUpon", "calls on": "callsUpon",
        "encourages": "encourages", "recognizes": "recognizes", "considers": "considers",
        "looks forward to": "looksForwardTo", "commends": "commends", "appreciates": "appreciates",
        "emphasizes": "emphasizes", "stresses": "emphasizes", "highlights": "emphasizes",
        "underlines": "underlines", "underscores": "underlines", "agrees": "agrees",
        "acknowledges": "acknowledges", "expresses its gratitude": "expressesGratitude",
        "expresses its sincere gratitude": "expressesGratitude", "expresses its appreciation": "expressesGratitude",
        "expresses its sincere appreciation": "expressesGratitude", "thanks": "expressesGratitude",
        "expresses its deep appreciation": "expressesGratitude", "congratulates": "congratulates",
        "adopts": "adopts", "endorses": "endorses", "approves": "approves", "authorizes": "authorizes",
        "expresses concern": "expressesConcern", "expresses its concern": "expressesConcern",
        "expresses its serious concern": "expressesConcern", "confirms": "confirms",
        "affirms": "affirms", "designates": "designates", "recommends": "recommends", "appeals": "appeals",
        "expresses its thanks": "expressesGratitude", "expresses its sincere thanks": "expressesGratitude",
        "takes into account": "takesIntoAccount", "accepts": "accepts",
        "reiterates its request": "requests", "reiterates its invitation": "invites",
        "reaffirms its invitation": "invites", "reiterates its call": "callsUpon", "reaffirms its call": "callsUpon",
        "reiterates its appreciation": "expressesGratitude", "reiterates its gratitude": "expressesGratitude",
        "expresses its profound gratitude": "expressesGratitude",
        # preambular
        "recalling": "recalls", "noting": "notes", "taking note": "takesNoteOf", "welcoming": "welcomes",
        "recognizing": "recognizes", "acknowledging": "acknowledges", "emphasizing": "emphasizes",
        "stressing": "emphasizes", "underlining": "underlines", "highlighting": "emphasizes",
        "reaffirming": "reaffirms", "underscoring": "underlines", "reiterating": "reaffirms", "affirming": "affirms",
        "considering": "considers", "having considered": "considers", "having examined": "considers",
        "bearing in mind": "bearsInMind", "mindful": "bearsInMind", "aware": "isAware", "conscious": "isAware",
        "concerned": "expressesConcern", "deeply concerned": "expressesConcern",
        "expressing concern": "expressesConcern", "convinced": "isConvinced", "agreeing": "agrees",
        "appreciating": "appreciates", "taking into account": "takesIntoAccount",
        "taking into consideration": "takesIntoAccount", "expressing its appreciation": "expressesGratitude",
        "expressing its gratitude": "expressesGratitude", "looking forward to": "looksForwardTo",
        "commending": "commends", "confirming": "confirms", "guided by": "bearsInMind",
        "having adopted": "adopts",
    },
    "fr": {
        "prie": "requests", "invite": "invites", "exhorte": "urges", "demande instamment": "urges",
        "se félicite": "welcomes", "accueille avec satisfaction": "welcomes", "note": "notes",
        "prend note": "takesNoteOf", "rappelle": "recalls", "réaffirme": "reaffirms", "décide": "decides",
        "encourage": "encourages", "engage": "encourages", "adopte": "adopts", "approuve": "approves",
        "rappelant": "recalls", "notant": "notes", "prenant note": "takesNoteOf", "reconnaissant": "recognizes",
        "réaffirmant": "reaffirms", "considérant": "considers", "soulignant": "emphasizes",
        "conscient": "isAware", "consciente": "isAware", "préoccupée": "expressesConcern",
    },
    "es": {
        "pide": "requests", "solicita": "requests", "invita": "invites", "insta": "urges", "acoge con beneplácito":
        "welcomes", "observa": "notes", "toma nota": "takesNoteOf", "recuerda": "recalls", "reafirma": "reaffirms",
        "decide": "decides", "alienta": "encourages", "adopta": "adopts", "aprueba": "approves",
        "recordando": "recalls", "observando": "notes", "tomando nota": "takesNoteOf", "reconociendo": "recognizes",
        "reafirmando": "reaffirms", "considerando": "considers", "destacando": "emphasizes",
        "consciente": "isAware", "preocupada": "expressesConcern",
    },
}
#: Plural forms of a text adopted by several bodies at once ("Express their profound gratitude to …",
#: "Request the Government of …"): read only where a paragraph opens, never after "and" (an infinitive).
PLURAL: dict[str, dict[str, str]] = {
    "en": {
        "request": "requests", "invite": "invites", "urge": "urges", "welcome": "welcomes", "note": "notes",
        "take note": "takesNoteOf", "recall": "recalls", "reaffirm": "reaffirms", "decide": "decides",
        "encourage": "encourages", "call upon": "callsUpon", "express their gratitude": "expressesGratitude",
        "express their profound gratitude": "expressesGratitude", "express their sincere gratitude":
        "expressesGratitude", "express their appreciation": "expressesGratitude", "thank": "expressesGratitude",
        "adopt": "adopts", "agree": "agrees", "recommend": "recommends", "confirm": "confirms",
        "designate": "designates", "appeal": "appeals",
    },
}
#: Verbs whose clause names who is asked (or thanked) before what.
ADDRESSING = {"requests", "invites", "urges", "callsUpon", "encourages", "commends", "expressesGratitude",
              "congratulates", "authorizes", "appeals"}
#: Role words of an instrument (``id/{inst}/{role}``; the secretariat as the registry says).
ROLES: dict[str, list[tuple[str, str]]] = {
    "zh": [("执行秘书", "executive-secretary"), ("秘书处", "secretariat"), ("秘书", "secretary"),
           ("缔约方", "parties"), ("国家联络点", "national-focal-points")],
    "en": [("executive secretary", "executive-secretary"), ("secretariat", "secretariat"),
           ("secretary", "secretary"), ("contracting parties", "parties"), ("parties", "parties"),
           ("national focal points", "national-focal-points")],
    "fr": [("secrétaire exécutif", "executive-secretary"), ("secrétariat", "secretariat"), ("parties", "parties")],
    "es": [("secretario ejecutivo", "executive-secretary"), ("secretaría", "secretariat"), ("partes", "parties")],
}
#: After a verb of these forms comes "of" / "that" / "to": part of the verb, not of the object.
_TAIL = {"en": r"(?:\s+(?:with\s+(?:deep\s+|great\s+|serious\s+)?(?:appreciation|concern|satisfaction|regret)|"
               r"also|further))*(?:\s+of\b)?", "zh": "", "fr": r"(?:\s+(?:de|du|des|d’|d'))?",
         "es": r"(?:\s+(?:de|del))?"}


def is_preambular(form: str, lang: str) -> bool:
    """A participle or adjective that opens a recital ("Recalling", "Mindful", "Rappelant"), not an operative verb."""
    form = form.lower()
    if lang == "en":
        return form.split()[0].endswith("ing") or form in {"mindful", "aware", "conscious", "concerned",
                                                            "deeply concerned", "convinced", "guided by"}
    if lang == "fr":
        return form.endswith("ant") or form in {"conscient", "consciente", "préoccupée"}
    if lang == "es":
        return form.endswith(("ando", "endo")) or form in {"consciente", "preocupada"}
    return False


def concept(surface: str, lang: str, plural: bool = False) -> str:
    """The concept of a verb as matched by :func:`verb_regex` (case and spacing folded)."""
    key = re.sub(r"\s+", " ", surface.replace("*", "")).strip()
    key = key if lang == "zh" else key.lower()
    return (PLURAL.get(lang, {}) if plural else VERBS[lang])[key]


def addresses_after_to(surface: str) -> bool:
    """"Expresses its appreciation to …", "Reiterates its request to …": the addressee follows "to"."""
    surface = re.sub(r"\s+", " ", surface.strip())
    return bool(re.search(r"\b(?:its|their)\s+(?:\w+\s+)?(?:gratitude|appreciation|thanks|request|invitation|call)$",
                          surface, re.I) or re.match(r"appeals?\b", surface, re.I))


@lru_cache(maxsize=None)
def plural_regex(lang: str) -> re.Pattern | None:
    """The plural forms of ``lang`` (group ``verb``), or None."""
    forms = sorted(PLURAL.get(lang, {}), key=len, reverse=True)
    if not forms:
        return None
    alt = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(r"(?P<verb>" + alt + r")\b" + _TAIL[lang] + r"(?!-)", re.I)


@lru_cache(maxsize=None)
def verb_regex(lang: str, preamble: bool = True) -> re.Pattern:
    """A verb of ``lang`` (group ``verb``), optionally bold (``**要求**``), at a word boundary.

    Without ``preamble`` only operative forms: a lettered item "(d) Taking into account …" is
    the object of its paragraph's verb, not a recital.
    """
    forms = sorted((f for f in VERBS[lang] if preamble or not is_preambular(f, lang)), key=len, reverse=True)
    alt = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    if lang == "zh":
        return re.compile(r"(?:\*\*)?(?P<verb>" + alt + r")(?:\*\*)?")
    # a capital or lower-case verb; "Notes" but not "Notes 1" of a heading
    return re.compile(r"(?P<verb>" + alt + r")\b" + _TAIL[lang] + r"(?!-)", re.I)

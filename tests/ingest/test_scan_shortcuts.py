"""The seventh pass's shortcuts give what the code they replace gave (issue 16: ingestion CPU)."""

from __future__ import annotations

import random
import re

from treatygraph.ingest import clauses
from treatygraph.ingest.cite.common import Name, _outside_titles

WINDOWS = [
    "The Conference of the Parties, acting in accordance with ",
    "Requests the secretariat, pursuant to the provisions of ",
    "Decides to amend the ",
    "as referred to in\n",
    "Notes the information contained in ",
    "Decides to replace ",
    "decides to retire ",
    "Adopts the ",
    "Recalls its decision 1/CP.17, paragraph 4, and ",
    "Welcomes the report on ",
    "根据",
    "注意到",
    "",
]


def test_any_cue_finds_a_window_exactly_when_one_cue_does():
    for lang, cues in clauses._CUES.items():
        for window in WINDOWS:
            assert (clauses._ANY_CUE[lang].search(window) is not None) == any(rx.search(window) for rx, _ in cues), \
                (lang, window)


def _outside_titles_by_scan(names, titles):
    """The check as it was: every title against every name."""
    return [n for n in names if not any(u.start <= n.start and n.end <= u.end and (u.start, u.end) != (n.start, n.end)
                                        and (n.inst or n.short or n.scheme) for u in titles)]


def test_outside_titles_is_the_scan_of_every_title():
    rnd = random.Random(16)
    for _ in range(300):
        titles = []
        at = 0
        for _ in range(rnd.randint(1, 6)):  # titles do not overlap (matches of one pattern), lengths differ
            at += rnd.randint(0, 30)
            length = rnd.randint(1, 60)
            titles.append(Name(at, at + length, unknown="t"))
            at += length
        names = []
        for _ in range(rnd.randint(0, 12)):
            a = rnd.randint(0, at + 10)
            b = a + rnd.randint(1, 40)
            kind = rnd.choice([{"inst": "cbd"}, {"short": "the convention"}, {"scheme": "aichi"}, {"body": "cop"}])
            names.append(Name(a, b, **kind))
        names += [Name(t.start, t.end, inst="cms") for t in titles[:1]]  # a name that is a whole title stays
        assert _outside_titles(names, titles) == _outside_titles_by_scan(names, titles)


def test_first_character_look_aheads_keep_the_matches():
    from treatygraph.ingest.cite import common, en

    text = ("the Convention on Biological Diversity, UNEP/CBD/COP/8/4 and document FCCC/SBI/2019/9; "
            "decisions 1/CP.21 and 2/CMA.1; This Agreement; the Paris Agreement; A/RES/70/1. documents CBD/COP/DEC/14/30")
    for rx in (common._TITLE_EN, en._DOC, en._BARE_FCCC_ACT, re.compile(common.SYMBOL)):
        plain = re.compile(re.sub(r"^\(\?=[^)]*\)|\(\?=\[A-Z\]\)", "", rx.pattern, count=2), rx.flags)
        assert plain.pattern != rx.pattern
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)], rx.pattern[:40]

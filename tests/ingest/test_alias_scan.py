"""The registry's alias scan (``AliasPattern``) finds exactly what the full alternation's ``finditer`` finds."""

import re

from treatygraph.ingest.cite.common import AliasPattern

KEYS = sorted({"the convention", "the convention on biological diversity", "cbd", "cites", "kunming-montreal",
               "the paris agreement", "sbsta", "i", "《公约》", "ramsar convention", "basel convention"},
              key=len, reverse=True)

TEXTS = [
    "Recalling the Convention on Biological Diversity and THE  CONVENTION, the CBD and cbd-x; CITES.",
    "Kunming-Montreal targets; the\nParis Agreement; SBSTA 52; aCBD; CBD1; 《公约》第 8 条",
    # characters re.IGNORECASE equates beyond lower-casing: dotless ı, long ſ, the Kelvin sign
    "CıTES and ſbſta, the convention; Ramſar Convention; \u212aunming-Montreal",
    # a text whose lower-casing changes its length (İ): scanned case-insensitively as it is
    "İ the Basel Convention and the Convention",
    "",
]


def test_same_matches_as_the_full_alternation():
    pattern = AliasPattern(KEYS)
    for text in TEXTS:
        want = [(m.start(), m.end(), m.group()) for m in pattern.full.finditer(text)]
        assert [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)] == want, text
        for lo, hi in ((3, len(text)), (0, max(0, len(text) - 5)), (10, 40)):
            want = [(m.start(), m.end()) for m in pattern.full.finditer(text, lo, hi)]
            assert [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)] == want


def test_exotic_case_folds_are_found():
    pattern = AliasPattern(KEYS)
    found = [m.group() for m in pattern.finditer(TEXTS[2])]
    assert "CıTES" in found and "ſbſta" in found and re.sub("\u212a", "K", found[-1]) == "Kunming-Montreal"


def test_a_part_scanned_with_its_document_finds_what_the_full_alternation_finds():
    """Whole-document mode (heads after a separator, the alternation of the keys starting with the
    character there): the same matches in every part, exotic case folds and non-Latin keys included."""
    pattern = AliasPattern(KEYS)
    assert pattern._after_separator is not None  # the keys start with more than a few letters
    for text in TEXTS[:3] + ["\n".join(TEXTS[:3]) * 3]:
        cuts = sorted({0, len(text)} | set(range(0, len(text), 7)))
        for lo, hi in zip(cuts, cuts[2:]):
            part = text[lo:hi]
            want = [(m.start(), m.end(), m.group()) for m in pattern.full.finditer(part)]
            assert [(m.start(), m.end(), m.group()) for m in pattern.finditer(part, whole=text, offset=lo)] == want

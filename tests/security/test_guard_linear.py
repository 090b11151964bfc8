"""The query guard's cost: linear in the text (no regex backtracking, no rescans), bounded memory.

No timed assertion here: linearity is asserted on the structure of the
patterns (every unbounded repeat possessive) and on the number of tokens;
``python -m benchmarks.guard_scaling`` prints the times.
"""

from __future__ import annotations

import gc
import re
import re._constants as sre
import re._parser as sre_parse
import tracemalloc

import pytest

from treatygraph.store import forms, guard, sparql_tokens
from treatygraph.store.guard import QueryRefused, check_query

#: Texts built to make a backtracking or rescanning tokenizer quadratic (unit, repeated).
ADVERSARIAL = {
    "name_dots": "a.",            # a prefixed-name pattern rescans the run from every 'a'
    "name_dashes": "a-",
    "colons": ":",
    "dots": ".",
    "dashes": "-",
    "local_dots": "a:b.",
    "escaped_quotes": '\\"',      # an unclosed string rescanned from every quote
    "quote_escape": '"\\"',
    "long_quote_lines": '"""\n\\',
    "unclosed_long_strings": '"""x"\\',  # '""' then '"x"' then '\', and again
    "less_than": "<a",
    "comments": "#x\n",
    "numbers": "1.",
    "exponents": "1e",
    "digits": "1",
    "unicode_names": "é.",
    "escapes": "\\u0041",
    "bangs": "!",
    "paren_pairs": "()",
    "closers": ")",
    "lang_tags": "@a-",
    "question_marks": "?",
    "backslashes": "\\",
    "service_in_names": "a.service.",
    "percent": "ex:%4",
}


def adversarial(name: str, size: int) -> str:
    unit = ADVERSARIAL[name]
    return unit * (size // len(unit))


def unbounded_greedy_repeats(pattern: re.Pattern) -> list[str]:
    """The unbounded repeats of ``pattern`` that may backtrack (not possessive, not in an atomic group)."""
    found: list[str] = []

    def walk(items, atomic: bool) -> None:
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                lo, hi, sub = av
                if hi == sre.MAXREPEAT and not atomic:
                    found.append(f"{op} {lo},∞ over {sub}")
                walk(sub, atomic)
            elif op is sre.POSSESSIVE_REPEAT:
                walk(av[2], atomic)
            elif op is sre.ATOMIC_GROUP:
                walk(av, True)
            elif op is sre.SUBPATTERN:
                walk(av[3], atomic)
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch, atomic)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1], atomic)

    walk(sre_parse.parse(pattern.pattern, pattern.flags), False)
    return found


@pytest.mark.parametrize("module, name", [
    (sparql_tokens, "_TOKEN"), (sparql_tokens, "_TOKEN_RAW"), (sparql_tokens, "_KEYWORD_IN_RUN"),
    (sparql_tokens, "_ASCII_WORD"),
    (forms, "_BLANKABLE"),
])
def test_every_unbounded_repeat_is_possessive(module, name):
    """No backtracking: each repeat keeps what it matched (Python 3.11 ``*+``, ``++``)."""
    assert unbounded_greedy_repeats(getattr(module, name)) == []


def test_the_structure_check_sees_a_backtracking_pattern():
    """Control: the old prefixed-name pattern is flagged."""
    old = re.compile(r"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:")
    assert unbounded_greedy_repeats(old)


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_tokens_are_linear_in_the_text(name):
    """The token count of 16 times the text is at most 16 times (plus a few) the count of the text."""
    unit = ADVERSARIAL[name]
    small, large = unit * 1_000, unit * 16_000

    def count(text: str) -> int:
        n = 0
        try:
            for _ in guard.tokens(text):
                n += 1
        except QueryRefused:
            pass
        return n

    assert count(large) <= 16 * count(small) + 64


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_every_adversarial_text_gets_an_answer(name):
    """160 KB of each: accepted, or refused with a reason (never a crash or a hang)."""
    text = adversarial(name, 160_000)
    try:
        check_query(text)
    except QueryRefused as e:
        assert re.search(r"tokens outside VALUES|bare name|unterminated string|SERVICE|"
                         r"characters long", str(e)), str(e)
    forms.shape(text)


def test_the_issue_reproduction_is_refused_with_its_reason():
    text = "SELECT * WHERE { ?s ?p ?o FILTER(?o = " + "a." * 20000 + "z) }"
    with pytest.raises(QueryRefused, match="bare name of 40001 characters at character 38"):
        check_query(text)


# ---------------------------------------------------------------- memory


@pytest.fixture
def empty_caches():
    guard.READ_CACHE.clear()
    guard.DEEP_CHECK_CACHE.clear()
    yield
    guard.READ_CACHE.clear()
    guard.DEEP_CHECK_CACHE.clear()


def distinct_query(i: int, size: int, word: str = "data") -> str:
    head = f"SELECT * WHERE {{ ?s ?p '{word} {i}' . ?s ?p ?o }} # "
    return head + "x" * (size - len(head))


def test_cache_keeps_no_query_text_and_stays_in_its_byte_bound(empty_caches):
    """600 distinct 16 KB queries: the caches hold digests, and their bytes stay under the bound."""
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(600):
            check_query(distinct_query(i, guard.CACHED_QUERY_CHARS))
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(guard.READ_CACHE) == 600
    assert guard.READ_CACHE.nbytes <= guard.READ_CACHE.max_bytes
    assert retained < 2_000_000, retained  # the texts were 9.8 MB
    assert all(isinstance(k, bytes) and len(k) == 16 for k in guard.READ_CACHE._entries)


def test_cache_evicts_by_bytes():
    cache = guard.ByteBoundedCache(64 * 1024)
    for i in range(10_000):
        cache.put(cache.key(str(i)), ("g",) * 3, 400)
        assert cache.nbytes <= cache.max_bytes
    assert 0 < len(cache) <= 64 * 1024 // (400 + cache.ENTRY_BYTES)
    assert cache.get(cache.key("9999")) is not None and cache.get(cache.key("0")) is None
    cache.put(cache.key("big"), "x", 64 * 1024)  # larger than a sixteenth: not kept
    assert cache.get(cache.key("big")) is None


def test_second_check_is_bounded_and_cached_by_digest(empty_caches):
    short = "SELECT * WHERE { ?s ?p 'ecosystem services' }"
    check_query(short)
    assert len(guard.DEEP_CHECK_CACHE) == 1
    assert all(isinstance(k, bytes) for k in guard.DEEP_CHECK_CACHE._entries)
    long = distinct_query(1, guard.DEEP_CHECK_CHARS + 1, word="service")
    with pytest.raises(QueryRefused, match=f"mentions 'service'.*{guard.DEEP_CHECK_CHARS} characters"):
        check_query(long)
    # a SERVICE keyword is refused at any size, by the tokens alone
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        check_query("SELECT * WHERE { SERVICE <http://h/> { ?s ?p ?o } } #" + "x" * 100_000)

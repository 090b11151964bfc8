"""A build from scratch bulk-loads the graphs' N-Triples as N-Quads batches (build/store.py): every
statement lands in its graph once, and what a batch cannot carry (blank nodes, lines of another
shape) is left to the copy in memory."""

import pyoxigraph as ox
import pytest

from treatygraph.build.store import _Background, _disk_batches

G1, G2, G3, G4 = (f"https://example.org/graph/{n}" for n in (1, 2, 3, 4))


def _quads(batches):
    store = ox.Store()
    for batch in batches:
        store.bulk_load(input=batch, format=ox.RdfFormat.N_QUADS)
    return sorted(str(q) for q in store)


def _expected(pieces):
    store = ox.Store()
    for uri, nt in pieces.items():
        store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(uri))
    return sorted(str(q) for q in store)


def test_batches_carry_every_statement_in_its_graph_cut_at_line_ends():
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "a . b\\nc {i}"@en .' for i in range(50)]
    pieces = {G1: "\n".join(lines[:40]).encode(), G2: "\n".join(lines[40:]).encode(), G3: b""}
    expected = {G1: 40, G2: 10, G3: 0}
    for n in (1, 2, 3, 7):
        batches, from_memory = _disk_batches(pieces, expected, n)
        assert from_memory == [] and 1 <= len(batches) <= n
        assert all(b.endswith(b" .\n") for b in batches)
        assert _quads(batches) == _expected(pieces)


def test_blank_nodes_and_other_line_shapes_are_left_to_the_copy_in_memory():
    pieces = {
        G1: b'<https://example.org/s> <https://example.org/p> "1" .',
        G2: b'_:b <https://example.org/p> "2" .',  # a parse names blank nodes anew: not with the others
        G3: b'<https://example.org/s> <https://example.org/p> "3".',  # no space before the dot
        G4: b'<https://example.org/s> <https://example.org/p> "4" .\n',  # an empty line after: carried
    }
    batches, from_memory = _disk_batches(pieces, {G1: 1, G2: 1, G3: 1, G4: 1}, 2)
    assert from_memory == [G2, G3]
    assert _quads(batches) == _expected({G1: pieces[G1], G4: pieces[G4]})


def test_work_in_the_background_hands_its_error_to_the_build():
    def fails():
        raise OSError("disk full")

    work = _Background(fails)
    work.join()
    with pytest.raises(OSError, match="disk full"):
        work.check()
    done = _Background(lambda: None)
    done.join()
    done.check()

"""A build from scratch bulk-loads the graphs' N-Triples in a few loads of about the same size
(build/store.py ``_disk_loads``): the large graphs as they are, into their graph, the small ones as
N-Quads together; every statement lands in its graph once, and what a load cannot carry (blank nodes,
small graphs' lines of another shape) is left to the copy in memory."""

import pyoxigraph as ox
import pytest

from treatygraph.build.store import _Background, _bulk_load, _disk_loads

G1, G2, G3, G4 = (f"https://example.org/graph/{n}" for n in (1, 2, 3, 4))


def _quads(loads):
    store = ox.Store()
    for work in loads:
        _bulk_load(store, work)
    return sorted(str(q) for q in store)


def _expected(pieces):
    store = ox.Store()
    for uri, nt in pieces.items():
        store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(uri))
    return sorted(str(q) for q in store)


def test_loads_carry_every_statement_in_its_graph_cut_at_line_ends():
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "a . b\\nc {i}"@en .' for i in range(50)]
    pieces = {G1: "\n".join(lines[:40]).encode(), G2: "\n".join(lines[40:]).encode(), G3: b"",
              G4: "\n".join(lines[:5]).encode()}
    expected = {G1: 40, G2: 10, G3: 0, G4: 5}
    for own_load in (1, len(pieces[G2]), 1 << 30):
        for n in (1, 2, 3, 7):
            loads, from_memory = _disk_loads(pieces, expected, n, own_load)
            assert from_memory == [] and 1 <= len(loads) <= n
            parts = [part for work in loads for part in work]
            assert all(data.endswith(b" .\n") or data == pieces[graph] or pieces[graph].endswith(data)
                       for data, graph in parts)
            # a graph of own_load bytes or more loaded into its graph, the others as N-Quads (graph None)
            assert {graph for _, graph in parts} == {g if len(pieces[g]) >= own_load else None for g in (G1, G2, G4)}
            assert _quads(loads) == _expected(pieces)


def test_loads_are_of_about_the_same_size():
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "{i}" .' for i in range(1000)]
    pieces = {G1: "\n".join(lines[:900]).encode(), G2: "\n".join(lines[900:]).encode()}
    loads, _ = _disk_loads(pieces, {G1: 900, G2: 100}, 2, own_load=len(pieces[G1]))
    sizes = [sum(len(data) for data, _ in work) for work in loads]
    assert len(sizes) == 2 and abs(sizes[0] - sizes[1]) < 100  # within a line


def test_blank_nodes_and_other_line_shapes_are_left_to_the_copy_in_memory():
    pieces = {
        G1: b'<https://example.org/s> <https://example.org/p> "1" .',
        G2: b'_:b <https://example.org/p> "2" .',  # a parse names blank nodes anew: not with the others
        G3: b'<https://example.org/s> <https://example.org/p> "3".',  # no space before the dot
        G4: b'<https://example.org/s> <https://example.org/p> "4" .\n',  # an empty line after: carried
    }
    loads, from_memory = _disk_loads(pieces, {G1: 1, G2: 1, G3: 1, G4: 1}, 2)
    assert from_memory == [G2, G3]
    assert _quads(loads) == _expected({G1: pieces[G1], G4: pieces[G4]})
    # a graph loaded as it is may have lines of any shape, but not a blank node either
    loads, from_memory = _disk_loads(pieces, {G1: 1, G2: 1, G3: 1, G4: 1}, 2, own_load=1)
    assert from_memory == [G2]
    assert _quads(loads) == _expected({G1: pieces[G1], G3: pieces[G3], G4: pieces[G4]})


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


@pytest.mark.parametrize("fails", ["_bulk_load", "_load_graphs"])
def test_a_failed_load_leaves_no_build_and_the_served_store(tmp_path, make_project, small_docs, counting_ingest,
                                                           monkeypatch, fails):
    """A bulk load on disk or the first load in memory (each in a thread) failing fails the build from
    scratch: every thread is waited for, the new build's directory removed, the served store kept."""
    import os

    from treatygraph.build import build, open_store_path, store_area
    from treatygraph.build import store as build_store

    settings = make_project(tmp_path, small_docs)
    good = build(settings, progress=False, ingest=counting_ingest)
    served = os.readlink(settings.store_location)

    def broken(*args):
        raise OSError(f"{fails}: disk full")

    monkeypatch.setattr(build_store, fails, broken)
    with pytest.raises(OSError, match="disk full"):
        build(settings, progress=False, ingest=counting_ingest, force=True)
    monkeypatch.undo()
    assert os.readlink(settings.store_location) == served
    assert len(list((store_area(settings) / "builds").iterdir())) == 1  # the failed build left nothing
    store = ox.Store.read_only(str(open_store_path(settings)))
    assert len(store) == good.triples

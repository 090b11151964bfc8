"""collector.paused: no automatic cyclic collection inside, the collector's state restored after."""

from __future__ import annotations

import gc

import pytest

from treatygraph.collector import paused


def test_paused_restores_the_collector_even_on_an_error():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: the outer block resumes it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_ingesting_leaves_the_collector_on(registry, settings):
    from treatygraph.ingest.rdf import ingest_document

    path = min((settings.data_dir / "corpus").rglob("*.txt"), key=lambda p: p.stat().st_size)
    ingest_document(path, registry, settings)
    assert gc.isenabled()

"""The target schemes' registry file is generated from the JSON copied from the corpus, and is current."""

from treatygraph import target_schemes


def test_targets_ttl_is_current(settings):
    current = (settings.registry_dir / "targets.ttl").read_text(encoding="utf-8")
    assert current == target_schemes.render(settings.data_dir / "sources" / "targets"), \
        "data/registry/targets.ttl is stale: run python -m treatygraph.target_schemes"


def test_sources_are_the_corpus_files_unchanged(settings, shared_dir):
    for scheme in ("gbf-targets", "aichi-targets"):
        for name in ("goals.json", "targets.json"):
            copy = settings.data_dir / "sources" / "targets" / scheme / name
            assert copy.read_bytes() == (shared_dir / "corpus" / "targets" / scheme / name).read_bytes()


def test_schemes_in_the_registry(registry):
    labels = {str(s) for s in registry.graph.subjects() if "/gbf-" in str(s) or "/aichi-goals" in str(s)}
    base = registry.base
    assert {f"{base}id/gbf-targets/{n}" for n in range(1, 24)} <= labels
    assert {f"{base}id/gbf-goals/{g}" for g in "ABCD"} <= labels
    assert f"{base}id/gbf-targets/24" not in labels
    assert registry.exists(f"{base}id/aichi-targets/5") and registry.exists(f"{base}id/aichi-goals/E")

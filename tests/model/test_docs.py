"""docs/model.md is generated from the ontology; docs/identifiers.md's examples parse."""

import re
from pathlib import Path

from treatygraph import identifiers as I
from treatygraph import model_doc

ROOT = Path(__file__).resolve().parents[2]


def test_model_doc_is_up_to_date(ontology):
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert model_doc.generated(ontology) in text, "run: python -m treatygraph.model_doc"


def test_model_doc_diagram_covers_every_class(ontology):
    diagram = model_doc.mermaid(ontology)
    counts = model_doc.counts(ontology)
    assert diagram.count("\n    class ") == counts["classes"]
    assert "Instrument <|-- Treaty" in diagram
    assert "Secretariat --> Instrument : secretariatOf" in diagram or "Instrument --> Secretariat : hasSecretariat" in diagram


def test_update_rewrites_only_the_generated_section(tmp_path, ontology):
    doc = tmp_path / "model.md"
    doc.write_text(f"intro\n{model_doc.BEGIN}\nstale\n{model_doc.END}\noutro\n", encoding="utf-8")
    assert model_doc.update(doc, ontology)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith("outro\n") and "stale" not in text
    assert not model_doc.update(doc, ontology)


def test_every_example_in_identifiers_doc_parses():
    text = (ROOT / "docs" / "identifiers.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`(id/[^`…{}\s\[]+)`", text))
    assert len(paths) > 50
    for path in paths:
        assert I.path_of(I.parse_path(path)) == path

"""``treatygraph query``: free SPARQL, --file, --name with --param, the three output formats, errors."""

import csv
import io
import json

import pytest

from treatygraph.cli import main
from treatygraph.store.oxigraph import OxigraphStore

from httpdata import graph

BASE = "https://w3id.org/treatygraph/"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graph(BASE + "graph/registry", graph("""
        <id/cbd> a tg:Convention ; rdfs:label "Convention on Biological Diversity"@en .
        <id/cms> a tg:Convention ; rdfs:label "CMS"@en .
        <id/arrangement/cbd-cms-jwp-2012-2014> a tg:JointWorkPlan ;
            tg:party <id/cbd/secretariat> , <id/cms/secretariat> .
    """))
    store.close()
    return str(path)


def run(capsys, store_dir, *args):
    code = main(["--store", store_dir, "query", *args])
    out, err = capsys.readouterr()
    return code, out, err


Q = "SELECT ?s ?label WHERE { ?s a tg:Convention ; rdfs:label ?label } ORDER BY ?s"
PQ = ("PREFIX tg: <https://w3id.org/treatygraph/ontology#>\n"
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + Q)


def test_table(capsys, store_dir):
    code, out, _ = run(capsys, store_dir, PQ)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["s", "label"]
    assert lines[2].split(None, 1) == ["id/cbd", "Convention on Biological Diversity@en"]
    assert lines[-1] == "(2 rows)"


def test_csv_and_json(capsys, store_dir):
    _, out, _ = run(capsys, store_dir, "--format", "csv", PQ)
    assert list(csv.reader(io.StringIO(out)))[1:] == [
        [BASE + "id/cbd", "Convention on Biological Diversity"], [BASE + "id/cms", "CMS"]]
    _, out, _ = run(capsys, store_dir, "--format", "json", PQ)
    assert [b["label"]["xml:lang"] for b in json.loads(out)["results"]["bindings"]] == ["en", "en"]


def test_file(capsys, store_dir, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(PQ.replace("SELECT ?s ?label", "SELECT (COUNT(*) AS ?n)").replace("ORDER BY ?s", ""))
    code, out, _ = run(capsys, store_dir, "--file", str(f), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "2"]


def test_named_query_with_params(capsys, store_dir):
    code, out, _ = run(capsys, store_dir, "--name", "cooperation", "--param", "party=id/cms/secretariat",
                       "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["member"] for r in table] == [BASE + "id/cbd/secretariat", BASE + "id/cms/secretariat"]


def test_graph_answer_prints_turtle(capsys, store_dir):
    code, out, _ = run(capsys, store_dir, "CONSTRUCT WHERE { <https://w3id.org/treatygraph/id/cms> ?p ?o }")
    assert code == 0 and "CMS" in out and "@prefix" in out


@pytest.mark.parametrize("args, message", [
    (["--name", "cooperation", "--param", "party=id/CMS"], "parameter 'party'"),
    (["--name", "cooperation", "--param", "party"], "name=value"),
    (["--name", "no-such-query"], "no named query 'no-such-query'"),
    (["SELECT * WHERE { ?s ?p"], "line 1, column"),
    (["CLEAR ALL"], "read-only"),
    ([], "exactly one of"),
])
def test_errors_exit_2_with_a_message(capsys, store_dir, args, message):
    code, out, err = run(capsys, store_dir, *args)
    assert code == 2 and message in err and out == ""


def test_missing_store(capsys, tmp_path):
    code = main(["--store", str(tmp_path / "none"), "query", "ASK {}"])
    assert code == 2 and "no store at" in capsys.readouterr().err


def test_list(capsys, store_dir):
    code, out, _ = run(capsys, store_dir, "--list")
    assert code == 0 and "group-members: Members of a liaison group at a date" in out
    assert "--param date=...  (date)" in out

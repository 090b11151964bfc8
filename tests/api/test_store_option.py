"""`--store` after the subcommand (as before it), on both stores; credentials stay out of a Settings repr."""

import json
from pathlib import Path

from treatygraph.cli import main
from treatygraph.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _location(api_store, built_settings) -> str:
    return getattr(api_store, "query_url", None) or str(Path(built_settings.store))


def test_query_accepts_store_after_the_subcommand(api_store, built_settings, capsys):
    location = _location(api_store, built_settings)
    query = ["--format", "json", "--name", "group-member-instruments", "--param", "group=id/group/blg"]
    assert main(["--root", str(ROOT), "query", "--store", location, *query]) == 0
    after = json.loads(capsys.readouterr().out)
    assert main(["--root", str(ROOT), "--store", location, "query", *query]) == 0
    before = json.loads(capsys.readouterr().out)
    assert after == before
    rows = after["results"]["bindings"] if isinstance(after, dict) else after
    assert len(rows) >= 2


def test_export_accepts_store_after_the_subcommand(api_store, built_settings, capsys):
    location = _location(api_store, built_settings)
    code = main(["--root", str(ROOT), "export", "id/group/blg", "--store", location, "--format", "csv",
                 "--depth", "0"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "https://w3id.org/treatygraph/id/group/blg" in out.out


def test_serve_parses_store_after_the_subcommand():
    from treatygraph.cli import build_parser

    args = build_parser().parse_args(["serve", "--store", "http://127.0.0.1:8890/sparql", "--port", "1"])
    assert args.store == "http://127.0.0.1:8890/sparql"
    assert build_parser().parse_args(["--store", "/x", "serve"]).store == "/x"


def test_settings_repr_hides_the_store_password():
    settings = Settings(root=ROOT, store="http://127.0.0.1:8890/sparql",
                        extra={"store_user": "dba", "store_password": "s3cret-value"})
    assert "s3cret-value" not in repr(settings) and "s3cret-value" not in str(settings)
    assert settings.extra["store_password"] == "s3cret-value"

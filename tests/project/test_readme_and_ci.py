"""The README's two commands and CI's entry point must stay in step (Datasette-style docs tests)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _command_after(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(re.escape(marker) + r"\s*```bash\n(.+?)\n```", text)
    assert match, f"README.md has no fenced bash command after {marker}"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command():
    readme_cmd = _command_after("<!-- test-command -->")
    extracted = subprocess.run(
        ["awk", '/<!-- test-command -->/{getline; getline; print; exit}', "README.md"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert extracted == readme_cmd
    assert "pytest" in readme_cmd


def test_readme_serve_command_serves():
    assert re.search(r"\btreatygraph serve\b", _command_after("<!-- serve-command -->"))


def test_ci_install_covers_the_test_servers():
    install = (ROOT / ".ci" / "install").read_text(encoding="utf-8")
    for package in ("virtuoso-opensource", "chromium", "chromium-driver"):
        assert package in install, f".ci/install does not install {package}"


def test_every_doc_linked_from_readme_exists():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", text):
        page, _, anchor = link.partition("#")
        assert (ROOT / page).is_file(), f"README links to missing {link}"
        if anchor:  # a heading's GitHub anchor: lower case, spaces as hyphens, punctuation dropped
            headings = re.findall(r"^#+\s+(.+)$", (ROOT / page).read_text(encoding="utf-8"), re.M)
            anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in anchors, f"README links to {link}: no such heading in {page}"

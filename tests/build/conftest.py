"""Build tests run on copies of the project (ontology, shapes, registry, documents) in tmp dirs."""

import shutil
from pathlib import Path

import pytest

from treatygraph.config import Settings

ROOT = Path(__file__).resolve().parents[2]

SMALL_DOCS = {
    "small-a": "1. 《条约》第 19.3(g)条规定管理机构应与《生物多样性公约》缔约方大会建立并保持合作。\n\n"
    "2. 根据第 8/2011 号决议，管理机构要求秘书继续加强合作。\n",
    "small-b": "1. 《生物多样性公约》缔约方大会在决定 XI/6 中重申合作的重要性。\n",
}


def copy_project(dest: Path, documents: dict[str, str] | None = None) -> Settings:
    """A project root at ``dest`` with the real vocabulary files and the given documents.

    ``documents`` maps slugs to zh texts (with a metadata file each); None copies
    the project's own ``data/documents``.
    """
    for d in ("ontology", "shapes", "queries", "data/registry"):
        shutil.copytree(ROOT / d, dest / d)
    docs = dest / "data" / "documents"
    if documents is None:
        shutil.copytree(ROOT / "data" / "documents", docs)
    else:
        docs.mkdir(parents=True)
        for slug, text in documents.items():
            write_document(docs, slug, text)
    return Settings(root=dest, store=str(dest / ".treatygraph" / "store"))


def write_document(docs: Path, slug: str, text: str) -> Path:
    (docs / f"{slug}.meta.toml").write_text(
        f'slug = "{slug}"\nlanguage = "zh"\nhome_instrument = "itpgrfa"\n\n[title]\nzh = "测试文件 {slug}"\n',
        encoding="utf-8",
    )
    path = docs / f"{slug}.zh.txt"
    path.write_text(text, encoding="utf-8")
    return path


class CountingIngest:
    """The real ingestion, counting the documents it is asked to ingest."""

    def __init__(self):
        from treatygraph.build import default_ingest

        self.real = default_ingest()
        self.calls: list[str] = []

    def __call__(self, text_path, registry, settings):
        self.calls.append(Path(text_path).name)
        return self.real(text_path, registry, settings)


def _counting_ingest():
    ingest = CountingIngest()
    if ingest.real is None:
        pytest.skip("ingestion is not installed")
    return ingest


@pytest.fixture
def counting_ingest():
    """The real ``ingest_document``, recording which files it ingests."""
    return _counting_ingest()


@pytest.fixture(scope="module")
def counting_ingest_module():
    return _counting_ingest()


@pytest.fixture(scope="session")
def make_project():
    """``make_project(dest, documents=None) -> Settings`` (see :func:`copy_project`)."""
    return copy_project


@pytest.fixture(scope="session")
def small_docs():
    return dict(SMALL_DOCS)


@pytest.fixture(scope="session")
def add_document():
    """``add_document(documents_dir, slug, text)``: write a zh document and its metadata."""
    return write_document

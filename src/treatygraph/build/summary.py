"""What a build reports: :class:`BuildSummary`, and the errors that stop it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..validate import ValidationReport, Violation


class BuildError(Exception):
    """The build could not run (exit code 2)."""

    exit_code = 2


class BuildFailed(BuildError):
    """The input does not conform or cannot be read (exit code 1); nothing was swapped."""

    exit_code = 1

    def __init__(self, message: str, summary: "BuildSummary | None" = None):
        super().__init__(message)
        self.summary = summary


@dataclass
class BuildSummary:
    """What a build did; ``text()`` is what the CLI prints."""

    store_path: Path | None = None
    build_id: str | None = None
    changed: bool = False
    documents: int = 0
    ingested: int = 0
    reused: int = 0
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    citations: int = 0
    unresolved: int = 0
    warnings: list[str] = field(default_factory=list)
    reports: list[ValidationReport] = field(default_factory=list)
    seconds: float = 0.0
    #: documents left out of this build: ``"<file>[:line:col]: why"``
    skipped: list[str] = field(default_factory=list)
    #: seconds per stage: ``load`` (ontology, registry, shapes), ``documents`` (ingest + validate what the
    #: cache lacks, and the ontology and registry unless cached), ``store`` (bulk load, derived links, swap)
    stages: dict[str, float] = field(default_factory=dict)
    #: the ontology's and registry's N-Triples were read from the build served before (same ontology,
    #: registry, shapes and code), not serialised again
    vocabulary_reused: bool = False
    #: the reports of the ontology and registry came from the cache (same ontology, registry, shapes and
    #: code): they were not validated again
    base_reports_reused: bool = False
    #: the new store was a checkpoint of the served one with the changed graphs replaced, not written whole
    store_updated: bool = False

    @property
    def violations(self) -> list[Violation]:
        return [v for r in self.reports for v in r.errors()]

    @property
    def ok(self) -> bool:
        return not self.violations

    def text(self, failed: bool = False) -> str:
        """The CLI's report; ``failed`` for a build stopped by bad input (no violations to show)."""
        state = "built" if self.changed else "up to date"
        if failed or not self.ok:
            state = "FAILED (previous store left in place)"
        lines = [
            f"build {self.build_id or '-'}: {state} in {self.seconds:.1f}s",
            f"  store:       {self.store_path or '-'}",
            f"  documents:   {self.documents} ({self.ingested} ingested, {self.reused} from cache)",
            f"  triples:     {self.triples} in {len(self.graphs)} graphs",
            f"  citations:   {self.citations} ({self.unresolved} unresolved)",
            f"  warnings:    {len(self.warnings)}",
            f"  violations:  {len(self.violations)}",
            f"  skipped:     {len(self.skipped)}",
        ]
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [r.text() for r in self.reports if not r.conforms]
        return "\n".join(lines)

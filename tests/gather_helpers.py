"""Helpers for the gather tests: write input files, load them through the real pipeline."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from sqlalchemy import select

from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from reviewprep.gather.ingest import ingest
from reviewprep.jobs import load_config, prepare_database
from reviewprep.settings import Settings
from reviewprep.store.db import session_scope
from reviewprep.store.loads import FileCounts
from reviewprep.store.models import Assessment, SourceFile, Submission
from reviewprep.store.quarantine import quarantined

TODAY = dt.date(2026, 6, 30)

GOOD = {
    "submission_id": "", "submitted_at": "2026-05-04", "stakeholder_name": "Ana Ruiz",
    "organization": "Cámara Norte", "stakeholder_type": "business_association", "country": "MX",
    "party": "MX", "chapter": "ch26", "recommendation": "R3", "rating": "2",
    "comment": "Slow progress on the work plan.", "evidence_url": "", "confidentiality": "public",
    "language": "en",
}


def assessment(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def csv_text(rows: list[dict[str, str]], columns=TEMPLATE_COLUMNS, delimiter: str = ",",
             newline: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter, lineterminator=newline,
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


class Loader:
    """`load(paths...)` runs `reviewprep ingest`'s code on a test database."""

    def __init__(self, settings: Settings):
        self.settings = settings
        prepare_database(settings)
        self.framework = load_config(settings).framework

    def __call__(self, *paths: Path, fmt: str | None = None, source: str | None = None,
                 companion: Path | None = None, attachments: Path | None = None) -> list[FileCounts]:
        results = ingest(self.settings, self.framework, list(paths), fmt, source, companion, today=TODAY,
                         attachments=attachments)
        for counts in results:
            assert counts.read == counts.accepted + counts.duplicates + counts.quarantined, counts
        return results

    def one(self, path: Path, **kwargs) -> FileCounts:
        (counts,) = self(path, **kwargs)
        return counts

    def quarantine(self) -> list[dict]:
        with session_scope(self.settings.db_url) as session:
            return list(quarantined(session))

    def submissions(self) -> list[Submission]:
        with session_scope(self.settings.db_url) as session:
            return list(session.scalars(select(Submission).order_by(Submission.source_file_id, Submission.source_row)))

    def ratings(self) -> list[tuple]:
        with session_scope(self.settings.db_url) as session:
            return list(session.execute(
                select(Submission.external_id, Submission.party, Assessment.chapter, Assessment.recommendation,
                       Assessment.rating).join(Assessment).order_by(Submission.source_file_id, Submission.source_row)))

    def source_files(self) -> list[SourceFile]:
        with session_scope(self.settings.db_url) as session:
            return list(session.scalars(select(SourceFile).order_by(SourceFile.id)))

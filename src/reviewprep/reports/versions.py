"""Immutable report versions: each render with new bytes is the next version of its key.

A version's files are written under their own names (version 1 keeps the plain key,
later ones add `.vN`), so nothing a recipient may have received is ever replaced; the
same bytes rendered again are the same version. The `reports` row of a key points at
its latest version.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewprep.store.models import ReportVersion


def stem(report_key: str, version: int) -> str:
    """File name (without suffix) of a version: never the name of another version."""
    return report_key if version == 1 else f"{report_key}.v{version}"


def with_bytes(session: Session, report_key: str, sha256: str) -> ReportVersion | None:
    return session.scalar(select(ReportVersion).where(ReportVersion.report_key == report_key,
                                                      ReportVersion.sha256 == sha256))


def next_number(session: Session, report_key: str) -> int:
    latest = session.scalar(select(func.max(ReportVersion.version)).where(ReportVersion.report_key == report_key))
    return (latest or 0) + 1


def history(session: Session, report_key: str) -> list[ReportVersion]:
    return list(session.scalars(select(ReportVersion).where(ReportVersion.report_key == report_key)
                                .order_by(ReportVersion.version)))


def get(session: Session, report_key: str, version: int) -> ReportVersion | None:
    return session.scalar(select(ReportVersion).where(ReportVersion.report_key == report_key,
                                                      ReportVersion.version == version))

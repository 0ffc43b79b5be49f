"""The report archive: every generated report kept immutably under <root>/<organisation id>/<sha256>.<format>.

A file is written to a temporary name in its own folder, flushed to disk and renamed into place, so a reader
never sees half a file. The record is added to the caller's transaction: a crash between the write and the
commit leaves at most a complete file without a record, which no listing shows and `sweep_orphans` removes.
Files are read-only and content-addressed, so two identical reports share one file."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from reports.models import ReportFormat, ReportKind, ReportRecord

READ_ONLY = 0o444
TEMP_PREFIX = ".tmp-"
STORED_NAME = re.compile(r"^([0-9a-f]{64})\.(pdf|xlsx)$")
CHUNK = 1024 * 1024


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def organisation_folder(root: Path, organisation_id: int) -> Path:
    return root / str(int(organisation_id))


def report_path(root: Path, record: ReportRecord) -> Path:
    """Where the record's bytes are; built from the id and hash only, so no user input reaches the path."""
    if not re.fullmatch(r"[0-9a-f]{64}", record.sha256) or record.format not in set(ReportFormat):
        raise ValueError(f"report {record.id}: invalid archive name")
    return organisation_folder(root, record.organisation_id) / record.stored_name


def store_report(
    *,
    session: Session,
    root: Path,
    organisation_id: int,
    kind: ReportKind | str,
    format: ReportFormat | str,
    parameters: dict[str, Any],
    content: bytes,
    actor: Actor,
    filename: str,
    generated_at: datetime | None = None,
) -> ReportRecord:
    """Write the report's bytes into the archive and add its record to the session (flushed, not
    committed)."""
    digest = sha256_of(content)
    record = ReportRecord(
        organisation_id=organisation_id,
        kind=ReportKind(kind).value,
        format=ReportFormat(format).value,
        parameters=parameters,
        generated_at=generated_at or clock.now(),
        generated_by=actor.name[:254],
        generated_by_user_id=actor.user_id,
        size=len(content),
        sha256=digest,
        filename=filename[:200],
    )
    _write_atomically(report_path(root, record), content, digest)
    session.add(record)
    session.flush()
    record_event(
        session=session,
        action="report.generated",
        actor=actor,
        organisation_id=organisation_id,
        subject=record.filename,
        detail=f"rapport {record.id}; sha256={digest}",
        changes=changed_fields({}, {"kind": record.kind, "format": record.format, "size": record.size}),
    )
    session.flush()
    return record


def _write_atomically(target: Path, content: bytes, digest: str) -> None:
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    if target.exists() and _file_digest(target) == digest:
        os.utime(target)  # a fresh mtime keeps sweep_orphans off it until this record is committed
        return
    fd, temp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, READ_ONLY)
        os.replace(temp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_report(*, root: Path, record: ReportRecord) -> bool:
    """Recompute the file's SHA-256: True when the file is there and is exactly what was archived."""
    path = report_path(root, record)
    try:
        return path.stat().st_size == record.size and _file_digest(path) == record.sha256
    except FileNotFoundError:
        return False


def digest_of_copy(stream: BinaryIO, *, limit: int) -> tuple[str, int] | None:
    """The SHA-256 and size of a copy read from `stream`; None when it is longer than `limit` bytes (it can
    then be no copy of a report of at most that size). Nothing is kept."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        digest.update(chunk)
    return digest.hexdigest(), size


def reports_with_sha256(
    *, session: Session, sha256: str, organisation_id: int | None = None
) -> list[ReportRecord]:
    """The archived reports whose content has this SHA-256 (of one organisation, or of all), oldest first."""
    query = select(ReportRecord).where(col(ReportRecord.sha256) == sha256.lower())
    if organisation_id is not None:
        query = query.where(col(ReportRecord.organisation_id) == organisation_id)
    return list(session.exec(query.order_by(col(ReportRecord.id))).all())


def read_report(*, root: Path, record: ReportRecord) -> bytes:
    return report_path(root, record).read_bytes()


def _of(organisation_id: int, kind: str | None, year: int | None) -> list[Any]:
    """The conditions of an organisation's reports, of one kind and one year (a kind of a year) when given."""
    conditions = [col(ReportRecord.organisation_id) == organisation_id]
    if kind is not None:
        conditions.append(col(ReportRecord.kind) == kind)
    if year is not None:
        conditions.append(col(ReportRecord.parameters)["year"].as_integer() == year)
    return conditions


def reports_of(
    *,
    session: Session,
    organisation_id: int,
    limit: int = 200,
    offset: int = 0,
    kind: str | None = None,
    year: int | None = None,
) -> list[ReportRecord]:
    """The organisation's archive, newest first; only one kind, or one year, when given."""
    return list(
        session.exec(
            select(ReportRecord)
            .where(*_of(organisation_id, kind, year))
            .order_by(col(ReportRecord.generated_at).desc(), col(ReportRecord.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
    )


def report_of(*, session: Session, organisation_id: int, report_id: int) -> ReportRecord | None:
    """One report, only if it belongs to the organisation."""
    return session.exec(
        select(ReportRecord).where(
            col(ReportRecord.id) == report_id, col(ReportRecord.organisation_id) == organisation_id
        )
    ).first()


def sweep_orphans(*, session: Session, root: Path, older_than: timedelta = timedelta(hours=1)) -> list[Path]:
    """Remove what a crash can leave: temporary files, and files without a record. Only files older than
    `older_than`, so the file of a transaction still in progress is left alone. Returns what was removed."""
    if not root.is_dir():
        return []
    cutoff = clock.now().timestamp() - older_than.total_seconds()
    known = {
        (organisation_id, f"{sha256}.{format}")
        for organisation_id, sha256, format in session.exec(
            select(
                col(ReportRecord.organisation_id), col(ReportRecord.sha256), col(ReportRecord.format)
            ).group_by(col(ReportRecord.organisation_id), col(ReportRecord.sha256), col(ReportRecord.format))
        ).all()
    }
    removed = []
    for folder in root.iterdir():
        if not folder.is_dir() or not folder.name.isdigit():
            continue
        for path in folder.iterdir():
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            stored = STORED_NAME.match(path.name)
            orphan = path.name.startswith(TEMP_PREFIX) or (
                stored is not None and (int(folder.name), path.name) not in known
            )
            if orphan:
                path.unlink()
                removed.append(path)
    return removed


def report_count(
    *, session: Session, organisation_id: int, kind: str | None = None, year: int | None = None
) -> int:
    """How many reports the organisation's archive holds, of the kind and year when given (a list's total)."""
    return int(
        session.exec(
            select(func.count()).select_from(ReportRecord).where(*_of(organisation_id, kind, year))
        ).one()
    )


def reports_with_digest(*, session: Session, organisation_id: int, sha256: str) -> list[ReportRecord]:
    """The organisation's reports whose file has this SHA-256: is a copy one of ours, and which?"""
    return list(
        session.exec(
            select(ReportRecord)
            .where(col(ReportRecord.organisation_id) == organisation_id, col(ReportRecord.sha256) == sha256)
            .order_by(col(ReportRecord.generated_at))
        ).all()
    )

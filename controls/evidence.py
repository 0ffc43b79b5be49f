"""Evidence for an answer: uploaded files (type checked by extension and by content, size limited, stored
under a random name in the organisation's folder) and https links."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from controls.answer_models import Answer, Evidence, EvidenceKind, EvidenceRemoval
from controls.answers import answer_of, current_revision, cutoff
from controls.models import Requirement
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError

CHUNK = 64 * 1024
MAX_LINK = 2000


class EvidenceRejected(RuleError):
    """The file or link cannot be accepted (one rule code `evidence.*`; its field is "file" or "link"). Its own
    type because a page that saves an answer with evidence must tell the two refusals apart."""

    def __init__(self, code: str, message: str, *, field: str = "", **params: object):
        super().__init__(Problem(f"evidence.{code}", params, field, message=message))


def _zip_holds(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def _opendocument(kind: str) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.getinfo("mimetype").file_size > 200:
                    return False
                return archive.read("mimetype").decode("ascii", "replace").strip() == kind
        except (zipfile.BadZipFile, KeyError, ValueError):
            return False

    return check


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


@dataclass(frozen=True)
class FileType:
    content_type: str
    looks_right: Callable[[bytes], bool]  # given the whole file


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", lambda data: data.startswith(b"%PDF-")),
    "png": FileType("image/png", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileType("image/jpeg", lambda data: data.startswith(b"\xff\xd8\xff")),
    "jpeg": FileType("image/jpeg", lambda data: data.startswith(b"\xff\xd8\xff")),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda data: data.startswith(b"PK\x03\x04") and _zip_holds(data, "word/document.xml"),
    ),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda data: data.startswith(b"PK\x03\x04") and _zip_holds(data, "xl/workbook.xml"),
    ),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        lambda data: data.startswith(b"PK\x03\x04") and _zip_holds(data, "ppt/presentation.xml"),
    ),
    "odt": FileType(ODT, _opendocument(ODT)),
    "ods": FileType(ODS, _opendocument(ODS)),
    "txt": FileType("text/plain", _is_text),
    "csv": FileType("text/csv", _is_text),
    "md": FileType("text/markdown", _is_text),
}


def allowed_extensions() -> list[str]:
    return sorted(FILE_TYPES)


def display_name(filename: str) -> str:
    """The last path component of an uploaded name, without control characters (for display and download)."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"').strip().lstrip(".")
    return name[:200] or "bestand"


def extension_of(filename: str) -> str:
    name = display_name(filename)
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def organisation_folder(root: Path, organisation_id: int) -> Path:
    return Path(root) / str(int(organisation_id))


def evidence_path(root: Path, evidence: Evidence) -> Path:
    """Where an evidence file is stored; refuses any name that would leave the organisation's folder."""
    folder = organisation_folder(root, evidence.organisation_id).resolve()
    path = (folder / evidence.stored_name).resolve()
    if not evidence.stored_name or path.parent != folder:
        raise EvidenceRejected("bad_path", "ongeldige opslagnaam")
    return path


@dataclass(frozen=True)
class StoredFile:
    """The file columns of an evidence row."""

    filename: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def store_file(
    *, root: Path, organisation_id: int, filename: str, stream: BinaryIO, max_bytes: int
) -> StoredFile:
    """Check an upload and write it under a random name."""
    extension = extension_of(filename)
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        allowed = ", ".join(allowed_extensions())
        raise EvidenceRejected(
            "type_not_allowed",
            f"bestandstype '.{extension}' niet toegestaan; toegestaan: {allowed}",
            field="file",
            extension=extension,
            allowed=allowed,
        )
    data = bytearray()
    while chunk := stream.read(CHUNK):
        data.extend(chunk)
        if len(data) > max_bytes:
            max_mb = max_bytes // (1024 * 1024)
            raise EvidenceRejected(
                "too_large", f"bestand groter dan {max_mb} MB", field="file", max_mb=max_mb
            )
    if not data:
        raise EvidenceRejected("empty", "het bestand is leeg", field="file")
    if not file_type.looks_right(bytes(data)):
        raise EvidenceRejected(
            "content_mismatch",
            f"de inhoud past niet bij een .{extension}-bestand",
            field="file",
            extension=extension,
        )
    folder = organisation_folder(root, organisation_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    fd = os.open(folder / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return StoredFile(
        filename=display_name(filename),
        stored_name=stored_name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_link(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if len(url) > MAX_LINK:
        raise EvidenceRejected(
            "link_too_long", f"link te lang: hoogstens {MAX_LINK} tekens", field="link", max=MAX_LINK
        )
    if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in url):
        raise EvidenceRejected("link_not_https", "alleen https-links zijn toegestaan", field="link")
    if parts.username or parts.password:
        raise EvidenceRejected(
            "link_credentials", "een link mag geen gebruikersnaam of wachtwoord bevatten", field="link"
        )
    return url


def changeable(requirement: Requirement) -> None:
    """Evidence of a requirement that no longer applies stays as it was."""
    if not requirement.is_active:
        raise EvidenceRejected(
            "withdrawn", "deze eis geldt niet meer; het bewijs kan niet meer worden gewijzigd"
        )


def answer_for_evidence(*, session: Session, organisation_id: int, requirement: Requirement) -> Answer:
    """The answer new evidence belongs to: the requirement still applies and has been answered."""
    changeable(requirement)
    answer = answer_of(session=session, organisation_id=organisation_id, requirement_id=id_of(requirement))
    if answer is None or current_revision(session=session, answer_id=id_of(answer)) is None:
        raise EvidenceRejected("not_answered", "geef eerst een antwoord; daarna kunt u bewijs toevoegen")
    return answer


def add_evidence_file(
    *,
    session: Session,
    root: Path,
    organisation_id: int,
    answer_id: int,
    filename: str,
    stream: BinaryIO,
    max_bytes: int,
    actor: Actor,
    description: str = "",
) -> Evidence:
    """Store an uploaded file as evidence of an answer. If the caller's transaction then fails, it should call
    discard_file so that no unreferenced file stays behind."""
    stored = store_file(
        root=root, organisation_id=organisation_id, filename=filename, stream=stream, max_bytes=max_bytes
    )
    evidence = Evidence(
        answer_id=answer_id,
        organisation_id=organisation_id,
        kind=EvidenceKind.FILE.value,
        description=description.strip()[:300],
        added_at=clock.now(),
        added_by_id=actor.user_id,
        added_by_name=actor.name[:200],
        filename=stored.filename,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    session.add(evidence)
    session.flush()
    _record(session=session, action="evidence.added", evidence=evidence, actor=actor)
    return evidence


def _record(*, session: Session, action: str, evidence: Evidence, actor: Actor) -> None:
    answer = session.get(Answer, evidence.answer_id)
    requirement = session.get(Requirement, answer.requirement_id) if answer else None
    shown = {"soort": evidence.kind, "bestand": evidence.filename or None, "link": evidence.url or None}
    shown |= {"omschrijving": evidence.description or None, "sha256": evidence.sha256 or None}
    before, after = (shown, {}) if action == "evidence.removed" else ({}, shown)
    record_event(
        session=session,
        action=action,
        actor=actor,
        organisation_id=evidence.organisation_id,
        subject=requirement.code if requirement else "",
        detail=f"bewijsstuk {evidence.id}",
        changes=changed_fields(before, after) if after else {k: (v, None) for k, v in before.items() if v},
    )


def add_evidence_link(
    *,
    session: Session,
    organisation_id: int,
    answer_id: int,
    url: str,
    actor: Actor,
    description: str = "",
    at: datetime | None = None,
) -> Evidence:
    """Add a link as evidence (`at` backdates it; only the demo seeder uses it)."""
    evidence = Evidence(
        answer_id=answer_id,
        organisation_id=organisation_id,
        kind=EvidenceKind.LINK.value,
        url=check_link(url),
        description=description.strip()[:300],
        added_at=at or clock.now(),
        added_by_id=actor.user_id,
        added_by_name=actor.name[:200],
    )
    session.add(evidence)
    session.flush()
    _record(session=session, action="evidence.added", evidence=evidence, actor=actor)
    return evidence


def remove_evidence(*, session: Session, evidence: Evidence, actor: Actor) -> None:
    """Record that evidence is removed (an `EvidenceRemoval`); the evidence row and its file stay, so the
    history and "as of" views keep showing it."""
    if removals_of(session=session, evidence_ids=[id_of(evidence)]):
        return
    removal = EvidenceRemoval(
        evidence_id=id_of(evidence),
        organisation_id=evidence.organisation_id,
        removed_at=clock.now(),
        removed_by_id=actor.user_id,
        removed_by_name=actor.name[:200],
    )
    session.add(removal)
    session.flush()
    _record(session=session, action="evidence.removed", evidence=evidence, actor=actor)


def not_removed(limit: datetime | None = None) -> ColumnElement[bool]:
    """A condition on `Evidence`: in force, i.e. not removed (before `limit`, the end of an "as of" day)."""
    removal = select(col(EvidenceRemoval.id)).where(col(EvidenceRemoval.evidence_id) == col(Evidence.id))
    if limit is not None:
        removal = removal.where(col(EvidenceRemoval.removed_at) < limit)
    return ~removal.exists()


def removals_of(*, session: Session, evidence_ids: list[int]) -> dict[int, EvidenceRemoval]:
    """The removal of each of these evidence rows that has been removed."""
    if not evidence_ids:
        return {}
    rows = session.exec(select(EvidenceRemoval).where(col(EvidenceRemoval.evidence_id).in_(evidence_ids)))
    return {row.evidence_id: row for row in rows}


def discard_file(root: Path, evidence: Evidence) -> None:
    """Delete the stored file of evidence whose row was never committed."""
    if evidence.kind == EvidenceKind.FILE.value and evidence.stored_name:
        evidence_path(root, evidence).unlink(missing_ok=True)


def evidence_for(*, session: Session, answer_id: int, as_of: date | None = None) -> list[Evidence]:
    """The evidence of an answer in force now (or at the end of a day), oldest first."""
    query = select(Evidence).where(col(Evidence.answer_id) == answer_id)
    if as_of is None:
        query = query.where(not_removed())
    else:
        limit = cutoff(as_of)
        query = query.where(col(Evidence.added_at) < limit).where(not_removed(limit))
    return list(session.exec(query.order_by(col(Evidence.added_at), col(Evidence.id))).all())


def evidence_by_id(*, session: Session, organisation_id: int, evidence_id: int) -> Evidence | None:
    """Evidence of this organisation only: another organisation's id gives None."""
    return session.exec(
        select(Evidence).where(Evidence.id == evidence_id, Evidence.organisation_id == organisation_id)
    ).first()

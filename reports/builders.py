"""Which builder makes which report: a dispatch table (kind, format) -> builder(*, session, organisation_id,
params) -> bytes. Builders only build; `generate_report` hands the bytes to the archive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from reports.archive import Author, store_report
from reports.models import ReportFormat, ReportKind, ReportRecord


class ReportError(ValueError):
    """The report cannot be made with these parameters (a user error: say why in one line)."""


KIND_LABELS = {
    ReportKind.SOA: "Verklaring van Toepasselijkheid",
    ReportKind.RISKS: "Risicorapportage",
    ReportKind.PC: "Weerstandsvermogen P&C",
    ReportKind.MANAGEMENT: "Managementrapportage",
}
# Short Dutch names for the files offered on download.
FILE_NAMES = {
    ReportKind.SOA: "vvt",
    ReportKind.RISKS: "risicos",
    ReportKind.PC: "weerstandsvermogen",
    ReportKind.MANAGEMENT: "management",
}


@dataclass(frozen=True)
class ReportParameters:
    """What a builder needs besides the database: whose report, as of when, made by whom and when."""

    organisation_name: str
    organisation_slug: str
    generated_by: str
    generated_at: datetime
    as_of: date | None = None
    moment_id: int | None = None

    def stored(self) -> dict:
        """The parameters that define the report's content, kept with the archived record."""
        values: dict = {"organisation": self.organisation_name}
        if self.as_of is not None:
            values["as_of"] = self.as_of.isoformat()
        if self.moment_id is not None:
            values["moment_id"] = self.moment_id
        return values


Builder = Callable[..., bytes]
BUILDERS: dict[tuple[ReportKind, ReportFormat], Builder] = {}


def formats_of(kind: ReportKind | str) -> list[ReportFormat]:
    """The formats a kind of report comes in (PDF first)."""
    return [format for format in ReportFormat if (ReportKind(kind), format) in BUILDERS]


def available_kinds() -> list[ReportKind]:
    return [kind for kind in ReportKind if formats_of(kind)]


def build_report(
    *,
    session: Session,
    organisation_id: int,
    kind: ReportKind | str,
    format: ReportFormat | str,
    params: ReportParameters,
) -> bytes:
    try:
        function = BUILDERS[(ReportKind(kind), ReportFormat(format))]
    except (KeyError, ValueError):
        raise ReportError(f"rapport '{kind}' bestaat niet als {format}") from None
    return function(session=session, organisation_id=organisation_id, params=params)


def download_name(kind: ReportKind | str, format: ReportFormat | str, params: ReportParameters) -> str:
    day = (params.as_of or params.generated_at.date()).isoformat()
    moment = f"-moment{params.moment_id}" if params.moment_id is not None else ""
    name = FILE_NAMES[ReportKind(kind)]
    return f"{name}-{params.organisation_slug}{moment}-{day}.{ReportFormat(format).value}"


def generate_report(
    *,
    session: Session,
    root: Path,
    organisation_id: int,
    kind: ReportKind | str,
    format: ReportFormat | str,
    params: ReportParameters,
    author: Author,
) -> ReportRecord:
    """Build a report and keep it in the archive (flushed; the caller commits)."""
    content = build_report(
        session=session, organisation_id=organisation_id, kind=kind, format=format, params=params
    )
    return store_report(
        session=session,
        root=root,
        organisation_id=organisation_id,
        kind=kind,
        format=format,
        parameters=params.stored(),
        content=content,
        author=author,
        filename=download_name(kind, format, params),
        generated_at=params.generated_at,
    )

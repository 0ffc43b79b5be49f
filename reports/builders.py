"""Which builder makes which report: a dispatch table (kind, format) -> builder(*, session, organisation_id,
params) -> bytes. Builders only build; `generate_report` hands the bytes to the archive."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Protocol

from sqlmodel import Session

from core import clock
from core.actor import Actor
from core.errors import RuleError
from core.ranges import EARLIEST_DATE, date_problem
from reports import ensia, management, pc, risks, signing, soa
from reports.archive import store_report
from reports.language import check_language, report_language
from reports.models import ReportFormat, ReportKind, ReportRecord
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters


class Builder(Protocol):
    def __call__(self, *, session: Session, organisation_id: int, params: ReportParameters) -> bytes: ...


BUILDERS: dict[tuple[ReportKind, ReportFormat], Builder] = {
    (ReportKind.SOA, ReportFormat.PDF): soa.soa_pdf,
    (ReportKind.SOA, ReportFormat.XLSX): soa.soa_xlsx,
    (ReportKind.RISKS, ReportFormat.PDF): risks.risks_pdf,
    (ReportKind.RISKS, ReportFormat.XLSX): risks.risks_xlsx,
    (ReportKind.PC, ReportFormat.PDF): pc.pc_pdf,
    (ReportKind.MANAGEMENT, ReportFormat.PDF): management.management_pdf,
    (ReportKind.ENSIA, ReportFormat.XLSX): ensia.ensia_xlsx,
}


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
        raise RuleError.one(
            "report.unknown_kind",
            f"rapport '{kind}' bestaat niet als {format}",
            kind=str(kind),
            format=str(format),
        ) from None
    with report_language(check_language(kind, params.language)):
        return function(session=session, organisation_id=organisation_id, params=params)


def download_name(kind: ReportKind | str, format: ReportFormat | str, params: ReportParameters) -> str:
    day = (params.as_of or clock.to_local(params.generated_at).date()).isoformat()  # the Dutch date
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
    actor: Actor,
) -> ReportRecord:
    """Build a report and keep it in the archive (flushed; the caller commits). A report as of a day before
    core.ranges.EARLIEST_DATE or after today is refused (`report.as_of_out_of_range`)."""
    # ENSIA's reference date is 31 December of the year being evaluated, from July on ahead of today.
    latest = (
        ensia.reference_day(clock.today().year) if ReportKind(kind) == ReportKind.ENSIA else clock.today()
    )
    if params.as_of is not None and date_problem(params.as_of, latest=latest) is not None:
        raise RuleError.one(
            "report.as_of_out_of_range",
            f"de peildatum ligt niet tussen {EARLIEST_DATE.isoformat()} en vandaag",
            field="as_of",
            earliest=EARLIEST_DATE.isoformat(),
        )
    if ReportKind(kind) == ReportKind.PC and params.moment_id is None:
        # keep in the record which moment "the latest" was
        params = replace(
            params, moment_id=pc.latest_moment_id(session=session, organisation_id=organisation_id)
        )
    content = build_report(
        session=session, organisation_id=organisation_id, kind=kind, format=format, params=params
    )
    if ReportFormat(format) == ReportFormat.PDF:
        reason = f"{KIND_LABELS[ReportKind(kind)]} van {params.organisation_name}, gemaakt door Naleving"
        content = signing.sign_pdf(content, reason=reason)
    return store_report(
        session=session,
        root=root,
        organisation_id=organisation_id,
        kind=kind,
        format=format,
        parameters=params.stored(),
        content=content,
        actor=actor,
        filename=download_name(kind, format, params),
        generated_at=params.generated_at,
    )

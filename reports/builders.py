"""Which builder makes which report: a dispatch table (kind, format) -> builder(*, session, organisation_id,
params) -> bytes. Builders only build; `generate_report` hands the bytes to the archive."""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import Protocol

from sqlmodel import Session

from core import clock
from core.actor import Actor
from core.errors import RuleError
from core.ranges import EARLIEST_DATE, date_problem
from reports.archive import store_report
from reports.language import check_language, dutch_only_titles, report_language
from reports.models import ReportFormat, ReportKind, ReportRecord
from reports.parameters import FILE_NAMES, KIND_LABELS, YEAR_KINDS, ReportParameters, reference_day


class Builder(Protocol):
    def __call__(self, *, session: Session, organisation_id: int, params: ReportParameters) -> bytes: ...


class _Lazy:
    """The builder `reports.<module>.<name>`, imported when a report is made: the PDF and spreadsheet
    libraries are not loaded by a process (a CLI command, a page) that makes none; a web worker imports them
    all when it starts (`warm_up`)."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def load(self) -> Builder:
        function: Builder = getattr(import_module(f"reports.{self.module}"), self.name)
        return function

    def __call__(self, *, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
        return self.load()(session=session, organisation_id=organisation_id, params=params)


def _lazy(module: str, name: str) -> Builder:
    return _Lazy(module, name)


BUILDERS: dict[tuple[ReportKind, ReportFormat], Builder] = {
    (ReportKind.SOA, ReportFormat.PDF): _lazy("soa", "soa_pdf"),
    (ReportKind.SOA, ReportFormat.XLSX): _lazy("soa", "soa_xlsx"),
    (ReportKind.RISKS, ReportFormat.PDF): _lazy("risks", "risks_pdf"),
    (ReportKind.RISKS, ReportFormat.XLSX): _lazy("risks", "risks_xlsx"),
    (ReportKind.PC, ReportFormat.PDF): _lazy("pc", "pc_pdf"),
    (ReportKind.MANAGEMENT, ReportFormat.PDF): _lazy("management", "management_pdf"),
    (ReportKind.ENSIA, ReportFormat.XLSX): _lazy("ensia", "ensia_xlsx"),
    (ReportKind.COLLEGE, ReportFormat.PDF): _lazy("college", "college_pdf"),
    (ReportKind.IN_CONTROL, ReportFormat.PDF): _lazy("in_control", "in_control_pdf"),
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
    language = check_language(kind, params.language)
    adopted = ReportKind(kind) == ReportKind.SOA and params.adoption is not None  # titles frozen in Dutch
    titles = 0 if adopted else dutch_only_titles(session=session, language=language)
    with report_language(language, dutch_only_titles=titles, adopted=adopted):
        return function(session=session, organisation_id=organisation_id, params=params)


def download_name(kind: ReportKind | str, format: ReportFormat | str, params: ReportParameters) -> str:
    day = (params.as_of or clock.to_local(params.generated_at).date()).isoformat()  # the Dutch date
    moment = f"-moment{params.moment_id}" if params.moment_id is not None else ""
    name = FILE_NAMES[ReportKind(kind)]
    return f"{name}-{params.organisation_slug}{moment}-{day}.{ReportFormat(format).value}"


def year_of(kind: ReportKind | str, params: ReportParameters) -> ReportParameters:
    """The parameters of a kind of a year with its year and 31 December as the reference date: the year
    given, else this year (ENSIA may instead be of any date given as `as_of`). Refused: a year for another
    kind (`report.year_not_for_kind`), a year and a date together, or a date for the collegeverklaring or the
    In Control Verklaring (`report.year_or_as_of`), a year outside 2000 to this year
    (`report.year_out_of_range`)."""
    kind = ReportKind(kind)
    if kind not in YEAR_KINDS:
        if params.year is not None:
            raise RuleError.one(
                "report.year_not_for_kind", "een jaar hoort niet bij dit rapport", field="year"
            )
        return params
    both = params.year is not None and params.as_of is not None
    if both or (kind != ReportKind.ENSIA and params.as_of is not None):
        raise RuleError.one(
            "report.year_or_as_of", "geef het jaar, geen peildatum: die is 31 december", field="year"
        )
    if params.as_of is not None:
        return params
    year = params.year if params.year is not None else clock.today().year
    if not EARLIEST_DATE.year <= year <= clock.today().year:
        raise RuleError.one(
            "report.year_out_of_range",
            f"het jaar ligt niet tussen {EARLIEST_DATE.year} en {clock.today().year}",
            field="year",
            year=year,
            earliest=EARLIEST_DATE.year,
            latest=clock.today().year,
        )
    return replace(params, year=year, as_of=reference_day(year))


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
    core.ranges.EARLIEST_DATE or after today is refused (`report.as_of_out_of_range`); a kind of a year
    (ENSIA, the collegeverklaring, the In Control Verklaring) is of 31 December of `params.year` (default: this
    year), up to this year's."""
    from reports import pc, pdf_child, signing

    params = year_of(kind, params)
    # The reference date of a kind of a year is 31 December, from July on ahead of today.
    latest = reference_day(clock.today().year) if ReportKind(kind) in YEAR_KINDS else clock.today()
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
    record = store_report(
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
    if (
        pdf_child.isolated()
    ):  # the layout's memory went with its child; this returns the rest (the workbook...)
        pdf_child.return_memory()
    return record


def warm_up() -> None:
    """Do once what the first report of a process would otherwise do on top of its own work: start Pango and
    load the fonts, parse the stylesheet, compile the templates, load the spreadsheet writer (without numpy:
    core.tabular.load_writer) and make a workbook once, import the builders, load the PDF/A writer and the
    signing key. The web workers call it when they start (gunicorn.conf.py), so the first report after start-up
    is as fast as the next."""
    from core.tabular import load_writer

    load_writer()  # first: openpyxl imported by reports.xlsx or a builder would bring numpy with it
    from reports import pdf, signing, xlsx

    for builder in BUILDERS.values():  # the builders' modules with what they import (openpyxl, the annex...)
        if isinstance(builder, _Lazy):
            builder.load()
    workbook = xlsx.new_workbook()
    workbook.create_sheet("warm-up")
    xlsx.workbook_bytes(workbook)  # openpyxl's writer
    signing.sign_pdf(pdf.warm_up(), reason="warm-up")

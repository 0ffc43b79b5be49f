"""What every report builder shares: its parameters and the Dutch names of the kinds. A builder that cannot make
a report of its parameters raises core.errors.RuleError with a `report.*` code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.labels import N_, Labels, translator
from reports.models import ReportKind

KIND_LABELS = Labels(
    {
        ReportKind.SOA: N_("Verklaring van Toepasselijkheid"),
        ReportKind.RISKS: N_("Risicorapportage"),
        ReportKind.PC: N_("Weerstandsvermogen P&C"),
        ReportKind.MANAGEMENT: N_("Managementrapportage"),
        ReportKind.ENSIA: N_("ENSIA-zelfevaluatie"),
        ReportKind.COLLEGE: N_("Collegeverklaring ENSIA (concept)"),
        ReportKind.IN_CONTROL: N_("In Control Verklaring (concept)"),
    }
)
# Who made a report no user made, as the report names it, in the report's language (the audit trail keeps the
# actor's own name).
MADE_BY = Labels(
    {
        "command_line": N_("opdrachtregel (%(operator)s)"),
        "schedule": N_("planning #%(id)s (automatisch)"),
    }
)


def made_by(key: str, language: str, **values: object) -> str:
    """The name of the command line or a schedule as the maker of a report in `language`."""
    return MADE_BY.of(key, translator(language)) % values


# Short Dutch names for the files offered on download.
FILE_NAMES = {
    ReportKind.SOA: "vvt",
    ReportKind.RISKS: "risicos",
    ReportKind.PC: "weerstandsvermogen",
    ReportKind.MANAGEMENT: "management",
    ReportKind.ENSIA: "ensia",
    ReportKind.COLLEGE: "collegeverklaring",
    ReportKind.IN_CONTROL: "in-control-verklaring",
}
# The kinds of a year (ENSIA's rhythm): their reference date is 31 December of the year.
YEAR_KINDS = frozenset({ReportKind.ENSIA, ReportKind.COLLEGE, ReportKind.IN_CONTROL})


def reference_day(year: int) -> date:
    """ENSIA's and the In Control Verklaring's reference date: 31 December of the year."""
    return date(year, 12, 31)


@dataclass(frozen=True)
class ReportParameters:
    """What a builder needs besides the database: whose report, as of when, made by whom and when."""

    organisation_name: str
    organisation_slug: str
    generated_by: str
    generated_at: datetime
    as_of: date | None = None
    moment_id: int | None = None
    adoption: int | None = None  # the SoA report of an adopted version (its number), instead of the answers
    year: int | None = None  # a kind of a year (YEAR_KINDS): the year, as_of then being its 31 December
    language: str = "nl"  # reports.language: Dutch, or English for the kinds that have it

    def stored(self) -> dict[str, str | int]:
        """The parameters that define the report's content, kept with the archived record."""
        values: dict[str, str | int] = {"organisation": self.organisation_name}
        if self.as_of is not None:
            values["as_of"] = self.as_of.isoformat()
        if self.moment_id is not None:
            values["moment_id"] = self.moment_id
        if self.adoption is not None:
            values["adoption"] = self.adoption
        if self.year is not None:
            values["year"] = self.year
        values["language"] = self.language
        return values

"""The input for the paragraph weerstandsvermogen en risicobeheersing of one P&C moment, read from its frozen
snapshot (so the report says the same in ten years): the risks with probability and financial impact, the Monte
Carlo result under its named impact convention, the begroting's own figures in force with the ratio and rating
over the municipality's totals (only when they are entered), and what changed since the previous moment."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session

from core.dbtypes import id_of
from core.errors import RuleError
from core.labels import N_
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import (
    DataFile,
    Document,
    TocEntry,
    dutch_date,
    dutch_datetime,
    dutch_number,
    json_data,
    render_pdf,
)
from reports.risks import field_value, heatmap_texts, in_language
from risk import labels
from risk.capacity import Rating
from risk.heatmap import Kind, heatmap_svg
from risk.models import MomentKind, PCMoment
from risk.pc import (
    Comparison,
    SnapshotView,
    capacity_history,
    compare_snapshots,
    get_moment,
    snapshot_of,
    snapshot_view,
)
from risk.reading import RiskState
from risk.weerstand import NoRatio, Weerstand, current_figures, weerstand_of

NO_RATIO_TEXTS = {
    NoRatio.NO_FIGURES: N_(
        "De ratio weerstandsvermogen zet de beschikbare capaciteit af tegen de benodigde capaciteit "
        "van alle risico's van de gemeente. De cijfers uit de begroting (de beschikbare capaciteit en de benodigde "
        "capaciteit van de overige risico's) zijn voor dit moment niet ingevuld; de informatiebeveiligingsrisico's "
        "alleen geven geen weerstandsvermogen."
    ),
    NoRatio.OTHER_CERTAINTY: N_(
        "De begroting rekent met een andere zekerheid dan deze momentopname; bedragen bij "
        "verschillende zekerheid zijn niet op te tellen."
    ),
    NoRatio.NOTHING_REQUIRED: N_("Er is geen benodigde weerstandscapaciteit."),
}
CONVENTION_SENTENCES = {
    "triangular": N_(
        "een bedrag volgens een driehoeksverdeling over minimum, meest waarschijnlijk en maximum"
    ),
    "maximum": N_("het maximumbedrag"),
    "uniform": N_("een bedrag gelijkmatig verdeeld tussen 0 en het maximum"),
    "most_likely": N_("het meest waarschijnlijke bedrag"),
}


def convention_name(weerstand: Weerstand) -> str:
    if weerstand.convention is None:
        return _("onbekende methode")
    return labels.CONVENTION.of(weerstand.convention, _)


def convention_sentence(weerstand: Weerstand) -> str:
    return _(
        CONVENTION_SENTENCES.get(str(weerstand.convention), N_("een bedrag volgens een onbekende methode"))
    )


# The NAR's ranges, with the numbers in the report's language (reports.pdf's number filter).
RATING_RANGES = (
    (Rating.A, N_("ratio groter dan %(a)s"), (2.0,)),
    (Rating.B, N_("%(a)s tot en met %(b)s"), (1.4, 2.0)),
    (Rating.C, N_("%(a)s tot %(b)s"), (1.0, 1.4)),
    (Rating.D, N_("%(a)s tot %(b)s"), (0.8, 1.0)),
    (Rating.E, N_("%(a)s tot %(b)s"), (0.6, 0.8)),
    (Rating.F, N_("kleiner dan %(a)s"), (0.6,)),
)


def rating_ranges() -> list[tuple[Rating, str]]:
    return [
        (grade, _(text) % dict(zip("ab", (dutch_number(bound, 1) for bound in bounds), strict=False)))
        for grade, text, bounds in RATING_RANGES
    ]


@dataclass(frozen=True)
class MomentReport:
    view: SnapshotView
    previous: SnapshotView | None
    comparison: Comparison | None
    weerstand: Weerstand
    previous_weerstand: Weerstand | None

    @property
    def with_exposure(self) -> list[RiskState]:
        """The open risks with a financial estimate: the input of the simulation."""
        return [r for r in self.view.risks if not r.is_closed and r.exposure is not None]

    @property
    def without_exposure(self) -> list[RiskState]:
        return [r for r in self.view.risks if not r.is_closed and r.exposure is None]


def moment_name(moment: PCMoment) -> str:
    return f"{labels.MOMENT_KIND.of(MomentKind(moment.kind), _)} {moment.year}"


def _no_snapshot() -> RuleError:
    return RuleError.one("report.no_snapshot", "er is nog geen P&C-moment met een momentopname")


def latest_moment_id(*, session: Session, organisation_id: int) -> int:
    """The latest P&C moment with a snapshot: what a weerstandsvermogen report without a chosen moment shows."""
    history = capacity_history(session=session, organisation_id=organisation_id)
    if not history:
        raise _no_snapshot()
    return id_of(history[-1][0])


def moment_report(*, session: Session, organisation_id: int, moment_id: int | None) -> MomentReport:
    """The chosen moment (or the latest with a snapshot) and the one before it."""
    history = capacity_history(session=session, organisation_id=organisation_id)
    if moment_id is None:
        if not history:
            raise _no_snapshot()
        moment, snapshot = history[-1]
    else:
        chosen = get_moment(session=session, organisation_id=organisation_id, moment_id=moment_id)
        if chosen is None:
            raise RuleError.one(
                "report.unknown_moment", f"onbekend P&C-moment {moment_id}", moment_id=moment_id
            )
        taken = snapshot_of(session=session, moment=chosen)
        if taken is None:
            raise RuleError.one(
                "report.moment_without_snapshot",
                f"P&C-moment {moment_id} heeft nog geen momentopname",
                moment_id=moment_id,
            )
        moment, snapshot = chosen, taken
    view = snapshot_view(moment, snapshot)
    position = [m.id for m, _s in history].index(moment.id)  # history is in P&C order, oldest first
    previous = snapshot_view(*history[position - 1]) if position > 0 else None
    return MomentReport(
        view,
        previous,
        compare_snapshots(previous, view) if previous else None,
        _weerstand(session=session, view=view),
        _weerstand(session=session, view=previous) if previous else None,
    )


def _weerstand(*, session: Session, view: SnapshotView) -> Weerstand:
    return weerstand_of(view.snapshot, current_figures(session=session, moment=view.moment))


def pc_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    report = moment_report(session=session, organisation_id=organisation_id, moment_id=params.moment_id)
    view = report.view
    snapshot = view.snapshot
    document = Document(
        title=f"{_(KIND_LABELS[ReportKind.PC])}: {moment_name(view.moment)}",
        kind_label=_("Paragraaf weerstandsvermogen en risicobeheersing"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=None,
        has_as_of=False,
        facts=(
            (_("P&C-document"), moment_name(view.moment)),
            (_("Peildatum van het moment"), dutch_date(view.moment.moment_on)),
            (
                _("Momentopname"),
                _("%(at)s door %(by)s")
                % {"at": dutch_datetime(snapshot.taken_at), "by": snapshot.taken_by or _("onbekend")},
            ),
            (_("Financieel gevolg per risico"), convention_name(report.weerstand)),
            (_("SHA-256 momentopname"), snapshot.sha256),
            (
                _("Momentopname ongewijzigd"),
                _("ja") if view.intact else _("NEE: inhoud wijkt af van de controlewaarde"),
            ),
        ),
        kind=ReportKind.PC.value,
    )
    toc = [
        TocEntry("weerstandsvermogen", _("Weerstandsvermogen")),
        TocEntry("risicos", _("Risico's met financiële gevolgen")),
        TocEntry("vergelijking", _("Vergelijking met het vorige moment")),
    ]
    return render_pdf(
        "pc.html",
        {
            "document": document,
            "toc": toc,
            "report": report,
            "view": view,
            "s": snapshot,
            "labels": labels,
            "rating_ranges": rating_ranges(),
            "no_ratio_texts": NO_RATIO_TEXTS,
            "convention_name": convention_name,
            "convention_sentence": convention_sentence,
            "moment_name": moment_name,
            "field_value": field_value,
            "residual_svg": heatmap_svg(
                view.residual_counts,
                matrix=in_language(view.matrix),
                title=_("Restrisico bij de momentopname"),
                id_prefix="pc-residual",
                texts=heatmap_texts(),
            ),
            "kinds": {Kind.INHERENT: _("inherent"), Kind.RESIDUAL: _("rest")},
        },
        data=_snapshot_data(view, params),
    )


def _snapshot_data(view: SnapshotView, params: ReportParameters) -> DataFile:
    """The frozen snapshot the figures were computed from, with the SHA-256 that seals it: the source."""
    data = json_data(
        f"{FILE_NAMES[ReportKind.PC]}-{params.organisation_slug}-moment{view.moment.id}.json",
        _("De momentopname waaruit de cijfers zijn berekend (met de SHA-256 die haar verzegelt), als JSON"),
        {"sha256": view.snapshot.sha256, "momentopname": view.content},
    )
    return replace(data, relationship="Source")

"""The management report: one or two pages for the board (directie, college van B&W): compliance per theme and
its trend, the residual heatmap, the top risks, overdue reviews and the latest weerstandsvermogen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from controls.soa import Entry, Statement, statement_of_applicability
from controls.trend import compliance_trend, trend_svg
from controls.worklist import worklist_of
from core import clock
from core.labels import N_
from reports.language import current_language
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pc import moment_name
from reports.pdf import DataFile, Document, json_data, render_pdf
from reports.risks import Register, register_at
from risk import labels
from risk.heatmap import Kind
from risk.models import PCMoment, PCSnapshot
from risk.reading import RiskState, top_residual
from risk.weerstand import Weerstand, weerstand_history

TREND_DAYS = (91, 365)  # compared with a quarter and a year before the reference date
TOP_RISKS = 5
OVERDUE_SHOWN = 8


@dataclass(frozen=True)
class ThemeTrend:
    title: str
    now: int  # percent implemented
    before: tuple[int | None, ...]  # the same, TREND_DAYS earlier (None: nothing answered yet then)


@dataclass(frozen=True)
class Overview:
    reference_date: date
    statement: Statement
    trends: list[ThemeTrend]
    register: Register
    top: list[RiskState]
    overdue_answers: list[Entry]
    overdue_risks: list[RiskState]
    capacity: (
        tuple[PCMoment, PCSnapshot, Weerstand] | None
    )  # (moment, snapshot, weerstandsvermogen) of the latest P&C moment with a snapshot


def overview(*, session: Session, organisation_id: int, as_of: date | None) -> Overview:
    reference = as_of or clock.today()
    locale = current_language()
    statement = statement_of_applicability(
        session=session, organisation_id=organisation_id, as_of=as_of, locale=locale
    )
    earlier = [
        statement_of_applicability(
            session=session,
            organisation_id=organisation_id,
            as_of=reference - timedelta(days=days),
            locale=locale,
        )
        for days in TREND_DAYS
    ]
    trends = [
        ThemeTrend(
            row.title,
            row.percent_implemented,
            tuple(_percent(old, row.key) for old in earlier),
        )
        for row in statement.by_theme
    ]
    register = register_at(session=session, organisation_id=organisation_id, as_of=as_of)
    history = weerstand_history(session=session, organisation_id=organisation_id)
    history = [row for row in history if row[0].moment_on <= reference]
    return Overview(
        reference_date=reference,
        statement=statement,
        trends=trends,
        register=register,
        top=top_residual(register.states, TOP_RISKS),
        overdue_answers=list(worklist_of(statement).review_overdue),  # most overdue first
        overdue_risks=sorted(
            (s for s in register.open if s.review_on is not None and s.review_on < reference),
            key=lambda s: s.review_on,
        ),
        capacity=history[-1] if history else None,
    )


def _percent(statement: Statement, key: str) -> int | None:
    row = next(row for row in statement.by_theme if row.key == key)
    answered = row.total - row.unanswered - row.held
    return row.percent_implemented if answered else None


def management_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    data = overview(session=session, organisation_id=organisation_id, as_of=params.as_of)
    document = Document(
        title=_(KIND_LABELS[ReportKind.MANAGEMENT]),
        kind_label=_("Informatiebeveiliging in één oogopslag"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=params.as_of,
        kind=ReportKind.MANAGEMENT.value,
    )
    return render_pdf(
        "management.html",
        {
            "document": document,
            "toc": [],
            "cover": False,
            "data": data,
            "labels": labels,
            "trend_days": TREND_DAYS,
            "overdue_shown": OVERDUE_SHOWN,
            "residual_svg": data.register.heatmap(Kind.RESIDUAL, id_prefix="management-residual"),
            "moment_name": moment_name,
            "trend_svgs": _trend_svgs(session=session, organisation_id=organisation_id, params=params),
        },
        data=_figures(data, params),
    )


def _figures(data: Overview, params: ReportParameters) -> DataFile:
    """The figures of the overview as JSON: compliance per theme and its trend, the top risks, what is overdue
    and the latest rating."""
    matrix = data.register.matrix

    def risk(state: RiskState) -> dict[str, object]:
        return {
            "reference": state.reference,
            "title": state.title,
            "residual_likelihood": state.residual_likelihood,
            "residual_impact": state.residual_impact,
            "residual_level": matrix.level(state.residual_likelihood, state.residual_impact),
            "review_on": state.review_on,
        }

    capacity = None
    if data.capacity is not None:
        moment, snapshot, weerstand = data.capacity
        capacity = {
            "moment": moment_name(moment),
            "impact_convention": weerstand.convention.value if weerstand.convention else snapshot.method,
            "infosec_required": weerstand.infosec_required,
            "certainty": weerstand.certainty,
            "total_required": weerstand.total_required,
            "ratio": weerstand.ratio,
            "rating": weerstand.rating.value if weerstand.rating else None,
        }
    return json_data(
        f"{FILE_NAMES[ReportKind.MANAGEMENT]}-{params.organisation_slug}.json",
        _("De cijfers van het managementoverzicht als JSON"),
        {
            "reference_date": data.reference_date,
            "percent_implemented": data.statement.overall.percent_implemented,
            "themes": [
                {
                    "theme": t.title,
                    "percent_implemented": t.now,
                    "days_before": TREND_DAYS,
                    "before": t.before,
                }
                for t in data.trends
            ],
            "top_risks": [risk(state) for state in data.top],
            "overdue_answers": [
                {
                    "code": e.code,
                    "title": e.title,
                    "next_review_due": e.answer.next_review_due if e.answer else None,
                }
                for e in data.overdue_answers
            ],
            "overdue_risks": [risk(state) for state in data.overdue_risks],
            "capacity": capacity,
        },
    )


def _trend_svgs(*, session: Session, organisation_id: int, params: ReportParameters) -> list[str]:
    """The compliance trend of the last 12 month ends, per theme and per category: the same SVG builder (and
    words) as the dashboard's, in the report's language."""
    trend = compliance_trend(
        session=session,
        organisation_id=organisation_id,
        today=params.as_of or params.generated_at.date(),
        locale=current_language(),
    )
    months = [_(name) for name in MONTHS]
    change = _("%(name)s: van %(first)s %% naar %(last)s %%") % {
        "name": "{name}",
        "first": "{first}",
        "last": "{last}",
    }
    return [
        trend_svg(
            trend.months,
            lines,
            title=_(title),
            id_prefix=f"management-trend-{key}",
            month_names=months,
            change=change,
        )
        for key, lines, title in (
            ("thema", trend.themes, TREND_TITLES[0]),
            ("categorie", trend.categories, TREND_TITLES[1]),
        )
    ]


TREND_TITLES = (
    N_("Geïmplementeerd per thema, laatste 12 maanden"),
    N_("Geïmplementeerd per categorie, laatste 12 maanden"),
)
MONTHS: tuple[str, ...] = (N_("jan"), N_("feb"), N_("mrt"), N_("apr"), N_("mei"), N_("jun"))
MONTHS += (N_("jul"), N_("aug"), N_("sep"), N_("okt"), N_("nov"), N_("dec"))

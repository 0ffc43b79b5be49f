"""The public VvT (BIO2 part 1 §14 and §18): what an organisation that opted in (core.publication) shows without
login at /publiek/<slug>/, as a page, as JSON and as a PDF.

Only what is meant for the public: of the latest adopted version (plan.adoption, never the live answers) each
requirement's code, title, applicability, status and public explanation, with the adoption's date and body; of
the scope statement in force when that version was adopted, its text and the processes and systems it lists by
reference, kind and name. Never the internal explanation, owners, evidence, risks, findings, dates of review
or the provider's shared texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from controls.labels import label
from controls.models import Requirement
from controls.soa import THEMES, Entry, Progress
from core.dbtypes import id_of
from core.models import Organisation
from plan.adoption import adopted_statement, adoptions
from plan.models import SoaAdoption
from reports.language import gettext as _
from reports.language import report_language
from scope.models import ScopeStatement
from scope.statement import statement_items


@dataclass(frozen=True)
class PublicEntry:
    code: str
    kind: str
    group: str  # the theme chapter (controls.soa.THEMES)
    title: str
    applicability: str | None  # an Applicability value; None: not answered in the adopted version
    status: str  # a Status value
    public_explanation: str


@dataclass(frozen=True)
class PublicScope:
    number: int
    recorded_on: date
    text: str
    items: tuple[tuple[str, str, str], ...]  # (reference, kind, name) of the processes and systems in scope


@dataclass(frozen=True)
class PublicAdoption:
    number: int
    adopted_on: date
    body: str
    reference_date: date  # the statement's own date: the answers as they stood then
    catalogue_version: str | None
    adopted_at: datetime


@dataclass(frozen=True)
class PublicVvt:
    """What is public of an organisation; `adoption` None: nothing adopted yet (then nothing else is shown)."""

    organisation_name: str
    slug: str
    adoption: PublicAdoption | None
    entries: tuple[PublicEntry, ...]
    overall: Progress | None
    scope: PublicScope | None
    language: str = "nl"  # the language of the titles, and of the PDF
    dutch_only_titles: int = 0  # entries whose requirement has no title in `language`: shown as adopted

    def groups(self) -> list[tuple[str, list[PublicEntry]]]:
        """The entries by theme chapter, in the statement's order."""
        return [
            (t, [e for e in self.entries if e.group == t])
            for t in THEMES
            if any(e.group == t for e in self.entries)
        ]


def public_vvt(*, session: Session, organisation: Organisation, locale: str = "nl") -> PublicVvt:
    """The organisation's public VvT (the caller has checked that it publishes). Titles in `locale` from the
    catalogue where it has them, else as adopted. A fixed number of queries."""
    found = adoptions(session=session, organisation_id=id_of(organisation))
    if not found:
        return PublicVvt(organisation.name, organisation.slug, None, (), None, None, language=locale)
    adoption = found[0]
    statement = adopted_statement(adoption)
    active = [entry for entry in statement.entries if entry.active]
    titles = _titles(session=session, entries=active, locale=locale)
    return PublicVvt(
        organisation_name=organisation.name,
        slug=organisation.slug,
        adoption=PublicAdoption(
            number=adoption.number,
            adopted_on=adoption.adopted_on,
            body=adoption.body,
            reference_date=statement.reference_date,
            catalogue_version=statement.catalogue_version,
            adopted_at=adoption.created_at,
        ),
        entries=tuple(_public(entry, titles.get(entry.requirement_id, entry.title)) for entry in active),
        overall=statement.overall,
        scope=_scope(session=session, adoption=adoption),
        language=locale,
        dutch_only_titles=0 if locale == "nl" else len(active) - len(titles),
    )


def _public(entry: Entry, title: str) -> PublicEntry:
    answer = entry.answer
    return PublicEntry(
        code=entry.code,
        kind=entry.kind,
        group=entry.group,
        title=title,
        applicability=answer.applicability if answer is not None else None,
        status=entry.status,
        public_explanation=answer.public_explanation if answer is not None else "",
    )


def _titles(*, session: Session, entries: list[Entry], locale: str) -> dict[int, str]:
    """The catalogue's titles in `locale` of the entries that have one there."""
    if locale == "nl":
        return {}
    ids = [entry.requirement_id for entry in entries]
    rows = session.exec(select(Requirement).where(col(Requirement.id).in_(ids))).all()
    return {id_of(row): row.title(locale) for row in rows if row.title_en.strip()}


def _scope(*, session: Session, adoption: SoaAdoption) -> PublicScope | None:
    """The scope statement in force when the version was adopted (None: there was none)."""
    statement = session.exec(
        select(ScopeStatement)
        .where(
            col(ScopeStatement.organisation_id) == adoption.organisation_id,
            col(ScopeStatement.recorded_at) <= adoption.created_at,
        )
        .order_by(col(ScopeStatement.number).desc())
    ).first()
    if statement is None:
        return None
    return PublicScope(
        number=statement.number,
        recorded_on=statement.recorded_at.date(),
        text=statement.text,
        items=tuple(statement_items(statement)),
    )


def public_vvt_pdf(view: PublicVvt) -> bytes:
    """The public VvT as an accessible PDF in the view's language (reports.language), the same content as the
    page. It depends only on the adopted version and the language, so these give the same file."""
    from reports.pdf import Document, render_pdf  # the PDF library, only when a PDF is made

    adoption = view.adoption
    with report_language(view.language, dutch_only_titles=view.dutch_only_titles):
        document = Document(
            title=_("Verklaring van Toepasselijkheid"),
            kind_label=_("BIO2 · openbare versie"),
            organisation_name=view.organisation_name,
            generated_by="Naleving",
            generated_at=adoption.adopted_at if adoption is not None else datetime(2000, 1, 1),
            as_of=adoption.reference_date if adoption is not None else None,
            kind="public-vvt",
        )
        context: dict[str, Any] = {
            "document": document,
            "view": view,
            "label": lambda group, value: label(group, value, view.language),
            "cover": False,
            "toc": [],
        }
        return render_pdf("public_vvt.html", context)

"""The improvement plan in Excel: one column spec (`ACTIONS_SHEET`, core.tabular) for export and import.
Import is all or nothing: every row is checked first; a row equal to the current revision changes nothing; the
requirement codes and risk references of a row are linked (links are added, never removed by a sheet)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial

from sqlmodel import Session, col, select

from controls.models import Requirement
from core.actor import Actor
from core.dbtypes import id_of
from core.models import Membership, User
from core.tabular import (
    DATE,
    Choice,
    Column,
    ImportResult,
    Integer,
    Row,
    SheetSpec,
    TextList,
    Use,
    apply_rows,
    read_sheet,
)
from core.tabular import export as export_sheet
from plan.actions import (
    REFERENCE,
    ActionData,
    create_action,
    data_of,
    link_action,
    links_of,
    list_actions,
    update_action,
)
from plan.labels import ACTION_STATUS
from plan.models import Action, ActionStatus, LinkKind
from risk.models import Risk

IMPORT_NOTE = "import uit Excel"
STATUS = Choice(tuple((s.value, ACTION_STATUS[s]) for s in ActionStatus), allow_blank=False)

ACTIONS_SHEET = SheetSpec(
    name="Verbeterplan",
    ref="reference",
    freeze="C2",
    help_sheet="Toelichting",
    columns=(
        Column("Referentie", 11, key="reference", help="A-001 enz. Leeg: een nieuwe actie."),
        Column("Revisie", 9, key="revision", type=Integer(), use=Use.KEY, help="Revisie bij de export."),
        Column("Titel", 40, key="title", help="Verplicht, ten hoogste 200 tekens."),
        Column("Omschrijving", 50, key="description", help="Vrije tekst."),
        Column(
            "Eigenaar", 24, key="owner_name", help="Naam van de eigenaar (een persoon zonder account mag)."
        ),
        Column("E-mail eigenaar", 28, key="owner_email", help="Leeg, of het e-mailadres van een gebruiker."),
        Column("Streefdatum", 14, key="due_on", type=DATE, help="Verplicht bij open en bezig."),
        Column("Status", 12, key="status", type=STATUS, help=", ".join(map(str, STATUS.labels()))),
        Column("Uren", 9, key="effort_hours", type=Integer(0), help="Geschatte inspanning in uren."),
        Column("Kosten", 12, key="cost_euros", type=Integer(0), help="Geschatte kosten in hele euro's."),
        Column("Eisen", 22, key="requirements", type=TextList(), help="Codes, gescheiden door '; '."),
        Column("Risico's", 18, key="risks", type=TextList(), help="Referenties, gescheiden door '; '."),
    ),
)


def export_actions(*, session: Session, organisation_id: int) -> bytes:
    actions = list_actions(session=session, organisation_id=organisation_id)
    links = links_of(session=session, action_ids=[id_of(a) for a in actions])
    codes, references, emails = _names(session=session, organisation_id=organisation_id)
    rows = []
    for action in actions:
        linked = links[id_of(action)]
        rows.append(
            {"reference": action.reference, "revision": action.revision}
            | asdict(data_of(action))
            | {
                "owner_email": emails.get(action.owner_id or 0, ""),
                "requirements": tuple(
                    codes[x.target_id]
                    for x in linked
                    if x.kind == LinkKind.REQUIREMENT and x.target_id in codes
                ),
                "risks": tuple(
                    references[x.target_id]
                    for x in linked
                    if x.kind == LinkKind.RISK and x.target_id in references
                ),
            }
        )
    return export_sheet(ACTIONS_SHEET, rows)


def _names(
    *, session: Session, organisation_id: int
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Requirement codes, the organisation's risk references and its users' e-mail addresses, by id."""
    codes = {id_of(r): r.code for r in session.exec(select(Requirement)).all()}
    references = {
        id_of(r): r.reference
        for r in session.exec(select(Risk).where(col(Risk.organisation_id) == organisation_id))
    }
    emails = {
        id_of(u): u.email
        for u in session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(col(Membership.organisation_id) == organisation_id)
        )
    }
    return codes, references, emails


@dataclass(frozen=True)
class _Checked:
    row: Row
    data: ActionData
    links: tuple[tuple[str, int], ...]


def _check_rows(
    *, session: Session, organisation_id: int, rows: list[Row], heads: dict[str, Action]
) -> list[_Checked]:
    codes, references, emails = _names(session=session, organisation_id=organisation_id)
    by_code = {code: rid for rid, code in codes.items()}
    by_reference = {ref: rid for rid, ref in references.items()}
    by_email = {email.lower(): uid for uid, email in emails.items()}
    checked = []
    for row in rows:
        if row.ref and not REFERENCE.match(row.ref):
            row.problem("action.reference_malformed", "reference", reference=row.ref)
        email = (row.values.get("owner_email") or "").strip().lower()
        if email and email not in by_email:
            row.problem("action.owner_not_member", "owner_email")
        unknown = [c for c in row.values.get("requirements") or () if c not in by_code]
        if unknown:
            row.problem("action.unknown_requirements", "requirements", codes=", ".join(unknown))
        missing = [r for r in row.values.get("risks") or () if r not in by_reference]
        if missing:
            row.problem("action.unknown_risks", "risks", references=", ".join(missing))
        head = heads.get(row.ref)
        if head is not None and row.values.get("revision") not in (None, head.revision):
            row.stale(row.values.get("revision"), head.revision)
        data = ActionData(
            title=row.values.get("title") or "",
            status=row.values.get("status") or "",
            description=row.values.get("description") or "",
            owner_id=by_email.get(email) if email else None,
            owner_name=row.values.get("owner_name") or "",
            due_on=row.values.get("due_on"),
            effort_hours=row.values.get("effort_hours"),
            cost_euros=row.values.get("cost_euros"),
        ).normalised()
        if data.owner_id is not None and not data.owner_name:
            data = ActionData(**(asdict(data) | {"owner_name": emails[data.owner_id]}))
        row.problems.extend(p.at(row=row.number, ref=row.ref) for p in data.problems())
        links = tuple(
            (LinkKind.REQUIREMENT.value, by_code[c])
            for c in row.values.get("requirements") or ()
            if c in by_code
        )
        links += tuple(
            (LinkKind.RISK.value, by_reference[r]) for r in row.values.get("risks") or () if r in by_reference
        )
        checked.append(_Checked(row, data, links))
    return checked


def import_actions(
    *, session: Session, organisation_id: int, source: bytes, dry_run: bool = False, actor: Actor
) -> ImportResult:
    """Create and update actions from a sheet; RuleError with every problem (nothing written). A dry run saves
    too, in a savepoint it rolls back (`core.tabular.apply_rows`): it names a new row by the reference it
    would get."""
    rows = read_sheet(source, ACTIONS_SHEET)
    heads = {a.reference: a for a in list_actions(session=session, organisation_id=organisation_id)}
    checked = _check_rows(session=session, organisation_id=organisation_id, rows=rows, heads=heads)
    save = partial(_apply, session=session, organisation_id=organisation_id, heads=heads, actor=actor)
    return apply_rows(
        ACTIONS_SHEET, [(item.row, item) for item in checked], save, session=session, dry_run=dry_run
    )


def _apply(
    row: Row,
    item: _Checked,
    result: ImportResult,
    *,
    session: Session,
    organisation_id: int,
    heads: dict[str, Action],
    actor: Actor,
) -> None:
    """Save one checked row (or leave it alone when it and its links are as they are) and count it."""
    head = heads.get(row.ref)
    if head is None:
        head = create_action(
            session=session,
            organisation_id=organisation_id,
            data=item.data,
            actor=actor,
            links=item.links,
            note=IMPORT_NOTE,
            reference=row.ref or None,
        )
        result.add_created(row, head.reference)
        return
    before = data_of(head)
    existing = {
        (x.kind, x.target_id) for x in links_of(session=session, action_ids=[id_of(head)])[id_of(head)]
    }
    new_links = [link for link in item.links if link not in existing]
    if before == item.data and not new_links:
        result.unchanged.append(head.reference)
        return
    update_action(
        session=session,
        action=head,
        data=item.data,
        expected_revision=head.revision,
        actor=actor,
        note=IMPORT_NOTE,
    )
    for kind, target_id in new_links:
        link_action(session=session, action=head, kind=kind, target_id=target_id, actor=actor)
    changed = ACTIONS_SHEET.changed(asdict(before), asdict(item.data))
    result.add_updated(row, head.reference, changed + (("Eisen/Risico's",) if new_links else ()))

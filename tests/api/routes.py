"""What the API's access matrix needs: sample values for the URL parameters (tests/routes.py's, plus a taken
snapshot and a report file), and a valid body for each change, so a foreign id meets the lookup (404) and not
the body's validation. An area that adds a resource adds its parameters and bodies here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from core.actor import Actor
from incidents.board import add_member
from incidents.models import BoardMember
from reports.archive import report_path
from reports.models import ReportRecord
from risk.models import PCMoment
from risk.pc import snapshot_of, take_snapshot
from tests.factories import World
from tests.risk.factories import risk_data
from tests.routes import sample_values

ANSWER = {
    "applicability": "applicable",
    "implementation": "implemented",
    "design": "sufficient",
    "last_reviewed_on": "2026-01-05",
}
RISK = {
    name: (
        list(value)
        if isinstance(value, tuple)
        else value.isoformat()
        if hasattr(value, "isoformat")
        else value
    )
    for name, value in risk_data().__dict__.items()
}
SCOPE_ITEM = {"kind": "system", "name": "Zaaksysteem", "owner": "Hoofd Publiekszaken"}

ACTION = {"title": "Back-up testen", "owner_name": "Jan", "due_on": "2026-06-30"}
FINDING = {"title": "Geen hersteltest", "severity": "significant", "reference_date": "2026-01-05"}

INCIDENT = {"title": "Storing", "aware_at": "2026-01-05T10:00:00+01:00", "significant": True}
MESSAGE = {"kind": "early_warning", "recipient": "both", "sent_at": "2026-01-05T12:00:00+01:00"}

# A valid body for each change, by endpoint: (json, form).
BODIES: dict[str, tuple[dict | None, dict | None]] = {
    "api.create_answer": ({**ANSWER, "requirement_code": "0.00.00"}, None),
    "api.change_answer": (ANSWER, None),
    "api.add_link": ({"url": "https://dms.example/x"}, None),
    "api.record_risk": (RISK, None),
    "api.change_risk": (RISK, None),
    "api.create_scope_item": (SCOPE_ITEM, None),
    "api.change_scope_item": ({k: v for k, v in SCOPE_ITEM.items() if k != "kind"}, None),
    "api.run_quickscan": ({"answers": {}}, None),
    "api.create_supplier": ({"name": "Nieuwe Leverancier BV", "jurisdiction": "eu"}, None),
    "api.add_supplier_evidence": ({"kind": "iso27001", "issued_on": "2026-01-05"}, None),
    "api.change_supplier": ({"name": "Leverancier BV", "jurisdiction": "nl"}, None),
    "api.record_item_exception": ({"reason": "Dit systeem valt onder de leverancier."}, None),
    "api.record_scope_statement": ({"text": "Alle processen van de gemeente."}, None),
    "api.make_report": ({"kind": "soa", "format": "xlsx"}, None),
    "api.upload": (None, {"file": (b"bewijs", "bewijs.txt")}),
    "api.record_action": (ACTION, None),
    "api.change_action": (ACTION, None),
    "api.approve_approval": ({"reason": ""}, None),
    "api.reject_approval": ({"reason": "Onvoldoende onderbouwd."}, None),
    "api.create_finding": (FINDING, None),
    "api.respond_to_finding": ({"response": "Wij pakken dit op."}, None),
    "api.record_incident": (INCIDENT, None),
    "api.change_incident": (INCIDENT, None),
    "api.add_message": (MESSAGE, None),
    "api.new_member": ({"name": "A. de Vries", "position": "wethouder", "joined_on": "2026-01-05"}, None),
    "api.new_training": ({"course": "Cbw-bestuurderstraining", "trained_on": "2026-01-05"}, None),
    "api.preview_copy": ({"source": "voorbeeld"}, None),
    "api.copy_answers_in": ({"source": "voorbeeld", "fingerprint": "0" * 32}, None),
    "api.enter_budget_figures": (
        {"available_capacity": 3_000_000, "other_required_capacity": 1_000_000, "certainty": 0.9},
        None,
    ),
    "api.set_impact_convention": ({"impact_convention": "maximum"}, None),
}


def api_sample_values(session: Session, world: World, instance: Path) -> tuple[dict, dict]:
    """Own and other values; both organisations' moments get their snapshot and their reports a file."""
    own, other = sample_values(session, world)
    for values in (own, other):
        moment = session.get(PCMoment, values["moment_id"])
        if snapshot_of(session=session, moment=moment) is None:
            take_snapshot(session=session, moment=moment, actor=Actor.system("test"), scenarios=1000)
        record = session.get(ReportRecord, values["report_id"])
        path = report_path(instance / "reports", record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 test")
    for values, organisation in ((own, world.own), (other, world.other)):
        values["member_id"] = _member(session, organisation.id)
    # OSCAL documents are named, not numbered: the "other" value is one that is not a kind (404 as well)
    own["oscal_kind"], other["oscal_kind"] = "ssp", "geen-soort"
    session.commit()
    return own, other


def _member(session: Session, organisation_id: int) -> int:
    member = session.exec(select(BoardMember).where(BoardMember.organisation_id == organisation_id)).first()
    if member is None:
        member = add_member(
            session=session,
            organisation_id=organisation_id,
            name="J. Jansen",
            position="burgemeester",
            joined_on=date(2025, 1, 1),
            actor=Actor.system("test"),
        )
    return member.id


def api_rules(app):
    """(rule, method, view) of every API route."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not hasattr(view, "api_permission"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, view


def reports_exist(session: Session) -> bool:
    return session.exec(select(ReportRecord)).first() is not None

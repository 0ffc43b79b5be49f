"""What the access matrix needs to know about routes: which are public or login-only, and sample values for
the URL parameters of organisation routes. Every area adds its parameters to `sample_values`."""

from __future__ import annotations

from sqlmodel import Session

from core.models import Role
from tests.factories import World
from tests.incidents.samples import incident_sample_values
from tests.plan.samples import plan_sample_values
from tests.risk.samples import risk_sample_values
from tests.scope.samples import scope_sample_values

# Reachable without login.
PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.set_language",
    "main.healthz",
    "auth.second_step",  # only after the right password (a pending step in the session); else back to login
    "auth.recovery_step",
    "auth.invitation",  # the invitation's token is the key; unknown or used: 404
    "sso.start",  # 404 unless NALEVING_OIDC_ISSUER is set
    "sso.callback",
    "api_docs.openapi",  # the API's own documents; the API itself has its matrix in tests/api/test_access.py
    "api_docs.page",
    "api_docs.asset",
    # the public VvT: 404 unless the organisation publishes, whoever asks (tests/public/test_public_vvt.py)
    "public.index",
    "public.vvt",
    "public.vvt_pdf",
    "api.get_public_vvt",
}

# Need a login but no organisation; the value is the status each role gets on GET (None: POST-only).
LOGIN_ONLY_ENDPOINTS: dict[str, dict[Role, int] | None] = {
    "main.index": {role: 302 for role in Role},  # one organisation: redirected to its dashboard
    "auth.logout": None,
    "auth.change_password": {role: 200 for role in Role},
    "auth.account": {role: 200 for role in Role},
    "auth.end_other_sessions": None,
    "auth.mfa_setup": {role: 200 for role in Role},
    "auth.renew_recovery_codes": None,
    "tokens.tokens": {role: 200 for role in Role},
    "tokens.revoke": None,
    "admin.new_organisation": {Role.ADMIN: 200, Role.CISO: 403, Role.AUDITOR: 403, Role.MANAGEMENT: 403},
    # the regional view compares the user's own organisations: with one there is nothing (tests/together)
    "together.overview": {role: 404 for role in Role},
    "together.overview_xlsx": {role: 404 for role in Role},
    "together.overview_pdf": {role: 404 for role in Role},
    "together.copy": {role: 404 for role in Role},
    "together.copy_confirm": None,
}


def sample_values(session: Session, world: World) -> tuple[dict, dict]:
    """URL parameter values for objects of the own organisation, and for the same kind of object of the other
    organisation (used with the own slug: must give 404)."""
    own = {"user_id": world.user(Role.CISO).id}
    other = {"user_id": world.user(Role.CISO, "other").id}
    own["invitation_id"], other["invitation_id"] = _invitations_of_both(session, world)
    risk_own, risk_other = risk_sample_values(session, world)
    own |= risk_own
    other |= risk_other
    scope_own, scope_other = scope_sample_values(session, world)
    own |= scope_own
    other |= scope_other
    plan_own, plan_other = plan_sample_values(session, world)
    own |= plan_own
    other |= plan_other
    incident_own, incident_other = incident_sample_values(session, world)
    own |= incident_own
    other |= incident_other
    # The catalogue is shared by every organisation: there is no other organisation's requirement, so the
    # "other" value is a code that does not exist (must give 404 as well).
    _ensure_catalogue(session)
    own["code"], other["code"] = "5.01.01", "0.00.00"
    own["evidence_id"], other["evidence_id"] = _evidence_of_both(session, world)
    # An ENSIA year is of every organisation: the "other" value is a year out of range (404 as well).
    own["year"], other["year"] = 2026, 1999
    for values, organisation in ((own, world.own), (other, world.other)):
        values.update(_report_samples(session, organisation.id))
    return own, other


def _invitations_of_both(session: Session, world: World) -> tuple[int, int]:
    from core.actor import Actor
    from core.identity_models import Invitation
    from core.invitations import invite

    ids = []
    for organisation in (world.own, world.other):
        invite(
            session=session,
            email=f"genodigde@{organisation.slug}.nl",
            organisation=organisation,
            role=Role.AUDITOR,
            actor=Actor.system("test"),
        )
        session.commit()
        ids.append(session.exec(select_invitation(Invitation, organisation.id)).one().id)
    return ids[0], ids[1]


def select_invitation(model, organisation_id: int):
    from sqlmodel import select

    return select(model).where(model.organisation_id == organisation_id)


def _ensure_catalogue(session: Session) -> None:
    """The requirement pages need a catalogue: load the mini catalogue when none is loaded."""
    from controls.catalogue import current_catalogue, load_catalogue_file
    from tests.conftest import MINI_CATALOGUE

    if current_catalogue(session=session) is None:
        load_catalogue_file(session=session, path=MINI_CATALOGUE)
        session.commit()


def _evidence_of_both(session: Session, world: World) -> tuple[int, int]:
    """5.01.01 answered by both organisations, each with evidence (a link, so that no file is needed)."""
    from datetime import date

    from sqlmodel import select

    from controls.answers import record_answer
    from controls.evidence import add_evidence_link
    from controls.models import Requirement
    from controls.rules import AnswerValues
    from core.actor import Actor

    requirement = session.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    evidence = []
    for organisation in (world.own, world.other):
        revision = record_answer(
            session=session,
            organisation_id=organisation.id,
            requirement_id=requirement.id,
            values=AnswerValues(
                applicability="applicable",
                implementation="implemented",
                design="sufficient",
                last_reviewed_on=date(2026, 1, 5),
            ),
            base_revision=0,
            actor=Actor.system("test"),
        ).revision
        evidence.append(
            add_evidence_link(
                session=session,
                organisation_id=organisation.id,
                answer_id=revision.answer_id,
                url=f"https://intranet.example/{organisation.slug}",
                actor=Actor.system("test"),
            ).id
        )
    session.commit()
    return evidence[0], evidence[1]


def _report_samples(session: Session, organisation_id: int) -> dict:
    """A report record (its file is not needed: a missing file is reported, not served) and a schedule."""
    from reports.models import ReportRecord, Schedule

    record = ReportRecord(
        organisation_id=organisation_id,
        kind="soa",
        format="pdf",
        parameters={},
        generated_by="test",
        size=1,
        sha256="0" * 64,
        filename="vvt.pdf",
    )
    schedule = Schedule(organisation_id=organisation_id, kind="soa", format="pdf", preset="monthly")
    session.add_all([record, schedule])
    session.commit()
    return {"report_id": record.id, "schedule_id": schedule.id}

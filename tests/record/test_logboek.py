"""The logboek: for the admins and auditors of an organisation only, readable, filtered, paged, exported; never
another organisation's events, also not those of a user who belongs to both."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from core import clock
from core.accounts import set_membership
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.audit_log import PAGE_SIZE
from core.models import Role

LOG = "/o/voorbeeld/beheer/logboek"


def event(db, organisation, action="risk.changed", subject="R-001", actor=Actor.system("Carla"), **changes):
    record_event(
        session=db,
        action=action,
        actor=actor,
        organisation_id=organisation.id if organisation else None,
        subject=subject,
        changes=changed_fields({k: v[0] for k, v in changes.items()}, {k: v[1] for k, v in changes.items()}),
    )
    db.commit()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMIN, 200), (Role.AUDITOR, 200), (Role.CISO, 403), (Role.MANAGEMENT, 403)]
)
def test_admins_and_auditors_read_the_logboek(client, world, login_as, role, status):
    login_as(role)
    assert client.get(LOG).status_code == status
    assert client.get(LOG + ".xlsx").status_code == status


def test_events_are_described_with_their_changes(client, db, world, login_as):
    event(db, world.own, title=("Oud", "Nieuw"))
    login_as(Role.AUDITOR)
    page = client.get(LOG).get_data(as_text=True)
    assert "Risico gewijzigd" in page and "risk.changed" not in page
    assert "<del>Oud</del>" in page and "<ins>Nieuw</ins>" in page and "R-001" in page


def test_english_descriptions(client, db, world, login_as):
    event(db, world.own)
    user = login_as(Role.AUDITOR)
    from core.models import User

    account = db.get(User, user.id)
    account.locale = "en"
    db.add(account)
    db.commit()
    page = client.get(LOG).get_data(as_text=True)
    assert "Risk changed" in page


def test_another_organisations_events_never_show_also_not_for_a_shared_user(client, db, world, login_as):
    shared = world.user(Role.CISO, "other")
    set_membership(
        session=db, user=shared, organisation=world.own, role=Role.AUDITOR, actor=Actor.system("x")
    )
    set_membership(
        session=db, user=shared, organisation=world.other, role=Role.ADMIN, actor=Actor.system("x")
    )
    event(db, world.other, action="risk.changed", subject="R-999")
    event(
        db,
        None,
        action="login.succeeded",
        subject=shared.email,
        actor=Actor(shared.id, shared.name, "10.9.8.7"),
    )
    db.commit()
    login_as(Role.ADMIN)
    page = client.get(LOG).get_data(as_text=True)
    assert "R-999" not in page and "10.9.8.7" not in page and "Aangemeld" not in page
    assert (
        page.count("Rol gewijzigd") == 0 and "Lid toegevoegd" in page
    )  # only the own organisation's membership
    sheet = load_workbook(io.BytesIO(client.get(LOG + ".xlsx").data)).active
    assert "R-999" not in str([cell.value for row in sheet.iter_rows() for cell in row])


def test_filters_by_period_user_kind_and_subject(client, db, world, login_as, monkeypatch):
    ciso = world.user(Role.CISO)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 1, 12, tzinfo=UTC))
    event(db, world.own, action="risk.created", subject="R-001")
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))
    event(db, world.own, action="answer.recorded", subject="5.09.09", actor=Actor.of(ciso))
    event(db, world.own, action="risk.changed", subject="R-002", actor=Actor.of(ciso))
    login_as(Role.AUDITOR)

    def shown(**args):
        page = client.get(LOG, query_string=args).get_data(as_text=True)
        return {ref for ref in ("R-001", "5.09.09", "R-002") if ref in page}

    assert shown() == {"R-001", "5.09.09", "R-002"}
    assert shown(van="2026-05-01") == {"5.09.09", "R-002"}
    assert shown(tot="2026-03-31") == {"R-001"}
    assert shown(door=str(ciso.id)) == {"5.09.09", "R-002"}
    assert shown(soort="risk") == {"R-001", "R-002"}
    assert shown(betreft="5.09.09") == {"5.09.09"}
    assert shown(soort="evil", door="x", van="gisteren") == {"R-001", "5.09.09", "R-002"}  # ignored, no 500
    sheet = load_workbook(io.BytesIO(client.get(LOG + ".xlsx", query_string={"soort": "risk"}).data)).active
    codes = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["risk.changed", "risk.created"]


def test_paging_and_out_of_range_pages(client, db, world, login_as):
    for n in range(PAGE_SIZE + 5):
        record_event(
            session=db, action="risk.changed", actor=None, organisation_id=world.own.id, subject=f"R-{n:03d}"
        )
    db.commit()
    login_as(Role.ADMIN)
    first = client.get(LOG).get_data(as_text=True)
    assert "Pagina 1 van 2" in first and "Oudere" in first
    assert client.get(LOG, query_string={"pagina": "2"}).status_code == 200
    for bad in ("3", "0", "-1", "x", "10" * 10, "100000000000000000000"):
        assert client.get(LOG, query_string={"pagina": bad}).status_code == 404, bad


def test_the_query_count_does_not_grow_with_the_data(client, db, world, login_as, count_queries):
    login_as(Role.ADMIN)

    def count():
        with count_queries() as counter:
            assert client.get(LOG).status_code == 200
        return counter.count

    event(db, world.own)
    count()  # the first view recomputes the whole chain; later ones the links added since (core.chain_verdict)
    event(db, world.own)
    few = count()
    for n in range(60):
        event(
            db,
            world.own,
            subject=f"R-{n:03d}",
            actor=Actor(world.user(Role.CISO).id, f"user {n % 7}"),
            x=(n, n + 1),
        )
    assert count() == few
    assert count() < few  # nothing added since: the verdict is read, not recomputed


def test_audit_list_on_the_command_line(cli, db, world, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 1, 12, tzinfo=UTC))
    event(db, world.own, action="risk.created", subject="R-001")
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))
    event(db, world.own, action="answer.recorded", subject="5.09.09", applicability=(None, "applicable"))
    event(db, world.other, action="risk.changed", subject="R-999")
    result = cli("audit", "list", "--org", "voorbeeld")
    assert result.exit_code == 0, result.stderr
    assert "R-001" in result.stdout and "R-999" not in result.stdout
    assert "Antwoord vastgelegd" in result.stdout and "applicability: – → applicable" in result.stdout
    since = cli("audit", "list", "--org", "voorbeeld", "--since", "2026-05-01").stdout
    assert "5.09.09" in since and "R-001" not in since
    kind = cli("audit", "list", "--org", "voorbeeld", "--kind", "risk").stdout
    assert "R-001" in kind and "5.09.09" not in kind
    for bad in (
        ("--org", "nope"),
        ("--since", "1900-01-01", "--org", "voorbeeld"),
        ("--kind", "evil", "--org", "voorbeeld"),
        (),
    ):
        failed = cli("audit", "list", *bad)
        assert failed.exit_code != 0 and "Traceback" not in failed.stderr, bad
    platform = cli("audit", "list", "--platform").stdout
    assert "R-001" not in platform

"""The draft In Control Verklaring and collegeverklaring: built from the year's picture as of 31 December (the
latest adoption up to then, the open risks, the findings open and closed, the open actions), CONCEPT on every
page, archived and signed like every PDF; `naleving report in-control|college|ensia` with `--year`, and bad
input refused in one line with exit 1."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from core.actor import Actor
from core.models import AuditEvent, Role
from plan.actions import data_of, update_action
from plan.approvals import approve, propose_adoption
from plan.findings import FindingData, record_finding
from reports import signing
from reports.accountability import year_picture
from reports.models import EnsiaYear, ReportRecord
from tests.answers.conftest import answer
from tests.plan.factories import make_action
from tests.reports.pdftext import normalised, page_texts
from tests.risk.factories import make_risk

CISO = Actor.system("Test CISO")


def _rows(path, sheet: str) -> list[tuple]:
    book = load_workbook(BytesIO(path.read_bytes()), read_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def _year_2026(db, world, fixed_clock):
    """A year with an adoption in March, two risks (one above appetite), two findings (one closed) and an
    action still open on 31 December; and things after the year end that must not count."""
    fixed_clock(datetime(2026, 3, 1, 10, tzinfo=UTC))
    answer(db, world.own, "5.15.01", applicability="applicable", implementation="implemented", commit=False)
    approval = propose_adoption(
        session=db,
        organisation_id=world.own.id,
        body="college van B&W",
        adopted_on=date(2026, 3, 1),
        actor=CISO,
    )
    manager = world.user(Role.MANAGEMENT)
    approve(session=db, approval=approval, actor=Actor.of(manager), role=Role.MANAGEMENT)
    make_risk(
        db,
        world.own.id,
        commit=False,
        title="Ransomware op de servers",
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=5,
        residual_impact=5,
    )
    make_risk(
        db,
        world.own.id,
        commit=False,
        title="Verlies van een laptop",
        residual_likelihood=1,
        residual_impact=1,
    )
    severe = record_finding(
        session=db,
        organisation_id=world.own.id,
        data=FindingData(
            title="Geen hersteltest van de back-up", severity="severe", reference_date=date(2026, 2, 1)
        ),
        actor=CISO,
    )
    minor = record_finding(
        session=db,
        organisation_id=world.own.id,
        data=FindingData(title="Logboek niet bekeken", severity="minor", reference_date=date(2026, 2, 1)),
        actor=CISO,
    )
    make_action(
        db, world.own.id, title="Hersteltest plannen", due_on=date(2027, 3, 1), links=[("finding", severe.id)]
    )
    done = make_action(
        db, world.own.id, title="Logreview inrichten", due_on=date(2026, 6, 1), links=[("finding", minor.id)]
    )
    fixed_clock(datetime(2026, 6, 1, 10, tzinfo=UTC))
    update_action(
        session=db,
        action=done,
        data=replace(data_of(done), status="done"),
        expected_revision=1,
        actor=CISO,
    )
    db.commit()
    fixed_clock(datetime(2027, 2, 1, 10, tzinfo=UTC))
    record_finding(  # after the year: not in the 2026 statement
        session=db,
        organisation_id=world.own.id,
        data=FindingData(title="Bevinding van 2027", severity="severe", reference_date=date(2027, 1, 15)),
        actor=CISO,
    )
    db.commit()
    return severe, minor


def test_the_year_picture_is_as_of_31_december(db, catalogue, world, fixed_clock):
    severe, minor = _year_2026(db, world, fixed_clock)
    picture = year_picture(session=db, organisation_id=world.own.id, year=2026)
    assert picture.adoption is not None and picture.adoption.number == 1
    assert [f.finding.reference for f in picture.findings] == [severe.reference, minor.reference]
    assert [f.closed for f in picture.findings] == [False, True]
    assert picture.findings_by_severity() == [("severe", 1, 0), ("significant", 0, 0), ("minor", 0, 1)]
    # the plan's rule gave the risk in treatment its own action (plan/rules.py)
    titles = [a.title for a in picture.open_actions]
    assert "Hersteltest plannen" in titles
    assert all(t.startswith("Behandelen: R-") for t in titles if t != "Hersteltest plannen")
    assert [r.title for r in picture.register.above_appetite] == ["Ransomware op de servers"]
    earlier = year_picture(session=db, organisation_id=world.own.id, year=2025)
    assert earlier.adoption is None and earlier.findings == () and earlier.register.open == []


@pytest.fixture
def signed(app):
    """The installation's self-signed certificate, as `naleving init` makes it."""
    from app.reports.signing import ensure_certificate

    with app.app_context():
        ensure_certificate(app)
    yield
    signing.configure(None)


def test_in_control_statement_with_its_exceptions(signed, db, catalogue, world, fixed_clock, cli, tmp_path):
    _year_2026(db, world, fixed_clock)
    out = tmp_path / "icv.pdf"
    result = cli("report", "in-control", "--org", world.own.slug, "--year", "2026", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    pages = page_texts(out.read_bytes())
    text = normalised(" ".join(pages))
    assert all("CONCEPT" in page for page in pages)
    assert world.own.name in text and "In Control Verklaring (concept) 2026" in text
    assert "met uitzondering van de onderwerpen hieronder" in text
    assert "vastgesteld op 01-03-2026 door college van B&W (versie 1)" in text
    assert "Ransomware op de servers" in text and "boven risicobereidheid" in text
    assert "Verlies van een laptop" in text
    assert "Geen hersteltest van de back-up" in text and "Logboek niet bekeken" in text
    assert "Bevinding van 2027" not in text
    assert "Hersteltest plannen" in text and "Logreview inrichten" not in text  # done by 31 December
    record = db.exec(select(ReportRecord)).one()
    assert (record.kind, record.format, record.parameters["year"]) == ("in-control", "pdf", 2026)
    assert record.parameters["as_of"] == "2026-12-31"
    status = signing.signature_status(out.read_bytes())
    assert status.signed and status.intact
    same = cli("report", "make", "in-control", "--org", world.own.slug, "--year", "2026", "--out", str(out))
    assert same.exit_code == 0, same.stderr


def test_in_control_without_an_adoption_says_so(db, catalogue, world, fixed_clock, cli, tmp_path):
    fixed_clock(datetime(2026, 12, 1, 10, tzinfo=UTC))
    out = tmp_path / "icv.pdf"
    result = cli("report", "in-control", "--org", world.own.slug, "--out", str(out))  # default: this year
    assert result.exit_code == 0, result.stderr
    text = normalised(" ".join(page_texts(out.read_bytes())))
    assert "geen vastgestelde Verklaring van Toepasselijkheid" in text
    assert "Er is geen vastgestelde Verklaring van Toepasselijkheid." in text  # among the exceptions
    assert "geen open risico's" in text and "geen bevindingen" in text


def test_collegeverklaring_with_the_bijlagen_as_stated(db, catalogue, world, fixed_clock, cli, tmp_path):
    _year_2026(db, world, fixed_clock)
    result = cli(
        "ensia", "set", "--org", world.own.slug, "--year", "2026", "--digid",
        "--digid-reference", "IT-2027-014", "--auditor", "Audit & Co",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    shown = cli("ensia", "show", "--org", world.own.slug, "--year", "2026")
    assert "bijlage 1 DigiD: van toepassing, kenmerk IT-2027-014" in shown.stdout
    assert "bijlage 2 Suwinet: niet van toepassing" in shown.stdout
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "ensia.year_recorded")).one()
    assert event.organisation_id == world.own.id and event.subject == "ENSIA 2026"
    out = tmp_path / "college.pdf"
    result = cli("report", "college", "--org", world.own.slug, "--year", "2026", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    pages = page_texts(out.read_bytes())
    text = normalised(" ".join(pages))
    assert all("CONCEPT" in page for page in pages)
    assert world.own.name in text and "31 december 2026" in text and "30 april 2027" in text
    assert "Bijlage 1: DigiD" in text and "IT-auditor Audit & Co met kenmerk IT-2027-014" in text
    assert "Bijlage 2: Suwinet" in text and "Suwinet over 2026 niet van toepassing" in text
    assert "Geen hersteltest van de back-up" in text
    assert "versie 1" in text
    book = tmp_path / "ensia.xlsx"
    assert (
        cli("report", "ensia", "--org", world.own.slug, "--year", "2026", "--out", str(book)).exit_code == 0
    )
    facts = dict(row[:2] for row in _rows(book, "ENSIA"))
    assert facts["Bijlage 1 DigiD"] == "van toepassing, assurancerapport IT-2027-014"
    assert facts["Bijlage 2 Suwinet"] == "niet van toepassing"


def test_the_ensia_workbook_names_the_findings(db, catalogue, world, fixed_clock, cli, tmp_path):
    from tests.answers.conftest import requirement_id

    fixed_clock(datetime(2026, 3, 1, 10, tzinfo=UTC))
    record_finding(
        session=db,
        organisation_id=world.own.id,
        data=FindingData(
            title="Toegangsrechten niet herzien",
            severity="significant",
            reference_date=date(2026, 2, 1),
            requirement_id=requirement_id(db, "5.15.01"),
        ),
        actor=CISO,
    )
    db.commit()
    out = tmp_path / "ensia.xlsx"
    assert cli("report", "ensia", "--org", world.own.slug, "--year", "2026", "--out", str(out)).exit_code == 0
    rows = _rows(out, "Zelfevaluatie BIO")
    assert rows[0][11] == "Bevindingen"
    row = next(r for r in rows if r[2] == "5.15.01")
    assert row[11] == "B-001 (significant, open): Toegangsrechten niet herzien"


@pytest.mark.parametrize(
    "args, message",
    [
        (("report", "in-control", "--year", "1999"), "het jaar 1999 ligt niet tussen 2000 en 2027"),
        (("report", "college", "--year", "2031"), "het jaar 2031 ligt niet tussen 2000 en 2027"),
        (("report", "in-control", "--as-of", "2026-12-31"), "geef het jaar, geen peildatum"),
        (("report", "in-control", "--format", "xlsx"), "bestaat niet als xlsx"),
        (("report", "in-control", "--org", "nergens"), "onbekende organisatie 'nergens'"),
        (("ensia", "set", "--year", "1999"), "het jaar 1999 ligt niet tussen 2000 en 2100"),
        (("ensia", "show", "--year", "2026", "--org", "nergens"), "onbekende organisatie 'nergens'"),
        (("ensia", "set", "--year", "2026", "--auditor", "x" * 201), "hooguit 200 tekens"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(db, catalogue, world, fixed_clock, cli, tmp_path, args, message):
    fixed_clock(datetime(2027, 2, 1, 10, tzinfo=UTC))
    command, *rest = args
    org = [] if "--org" in rest else ["--org", world.own.slug]
    out = [] if command == "ensia" else ["--out", str(tmp_path / "x.pdf")]
    result = cli(command, *rest, *org, *out)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert db.exec(select(ReportRecord)).all() == [] and db.exec(select(EnsiaYear)).all() == []

"""Bad input, over the web and on the command line, table-driven: for each case no 500, no traceback, the clear
message shown, and nothing written (the row counts of every table a case could touch, the audit trail
included, are the same afterwards). Runs on SQLite and PostgreSQL (on PostgreSQL a NUL would be a 500)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select

from controls.answer_models import Answer, AnswerRevision, Evidence
from controls.answers import record_answer
from controls.answers_xlsx import export_answers
from controls.models import CatalogueLoad, Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from core.models import AuditEvent, Membership, Organisation, Role, User
from reports.models import ReportRecord, Schedule
from risk.models import PCMoment, PCSnapshot, Risk, RiskRevision
from risk.xlsx import export_risks
from tests.risk.factories import make_risk
from tests.risk.samples import risk_sample_values
from tests.risk.test_web import form_data as risk_form

TABLES = (
    AuditEvent,
    Organisation,
    User,
    Membership,
    Answer,
    AnswerRevision,
    Evidence,
    Risk,
    RiskRevision,
    PCMoment,
    PCSnapshot,
    ReportRecord,
    Schedule,
    Requirement,
    CatalogueLoad,
)
NUL, BELL, ESC, CSI = "\x00", "\x07", "\x1b", "\x9b"
RLO, LRI, RLM = "\u202e", "\u2066", "\u200f"
HUGE = str(10**20)
PAST_BIGINT = str(2**63)
PAST_INTEGER = str(2**31)  # ids are INTEGER on PostgreSQL: one past is no id, not "integer out of range"

CONTROL = "een stuurteken"
BIDI = "verandert de leesrichting"
DATES = "kies een datum van 2000-01-01 tot en met 2100-12-31"
CHOICE = "Ongeldige keuze"


@dataclass(frozen=True)
class Web:
    name: str
    path: str
    data: dict | None = None  # None: GET
    role: Role | None = Role.CISO  # None: not logged in
    status: int = 200
    message: str = ""
    files: dict = field(default_factory=dict)  # field -> (maker of bytes, file name)


def answer(**overrides) -> dict:
    data = {
        "base_revision": "0",
        "applicability": "applicable",
        "implementation": "implemented",
        "design": "sufficient",
        "existence": "not_assessed",
        "operation": "not_assessed",
        "last_reviewed_on": "2026-01-05",
    }
    return data | overrides


def schedule(**overrides) -> dict:
    return {"kind": "soa", "format": "pdf", "preset": "monthly", "days_before": "14"} | overrides


def report(**overrides) -> dict:
    return {"kind": "soa", "format": "xlsx", "moment": "0"} | overrides


def moment(**overrides) -> dict:
    data = {"kind": "begroting", "year": "2027", "moment_on": "2026-11-01", "available_capacity": "1000"}
    return data | overrides


def member(**overrides) -> dict:
    return {"email": "nieuw@voorbeeld.nl", "name": "Nieuw", "role": "auditor"} | overrides


def settings(**overrides) -> dict:
    return {
        "name": "Gemeente Voorbeeld",
        "provider": "0",
        "review_interval_months": "12",
        "plan_horizon_years": "3",
    } | overrides


def answers_sheet_with(cell_text: str):
    def make(db, world) -> bytes:
        workbook = load_workbook(io.BytesIO(export_answers(session=db, organisation_id=world.own.id)))
        sheet = workbook.active
        headers = [cell.value for cell in sheet[1]]
        sheet.cell(row=2, column=headers.index("Toelichting") + 1, value=cell_text)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    return make


def risks_sheet_with(title: str):
    def make(db, world) -> bytes:
        workbook = load_workbook(io.BytesIO(export_risks(session=db, organisation_id=world.own.id)))
        sheet = workbook.worksheets[0]
        headers = [cell.value for cell in sheet[1]]
        sheet.cell(row=2, column=headers.index("Titel") + 1, value=title)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    return make


def catalogue_with_nul(db, world) -> bytes:
    from tests.conftest import MINI_CATALOGUE

    text = MINI_CATALOGUE.read_text(encoding="utf-8")
    return text.replace('name: "Testcatalogus"', 'name: "Test\\0catalogus"', 1).encode()


ORG = "/o/voorbeeld"
WEB_CASES = [
    Web(
        "login e-mail NUL",
        "/login",
        {"email": f"ciso{NUL}@voorbeeld.nl", "password": "x"},
        None,
        200,
        CONTROL,
    ),
    Web(
        "login password bell",
        "/login",
        {"email": "ciso@voorbeeld.nl", "password": f"a{BELL}"},
        None,
        200,
        CONTROL,
    ),
    Web(
        "answer explanation NUL",
        f"{ORG}/eisen/5.01.01",
        answer(explanation=f"a{NUL}b"),
        status=422,
        message=CONTROL,
    ),
    Web(
        "answer explanation ESC",
        f"{ORG}/eisen/5.01.01",
        answer(explanation=f"a{ESC}[31m"),
        status=422,
        message=CONTROL,
    ),
    Web("answer owner RLO", f"{ORG}/eisen/5.01.01", answer(owner=f"CISO{RLO}"), status=422, message=BIDI),
    Web(
        "evidence link RLO",
        f"{ORG}/eisen/5.01.01",
        answer(evidence_link=f"https://x.nl/{RLO}fdp.exe"),
        status=422,
        message=BIDI,
    ),
    Web(
        "evidence description C1",
        f"{ORG}/eisen/5.01.01",
        answer(evidence_description=f"a{CSI}"),
        status=422,
        message=CONTROL,
    ),
    Web(
        "answer planned 1900",
        f"{ORG}/eisen/5.01.01",
        answer(implementation="planned", explanation="x", planned_on="1900-01-01"),
        status=422,
        message=DATES,
    ),
    Web(
        "answer reviewed 2999",
        f"{ORG}/eisen/5.01.01",
        answer(last_reviewed_on="2999-01-01"),
        status=422,
        message=DATES,
    ),
    Web(
        "evidence form description NUL",
        f"{ORG}/eisen/5.01.02/bewijs",
        {"bewijs-evidence_link": "https://x.nl", "bewijs-evidence_description": NUL},
        status=422,
        message=CONTROL,
    ),
    Web("risk title NUL", f"{ORG}/risicos/nieuw", risk_form(title=f"Uitval{NUL}"), message=CONTROL),
    Web("risk title RLO", f"{ORG}/risicos/nieuw", risk_form(title=f"Uitval {RLO}lanretxe"), message=BIDI),
    Web("risk owner LRI", f"{ORG}/risicos/nieuw", risk_form(owner=f"Hoofd {LRI}KCC"), message=BIDI),
    Web("risk description ESC", f"{ORG}/risicos/nieuw", risk_form(description=f"{ESC}[2J"), message=CONTROL),
    Web("risk note NUL", f"{ORG}/risicos/nieuw", risk_form(note=NUL), message=CONTROL),
    Web(
        "risk accepted 1900",
        f"{ORG}/risicos/nieuw",
        risk_form(
            treatment="accept", accepted_by="X", accepted_on="1900-01-01", acceptance_expires_on="2026-12-31"
        ),
        message=DATES,
    ),
    Web(
        "risk edit title NUL",
        f"{ORG}/risicos/{{risk_id}}/bewerken",
        risk_form(title=NUL, revision="1"),
        message=CONTROL,
    ),
    Web("risk huge amount", f"{ORG}/risicos/nieuw", risk_form(impact_maximum=HUGE), message="1000000000000"),
    Web("matrix label NUL", f"{ORG}/risicos/matrix", {"likelihood_1": NUL}, message=CONTROL),
    Web("moment note NUL", f"{ORG}/pc/nieuw", moment(note=f"x{NUL}"), message=CONTROL),
    Web("moment date 2999", f"{ORG}/pc/nieuw", moment(moment_on="2999-01-01"), message=DATES),
    Web("moment huge year", f"{ORG}/pc/nieuw", moment(year=HUGE), message="2000"),
    Web("report kind evil", f"{ORG}/rapporten/nieuw", report(kind="evil"), message=CHOICE),
    Web("report format evil", f"{ORG}/rapporten/nieuw", report(format="evil"), message=CHOICE),
    Web("report as of 1900", f"{ORG}/rapporten/nieuw", report(as_of="1900-01-01"), message=DATES),
    Web("report as of 2999", f"{ORG}/rapporten/nieuw", report(as_of="2999-01-01"), message=DATES),
    Web(
        "report as of 2099",
        f"{ORG}/rapporten/nieuw",
        report(as_of="2099-01-01"),
        message="tussen 2000-01-01 en vandaag",
    ),
    Web(
        "report moment huge",
        f"{ORG}/rapporten/nieuw",
        report(kind="pc", format="pdf", moment=HUGE),
        message=CHOICE,
    ),
    Web("schedule kind evil", f"{ORG}/planning/", schedule(kind="evil"), message=CHOICE),
    Web("schedule preset evil", f"{ORG}/planning/", schedule(preset="evil"), message=CHOICE),
    Web("schedule recipients NUL", f"{ORG}/planning/", schedule(recipients=f"a@b.nl{NUL}"), message=CONTROL),
    Web(
        "schedule cron bell",
        f"{ORG}/planning/",
        schedule(preset="cron", cron=f"0 6 * * 1{BELL}"),
        message=CONTROL,
    ),
    Web("schedule edit kind evil", f"{ORG}/planning/{{schedule_id}}", schedule(kind="evil"), message=CHOICE),
    Web(
        "member e-mail NUL",
        f"{ORG}/beheer/gebruikers",
        member(email=f"a{NUL}@b.nl"),
        Role.ADMIN,
        message=CONTROL,
    ),
    Web("member role evil", f"{ORG}/beheer/gebruikers", member(role="god"), Role.ADMIN, message=CHOICE),
    Web(
        "settings name NUL",
        f"{ORG}/beheer/instellingen",
        settings(name=f"G{NUL}"),
        Role.ADMIN,
        message=CONTROL,
    ),
    Web(
        "settings name RLM", f"{ORG}/beheer/instellingen", settings(name=f"G{RLM}"), Role.ADMIN, message=BIDI
    ),
    Web(
        "settings provider huge",
        f"{ORG}/beheer/instellingen",
        settings(provider=HUGE),
        Role.ADMIN,
        message=CHOICE,
    ),
    Web(
        "new organisation name RLO",
        "/beheer/organisaties/nieuw",
        {"name": f"G {RLO}", "slug": "nieuw"},
        Role.ADMIN,
        message=BIDI,
    ),
    Web(
        "new password NUL",
        "/account/wachtwoord",
        {"current": "x", "new": f"{NUL}" * 12, "repeat": f"{NUL}" * 12},
        message=CONTROL,
    ),
    Web("risk id 2^63", f"{ORG}/risicos/{PAST_BIGINT}", status=404),
    Web("risk id 2^31", f"{ORG}/risicos/{PAST_INTEGER}", status=404),
    Web("action id 2^31", f"{ORG}/acties/{PAST_INTEGER}", status=404),
    Web("risk id 10^20 edit", f"{ORG}/risicos/{HUGE}/bewerken", risk_form(), status=404),
    Web("risk id negative", f"{ORG}/risicos/-1", status=404),
    Web("moment id 10^20", f"{ORG}/pc/{HUGE}", status=404),
    Web("snapshot moment 10^20", f"{ORG}/pc/{HUGE}/momentopname", {}, status=404),
    Web("report id 2^64", f"{ORG}/rapporten/{2**64}", status=404),
    Web("report download 2^63", f"{ORG}/rapporten/{PAST_BIGINT}/download", status=404),
    Web("evidence id 2^63", f"{ORG}/bewijs/{PAST_BIGINT}", status=404),
    Web("schedule id 10^20", f"{ORG}/planning/{HUGE}", status=404),
    Web(
        "member role id 10^20",
        f"{ORG}/beheer/gebruikers/{HUGE}/rol",
        {"role": "ciso"},
        Role.ADMIN,
        status=404,
    ),
    Web("archive page 10^20", f"{ORG}/rapporten/?pagina={HUGE}", status=404),
    Web("archive page 0", f"{ORG}/rapporten/?pagina=0", status=404),
    Web("archive page -1", f"{ORG}/rapporten/?pagina=-1", status=404),
    Web("archive page text", f"{ORG}/rapporten/?pagina=twee", status=404),
    Web("logboek page 10^20", f"{ORG}/beheer/logboek?pagina={HUGE}", role=Role.ADMIN, status=404),
    Web("compare moment 10^20", f"{ORG}/pc/vergelijken?van={HUGE}&naar=1", status=404),
    Web("register search NUL", f"{ORG}/risicos/?q=%00", status=400, message="ongeldig teken"),
    Web("statement search NUL", f"{ORG}/vvt?zoek=a%00b", status=400, message="ongeldig teken"),
    Web("requirement code NUL", f"{ORG}/eisen/5.01.01%00", status=404),
    Web("slug NUL", "/o/voor%00beeld/", status=404),
    Web(
        "answers sheet C1",
        f"{ORG}/vvt/import",
        {},
        files={"file": (answers_sheet_with(f"uitleg{CSI}"), "a.xlsx")},
        status=422,
        message=CONTROL,
    ),
    Web(
        "risks sheet RLO title",
        f"{ORG}/risicos/import",
        {},
        files={"file": (risks_sheet_with(f"Uitval {RLO}"), "r.xlsx")},
        status=422,
        message=BIDI,
    ),
    Web(
        "catalogue NUL escape",
        f"{ORG}/catalogus/beheer",
        {"check_only": "y"},
        Role.ADMIN,
        files={"file": (catalogue_with_nul, "c.yaml")},
        message="U+0000",
    ),
]


def counts(db) -> dict[str, int]:
    db.expire_all()
    return {table.__name__: db.exec(select(func.count()).select_from(table)).one() for table in TABLES}


@pytest.fixture
def arranged(app, db, world, mini_catalogue):
    """An organisation with a risk, a P&C moment and a schedule: something to point ids at."""
    values, _other = risk_sample_values(db, world)
    make_risk(db, world.own.id)
    from reports.builders import formats_of
    from reports.schedules import ScheduleInput, create_schedule

    scheduled = create_schedule(
        session=db,
        organisation_id=world.own.id,
        values=ScheduleInput(kind="soa", format="pdf", preset="monthly"),
        formats_of=formats_of,
        created_by_user_id=None,
    )
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.02")).one()
    record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement.id,
        values=AnswerValues(
            applicability="applicable",
            implementation="implemented",
            design="sufficient",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=0,
        actor=Actor.system("test"),
    )
    db.commit()
    return world, values | {"schedule_id": scheduled.id}


def test_there_are_at_least_forty_cases():
    assert len(WEB_CASES) + len(CLI_CASES) >= 40 and len(WEB_CASES) >= 40 and len(CLI_CASES) >= 15


@pytest.mark.parametrize("case", WEB_CASES, ids=lambda case: case.name)
def test_bad_input_over_the_web_is_refused_and_changes_nothing(client, db, arranged, login_as, case):
    world, values = arranged
    if case.role is not None:
        login_as(case.role)
    before = counts(db)
    path = case.path.format(**values)
    if case.data is None:
        response = client.get(path)
    else:
        data = dict(case.data)
        for name, (make, filename) in case.files.items():
            data[name] = (io.BytesIO(make(db, world)), filename)
        response = client.post(path, data=data, content_type="multipart/form-data" if case.files else None)
    page = response.get_data(as_text=True)
    assert response.status_code == case.status, page[:2000]
    assert response.status_code != 500 and "Traceback" not in page
    if case.message:
        assert case.message in page, page[:3000]
    assert counts(db) == before


@dataclass(frozen=True)
class Cli:
    name: str
    args: tuple[str, ...]
    message: str
    file: tuple | None = None  # (maker of bytes, file name): written to tmp and appended to args


CLI_CASES = [
    Cli("snapshot moment 10^20", ("risks", "snapshot", "--org", "voorbeeld", "--moment", HUGE), "--moment"),
    Cli(
        "snapshot seed -1",
        ("risks", "snapshot", "--org", "voorbeeld", "--moment", "1", "--seed", "-1"),
        "--seed",
    ),
    Cli(
        "snapshot seed 2^32",
        ("risks", "snapshot", "--org", "voorbeeld", "--moment", "1", "--seed", str(2**32)),
        "--seed",
    ),
    Cli("serve port 99999", ("serve", "--port", "99999"), "--port"),
    Cli("serve port 0", ("serve", "--port", "0"), "--port"),
    Cli(
        "report as of 1900",
        ("report", "soa", "--org", "voorbeeld", "--out", "{tmp}/r.pdf", "--as-of", "1900-01-01"),
        DATES,
    ),
    Cli(
        "report as of 2999",
        ("report", "soa", "--org", "voorbeeld", "--out", "{tmp}/r.pdf", "--as-of", "2999-01-01"),
        DATES,
    ),
    Cli(
        "report as of 2099",
        (
            "report",
            "soa",
            "--org",
            "voorbeeld",
            "--out",
            "{tmp}/r.pdf",
            "--as-of",
            "2099-01-01",
            "--format",
            "xlsx",
        ),
        "tussen 2000-01-01 en vandaag",
    ),
    Cli(
        "report moment 10^20",
        ("report", "pc", "--org", "voorbeeld", "--out", "{tmp}/r.pdf", "--moment", HUGE),
        "--moment",
    ),
    Cli(
        "moment date 1900",
        (
            "risks",
            "moment",
            "--org",
            "voorbeeld",
            "--kind",
            "begroting",
            "--year",
            "2027",
            "--date",
            "1900-01-01",
            "--capacity",
            "1",
        ),
        DATES,
    ),
    Cli(
        "moment set id 10^20",
        ("risks", "moment-set", "--org", "voorbeeld", "--moment", HUGE, "--note", "x"),
        "--moment",
    ),
    Cli("org create name NUL", ("org", "create", "--slug", "nieuw", "--name", f"Gemeente{NUL}"), CONTROL),
    Cli("org create name RLO", ("org", "create", "--slug", "nieuw", "--name", f"Gemeente {RLO}"), BIDI),
    Cli(
        "user add name bell",
        (
            "user",
            "create",
            "--email",
            "n@voorbeeld.nl",
            "--org",
            "voorbeeld",
            "--role",
            "ciso",
            "--name",
            f"N{BELL}",
        ),
        CONTROL,
    ),
    Cli("org set name ESC", ("org", "set", "--slug", "voorbeeld", "--name", f"{ESC}[31m"), CONTROL),
    Cli("schedule on 10^20", ("schedule", "on", "--org", "voorbeeld", HUGE), "SCHEDULE_ID"),
    Cli("schedule off -1", ("schedule", "off", "--org", "voorbeeld", "-1"), "-1"),
    Cli("evidence remove 2^63", ("evidence", "remove", "--org", "voorbeeld", PAST_BIGINT), "EVIDENCE_ID"),
    Cli("evidence remove 2^31", ("evidence", "remove", "--org", "voorbeeld", PAST_INTEGER), "EVIDENCE_ID"),
    Cli(
        "evidence description C1",
        ("evidence", "add", "--org", "voorbeeld", "--link", "https://x.nl", "--description", CSI, "5.01.01"),
        CONTROL,
    ),
    Cli(
        "answers sheet C1",
        ("answers", "import", "--org", "voorbeeld"),
        CONTROL,
        (answers_sheet_with(f"x{CSI}"), "a.xlsx"),
    ),
    Cli(
        "risks sheet RLO",
        ("risks", "import", "--org", "voorbeeld"),
        BIDI,
        (risks_sheet_with(f"x{RLO}"), "r.xlsx"),
    ),
    Cli("catalogue NUL escape", ("catalogue", "check"), "U+0000", (catalogue_with_nul, "c.yaml")),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case.name)
def test_bad_input_on_the_command_line_is_refused_and_changes_nothing(cli, db, arranged, tmp_path, case):
    world, _values = arranged
    before = counts(db)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in case.args]
    if case.file is not None:
        make, name = case.file
        (tmp_path / name).write_bytes(make(db, world))
        args.append(str(tmp_path / name))
    result = cli(*args)
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert case.message in result.stderr, output
    assert counts(db) == before

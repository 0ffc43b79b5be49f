"""The ISO/IEC 27001 clauses as requirements: an installation with answers upgrades to the catalogue that has them
(answers unchanged, clauses unanswered), they are answered like controls, and the statement, its Excel sheet, the
reports and the dashboard count them as a group and a kind of their own."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from controls.answer_models import AnswerRevision
from controls.answers_xlsx import export_answers, import_answers
from controls.catalogue import SHIPPED_CATALOGUE, check_catalogue_text, load_catalogue
from controls.models import Requirement
from controls.rules import AnswerValues, check_answer
from controls.soa import statement_of_applicability
from core.actor import Actor
from core.models import Role
from tests.answers.conftest import TODAY, answer

SHIPPED = SHIPPED_CATALOGUE.read_text(encoding="utf-8")
# The catalogue of 2026.2 (the clauses came then; 2026.3 maps them to NIS2 and rewrites 5.17.01's summary).
SNAPSHOT = (Path(__file__).parent.parent / "data" / "bio_controls_2026_2.yaml").read_text(encoding="utf-8")
CLAUSES = SNAPSHOT[SNAPSHOT.index("\niso27001_clauses:\n") : SNAPSHOT.index("\nmappings:\n")]
# The catalogue as installations had it before the clauses came: 2026.2 without its clauses section.
BEFORE = SNAPSHOT.replace(CLAUSES, "").replace('version: "2026.2"', 'version: "2026.1"')


def revisions(db) -> list[tuple]:
    rows = db.exec(select(AnswerRevision).order_by(AnswerRevision.id)).all()
    return [(r.answer_id, r.number, r.applicability, r.implementation, r.explanation) for r in rows]


@pytest.fixture
def upgraded(db, world):
    """An installation on catalogue 2026.1 with answers, then upgraded to the shipped catalogue."""
    load_catalogue(session=db, catalogue=check_catalogue_text(BEFORE)[0])
    db.commit()
    assert db.exec(select(func.count()).select_from(Requirement)).one() == 93 + 126 + 24
    answer(db, world.own, "5.1", applicability="applicable", implementation="implemented")
    answer(db, world.own, "5.01.02", applicability="not_applicable", explanation="Regio regelt dit.")
    answer(
        db,
        world.own,
        "21.2.a",
        applicability="applicable",
        implementation="planned",
        explanation="Q3",
        planned_on=date(2026, 9, 1),
    )
    before = revisions(db)
    result = load_catalogue(session=db, catalogue=check_catalogue_text(SHIPPED)[0])
    db.commit()
    return world, result, before


def test_an_upgrade_adds_the_clauses_unanswered_and_keeps_every_answer(db, upgraded):
    world, result, before = upgraded
    assert (result.load.version, result.load.added, result.load.changed, result.load.withdrawn) == (
        "2026.3",
        34,
        1,  # 5.17.01's summary
        0,
    )
    assert revisions(db) == before
    clauses = db.exec(select(Requirement).where(Requirement.kind == "clause")).all()
    assert len(clauses) == 34 and {c.introduced_in for c in clauses} == {"2026.3"}
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    assert statement.entry("5.1").status == "implemented" and statement.entry("21.2.a").status == "planned"
    assert statement.entry("5.01.02").status == "not_applicable"
    clause_entries = [e for e in statement.entries if e.kind == "clause"]
    assert len(clause_entries) == 34 and {e.status for e in clause_entries} == {"unanswered"}
    assert statement.entry("27001-6.1.2").parent_code == "27001-6.1"
    assert load_catalogue(session=db, catalogue=check_catalogue_text(SHIPPED)[0]).unchanged


def test_the_statement_groups_and_counts_the_clauses(db, upgraded):
    world, _result, _before = upgraded
    answer(db, world.own, "27001-6.1.2", applicability="applicable", implementation="implemented")
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    assert [row.key for row in statement.by_theme] == ["iso27001", "5", "6", "7", "8", "nis2"]
    isms = statement.by_theme[0]
    assert isms.title == "Managementsysteem (ISO 27001)" and isms.total == 34 and isms.implemented == 1
    by_kind = {row.key: row for row in statement.by_kind}
    assert by_kind["clause"].total == 34 and by_kind["control"].total == 93
    assert statement.overall.total == 34 + 93 + 118 + 24
    assert [e.code for e in statement.entries][:2] == ["27001-4.1", "27001-4.2"]
    english = statement_of_applicability(session=db, organisation_id=world.own.id, locale="en")
    assert english.by_theme[0].title == "ISO 27001 ISMS"
    assert english.entry("27001-6.3").title == "Planning of changes"


def test_a_clause_is_answered_like_a_control():
    rules = {"has_provider": False, "accepted_risks": {"R-001"}, "known_risks": {"R-001"}, "today": TODAY}
    reviewed = {"last_reviewed_on": date(2026, 3, 1)}

    def codes(kind: str, **values) -> set[str]:
        problems = check_answer(AnswerValues(**(reviewed | values)).normalised(), kind=kind, **rules)
        return {p.code.removeprefix("answer.") for p in problems}

    not_applied = {"applicability": "not_applicable", "explanation": "Geen eigen ISMS."}
    assert codes("clause", **not_applied) == {"clause_exception_needs_risk"}
    assert codes("control", **not_applied) == {"control_exception_needs_risk"}
    assert codes("clause", **not_applied, risk_reference="R-001") == set()
    short = {"applicability": "applicable", "implementation": "partially", "explanation": "Nog niet."}
    assert codes("clause", **short) == codes("control", **short) == {"plan_or_accepted_risk_required"}
    assert codes("clause", **short, risk_reference="R-001") == set()  # unlike a measure: a risk may cover it
    assert codes("measure", **short, risk_reference="R-001") == {"measure_needs_plan"}


def test_the_answers_sheet_round_trips_a_clause(db, upgraded):
    world, _result, _before = upgraded
    data = export_answers(session=db, organisation_id=world.own.id)
    sheet = load_workbook(io.BytesIO(data))["Antwoorden"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["27001-9.3.2"][1].value == "clausule managementsysteem (ISO 27001)"
    assert rows["27001-9.3.2"][2].value == "Onderwerpen van de directiebeoordeling"
    row = rows["27001-9.3.2"][0].row
    sheet.cell(row=row, column=4).value = "van toepassing"
    sheet.cell(row=row, column=5).value = "geïmplementeerd"
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=row, column=header.index("Opzet") + 1).value = "voldoende"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = import_answers(
        session=db,
        organisation_id=world.own.id,
        data=buffer.getvalue(),
        actor=Actor(None, "Excel"),
        accepted_risks=frozenset(),
        known_risks=frozenset(),
        dry_run=False,
    )
    db.commit()
    assert result.changed == ["27001-9.3.2"] and result.unchanged == 3
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    assert statement.entry("27001-9.3.2").status == "implemented"


def test_the_statement_page_and_the_dashboard_show_the_group(client, db, upgraded, login_as):
    world, _result, _before = upgraded
    login_as(Role.MANAGEMENT)
    page = client.get("/o/voorbeeld/vvt?thema=iso27001").get_data(as_text=True)
    assert "<caption>34 van 269 eisen</caption>" in page
    table = page[page.index('class="table soa-table"') :]
    table = table[: table.index("</table>")]
    codes = re.findall(r'<th scope="row"><a href="/o/voorbeeld/eisen/([^"?]+)', table)
    assert len(codes) == 34 and codes[-1] == "27001-10.2" and all(c.startswith("27001-") for c in codes)
    assert '<option value="iso27001" selected>Managementsysteem (ISO 27001)</option>' in page
    assert '<option value="clause">clausule managementsysteem (ISO 27001)</option>' in page
    dashboard = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert '<th scope="row">Managementsysteem (ISO 27001)</th>' in dashboard
    assert "<caption>Voortgang per soort eis</caption>" in dashboard
    assert '<th scope="row">clausule managementsysteem (ISO 27001)</th>' in dashboard


def test_naleving_catalogue_load_upgrades_an_installation(cli, db, world, tmp_path):
    before = tmp_path / "bio_controls-2026.1.yaml"
    before.write_text(BEFORE, encoding="utf-8")
    first = cli("catalogue", "load", str(before))
    assert first.exit_code == 0, first.stderr
    assert "catalogus 2026.1 geladen: 243 nieuw" in first.stdout
    answer(db, world.own, "8.24", applicability="applicable", implementation="implemented")
    kept = revisions(db)
    second = cli("catalogue", "load")
    assert second.exit_code == 0, second.stderr
    assert (
        "catalogus 2026.3 geladen: 34 nieuw, 1 gewijzigd, 0 vervallen, 0 antwoorden overgenomen"
        in second.stdout
    )
    db.expire_all()
    assert revisions(db) == kept
    assert db.exec(select(func.count()).select_from(Requirement)).one() == 277

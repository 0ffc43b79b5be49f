"""`naleving catalogue load` upgrades an installation from the catalogue of 2026.2 to the shipped one (2026.3: the
clauses' mappings to NIS2, the last unmapped measures, 5.17.01's summary) without losing an answer, and the NIS2
coverage then counts the clauses' answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from controls.answer_models import AnswerRevision
from controls.answers import record_answer
from controls.catalogue import load_catalogue_file
from controls.models import CatalogueLoad, Mapping, Requirement
from controls.rules import AnswerValues
from controls.soa import statement_of_applicability
from core.actor import COMMAND_LINE

PREVIOUS = Path(__file__).parent / "data" / "bio_controls_2026_2.yaml"  # data/bio_controls.yaml of 2026.2


def test_upgrading_from_2026_2_keeps_every_answer_and_maps_the_clauses(cli, db, world):
    load_catalogue_file(session=db, path=PREVIOUS)
    db.commit()
    ids = dict(db.exec(select(Requirement.code, Requirement.id)).all())
    mapped_before = db.exec(select(func.count()).select_from(Mapping)).one()
    answered = {
        "27001-9.1": AnswerValues(
            applicability="applicable",
            implementation="implemented",
            design="sufficient",
            existence="sufficient",
        ),
        "7.10.01": AnswerValues(
            applicability="applicable",
            implementation="partially",
            explanation="Instructie",
            planned_on=date(2027, 1, 1),
        ),
        "5.17.01": AnswerValues(
            applicability="applicable", implementation="implemented", design="sufficient"
        ),
        "21.4": AnswerValues(
            applicability="applicable",
            implementation="planned",
            explanation="Q4",
            planned_on=date(2027, 3, 1),
        ),
    }
    for code, values in answered.items():
        record_answer(
            session=db,
            organisation_id=world.own.id,
            requirement_id=ids[code],
            values=AnswerValues(**{**values.__dict__, "last_reviewed_on": date(2026, 11, 1)}),
            base_revision=0,
            actor=COMMAND_LINE,
        )
    db.commit()
    before = db.exec(select(AnswerRevision).order_by(AnswerRevision.id)).all()
    result = cli("catalogue", "load")
    assert result.exit_code == 0, result.stderr
    assert "catalogus 2026.3 geladen: 0 nieuw, 1 gewijzigd, 0 vervallen" in result.stdout
    db.expire_all()
    after = db.exec(select(AnswerRevision).order_by(AnswerRevision.id)).all()
    assert [(r.id, r.answer_id, r.number, r.implementation) for r in after] == [
        (r.id, r.answer_id, r.number, r.implementation) for r in before
    ]
    assert db.exec(select(func.count()).select_from(Mapping)).one() == mapped_before + 20
    assert "CISO" in db.get(Requirement, ids["5.17.01"]).summary_nl
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    f = next(c for c in statement.nis2 if c.code == "21.2.f")
    assert "27001-9.1" in {c.code for c in f.contributors}
    assert f.state != "covered"  # a clause is a subset: at most partial
    loads = db.exec(select(CatalogueLoad.version).order_by(CatalogueLoad.id)).all()
    assert loads == ["2026.2", "2026.3"]
    assert "niets gewijzigd" in cli("catalogue", "load").stdout  # again: nothing changes

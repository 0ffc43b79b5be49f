"""`naleving catalogue load` upgrades an installation from the catalogue of 2026.1 to the shipped one (2026.2:
the missing NIS2 points, the Cbw articles, new mappings) without losing an answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from controls.answer_models import AnswerRevision
from controls.answers import record_answer
from controls.catalogue import load_catalogue_file
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import COMMAND_LINE

PREVIOUS = Path(__file__).parent / "data" / "bio_controls_2026_1.yaml"  # data/bio_controls.yaml of 2026.1


def test_upgrading_to_the_shipped_catalogue_keeps_every_answer(cli, db, world):
    load_catalogue_file(session=db, path=PREVIOUS)
    db.commit()
    ids = dict(db.exec(select(Requirement.code, Requirement.id)).all())
    assert "23.3" not in ids
    answered = {
        "5.1": AnswerValues(applicability="applicable", implementation="implemented", design="sufficient"),
        "23.4.a": AnswerValues(
            applicability="applicable",
            implementation="planned",
            explanation="Meldproces",
            planned_on=date(2026, 12, 31),
        ),
        "20.2": AnswerValues(applicability="not_applicable", explanation="Geen bestuur"),
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
    db.expire_all()
    after = db.exec(select(AnswerRevision).order_by(AnswerRevision.id)).all()
    assert [(r.id, r.answer_id, r.implementation) for r in after] == [
        (r.id, r.answer_id, r.implementation) for r in before
    ]
    requirements = {r.code: r for r in db.exec(select(Requirement)).all()}
    for code in ("21.3", "21.4", "23.2", "23.3", "23.4.e", "3.4"):
        assert requirements[code].is_active
    assert requirements["23.4.a"].cbw == "Cbw art. 26" and requirements["23.3"].cbw == "Cbw art. 25 lid 2"
    assert "certificaat" in requirements["20.2"].summary_nl
    assert db.exec(select(func.count()).select_from(Requirement)).one() == len(requirements)
    assert cli("catalogue", "load").exit_code == 0  # again: nothing changes

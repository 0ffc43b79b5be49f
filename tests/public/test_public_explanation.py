"""The answer's public explanation: through the sheet's round trip, the answer form, the revisions' chain (an
older revision without the field still verifies) and the adoption that freezes it; and the public page's and the
public API's statements do not grow with the answers."""

from __future__ import annotations

from sqlmodel import select

from controls.answer_models import AnswerRevision
from controls.answers_xlsx import export_answers
from core.chain import canonical, verify_chain
from core.dbtypes import table_of
from core.models import Role
from tests.answers.test_xlsx import edited, row_of, run_import
from tests.conftest import engine_of
from tests.public.factories import PUBLIC, adopt, answer, publish


def test_the_sheet_round_trips_the_public_explanation(db, world, mini_catalogue):
    answer(db, world.own.id, "5.01.01")
    db.commit()
    data = export_answers(session=db, organisation_id=world.own.id)
    data = edited(data, {(row_of(data, "5.01.01"), "Publieke toelichting"): "Nieuw voor de website."})
    assert run_import(db, world, data).changed == ["5.01.01"]
    db.commit()
    newest = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert newest.public_explanation == "Nieuw voor de website." and newest.number == 2
    again = export_answers(session=db, organisation_id=world.own.id)
    assert run_import(db, world, again, dry_run=True).changed == []


def test_the_answer_form_saves_the_public_explanation(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    form = {
        "base_revision": "0",
        "applicability": "applicable",
        "implementation": "implemented",
        "design": "sufficient",
        "existence": "not_assessed",
        "operation": "not_assessed",
        "explanation": "Intern.",
        "public_explanation": "Openbaar.",
        "last_reviewed_on": "2026-03-01",
    }
    assert client.post("/o/voorbeeld/eisen/5.01.01", data=form).status_code == 302
    revision = db.exec(select(AnswerRevision)).one()
    assert (revision.explanation, revision.public_explanation) == ("Intern.", "Openbaar.")
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert "Publieke toelichting" in page and "Openbaar." in page


def test_a_revision_from_before_the_field_hashes_as_it_did():
    """A NULL late column is left out of the chained content: a row hashed before the column existed matches."""
    table = table_of(AnswerRevision)
    before = {"answer_id": 1, "number": 1, "explanation": "Intern.", "chain_seq": 3}
    assert canonical(table, before | {"public_explanation": None}, 7) == canonical(table, before, 7)
    assert canonical(table, before | {"public_explanation": ""}, 7) != canonical(table, before, 7)


def test_new_revisions_verify_with_and_without_a_public_explanation(app, db, world, mini_catalogue):
    answer(db, world.own.id, "5.01.01", public_explanation="")
    answer(db, world.own.id, "5.1")
    db.commit()
    with engine_of(app).connect() as connection:
        assert verify_chain(connection, world.own.id) is None


def test_public_statements_do_not_grow_with_the_answers(client, db, world, mini_catalogue, count_queries):
    publish(db, world.own)
    answer(db, world.own.id, "5.01.01")
    adopt(db, world)
    counts = []
    for codes in ((), ("5.1", "5.2", "5.10", "5.01.02")):
        for code in codes:
            answer(db, world.own.id, code)
        db.commit()
        adopt(db, world)
        found = []
        for url in ("/publiek/voorbeeld/", "/api/v1/public/voorbeeld/vvt"):
            client.get(url)
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            found.append(counter.count)
        counts.append(found)
    assert counts[0] == counts[1] and max(counts[1]) <= 6, counts
    assert PUBLIC in client.get("/publiek/voorbeeld/").get_data(as_text=True)

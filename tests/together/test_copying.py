"""Reuse with care: a CISO of several organisations copies answers after seeing the differences; each copy a new
revision marked with its source, audited in both organisations; never into or from an organisation where she is
not CISO, never what changed since the preview."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from controls.answers import answer_of, current_revision
from core.actor import Actor
from core.errors import NotFound, RuleError, StaleEdit
from core.models import AuditEvent, Role
from plan.copying import Selection, copy_answers, plan_copy
from tests.answers.conftest import TODAY, answer, requirement_id

POLICY = "Het college heeft het informatiebeveiligingsbeleid vastgesteld op 1 februari."
OLD = "Het beleid is in concept."
IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented", "design": "sufficient"}


def _current(db, organisation, code):
    found = answer_of(session=db, organisation_id=organisation.id, requirement_id=requirement_id(db, code))
    return current_revision(session=db, answer_id=found.id) if found else None


def _events(db, action):
    return db.exec(
        select(AuditEvent).where(col(AuditEvent.action) == action).order_by(col(AuditEvent.id))
    ).all()


@pytest.fixture
def sourced(db, world, two):
    answer(db, world.own, "5.01.01", **IMPLEMENTED, explanation=POLICY, owner="CISO")
    answer(db, world.own, "5.01.02", **IMPLEMENTED, explanation="Jaarlijks in de P&C-cyclus.")
    answer(
        db,
        world.other,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        planned_on=TODAY.replace(year=2027),
        explanation=OLD,
        owner="CISO",
    )
    return two


def test_preview_then_copy_marks_the_source_and_audits_both(db, world, sourced):
    plan = plan_copy(
        session=db,
        user_id=sourced.id,
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(codes=("5.01.01",)),
    )
    [target] = plan.targets
    [item] = target.items
    assert item.current.explanation == OLD and item.source.explanation == POLICY
    assert {c.field for c in item.changes} >= {"implementation", "explanation", "planned_on"}
    assert _current(db, world.other, "5.01.01").explanation == OLD  # a preview changes nothing
    copied = copy_answers(
        session=db,
        actor=Actor.of(sourced),
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(codes=("5.01.01",)),
        fingerprint=plan.fingerprint,
        today=TODAY,
    )
    db.commit()
    assert copied.count == 1
    revision = _current(db, world.other, "5.01.01")
    assert revision.number == 2 and revision.explanation == POLICY
    assert revision.source_revision_id == _current(db, world.own, "5.01.01").id
    assert "kopie uit Gemeente Voorbeeld" in revision.note
    [out] = _events(db, "answer.copied_out")
    [into] = _events(db, "answer.copied_in")
    assert (out.organisation_id, out.subject) == (world.own.id, "5.01.01") and "Gemeente Andere" in out.detail
    assert (into.organisation_id, into.subject) == (world.other.id, "5.01.01")


def test_a_theme_or_category_selects_and_equal_answers_are_left(db, world, sourced):
    plan = plan_copy(
        session=db,
        user_id=sourced.id,
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(category="overheidsrisicos"),
    )
    assert [i.code for i in plan.targets[0].items] == ["5.01.02"]
    everything = plan_copy(
        session=db,
        user_id=sourced.id,
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(theme=5),
    )
    copy_answers(
        session=db,
        actor=Actor.of(sourced),
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(theme=5),
        fingerprint=everything.fingerprint,
        today=TODAY,
    )
    db.commit()
    again = plan_copy(
        session=db,
        user_id=sourced.id,
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(theme=5),
    )
    assert again.count == 0 and all(not i.changes for i in again.targets[0].items)


def test_what_changed_since_the_preview_is_not_copied(db, world, sourced):
    plan = plan_copy(
        session=db,
        user_id=sourced.id,
        source_slug="voorbeeld",
        target_slugs=["andere"],
        selection=Selection(),
    )
    answer(
        db, world.other, "5.01.01", applicability="applicable", implementation="implemented", explanation=OLD
    )
    with pytest.raises(StaleEdit):
        copy_answers(
            session=db,
            actor=Actor.of(sourced),
            source_slug="voorbeeld",
            target_slugs=["andere"],
            selection=Selection(),
            fingerprint=plan.fingerprint,
            today=TODAY,
        )
    assert _current(db, world.other, "5.01.01").explanation == OLD


def test_only_a_ciso_of_source_and_targets(db, world, sourced):
    from core.accounts import set_membership

    with pytest.raises(NotFound):  # not a member of derde: as if it did not exist
        plan_copy(
            session=db,
            user_id=sourced.id,
            source_slug="voorbeeld",
            target_slugs=["derde"],
            selection=Selection(),
        )
    with pytest.raises(NotFound):
        plan_copy(
            session=db,
            user_id=sourced.id,
            source_slug="derde",
            target_slugs=["andere"],
            selection=Selection(),
        )
    set_membership(session=db, user=sourced, organisation=world.other, role=Role.AUDITOR)
    db.commit()
    with pytest.raises(RuleError) as refused:
        plan_copy(
            session=db,
            user_id=sourced.id,
            source_slug="voorbeeld",
            target_slugs=["andere"],
            selection=Selection(),
        )
    assert [p.code for p in refused.value.problems] == ["copy.not_ciso"]
    with pytest.raises(RuleError) as same:
        plan_copy(
            session=db,
            user_id=sourced.id,
            source_slug="voorbeeld",
            target_slugs=["voorbeeld"],
            selection=Selection(),
        )
    assert [p.code for p in same.value.problems] == ["copy.targets"]


def test_the_command_prints_the_differences_and_copies_only_without_dry_run(cli, db, world, sourced):
    dry = cli(
        "answers",
        "copy",
        "--from",
        "voorbeeld",
        "--to",
        "andere",
        "--by",
        sourced.email,
        "--requirement",
        "5.01.01",
        "--dry-run",
    )
    assert dry.exit_code == 0, dry.stderr
    assert "5.01.01: nu versie 1, wordt kopie van versie 1" in dry.stdout
    assert "Het beleid is in concept." in dry.stdout and "--dry-run" in dry.stdout
    db.expire_all()
    assert _current(db, world.other, "5.01.01").number == 1
    done = cli("answers", "copy", "--from", "voorbeeld", "--to", "andere", "--by", sourced.email)
    assert done.exit_code == 0, done.stderr
    assert "2 antwoorden gekopieerd uit voorbeeld" in done.stdout
    refused = cli("answers", "copy", "--from", "voorbeeld", "--to", "derde", "--by", sourced.email)
    assert refused.exit_code == 1 and "derde" in refused.stderr
    assert cli("verify").exit_code == 0


def test_the_page_shows_the_differences_then_copies(client, db, world, sourced, login_as):
    login_as(Role.CISO)
    query = "/regionaal/kopieren?van=voorbeeld&naar=andere&eis=5.01.01"
    page = client.get(query).get_data(as_text=True)
    assert "Verschillen" in page and "concept" in page and "vastgesteld" in page
    assert _current(db, world.other, "5.01.01").number == 1
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    form = {
        "van": "voorbeeld",
        "naar": "andere",
        "eis": "5.01.01",
        "thema": "",
        "categorie": "",
        "fingerprint": fingerprint,
    }
    assert client.post("/regionaal/kopieren", data={**form, "naar": "derde"}).status_code == 404
    response = client.post("/regionaal/kopieren", data=form)
    assert response.status_code == 302
    db.expire_all()
    assert _current(db, world.other, "5.01.01").explanation == POLICY
    again = client.post("/regionaal/kopieren", data=form)  # the same preview once more: it is stale now
    assert again.status_code == 302 and "kopieren" in again.headers["Location"]


def test_the_api_previews_and_copies_into_the_tokens_organisation(db, world, sourced, api):
    from core.tokens import create_token

    secret = create_token(
        session=db, user=sourced, organisation=world.other, scope="write", days=5, actor=Actor.system("test")
    ).secret
    db.commit()
    client = api(secret)
    body = {"source": "voorbeeld", "requirement": "5.01.01"}
    assert client.post("/api/v1/organisations/andere/answers/copy-preview", json=body).status_code == 404
    create_token(
        session=db, user=sourced, organisation=world.own, scope="read", days=5, actor=Actor.system("t")
    )
    db.commit()
    preview = client.post("/api/v1/organisations/andere/answers/copy-preview", json=body)
    assert preview.status_code == 200, preview.json
    assert preview.json["count"] == 1 and preview.json["items"][0]["changes"]
    stale = client.post("/api/v1/organisations/andere/answers/copy", json={**body, "fingerprint": "0" * 32})
    assert stale.status_code == 412
    done = client.post(
        "/api/v1/organisations/andere/answers/copy", json={**body, "fingerprint": preview.json["fingerprint"]}
    )
    assert done.status_code == 200 and done.json["count"] == 1
    unknown = client.post("/api/v1/organisations/andere/answers/copy-preview", json={"source": "derde"})
    assert unknown.status_code == 404

"""The statement of applicability: statuses, inheritance, withdrawn requirements, progress, NIS2 coverage."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from controls.evidence import add_evidence_link, remove_evidence
from controls.models import Requirement
from controls.soa import statement_of_applicability
from controls.worklist import filter_entries, worklist_of
from core.actor import Actor
from tests.answers.conftest import answer, share
from tests.factories import make_organisation

IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented"}


def soa(db, organisation, **kwargs):
    return statement_of_applicability(session=db, organisation_id=organisation.id, **kwargs)


def test_every_active_requirement_is_listed_in_catalogue_order(db, world, mini_catalogue):
    statement = soa(db, world.own)
    assert [e.code for e in statement.entries] == [
        "5.1",
        "5.01.01",
        "5.01.02",
        "5.2",
        "5.10",
        "5.10.01",
        "21.2.a",
    ]
    assert {e.status for e in statement.entries} == {"unanswered"}
    assert statement.catalogue_version == "test.1" and statement.organisation_name == "Gemeente Voorbeeld"
    assert statement.entry("5.01.01").parent_code == "5.1"
    assert statement.entry("5.01.02").categories == ("basishygiene", "overheidsrisicos")


def test_status_and_justification_come_from_the_latest_answer(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED, owner="Team I&A")
    answer(
        db,
        world.own,
        "5.01.02",
        applicability="applicable",
        implementation="planned",
        explanation="Koppeling aan de P&C-cyclus in de kadernota 2027.",
        planned_on=date(2026, 1, 31),
    )
    answer(
        db,
        world.own,
        "5.2",
        applicability="not_applicable",
        explanation="Rollen belegd bij de regio.",
        risk_reference="R-001",
        known={"R-001"},
    )
    statement = soa(db, world.own)
    assert statement.entry("5.01.01").status == "implemented"
    assert statement.entry("5.01.01").answer.owner == "Team I&A"
    planned = statement.entry("5.01.02")
    assert planned.status == "planned" and planned.justification.startswith("Koppeling")
    assert planned.plan_overdue  # planned for 31 January, today is 16 March
    assert statement.entry("5.2").status == "not_applicable"
    assert statement.overall.counts["not_applicable"] == 1
    assert statement.overall.applicable == 6 and statement.overall.implemented == 1
    assert statement.overall.percent_implemented == 17


def test_an_inherited_answer_shows_only_what_the_provider_shares(db, world, mini_catalogue):
    provider = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    world.own.provider_id = provider.id
    db.add(world.own)
    db.commit()
    share(db, provider, "5.01.01", "Beleid van het IT-centrum, ter inzage bij de DVO.")
    share(db, provider, "5.01.02", "Nog in voorbereiding.")
    answer(db, world.own, "5.01.01", applicability="inherited")
    answer(db, world.own, "5.01.02", applicability="inherited")
    answer(db, provider, "5.01.01", **IMPLEMENTED, explanation="Intern: zie het DVO-dossier.", owner="Bas")
    share(db, provider, "5.01.02", offered=False)
    statement = soa(db, world.own)
    inherited = statement.entry("5.01.01")
    assert inherited.inherited_from == "Gemeente Buurdorp" and inherited.status == "implemented"
    assert inherited.justification == "Beleid van het IT-centrum, ter inzage bij de DVO."
    assert inherited.shared.provider_reviewed_on == date(2026, 3, 1)
    withdrawn = statement.entry("5.01.02")
    assert withdrawn.not_shared and withdrawn.status == "unanswered" and withdrawn.justification == ""
    assert statement.provider_name == "Gemeente Buurdorp"
    assert "Intern" not in repr(statement) and "'Bas'" not in repr(statement)


def test_withdrawn_requirements_keep_their_answers_but_leave_the_totals(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED)
    before = soa(db, world.own).overall.total
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    requirement.status = "withdrawn"
    db.add(requirement)
    db.commit()
    statement = soa(db, world.own)
    entry = statement.entry("5.01.01")
    assert entry is not None and not entry.active and entry.answer is not None
    assert statement.overall.total == before - 1
    assert statement.entry("5.01.03") is None  # withdrawn (moved) and never answered: not listed
    assert filter_entries(statement.entries, status="withdrawn") == [entry]


def test_progress_per_theme_and_category(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED)
    answer(db, world.own, "5.01.02", **IMPLEMENTED)
    statement = soa(db, world.own)
    themes = {p.key: p for p in statement.by_theme}
    assert (themes["5"].total, themes["5"].implemented) == (6, 2)
    assert (themes["nis2"].total, themes["6"].total) == (1, 0)
    categories = {p.key: p for p in statement.by_category}
    assert (categories["basishygiene"].total, categories["basishygiene"].percent_implemented) == (2, 100)
    assert categories["ketenhygiene"].total == 1 and categories["ketenhygiene"].implemented == 0
    assert themes["5"].title == "Organisatorisch"
    assert {p.key: p.title for p in soa(db, world.own, locale="en").by_theme}["5"] == "Organisational"


def test_nis2_coverage_follows_the_mappings_with_their_relationship(db, world, mini_catalogue):
    def coverage():
        return soa(db, world.own).nis2[0]

    point = coverage()
    assert (
        point.code == "21.2.a" and point.state == "gap" and {c.code for c in point.gaps} == {"5.1", "5.01.01"}
    )
    assert point.reason == "nothing_implemented"
    answer(db, world.own, "5.01.01", **IMPLEMENTED)
    assert coverage().state == "partial" and [c.code for c in coverage().gaps] == ["5.1"]
    answer(db, world.own, "5.1", **IMPLEMENTED)
    point = coverage()  # subset and intersect links only: at most partial, however much is implemented
    assert point.state == "partial" and point.gaps == ()
    assert (point.reason, point.basis) == ("only_partial_links", ("5.1", "5.01.01"))
    assert point.article == "NIS2 art. 21 lid 2 onder a"


def set_relationship(db, source: str, relationship: str) -> None:
    from controls.models import Mapping, Requirement

    source_id = db.exec(select(Requirement.id).where(Requirement.code == source)).one()
    mapping = db.exec(select(Mapping).where(Mapping.source_id == source_id)).one()
    mapping.relationship = relationship
    db.add(mapping)
    db.commit()


def test_a_point_is_covered_by_equal_or_superset_links_with_opzet_and_bestaan_sufficient(
    db, world, mini_catalogue
):
    set_relationship(db, "5.1", "superset")
    answer(db, world.own, "5.1", **IMPLEMENTED)  # opzet sufficient, bestaan not assessed
    point = soa(db, world.own).nis2[0]
    assert (point.state, point.reason, point.basis) == ("partial", "full_links_not_assessed", ("5.1",))
    answer(db, world.own, "5.1", **IMPLEMENTED, existence="sufficient")
    point = soa(db, world.own).nis2[0]
    assert (point.state, point.reason, point.basis) == ("covered", "full_links", ("5.1",))
    assert [c.code for c in point.gaps] == ["5.01.01"], (
        "the subset link stays open, but does not hold it back"
    )


def test_a_point_is_covered_by_its_own_implemented_answer_and_not_by_a_planned_one(db, world, mini_catalogue):
    set_relationship(db, "5.1", "equal")
    answer(db, world.own, "5.1", **IMPLEMENTED, existence="sufficient")
    answer(
        db,
        world.own,
        "21.2.a",
        applicability="applicable",
        implementation="planned",
        explanation="x",
        planned_on=date(2026, 9, 1),
    )
    assert soa(db, world.own).nis2[0].state == "covered"  # the links hold, whatever its own answer
    set_relationship(db, "5.1", "intersect")
    point = soa(db, world.own).nis2[0]
    assert point.state == "partial" and point.status == "planned"
    answer(db, world.own, "21.2.a", **IMPLEMENTED)
    point = soa(db, world.own).nis2[0]
    assert (point.state, point.reason, point.basis) == ("covered", "own_answer", ("21.2.a",))


def test_implemented_with_an_insufficient_assessment_counts_as_partial_everywhere(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED, existence="insufficient")
    statement = soa(db, world.own)
    entry = statement.entry("5.01.01")
    assert entry.status == "partially" and entry.shortfall
    assert statement.overall.implemented == 0 and statement.overall.counts["partially"] == 1


def test_answers_resting_on_an_expired_acceptance_are_flagged(db, world, mini_catalogue):
    answer(
        db,
        world.own,
        "5.1",
        applicability="applicable",
        implementation="not_implemented",
        explanation="x",
        risk_reference="R-003",
        accepted={"R-003"},
        known={"R-003"},
    )
    assert not soa(db, world.own).entry("5.1").acceptance_expired
    flagged = soa(db, world.own, expired_risks={"R-003"}).entry("5.1")
    assert flagged.acceptance_expired


def test_a_not_applicable_contributor_is_neither_cover_nor_gap(db, world, mini_catalogue):
    set_relationship(db, "5.01.01", "equal")
    answer(db, world.own, "5.01.01", **IMPLEMENTED, existence="sufficient")
    answer(
        db,
        world.own,
        "5.1",
        applicability="not_applicable",
        explanation="x",
        risk_reference="R-9",
        known={"R-9"},
    )
    point = soa(db, world.own).nis2[0]
    assert point.state == "covered" and len(point.contributors) == 2


def test_the_statement_as_of_a_date(db, world, mini_catalogue, fixed_clock):
    fixed_clock.set(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    revision = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="x",
        planned_on=date(2026, 6, 1),
        last_reviewed_on=date(2026, 1, 5),
    )
    evidence = add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=revision.answer_id,
        url="https://dms.example/beleid",
        actor=Actor.system("c"),
    )
    db.commit()
    fixed_clock.set(datetime(2026, 2, 5, 9, 0, tzinfo=UTC))
    answer(db, world.own, "5.01.01", **IMPLEMENTED, last_reviewed_on=date(2026, 2, 5))
    remove_evidence(session=db, evidence=evidence, actor=Actor.system("c"))
    db.commit()
    then = soa(db, world.own, as_of=date(2026, 1, 31))
    assert then.entry("5.01.01").status == "planned" and then.entry("5.01.01").evidence_count == 1
    assert then.reference_date == date(2026, 1, 31)
    now = soa(db, world.own)
    assert now.entry("5.01.01").status == "implemented" and now.entry("5.01.01").evidence_count == 0
    assert soa(db, world.own, as_of=date(2026, 1, 4)).entry("5.01.01").status == "unanswered"


def test_filters(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED, owner="Beleidsteam")
    entries = soa(db, world.own).entries
    assert [e.code for e in filter_entries(entries, kind="nis2")] == ["21.2.a"]
    assert [e.code for e in filter_entries(entries, category="ketenhygiene")] == ["5.10.01"]
    assert [e.code for e in filter_entries(entries, status="implemented")] == ["5.01.01"]
    assert [e.code for e in filter_entries(entries, text="beleidsteam")] == ["5.01.01"]
    assert [e.code for e in filter_entries(entries, theme="5", kind="control")] == ["5.1", "5.2", "5.10"]


def test_worklist_lists_overdue_reviews_and_unanswered_measures(db, world, mini_catalogue):
    answer(db, world.own, "5.01.01", **IMPLEMENTED, last_reviewed_on=date(2025, 1, 10))
    answer(db, world.own, "5.1", **IMPLEMENTED, last_reviewed_on=date(2026, 3, 1))
    worklist = worklist_of(soa(db, world.own))
    assert [e.code for e in worklist.review_overdue] == ["5.01.01"]
    assert [e.code for e in worklist.unanswered_measures] == ["5.01.02", "5.10.01"]

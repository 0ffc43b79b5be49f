"""The answer pages: who sees the form, saving, refusing stale and invalid saves, inheritance, history."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from controls.answer_models import AnswerRevision
from controls.models import Requirement
from core.models import Role
from tests.answers.conftest import answer, share
from tests.factories import make_organisation

FORM = {
    "base_revision": "0",
    "applicability": "applicable",
    "implementation": "implemented",
    "design": "sufficient",
    "existence": "sufficient",
    "operation": "not_assessed",
    "explanation": "Vastgesteld door het college op 12 maart.",
    "owner": "Carla Securitas",
    "last_reviewed_on": "2026-03-12",
}


def revisions(db) -> list[AnswerRevision]:
    db.expire_all()
    return db.exec(select(AnswerRevision).order_by(AnswerRevision.id)).all()


@pytest.mark.parametrize("role", list(Role))
def test_only_the_ciso_gets_the_form(client, world, mini_catalogue, login_as, role):
    login_as(role)
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert "Beleid vastgesteld" in page
    assert ('name="applicability"' in page) == (role == Role.CISO)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.MANAGEMENT, Role.ADMIN])
def test_readers_cannot_post_an_answer(client, db, world, mini_catalogue, login_as, role):
    login_as(role)
    assert client.post("/o/voorbeeld/eisen/5.01.01", data=FORM).status_code == 403
    assert revisions(db) == []


def test_the_ciso_saves_an_answer(client, db, world, mini_catalogue, login_as):
    ciso = login_as(Role.CISO)
    response = client.post("/o/voorbeeld/eisen/5.01.01", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/o/voorbeeld/eisen/5.01.01")
    [revision] = revisions(db)
    assert (revision.number, revision.author_id, revision.implementation) == (1, ciso.id, "implemented")
    assert revision.author_name == ciso.email  # the factory users have no name
    assert revision.next_review_due == date(2027, 3, 12)
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert "Vastgesteld door het college op 12 maart." in page and "revisie 1" in page
    assert 'name="base_revision" type="hidden" value="1"' in page


def test_rule_violations_are_shown_at_their_fields_and_nothing_is_saved(
    client, db, world, mini_catalogue, login_as
):
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01", data={**FORM, "implementation": "planned", "explanation": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Leg uit waarom dit (nog) niet volledig geïmplementeerd is." in page
    assert "Een overheidsmaatregel kan niet met risicoacceptatie worden afgedekt" in page
    assert 'aria-invalid="true"' in page
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01", data={**FORM, "applicability": "not_applicable", "explanation": ""}
    )
    assert "Geef de reden waarom dit niet van toepassing is." in response.get_data(as_text=True)
    assert revisions(db) == []


def test_not_applying_a_control_refers_to_a_risk_in_the_register(
    client, db, world, mini_catalogue, login_as, risk_register
):
    own = risk_register(world.own.id, treatment="reduce")
    risk_register(world.other.id, treatment="reduce")
    foreign = risk_register(world.other.id, treatment="reduce")  # R-002 exists only in the other register
    login_as(Role.CISO)
    data = {**FORM, "applicability": "not_applicable", "explanation": "Geen eigen ontwikkeling."}
    page = client.post("/o/voorbeeld/eisen/5.2", data=data).get_data(as_text=True)
    assert "Uitzonderingen op de VvT" in page
    page = client.post("/o/voorbeeld/eisen/5.2", data={**data, "risk_reference": foreign}).get_data(
        as_text=True
    )
    assert (
        "Dit risico staat niet in het risicoregister." in page
    )  # another organisation's risk does not count
    assert (
        client.post("/o/voorbeeld/eisen/5.2", data={**data, "risk_reference": own.lower()}).status_code == 302
    )
    assert revisions(db)[-1].risk_reference == own


def test_a_temporarily_accepted_risk_covers_a_control_until_it_expires(
    client, db, world, mini_catalogue, login_as, risk_register
):
    valid = risk_register(world.own.id, expires=date(2026, 3, 16))
    expired = risk_register(world.own.id, expires=date(2026, 3, 15))
    login_as(Role.CISO)
    data = {**FORM, "implementation": "not_implemented", "explanation": "Budget pas in 2027."}
    assert client.post("/o/voorbeeld/eisen/5.2", data={**data, "risk_reference": expired}).status_code == 422
    assert client.post("/o/voorbeeld/eisen/5.2", data={**data, "risk_reference": valid}).status_code == 302
    response = client.post("/o/voorbeeld/eisen/5.01.01", data={**data, "risk_reference": valid})
    assert response.status_code == 422  # a measure: never by risk acceptance


def test_a_stale_form_is_refused_and_shows_the_other_change(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert 'name="base_revision" type="hidden" value="0"' in page
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="partially",
        explanation="Alleen het concept.",
        planned_on=date(2026, 5, 1),
        author="Bas Veilig",
    )
    response = client.post("/o/voorbeeld/eisen/5.01.01", data=FORM)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft dit antwoord intussen gewijzigd" in page and "Bas Veilig" in page
    assert "Alleen het concept." in page and "gedeeltelijk geïmplementeerd" in page  # the other's change
    assert "Vastgesteld door het college op 12 maart." in page  # the user's own input is kept
    assert 'name="base_revision" type="hidden" value="1"' in page
    assert len(revisions(db)) == 1
    assert client.post("/o/voorbeeld/eisen/5.01.01", data={**FORM, "base_revision": "1"}).status_code == 302
    assert [r.implementation for r in revisions(db)] == ["partially", "implemented"]


def test_an_inherited_answer_shows_what_the_provider_shares(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert 'value="inherited"' not in page  # no provider, no choice
    provider = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    world.own.provider_id = provider.id
    db.add(world.own)
    db.commit()
    answer(
        db,
        provider,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        explanation="Intern: geregeld in de DVO met Buurdorp.",
        owner="Bas Veilig",
    )
    inherit = {**FORM, "applicability": "inherited", "explanation": ""}
    refused = client.post("/o/voorbeeld/eisen/5.01.01", data=inherit)
    assert refused.status_code == 422 and "niet als gedeelde dienst" in refused.get_data(as_text=True)
    share(db, provider, "5.01.01", "Het IT-centrum voert het beleid uit.")
    assert client.post("/o/voorbeeld/eisen/5.01.01", data=inherit).status_code == 302
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert "Overgenomen van Gemeente Buurdorp" in page and "Het IT-centrum voert het beleid uit." in page
    assert "Intern" not in page and "Bas Veilig" not in page
    assert page.count('name="applicability"') == 3  # only the own form; the provider's answer has none
    soa = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "overgenomen van Gemeente Buurdorp" in soa


def test_history_page_shows_the_differences(client, db, world, mini_catalogue, login_as, fixed_clock):
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="Beleid in concept.",
        planned_on=date(2026, 6, 1),
        author="Carla Securitas",
    )
    fixed_clock.set(datetime(2026, 3, 16, 15, 0, tzinfo=UTC))
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        explanation="Beleid vastgesteld.",
        planned_on=date(2026, 6, 1),
        author="Bas Veilig",
    )
    login_as(Role.AUDITOR)
    page = client.get("/o/voorbeeld/eisen/5.01.01/historie").get_data(as_text=True)
    assert page.index("Revisie 2") < page.index("Revisie 1")
    assert "Bas Veilig" in page and "Carla Securitas" in page
    assert '<del class="diff-removed">in concept.</del>' in page
    assert '<ins class="diff-added">vastgesteld.</ins>' in page
    assert client.get("/o/voorbeeld/eisen/5.01.02/historie").status_code == 200


def test_as_of_shows_the_answer_as_it_stood_without_a_form(
    client, db, world, mini_catalogue, login_as, fixed_clock
):
    fixed_clock.set(datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="Concept.",
        planned_on=date(2026, 6, 1),
        last_reviewed_on=date(2026, 2, 1),
    )
    fixed_clock.set(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/eisen/5.01.01?peildatum=2026-02-10").get_data(as_text=True)
    assert "U ziet de stand aan het eind van" in page and "Concept." in page
    assert 'name="applicability"' not in page
    soa = client.get("/o/voorbeeld/vvt?peildatum=2026-02-10").get_data(as_text=True)
    assert re.search(r'badge-warn">gepland<', soa)
    assert "peildatum=2026-02-10" in soa  # links keep the date
    page = client.get("/o/voorbeeld/vvt?peildatum=gisteren").get_data(as_text=True)
    assert "Ongeldige peildatum" in page


def test_a_withdrawn_requirement_has_no_form_and_refuses_a_save(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/eisen/5.01.03").get_data(as_text=True)
    assert "geldt niet meer" in page and 'name="applicability"' not in page
    response = client.post("/o/voorbeeld/eisen/5.01.03", data=FORM)
    assert response.status_code == 422 and revisions(db) == []


def test_unknown_requirement_is_404(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    assert client.get("/o/voorbeeld/eisen/9.99").status_code == 404
    assert client.post("/o/voorbeeld/eisen/9.99", data=FORM).status_code == 404


def test_statement_page_with_filters(client, db, world, mini_catalogue, login_as):
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.MANAGEMENT)
    page = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "Verklaring van toepasselijkheid" in page and "NIS2-dekking" in page
    assert "7 van 7 eisen" in page and "Voortgang per thema" in page
    page = client.get("/o/voorbeeld/vvt?soort=measure&status=unanswered").get_data(as_text=True)
    assert "2 van 7 eisen" in page and 'value="measure" selected' in page
    page = client.get("/o/voorbeeld/vvt?zoek=zzzz").get_data(as_text=True)
    assert "Geen eisen gevonden" in page
    assert 'aria-current="page">Verklaring van toepasselijkheid' in page


def test_answer_pages_have_no_inline_script_or_style(client, db, world, mini_catalogue, login_as):
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.CISO)
    for url in (
        "/o/voorbeeld/vvt",
        "/o/voorbeeld/eisen/5.01.01",
        "/o/voorbeeld/eisen/5.01.01/historie",
        "/o/voorbeeld/vvt/import",
        "/o/voorbeeld/",
    ):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and " on" + "click=" not in page, url


def test_dashboard_panel_for_the_ciso(client, db, world, mini_catalogue, login_as):
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        last_reviewed_on=date(2025, 2, 1),
    )
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Herbeoordeling verlopen" in page and "/o/voorbeeld/eisen/5.01.01" in page
    assert "Onbeantwoorde overheidsmaatregelen" in page and "/o/voorbeeld/eisen/5.01.02" in page
    client.post("/logout")
    login_as(Role.AUDITOR)
    assert "Onbeantwoorde overheidsmaatregelen" not in client.get("/o/voorbeeld/").get_data(as_text=True)


def test_management_reads_compliance_per_theme_on_the_dashboard(client, db, world, mini_catalogue, login_as):
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.MANAGEMENT)
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Naleving BIO2 en NIS2" in page and "Voortgang per thema" in page
    assert 'value="50"' in page  # basishygiëne: 1 of the 2 applicable measures implemented
    assert "Onbeantwoorde overheidsmaatregelen" not in page  # the CISO's to-do list is not for management


def test_statement_page_queries_do_not_grow_with_requirements_or_revisions(
    client, db, world, mini_catalogue, login_as, count_queries
):
    provider = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    world.own.provider_id = provider.id
    db.add(world.own)
    db.commit()
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.AUDITOR)

    def queries(url: str) -> int:
        client.get(url)  # the first view after the catalogue changed reads it (controls.catalogue_cache)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    small = queries("/o/voorbeeld/vvt"), queries("/o/voorbeeld/vvt?peildatum=2026-03-01")
    control = db.exec(select(Requirement).where(Requirement.code == "5.10")).one()
    for number in range(2, 80):
        db.add(
            Requirement(
                code=f"5.10.{number:02d}",
                kind="measure",
                framework="bio2",
                theme=5,
                parent_id=control.id,
                sort_key=f"005.010.{number:03d}",
                title_nl=f"Extra {number}",
                title_en="",
                categories="basishygiene",
                introduced_in="test.1",
            )
        )
    db.commit()
    for number in range(2, 80):
        for state in ("planned", "partially", "implemented"):
            answer(
                db,
                world.own,
                f"5.10.{number:02d}",
                applicability="applicable",
                implementation=state,
                explanation="x",
                planned_on=date(2026, 9, 1),
                commit=False,
            )
        answer(
            db,
            provider,
            f"5.10.{number:02d}",
            applicability="applicable",
            implementation="implemented",
            commit=False,
        )
    db.commit()
    assert db.exec(select(func.count()).select_from(AnswerRevision)).one() > 300
    large = queries("/o/voorbeeld/vvt"), queries("/o/voorbeeld/vvt?peildatum=2026-03-01")
    assert large == small, (small, large)
    assert small[0] <= 9, small  # 9: with the proposals waiting for approval (controls.summaries)


def test_pages_in_english(client, db, world, mini_catalogue, login_as):
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.AUDITOR)
    client.post("/taal/en", data={"next": "/o/voorbeeld/vvt"})
    page = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "Statement of Applicability" in page and "Progress per theme" in page
    assert "Organisational" in page and "Policy adopted" in page and "implemented" in page


def test_an_unchanged_save_adds_no_revision_but_may_add_evidence(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    client.post("/o/voorbeeld/eisen/5.01.01", data=FORM)
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01", data={**FORM, "base_revision": "1"}, follow_redirects=True
    )
    assert "Niets gewijzigd." in response.get_data(as_text=True) and len(revisions(db)) == 1
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01",
        data={**FORM, "base_revision": "1", "evidence_link": "https://dms.example/besluit"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Antwoord op 5.01.01 opgeslagen." in page and "https://dms.example/besluit" in page
    assert len(revisions(db)) == 1


def test_the_catalogue_page_shows_the_answer_and_links_both_ways(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/catalogus/eis/5.01.01").get_data(as_text=True)
    assert "Antwoord van Gemeente Voorbeeld" in page and "Nog niet beantwoord." in page
    assert 'href="/o/voorbeeld/eisen/5.01.01"' in page
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="partially",
        explanation="x",
        planned_on=date(2026, 9, 1),
    )
    page = client.get("/o/voorbeeld/catalogus/eis/5.01.01").get_data(as_text=True)
    assert "gedeeltelijk geïmplementeerd" in page and "Antwoord, bewijs en historie" in page
    assert 'href="/o/voorbeeld/catalogus/eis/5.01.01"' in client.get("/o/voorbeeld/eisen/5.01.01").get_data(
        as_text=True
    )


def test_row_names_show_an_unknown_value_as_it_is():
    from app.answers.routes import ValueNames

    names = ValueNames([("implemented", "geïmplementeerd")])
    assert names["implemented"] == "geïmplementeerd" and names["nieuw"] == "nieuw"


def test_every_rule_of_an_answer_is_worded_for_the_user(app):
    """Each code controls.rules gives has its words in app/answers/problems.py, in Dutch and in English."""
    from flask_babel import force_locale

    from app.problems import known_codes, word
    from controls.rules import AnswerValues, check_answer, violation

    today = date(2026, 3, 16)
    cases = [
        (AnswerValues(applicability="maybe", owner="x" * 201), "measure", set()),
        (AnswerValues(applicability="not_applicable", risk_reference="R-9"), "control", set()),
        (AnswerValues(applicability="not_applicable", explanation="geen"), "control", set()),
        (AnswerValues(applicability="inherited", last_reviewed_on=date(2027, 1, 1)), "measure", set()),
        (AnswerValues(applicability="applicable"), "measure", set()),
        (AnswerValues(applicability="applicable", implementation="planned"), "measure", set()),
        (AnswerValues(applicability="applicable", implementation="planned"), "control", set()),
        (
            AnswerValues(applicability="applicable", implementation="planned", risk_reference="R-1"),
            "control",
            {"R-1"},
        ),
        (AnswerValues(applicability="applicable", implementation="planned"), "nis2", set()),
        (
            AnswerValues(applicability="applicable", implementation="implemented", existence="sufficient"),
            "nis2",
            set(),
        ),
        (
            AnswerValues(applicability="applicable", implementation="partially", operation="sufficient"),
            "nis2",
            set(),
        ),
        (
            AnswerValues(applicability="applicable", implementation="planned", planned_on=date(2099, 1, 1)),
            "measure",
            set(),
        ),
    ]
    problems = [violation("", "withdrawn", "vervallen", requirement="5.01.03")]
    for values, kind, known in cases:
        problems += check_answer(
            values, kind=kind, has_provider=False, accepted_risks=set(), known_risks=known, today=today
        )
    assert {p.code for p in problems} - known_codes() == set()
    assert len({p.code for p in problems}) == 19
    with app.test_request_context(), force_locale("en"):
        assert word(problems[1]) == "Invalid value 'maybe'."
        worded = {p.code: word(p) for p in problems}
        assert worded["answer.risk_not_accepted"] == "This risk is not (or no longer) temporarily accepted."


def test_a_refused_link_with_an_answer_is_shown_at_the_link_and_saves_nothing(
    client, db, world, mini_catalogue, login_as
):
    """Evidence refusals are rule errors too: the answer page shows them at the evidence field, not as a flash
    of the answer's rules, and the answer is not saved without its evidence."""
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01", data={**FORM, "evidence_link": "http://dms.example/besluit"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="evidence_link-error">alleen https-links zijn toegestaan</p>' in page
    assert revisions(db) == []

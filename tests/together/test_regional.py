"""The regional view: exactly the organisations the user belongs to, side by side (page, sheet, PDF, API);
a user of one organisation gets a 404 page (nothing to compare) and an API list of one; the work grows with
the number of organisations, never with their data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.models import Role
from plan.regional import regional_comparison
from tests.answers.conftest import answer
from tests.api.conftest import make_token
from tests.factories import make_organisation
from tests.plan.factories import make_action
from tests.reports.pdftext import page_texts
from tests.risk.factories import make_risk
from tests.together.conftest import THIRD

IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented", "design": "sufficient"}
PAGES = ("/regionaal/", "/regionaal/overzicht.xlsx", "/regionaal/overzicht.pdf")


def texts(client) -> dict[str, str]:
    found = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.get_data()
        if url.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(data)).active
            found[url] = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
        elif url.endswith(".pdf"):
            found[url] = " ".join(page_texts(data))
        else:
            found[url] = data.decode()
    return found


def test_a_ciso_of_two_sees_both_and_never_a_third(client, db, world, two, login_as):
    answer(db, world.own, "5.01.01", **IMPLEMENTED)
    login_as(Role.CISO)
    for url, text in texts(client).items():
        assert "Gemeente Voorbeeld" in text and "Gemeente Andere" in text, url
        assert THIRD not in text, url
    page = client.get("/regionaal/").get_data(as_text=True)
    assert 'href="/o/voorbeeld/"' in page and 'href="/o/andere/"' in page and "/o/derde/" not in page
    assert "Antwoorden kopiëren" in page


@pytest.mark.parametrize("role", list(Role))
def test_a_user_of_one_organisation_gets_404(client, world, two, login_as, role):
    login_as(role, "other")  # every role of the other organisation belongs to it alone
    for url in PAGES:
        assert client.get(url).status_code == 404, (role, url)
    assert client.get("/regionaal/kopieren").status_code == 404


def test_roles_mix_and_only_cisos_copy(client, db, world, two, login_as):
    from core.accounts import set_membership

    auditor = world.user(Role.AUDITOR)
    set_membership(session=db, user=auditor, organisation=world.other, role=Role.MANAGEMENT)
    db.commit()
    login_as(Role.AUDITOR)
    page = client.get("/regionaal/").get_data(as_text=True)
    assert "Auditor" in page and "Management" in page and "Antwoorden kopiëren" not in page
    assert client.get("/regionaal/kopieren").status_code == 404


def test_the_figures_per_organisation(db, world, two):
    answer(db, world.own, "5.01.01", **IMPLEMENTED)
    answer(db, world.other, "5.01.02", applicability="not_applicable", explanation="Geen eigen beleid nodig.")
    make_risk(
        db, world.other.id, inherent_likelihood=5, inherent_impact=5, residual_likelihood=5, residual_impact=5
    )
    make_action(db, world.own.id, due_on=date(2026, 1, 1))
    found = regional_comparison(session=db, user_id=two.id, today=date(2026, 3, 16))
    assert [o.slug for o in found.organisations] == ["andere", "voorbeeld"]
    other, own = found.organisations
    assert own.overdue_actions == 1 and other.overdue_actions == 0
    assert other.above_appetite == 1 and own.above_appetite == 0
    theme = next(s for s in own.themes if s.key == "5")
    assert theme.implemented == 1
    assert sum(own.nis2.values()) == 1


def _queries(client, count_queries) -> int:
    client.get("/regionaal/")  # warm: a first view after a catalogue change also reads it (catalogue_cache)
    with count_queries() as counter:
        assert client.get("/regionaal/").status_code == 200
    return counter.count


def test_queries_grow_with_organisations_not_with_their_data(client, db, world, two, login_as, count_queries):
    from core.accounts import set_membership

    login_as(Role.CISO)
    two_orgs = _queries(client, count_queries)
    for code in ("5.01.01", "5.01.02", "5.10.01"):
        answer(db, world.own, code, **IMPLEMENTED)
        answer(db, world.other, code, **IMPLEMENTED)
    for number in range(5):
        make_risk(db, world.own.id, title=f"Risico {number}")
        make_action(db, world.other.id, due_on=date(2026, 1, number + 1), title=f"Actie {number}")
    db.commit()
    assert _queries(client, count_queries) == two_orgs
    set_membership(session=db, user=two, organisation=make_organisation(db, "vierde"), role=Role.AUDITOR)
    db.commit()
    three_orgs = _queries(client, count_queries)
    assert 0 < three_orgs - two_orgs <= 15, (two_orgs, three_orgs)


def test_the_api_reaches_the_organisations_with_a_live_token(db, world, two, api):
    own = api(make_token(db, world, Role.CISO))
    found = own.get("/api/v1/regional").json
    assert [o["slug"] for o in found["items"]] == ["voorbeeld"]  # no token of hers for andere yet
    make_token(db, world, Role.CISO)  # another token of her own organisation changes nothing
    from core.actor import Actor
    from core.tokens import create_token, revoke_token

    other = create_token(
        session=db, user=two, organisation=world.other, scope="read", days=5, actor=Actor.system("test")
    )
    db.commit()
    found = own.get("/api/v1/regional").json
    assert [o["slug"] for o in found["items"]] == ["andere", "voorbeeld"] and found["total"] == 2
    assert all(o["name"] != THIRD for o in found["items"])
    revoke_token(session=db, token_id=other.token.id, actor=Actor.system("test"))
    db.commit()
    assert [o["slug"] for o in own.get("/api/v1/regional").json["items"]] == ["voorbeeld"]
    # a user of one organisation: a list of one
    lone = api(make_token(db, world, Role.AUDITOR, org="other"))
    assert [o["slug"] for o in lone.get("/api/v1/regional").json["items"]] == ["andere"]


def test_the_api_comparison_grows_with_organisations_not_with_their_data(db, world, two, api, count_queries):
    from core.actor import Actor
    from core.tokens import create_token

    client = api(make_token(db, world, Role.CISO))
    create_token(
        session=db, user=two, organisation=world.other, scope="read", days=5, actor=Actor.system("t")
    )
    db.commit()

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/api/v1/regional").status_code == 200
        return counter.count

    queries()  # the first request notes the token's last use
    few = queries()
    for code in ("5.01.01", "5.01.02", "5.10.01"):
        answer(db, world.other, code, **IMPLEMENTED)
    for number in range(4):
        make_risk(db, world.own.id, title=f"Risico {number}")
    assert queries() == few

"""The public VvT (/publiek/<slug>/, its PDF, /api/v1/public/<slug>/vvt): nothing before opting in (the same 404
as an unknown slug), "not adopted yet" instead of live data, then only the public fields of the adopted version."""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.models import AuditEvent, Organisation, Role
from core.publication import set_published
from tests.conftest import login
from tests.public.factories import INTERNAL, OWNER, PUBLIC, TEST, adopt, answer, publish, scope_statement
from tests.reports.pdftext import page_texts

PAGE, PDF, API = "/publiek/{}/", "/publiek/{}/vvt.pdf", "/api/v1/public/{}/vvt"


def statuses(client, slug: str) -> tuple[int, int, int]:
    return tuple(client.get(url.format(slug)).status_code for url in (PAGE, PDF, API))


@pytest.fixture
def adopted(db, world, mini_catalogue):
    answer(db, world.own.id, "5.01.01", risk_reference="")
    scope_statement(db, world.own.id)
    db.commit()
    return adopt(db, world)


def test_before_opting_in_nothing_is_public_as_for_an_unknown_slug(client, db, world, adopted):
    assert statuses(client, "voorbeeld") == (404, 404, 404)
    assert statuses(client, "bestaat-niet") == (404, 404, 404)
    unknown, unpublished = client.get(PAGE.format("bestaat-niet")), client.get(PAGE.format("voorbeeld"))
    # the 404 says nothing of which organisations exist (the page names the address asked for, nothing else)
    assert unknown.data.replace(b"bestaat-niet", b"voorbeeld") == unpublished.data
    problems = [client.get(API.format(slug)).json for slug in ("voorbeeld", "bestaat-niet")]
    assert problems[0] | {"instance": ""} == problems[1] | {"instance": ""}
    assert "Gemeente Voorbeeld" not in client.get("/publiek/").get_data(as_text=True)


def test_published_without_an_adopted_version_says_so(client, db, world, mini_catalogue):
    answer(db, world.own.id, "5.01.01")
    publish(db, world.own)
    page = client.get(PAGE.format("voorbeeld")).get_data(as_text=True)
    assert "nog geen verklaring van toepasselijkheid vastgesteld" in page
    assert "5.01.01" not in page and PUBLIC not in page  # no live data
    assert client.get(PDF.format("voorbeeld")).status_code == 404
    body = client.get(API.format("voorbeeld")).json
    assert body["adoption"] is None and body["entries"] == [] and body["scope"] is None


def test_the_adopted_version_shows_only_its_public_fields(client, db, world, adopted):
    publish(db, world.own)
    answer(db, world.own.id, "5.01.01", base=1, public_explanation="Na de vaststelling gewijzigd.")
    db.commit()
    response = client.get(PAGE.format("voorbeeld"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="nl">' in page
    assert "5.01.01" in page and PUBLIC in page and "college van B&amp;W" in page and "10 mrt 2026" in page
    assert "Zaaksysteem" in page and "Alle processen van de gemeente." in page
    for secret in (
        INTERNAL,
        OWNER,
        "Na de vaststelling gewijzigd.",
        "Geheime omschrijving",
        "Teamleider Zaken",
    ):
        assert secret not in page
    assert "Uitloggen" not in page and "csrf" not in page
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=300" and response.headers["ETag"]
    assert (
        client.get(PAGE.format("voorbeeld"), headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )


def test_english_through_the_address(client, db, world, adopted):
    publish(db, world.own)
    page = client.get(PAGE.format("voorbeeld") + "?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Implemented" in page and "Nederlands" in page
    assert "English" in client.get(PAGE.format("voorbeeld")).get_data(as_text=True)


def test_the_pdf_holds_the_same_and_nothing_internal(client, db, world, adopted):
    publish(db, world.own)
    response = client.get(PDF.format("voorbeeld"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Set-Cookie" not in response.headers
    text = " ".join(" ".join(page.split()) for page in page_texts(response.data))
    assert "5.01.01" in text and PUBLIC in text and "college van B&W" in text and "10 maart 2026" in text
    assert "Zaaksysteem" in text and "Alle processen van de gemeente." in text
    assert INTERNAL not in text and OWNER not in text and "Geheime omschrijving" not in text
    assert client.get(PDF.format("voorbeeld")).data == response.data  # the same version, the same file


def test_the_api_gives_the_public_fields_only(client, db, world, adopted):
    publish(db, world.own)
    response = client.get(API.format("voorbeeld"))
    assert response.status_code == 200
    body = response.json
    assert body["adoption"]["body"] == "college van B&W" and body["adoption"]["adopted_on"] == "2026-03-10"
    (entry,) = [e for e in body["entries"] if e["code"] == "5.01.01"]
    assert entry == {
        "code": "5.01.01",
        "kind": "measure",
        "theme": "5",
        "title": entry["title"],
        "applicability": "applicable",
        "status": "implemented",
        "public_explanation": PUBLIC,
    }
    assert body["scope"]["items"] == [{"reference": "S-001", "kind": "system", "name": "Zaaksysteem"}]
    assert INTERNAL not in response.get_data(as_text=True) and OWNER not in response.get_data(as_text=True)


def test_opting_out_hides_it_again_and_the_index_lists_only_published(client, db, world, adopted):
    publish(db, world.own)
    assert statuses(client, "voorbeeld") == (200, 200, 200)
    assert statuses(client, "andere") == (404, 404, 404)
    index = client.get("/publiek/").get_data(as_text=True)
    assert "Gemeente Voorbeeld" in index and "Gemeente Andere" not in index
    set_published(session=db, organisation=db.get(Organisation, world.own.id), published=False, actor=TEST)
    db.commit()
    assert statuses(client, "voorbeeld") == (404, 404, 404)


@pytest.mark.parametrize("role", [None, *Role])
@pytest.mark.parametrize("org", ["own", "other"])
def test_access_matrix_of_the_public_routes(client, db, world, adopted, role, org):
    """Published or not decides, never who asks: anonymous, every role of the own and of the other organisation."""
    if role is not None:
        login(client, world.user(role, org).email)
    assert statuses(client, "voorbeeld") == (404, 404, 404)
    publish(db, world.own)
    assert statuses(client, "voorbeeld") == (200, 200, 200)
    assert statuses(client, "andere") == (404, 404, 404)


def test_org_set_publish_on_and_off_is_audited(cli, db, world):
    result = cli("org", "set", "--slug", "voorbeeld", "--publish", "on")
    assert result.exit_code == 0, result.stderr
    assert "openbaar op /publiek/voorbeeld/" in result.stdout
    db.expire_all()
    assert db.get(Organisation, world.own.id).published
    assert cli("org", "set", "--slug", "voorbeeld", "--publish", "off").exit_code == 0
    db.expire_all()
    assert not db.get(Organisation, world.own.id).published
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.organisation_id == world.own.id)).all()
    assert "organisation.published" in actions and "organisation.unpublished" in actions
    assert cli("org", "set", "--slug", "voorbeeld", "--publish", "ja").exit_code != 0


def test_the_settings_page_switches_publication(client, db, world, login_as):
    login_as(Role.ADMIN)
    page = client.get("/o/voorbeeld/beheer/instellingen").get_data(as_text=True)
    assert "Nu is niets van deze organisatie openbaar." in page
    assert (
        client.post("/o/voorbeeld/beheer/instellingen/publicatie", data={"published": "y"}).status_code == 302
    )
    db.expire_all()
    assert db.get(Organisation, world.own.id).published
    assert "/publiek/voorbeeld/" in client.get("/o/voorbeeld/beheer/instellingen").get_data(as_text=True)
    assert client.post("/o/voorbeeld/beheer/instellingen/publicatie", data={}).status_code == 302
    db.expire_all()
    assert not db.get(Organisation, world.own.id).published

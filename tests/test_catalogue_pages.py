"""The catalogue pages: browsing, search and filters, the requirement page with its mappings in both directions,
full texts per organisation, catalogue upgrades with every problem at its line, and query counts."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import func, select

from controls.catalogue import check_catalogue_text, load_catalogue
from controls.models import CatalogueLoad, Requirement
from controls.overlay import check_overlay_text, load_overlay, overlay_count
from core.models import AuditEvent, Role
from tests.conftest import MINI_CATALOGUE
from tests.test_catalogue_load import V2

BASE = "/o/voorbeeld/catalogus"


def codes_on(page: str) -> list[str]:
    """The requirement codes linked in the catalogue tables, in order."""
    return re.findall(r'class="req-code" href="/o/voorbeeld/catalogus/eis/([^"]+)"', page)


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_browses_the_catalogue(client, world, mini_catalogue, login_as, role):
    login_as(role)
    page = get(client, f"{BASE}/")
    assert codes_on(page) == ["5.1", "5.01.01", "5.01.02", "5.01.03", "5.2", "5.10", "5.10.01", "21.2.a"]
    assert "Testcatalogus, versie test.1" in page
    assert 'href="/o/voorbeeld/catalogus/"' in get(client, "/o/voorbeeld/")  # the menu item
    assert ("Catalogusbeheer" in page) == (role == Role.ADMIN)
    assert ("Volledige teksten laden" in page) == (role in (Role.ADMIN, Role.CISO))


def test_grouped_by_theme_and_article(client, world, catalogue, login_as):
    login_as(Role.AUDITOR)
    page = get(client, f"{BASE}/")
    for heading in (
        "4. Context van de organisatie",
        "10. Verbetering",
        "5. Organisatorisch",
        "8. Technologisch",
        "Artikel 21: maatregelen voor het beheer",
        "Artikel 23: meldingsverplichtingen",
    ):
        assert heading in page
    codes = codes_on(page)
    assert len(codes) == 34 + 93 + 126 + 24
    assert codes[:4] == ["27001-4.1", "27001-4.2", "27001-4.3", "27001-4.4"]  # the ISMS first
    assert (
        codes.index("27001-6.1")
        < codes.index("27001-6.1.1")
        < codes.index("27001-6.1.3")
        < codes.index("27001-6.2")
    )
    assert codes.index("27001-10.2") < codes.index("5.1")
    assert (
        codes.index("5.1")
        < codes.index("5.01.01")
        < codes.index("5.2")
        < codes.index("5.10")
        < codes.index("8.34")
    )
    assert codes.index("8.34") < codes.index("20.1") < codes.index("21.2.a") < codes.index("23.4.d")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=5.1", ["5.1", "5.01.01", "5.01.02", "5.01.03"]),
        ("q=5.10", ["5.10", "5.10.01"]),
        ("q=5.01.02", ["5.1", "5.01.02"]),  # the control is shown as context
        ("q=21.2", ["21.2.a"]),
        ("q=herziening", ["5.1", "5.01.02"]),
        ("q=Yearly+review", ["5.1", "5.01.02"]),  # English words find it too
        ("q=RISICOANALYSE", ["21.2.a"]),
        ("q=hygiëne+keten", ["5.1", "5.01.03", "5.10", "5.10.01"]),  # categories, accents folded
        ("q=bestaat+niet", []),
        ("kader=nis2", ["21.2.a"]),
        ("kader=bio2&soort=control", ["5.1", "5.2", "5.10"]),
        ("soort=measure&status=active", ["5.1", "5.01.01", "5.01.02", "5.10", "5.10.01"]),
        ("categorie=overheidsrisicos", ["5.1", "5.01.02"]),
        ("status=moved", ["5.1", "5.01.03"]),
        ("thema=5&q=beleid", ["5.1", "5.01.01"]),
        ("thema=6", []),
    ],
)
def test_search_and_filters(client, world, mini_catalogue, login_as, query, expected):
    login_as(Role.MANAGEMENT)
    page = get(client, f"{BASE}/?{query}")
    assert codes_on(page) == expected
    if not expected:
        assert "Geen eisen gevonden" in page


def test_a_control_shown_for_context_is_marked(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = get(client, f"{BASE}/?categorie=ketenhygiene")
    assert re.search(
        r'<tr class="control-row context-row">\s*<th scope="row"><a class="req-code" href="[^"]+/5.1"', page
    )
    assert "3 eisen van de 8" not in page and "2 eisen van de 8" in page


def test_an_invalid_filter_is_ignored_with_a_message(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = get(client, f"{BASE}/?status=kapot&q=" + "x" * 101)
    assert len(codes_on(page)) == 8
    assert page.count('class="error"') == 2


def test_withdrawn_and_moved_are_shown_marked(client, world, db, mini_catalogue, login_as):
    load_catalogue(session=db, catalogue=check_catalogue_text(V2)[0])
    db.commit()
    login_as(Role.CISO)
    page = get(client, f"{BASE}/")
    row = re.search(
        r'<tr class="measure-row inactive-row">\s*<th scope="row"><a[^>]+>5\.01\.02</a>.*?</tr>', page, re.S
    )
    assert row and "vervallen" in row.group(0)
    moved = re.search(
        r'<tr class="measure-row inactive-row">\s*<th scope="row"><a[^>]+>5\.01\.01</a>.*?</tr>', page, re.S
    )
    assert moved and "verplaatst" in moved.group(0) and "/catalogus/eis/5.10.02" in moved.group(0)
    assert codes_on(get(client, f"{BASE}/?status=withdrawn")) == ["5.1", "5.01.02"]


def test_measure_page(client, world, mini_catalogue, login_as):
    login_as(Role.AUDITOR)
    page = get(client, f"{BASE}/eis/5.01.01")
    assert "Beleid vastgesteld" in page and "Het bestuur stelt het beleid vast." in page
    assert "overheidsmaatregel" in page and "basishygiëne" in page
    assert f'href="{BASE}/eis/5.1"' in page  # parent
    mapping = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]+>21\.2\.a</a></th>.*?</tr>", page, re.S).group(0)
    assert "Risicoanalyse en beleid" in mapping and "dekt een deel" in mapping
    assert "Vastgesteld beleid is deel van 21.2.a." in mapping


def test_control_page_lists_its_measures_and_their_nis2_points(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = get(client, f"{BASE}/eis/5.1")
    children = page[page.index("children-heading") : page.index("mappings-heading")]
    assert re.findall(r"eis/(5\.01\.0\d)\"", children) == ["5.01.01", "5.01.02", "5.01.03"]
    assert f'{BASE}/eis/21.2.a"' in children  # 5.01.01 maps to it
    assert "Beleid overlapt." in page[page.index("mappings-heading") :]


def test_nis2_page_lists_every_contribution(client, world, mini_catalogue, login_as):
    login_as(Role.MANAGEMENT)
    page = get(client, f"{BASE}/eis/21.2.a")
    section = page[page.index("mappings-heading") :]
    assert "Bijdragen vanuit BIO2" in section
    assert re.findall(r'<th scope="row"><a class="req-code" href="[^"]+">([^<]+)</a>', section) == [
        "5.1",
        "5.01.01",
    ]
    assert "overlapt" in section and "dekt een deel" in section and "beheersmaatregel" in section
    assert "NIS2 art. 21 lid 2 onder a" in page and "Cbw art. 21" in page


def test_moved_measure_links_to_its_new_number(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = get(client, f"{BASE}/eis/5.01.03")
    assert "Deze maatregel is verplaatst naar" in page and f'href="{BASE}/eis/5.10.01"' in page
    new = get(client, f"{BASE}/eis/5.10.01")
    assert "Vervangt" in new and f'href="{BASE}/eis/5.01.03"' in new


def test_withdrawn_requirement_page(client, world, db, mini_catalogue, login_as):
    load_catalogue(session=db, catalogue=check_catalogue_text(V2)[0])
    db.commit()
    login_as(Role.CISO)
    page = get(client, f"{BASE}/eis/5.01.02")
    assert "vervallen in versie test.2" in page and "tellen niet meer mee" in page
    renumbered = get(client, f"{BASE}/eis/5.01.01")
    assert f'href="{BASE}/eis/5.10.02"' in renumbered and "Verplaatst in versie" in renumbered


def test_unknown_requirement_is_404(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    assert client.get(f"{BASE}/eis/9.99").status_code == 404
    assert client.get(f"{BASE}/eis/%3Cscript%3E").status_code == 404


def test_titles_in_the_users_language(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    client.post("/taal/en", data={"next": f"{BASE}/eis/5.01.02"})
    page = get(client, f"{BASE}/eis/5.01.02")
    assert "Yearly review" in page and "Reviewed yearly in the P&amp;C cycle." in page
    assert "Summary" in page and "Contributes to NIS2" in page
    assert "Policy adopted" in get(client, f"{BASE}/?q=5.1")


def test_full_text_is_shown_to_members_of_its_organisation_only(client, world, db, mini_catalogue, login_as):
    overlay = check_overlay_text(
        'overlay: {source: "NEN licentie"}\ntexts:\n  - id: "5.01.01"\n    text: "De officiële tekst."\n',
        session=db,
    )[0]
    load_overlay(session=db, organisation_id=world.own.id, overlay=overlay)
    db.commit()
    login_as(Role.AUDITOR)
    page = get(client, f"{BASE}/eis/5.01.01")
    assert "De officiële tekst." in page and "NEN licentie" in page
    assert codes_on(get(client, f"{BASE}/?q=officiële")) == [
        "5.1",
        "5.01.01",
    ]  # searchable by its organisation
    client.post("/logout")
    login_as(Role.CISO, org="other")
    other = get(client, "/o/andere/catalogus/eis/5.01.01")
    assert "De officiële tekst." not in other and "Volledige tekst" not in other
    assert codes_on(get(client, "/o/andere/catalogus/?q=officiële")) == []


def test_ciso_uploads_full_texts(client, world, db, mini_catalogue, login_as):
    login_as(Role.CISO)
    data = b'overlay:\n  source: "NEN"\ntexts:\n  - id: "5.1"\n    text: "Tekst."\n'
    response = client.post(
        f"{BASE}/teksten",
        data={"file": (io.BytesIO(data), "teksten.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert overlay_count(session=db, organisation_id=world.own.id) == 1
    assert "1 nieuw, 0 vervangen" in get(client, f"{BASE}/teksten")
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "catalogue.texts_loaded")).one()
    assert event.organisation_id == world.own.id


def test_a_bad_overlay_upload_shows_every_problem_and_loads_nothing(
    client, world, db, mini_catalogue, login_as
):
    login_as(Role.ADMIN)
    data = (
        'overlay:\n  source: "NEN"\ntexts:\n  - id: "5.1"\n    text: "Tekst."\n  - id: "7.7"\n    text: ""\n'
    )
    response = client.post(
        f"{BASE}/teksten",
        data={"file": (io.BytesIO(data.encode()), "mijn teksten.yaml")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "mijn_teksten.yaml:6: tekst &#39;7.7&#39;: onbekend id (niet in de geladen catalogus)" in page
    assert "mijn_teksten.yaml:7: tekst &#39;7.7&#39;: veld &#39;text&#39; is leeg" in page
    assert "2 problemen gevonden; er is niets geladen" in page
    assert overlay_count(session=db, organisation_id=world.own.id) == 0


def test_upload_must_be_yaml(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    response = client.post(
        f"{BASE}/teksten",
        data={"file": (io.BytesIO(b"x"), "teksten.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "Alleen een YAML-bestand" in response.get_data(as_text=True)


def test_remove_full_texts(client, world, db, mini_catalogue, login_as):
    overlay = check_overlay_text('overlay: {source: x}\ntexts:\n  - id: "5.1"\n    text: "T."\n', session=db)[
        0
    ]
    load_overlay(session=db, organisation_id=world.own.id, overlay=overlay)
    load_overlay(session=db, organisation_id=world.other.id, overlay=overlay)
    db.commit()
    login_as(Role.CISO)
    assert client.post(f"{BASE}/teksten/verwijderen").status_code == 302
    assert overlay_count(session=db, organisation_id=world.own.id) == 0
    assert overlay_count(session=db, organisation_id=world.other.id) == 1


def test_admin_upgrades_the_catalogue(client, world, db, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    page = get(client, f"{BASE}/beheer")
    assert "test.1" in page and "Geladen versies" in page
    response = client.post(
        f"{BASE}/beheer",
        data={"file": (io.BytesIO(V2.encode()), "v2.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = get(client, f"{BASE}/beheer")
    assert "Catalogus test.2 geladen: 2 nieuw" in page
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 2
    assert (
        db.exec(
            select(AuditEvent).where(
                AuditEvent.action == "catalogue.loaded", AuditEvent.organisation_id == world.own.id
            )
        )
        .one()
        .subject
        == "Testcatalogus test.2"
    )


def test_check_only_loads_nothing(client, world, db, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    response = client.post(
        f"{BASE}/beheer",
        data={"file": (io.BytesIO(V2.encode()), "v2.yaml"), "check_only": "y"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "v2.yaml is in orde (versie test.2); er is niets geladen." in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1


def test_a_bad_catalogue_upload_shows_every_problem_at_its_line(client, world, db, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    text = MINI_CATALOGUE.read_text(encoding="utf-8")
    broken = text.replace('version: "test.1"', 'version: "test.2"').replace('  - id: "5.10"', "  - id: 5.10")
    broken = broken.replace("[ketenhygiene]", "[keten]", 1)
    lines = broken.splitlines()
    response = client.post(
        f"{BASE}/beheer",
        data={"file": (io.BytesIO(broken.encode()), "v2.yaml")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        f"v2.yaml:{lines.index('  - id: 5.10') + 1}: control 5.10: id 5.10 moet tussen aanhalingstekens"
        in page
    )
    keten = next(n for n, line in enumerate(lines, start=1) if "[keten]" in line)
    assert f"v2.yaml:{keten}: maatregel &#39;5.01.03&#39;: onbekende categorie &#39;keten&#39;" in page
    assert "er is niets geladen" in page
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1
    assert db.exec(select(Requirement).where(Requirement.code == "5.10")).one().status == "active"


def test_not_utf8_upload(client, world, db, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    response = client.post(
        f"{BASE}/beheer",
        data={"file": (io.BytesIO(b"a: \xff\n"), "v2.yaml")},
        content_type="multipart/form-data",
    )
    assert "v2.yaml:1: geen UTF-8-tekst" in response.get_data(as_text=True)


def test_no_inline_script_or_style(client, world, db, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    for url in (f"{BASE}/", f"{BASE}/eis/5.1", f"{BASE}/eis/21.2.a", f"{BASE}/teksten", f"{BASE}/beheer"):
        page = get(client, url)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\sstyle=|\son[a-z]+=", page), url


def test_query_count_does_not_grow_with_the_catalogue(app, client, world, db, login_as, count_queries):
    """The list, a NIS2 page and a control page cost as many queries for the mini catalogue as for the shipped one,
    however many requirements, contributions or measures there are."""
    from controls.catalogue import load_catalogue_file

    login_as(Role.CISO)
    pages = {"list": "/?q=beleid", "nis2": "/eis/21.2.a", "control": "/eis/5.1"}

    def counts(large_pages: dict[str, str]) -> dict[str, int]:
        result = {}
        for name, url in large_pages.items():
            with count_queries() as counter:
                get(client, BASE + url)
            result[name] = counter.count
        return result

    load_catalogue_file(session=db, path=MINI_CATALOGUE)
    db.commit()
    small = counts(pages)
    load_catalogue_file(session=db)  # the shipped catalogue: 30 times as many requirements
    db.commit()
    large = counts(
        {"list": "/?q=beleid", "nis2": "/eis/21.2.i", "control": "/eis/8.8"}
    )  # 38 contributions; 8.8
    assert large == small
    assert small["list"] <= 7 and small["nis2"] <= 8 and small["control"] <= 9, small

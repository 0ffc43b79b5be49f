"""The security sweep: user text is inert wherever it is shown. Areas add their fields here."""

from __future__ import annotations

from core.actor import Actor
from core.models import Role

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_inert(html: str) -> None:
    assert PAYLOAD not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


def test_organisation_and_user_names_are_escaped(client, world, db, login_as):
    world.own.name = PAYLOAD
    db.add(world.own)
    ciso = world.user(Role.CISO)
    ciso.name = PAYLOAD
    db.add(ciso)
    db.commit()
    login_as(Role.ADMIN)
    assert_inert(client.get("/o/voorbeeld/").get_data(as_text=True))
    assert_inert(client.get("/o/voorbeeld/beheer/gebruikers").get_data(as_text=True))


def test_rejected_form_input_is_echoed_escaped(client, world, login_as):
    login_as(Role.ADMIN)
    response = client.post("/o/voorbeeld/beheer/gebruikers", data={"email": PAYLOAD, "role": "ciso"})
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_answer_texts_and_evidence_are_escaped(client, world, db, login_as, mini_catalogue):
    import io

    from controls.evidence import add_evidence_link
    from tests.answers.conftest import answer

    revision = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        explanation=PAYLOAD,
        owner=PAYLOAD[:200],
        author=PAYLOAD,
    )
    add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=revision.answer_id,
        url="https://dms.example/x",
        actor=Actor.system(PAYLOAD),
        description=PAYLOAD,
    )
    db.commit()
    login_as(Role.CISO)
    client.post(
        "/o/voorbeeld/eisen/5.01.01/bewijs",
        content_type="multipart/form-data",
        data={"bewijs-evidence_file": (io.BytesIO(b"tekst"), PAYLOAD + ".txt")},
    )
    for url in ("/o/voorbeeld/vvt", "/o/voorbeeld/eisen/5.01.01", "/o/voorbeeld/eisen/5.01.01/historie"):
        assert_inert(client.get(url).get_data(as_text=True))


def test_risk_texts_and_matrix_labels_are_escaped(client, world, db, login_as):
    from dataclasses import replace

    from risk.matrix import DEFAULT_MATRIX, save_matrix
    from tests.risk.factories import make_risk

    risk = make_risk(db, world.own.id, title=PAYLOAD, owner=PAYLOAD, description=PAYLOAD, cause=PAYLOAD)
    labels = (PAYLOAD[:60], *DEFAULT_MATRIX.impact_labels[1:])
    save_matrix(
        session=db,
        organisation_id=world.own.id,
        matrix=replace(DEFAULT_MATRIX, impact_labels=labels),
        actor=Actor.system("test"),
    )
    db.commit()
    login_as(Role.CISO)
    for url in (
        "/o/voorbeeld/",
        "/o/voorbeeld/risicos/",
        f"/o/voorbeeld/risicos/{risk.id}",
        f"/o/voorbeeld/risicos/{risk.id}/bewerken",
        "/o/voorbeeld/risicos/heatmap",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_catalogue_texts_and_search_are_escaped(client, world, db, mini_catalogue, login_as):
    """Overlay texts and sources come from an uploaded file; the search query comes from the address."""
    from controls.overlay import check_overlay_text, load_overlay

    text = "overlay: {source: 'x'}\ntexts:\n  - id: \"5.1\"\n    text: 'T'\n    source: 'S'\n"
    overlay = check_overlay_text(text, session=db)[0]
    overlay.texts[0].text_nl = overlay.texts[0].source = PAYLOAD
    load_overlay(session=db, organisation_id=world.own.id, overlay=overlay)
    db.commit()
    login_as(Role.AUDITOR)
    assert_inert(client.get("/o/voorbeeld/catalogus/eis/5.1").get_data(as_text=True))
    html = client.get("/o/voorbeeld/catalogus/", query_string={"q": PAYLOAD}).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_catalogue_upload_problems_are_escaped(client, world, mini_catalogue, login_as):
    import io

    login_as(Role.ADMIN)
    data = f"catalogue: {{version: '1', name: x}}\ncontrols:\n  - id: '{PAYLOAD}'\n".encode()
    response = client.post(
        "/o/voorbeeld/catalogus/beheer",
        data={"file": (io.BytesIO(data), "<img src=x onerror=alert(1)>.yaml")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "ongeldig id" in html and "&lt;script&gt;alert(" in html
    assert "<script>alert" not in html and "<img src=x" not in html

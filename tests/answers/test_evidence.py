"""Evidence: allowed types by extension and content, the size limit, storage under a random name in the
organisation's folder, and downloads only through the access-checked view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from controls.answer_models import Evidence
from controls.evidence import (
    EvidenceRejected,
    add_evidence_file,
    add_evidence_link,
    check_link,
    display_name,
    evidence_path,
)
from controls.models import Requirement
from core.actor import Actor
from core.models import Role
from tests.answers.conftest import answer


def removal_of(db, evidence):
    from controls.evidence import removals_of

    return removals_of(session=db, evidence_ids=[evidence.id]).get(evidence.id)


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "evidence"


@pytest.fixture
def answered(db, world, mini_catalogue):
    return answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")


def store(db, root, world, answered, name: str, data: bytes, max_bytes: int = 1024 * 1024) -> Evidence:
    return add_evidence_file(
        session=db,
        root=root,
        organisation_id=world.own.id,
        answer_id=answered.answer_id,
        filename=name,
        stream=io.BytesIO(data),
        max_bytes=max_bytes,
        actor=Actor(7, "Carla"),
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("beleid.pdf", PDF),
        ("scherm.png", PNG),
        ("foto.JPG", JPG),
        ("verslag.docx", docx_bytes()),
        ("lijst.xlsx", xlsx_bytes()),
        ("notitie.odt", odt_bytes()),
        ("log.txt", b"Beoordeeld: ja\n"),
        ("export.csv", "code;status\n5.1;ok\n".encode("cp1252")),
    ],
)
def test_allowed_types_are_stored_under_a_random_name(db, root, world, answered, name, data):
    evidence = store(db, root, world, answered, name, data)
    path = evidence_path(root, evidence)
    assert path.parent == root / str(world.own.id)
    assert path.read_bytes() == data and evidence.size == len(data) and len(evidence.sha256) == 64
    assert evidence.filename == name and name not in evidence.stored_name
    assert evidence.added_by_name == "Carla" and evidence.added_by_id == 7


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("virus.exe", b"MZ\x90\x00", "type_not_allowed"),
        ("pagina.html", b"<html></html>", "type_not_allowed"),
        ("geen-extensie", PDF, "type_not_allowed"),
        ("nep.pdf", b"<script>alert(1)</script>", "content_mismatch"),
        ("nep.png", PDF, "content_mismatch"),
        ("nep.docx", xlsx_bytes(), "content_mismatch"),
        ("nep.docx", b"PK\x03\x04 not a zip", "content_mismatch"),
        ("binair.txt", b"abc\x00def", "content_mismatch"),
        ("leeg.pdf", b"", "empty"),
    ],
)
def test_wrong_types_are_refused_and_nothing_is_written(db, root, world, answered, name, data, code):
    with pytest.raises(EvidenceRejected) as refused:
        store(db, root, world, answered, name, data)
    assert [problem.code for problem in refused.value.problems] == [f"evidence.{code}"]
    assert not root.exists() or not any(root.rglob("*"))


def test_files_over_the_size_limit_are_refused(db, root, world, answered):
    with pytest.raises(EvidenceRejected) as refused:
        store(db, root, world, answered, "groot.pdf", PDF + b"x" * 2000, max_bytes=1000)
    assert [(p.code, p.field, dict(p.params)) for p in refused.value.problems] == [
        ("evidence.too_large", "file", {"max_mb": 0})
    ]
    assert store(db, root, world, answered, "klein.pdf", PDF, max_bytes=len(PDF)).size == len(PDF)


def test_uploaded_names_cannot_choose_the_path(db, root, world, answered):
    evidence = store(db, root, world, answered, "../../../etc/passwd.pdf", PDF)
    assert evidence.filename == "passwd.pdf"
    assert evidence_path(root, evidence).parent == root / str(world.own.id)
    assert display_name("..\\..\\boot.ini.txt") == "boot.ini.txt"
    assert display_name('a"b\r\n.pdf') == "ab.pdf"


def test_a_tampered_stored_name_is_refused(db, root, world, answered):
    evidence = store(db, root, world, answered, "beleid.pdf", PDF)
    for bad in ("../../secret_key", "/etc/passwd", "", "sub/dir.pdf"):
        evidence.stored_name = bad
        with pytest.raises(EvidenceRejected):
            evidence_path(root, evidence)


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://dms.voorbeeld.nl/zaak/123", True),
        ("http://dms.voorbeeld.nl/zaak/123", False),
        ("javascript:alert(1)", False),
        ("https://user:geheim@dms.voorbeeld.nl/", False),
        ("https:///pad", False),
        ("https://dms.voorbeeld.nl/a b", False),
        ("ftp://files.example/x", False),
    ],
)
def test_only_https_links(url, ok):
    if ok:
        assert check_link(url) == url
    else:
        with pytest.raises(EvidenceRejected):
            check_link(url)


# --- through the web


def upload(client, code="5.01.01", name="beleid.pdf", data=PDF, **extra):
    return client.post(
        f"/o/voorbeeld/eisen/{code}/bewijs",
        data={
            "bewijs-evidence_file": (io.BytesIO(data), name),
            "bewijs-evidence_description": "Beleid",
            **extra,
        },
        content_type="multipart/form-data",
    )


def test_evidence_is_downloaded_as_an_attachment_by_readers_of_the_organisation(
    app, client, db, world, answered, login_as
):
    login_as(Role.CISO)
    assert upload(client).status_code == 302
    evidence = db.exec(select(Evidence)).one()
    stored = Path(app.instance_path) / "evidence" / str(world.own.id) / evidence.stored_name
    assert stored.read_bytes() == PDF
    client.post("/logout")
    login_as(Role.AUDITOR)
    response = client.get(f"/o/voorbeeld/bewijs/{evidence.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "beleid.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    response.close()


def test_another_organisations_evidence_is_invisible(app, client, db, world, answered, login_as):
    other = answer(db, world.other, "5.01.01", applicability="applicable", implementation="implemented")
    theirs = add_evidence_file(
        session=db,
        root=Path(app.instance_path) / "evidence",
        organisation_id=world.other.id,
        answer_id=other.answer_id,
        filename="geheim.txt",
        stream=io.BytesIO(b"geheim"),
        max_bytes=100,
        actor=Actor.system("x"),
    )
    db.commit()
    login_as(Role.CISO)
    assert client.get(f"/o/voorbeeld/bewijs/{theirs.id}").status_code == 404
    assert client.get(f"/o/andere/bewijs/{theirs.id}").status_code == 404
    assert client.post(f"/o/voorbeeld/bewijs/{theirs.id}/verwijderen").status_code == 404
    assert (
        client.post(
            "/o/andere/eisen/5.01.01/bewijs", data={"bewijs-evidence_link": "https://x.example/"}
        ).status_code
        == 404
    )


def test_the_upload_limit_comes_from_the_config(app, client, db, answered, login_as):
    app.config["EVIDENCE_MAX_BYTES"] = 100
    login_as(Role.CISO)
    response = upload(client, data=PDF + b"x" * 200)
    assert response.status_code == 422
    assert "groter dan" in response.get_data(as_text=True)
    assert db.exec(select(Evidence)).all() == []


def test_a_refused_upload_is_explained_on_the_page(client, db, answered, login_as):
    login_as(Role.CISO)
    response = upload(client, name="script.html", data=b"<script>")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "niet toegestaan" in page
    response = upload(client, name="nep.pdf", data=b"<script>")
    assert "de inhoud past niet bij een .pdf-bestand" in response.get_data(as_text=True)


def test_a_link_as_evidence(client, db, answered, login_as):
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01/bewijs", data={"bewijs-evidence_link": "http://onveilig.example/"}
    )
    assert response.status_code == 422 and "https" in response.get_data(as_text=True)
    response = client.post(
        "/o/voorbeeld/eisen/5.01.01/bewijs", data={"bewijs-evidence_link": "https://dms.example/1"}
    )
    assert response.status_code == 302
    evidence = db.exec(select(Evidence)).one()
    assert client.get(f"/o/voorbeeld/bewijs/{evidence.id}").headers["Location"] == "https://dms.example/1"


def test_removing_evidence_keeps_the_file_and_the_history(app, client, db, world, answered, login_as):
    login_as(Role.CISO)
    upload(client)
    evidence = db.exec(select(Evidence)).one()
    assert client.post(f"/o/voorbeeld/bewijs/{evidence.id}/verwijderen").status_code == 302
    db.expire_all()
    evidence = db.exec(select(Evidence)).one()
    assert removal_of(db, evidence) is not None  # a removal row of its own: evidence rows never change
    page = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    assert "Geen bewijs vastgelegd" in page
    history = client.get("/o/voorbeeld/eisen/5.01.01/historie").get_data(as_text=True)
    assert "Bewijsstuk verwijderd" in history and "Bewijsstuk toegevoegd" in history
    response = client.get(f"/o/voorbeeld/bewijs/{evidence.id}")
    assert response.status_code == 200
    response.close()


def test_evidence_needs_an_answer_first(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    response = upload(client, code="5.01.02")
    assert response.status_code == 302 and db.exec(select(Evidence)).all() == []
    page = client.get(response.location).get_data(as_text=True)
    assert "geef eerst een antwoord; daarna kunt u bewijs toevoegen" in page


def withdrawn_with_a_link(db, world, answered) -> Evidence:
    """The answered requirement 5.01.01, with one link as evidence, withdrawn from the catalogue."""
    evidence = add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=answered.answer_id,
        url="https://dms.example/2",
        actor=Actor.system("c"),
    )
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    requirement.status = "withdrawn"
    db.add(requirement)
    db.commit()
    return evidence


def test_evidence_of_a_withdrawn_requirement_stays_as_it_is(client, db, world, answered, login_as):
    evidence = withdrawn_with_a_link(db, world, answered)
    login_as(Role.CISO)
    client.post(f"/o/voorbeeld/bewijs/{evidence.id}/verwijderen")
    page = client.get(upload(client).location).get_data(as_text=True)
    refused = "deze eis geldt niet meer; het bewijs kan niet meer worden gewijzigd"
    assert page.count(refused) == 2  # the removal and the upload
    db.expire_all()
    assert [(e.id, removal_of(db, e)) for e in db.exec(select(Evidence)).all()] == [(evidence.id, None)]


def test_a_refused_upload_is_worded_in_the_users_language(client, db, answered, login_as):
    login_as(Role.CISO)
    client.post("/taal/en", data={"next": "/o/voorbeeld/"})
    response = upload(client, name="nep.pdf", data=b"<script>")
    assert response.status_code == 422
    assert "the content does not match a .pdf file" in response.get_data(as_text=True)

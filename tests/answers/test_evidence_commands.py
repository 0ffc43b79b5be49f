"""`naleving evidence add|list|remove`: the same checks as the requirement page, one line for every refusal,
nothing written (no row, no file) when refused, and one organisation's evidence out of another's reach."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from controls.answer_models import Evidence
from controls.evidence import add_evidence_link, evidence_path
from core.actor import Actor
from tests.answers.conftest import answer
from tests.answers.test_evidence import PDF, removal_of, withdrawn_with_a_link


@pytest.fixture
def answered(db, world, mini_catalogue):
    return answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")


def stored_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "evidence"
    return sorted(path for path in folder.rglob("*") if path.is_file())


def rows(db) -> list[Evidence]:
    db.expire_all()
    return db.exec(select(Evidence).order_by(Evidence.id)).all()


def test_a_file_and_a_link_are_added_listed_and_removed(app, cli, db, world, answered, tmp_path):
    policy = tmp_path / "beleid.pdf"
    policy.write_bytes(PDF)

    added = cli(
        "evidence", "add", "--org", "voorbeeld", "5.01.01", str(policy), "--description", "Vastgesteld"
    )
    link = cli("evidence", "add", "--org", "voorbeeld", "5.01.01", "--link", "https://dms.example/beleid")

    assert added.exit_code == 0, added.stderr
    assert link.exit_code == 0, link.stderr
    file_row, link_row = rows(db)
    assert added.stdout == (
        f"bewijsstuk {file_row.id} toegevoegd aan 5.01.01 van voorbeeld: beleid.pdf ({len(PDF)} bytes, "
        f"sha256 {file_row.sha256[:12]}) – Vastgesteld\n"
    )
    assert (file_row.answer_id, file_row.added_by_id, file_row.added_by_name) == (
        answered.answer_id,
        None,
        "opdrachtregel",
    )
    assert evidence_path(Path(app.instance_path) / "evidence", file_row).read_bytes() == PDF
    assert (link_row.kind, link_row.url) == ("link", "https://dms.example/beleid")

    listed = cli("evidence", "list", "--org", "voorbeeld")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        [str(file_row.id), "5.01.01"],
        [str(link_row.id), "5.01.01"],
    ]
    assert lines[1].split("\t")[2] == "https://dms.example/beleid"
    assert (
        lines[1].split("\t")[3] == "2026-03-16 10:00 opdrachtregel"
    )  # the fixed clock's 09:00 UTC, in local time
    assert cli("evidence", "list", "--org", "voorbeeld", "5.01.02").stdout == "geen bewijsstukken\n"
    assert cli("evidence", "list", "--org", "andere").stdout == "geen bewijsstukken\n"

    removed = cli("evidence", "remove", "--org", "voorbeeld", str(file_row.id))
    assert removed.exit_code == 0
    assert removed.stdout == f"bewijsstuk {file_row.id} verwijderd bij 5.01.01 van voorbeeld\n"
    assert removal_of(db, rows(db)[0]) is not None  # marked, kept for the history
    assert stored_files(app) == [evidence_path(Path(app.instance_path) / "evidence", file_row)]
    assert [
        line.split("\t")[0] for line in cli("evidence", "list", "--org", "voorbeeld").stdout.splitlines()
    ] == [str(link_row.id)]
    again = cli("evidence", "remove", "--org", "voorbeeld", str(file_row.id))
    assert (again.exit_code, again.stderr) == (1, f"naleving: geen bewijsstuk {file_row.id} bij voorbeeld\n")


def test_another_organisations_evidence_cannot_be_removed(cli, db, world, answered):
    theirs = answer(db, world.other, "5.01.01", applicability="applicable", implementation="implemented")
    item = add_evidence_link(
        session=db,
        organisation_id=world.other.id,
        answer_id=theirs.answer_id,
        url="https://dms.example/andere",
        actor=Actor.system("c"),
    )
    db.commit()
    result = cli("evidence", "remove", "--org", "voorbeeld", str(item.id))
    assert (result.exit_code, result.stderr) == (1, f"naleving: geen bewijsstuk {item.id} bij voorbeeld\n")
    assert removal_of(db, rows(db)[0]) is None


@pytest.mark.parametrize(
    "args, files, message",
    [
        (["--org", "bestaat-niet", "5.01.01", "{pdf}"], {}, "onbekende organisatie 'bestaat-niet'"),
        (["--org", "voorbeeld", "9.99", "{pdf}"], {}, "onbekende eis '9.99'"),
        (
            ["--org", "voorbeeld", "5.01.02", "{pdf}"],
            {},
            "5.01.02: geef eerst een antwoord; daarna kunt u bewijs toevoegen; niets toegevoegd",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "{dir}/programma.exe"],
            {"programma.exe": b"MZ\x90\x00"},
            "5.01.01: bestandstype '.exe' niet toegestaan",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "{dir}/nep.pdf"],
            {"nep.pdf": b"gewoon tekst"},
            "5.01.01: de inhoud past niet bij een .pdf-bestand; niets toegevoegd",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "{dir}/groot.pdf"],
            {"groot.pdf": PDF + b"x" * 1024 * 1024},
            "5.01.01: bestand groter dan 1 MB; niets toegevoegd",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "--link", "http://dms.example/x"],
            {},
            "5.01.01: alleen https-links zijn toegestaan; niets toegevoegd",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "{pdf}", "--link", "https://dms.example/x"],
            {},
            "geef een bestand of --link, niet allebei en niet geen van beide",
        ),
        (
            ["--org", "voorbeeld", "5.01.01"],
            {},
            "geef een bestand of --link, niet allebei en niet geen van beide",
        ),
        (
            ["--org", "voorbeeld", "5.01.01", "{dir}/ontbreekt.pdf"],
            {},
            "bestand niet gevonden: {dir}/ontbreekt.pdf",
        ),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    app, cli, db, answered, tmp_path, monkeypatch, args, files, message
):
    monkeypatch.setenv("NALEVING_EVIDENCE_MAX_BYTES", str(1024 * 1024))
    (tmp_path / "beleid.pdf").write_bytes(PDF)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    fill = {"pdf": str(tmp_path / "beleid.pdf"), "dir": str(tmp_path)}

    result = cli("evidence", "add", *[arg.format(**fill) for arg in args])

    assert result.exit_code == 1
    assert result.stderr.startswith("naleving: " + message.format(**fill)), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert rows(db) == [] and stored_files(app) == []


def test_evidence_of_a_withdrawn_requirement_stays_as_it_is(cli, db, world, answered, tmp_path):
    item = withdrawn_with_a_link(db, world, answered)
    (tmp_path / "beleid.pdf").write_bytes(PDF)
    withdrawn = "5.01.01: deze eis geldt niet meer; het bewijs kan niet meer worden gewijzigd"

    added = cli("evidence", "add", "--org", "voorbeeld", "5.01.01", str(tmp_path / "beleid.pdf"))
    removed = cli("evidence", "remove", "--org", "voorbeeld", str(item.id))

    assert (added.exit_code, added.stderr) == (1, f"naleving: {withdrawn}; niets toegevoegd\n")
    assert (removed.exit_code, removed.stderr) == (1, f"naleving: {withdrawn}\n")
    assert [(row.id, removal_of(db, row)) for row in rows(db)] == [(item.id, None)]


def test_a_failed_commit_leaves_no_file_behind(app, cli, db, answered, tmp_path, monkeypatch):
    """The file is written before the row is committed; when the commit fails the file goes too."""
    from sqlmodel import Session

    def refuse(self):
        raise RuntimeError("database weg")

    monkeypatch.setattr(Session, "commit", refuse)
    (tmp_path / "beleid.pdf").write_bytes(PDF)
    with pytest.raises(RuntimeError, match="database weg"):
        cli("evidence", "add", "--org", "voorbeeld", "5.01.01", str(tmp_path / "beleid.pdf"))
    monkeypatch.undo()
    assert rows(db) == [] and stored_files(app) == []

"""Archived PDFs carry a PAdES signature of the installation's certificate (made by `naleving init` unless one
is configured): pdfsig and pyHanko find it valid, a changed byte breaks it, Excel files stay unsigned."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from sqlmodel import select

from reports import signing
from reports.archive import read_report
from reports.models import ReportRecord


def _report(cli, world, tmp_path, *args) -> Path:
    out = tmp_path / "report.out"
    result = cli("report", "soa", "--org", world.own.slug, "--out", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out


def test_init_makes_the_certificate_once_with_a_private_key(app, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NALEVING_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    first = cli("init")
    assert first.exit_code == 0 and "zelf ondertekend certificaat gemaakt" in first.stdout
    folder = Path(app.instance_path) / "signing"
    certificate = (folder / "certificate.pem").read_bytes()
    assert stat.S_IMODE((folder / "key.pem").stat().st_mode) == 0o600
    again = cli("init")
    assert "rapporten worden ondertekend met" in again.stdout
    assert (folder / "certificate.pem").read_bytes() == certificate


def test_an_archived_pdf_is_signed_and_pdfsig_finds_it_valid(
    signed, app, db, world, mini_catalogue, cli, tmp_path
):
    out = _report(cli, world, tmp_path)
    content = out.read_bytes()
    record = db.exec(select(ReportRecord)).one()
    assert (
        read_report(root=Path(app.instance_path) / "reports", record=record) == content
    )  # hash of signed bytes
    status = signing.signature_status(content)
    assert status.signed and status.intact and status.by_this_installation
    assert "Naleving" in status.signer
    checked = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in checked.stdout, checked.stdout
    assert "PAdES" in checked.stdout or "ETSI.CAdES.detached" in checked.stdout


def test_a_changed_byte_breaks_the_signature(signed, world, mini_catalogue, cli, tmp_path):
    content = bytearray(_report(cli, world, tmp_path).read_bytes())
    at = content.index(b"stream") + 20  # inside the first content stream, within the signed range
    content[at] ^= 0x01
    status = signing.signature_status(bytes(content))
    assert status.signed and not status.intact
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(content))
    checked = subprocess.run(["pdfsig", str(broken)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" not in checked.stdout


def test_a_signature_of_another_certificate_is_not_this_installations(
    signed, app, db, world, mini_catalogue, tmp_path
):
    from app.reports.common import report_parameters
    from reports.builders import build_report

    with app.app_context():
        params = report_parameters(world.own, generated_by="test")
    content = build_report(session=db, organisation_id=world.own.id, kind="soa", format="pdf", params=params)
    assert signing.signature_status(content).signed is False  # a builder's bytes: generate_report signs
    own = signing._state.files
    other = signing.SigningFiles(tmp_path / "other-cert.pem", tmp_path / "other-key.pem")
    signing.make_self_signed(other, common_name="Iemand anders")
    signing.configure(other)
    resigned = signing.sign_pdf(content, reason="test")
    signing.configure(own)
    status = signing.signature_status(resigned)
    assert status.signed and status.intact and not status.by_this_installation
    assert "Iemand anders" in status.signer


def test_without_a_certificate_pdfs_are_stored_unsigned_and_excel_never_signed(
    signed, app, world, mini_catalogue, cli, tmp_path
):
    xlsx = _report(cli, world, tmp_path, "--format", "xlsx").read_bytes()
    assert signing.signature_status(xlsx).signed is False
    for name in ("certificate.pem", "key.pem"):
        (Path(app.instance_path) / "signing" / name).unlink()
    assert signing.signature_status(_report(cli, world, tmp_path).read_bytes()).signed is False

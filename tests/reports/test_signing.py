"""Archived PDFs carry a PAdES signature of the installation's certificate (made by `naleving init` unless one
is configured): pdfsig and pyHanko find it valid, a changed byte breaks it, Excel files stay unsigned."""

from __future__ import annotations

import io
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


def _certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool):
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    start = datetime.now(UTC) - timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def test_a_configured_certificate_file_with_its_chain_signs_and_embeds_the_chain(tmp_path):
    """As a PKIoverheid certificate is delivered: the signing certificate, then its issuing CA, in one PEM file
    (NALEVING_SIGNING_CERTIFICATE); the key in another (NALEVING_SIGNING_KEY), encrypted."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reports.pdf import warm_up

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Test Organisatie CA", ca_key, "Test Organisatie CA", ca_key, ca=True)
    leaf = _certificate("Gemeente Voorbeeld rapporten", key, "Test Organisatie CA", ca_key, ca=False)
    files = signing.SigningFiles(tmp_path / "cert.pem", tmp_path / "key.pem", passphrase=b"geheim")
    files.certificate.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, ca)))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"geheim"),
        )
    )
    signing.configure(files)
    try:
        signed = signing.sign_pdf(warm_up(), reason="test")
        status = signing.signature_status(signed)
    finally:
        signing.configure(None)
    assert status.signed and status.intact and status.by_this_installation
    assert "Gemeente Voorbeeld rapporten" in status.signer
    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    embedded = {c.subject.human_friendly for c in signature.other_embedded_certs}
    assert "Common Name: Test Organisatie CA" in embedded
    out = tmp_path / "signed.pdf"
    out.write_bytes(signed)
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout

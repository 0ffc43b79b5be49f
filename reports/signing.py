"""Signed reports: every archived PDF carries a PAdES signature (PAdES-B-B, SHA-256, with pyHanko) by the
installation's certificate, so that anyone can check a copy with a PDF reader or `pdfsig`. The certificate is
the organisation's own (a PKIoverheid certificate, configured by path: docs/reports.md) or, when none is
configured, a self-signed one made by `naleving init` in the instance folder.

The web layer configures the process's signer once (`configure`), as it configures the PDF processes; the
archive then signs each PDF before it hashes and stores it. Without a signer PDFs are stored unsigned."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from core import clock

FIELD_NAME = "Naleving"
SELF_SIGNED_YEARS = 10


@dataclass(frozen=True)
class SigningFiles:
    certificate: Path
    key: Path
    passphrase: bytes | None = None


@dataclass(frozen=True)
class SignatureStatus:
    """What a PDF's signature says: signed at all, unchanged since signing, by whom, when, and whether that
    signer is this installation's certificate."""

    signed: bool
    intact: bool = False
    signer: str = ""
    signed_at: datetime | None = None
    by_this_installation: bool = False
    problem: str = ""


class _Signer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files: SigningFiles | None = None
        self.signer: object | None = None  # pyhanko's SimpleSigner, loaded on first use


_state = _Signer()


def make_self_signed(files: SigningFiles, *, common_name: str) -> bool:
    """Write a self-signed certificate and its key (P-256) when the files do not exist; True when written."""
    if files.certificate.exists() and files.key.exists():
        return False
    # cryptography (as pyHanko) is imported where it is used: configuring the signer at start-up loads neither.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Naleving (zelf ondertekend)"),
        ]
    )
    start = clock.now().astimezone(UTC) - timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * SELF_SIGNED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    files.certificate.parent.mkdir(parents=True, exist_ok=True)
    encryption = (
        serialization.BestAvailableEncryption(files.passphrase)
        if files.passphrase
        else serialization.NoEncryption()
    )
    key_bytes = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    files.key.touch(mode=0o600)
    files.key.write_bytes(key_bytes)
    files.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return True


def configure(files: SigningFiles | None) -> None:
    """Sign with these files from now on (None: store PDFs unsigned)."""
    with _state.lock:
        _state.files, _state.signer = files, None


def enabled() -> bool:
    return _state.files is not None and _state.files.certificate.exists() and _state.files.key.exists()


def _signer() -> object:
    """The signer of the configured files: the first certificate of the certificate file signs, the ones after
    it (a PKIoverheid chain) are embedded in each signature so that a reader can build the path to its root."""
    from pyhanko.keys import load_certs_from_pemder, load_private_key_from_pemder
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    with _state.lock:
        if _state.signer is None:
            files = _state.files
            if files is None:
                raise RuntimeError("no signing certificate configured")
            certificate, *chain = load_certs_from_pemder([str(files.certificate)])  # type: ignore[no-untyped-call]
            _state.signer = signers.SimpleSigner(
                signing_cert=certificate,
                signing_key=load_private_key_from_pemder(str(files.key), passphrase=files.passphrase),
                cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
            )
        return _state.signer


def sign_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with a PAdES signature of the configured certificate (unchanged when none is configured)."""
    if not enabled():
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200],
        location=location[:200] or None,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, meta, signer=_signer())  # type: ignore[arg-type]
    signed: bytes = out.getvalue()
    return signed


def signature_status(pdf: bytes) -> SignatureStatus:
    """Check the PDF's signature: intact (the signed bytes unchanged and nothing added after but what PDF allows)
    and whether its certificate is this installation's."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - any unreadable file is "not a signed PDF", with the reason
        return SignatureStatus(signed=False, problem=f"geen leesbare PDF ({type(error).__name__})")
    if not embedded:
        return SignatureStatus(signed=False)
    signature = embedded[-1]
    from asn1crypto import x509 as asn1_x509

    own = _own_certificate()
    roots = [asn1_x509.Certificate.load(own)] if own else []
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # noqa: BLE001 - a malformed signature is reported, not raised
        return SignatureStatus(signed=True, problem=f"handtekening onleesbaar ({type(error).__name__})")
    certificate = status.signing_cert
    return SignatureStatus(
        signed=True,
        intact=bool(status.intact and status.valid),
        signer=certificate.subject.human_friendly if certificate else "",
        signed_at=status.signer_reported_dt,
        by_this_installation=own is not None and certificate is not None and certificate.dump() == own,
    )


def _own_certificate() -> bytes | None:
    """The DER bytes of this installation's certificate, when it has one."""
    if not enabled():
        return None
    files = _state.files
    if files is None:
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    return x509.load_pem_x509_certificate(files.certificate.read_bytes()).public_bytes(
        serialization.Encoding.DER
    )

"""Which certificate signs the archived PDFs: the configured one (NALEVING_SIGNING_CERTIFICATE and
NALEVING_SIGNING_KEY), or the installation's self-signed one under instance/signing/ that `naleving init` makes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from reports import signing


def signing_files(app: Flask) -> signing.SigningFiles:
    folder = Path(app.instance_path) / "signing"
    passphrase = app.config["SIGNING_KEY_PASSPHRASE"]
    return signing.SigningFiles(
        certificate=Path(app.config["SIGNING_CERTIFICATE"] or folder / "certificate.pem"),
        key=Path(app.config["SIGNING_KEY"] or folder / "key.pem"),
        passphrase=passphrase.encode() if passphrase else None,
    )


def configure_signing(app: Flask) -> None:
    signing.configure(signing_files(app))


def ensure_certificate(app: Flask) -> str:
    """Make the self-signed certificate when no certificate is configured and none exists yet; what was done."""
    files = signing_files(app)
    if app.config["SIGNING_CERTIFICATE"]:
        if not (files.certificate.is_file() and files.key.is_file()):
            return f"let op: het ondertekeningscertificaat {files.certificate} of de sleutel {files.key} ontbreekt"
        return f"rapporten worden ondertekend met {files.certificate}"
    if signing.make_self_signed(
        files, common_name=f"Naleving {app.config.get('SERVER_NAME') or 'installatie'}"
    ):
        configure_signing(app)
        return f"zelf ondertekend certificaat gemaakt: {files.certificate}"
    return f"rapporten worden ondertekend met {files.certificate}"

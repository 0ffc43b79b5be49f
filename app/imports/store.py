"""The file of a clean dry run, kept on the server for a short time, so that "Nu opslaan" imports exactly the
file just checked, and only for the user and organisation that checked it.

Each file lies under instance/imports/ as <token> beside <token>.json (who, which organisation, which sheet,
its SHA-256, when). A token is used once; expired files are swept whenever a new one is kept."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from core import clock
from core.errors import RuleError

KEEP = timedelta(minutes=15)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Kept:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Owner:
    """Whose check it was, and of which sheet ("answers", "risks")."""

    user_id: int
    organisation_id: int
    kind: str


def _folder() -> Path:
    return Path(current_app.instance_path) / "imports"


def keep(data: bytes, *, owner: Owner, filename: str) -> Kept:
    """Keep the file of a clean dry run; the token that saves it."""
    folder = _folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    now = clock.now()
    _sweep(folder, now)
    token = secrets.token_urlsafe(32)
    (folder / token).write_bytes(data)
    facts = {
        "user_id": owner.user_id,
        "organisation_id": owner.organisation_id,
        "kind": owner.kind,
        "filename": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "kept_at": now.isoformat(),
    }
    (folder / f"{token}.json").write_text(json.dumps(facts))
    return Kept(token, now + KEEP)


def take(token: str, *, owner: Owner) -> tuple[bytes, str]:
    """The kept file and its name, once: RuleError when the token is unknown, expired, or another user's,
    organisation's or sheet's."""
    folder = _folder()
    facts = _facts(folder, token) if TOKEN.match(token) else None
    if facts is None:
        raise RuleError.one("imports.missing", "het gecontroleerde bestand is er niet (meer)")
    if (facts["user_id"], facts["organisation_id"], facts["kind"]) != (
        owner.user_id,
        owner.organisation_id,
        owner.kind,
    ):
        raise RuleError.one("imports.foreign", "dit gecontroleerde bestand is niet van u")
    if datetime.fromisoformat(str(facts["kept_at"])) + KEEP <= clock.now():
        _remove(folder, token)
        raise RuleError.one("imports.expired", "de controle is verlopen")
    try:
        (folder / f"{token}.json").unlink()  # the claim: of two requests with one token, one gets here
        data = (folder / token).read_bytes()
    except FileNotFoundError:
        raise RuleError.one("imports.missing", "het gecontroleerde bestand is er niet (meer)") from None
    (folder / token).unlink()
    if hashlib.sha256(data).hexdigest() != facts["sha256"]:
        raise RuleError.one("imports.missing", "het gecontroleerde bestand is er niet (meer)")
    return data, str(facts["filename"])


def _facts(folder: Path, token: str) -> dict[str, object] | None:
    try:
        facts = json.loads((folder / f"{token}.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    return facts if isinstance(facts, dict) else None


def _remove(folder: Path, token: str) -> None:
    for path in (folder / token, folder / f"{token}.json"):
        path.unlink(missing_ok=True)


def _sweep(folder: Path, now: datetime) -> None:
    """Remove what has expired (and what cannot be read)."""
    for path in folder.glob("*.json"):
        facts = _facts(folder, path.stem)
        try:
            expired = facts is None or datetime.fromisoformat(str(facts["kept_at"])) + KEEP <= now
        except (KeyError, ValueError):
            expired = True
        if expired:
            _remove(folder, path.stem)

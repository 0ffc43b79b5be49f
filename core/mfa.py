"""The second factor: TOTP (RFC 6238, 30 s, 6 digits, through pyotp) and ten one-time recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from sqlalchemy import delete
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import RuleError
from core.identity_models import MfaCredential, RecoveryCode
from core.models import User
from core.sessions import end_sessions_of, enrolment_done

ISSUER = "Naleving"
RECOVERY_CODES = 10
DRIFT_STEPS = 1  # a code of the previous or next 30 seconds still counts (clocks of phones drift)


def credential_of(*, session: Session, user_id: int) -> MfaCredential | None:
    return session.exec(select(MfaCredential).where(MfaCredential.user_id == user_id)).first()


def has_mfa(*, session: Session, user_id: int) -> bool:
    credential = credential_of(session=session, user_id=user_id)
    return credential is not None and credential.confirmed_at is not None


def begin_enrolment(*, session: Session, user: User) -> MfaCredential:
    """A new secret for an authenticator app (or the one of an enrolment not finished yet)."""
    credential = credential_of(session=session, user_id=id_of(user))
    if credential is not None and credential.confirmed_at is not None:
        raise RuleError.one("mfa.already_enrolled", "tweestapsverificatie staat al aan")
    if credential is None:
        credential = MfaCredential(user_id=id_of(user), secret=pyotp.random_base32())
        session.add(credential)
        session.flush()
    return credential


def provisioning_uri(credential: MfaCredential, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(credential.secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _normal(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _accepted_step(credential: MfaCredential, code: str) -> int | None:
    """The time step the code belongs to, if it is right and newer than the last one used."""
    code = _normal(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(credential.secret)
    now = clock.now()
    current = totp.timecode(now)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        step = current + offset
        if step > credential.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_enrolment(*, session: Session, user: User, code: str, actor: Actor) -> list[str]:
    """The first code from the app proves it holds the secret: MFA is on. Returns the recovery codes, shown
    once and stored only as hashes."""
    credential = credential_of(session=session, user_id=id_of(user))
    if credential is None or credential.confirmed_at is not None:
        raise RuleError.one("mfa.not_enrolling", "begin opnieuw met het instellen")
    step = _accepted_step(credential, code)
    if step is None:
        raise RuleError.one("mfa.wrong_code", "de code klopt niet", field="code")
    credential.confirmed_at = clock.now()
    credential.last_step = step
    session.add(credential)
    codes = _new_recovery_codes(session=session, user_id=id_of(user))
    enrolment_done(session=session, user_id=id_of(user))
    record_event(session=session, action="mfa.enrolled", actor=actor, subject=user.email)
    session.flush()
    return codes


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _new_recovery_codes(*, session: Session, user_id: int) -> list[str]:
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user_id, code_hash=_hash(raw)))
    return codes


def verify_code(*, session: Session, user: User, code: str) -> bool:
    """A current code of the user's app, each accepted once. The caller throttles and logs (core.signin)."""
    credential = credential_of(session=session, user_id=id_of(user))
    if credential is None or credential.confirmed_at is None:
        return False
    step = _accepted_step(credential, code)
    if step is None:
        return False
    credential.last_step = step
    session.add(credential)
    session.flush()
    return True


def use_recovery_code(*, session: Session, user: User, code: str, ip: str = "") -> bool:
    """Spend one recovery code (each works once); audited with how many are left."""
    row = session.exec(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            col(RecoveryCode.used_at).is_(None),
        )
    ).first()
    if row is None:
        return False
    row.used_at = clock.now()
    session.add(row)
    session.flush()
    record_event(
        session=session,
        action="mfa.recovery_code_used",
        actor=Actor.of(user, ip=ip),
        subject=user.email,
        detail=f"nog {recovery_codes_left(session=session, user_id=id_of(user))} over",
    )
    return True


def recovery_codes_left(*, session: Session, user_id: int) -> int:
    return len(
        session.exec(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None)
            )
        ).all()
    )


def new_recovery_codes(*, session: Session, user: User, actor: Actor) -> list[str]:
    """Replace the recovery codes (the old ones stop working)."""
    if not has_mfa(session=session, user_id=id_of(user)):
        raise RuleError.one("mfa.not_enrolled", "tweestapsverificatie staat niet aan")
    codes = _new_recovery_codes(session=session, user_id=id_of(user))
    record_event(session=session, action="mfa.recovery_codes_renewed", actor=actor, subject=user.email)
    session.flush()
    return codes


def reset_mfa(*, session: Session, user: User, actor: Actor) -> None:
    """Take the second factor away (a lost phone): the user sets it up again at the next sign-in where a role
    requires it; every session of the user ends."""
    if credential_of(session=session, user_id=id_of(user)) is None:
        raise RuleError.one("mfa.not_enrolled", "tweestapsverificatie staat niet aan", email=user.email)
    session.execute(delete(MfaCredential).where(col(MfaCredential.user_id) == user.id))
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    record_event(session=session, action="mfa.reset", actor=actor, subject=user.email)
    end_sessions_of(session=session, user_id=id_of(user), reason="mfa_reset", actor=actor)

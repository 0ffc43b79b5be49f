"""The mail domains an organisation's scheduled reports may be sent to.

Set explicitly (organisation.mail_domains, one domain a line), or, while that is empty, the domains of the
e-mail addresses of the organisation's members: mail then goes only where its own people already are."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError
from core.models import Membership, Organisation, User

MAX_DOMAINS = 20
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Domains separated by new lines, commas, semicolons or spaces; lower case, each once. RuleError on a
    malformed one or too many."""
    domains = list(
        dict.fromkeys(part.strip().lower().lstrip("@") for part in re.split(r"[\s,;]+", text or ""))
    )
    domains = [domain for domain in domains if domain]
    if len(domains) > MAX_DOMAINS:
        raise RuleError.one(
            "organisation.too_many_mail_domains",
            f"hooguit {MAX_DOMAINS} maildomeinen",
            field="mail_domains",
            max=MAX_DOMAINS,
        )
    for domain in domains:
        if not DOMAIN.match(domain):
            raise RuleError.one(
                "organisation.invalid_mail_domain",
                f"ongeldig maildomein: {domain[:100]}",
                field="mail_domains",
                domain=domain[:100],
            )
    return domains


def member_domains(*, session: Session, organisation_id: int) -> list[str]:
    emails = session.exec(
        select(col(User.email))
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.organisation_id) == organisation_id)
    ).all()
    return sorted({email.rsplit("@", 1)[-1].lower() for email in emails if "@" in email})


def allowed_mail_domains(*, session: Session, organisation: Organisation) -> list[str]:
    """The domains scheduled mail of this organisation may go to (the setting, else the members' domains)."""
    configured = parse_domains(organisation.mail_domains)
    return configured or member_domains(session=session, organisation_id=id_of(organisation))


def outside_domains(addresses: Iterable[str], domains: Iterable[str]) -> list[str]:
    """The addresses whose domain is not one of `domains` (exactly; a subdomain is another domain)."""
    allowed = {domain.lower() for domain in domains}
    return [address for address in addresses if address.rsplit("@", 1)[-1].lower() not in allowed]


def check_recipients(*, session: Session, organisation: Organisation, addresses: Iterable[str]) -> None:
    """RuleError when an address lies outside the organisation's allowed mail domains."""
    domains = allowed_mail_domains(session=session, organisation=organisation)
    outside = outside_domains(addresses, domains)
    if outside:
        raise RuleError.one(
            "schedule.recipient_domain",
            f"{outside[0]}: alleen adressen in {', '.join(domains) or '(geen domeinen)'} mogen rapporten ontvangen",
            field="recipients",
            address=outside[0][:100],
            domains=", ".join(domains) or "-",
        )


def set_mail_domains(*, session: Session, organisation: Organisation, text: str, actor: Actor) -> list[str]:
    """Set the organisation's allowed mail domains (empty: its members' domains); returns them as stored."""
    domains = parse_domains(text)
    before = {"mail_domains": organisation.mail_domains}
    organisation.mail_domains = "\n".join(domains)
    session.add(organisation)
    session.flush()
    changes = changed_fields(before, {"mail_domains": organisation.mail_domains})
    if changes:
        record_event(
            session=session,
            action="organisation.mail_domains_changed",
            actor=actor,
            organisation_id=id_of(organisation),
            subject=organisation.slug,
            changes=changes,
        )
    return domains

"""Whether an organisation publishes its adopted VvT and its scope (BIO2 part 1 §14 and §18): off until an
administrator opts in; what is then public is reports/publication.py's, served at /publiek/<slug>/."""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.models import Organisation


def set_published(*, session: Session, organisation: Organisation, published: bool, actor: Actor) -> bool:
    """Opt in to publication, or out again; audited. False when it already stood so (nothing recorded)."""
    if organisation.published == published:
        return False
    organisation.published = published
    session.add(organisation)
    record_event(
        session=session,
        action="organisation.published" if published else "organisation.unpublished",
        actor=actor,
        organisation_id=organisation.id,
        subject=organisation.slug,
        changes=changed_fields({"published": not published}, {"published": published}),
    )
    session.flush()
    return True


def published_organisation(*, session: Session, slug: str) -> Organisation | None:
    """The organisation with this slug if it publishes; None for an unknown one and for one that does not (the
    same answer, so the public pages do not tell which organisations exist)."""
    return session.exec(
        select(Organisation).where(col(Organisation.slug) == slug, col(Organisation.published).is_(True))
    ).first()


def published_organisations(*, session: Session) -> list[Organisation]:
    return list(
        session.exec(
            select(Organisation).where(col(Organisation.published).is_(True)).order_by(col(Organisation.name))
        ).all()
    )

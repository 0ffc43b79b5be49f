"""The names of what actions link to (requirement codes, risk references, finding references), looked up in
one query per kind, and link targets checked to belong to the organisation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlmodel import col, select

from app.db import get_session
from controls.models import Requirement
from core.dbtypes import id_of
from core.models import Organisation
from plan.models import ActionLink, Finding, LinkKind
from risk.models import Risk


def link_names(
    organisation: Organisation, links: Mapping[int, Sequence[ActionLink]]
) -> dict[tuple[str, int], str]:
    """(kind, target id) -> the code or reference shown for it."""
    wanted: dict[str, set[int]] = {}
    for items in links.values():
        for link in items:
            wanted.setdefault(link.kind, set()).add(link.target_id)
    db = get_session()
    names: dict[tuple[str, int], str] = {}
    if ids := wanted.get(LinkKind.REQUIREMENT.value):
        for r in db.exec(select(Requirement).where(col(Requirement.id).in_(ids))):
            names[(LinkKind.REQUIREMENT.value, id_of(r))] = r.code
    if ids := wanted.get(LinkKind.RISK.value):
        query = select(Risk).where(col(Risk.id).in_(ids), col(Risk.organisation_id) == organisation.id)
        for risk in db.exec(query):
            names[(LinkKind.RISK.value, id_of(risk))] = risk.reference
    if ids := wanted.get(LinkKind.FINDING.value):
        query = select(Finding).where(
            col(Finding.id).in_(ids), col(Finding.organisation_id) == organisation.id
        )
        for finding in db.exec(query):
            names[(LinkKind.FINDING.value, id_of(finding))] = finding.reference
    return names


def targets_of(organisation: Organisation, kind: LinkKind, ids: Iterable[int]) -> list[tuple[str, int]]:
    """Of `ids`, those that are findings of this organisation, as links (another organisation's are dropped)."""
    ids = list(ids)
    if not ids or kind is not LinkKind.FINDING:
        return []
    query = select(Finding).where(col(Finding.id).in_(ids), col(Finding.organisation_id) == organisation.id)
    return [(kind.value, id_of(f)) for f in get_session().exec(query)]

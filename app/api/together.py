"""Working together through the API: the regional comparison, copying answers between the organisations of a
CISO (a preview, then the copy of exactly what it showed), and the shared answers seen from both sides.

A token speaks for one organisation. The regional comparison and a copy reach further only where the user has
given the API that organisation too: the organisations reached are the token's own and each other organisation
of the user for which the same user holds a live token (unexpired, not revoked); a membership without one is
left out, and an organisation the user does not belong to is never reached (docs/together.md)."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import col, select

from app.api.auth import api_shared_view, api_view, current_token, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment
from app.api.problem import ApiProblem, rule_broken, stale
from app.api.spec import responses, spec
from app.db import get_session
from app.i18n import current_locale
from app.security import Permission
from app.together import problems  # noqa: F401 - words the copy.* codes
from controls.receivers import relying
from controls.sharing import inherited_answers, offered_codes
from core import clock
from core.errors import NotFound, RuleError, StaleEdit
from core.models import Organisation
from core.token_models import ApiToken
from plan.copying import CopyPlan, Selection, copy_answers, plan_copy
from plan.regional import regional_comparison


class ShareOut(ApiModel):
    key: str
    title: str
    percent: int
    implemented: int
    applicable: int


class RegionalOrganisation(ApiModel):
    slug: str
    name: str
    role: str
    percent: int = Field(description="implemented, as a share of the applicable requirements")
    unanswered: int
    themes: list[ShareOut]
    categories: list[ShareOut]
    nis2: dict[str, int] = Field(
        description="NIS2 points per coverage state: covered, partial, gap, unmapped"
    )
    above_appetite: int
    overdue_actions: int
    expiring_acceptances: int = Field(description="temporary risk acceptances ending within 60 days")
    expired_acceptances: int


class RegionalOut(ApiModel):
    reference_date: date
    total: int
    items: list[RegionalOrganisation]


def reachable() -> set[int]:
    """The organisations this request reaches: the token's, and those for which its user holds a live token."""
    token = current_token()
    now = clock.now()
    others = (
        get_session()
        .exec(
            select(col(ApiToken.organisation_id)).where(
                col(ApiToken.user_id) == token.user.id,
                col(ApiToken.revoked_at).is_(None),
                col(ApiToken.expires_at) > now,
            )
        )
        .all()
    )
    return {token.organisation.id, *others}


@bp.get("/regional")
@api_shared_view(Permission.VIEW)
@spec.validate(resp=responses(RegionalOut), tags=["together"], operation_id="regional_comparison")
def get_regional():
    """The organisations of the token's user side by side (those the API reaches, see above), by name."""
    comparison = regional_comparison(
        session=get_session(),
        user_id=current_token().user.id,
        today=clock.today(),
        locale=current_locale(),
        only=reachable(),
    )
    items = [
        RegionalOrganisation(
            **{
                name: getattr(o, name)
                for name in RegionalOrganisation.model_fields
                if name not in ("themes", "categories")
            },
            themes=[ShareOut.model_validate(s, from_attributes=True) for s in o.themes],
            categories=[ShareOut.model_validate(s, from_attributes=True) for s in o.categories],
        )
        for o in comparison.organisations
    ]
    return RegionalOut(reference_date=comparison.today, total=len(items), items=items)


class CopyIn(ApiInput):
    """Copy into the token's organisation from another organisation of the user (CISO in both)."""

    source: str = Field(max_length=64, description="the slug of the organisation copied from")
    theme: int | None = Field(None, ge=5, le=8)
    category: str | None = Field(None, pattern="^(basishygiene|ketenhygiene|overheidsrisicos)$")
    requirement: str | None = Field(None, max_length=40, description="one requirement's code")


class CopyConfirmIn(CopyIn):
    fingerprint: str = Field(pattern="^[0-9a-f]{32}$", description="as the preview gave it")


class FieldChangeOut(ApiModel):
    field: str
    old: str | None
    new: str | None


class CopyItemOut(ApiModel):
    requirement_code: str
    source_revision: int
    current_revision: int | None
    changes: list[FieldChangeOut] = Field(description="empty: already the same, not copied")


class CopyOut(ApiModel):
    source: str
    target: str
    fingerprint: str
    count: int = Field(description="the answers that are (or were) copied")
    items: list[CopyItemOut]


def _plain(value: object) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _copy_out(plan: CopyPlan) -> CopyOut:
    [target] = plan.targets
    return CopyOut(
        source=plan.source.slug,
        target=target.organisation.slug,
        fingerprint=plan.fingerprint,
        count=plan.count,
        items=[
            CopyItemOut(
                requirement_code=item.code,
                source_revision=item.source.number,
                current_revision=item.current.number if item.current else None,
                changes=[
                    FieldChangeOut(field=c.field, old=_plain(c.old), new=_plain(c.new)) for c in item.changes
                ],
            )
            for item in target.items
        ],
    )


def _source(json: CopyIn) -> str:
    found = get_session().exec(select(Organisation).where(col(Organisation.slug) == json.source)).first()
    if found is None or found.id not in reachable():
        raise ApiProblem(404)
    return found.slug


def _selection(json: CopyIn) -> Selection:
    return Selection(
        theme=json.theme, category=json.category, codes=(json.requirement,) if json.requirement else ()
    )


@bp.post("/organisations/<slug>/answers/copy-preview")
@api_view(Permission.EDIT, changes=False)
@spec.validate(
    json=CopyIn, resp=responses(CopyOut, errors=(422,)), tags=["together"], operation_id="preview_copy"
)
def preview_copy(organisation: Organisation, json: CopyIn):
    """What a copy into this organisation would change, per requirement; changes nothing."""
    try:
        plan = plan_copy(
            session=get_session(),
            user_id=current_token().user.id,
            source_slug=_source(json),
            target_slugs=[organisation.slug],
            selection=_selection(json),
        )
    except NotFound:
        raise ApiProblem(404) from None
    except RuleError as error:
        raise rule_broken(error) from None
    return _copy_out(plan)


@bp.post("/organisations/<slug>/answers/copy")
@api_view(Permission.EDIT)
@spec.validate(
    json=CopyConfirmIn,
    resp=responses(CopyOut, errors=(412, 422)),
    tags=["together"],
    operation_id="copy_answers",
)
def copy_answers_in(organisation: Organisation, json: CopyConfirmIn):
    """Copy what the preview with this fingerprint showed, all or nothing (412 when something changed since)."""
    db = get_session()
    try:
        plan = copy_answers(
            session=db,
            actor=token_actor(),
            source_slug=_source(json),
            target_slugs=[organisation.slug],
            selection=_selection(json),
            fingerprint=json.fingerprint,
            today=clock.today(),
        )
    except NotFound:
        db.rollback()
        raise ApiProblem(404) from None
    except StaleEdit:
        db.rollback()
        raise stale() from None
    except RuleError as error:
        db.rollback()
        raise rule_broken(error) from None
    db.commit()
    return _copy_out(plan)


class InheritedOut(ApiModel):
    requirement_code: str
    revision: int
    provider: str | None = Field(description="None: the provider does not offer it (any more)")
    provider_status: str | None
    provider_answered_at: Moment | None = Field(description="when the provider recorded the answer relied on")
    provider_reviewed_on: date | None


class InheritedList(ApiModel):
    total: int
    items: list[InheritedOut]


@bp.get("/organisations/<slug>/shared/inherited")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(InheritedList), tags=["together"], operation_id="list_inherited")
def list_inherited(organisation: Organisation):
    """The organisation's answers that rest on its provider, with the date of the provider's answer."""
    rows = inherited_answers(session=get_session(), organisation_id=organisation.id)
    items = [
        InheritedOut(
            requirement_code=requirement.code,
            revision=revision.number,
            provider=view.provider_name if view else None,
            provider_status=view.provider_status if view else None,
            provider_answered_at=view.provider_answered_at if view else None,
            provider_reviewed_on=view.provider_reviewed_on if view else None,
        )
        for requirement, revision, view in rows
    ]
    return InheritedList(total=len(items), items=items)


class ReliedOnOut(ApiModel):
    requirement_code: str
    shared_at: Moment
    organisations: list[str] = Field(description="the names of the organisations relying on it")


class ReliedOnList(ApiModel):
    total: int
    items: list[ReliedOnOut]


@bp.get("/organisations/<slug>/shared/relied-on")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ReliedOnList), tags=["together"], operation_id="list_relied_on")
def list_relied_on(organisation: Organisation):
    """Per requirement the organisation shares, the organisations whose answer rests on it."""
    db = get_session()
    offers = offered_codes(session=db, provider_id=organisation.id)
    names: dict[int, list[str]] = {}
    if offers:
        for requirement_id, receiver in relying(session=db, provider_id=organisation.id):
            names.setdefault(requirement_id, []).append(receiver.name)
    items = [
        ReliedOnOut(
            requirement_code=r.code, shared_at=offer.recorded_at, organisations=names.get(r.id or 0, [])
        )
        for r, offer in offers
    ]
    return ReliedOnList(total=len(items), items=items)

"""`naleving evidence add|list|remove`: the evidence of an organisation's answers from the command line, through
the same domain functions and checks as the requirement page (type, content and size of a file; https links
only; the requirement in force and answered)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlmodel import Session, select

from app.answers.helpers import evidence_root
from app.commands import ID, CLIError, app_session, organisation_or_fail
from controls.answer_models import Answer, Evidence, EvidenceKind
from controls.answers import answer_of
from controls.evidence import (
    EvidenceRejected,
    add_evidence_file,
    add_evidence_link,
    answer_for_evidence,
    changeable,
    discard_file,
    evidence_by_id,
    evidence_for,
    not_removed,
    removals_of,
    remove_evidence,
)
from controls.models import Requirement
from core.actor import Actor
from core.clock import local_minute
from core.models import Organisation

AUTHOR = Actor.system("opdrachtregel")


@click.group(help="Bewijsstukken bij antwoorden toevoegen, tonen en verwijderen.")
def evidence() -> None:
    pass


def requirement_or_fail(session: Session, code: str) -> Requirement:
    requirement = session.exec(select(Requirement).where(Requirement.code == code)).first()
    if requirement is None:
        raise CLIError(f"onbekende eis '{code}'")
    return requirement


@evidence.command(
    "add", help="Voeg een bestand of een https-link toe als bewijs bij het antwoord op een eis."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--link", "link", help="Een https-link in plaats van een bestand.")
@click.option("--description", default="", help="Korte omschrijving (hoogstens 300 tekens).")
@click.argument("code")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
def add(slug: str, link: str | None, description: str, code: str, file: Path | None) -> None:
    if (file is None) == (link is None):
        raise CLIError("geef een bestand of --link, niet allebei en niet geen van beide")
    if file is not None and not file.is_file():
        raise CLIError(f"bestand niet gevonden: {file}")
    root, added = None, None
    try:
        with app_session() as session:
            root = evidence_root()
            organisation = organisation_or_fail(session, slug)
            answer = answer_for_evidence(
                session=session,
                organisation_id=organisation.id,
                requirement=requirement_or_fail(session, code),
            )
            common = {
                "session": session,
                "organisation_id": organisation.id,
                "answer_id": answer.id,
                "actor": AUTHOR,
                "description": description,
            }
            if file is None:
                added = add_evidence_link(url=link, **common)
            else:
                with file.open("rb") as stream:
                    added = add_evidence_file(
                        root=root,
                        filename=file.name,
                        stream=stream,
                        max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
                        **common,
                    )
    except BaseException as error:
        if added is not None:  # its row was not committed: its file may not stay behind
            discard_file(root, added)
        if isinstance(error, EvidenceRejected):
            raise CLIError.of(error, prefix=f"{code}: ", suffix="; niets toegevoegd") from None
        raise
    click.echo(f"bewijsstuk {added.id} toegevoegd aan {code} van {slug}: {describe(added)}")


@evidence.command("list", help="Toon de bewijsstukken van een organisatie (of van één eis) die nu gelden.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("code", required=False)
def list_(slug: str, code: str | None) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        rows = current_evidence(session, organisation, code)
    if not rows:
        click.echo("geen bewijsstukken")
    for requirement_code, item in rows:
        click.echo(
            f"{item.id}\t{requirement_code}\t{describe(item)}\t"
            f"{local_minute(item.added_at)} {item.added_by_name}"
        )


@evidence.command("remove", help="Verwijder een bewijsstuk (het blijft zichtbaar in de historie).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("evidence_id", type=ID)
def remove(slug: str, evidence_id: int) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        item = evidence_by_id(session=session, organisation_id=organisation.id, evidence_id=evidence_id)
        if item is None or removals_of(session=session, evidence_ids=[item.id]):
            raise CLIError(f"geen bewijsstuk {evidence_id} bij {slug}")
        requirement = session.get(Requirement, session.get(Answer, item.answer_id).requirement_id)
        try:
            changeable(requirement)
        except EvidenceRejected as error:
            raise CLIError.of(error, prefix=f"{requirement.code}: ") from None
        remove_evidence(session=session, evidence=item, actor=AUTHOR)
    click.echo(f"bewijsstuk {evidence_id} verwijderd bij {requirement.code} van {slug}")


def current_evidence(
    session: Session, organisation: Organisation, code: str | None
) -> list[tuple[str, Evidence]]:
    if code is not None:
        requirement = requirement_or_fail(session, code)
        answer = answer_of(session=session, organisation_id=organisation.id, requirement_id=requirement.id)
        return [(code, item) for item in evidence_for(session=session, answer_id=answer.id)] if answer else []
    query = (
        select(Requirement.code, Evidence)
        .join(Answer, Answer.id == Evidence.answer_id)
        .join(Requirement, Requirement.id == Answer.requirement_id)
        .where(Evidence.organisation_id == organisation.id, not_removed())
        .order_by(Requirement.sort_key, Evidence.added_at, Evidence.id)
    )
    return [(row[0], row[1]) for row in session.exec(query).all()]


def describe(item: Evidence) -> str:
    if item.kind == EvidenceKind.LINK.value:
        text = item.url
    else:
        text = f"{item.filename} ({item.size:,} bytes, sha256 {item.sha256[:12]})"
    return f"{text} – {item.description}" if item.description else text

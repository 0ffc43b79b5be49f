"""`naleving answers copy`: copy answers from one organisation of a CISO to others, after the differences are
shown (plan.copying). Without --dry-run the command copies exactly what it printed."""

from __future__ import annotations

import click

from app.commands import CLIError, app_session, user_or_fail
from app.together.words import field_line
from core import clock
from core.actor import Actor
from core.errors import NotFound, RuleError, StaleEdit
from plan.copying import CopyPlan, Selection, copy_answers, plan_copy


def _print(plan: CopyPlan) -> None:
    for target in plan.targets:
        click.echo(f"naar {target.organisation.slug} ({target.organisation.name}):")
        for item in target.items:
            if not item.changes:
                click.echo(f"  {item.code}: gelijk")
                continue
            version = f"versie {item.current.number}" if item.current else "nog geen antwoord"
            click.echo(f"  {item.code}: nu {version}, wordt kopie van versie {item.source.number}")
            for change in item.changes:
                click.echo(f"    {field_line(change)}")


@click.command("copy", help="Kopieer antwoorden uit een organisatie naar andere (als CISO van alle).")
@click.option("--from", "source", required=True, help="Slug van de organisatie waaruit u kopieert.")
@click.option(
    "--to", "targets", required=True, help="Slugs van de doelorganisaties, gescheiden door komma's."
)
@click.option("--by", "email", required=True, help="E-mailadres van de CISO die kopieert.")
@click.option("--theme", type=click.IntRange(5, 8), default=None, help="Alleen eisen van dit thema (5-8).")
@click.option(
    "--category",
    type=click.Choice(["basishygiene", "ketenhygiene", "overheidsrisicos"]),
    default=None,
    help="Alleen eisen van deze categorie.",
)
@click.option("--requirement", "code", default=None, help="Alleen deze eis (code, bijvoorbeeld 5.01.01).")
@click.option("--dry-run", is_flag=True, help="Alleen de verschillen tonen; niets kopiëren.")
def copy_command(
    source: str,
    targets: str,
    email: str,
    theme: int | None,
    category: str | None,
    code: str | None,
    dry_run: bool,
) -> None:
    slugs = [slug.strip() for slug in targets.split(",") if slug.strip()]
    selection = Selection(theme=theme, category=category, codes=(code,) if code else ())
    with app_session() as session:
        user = user_or_fail(session, email)
        try:
            plan = plan_copy(
                session=session, user_id=user.id, source_slug=source, target_slugs=slugs, selection=selection
            )
            _print(plan)
            if dry_run:
                click.echo(f"{plan.count} antwoorden zouden worden gekopieerd (--dry-run: niets opgeslagen)")
                return
            copied = copy_answers(
                session=session,
                actor=Actor.of(user),
                source_slug=source,
                target_slugs=slugs,
                selection=selection,
                fingerprint=plan.fingerprint,
                today=clock.today(),
            )
        except NotFound as error:
            raise CLIError(f"onbekende organisatie of geen lid: {error}") from None
        except StaleEdit:
            raise CLIError("er is intussen iets gewijzigd; niets gekopieerd") from None
        except RuleError as error:
            raise CLIError.of(error, prefix="niet gekopieerd: ") from None
    click.echo(f"{copied.count} antwoorden gekopieerd uit {source}")

"""`naleving risks pc-figures | pc-show | risk-table | convention`: the begroting's own figures of a P&C moment,
the moment's weerstandsvermogen, the risk table for the controller, and the impact convention, from the command
line (through risk.weerstand, risk.risk_table and risk.matrix, as the pages)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from app.commands import ID, CLIError, app_session, organisation_or_fail
from app.problems import messages
from app.risks.commands import moment_or_fail
from core.actor import COMMAND_LINE
from core.errors import RuleError
from risk import labels
from risk.capacity import CERTAINTIES, ImpactConvention
from risk.matrix import matrix_for, save_matrix
from risk.pc import snapshot_of, snapshot_view
from risk.risk_table import risk_table_xlsx
from risk.weerstand import NoRatio, Weerstand, current_figures, enter_figures, weerstand_of

CERTAINTY = click.Choice([f"{c:.2f}" for c in CERTAINTIES])
WHY = {
    NoRatio.NO_FIGURES: "de cijfers uit de begroting zijn niet ingevuld",
    NoRatio.OTHER_CERTAINTY: "de begroting rekent met een andere zekerheid dan de momentopname",
    NoRatio.NOTHING_REQUIRED: "er is geen benodigde capaciteit",
}


def weerstand_lines(weerstand: Weerstand) -> list[str]:
    """The moment's figures as the CLI prints them, the convention named with every amount."""
    convention = labels.CONVENTION[weerstand.convention] if weerstand.convention else "onbekende methode"
    lines = [
        f"benodigd informatiebeveiligingsrisico's: EUR {weerstand.infosec_required:,.0f} "
        f"({weerstand.certainty:.0%} zekerheid; financieel gevolg: {convention})"
    ]
    figures = weerstand.figures
    if figures is not None:
        lines.append(
            f"begroting: beschikbaar EUR {figures.available_capacity:,}, benodigd overige risico's "
            f"EUR {figures.other_required_capacity:,} ({figures.certainty:.0%} zekerheid)"
        )
    if weerstand.total_required is not None and weerstand.share is not None:
        lines.append(
            f"benodigd totaal EUR {weerstand.total_required:,.0f}; aandeel informatiebeveiliging "
            f"{weerstand.share:.1%}"
        )
    if weerstand.ratio is not None and weerstand.rating is not None:
        lines.append(
            f"ratio {weerstand.ratio:.2f}, waardering {weerstand.rating.value} "
            f"({labels.RATING[weerstand.rating]})"
        )
    elif weerstand.no_ratio is not None:
        lines.append(f"geen ratio en geen waardering: {WHY[weerstand.no_ratio]}")
    return lines


@click.command(
    "pc-figures",
    help="Leg de cijfers uit de begroting vast voor een P&C-moment (een nieuwe regel; de nieuwste geldt): de "
    "beschikbare weerstandscapaciteit en de benodigde capaciteit van alle overige risico's van de gemeente.",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--moment", "moment_id", required=True, type=ID, help="Nummer van het P&C-moment.")
@click.option("--available", required=True, type=int, help="Beschikbare weerstandscapaciteit in euro's.")
@click.option(
    "--other", required=True, type=int, help="Benodigde capaciteit van de overige risico's in euro's."
)
@click.option("--certainty", required=True, type=CERTAINTY, help="Zekerheid van die simulatie, bv. 0.90.")
@click.option("--source", default="", help="Bron, bv. 'Programmabegroting 2027, blz. 112'.")
def figures_command(
    slug: str, moment_id: int, available: int, other: int, certainty: str, source: str
) -> None:
    with app_session() as session:
        moment = moment_or_fail(session, slug, moment_id)
        try:
            enter_figures(
                session=session,
                moment=moment,
                available_capacity=available,
                other_required_capacity=other,
                certainty=float(certainty),
                source=source,
                actor=COMMAND_LINE,
            )
        except RuleError as error:
            raise CLIError("; ".join(messages(error)) + "; niets opgeslagen") from None
        snapshot = snapshot_of(session=session, moment=moment)
        lines = ["cijfers uit de begroting vastgelegd"]
        if snapshot is not None:
            lines += weerstand_lines(weerstand_of(snapshot, current_figures(session=session, moment=moment)))
    click.echo("\n".join(lines))


@click.command("pc-show", help="Toon het weerstandsvermogen van een P&C-moment met een momentopname.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--moment", "moment_id", required=True, type=ID, help="Nummer van het P&C-moment.")
def show_command(slug: str, moment_id: int) -> None:
    with app_session() as session:
        moment = moment_or_fail(session, slug, moment_id)
        snapshot = snapshot_of(session=session, moment=moment)
        if snapshot is None:
            raise CLIError(f"P&C-moment {moment_id} heeft nog geen momentopname")
        lines = weerstand_lines(weerstand_of(snapshot, current_figures(session=session, moment=moment)))
    click.echo("\n".join(lines))


@click.command(
    "risk-table",
    help="Schrijf de informatiebeveiligingsrisico's van een momentopname als risicotabel voor de begroting "
    "(Excel: kansklasse, financieel gevolg en band, eigenaar, beheersing).",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--moment", "moment_id", required=True, type=ID, help="Nummer van het P&C-moment.")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand .xlsx."
)
def risk_table_command(slug: str, moment_id: int, out: Path) -> None:
    with app_session() as session:
        moment = moment_or_fail(session, slug, moment_id)
        snapshot = snapshot_of(session=session, moment=moment)
        if snapshot is None:
            raise CLIError(f"P&C-moment {moment_id} heeft nog geen momentopname")
        figures = current_figures(session=session, moment=moment)
        content = risk_table_xlsx(snapshot_view(moment, snapshot), weerstand_of(snapshot, figures))
    try:
        out.write_bytes(content)
    except OSError as error:
        raise CLIError(f"{out}: {error.strerror}") from None
    click.echo(f"risicotabel geschreven naar {out}")


@click.command(
    "convention",
    help="Toon of kies wat een risico kost als het zich voordoet (in de simulatie en de risicotabel): "
    "triangular (driehoek min./meest waarsch./max.), maximum, uniform (0 tot max.), most_likely.",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--set", "chosen", type=click.Choice([c.value for c in ImpactConvention]), help="De nieuwe keuze."
)
def convention_command(slug: str, chosen: str | None) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        matrix = matrix_for(session=session, organisation_id=organisation.id)
        if chosen is not None:
            matrix = save_matrix(
                session=session,
                organisation_id=organisation.id,
                matrix=replace(matrix, impact_convention=chosen),
                actor=COMMAND_LINE,
            )
    convention = ImpactConvention(matrix.impact_convention)
    click.echo(f"{convention.value}: {labels.CONVENTION[convention]}")

"""The words for the rule codes of reports and their schedules (reports.builders, reports.pc,
reports.schedules): the same on the pages, in `naleving report` and `naleving schedule`."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "report.no_snapshot": _l("er is nog geen P&C-moment met een momentopname"),
        "report.unknown_moment": _l("onbekend P&C-moment %(moment_id)s"),
        "report.moment_without_snapshot": _l("P&C-moment %(moment_id)s heeft nog geen momentopname"),
        "report.as_of_out_of_range": _l("de peildatum ligt niet tussen %(earliest)s en vandaag"),
        "report.year_not_for_kind": _l(
            "een jaar hoort alleen bij ENSIA, de collegeverklaring en de In Control Verklaring"
        ),
        "report.year_or_as_of": _l("geef het jaar, geen peildatum: de peildatum is 31 december van dat jaar"),
        "report.year_out_of_range": _l("het jaar %(year)s ligt niet tussen %(earliest)s en %(latest)s"),
        "ensia.year_out_of_range": _l("het jaar %(year)s ligt niet tussen %(earliest)s en %(latest)s"),
        "ensia.too_long": _l("hooguit %(limit)s tekens"),
        "report.unknown_kind": _l("rapport '%(kind)s' bestaat niet als %(format)s"),
        "report.language_not_available": _l("rapport '%(kind)s' bestaat niet in de taal '%(language)s'"),
        "ensia.invalid_map": _l(
            "de ENSIA-indeling (data/ensia.yaml) klopt niet bij %(path)s: verwacht %(wanted)s"
        ),
        "schedule.cron_fields": _l("een cron-expressie heeft vijf velden: minuut uur dag maand weekdag"),
        "schedule.cron_minute": _l("de minuut moet één getal (0-59) zijn: hooguit één rapport per uur"),
        "schedule.cron_invalid": _l("ongeldige cron-expressie: %(reason)s"),
        "schedule.cron_never": _l("deze cron-expressie heeft het komende jaar geen enkele run"),
        "schedule.recipient_domain": _l(
            "%(address)s: alleen adressen in %(domains)s mogen rapporten ontvangen (Instellingen, maildomeinen)"
        ),
        "schedule.invalid_weekday": _l("ongeldige weekdag '%(weekday)s'"),
        "schedule.too_many_recipients": _l("hooguit %(max)s ontvangers"),
        "schedule.invalid_email": _l("ongeldig e-mailadres: %(address)s"),
        "schedule.unknown_choice": _l("onbekend soort rapport, formaat of planning"),
        "schedule.format_not_available": _l("rapport '%(kind)s' bestaat niet als %(format)s"),
        "schedule.days_before": _l("dagen vóór het P&C-moment: %(min)s tot en met %(max)s"),
    }
)

"""Words for the rule codes of the plan area (plan.actions, plan.approvals, plan.findings)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

REQUIRED = _l("Verplicht.")
TOO_LONG = _l("Hoogstens %(limit)s tekens.")

register(
    {
        "action.title_required": REQUIRED,
        "action.too_long": TOO_LONG,
        "action.owner_required": _l("Kies een gebruiker of vul de naam van de eigenaar in."),
        "action.owner_not_member": _l("Deze eigenaar is geen gebruiker van deze organisatie."),
        "action.unknown_status": _l("Onbekende status: %(value)s."),
        "action.due_required": _l("Een open actie heeft een streefdatum."),
        "action.amount_out_of_range": _l("Tussen 0 en %(maximum)s."),
        "action.reference_malformed": _l("Referentie '%(reference)s' heeft niet de vorm A-001."),
        "action.unknown_link": _l("Onbekende soort koppeling: %(value)s."),
        "action.unknown_requirements": _l("Onbekende eis(en) in de catalogus: %(codes)s."),
        "action.unknown_risks": _l("Onbekende risico's: %(references)s."),
        "approval.not_pending": _l("Hierover is al besloten."),
        "approval.own_proposal": _l(
            "U kunt uw eigen voorstel niet goedkeuren of afwijzen: dat doet een tweede persoon."
        ),
        "approval.wrong_role": _l("Uw rol mag over dit soort besluit niet beslissen."),
        "approval.reason_required": _l("Geef de reden van de afwijzing."),
        "approval.stale": _l(
            "%(subject)s is gewijzigd sinds het voorstel; het voorstel kan niet meer worden goedgekeurd."
        ),
        "approval.body_required": REQUIRED,
        "finding.title_required": REQUIRED,
        "finding.too_long": TOO_LONG,
        "finding.unknown_severity": _l("Onbekende ernst: %(value)s."),
        "finding.reference_date_required": REQUIRED,
        "finding.reference_date_future": _l("De peildatum ligt in de toekomst."),
        "finding.response_required": REQUIRED,
        "finding.unknown_requirement": _l("Onbekende eis: %(code)s."),
    }
)

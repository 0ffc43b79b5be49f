"""Words for the rule codes of the scope area (scope.rules, scope.register, scope.quickscan, risk.scope_links)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "scope.name_required": _l("Verplicht."),
        "scope.owner_required": _l("Verplicht: de lijnmanager die eigenaar is."),
        "scope.too_long": _l("Hoogstens %(limit)s tekens."),
        "scope.invalid_value": _l("Ongeldige waarde '%(value)s'."),
        "scope.unknown_processes": _l("Onbekende processen: %(references)s."),
        "scope.unknown_suppliers": _l("Onbekende leveranciers: %(names)s."),
        "scope.reference_malformed": _l("Referentie '%(reference)s' heeft niet de vorm P-001 of S-001."),
        "scope.reference_taken": _l("Referentie %(reference)s bestaat al."),
        "scope.kind_mismatch": _l("De soort past niet bij referentie %(reference)s."),
        "scope.foreign_risk": _l("Risico %(reference)s hoort bij een andere organisatie."),
        "scope.supplier_name_taken": _l("Er is al een leverancier met deze naam."),
        "scope.expiry_before_issue": _l("De vervaldatum ligt voor de datum van afgifte."),
        "scope.statement_required": _l("Verplicht."),
        "scope.unknown_requirement": _l("Eis %(requirement)s staat niet in de catalogus."),
        "scope.no_answer": _l("Eis %(requirement)s heeft nog geen antwoord: beantwoord haar eerst."),
        "scope.reason_required": _l("Geef de reden van de uitzondering."),
        "quickscan.unanswered": _l("Niet beantwoord: %(question)s"),
    }
)

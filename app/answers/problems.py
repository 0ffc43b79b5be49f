"""The words of the answers area's problem codes (app.problems): the rules of an answer, and the answers
sheet's own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.answers.helpers import RULE_MESSAGES
from app.problems import register

register(
    {f"answers.{code}": message for code, message in RULE_MESSAGES.items()}
    | {
        "answers.too_long": _l("Te lang: hoogstens %(limit)s tekens."),
        "answers.unknown_requirement": _l("onbekende eis '%(code)s'"),
        "answers.code_missing": _l("kolom Code is leeg"),
        "answers.applicability_missing": _l("Toepasselijkheid is leeg, maar %(columns)s is ingevuld"),
        "answers.cannot_blank": _l("het antwoord is leeg gemaakt; een antwoord kan niet worden gewist"),
        "answers.withdrawn": _l("deze eis geldt niet meer; het antwoord kan niet meer worden gewijzigd"),
    }
)

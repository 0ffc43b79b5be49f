"""The words of the answers area's problem codes (app.problems): the rules of an answer (controls.rules, as
the answer form words them), and the answers sheet's own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.answers.helpers import RULE_MESSAGES
from app.problems import register

register(
    {f"answer.{code}": message for code, message in RULE_MESSAGES.items()}
    | {
        "answer.too_long": _l("Te lang: hoogstens %(limit)s tekens."),
        "answer.withdrawn": _l(
            "Eis %(requirement)s geldt niet meer; het antwoord blijft bewaard maar kan niet meer worden "
            "gewijzigd."
        ),
        "answer.unknown_requirement": _l("onbekende eis '%(code)s'"),
        "answer.code_missing": _l("kolom Code is leeg"),
        "answer.applicability_missing": _l("Toepasselijkheid is leeg, maar %(columns)s is ingevuld"),
        "answer.cannot_blank": _l("het antwoord is leeg gemaakt; een antwoord kan niet worden gewist"),
    }
)

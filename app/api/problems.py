"""The words of the token.* rule codes (core/tokens.py), for the account page, the CLI and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "token.scope_unknown": _l("Onbekende reikwijdte '%(scope)s': kies read of write."),
        "token.days_out_of_range": _l("Een token verloopt na 1 tot %(max)s dagen, niet na %(days)s."),
        "token.not_a_member": _l("%(email)s is geen lid van %(organisation)s."),
        "token.write_not_allowed": _l("Met de rol %(role)s kan een token alleen lezen."),
    }
)

"""The words for the rule codes of copying answers (plan.copying)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "copy.not_ciso": _l("U bent geen CISO van %(organisations)s; alleen een CISO kopieert antwoorden."),
        "copy.targets": _l("Kies 1 tot %(limit)s andere organisaties om naar te kopiëren."),
        "copy.nothing": _l("De bron heeft geen antwoord dat aan de keuze voldoet."),
    }
)

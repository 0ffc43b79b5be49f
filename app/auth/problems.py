"""The words for the rule codes of the second factor and of invitations (core.mfa, core.invitations)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "mfa.already_enrolled": _l("tweestapsverificatie staat al aan"),
        "mfa.not_enrolling": _l("begin opnieuw met het instellen van tweestapsverificatie"),
        "mfa.not_enrolled": _l("tweestapsverificatie staat niet aan"),
        "mfa.wrong_code": _l("deze code klopt niet; kijk of de tijd van uw telefoon goed staat"),
        "invitation.already_member": _l("%(email)s is al lid van deze organisatie"),
        "invitation.invalid": _l("deze uitnodiging is niet (meer) geldig"),
        "invitation.sign_in_first": _l(
            "voor %(email)s bestaat al een account: log daarmee in om te aanvaarden"
        ),
        "invitation.other_address": _l("deze uitnodiging is voor %(email)s; log met dat adres in"),
    }
)

"""The organisation's allowed mail domains on the settings page: where scheduled reports may be mailed."""

from __future__ import annotations

from app.admin.forms import MailDomainsForm
from app.db import get_session
from core.mail_domains import allowed_mail_domains
from core.models import Organisation


def mail_domains_context(organisation: Organisation, form: MailDomainsForm | None = None) -> dict:
    """What the settings page shows of the mail domains: the form and the domains in force."""
    if form is None:
        form = MailDomainsForm(mail_domains=organisation.mail_domains)
    in_force = allowed_mail_domains(session=get_session(), organisation=organisation)
    return {"mail_form": form, "mail_domains_in_force": in_force}

"""Fixtures of working together: a CISO of two organisations (voorbeeld and andere) and a third organisation she
does not belong to; the answers helpers and the stopped clock of the answers area."""

from __future__ import annotations

import pytest

from core.accounts import set_membership
from core.actor import Actor
from core.models import Role
from tests.answers.conftest import answer, fixed_clock  # noqa: F401 - the clock
from tests.api.conftest import api  # noqa: F401 - the API client
from tests.factories import make_organisation, make_user
from tests.reports.test_mail import smtp_sink  # noqa: F401 - the local SMTP sink

THIRD = "Gemeente Derde Geheim"


@pytest.fixture
def two(db, world, mini_catalogue):
    """The own CISO is CISO of the other organisation too; "derde" is an organisation of neither."""
    ciso = world.user(Role.CISO)
    set_membership(
        session=db, user=ciso, organisation=world.other, role=Role.CISO, actor=Actor.system("test")
    )
    third = make_organisation(db, "derde", THIRD)
    make_user(db, third, Role.CISO)
    db.commit()
    answer(
        db, third, "5.01.01", applicability="applicable", implementation="implemented", design="sufficient"
    )
    return ciso

"""Schemathesis against the app (WSGI, no server): every operation of the OpenAPI document with generated
input, as the own organisation's CISO with a write token; no server error, every response as documented
(status, media type, body). Few examples per operation, so the run stays short on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from core.models import Role
from tests.api.routes import api_sample_values

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Making a report lays out a PDF: tested on its own (tests/api/test_reports.py), not a few dozen times here.
SLOW = {"make_report"}
EXAMPLES = 8


@pytest.fixture
def app_config(app_config):
    return {**app_config, "API_RATE_LIMIT_ENABLED": False}


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.definition.raw.get("operationId") not in SLOW:
            yield operation


def test_the_document_is_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def exercise(operation, headers: dict, known: dict) -> None:
    """Run the operation with generated input: mostly on the own organisation's objects, sometimes on
    generated ids (always under the own organisation's slug)."""

    @given(case=operation.as_strategy(), real=st.booleans())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case, real):
        chosen = known if real else {"slug": known["slug"]} if "slug" in known else {}
        case.path_parameters = {**(case.path_parameters or {}), **chosen}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    run()


def test_generated_requests_get_documented_answers(app, db, world, token_for, mini_catalogue):
    own, _other = api_sample_values(db, world, Path(app.instance_path))
    writer = {"Authorization": f"Bearer {token_for(Role.CISO, 'write')}"}
    auditor = {"Authorization": f"Bearer {token_for(Role.AUDITOR, 'read')}"}  # the audit events
    tested = 0
    for operation in operations(app):
        names = {p.name for p in operation.path_parameters}
        known = {name: own[name] for name in names if name in own}
        if "slug" in names:
            known["slug"] = world.own.slug
        exercise(operation, auditor if "audit" in operation.path else writer, known)
        tested += 1
    assert tested >= 25

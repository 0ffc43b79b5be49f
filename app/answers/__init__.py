"""Comply-or-explain answers, evidence, the Statement of Applicability and the Excel round trip."""

from flask import Blueprint

bp = Blueprint("answers", __name__)

from app.answers import evidence_routes, excel_routes, panels, routes  # noqa: E402, F401

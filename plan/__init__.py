"""The improvement plan (verbeterplan): actions with owners and due dates, the four-eyes approvals of decisions,
the adoption of the SoA, auditor findings and the reminders that follow them up.

Importing the package registers the plan's steps of every answer and risk save (plan/rules.py)."""

from plan import rules as _rules  # noqa: F401 - registers the steps

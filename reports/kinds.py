"""The kinds and formats of a report, apart from the tables (reports.models) so that a command's options can name
them without loading the database layer (`naleving report --help`, tests/test_startup.py)."""

from __future__ import annotations

from enum import StrEnum


class ReportKind(StrEnum):
    SOA = "soa"  # Verklaring van Toepasselijkheid
    RISKS = "risks"  # risk register with heatmaps
    PC = "pc"  # weerstandsvermogen input of one P&C moment
    MANAGEMENT = "management"  # one or two pages for the board
    ENSIA = "ensia"  # the yearly ENSIA self-evaluation, as of 31 December
    COLLEGE = "college"  # the draft collegeverklaring of ENSIA with its bijlagen (DigiD, Suwinet)
    IN_CONTROL = "in-control"  # the draft In Control Verklaring (BIO2 5.36.01)


class ReportFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"

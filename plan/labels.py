"""The names of the plan area's values, in Dutch (English in core/translations): pages translate them with
Flask-Babel, documents with `core.labels.translator(locale)`."""

from __future__ import annotations

from core.labels import N_, Labels
from plan.models import ActionStatus, ApprovalState, DecisionKind, LinkKind, Severity

ACTION_STATUS = Labels(
    {
        ActionStatus.OPEN: N_("open"),
        ActionStatus.IN_PROGRESS: N_("bezig"),
        ActionStatus.DONE: N_("gereed"),
        ActionStatus.CANCELLED: N_("vervallen"),
    }
)
LINK_KIND = Labels(
    {
        LinkKind.REQUIREMENT: N_("eis"),
        LinkKind.RISK: N_("risico"),
        LinkKind.FINDING: N_("bevinding"),
        LinkKind.SYSTEM: N_("informatiesysteem"),
    }
)
DECISION_KIND = Labels(
    {
        DecisionKind.NOT_APPLICABLE: N_("niet van toepassing op een maatregel of wettelijke plicht"),
        DecisionKind.RISK_ACCEPTANCE: N_("acceptatie van een risico"),
        DecisionKind.SOA_ADOPTION: N_("vaststelling van de VvT"),
    }
)
APPROVAL_STATE = Labels(
    {
        ApprovalState.PENDING: N_("ter goedkeuring"),
        ApprovalState.APPROVED: N_("goedgekeurd"),
        ApprovalState.REJECTED: N_("afgewezen"),
        ApprovalState.WITHDRAWN: N_("vervallen voorstel"),
    }
)
SEVERITY = Labels(
    {
        Severity.MINOR: N_("gering"),
        Severity.SIGNIFICANT: N_("significant"),
        Severity.SEVERE: N_("ernstig"),
    }
)

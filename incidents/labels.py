"""The names of the incident register's values, in Dutch (English in core/translations)."""

from __future__ import annotations

from core.labels import N_, Labels
from incidents.board import TrainingState
from incidents.clocks import DeadlineState
from incidents.models import IncidentStatus, MessageKind, Recipient

STATUS = Labels(
    {
        IncidentStatus.ONGOING: N_("gaande"),
        IncidentStatus.HANDLED: N_("afgehandeld"),
        IncidentStatus.CLOSED: N_("gesloten"),
    }
)
MESSAGE_KIND = Labels(
    {
        MessageKind.EARLY_WARNING: N_("vroegtijdige waarschuwing"),
        MessageKind.NOTIFICATION: N_("incidentmelding"),
        MessageKind.INTERMEDIATE: N_("tussentijds verslag"),
        MessageKind.PROGRESS: N_("voortgangsverslag"),
        MessageKind.FINAL: N_("eindverslag"),
    }
)
RECIPIENT = Labels(
    {
        Recipient.CSIRT: N_("CSIRT"),
        Recipient.AUTHORITY: N_("bevoegde autoriteit"),
        Recipient.BOTH: N_("CSIRT en bevoegde autoriteit"),
    }
)
DEADLINE_STATE = Labels(
    {
        DeadlineState.OPEN: N_("loopt"),
        DeadlineState.OVERDUE: N_("termijn verstreken"),
        DeadlineState.MET: N_("op tijd"),
        DeadlineState.LATE: N_("te laat verzonden"),
    }
)

TRAINING_STATE = Labels(
    {
        TrainingState.CURRENT: N_("certificaat geldig"),
        TrainingState.DUE: N_("certificaat nog te behalen"),
        TrainingState.OVERDUE: N_("certificaat te laat"),
        TrainingState.EXPIRED: N_("certificaat verlopen: vernieuwen"),
    }
)
LABELS = {
    "status": STATUS,
    "message_kind": MESSAGE_KIND,
    "recipient": RECIPIENT,
    "deadline": DEADLINE_STATE,
    "training": TRAINING_STATE,
}

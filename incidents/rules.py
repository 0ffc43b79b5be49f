"""The rules of an incident and of a message sent, as pure functions returning problems (`incident.*`).

- a title, and the moment of awareness, which cannot lie in the future; the incident cannot have happened
  after it was noticed;
- a threshold of data/cbw_thresholds.yaml met makes the incident significant (it cannot be judged otherwise);
- "afgehandeld" or "gesloten" needs the moment it was handled, not before awareness;
- links name a known kind ("risk:R-014"); the caller checks that the references exist;
- a message is sent to a known recipient, not in the future, not before awareness.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import datetime

from core.errors import Problem
from incidents.clocks import as_utc
from incidents.models import IncidentStatus, MessageKind, Recipient
from incidents.thresholds import threshold_codes

MAX_TITLE = 200
MAX_TEXT = 20000
LINK_KINDS = ("risk",)  # the registers an incident links to; scope's systems and plan's actions join at merge


def problem(field: str, rule: str, message: str, **params: object) -> Problem:
    return Problem(f"incident.{rule}", params, field, message=message)


@dataclass(frozen=True)
class IncidentData:
    """What a revision of an incident says."""

    title: str
    aware_at: datetime
    description: str = ""
    affected: str = ""
    occurred_at: datetime | None = None
    significant: bool = False
    thresholds: tuple[str, ...] = ()
    significance_reason: str = ""
    suspected_malicious: bool | None = None
    cross_border: bool | None = None
    assessment: str = ""
    indicators: str = ""
    root_cause: str = ""
    mitigation: str = ""
    status: str = IncidentStatus.ONGOING.value
    handled_at: datetime | None = None
    lessons: str = ""
    links: tuple[str, ...] = ()

    TEXTS = (
        "description",
        "affected",
        "significance_reason",
        "assessment",
        "indicators",
        "root_cause",
        "mitigation",
        "lessons",
    )

    def normalised(self) -> IncidentData:
        texts = {name: getattr(self, name).strip().replace("\r\n", "\n") for name in self.TEXTS}
        thresholds = tuple(dict.fromkeys(code.strip() for code in self.thresholds if code.strip()))
        links = tuple(dict.fromkeys(_link(link) for link in self.links if link.strip()))
        return replace(
            self,
            title=self.title.strip(),
            aware_at=as_utc(self.aware_at),
            occurred_at=as_utc(self.occurred_at) if self.occurred_at else None,
            handled_at=as_utc(self.handled_at) if self.handled_at else None,
            thresholds=thresholds,
            significant=self.significant or bool(thresholds),
            links=links,
            **texts,
        )

    def problems(self, *, now: datetime) -> list[Problem]:
        """Every rule broken (the data normalised)."""
        found: list[Problem] = []
        add = found.append
        if not self.title:
            add(problem("title", "title_required", "geef het incident een titel"))
        elif len(self.title) > MAX_TITLE:
            add(problem("title", "too_long", f"te lang: hoogstens {MAX_TITLE} tekens", limit=MAX_TITLE))
        for name in self.TEXTS:
            if len(getattr(self, name)) > MAX_TEXT:
                add(problem(name, "too_long", f"te lang: hoogstens {MAX_TEXT} tekens", limit=MAX_TEXT))
        if self.aware_at > now:
            add(problem("aware_at", "aware_in_future", "het moment van kennisname ligt in de toekomst"))
        if self.occurred_at is not None and self.occurred_at > self.aware_at:
            add(
                problem(
                    "occurred_at",
                    "occurred_after_aware",
                    "het incident kan niet na de kennisname zijn begonnen",
                )
            )
        known = threshold_codes()
        for code in self.thresholds:
            if code not in known:
                add(problem("thresholds", "unknown_threshold", f"onbekende drempel '{code}'", code=code))
        if self.status not in {s.value for s in IncidentStatus}:
            add(problem("status", "invalid_value", f"ongeldige waarde '{self.status}'", value=self.status))
        elif self.status != IncidentStatus.ONGOING.value and self.handled_at is None:
            add(
                problem(
                    "handled_at", "handled_at_required", "geef het moment waarop het incident is afgehandeld"
                )
            )
        if self.handled_at is not None and (self.handled_at < self.aware_at or self.handled_at > now):
            add(
                problem(
                    "handled_at",
                    "handled_at_invalid",
                    "het moment van afhandeling ligt voor de kennisname of in de toekomst",
                )
            )
        for link in self.links:
            kind = link.partition(":")[0]
            if kind not in LINK_KINDS or not link.partition(":")[2]:
                add(problem("links", "unknown_link", f"onbekende koppeling '{link}'", link=link))
        return found

    def references(self, kind: str) -> tuple[str, ...]:
        """The references of the links of one kind ("risk": the risk references)."""
        return tuple(link.partition(":")[2] for link in self.links if link.partition(":")[0] == kind)


def _link(link: str) -> str:
    kind, _, reference = link.strip().partition(":")
    return f"{kind.strip().lower()}:{reference.strip().upper()}"


def unknown_links(data: IncidentData, *, kind: str, known: Container[str]) -> list[Problem]:
    """A problem per link of `kind` whose reference is not in its register."""
    return [
        problem(
            "links", "unknown_reference", f"'{reference}' staat niet in het register", reference=reference
        )
        for reference in data.references(kind)
        if reference not in known
    ]


def message_problems(
    *, kind: str, recipient: str, sent_at: datetime, aware_at: datetime, content: str, now: datetime
) -> list[Problem]:
    found = []
    if kind not in {k.value for k in MessageKind}:
        found.append(problem("kind", "invalid_value", f"ongeldige waarde '{kind}'", value=kind))
    if recipient not in {r.value for r in Recipient}:
        found.append(
            problem("recipient", "invalid_value", f"ongeldige waarde '{recipient}'", value=recipient)
        )
    if as_utc(sent_at) > now:
        found.append(problem("sent_at", "sent_in_future", "het moment van verzending ligt in de toekomst"))
    elif as_utc(sent_at) < as_utc(aware_at):
        found.append(
            problem("sent_at", "sent_before_aware", "een bericht kan niet voor de kennisname zijn verstuurd")
        )
    if len(content) > MAX_TEXT:
        found.append(problem("content", "too_long", f"te lang: hoogstens {MAX_TEXT} tekens", limit=MAX_TEXT))
    return found

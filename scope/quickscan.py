"""The quickscan: the question set and rule of `data/quickscan.yaml`, the pure classification of a set of answers,
and recording a quickscan of a process or system (a new, never changed row; the head keeps its outcome)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from scope.models import ClassLevel, Outcome, Quickscan, ScopeItem

SHIPPED_QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "quickscan.yaml"
ASPECTS = ("availability", "integrity", "confidentiality")
ORDER = {ClassLevel.LOW.value: 0, ClassLevel.MEDIUM.value: 1, ClassLevel.HIGH.value: 2}


@dataclass(frozen=True)
class Question:
    id: str
    aspect: str
    impact_area: str
    text: str


@dataclass(frozen=True)
class AspectQuestions:
    id: str
    label: str
    scenario: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    version: str
    source: str
    needs_analysis_at: str
    scale: tuple[tuple[str, str, str], ...]  # (level, label, meaning)
    impact_areas: dict[str, str]  # id -> label
    aspects: tuple[AspectQuestions, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for aspect in self.aspects for question in aspect.questions)


def parse_questions(raw: dict[str, Any]) -> QuestionSet:
    """The question set of a parsed quickscan file; ValueError names what is wrong."""
    if raw.get("rule") != "highest":
        raise ValueError("quickscan: only the rule 'highest' is known")
    scale = tuple((str(s["level"]), str(s["label_nl"]), str(s["meaning_nl"])) for s in raw["scale"])
    if [level for level, _label, _meaning in scale] != list(ORDER):
        raise ValueError("quickscan: the scale must be low, medium, high")
    areas = {str(a["id"]): str(a["label_nl"]) for a in raw["impact_areas"]}
    aspects = []
    for aspect in raw["aspects"]:
        questions = tuple(
            Question(str(q["id"]), str(aspect["id"]), str(q["impact_area"]), str(q["text_nl"]))
            for q in aspect["questions"]
        )
        if any(q.impact_area not in areas for q in questions):
            raise ValueError(f"quickscan: unknown impact area under {aspect['id']}")
        aspects.append(
            AspectQuestions(str(aspect["id"]), str(aspect["label_nl"]), str(aspect["scenario_nl"]), questions)
        )
    if tuple(a.id for a in aspects) != ASPECTS:
        raise ValueError("quickscan: the aspects must be availability, integrity, confidentiality")
    ids = [q.id for a in aspects for q in a.questions]
    if len(set(ids)) != len(ids):
        raise ValueError("quickscan: a question id repeats")
    return QuestionSet(
        str(raw["version"]), str(raw["source"]), str(raw["needs_analysis_at"]), scale, areas, tuple(aspects)
    )


@cache
def question_set(path: Path = SHIPPED_QUESTIONS) -> QuestionSet:
    return parse_questions(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Classification:
    availability: str
    integrity: str
    confidentiality: str
    outcome: str

    def level(self, aspect: str) -> str:
        return str(getattr(self, aspect))


def classify(questions: QuestionSet, answers: dict[str, str]) -> Classification:
    """Each aspect's level is its highest answer; an aspect at `needs_analysis_at` asks for a risk analysis.
    RuleError when a question is unanswered or an answer is not on the scale."""
    problems = []
    for question in questions.questions:
        if answers.get(question.id) not in ORDER:
            problems.append(Problem("quickscan.unanswered", {"question": question.text}, field=question.id))
    if problems:
        raise RuleError(problems)
    levels = {
        aspect.id: max((answers[q.id] for q in aspect.questions), key=ORDER.__getitem__)
        for aspect in questions.aspects
    }
    threshold = ORDER[questions.needs_analysis_at]
    needs = any(ORDER[level] >= threshold for level in levels.values())
    outcome = Outcome.RISK_ANALYSIS_NEEDED if needs else Outcome.BASELINE_SUFFICIENT
    return Classification(outcome=outcome.value, **levels)


def record_quickscan(
    *,
    session: Session,
    item: ScopeItem,
    answers: dict[str, str],
    actor: Actor,
    questions: QuestionSet | None = None,
) -> Quickscan:
    """Classify `item` from `answers`, keep the quickscan as a new row and its outcome on the item."""
    questions = questions or question_set()
    result = classify(questions, answers)
    before = {aspect: getattr(item, aspect) for aspect in (*ASPECTS, "outcome")}
    number = item.quickscan_number + 1
    scan = Quickscan(
        item_id=id_of(item),
        number=number,
        questions_version=questions.version,
        answers_json=json.dumps({q.id: answers[q.id] for q in questions.questions}, sort_keys=True),
        availability=result.availability,
        integrity=result.integrity,
        confidentiality=result.confidentiality,
        outcome=result.outcome,
        performed_at=clock.now(),
        performed_by_id=actor.user_id,
        performed_by=actor.name[:254],
    )
    session.add(scan)
    for aspect in (*ASPECTS, "outcome"):
        setattr(item, aspect, getattr(result, aspect))
    item.quickscan_number = number
    session.add(item)
    session.flush()
    record_event(
        session=session,
        action="scope.quickscan",
        actor=actor,
        organisation_id=item.organisation_id,
        subject=item.reference,
        changes=changed_fields(before, {aspect: getattr(result, aspect) for aspect in (*ASPECTS, "outcome")}),
    )
    return scan


def latest_quickscan(*, session: Session, item: ScopeItem) -> Quickscan | None:
    return session.exec(
        select(Quickscan).where(col(Quickscan.item_id) == id_of(item)).order_by(col(Quickscan.number).desc())
    ).first()


def quickscan_history(*, session: Session, item: ScopeItem) -> list[Quickscan]:
    return list(
        session.exec(
            select(Quickscan)
            .where(col(Quickscan.item_id) == id_of(item))
            .order_by(col(Quickscan.number).desc())
        ).all()
    )


def answers_of(scan: Quickscan) -> dict[str, str]:
    loaded = json.loads(scan.answers_json)
    return {str(k): str(v) for k, v in loaded.items()}

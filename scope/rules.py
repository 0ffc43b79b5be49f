"""The rules of a process or information system, once for the page, the command line and the Excel import: what
a user records (ItemData) and the rules it keeps, as problems with a code (`scope.<rule>`) and the field."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from core.errors import Problem
from scope.models import Hosting, InformationKind, ItemKind, Jurisdiction

MAX_NAME = 200
MAX_TEXT = 5000


def problem(field: str, code: str, **params: object) -> Problem:
    return Problem(f"scope.{code}", params, field)


@dataclass(frozen=True)
class ItemData:
    """The fields of one revision of a process or system."""

    name: str
    owner: str
    description: str = ""
    information_kinds: tuple[str, ...] = ()
    hosting: str | None = None
    jurisdiction: str | None = None
    in_scope: bool = True
    review_on: date | None = None
    process_refs: tuple[str, ...] = ()
    supplier_names: tuple[str, ...] = ()

    def normalised(self, kind: str) -> ItemData:
        """Trimmed text, sets in a fixed order; a process has no hosting, jurisdiction or supported processes."""
        order = [k.value for k in InformationKind]
        data = replace(
            self,
            name=self.name.strip(),
            owner=self.owner.strip(),
            description=self.description.strip(),
            information_kinds=tuple(
                sorted(
                    set(self.information_kinds), key=lambda k: order.index(k) if k in order else len(order)
                )
            ),
            hosting=self.hosting or None,
            jurisdiction=self.jurisdiction or None,
            process_refs=tuple(sorted({r.strip().upper() for r in self.process_refs if r.strip()})),
            supplier_names=tuple(sorted({n.strip() for n in self.supplier_names if n.strip()})),
        )
        if kind == ItemKind.PROCESS.value:
            data = replace(data, hosting=None, process_refs=())
        return data

    def problems(self, kind: str) -> list[Problem]:
        problems = []
        if kind not in {k.value for k in ItemKind}:
            problems.append(problem("kind", "invalid_value", value=kind))
        for field in ("name", "owner"):
            value = getattr(self, field)
            if not value:
                problems.append(problem(field, f"{field}_required"))
            elif len(value) > MAX_NAME:
                problems.append(problem(field, "too_long", limit=MAX_NAME))
        if len(self.description) > MAX_TEXT:
            problems.append(problem("description", "too_long", limit=MAX_TEXT))
        allowed = {k.value for k in InformationKind}
        for value in self.information_kinds:
            if value not in allowed:
                problems.append(problem("information_kinds", "invalid_value", value=value))
        if self.hosting is not None and self.hosting not in {h.value for h in Hosting}:
            problems.append(problem("hosting", "invalid_value", value=self.hosting))
        if self.jurisdiction is not None and self.jurisdiction not in {j.value for j in Jurisdiction}:
            problems.append(problem("jurisdiction", "invalid_value", value=self.jurisdiction))
        return problems

"""The writing half of `make load`'s second run: some of the simulated users also save answers, edit risks and
make reports through the API (a write token each, as a client system would), and afterwards every write the
server acknowledged is looked up in the database.

A save is acknowledged by 200 (a new revision) or 201 (a report in the archive); a 412 (someone else's
revision came first) is fetched again and retried, and counted apart: it is the lost-update protection at
work, not an error. Each write carries a marker of its own (the answer's explanation, the risk's description),
so the check is per write, not a count.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

API = "/api/v1/organisations/voorbeeld"
ANSWER_FIELDS = (
    "applicability",
    "implementation",
    "design",
    "existence",
    "operation",
    "explanation",
    "planned_on",
    "owner",
    "risk_reference",
    "last_reviewed_on",
)


@dataclass
class Writes:
    answers: list[str] = field(default_factory=list)  # markers of acknowledged answer saves
    risks: list[str] = field(default_factory=list)
    reports: int = 0
    conflicts: int = 0


def write_tokens(naleving: Path, env: dict[str, str], count: int) -> list[str]:
    """`count` write tokens of the demo CISO (`naleving token create` prints the token on its last line)."""
    command = [str(naleving), "token", "create", "--email", "ciso@voorbeeld.nl", "--org", "voorbeeld"]
    return [
        subprocess.run(
            [*command, "--scope", "write", "--days", "1"], env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
        for _ in range(count)
    ]


def targets(base: str, token: str) -> tuple[list[str], list[int]]:
    """The codes of the answered requirements and the ids of the risks of the demo organisation."""
    headers = {"Authorization": f"Bearer {token}"}
    answers = requests.get(f"{base}{API}/answers?per_page=500", headers=headers, timeout=60).json()["items"]
    risks = requests.get(f"{base}{API}/risks?per_page=500&status=all", headers=headers, timeout=60).json()[
        "items"
    ]
    return [a["code"] for a in answers if a["answer"] and a["answer"]["applicability"] == "applicable"], [
        r["id"] for r in risks
    ]


def risk_fields() -> tuple[str, ...]:
    from app.api.risks import RiskIn

    return tuple(RiskIn.model_fields)


class Writer:
    """One user's writes: an answer, a risk of its own (no two writers on the same one), now and then a report."""

    def __init__(self, base: str, token: str, code: str, risk_id: int, writes: Writes, timed):
        self.base, self.code, self.risk_id, self.writes, self.timed = base, code, risk_id, writes, timed
        self.headers = {"Authorization": f"Bearer {token}"}
        self.count = 0
        self.fields = risk_fields()

    def step(self, name: str) -> None:
        self.count += 1
        if self.count % 10 == 0:
            response = self.timed(
                "POST", f"{API}/reports", json={"kind": "risks", "format": "xlsx"}, headers=self.headers
            )
            if response is not None and response.status_code == 201:
                self.writes.reports += 1
            return
        marker = f"Belastingtest {name}-{self.count}"
        if self.count % 2:
            self._change(f"{API}/answers/{self.code}", marker, self._answer_body, self.writes.answers)
        else:
            self._change(f"{API}/risks/{self.risk_id}", marker, self._risk_body, self.writes.risks)

    def _answer_body(self, current: dict, marker: str) -> dict:
        body = {name: current["answer"][name] for name in ANSWER_FIELDS}
        return body | {"explanation": marker}

    def _risk_body(self, current: dict, marker: str) -> dict:
        return {name: current[name] for name in self.fields if name in current} | {"description": marker}

    def _change(self, url: str, marker: str, body, acknowledged: list[str]) -> None:
        for _attempt in range(3):
            current = self.timed("GET", url, headers=self.headers)
            if current is None or current.status_code != 200:
                return
            headers = self.headers | {"If-Match": current.headers["ETag"]}
            response = self.timed("PUT", url, json=body(current.json(), marker), headers=headers)
            if response is None:
                return
            if response.status_code == 412:
                self.writes.conflicts += 1
                continue
            if response.status_code == 200:
                acknowledged.append(marker)
            return


def missing_writes(url: str, writes: Writes, reports_before: int) -> list[str]:
    """The acknowledged writes the database does not have (empty: every one is there)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        answers = set(
            connection.execute(
                text("SELECT explanation FROM answerrevision WHERE explanation LIKE 'Belastingtest %'")
            ).scalars()
        )
        risks = set(
            connection.execute(
                text("SELECT description FROM risk_revision WHERE description LIKE 'Belastingtest %'")
            ).scalars()
        )
        reports = connection.execute(text("SELECT COUNT(*) FROM report")).scalar() or 0
    engine.dispose()
    missing = [f"answer {m}" for m in writes.answers if m not in answers]
    missing += [f"risk {m}" for m in writes.risks if m not in risks]
    if reports - reports_before != writes.reports:
        missing.append(f"reports: {writes.reports} acknowledged, {reports - reports_before} in the archive")
    return missing


def report_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM report")).scalar() or 0
    engine.dispose()
    return int(count)

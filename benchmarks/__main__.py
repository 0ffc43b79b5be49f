"""Measure Naleving against its performance targets and print a table (and JSON).

    make benchmark                                   # 50 organisations x 5 revisions on PostgreSQL, 3 rounds
    .venv/bin/python -m benchmarks --organisations 5 --sqlite

Each run builds a fresh database (PostgreSQL: its own, dropped afterwards), loads the catalogue, generates the
data (benchmarks/data.py) and measures in-process: page server times through the WSGI app (p50/p95 of
repeated requests), the SQL statements a page runs, the SoA PDF, the answers Excel export and import, and the
Monte Carlo. With --rounds N the data is built once and measured N times; the table shows each measurement's
median, its range and in how many rounds it met its target (the machine is shared: a round can fall in a slow
minute). Figures are printed, never asserted: targets are there to compare against.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
POSTGRES = os.environ.get("NALEVING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@dataclass
class Figure:
    name: str
    value: float | int | None
    unit: str
    target: float | None = None  # upper bound
    detail: str = ""


def timed(function: Callable, repeat: int) -> list[float]:
    return timed_with_cpu(function, repeat)[0]


def timed_with_cpu(function: Callable, repeat: int) -> tuple[list[float], list[float]]:
    """The wall-clock seconds of each call, and this process's processor seconds (steadier than the clock on a
    shared machine: another process's load shows in the first, hardly in the second)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu


CPU_DETAIL = "processor time of the request's process, p50"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


class Benchmark:
    def __init__(self, url: str, instance: Path, organisations: int, revisions: int, repeat: int):
        from app import create_app

        self.app = create_app(
            {
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(instance),
                "SECRET_KEY": uuid.uuid4().hex,
                "WTF_CSRF_ENABLED": False,
                "SESSION_COOKIE_SECURE": False,
                "SCHEDULER_ENABLED": False,
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_COST": 8 * 1024,
            }
        )
        self.engine = self.app.extensions["naleving.engine"]
        self.organisations, self.revisions, self.repeat = organisations, revisions, repeat
        self.figures: list[Figure] = []  # of the round being measured
        self.rounds = 0
        self.statements = 0
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.statements += 1

    def prepare(self) -> Figure:
        from app.migrate import upgrade
        from benchmarks.data import generate
        from controls.catalogue import load_catalogue_file

        upgrade(self.engine)
        start = time.perf_counter()
        from benchmarks.api import generate_risks, read_token

        with self.app.app_context(), Session(self.engine) as session:
            load_catalogue_file(session=session)
            created = generate(session, organisations=self.organisations, revisions=self.revisions)
            generate_risks(session, created, self.revisions)
            self.token = read_token(session, created[0])
            session.commit()
        generation = Figure(
            "data generation",
            round(time.perf_counter() - start, 1),
            "s",
            detail=f"{self.organisations} organisations x {self.revisions} revisions",
        )
        self.client = self.app.test_client()
        response = self.client.post(
            "/login", data={"email": "ciso@org-001.nl", "password": "benchmark-password-1"}
        )
        assert response.status_code == 302, "benchmark login failed"
        return generation

    def page(self, name: str, url: str, target_ms: float | None) -> None:
        self.client.get(url)  # warm caches and templates
        before = self.statements
        response = self.client.get(url)
        assert response.status_code == 200, (
            f"{url}: HTTP {response.status_code} {response.headers.get('Location', '')}"
        )
        queries = self.statements - before
        times, cpu = timed_with_cpu(lambda: self.client.get(url), self.repeat)
        self.figures.append(Figure(f"{name} p50", round(statistics.median(times) * 1000, 1), "ms"))
        self.figures.append(Figure(f"{name} p95", round(p95(times) * 1000, 1), "ms", target_ms))
        self.figures.append(
            Figure(f"{name} CPU", round(statistics.median(cpu) * 1000, 1), "ms", detail=CPU_DETAIL)
        )
        self.figures.append(Figure(f"{name} SQL queries", queries, "queries"))

    def api_list(self, name: str, url: str, items: int | None = None) -> None:
        """A list of the API with everything on one page, asked with a token (benchmarks/api.py)."""
        from benchmarks.api import TARGET_MS

        headers = {"Authorization": f"Bearer {self.token}"}
        self.client.get(url, headers=headers)
        before = self.statements
        response = self.client.get(url, headers=headers)
        assert response.status_code == 200, (
            f"{url}: HTTP {response.status_code} {response.headers.get('Location', '')}"
        )
        queries = self.statements - before
        total = response.json["total"]
        assert items is None or total == items, f"{url}: {total} items"
        times, cpu = timed_with_cpu(lambda: self.client.get(url, headers=headers), self.repeat)
        detail = f"{total} items"
        self.figures.append(
            Figure(f"{name} p50", round(statistics.median(times) * 1000, 1), "ms", detail=detail)
        )
        self.figures.append(Figure(f"{name} p95", round(p95(times) * 1000, 1), "ms", TARGET_MS, detail))
        self.figures.append(
            Figure(f"{name} CPU", round(statistics.median(cpu) * 1000, 1), "ms", detail=CPU_DETAIL)
        )
        self.figures.append(Figure(f"{name} SQL queries", queries, "queries"))

    def answers_excel(self) -> None:
        from controls.answers_xlsx import export_answers, import_answers
        from core.actor import Actor

        with Session(self.engine) as session:
            export_answers(session=session, organisation_id=1)  # warm: openpyxl is loaded on first use
            start = time.perf_counter()
            data = export_answers(session=session, organisation_id=1)
            self.figures.append(
                Figure("answers XLSX export", round((time.perf_counter() - start) * 1000, 1), "ms")
            )
            rows = _first_rows(data, 250)
            start = time.perf_counter()
            result = import_answers(
                session=session,
                organisation_id=1,
                data=rows,
                actor=Actor.system("benchmark"),
                accepted_risks=set(),
                known_risks=set(),
                dry_run=False,
            )
            elapsed = time.perf_counter() - start
            session.rollback()
        self.figures.append(
            Figure(
                "answers XLSX import, 250 rows",
                round(elapsed, 3),
                "s",
                1.0,
                detail=f"{len(result.changed)} revisions written",
            )
        )

    def monte_carlo(self) -> None:
        from benchmarks.capacity import RISKS, SCENARIOS, exposures
        from risk.capacity import required_capacity

        data = exposures(RISKS)
        required_capacity(data, scenarios=1_000)
        times = timed(lambda: required_capacity(data, scenarios=SCENARIOS, certainty=0.90, seed=0), 5)
        self.figures.append(
            Figure(
                f"Monte Carlo {RISKS} x {SCENARIOS:,}",
                round(statistics.median(times), 3),
                "s",
                0.5,
                detail="median of 5",
            )
        )

    def soa_pdf(self) -> None:
        """The full Verklaring van Toepasselijkheid of the first organisation (benchmarks/soa_pdf.py: the demo),
        tagged PDF/A-3a with its Excel attached, unsigned (benchmarks/pdf_web.py measures it signed, in the web).
        The first build of a process also starts Pango and compiles the templates: shown apart, in the first
        round only."""
        from benchmarks.soa_pdf import REPEATS, TARGET_SECONDS, build_soa_pdf

        with self.app.app_context(), Session(self.engine) as session:
            if self.rounds == 1:
                first = build_soa_pdf(session, organisation_id=1)[0]
                self.figures.append(Figure("SoA PDF, first build", round(first, 2), "s"))
            runs = [build_soa_pdf(session, organisation_id=1) for _ in range(REPEATS)]
        _seconds, pages, size = runs[-1]
        self.figures.append(
            Figure(
                "SoA PDF",
                round(statistics.median(seconds for seconds, _pages, _size in runs), 2),
                "s",
                TARGET_SECONDS,
                detail=f"median of {REPEATS}; {pages} pages, {size:,} bytes; tagged, in two parts where there are two cores",
            )
        )

    def run(self, rounds: int) -> tuple[Figure, list[list[Figure]]]:
        """Build the data once, then measure `rounds` times (the machine is shared: one round can be a slow
        minute)."""
        generation = self.prepare()
        return generation, [self.measure() for _ in range(rounds)]

    def measure(self) -> list[Figure]:
        self.rounds += 1
        self.figures = []
        self.page("SoA page", "/o/org-001/vvt", 100)
        self.page("dashboard", "/o/org-001/", 100)
        self.page("catalogue page", "/o/org-001/catalogus/", None)
        self.api_list("API answers list", "/api/v1/organisations/org-001/answers?per_page=500")
        self.api_list("API risks list", "/api/v1/organisations/org-001/risks?per_page=500&status=all")
        self.soa_pdf()
        self.answers_excel()
        self.monte_carlo()
        return self.figures


def _first_rows(data: bytes, count: int) -> bytes:
    """The export with only its first `count` requirement rows, each explanation edited: a 250-row import that
    writes 250 revisions."""
    from io import BytesIO

    from openpyxl import load_workbook

    from controls.answers_xlsx import HEADERS

    book = load_workbook(BytesIO(data))
    sheet = book.worksheets[0]
    if sheet.max_row > count + 1:
        sheet.delete_rows(count + 2, sheet.max_row - count - 1)
    column = [cell.value for cell in sheet[1]].index(HEADERS["explanation"]) + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        if cell.value:
            cell.value = f"{cell.value} Herzien bij de benchmark."
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def fresh_database(sqlite: bool, folder: Path) -> tuple[str, Callable[[], None]]:
    if sqlite:
        return f"sqlite:///{folder / 'benchmark.sqlite'}", lambda: None
    name = f"naleving_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), drop


@dataclass
class Summary:
    """One measurement over the rounds: its median, its range and in how many rounds it met its target."""

    name: str
    unit: str
    target: float | None
    detail: str
    values: list[float | int]

    @property
    def median(self) -> float | int:
        return statistics.median(self.values)

    @property
    def met(self) -> int | None:
        if self.target is None:
            return None
        return sum(value < self.target for value in self.values)


def summarise(rounds: list[list[Figure]]) -> list[Summary]:
    summaries: dict[str, Summary] = {}
    for figures in rounds:
        for figure in figures:
            summary = summaries.setdefault(
                figure.name, Summary(figure.name, figure.unit, figure.target, figure.detail, [])
            )
            summary.values.append(figure.value)
            summary.detail = figure.detail
    return list(summaries.values())


def print_table(generation: Figure, summaries: list[Summary], rounds: int) -> None:
    print(f"{generation.name}: {generation.value} {generation.unit} ({generation.detail})")
    if rounds > 1:
        print(f"{rounds} rounds: the median, the range, and in how many rounds the target was met")
    print(f"{'measurement':<32} {'median':>9} {'range':>15} {'unit':<8} {'target':>7}  {'met':<6} detail")
    for summary in summaries:
        target = f"< {summary.target:g}" if summary.target is not None else ""
        span = f"{min(summary.values):g}-{max(summary.values):g}" if len(summary.values) > 1 else ""
        met = "" if summary.met is None else f"{summary.met}/{len(summary.values)}"
        print(
            f"{summary.name:<32} {summary.median:>9g} {span:>15} {summary.unit:<8} {target:>7}  {met:<6} "
            f"{summary.detail}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure Naleving against its performance targets.")
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--revisions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page measurement")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure this many times on the same data (default 1)"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--json", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    if min(args.organisations, args.revisions, args.repeat, args.rounds) < 1:
        parser.error("--organisations, --revisions, --repeat and --rounds must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.sqlite, Path(folder))
        try:
            benchmark = Benchmark(
                url, Path(folder) / "instance", args.organisations, args.revisions, args.repeat
            )
            generation, rounds = benchmark.run(args.rounds)
            benchmark.engine.dispose()
        finally:
            drop()
    summaries = summarise(rounds)
    print_table(generation, summaries, args.rounds)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "database": "sqlite" if args.sqlite else "postgresql",
                "organisations": args.organisations,
                "revisions": args.revisions,
                "generation_seconds": generation.value,
                "summary": [
                    {
                        "name": summary.name,
                        "unit": summary.unit,
                        "target": summary.target,
                        "median": summary.median,
                        "values": summary.values,
                        "met": summary.met,
                        "detail": summary.detail,
                    }
                    for summary in summaries
                ],
                "rounds": [[figure.__dict__ for figure in figures] for figures in rounds],
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make benchmark-large`: 500 organisations x the whole catalogue x 10 revisions on PostgreSQL, with risks, audit
events (10,000 in the measured organisation), actions, scope systems and incidents; measures the pages and the
API lists of the first organisation and the CLI's start-up, and prints a table.

    make benchmark-large                                       # 500 organisations, database bench_scale
    .venv/bin/python -m benchmarks.large --organisations 20 --sqlite

The data goes in a database of its own name (dropped and made anew; `--keep` leaves it for a second look). The
chains of the generated rows are valid: the measured organisation's chain is recomputed in full (what `naleving
verify` does) and the time printed. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from benchmarks.__main__ import POSTGRES, RESULTS, Benchmark, Figure, print_table, summarise, timed
from benchmarks.startup import startup_figures

HISTORY_TARGET_MS = 100


class LargeBenchmark(Benchmark):
    def __init__(self, url: str, instance: Path, args: argparse.Namespace):
        super().__init__(url, instance, args.organisations, args.revisions, args.repeat)
        self.args = args

    def prepare(self) -> Figure:
        from app.migrate import upgrade
        from benchmarks.api import read_token
        from benchmarks.large_data import generate_large
        from controls.catalogue import load_catalogue_file

        upgrade(self.engine)
        start = time.perf_counter()
        if self.args.reuse:
            return self.reuse()
        with self.app.app_context(), Session(self.engine) as session:
            load_catalogue_file(session=session)
            session.commit()
            created = generate_large(
                session,
                organisations=self.args.organisations,
                revisions=self.args.revisions,
                events=self.args.events,
                other_events=self.args.other_events,
                registers_each=self.args.registers,
            )
            self.token = read_token(session, created[0])
            session.commit()
        seconds = round(time.perf_counter() - start, 1)
        self.analyse()
        generation = Figure(
            "data generation",
            seconds,
            "s",
            detail=f"{self.organisations} organisations x {self.revisions} revisions; {self.rows()}",
        )
        self.client = self.login("ciso@org-001.nl")
        self.auditor = self.login("auditor@org-001.nl")
        return generation

    def reuse(self) -> Figure:
        """Measure the data a run with --keep left (generated once, measured again after a change). The clients
        sign in outside the app context: inside it, Flask-Login's user of the first sign-in stays in `g` (one
        app context for every request), so the second sign-in found a user signed in, was sent on without a
        session, and that client was at the login page once the context ended."""
        from benchmarks.api import read_token
        from core.models import Organisation

        with self.app.app_context(), Session(self.engine) as session:
            self.token = read_token(
                session, session.exec(select(Organisation).where(Organisation.slug == "org-001")).one()
            )
            session.commit()
        self.client = self.login("ciso@org-001.nl")
        self.auditor = self.login("auditor@org-001.nl")
        return Figure(
            "data generation", 0, "s", detail=f"reused database {self.args.database}; {self.rows()}"
        )

    def analyse(self) -> None:
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()

    def rows(self) -> str:
        with self.engine.connect() as connection:
            counts = {
                table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()  # noqa: S608
                for table in (
                    "answerrevision",
                    "risk_revision",
                    "auditevent",
                    "action",
                    "scope_item",
                    "incident",
                )
            }
        return ", ".join(f"{table} {count:,}" for table, count in counts.items())

    def login(self, email: str):
        client = self.app.test_client()
        response = client.post("/login", data={"email": email, "password": "benchmark-password-1"})
        assert response.status_code == 302, f"benchmark login of {email} failed"
        assert client.get_cookie("session") is not None, f"benchmark login of {email} made no session"
        return client

    def verify(self) -> None:
        """The measured organisation's whole chain recomputed (`naleving verify --org org-001`)."""
        from core.chain import verify_chain
        from core.models import Organisation

        with Session(self.engine) as session:
            key = session.exec(select(Organisation.id).where(Organisation.slug == "org-001")).one()
            start = time.perf_counter()
            found = verify_chain(session.connection(), key)
            seconds = time.perf_counter() - start
        verdict = "intact" if found is None else f"NOT intact: {found.describe()}"
        self.figures.append(Figure("full chain check, org-001", round(seconds, 2), "s", detail=verdict))

    def history_page(self, name: str, url: str, client=None) -> None:
        saved = self.client
        self.client = client or self.client
        try:
            self.page(name, url, HISTORY_TARGET_MS)
        finally:
            self.client = saved

    def first_logboek(self) -> None:
        """The logboek's first view after the data was made: no checkpoint yet, so the whole chain is checked."""
        url = "/o/org-001/beheer/logboek"
        times = timed(lambda: self.auditor.get(url), 1)
        self.figures.append(
            Figure("logboek, first view", round(times[0] * 1000, 1), "ms", detail="full check")
        )

    def measure(self) -> list[Figure]:
        self.rounds += 1
        self.figures = []
        if self.rounds > 1:
            # A session ends after SESSION_IDLE_MINUTES without a request (30): on a loaded machine a round is
            # longer than that for the auditor's client, which only the logboek uses. Sign in again each round.
            self.client = self.login("ciso@org-001.nl")
            self.auditor = self.login("auditor@org-001.nl")
        if self.rounds == 1:
            self.verify()
            self.first_logboek()
        self.page("SoA page", "/o/org-001/vvt", 100)
        self.page("dashboard", "/o/org-001/", 100)
        self.api_list("API answers list", "/api/v1/organisations/org-001/answers?per_page=500")
        self.api_list("API risks list", "/api/v1/organisations/org-001/risks?per_page=500&status=all")
        self.history_page("answer revisions page", "/o/org-001/eisen/5.01.01/historie")
        self.history_page("risk revisions page", f"/o/org-001/risicos/{self.risk_id()}")
        self.history_page("logboek", "/o/org-001/beheer/logboek", self.auditor)
        middle = max(1, self.args.events // 100)  # 50 events a page: the middle of the organisation's logboek
        self.history_page(
            "logboek, a middle page", f"/o/org-001/beheer/logboek?pagina={middle}", self.auditor
        )
        if self.rounds == 1:
            self.figures += startup_figures(self.args.startup_runs)
        return self.figures

    def risk_id(self) -> int:
        from core.models import Organisation
        from risk.models import Risk

        with Session(self.engine) as session:
            query = (
                select(Risk.id)
                .join(Organisation, Organisation.id == Risk.organisation_id)
                .where(Organisation.slug == "org-001", Risk.reference == "R-001")
            )
            return int(session.exec(query).one() or 0)


def database(args: argparse.Namespace, folder: Path) -> str:
    if args.sqlite:
        return f"sqlite:///{folder / 'large.sqlite'}"
    url = make_url(POSTGRES).set(database=args.database).render_as_string(hide_password=False)
    if args.reuse:
        return url
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{args.database}"'))
    admin.dispose()
    return url


def drop(args: argparse.Namespace) -> None:
    if args.sqlite or args.keep or args.reuse:
        return
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
    admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure Naleving at 500 organisations.")
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument(
        "--events", type=int, default=10_000, help="audit events of the measured organisation"
    )
    parser.add_argument("--other-events", type=int, default=1_000, help="audit events of each other one")
    parser.add_argument("--registers", type=int, default=3, help="actions and scope systems per organisation")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--startup-runs", type=int, default=5, help="runs of each command for its start-up")
    parser.add_argument(
        "--database", default="bench_scale", help="PostgreSQL database (dropped and made anew)"
    )
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="measure the database a run with --keep left")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--json", type=Path, default=RESULTS / "large.json")
    args = parser.parse_args(argv)
    if min(args.organisations, args.revisions, args.repeat, args.rounds) < 1:
        parser.error("--organisations, --revisions, --repeat and --rounds must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        url = database(args, Path(folder))
        try:
            benchmark = LargeBenchmark(url, Path(folder) / "instance", args)
            generation, rounds = benchmark.run(args.rounds)
            benchmark.engine.dispose()
        finally:
            drop(args)
    summaries = summarise(rounds)
    print_table(generation, summaries, args.rounds)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "database": "sqlite" if args.sqlite else "postgresql",
                "organisations": args.organisations,
                "revisions": args.revisions,
                "events": args.events,
                "generation_seconds": generation.value,
                "generation": generation.detail,
                "summary": [
                    {
                        "name": s.name,
                        "unit": s.unit,
                        "target": s.target,
                        "median": s.median,
                        "values": s.values,
                        "met": s.met,
                        "detail": s.detail,
                    }
                    for s in summaries
                ],
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

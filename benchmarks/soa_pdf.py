"""Benchmark: the full Verklaring van Toepasselijkheid (PDF) of the demo organisation, Gemeente Voorbeeld, with
the shipped catalogue. Prints the time and the page count. Target: under 15 s.

Run: .venv/bin/python -m benchmarks.soa_pdf (or `make benchmark` for the quick benchmarks).
It builds a fresh SQLite database in a temporary instance folder (`naleving init` and `naleving demo`).
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from sqlmodel import Session, select

TARGET_SECONDS = 15.0
REPEATS = 3


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NALEVING_INSTANCE_PATH"] = folder
        os.environ.pop("NALEVING_DATABASE_URL", None)
        os.environ["NALEVING_DEMO_PASSWORD"] = "benchmark-password-1"
        os.environ["NALEVING_SCHEDULER_ENABLED"] = "0"
        from app.cli import main as naleving

        for command in ("init", "demo"):
            if naleving([command]) != 0:
                raise SystemExit(f"naleving {command} failed")
        print(measure(Path(folder)))


def measure(instance: Path) -> str:
    from app import create_app
    from app.db import engine
    from app.models import Organisation
    from app.reports.common import report_parameters
    from controls.soa import statement_of_applicability
    from reports.builders import build_report

    app = create_app()
    with app.app_context(), Session(engine()) as session:
        organisation = session.exec(select(Organisation).where(Organisation.slug == "voorbeeld")).one()
        requirements = len(
            statement_of_applicability(session=session, organisation_id=organisation.id).entries
        )
        params = report_parameters(organisation, generated_by="benchmark")
        timings, pdf = [], b""
        for _ in range(REPEATS):
            start = time.perf_counter()
            pdf = build_report(
                session=session, organisation_id=organisation.id, kind="soa", format="pdf", params=params
            )
            timings.append(time.perf_counter() - start)
    engine_dispose(app)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median = sorted(timings)[len(timings) // 2]
    verdict = "OK" if median < TARGET_SECONDS else "TOO SLOW"
    return (
        f"soa PDF of Gemeente Voorbeeld: {requirements} requirements, {pages} pages, {len(pdf):,} bytes; "
        f"median {median:.2f} s, best {min(timings):.2f} s (target < {TARGET_SECONDS:.0f} s: {verdict})"
    )


def engine_dispose(app) -> None:
    app.extensions["naleving.engine"].dispose()


if __name__ == "__main__":
    main()

"""Where a page's database time goes: request a page of a benchmark database (one `make benchmark-large
--keep` left, or any PostgreSQL database with the benchmark's users), catch every SQL statement it runs, and
run each again under EXPLAIN (ANALYZE, BUFFERS); print them slowest first with their plans' top lines.

    .venv/bin/python -m benchmarks.explain /o/org-001/vvt
    .venv/bin/python -m benchmarks.explain --api /api/v1/organisations/org-001/risks?per_page=500 --top 3

Read-only: the EXPLAIN ANALYZE runs in a transaction that is rolled back, and only SELECTs are explained.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid

from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from benchmarks.__main__ import POSTGRES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="EXPLAIN ANALYZE every statement of a page.")
    parser.add_argument("url", help="the page's path, e.g. /o/org-001/vvt")
    parser.add_argument("--database", default="bench_scale", help="a database of the benchmark's server")
    parser.add_argument("--url", dest="database_url", help="the whole database URL instead (PostgreSQL)")
    parser.add_argument("--email", default="ciso@org-001.nl")
    parser.add_argument("--api", action="store_true", help="ask with a read token of the CISO (API lists)")
    parser.add_argument("--top", type=int, default=5, help="statements to print with their plans")
    args = parser.parse_args(argv)

    from app import create_app

    url = args.database_url or make_url(POSTGRES).set(database=args.database).render_as_string(
        hide_password=False
    )
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="naleving-explain-"),
            "SECRET_KEY": uuid.uuid4().hex,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "SCHEDULER_ENABLED": False,
            "GC_FREEZE": False,  # a one-shot run: freezing would hold the caller's garbage (a test's) for good
        }
    )
    engine = app.extensions["naleving.engine"]
    try:
        return _explain(app, engine, args)
    finally:
        engine.dispose()  # the app's pool is this run's own: close its connections


def _explain(app, engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    from sqlmodel import Session, select

    from benchmarks.api import read_token
    from core.models import Organisation

    client = app.test_client()
    headers = {}
    if args.api:
        slug = args.email.split("@", 1)[1].removesuffix(".nl")
        with app.app_context(), Session(engine) as session:
            organisation = session.exec(select(Organisation).where(Organisation.slug == slug)).one()
            headers["Authorization"] = f"Bearer {read_token(session, organisation)}"
            session.commit()
    else:
        response = client.post("/login", data={"email": args.email, "password": "benchmark-password-1"})
        if response.status_code != 302:
            print(f"login of {args.email} failed: HTTP {response.status_code}", file=sys.stderr)
            return 1
    client.get(args.url, headers=headers)  # warm: the catalogue and templates are read once per process

    caught: list[tuple[str, object]] = []

    def catch(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            caught.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    response = client.get(args.url, headers=headers)
    event.remove(engine, "before_cursor_execute", catch)
    print(f"{args.url}: HTTP {response.status_code}, {len(caught)} SELECT statements")

    timings = []
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in caught:
            with raw.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + statement, parameters)
                plan = [row[0] for row in cursor.fetchall()]
            took = next((line for line in reversed(plan) if line.startswith("Execution Time")), "")
            milliseconds = float(took.split(":")[1].split()[0]) if took else 0.0
            timings.append((milliseconds, statement, plan))
        connection.execute(text("ROLLBACK"))
    timings.sort(key=lambda item: -item[0])
    print(f"total execution time: {sum(t[0] for t in timings):.1f} ms")
    for milliseconds, statement, plan in timings[: args.top]:
        print(f"\n--- {milliseconds:.1f} ms ---")
        print(" ".join(statement.split())[:600])
        for line in plan[:14]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load test: the app under gunicorn (4 workers) on PostgreSQL, N simulated users logging in and browsing for
a fixed time from this machine's loopback. Prints p50/p95 latency, throughput and the error count (target: 0).
With --writers W, W of the users also save answers, edit risks and make reports through the API, and every
acknowledged write is looked up in the database afterwards (benchmarks/load_writes.py).

    make load                      # 50 users, 60 s: browsing only, then with 10 writers
    .venv/bin/python -m benchmarks.load --users 10 --seconds 15 --writers 3

It makes its own PostgreSQL database (dropped afterwards), runs `naleving init` and `naleving demo` in it, and
stops gunicorn when done. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.load_writes import Writer, Writes, missing_writes, report_count, targets, write_tokens

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASE_URL = os.environ.get("NALEVING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "load-test-password-1"
# What the users browse, by role: the pages management, auditors and the CISO open most.
PAGES = {
    "ciso@voorbeeld.nl": [
        "/o/voorbeeld/",
        "/o/voorbeeld/vvt",
        "/o/voorbeeld/risicos/",
        "/o/voorbeeld/catalogus/",
    ],
    "auditor@voorbeeld.nl": ["/o/voorbeeld/vvt", "/o/voorbeeld/risicos/", "/o/voorbeeld/rapporten/"],
    "management@voorbeeld.nl": ["/o/voorbeeld/", "/o/voorbeeld/risicos/heatmap"],
}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def simulated_user(
    base: str, email: str, deadline: float, results: Results, seed: int, write: tuple | None = None
) -> None:
    """Log in and browse; with `write` (token, code, risk id, Writes) also write through the API."""
    rng = random.Random(seed)
    session = requests.Session()

    def timed(method: str, url: str, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = session.request(method, base + url, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            results.record(time.perf_counter() - start, f"{url}: {error}")
            return None
        conflict = method == "PUT" and response.status_code == 412  # another revision came first: retried
        bad = (response.status_code >= 400 and not conflict) or (
            method == "GET" and response.status_code not in (200, 302)
        )
        results.record(time.perf_counter() - start, f"{url}: HTTP {response.status_code}" if bad else None)
        return response

    page = timed("GET", "/login")
    if page is None or not (token := CSRF.search(page.text)):
        return
    login = timed("POST", "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    if login is None or login.status_code != 302:
        results.record(0.0, f"login of {email} failed")
        return
    writer = Writer(base, *write, timed) if write is not None else None
    while time.monotonic() < deadline:
        if writer is not None and rng.random() < 0.5:
            writer.step(f"{seed}")
        else:
            timed("GET", rng.choice(PAGES[email]))
        time.sleep(rng.uniform(0.2, 1.0))  # a person reads a little between clicks


def create_database() -> str:
    name = f"naleving_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--writers", type=int, default=0, help="users who also write (answers, risks, reports)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    url = create_database()
    instance = ROOT / "benchmarks" / "results" / "load-instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        NALEVING_DATABASE_URL=url,
        NALEVING_INSTANCE_PATH=str(instance),
        NALEVING_DEMO_PASSWORD=PASSWORD,
        NALEVING_SESSION_COOKIE_SECURE="0",
        NALEVING_SCHEDULER_ENABLED="0",
        NALEVING_LOGIN_MAX_FAILURES="1000",
        NALEVING_API_RATE_LIMIT="100000 per minute",  # the writers' tokens are not what is measured
    )
    writes, reports_before, missing = Writes(), 0, []
    port = free_port()
    server = None
    try:
        for command in (["init"], ["demo"]):
            subprocess.run([str(BIN / "naleving"), *command], env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "app:create_app()",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        results = Results()
        plans: list[tuple | None] = [None] * args.users
        if args.writers:
            tokens = write_tokens(BIN / "naleving", env, args.writers)
            codes, risks = targets(base, tokens[0])
            for i in range(args.writers):
                plans[i] = (tokens[i], codes[i % len(codes)], risks[i % len(risks)], writes)
            reports_before = report_count(url)
        emails = list(PAGES)
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=simulated_user, args=(base, emails[i % len(emails)], deadline, results, i, plans[i])
            )
            for i in range(args.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        if args.writers:
            missing = missing_writes(url, writes, reports_before)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        drop_database(url)

    latencies = sorted(results.latencies)
    figures = {
        "users": args.users,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
        "errors": len(results.errors),
        "writers": args.writers,
        "acknowledged_writes": len(writes.answers) + len(writes.risks) + writes.reports,
        "answer_saves": len(writes.answers),
        "risk_edits": len(writes.risks),
        "reports": writes.reports,
        "conflicts_retried": writes.conflicts,
        "writes_missing": len(missing),
    }
    print(
        f"{'users':>6} {'seconds':>8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}"
    )
    print(
        f"{figures['users']:>6} {figures['seconds']:>8} {figures['requests']:>9} {figures['throughput_rps']:>7} "
        f"{figures['p50_ms']:>8} {figures['p95_ms']:>8} {figures['errors']:>7}"
    )
    for error in sorted(set(results.errors))[:10]:
        print("  error:", error)
    if args.writers:
        print(
            f"writes acknowledged: {figures['acknowledged_writes']} ({figures['answer_saves']} answer saves, "
            f"{figures['risk_edits']} risk edits, {figures['reports']} reports; {writes.conflicts} 412s retried); "
            f"missing from the database: {len(missing)}"
        )
        for line in missing[:10]:
            print("  missing:", line)
    print(json.dumps(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if not results.errors and not missing else 1


if __name__ == "__main__":
    sys.exit(main())

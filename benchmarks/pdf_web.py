"""Benchmark: the SoA PDF made in the web, as a user makes it, against a real gunicorn on PostgreSQL.

    .venv/bin/python -m benchmarks.pdf_web                        # 10 minutes idle at the end (issue 21)
    .venv/bin/python -m benchmarks.pdf_web --idle-seconds 30 --reports 8

A fresh database of its own (`naleving init`, then the organisation: by default one of `make benchmark`'s, every
requirement of the catalogue answered (benchmarks/data.py, org-001: the SoA's 269 requirements, about 38 pages);
with `--organisation demo` the demo's Gemeente Voorbeeld (`naleving demo`, some 80 of them answered), one
gunicorn worker started with the project's gunicorn.conf.py (which warms the PDF rendering when the worker
starts, then has each PDF laid out in a child process that exits with it: reports/pdf_child.py), then the CISO
makes the SoA PDF on the reports page N times: each POST lays out the tagged PDF/A-3a with its Excel
attachment, signs it (PAdES), archives it and answers with a redirect. Printed: the first report
after start-up against the later ones (median, p95), and the resident memory (RSS) of the worker with every
process below it, after the reports and after the idle wait (printed with the figures; after the wait also the
worker's PSS and USS, which count the libraries it shares with the master once). Targets: SoA PDF
median < 1.5 s (issue 21; < 2 s issue 19), worker RSS after 10 minutes idle < 200 MB. Figures are printed, never
asserted; the machine is shared, so say how loaded it was beside them.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import time
from pathlib import Path

import requests

from benchmarks.load import BIN, CSRF, ROOT, create_database, drop_database, free_port

PASSWORD = "benchmark-password-1"
EMAIL = "ciso@voorbeeld.nl"
MEDIAN_TARGET, IDLE_RSS_TARGET_MB = 1.5, 200
PAGES = ("/", "/vvt", "/risicos/", "/rapporten/")  # under /o/SLUG
ORGANISATIONS = {"full": ("org-001", "ciso@org-001.nl"), "demo": ("voorbeeld", EMAIL)}


def fully_answered_organisation(env: dict[str, str]) -> None:
    """`make benchmark`'s first organisation (org-001, its CISO ciso@org-001.nl) in the database of `env`: every
    active requirement answered in two revisions, with risks."""
    os.environ.update(env)
    from sqlmodel import Session

    from app import create_app
    from benchmarks.api import generate_risks
    from benchmarks.data import generate

    app = create_app()
    engine = app.extensions["naleving.engine"]
    with app.app_context(), Session(engine) as session:
        created = generate(session, organisations=1, revisions=2)
        generate_risks(session, created, 2)
        session.commit()
    engine.dispose()


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def shared_and_own_mb(pid: int) -> tuple[float, float]:
    """The worker's own share of its pages (PSS: a page shared with n processes counts 1/n) and what only it
    holds (USS: private clean + dirty), in MB; RSS counts every shared page (the libraries) in full."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Pss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def worker_of(master: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                    return int(entry.name)
            except (OSError, IndexError, ValueError):
                continue
    raise RuntimeError("gunicorn has no worker")


def make_report(session: requests.Session, base: str) -> float:
    form = session.get(base + "/rapporten/nieuw", timeout=60)
    token = CSRF.search(form.text)
    if token is None:
        raise RuntimeError("no form on the reports page")
    data = {"kind": "soa", "format": "pdf", "as_of": "", "moment": "0", "csrf_token": token.group(1)}
    start = time.perf_counter()
    response = session.post(base + "/rapporten/nieuw", data=data, timeout=120, allow_redirects=False)
    seconds = time.perf_counter() - start
    if response.status_code != 302:
        raise RuntimeError(f"report not made: HTTP {response.status_code}")
    return seconds


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=8, help="SoA PDFs to make after the first (default 8)")
    parser.add_argument("--idle-seconds", type=int, default=600, help="idle wait before the last RSS (600)")
    parser.add_argument(
        "--without-warm-up",
        action="store_true",
        help="start gunicorn without gunicorn.conf.py (no warm-up, PDFs laid out in the worker), to compare",
    )
    parser.add_argument(
        "--organisation",
        choices=sorted(ORGANISATIONS),
        default="full",
        help="full: every requirement answered (default); demo: the demo's Gemeente Voorbeeld",
    )
    args = parser.parse_args()
    slug, email = ORGANISATIONS[args.organisation]

    url = create_database()
    instance = ROOT / "benchmarks" / "results" / "pdf-web-instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        NALEVING_DATABASE_URL=url,
        NALEVING_INSTANCE_PATH=str(instance),
        NALEVING_DEMO_PASSWORD=PASSWORD,
        NALEVING_SESSION_COOKIE_SECURE="0",
        NALEVING_SCHEDULER_ENABLED="0",
    )
    server = None
    try:
        subprocess.run([str(BIN / "naleving"), "init"], env=env, check=True, capture_output=True)
        if args.organisation == "demo":
            subprocess.run([str(BIN / "naleving"), "demo"], env=env, check=True, capture_output=True)
        else:
            fully_answered_organisation(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        config = os.devnull if args.without_warm_up else str(ROOT / "gunicorn.conf.py")
        started = time.perf_counter()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                config,
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
                "app:create_app()",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for _ in range(600):
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        session = requests.Session()
        login = session.get(base + "/login", timeout=30)
        token = CSRF.search(login.text)
        assert token, "no login form"
        answer = session.post(
            base + "/login",
            data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
            allow_redirects=False,
            timeout=30,
        )
        assert answer.status_code == 302, "login failed"
        worker = worker_of(server.pid)
        organisation = f"{base}/o/{slug}"
        for page in PAGES:  # what a worker serves anyway, so that the figures below are the reports' own
            session.get(organisation + page, timeout=60)
        before = tree_rss_mb(worker)
        first = make_report(session, organisation)
        later = [make_report(session, organisation) for _ in range(args.reports)]
        after = tree_rss_mb(worker)
        warmed = "not warmed" if args.without_warm_up else "warmed in post_worker_init"
        print(f"gunicorn, 1 worker ({warmed}): answering after {ready:.1f} s")
        print(
            f"SoA PDF of {slug} in the web (tagged PDF/A-3a + UA-1, Excel attached, PAdES-signed, archived), "
            f"load average {os.getloadavg()[0]:.1f}:"
        )
        print(f"  first report after start-up  {first:.2f} s")
        print(
            f"  later {len(later)} reports          median {statistics.median(later):.2f} s, p95 {p95(later):.2f} s "
            f"(target median < {MEDIAN_TARGET} s)"
        )
        print(
            f"worker RSS incl. children: {before:.0f} MB after {len(PAGES)} pages before any report, "
            f"{after:.0f} MB after the reports"
        )
        print(f"idle wait: {args.idle_seconds} s ...", flush=True)
        time.sleep(args.idle_seconds)
        idle = tree_rss_mb(worker)
        pss, uss = shared_and_own_mb(worker)
        verdict = "OK" if idle < IDLE_RSS_TARGET_MB else "OVER"
        print(
            f"worker RSS incl. children after {args.idle_seconds} s idle: {idle:.0f} MB "
            f"(target < {IDLE_RSS_TARGET_MB} MB after 600 s: {verdict}); the worker alone: "
            f"PSS {pss:.0f} MB, USS {uss:.0f} MB"
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        drop_database(url)


if __name__ == "__main__":
    main()

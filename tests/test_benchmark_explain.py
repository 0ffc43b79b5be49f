"""`python -m benchmarks.explain` requests a page of a benchmark database and explains each of its statements:
on PostgreSQL (its EXPLAIN options are PostgreSQL's), on this pass's database with two benchmark
organisations."""

from __future__ import annotations

import gc
import re

import pytest
from sqlmodel import Session

from benchmarks.api import generate_risks
from benchmarks.data import generate
from benchmarks.explain import main
from controls.catalogue import load_catalogue_file
from tests.conftest import TEST_DB, engine_of

pytestmark = pytest.mark.skipif(TEST_DB != "postgresql", reason="EXPLAIN (ANALYZE, BUFFERS) is PostgreSQL's")


@pytest.fixture
def benchmark_data(app, database_url):
    with app.app_context(), Session(engine_of(app)) as session:
        load_catalogue_file(session=session)
        created = generate(session, organisations=2, revisions=2)
        generate_risks(session, created, 2)
        session.commit()
    return database_url


def test_explain_prints_each_statement_of_a_page_slowest_first(benchmark_data, capsys):
    frozen = gc.get_freeze_count()
    assert main(["/o/org-001/vvt", "--url", benchmark_data, "--top", "2"]) == 0
    # Its app froze this process's heap once (GC_FREEZE), which kept garbage (its connections, before they were
    # closed) until a later test collected it, as psycopg's ResourceWarning there (test_scale_queries).
    assert gc.get_freeze_count() == frozen

    out = capsys.readouterr().out
    header = re.search(r"/o/org-001/vvt: HTTP 200, (\d+) SELECT statements", out)
    assert header and int(header.group(1)) > 0
    assert re.search(r"total execution time: [\d.]+ ms", out)
    assert out.count("\n--- ") == 2  # --top 2
    assert "actual time=" in out and "FROM answer" in out


def test_explain_asks_the_api_with_a_token(benchmark_data, capsys):
    url = "/api/v1/organisations/org-001/risks?per_page=500&status=all"
    assert main(["--api", url, "--url", benchmark_data, "--top", "3"]) == 0

    out = capsys.readouterr().out
    assert f"{url}: HTTP 200" in out and "FROM risk" in out


def test_explain_says_when_the_login_fails(benchmark_data, capsys):
    assert main(["/o/org-001/vvt", "--url", benchmark_data, "--email", "nobody@org-001.nl"]) == 1

    assert "login of nobody@org-001.nl failed" in capsys.readouterr().err

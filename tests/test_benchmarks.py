"""`python -m benchmarks` runs end to end on this pass's database and reports every measurement of issue 7. Its
figures are never asserted (speed lives in benchmarks/, not in tests); what it reports, and how, is."""

from __future__ import annotations

import json
import re

import pytest

import benchmarks.capacity
import benchmarks.soa_pdf
from benchmarks.__main__ import main
from tests.conftest import TEST_DB

MEASURED = [
    "SoA page p50",
    "SoA page p95",
    "SoA page CPU",
    "SoA page SQL queries",
    "dashboard p50",
    "dashboard p95",
    "dashboard CPU",
    "dashboard SQL queries",
    "catalogue page p50",
    "catalogue page p95",
    "catalogue page CPU",
    "catalogue page SQL queries",
    "API answers list p50",
    "API answers list p95",
    "API answers list CPU",
    "API answers list SQL queries",
    "API risks list p50",
    "API risks list p95",
    "API risks list CPU",
    "API risks list SQL queries",
    "SoA PDF, first build",
    "SoA PDF",
    "answers XLSX export",
    "answers XLSX import, 250 rows",
    "Monte Carlo 500 x 2,000",
]
TARGETS = {
    "SoA page p95": 100,
    "API answers list p95": 50,
    "API risks list p95": 50,
    "dashboard p95": 100,
    "SoA PDF": 2,
    "answers XLSX import, 250 rows": 1,
    "Monte Carlo 500 x 2,000": 0.5,
}


@pytest.mark.each_database  # it makes its own database on the pass's server (TEST_DB)
def test_benchmark_reports_every_measurement_of_every_round(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NALEVING_GC_FREEZE", "0")  # the benchmark's app lives in this test process
    monkeypatch.setattr(benchmarks.soa_pdf, "REPEATS", 1)
    monkeypatch.setattr(benchmarks.capacity, "SCENARIOS", 2_000)
    out = tmp_path / "figures.json"
    database = ["--sqlite"] if TEST_DB == "sqlite" else []

    status = main(
        ["--organisations", "2", "--revisions", "2", "--repeat", "2", "--rounds", "2", "--json", str(out)]
        + database
    )

    assert status == 0
    report = json.loads(out.read_text())
    assert report["database"] == TEST_DB
    summary = {item["name"]: item for item in report["summary"]}
    assert list(summary) == MEASURED
    for name, item in summary.items():
        rounds = 1 if name == "SoA PDF, first build" else 2  # the pool starts once
        assert len(item["values"]) == rounds, name
        assert all(value > 0 for value in item["values"]), name
        assert item["target"] == TARGETS.get(name)
        if name in TARGETS:
            assert item["met"] == sum(value < TARGETS[name] for value in item["values"])
        else:
            assert item["met"] is None
    for page in ("SoA page", "dashboard", "catalogue page", "API answers list", "API risks list"):
        first, second = summary[f"{page} SQL queries"]["values"]
        assert first == second, page  # the same page runs the same statements in every round
    assert re.match(
        r"median of 1; \d+ pages, [\d,]+ bytes; tagged, in two parts where there are two cores",
        summary["SoA PDF"]["detail"],
    )
    assert summary["answers XLSX import, 250 rows"]["detail"].endswith("revisions written")
    assert len(report["rounds"]) == 2

    printed = capsys.readouterr().out
    assert "2 rounds: the median, the range" in printed
    for name, item in summary.items():
        line = next(line for line in printed.splitlines() if line.startswith(name + " "))
        if name in TARGETS:
            assert f" {item['met']}/2 " in line, line
        else:
            assert "/2 " not in line, line


@pytest.mark.parametrize("argument", ["--rounds", "--organisations", "--repeat"])
def test_benchmark_refuses_a_count_below_one(argument, capsys):
    with pytest.raises(SystemExit) as exit:
        main([argument, "0", "--sqlite"])
    assert exit.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err

"""A web worker's warm-up (gunicorn.conf.py: reports.builders.warm_up) does what the first report would
otherwise pay for on top of its own work, so that the first report after start-up is as fast as the next."""

from __future__ import annotations

import importlib

from reports import builders, pdf, signing, xlsx


def test_the_warm_up_imports_every_builder_writes_a_workbook_and_signs_a_pdf(monkeypatch):
    imported: list[str] = []
    done: list[str] = []
    monkeypatch.setattr(
        builders, "import_module", lambda name: imported.append(name) or importlib.import_module(name)
    )
    write = xlsx.workbook_bytes
    monkeypatch.setattr(xlsx, "workbook_bytes", lambda workbook: done.append("workbook") or write(workbook))
    monkeypatch.setattr(pdf, "warm_up", lambda: done.append("pdf") or b"%PDF")
    monkeypatch.setattr(
        signing, "sign_pdf", lambda content, *, reason: done.append(f"signed {content!r}") or content
    )

    builders.warm_up()

    assert set(imported) == {f"reports.{builder.module}" for builder in builders.BUILDERS.values()}
    assert {"reports.soa", "reports.risks", "reports.ensia"} <= set(imported)
    assert done == ["workbook", "pdf", "signed b'%PDF'"]

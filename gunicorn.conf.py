"""gunicorn's settings for Naleving, read from the folder gunicorn is started in (`gunicorn "app:create_app()"`).

Each worker, once it has loaded the app, does what its first report would otherwise pay for (Pango, the fonts,
the templates, the PDF/A writer, the signing key: reports.builders.warm_up), so the first report after start-up
is as fast as the next. From then on it lays out each PDF in a child process forked from it, warm as it is,
which exits with the PDF (reports/pdf_child.py): the layout's memory never stays in the worker, and no helper
process stays behind. After each request the worker gives the memory it freed back to the system
(`malloc_trim`, under a millisecond): an idle worker keeps only what it holds (docs/performance.md, "idle
workers").

The warm-up keeps WeasyPrint, Pango and the fonts (about 35 MB), pyHanko (about 15 MB) and openpyxl warm in the
worker: loading them in each PDF's child instead would cost every report some 0.6 s of processor time."""


def post_worker_init(worker):
    from reports import pdf_child
    from reports.builders import warm_up

    try:
        warm_up()
    except Exception:  # a worker that cannot make PDFs still serves every page; the report shows the error
        worker.log.exception("naleving: warming up the PDF rendering failed")
    pdf_child.isolate(True)


def post_request(worker, req, environ, resp):
    from reports.pdf_child import trim_memory

    trim_memory()

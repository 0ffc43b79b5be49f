"""Before the PostgreSQL pass: is the server reachable? Say how to fix it if not."""

import os
import sys

import psycopg

url = os.environ.get("NALEVING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
try:
    psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=5).close()
except psycopg.Error as error:
    print(f"naleving: PostgreSQL not reachable at {url}: {error}".strip(), file=sys.stderr)
    print(
        "naleving: start it, or set NALEVING_TEST_POSTGRES_URL; `make test-sqlite` runs the SQLite pass only",
        file=sys.stderr,
    )
    sys.exit(1)

"""`naleving backup` / `naleving restore`: every table and the instance files (evidence, report archive) in one zip.

The backup is a zip with `manifest.json` (format, schema revision, tables and row counts, file hashes),
`tables/<name>.jsonl` (one JSON object per row) and `files/...` (the instance folder's evidence and reports).
Restore replaces all data in one transaction: on any problem nothing changes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from app.db import import_models
from app.problems import register
from core import clock
from core.dbtypes import changes_allowed
from core.errors import RuleError

FORMAT = "naleving-backup/1"
INSTANCE_FOLDERS = ("evidence", "reports")


# Why a backup file cannot be restored (a RuleError with one of these codes; nothing was changed).
MESSAGES = {
    "backup.unreadable": _l("kan back-up niet lezen: %(reason)s"),
    "backup.no_manifest": _l("geen Naleving-back-up (manifest.json ontbreekt of is onleesbaar: %(reason)s)"),
    "backup.unknown_format": _l("onbekend back-upformaat '%(format)s'"),
    "backup.unknown_tables": _l("back-up bevat onbekende tabellen: %(tables)s"),
    "backup.invalid_path": _l("ongeldig bestandspad in back-up: %(name)s"),
    "backup.damaged_file": _l("bestand beschadigd in back-up: %(name)s"),
    "backup.other_schema": _l(
        "back-up hoort bij schema %(schema)s; voer eerst 'naleving init' uit met dezelfde versie"
    ),
    "backup.row_count": _l("tabel %(table)s: aantal rijen klopt niet met het manifest"),
}
register(MESSAGES)


def _refused(code: str, **params: object) -> RuleError:
    return RuleError.one(code, str(MESSAGES[code]) % params, **params)


def _tables() -> list[Table]:
    import_models()
    return list(SQLModel.metadata.sorted_tables)


def _encode(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _decoder(table: Table):
    by_type = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        Decimal: Decimal,
        bytes: base64.b64decode,
    }
    converters = {}
    for column in table.columns:
        kind = getattr(
            column.type, "impl", column.type
        )  # TypeDecorators (UTCDateTime) report their impl's type
        try:
            python_type = kind.python_type
        except NotImplementedError:
            continue
        if python_type in by_type:
            converters[column.name] = by_type[python_type]

    def decode(row: dict) -> dict:
        return {k: (converters[k](v) if v is not None and k in converters else v) for k, v in row.items()}

    return decode


def _schema_revisions(connection: Connection) -> list[str]:
    try:
        return sorted(r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version")))
    except Exception:  # noqa: BLE001 - a database made by create_all (tests) has no version table
        connection.rollback()
        return []


def write_backup(engine: Engine, instance: Path, out: Path) -> dict:
    """Write the backup atomically (temporary file, then rename); returns the manifest."""
    manifest: dict = {"format": FORMAT, "created_at": clock.now().isoformat(), "tables": {}, "files": {}}
    tmp = out.with_name(out.name + ".part")
    with (
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        engine.connect() as connection,
    ):
        manifest["schema"] = _schema_revisions(connection)
        for table in _tables():
            lines = []
            order = [c for c in table.primary_key.columns] or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)).mappings():
                lines.append(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False))
            archive.writestr(f"tables/{table.name}.jsonl", "\n".join(lines))
            manifest["tables"][table.name] = len(lines)
        for folder in INSTANCE_FOLDERS:
            root = instance / folder
            for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
                name = path.relative_to(instance).as_posix()
                data = path.read_bytes()
                archive.writestr(f"files/{name}", data)
                manifest["files"][name] = hashlib.sha256(data).hexdigest()
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    os.replace(tmp, out)
    return manifest


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, json.JSONDecodeError) as error:
        raise _refused("backup.no_manifest", reason=str(error)) from None
    if manifest.get("format") != FORMAT:
        raise _refused("backup.unknown_format", format=str(manifest.get("format")))
    return manifest


def restore_backup(engine: Engine, instance: Path, source: Path) -> dict:
    """Replace every row and the instance files with the backup's; all or nothing."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise _refused("backup.unreadable", reason=str(error)) from None
    with archive:
        manifest = _read_manifest(archive)
        tables = _tables()
        known = {t.name for t in tables}
        unknown = set(manifest["tables"]) - known
        if unknown:
            raise _refused("backup.unknown_tables", tables=", ".join(sorted(unknown)))
        files = {}
        for name, digest in manifest["files"].items():
            if (
                name.startswith("/")
                or ".." in Path(name).parts
                or Path(name).parts[0] not in INSTANCE_FOLDERS
            ):
                raise _refused("backup.invalid_path", name=name)
            data = archive.read(f"files/{name}")
            if hashlib.sha256(data).hexdigest() != digest:
                raise _refused("backup.damaged_file", name=name)
            files[name] = data
        with engine.begin() as connection:
            if manifest.get("schema") and manifest["schema"] != _schema_revisions(connection):
                raise _refused("backup.other_schema", schema=str(manifest["schema"]))
            with changes_allowed(connection, tables):  # append-only tables are replaced too
                _replace_rows(connection, archive, manifest, tables)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
    for folder in INSTANCE_FOLDERS:
        root = instance / folder
        if root.exists():
            for path in sorted(root.rglob("*"), reverse=True):
                if path.is_file():
                    path.chmod(0o600)
                    path.unlink()
    for name, data in files.items():
        path = instance / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name.startswith("reports/"):
            path.chmod(0o444)  # archived reports stay read-only, as the archive wrote them
    return manifest


def _replace_rows(
    connection: Connection, archive: zipfile.ZipFile, manifest: dict, tables: list[Table]
) -> None:
    for table in reversed(tables):
        connection.execute(delete(table))
    for table in tables:
        raw = archive.read(f"tables/{table.name}.jsonl").decode() if table.name in manifest["tables"] else ""
        rows = [json.loads(line) for line in raw.splitlines() if line]
        if len(rows) != manifest["tables"].get(table.name, 0):
            raise _refused("backup.row_count", table=table.name)
        decode = _decoder(table)
        for start in range(0, len(rows), 500):
            connection.execute(insert(table), [decode(r) for r in rows[start : start + 500]])


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """Continue PostgreSQL identities after the restored rows. Names come from our own metadata, not from input."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                name, key = table.name, column.name
                statement = f'SELECT setval(pg_get_serial_sequence(\'"{name}"\', \'{key}\'), COALESCE((SELECT MAX("{key}") FROM "{name}"), 0) + 1, false)'  # noqa: S608  # nosec B608
                connection.execute(text(statement))

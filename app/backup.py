"""`naleving backup` / `naleving restore`: every table and the instance files (evidence, report archive) in one zip.

The backup is a zip with `manifest.json` (format, schema revision, tables and row counts, file hashes),
`tables/<name>.jsonl` (one JSON object per row) and `files/...` (the instance folder's evidence and reports),
read from one snapshot of the database while others keep writing. Restore replaces all data and files, all or
nothing: on any problem (a broken file, a full disk) the database and the files stay as they were. The database's
identity (core.database_identity) is not in the backup: a restore makes it anew.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from app.db import import_models
from app.problems import register
from core import clock
from core.database_identity import DatabaseIdentity, renew_database_identity
from core.dbtypes import changes_allowed, table_of
from core.errors import RuleError

FORMAT = "naleving-backup/1"
INSTANCE_FOLDERS = ("evidence", "reports")
IDENTITY_TABLE = table_of(DatabaseIdentity).name


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
    "backup.missing_table": _l("tabel %(table)s ontbreekt in de back-up"),
    "backup.bad_row": _l("tabel %(table)s, regel %(line)s: onleesbare rij (%(reason)s)"),
    "backup.rows_refused": _l("tabel %(table)s: de database weigert de rijen (%(reason)s)"),
    "backup.write_failed": _l("kan de bestanden niet terugzetten: %(reason)s"),
}
register(MESSAGES)


def _refused(code: str, **params: object) -> RuleError:
    return RuleError.one(code, str(MESSAGES[code]) % params, **params)


def _tables() -> list[Table]:
    """Every table but the database's identity: a restore makes it anew (core.database_identity)."""
    import_models()
    return [table for table in SQLModel.metadata.sorted_tables if table.name != IDENTITY_TABLE]


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
    if not inspect(connection).has_table("alembic_version"):  # a database made by create_all (tests)
        return []
    return sorted(r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version")))


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One connection that sees the whole database as of one moment while others keep writing.

    PostgreSQL: one SERIALIZABLE READ ONLY DEFERRABLE transaction (waits, if need be, for a snapshot no
    concurrent transaction can make inconsistent). SQLite: one read transaction; pysqlite starts none for a
    SELECT, so it is begun explicitly (in WAL mode a reader sees the database as of its first read)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="SERIALIZABLE", postgresql_readonly=True, postgresql_deferrable=True
            )
        else:
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def write_backup(engine: Engine, instance: Path, out: Path) -> dict:
    """Write the backup from one snapshot, atomically (temporary file, then rename; the temporary file is
    removed on any failure); returns the manifest."""
    manifest: dict = {"format": FORMAT, "created_at": clock.now().isoformat(), "tables": {}, "files": {}}
    tmp = out.with_name(out.name + ".part")
    try:
        with (
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            _snapshot(engine) as connection,
        ):
            manifest["schema"] = _schema_revisions(connection)
            for table in _tables():
                lines = []
                order = [c for c in table.primary_key.columns] or list(table.columns)
                for row in connection.execute(select(table).order_by(*order)).mappings():
                    lines.append(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False))
                archive.writestr(f"tables/{table.name}.jsonl", "\n".join(lines))
                manifest["tables"][table.name] = len(lines)
            # After the snapshot: a file is written before its row commits, so every file a row names is there.
            for folder in INSTANCE_FOLDERS:
                root = instance / folder
                for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
                    if path.name.startswith("."):  # the archive's temporary files
                        continue
                    name = path.relative_to(instance).as_posix()
                    data = path.read_bytes()
                    archive.writestr(f"files/{name}", data)
                    manifest["files"][name] = hashlib.sha256(data).hexdigest()
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise _refused("backup.no_manifest", reason=str(error)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(
            "backup.unknown_format", format=str(manifest.get("format") if isinstance(manifest, dict) else "")
        )
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("files"), dict):
        raise _refused("backup.no_manifest", reason="tables/files")
    return manifest


def restore_backup(engine: Engine, instance: Path, source: Path) -> dict:
    """Replace every row and the instance files with the backup's; all or nothing.

    Everything is read and checked first; the files are written beside the present ones; then, in one
    transaction, the rows are replaced and the folders swapped just before the commit (swapped back if the
    commit fails). On any failure the database and the files are as they were."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise _refused("backup.unreadable", reason=str(error)) from None
    with archive:
        manifest = _read_manifest(archive)
        tables = _tables()
        files = _read_files(archive, manifest)
        rows = _read_rows(archive, manifest, tables)
    staging = instance / f".restore-{uuid.uuid4().hex}"
    try:
        _write_files(staging, files)
        _replace_database(engine, tables, rows, manifest, swap=lambda: _swap_folders(instance, staging))
    finally:
        _remove(staging)  # the staged files on failure, the previous ones after success
    return manifest


def _read_rows(archive: zipfile.ZipFile, manifest: dict, tables: list[Table]) -> dict[str, list[dict]]:
    known = {t.name for t in tables}
    unknown = set(manifest["tables"]) - known
    if unknown:
        raise _refused("backup.unknown_tables", tables=", ".join(sorted(unknown)))
    rows: dict[str, list[dict]] = {}
    for table in tables:
        if table.name not in manifest["tables"]:
            raise _refused("backup.missing_table", table=table.name)
        try:
            raw = archive.read(f"tables/{table.name}.jsonl").decode()
        except KeyError:
            raise _refused("backup.missing_table", table=table.name) from None
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
            raise _refused("backup.unreadable", reason=str(error)) from None
        decode = _decoder(table)
        parsed = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line:
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or not set(row) <= set(table.columns.keys()):
                    raise ValueError("not a row of this table")
                parsed.append(decode(row))
            except (ValueError, TypeError, binascii.Error) as error:
                raise _refused(
                    "backup.bad_row", table=table.name, line=number, reason=str(error)[:100]
                ) from None
        if len(parsed) != manifest["tables"][table.name]:
            raise _refused("backup.row_count", table=table.name)
        rows[table.name] = parsed
    return rows


def _read_files(archive: zipfile.ZipFile, manifest: dict) -> dict[str, bytes]:
    files = {}
    for name, digest in manifest["files"].items():
        if (
            not isinstance(name, str)
            or name.startswith("/")
            or ".." in Path(name).parts
            or Path(name).parts[0] not in INSTANCE_FOLDERS
        ):
            raise _refused("backup.invalid_path", name=str(name))
        try:
            data = archive.read(f"files/{name}")
        except KeyError:
            raise _refused("backup.damaged_file", name=name) from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise _refused("backup.damaged_file", name=name)
        files[name] = data
    return files


def _write_files(staging: Path, files: dict[str, bytes]) -> None:
    """The backup's files under `staging`, in the instance's folder layout; a write error is a refusal."""
    try:
        for folder in INSTANCE_FOLDERS:
            (staging / "new" / folder).mkdir(parents=True)
        for name, data in files.items():
            path = staging / "new" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if name.startswith("reports/"):
                path.chmod(0o444)  # archived reports stay read-only, as the archive wrote them
    except OSError as error:
        raise _refused("backup.write_failed", reason=error.strerror or str(error)) from None


def _swap_folders(instance: Path, staging: Path) -> Callable[[], None]:
    """Put the staged folders in place, the present ones aside under `staging/old`; returns the undo."""
    (staging / "old").mkdir()
    done: list[tuple[Path, Path]] = []

    def undo() -> None:
        for source, target in reversed(done):
            os.replace(target, source)

    try:
        for folder in INSTANCE_FOLDERS:
            if (instance / folder).exists():
                os.replace(instance / folder, staging / "old" / folder)
                done.append((instance / folder, staging / "old" / folder))
            os.replace(staging / "new" / folder, instance / folder)
            done.append((staging / "new" / folder, instance / folder))
    except OSError as error:
        undo()
        raise _refused("backup.write_failed", reason=error.strerror or str(error)) from None
    return undo


def _replace_database(
    engine: Engine, tables: list[Table], rows: dict[str, list[dict]], manifest: dict, swap: Callable
) -> None:
    with engine.connect() as connection:
        transaction = connection.begin()
        undo = None
        try:
            if connection.dialect.name == "sqlite":
                # pysqlite begins no transaction before DDL: without this, lifting the append-only triggers
                # would be committed at once and a refused restore would leave them off.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            if manifest.get("schema") and manifest["schema"] != _schema_revisions(connection):
                raise _refused("backup.other_schema", schema=str(manifest["schema"]))
            with changes_allowed(connection, tables):  # append-only tables are replaced too
                _replace_rows(connection, rows, tables)
            renew_database_identity(connection)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
            undo = swap()
            transaction.commit()
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            if undo is not None:
                undo()
            raise


def _replace_rows(connection: Connection, rows: dict[str, list[dict]], tables: list[Table]) -> None:
    for table in reversed(tables):
        connection.execute(delete(table))
    for table in tables:
        batch = rows[table.name]
        try:
            for start in range(0, len(batch), 500):
                connection.execute(insert(table), batch[start : start + 500])
        except DBAPIError as error:
            reason = str(getattr(error, "orig", error)).splitlines()[0][:200]
            raise _refused("backup.rows_refused", table=table.name, reason=reason) from None


def _remove(folder: Path) -> None:
    """Remove a folder with read-only files and folders in it."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        if path.is_dir():
            path.chmod(0o700)
    shutil.rmtree(folder)


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

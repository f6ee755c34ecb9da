"""Backing up and restoring the whole database: SQLite through its online backup API,
PostgreSQL through pg_dump / pg_restore (custom format), both safe while the app runs.

A restore refuses a database that already holds reviews or accounts unless forced; the caller
rebuilds the search index afterwards (it lives outside the database).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect, make_url, select, text

from .extensions import db
from .models import Review, User

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupFailed(Exception):
    """What went wrong, in words for the command line."""


def _kind() -> str:
    backend = db.engine.url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupFailed(f"Backups are made for SQLite and PostgreSQL, not {backend}.")
    return backend


def backup(out: Path) -> str:
    """Write a consistent copy of the database to `out`; returns what kind of file it is."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        if _kind() == "sqlite":
            _sqlite_backup(partial)
            kind = "SQLite database file"
        else:
            _pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file",
                 str(partial)])  # fmt: skip
            kind = "pg_dump custom format"
        os.replace(partial, out)
        out.chmod(0o600)  # it holds every review: readable by its owner only
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore(file: Path, *, force: bool = False) -> None:
    """Replace the database's content with the backup in `file`."""
    kind = _kind()
    header = file.read_bytes()[:16]
    wanted = SQLITE_HEADER if kind == "sqlite" else PG_HEADER
    if not header.startswith(wanted):
        other = "a SQLite file" if kind == "postgresql" else "a pg_dump file"
        raise BackupFailed(
            f"{file} is not a backup of a {kind} database (is it {other} or something else?)."
        )
    if not force and _holds_data():
        raise BackupFailed(
            "This database already holds data; restoring replaces all of it. "
            "Run again with --force if that is what you want (back it up first)."
        )
    db.session.remove()
    if kind == "sqlite":
        _sqlite_restore(file)
    else:
        _pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", str(file)])  # fmt: skip
    db.session.remove()
    db.engine.dispose()  # pooled connections may hold plans of the tables just replaced


def _holds_data() -> bool:
    """Whether the database holds reviews or accounts (shipped taxonomies alone do not count)."""
    tables = [t for t in (Review.__table__, User.__table__) if inspect(db.engine).has_table(t.name)]
    return any(db.session.scalar(select(text("1")).select_from(t).limit(1)) for t in tables)


def _sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise BackupFailed("An in-memory database cannot be backed up.")
    return path


def _sqlite_backup(target: Path) -> None:
    with db.engine.connect() as connection:
        source = connection.connection.driver_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()


def _sqlite_restore(file: Path) -> None:
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    destination = sqlite3.connect(_sqlite_path())
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def _pg(command: list[str]) -> None:
    """Run a PostgreSQL client program against this database (password in the environment)."""
    if shutil.which(command[0]) is None:
        raise BackupFailed(f"{command[0]} is not installed (Debian: postgresql-client).")
    url = make_url(db.engine.url).set(drivername="postgresql")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    target = url.set(password=None).render_as_string(hide_password=False)
    result = subprocess.run(
        [*command, "--dbname", target], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BackupFailed(f"{command[0]} failed: " + " ".join(lines[-3:]))

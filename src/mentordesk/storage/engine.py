"""Engines for SQLite (the school laptop) and any other SQLAlchemy URL (PostgreSQL)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from ..errors import DatabaseCorrupt, StorageError
from ..settings import default_db_path, ensure_private_dir

BUSY_TIMEOUT_MS = 5000


def resolve_url(target: str | os.PathLike[str] | None) -> URL:
    """`None` means the default file; a string with '://' is a SQLAlchemy URL; else a file path."""
    if target is None:
        return sqlite_url(default_db_path())
    text = os.fspath(target)
    if "://" in text:
        try:
            return make_url(text)
        except Exception as exc:
            raise StorageError(
                f"Не удалось разобрать адрес базы данных «{text}». "
                "Укажите путь к файлу или адрес вида postgresql+psycopg://пользователь@сервер/база."
            ) from exc
    return sqlite_url(Path(text))


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(Path(path).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def display_name(url: URL) -> str:
    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)


def _private(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if p.exists():  # others lose access; the owner's own bits (read-only) stay
                p.chmod(p.stat().st_mode & 0o700)
        except OSError:
            pass


def _json(value: Any) -> str:
    # Cyrillic tags stay readable in the file (and in any tool a curator may open it with).
    return json.dumps(value, ensure_ascii=False)


def create_app_engine(url: URL, *, read_only: bool = False) -> Engine:
    path = sqlite_path(url)
    if path is None:
        if url.get_backend_name() == "sqlite":
            return create_engine(url, json_serializer=_json)
        options: dict[str, Any] = {"pool_pre_ping": True, "json_serializer": _json}
        if read_only:
            options["execution_options"] = {"postgresql_readonly": True}
        return create_engine(url, **options)

    if not read_only:
        ensure_private_dir(path.parent)
    options = {}
    if read_only and not writable_folder(path):
        # A write-protected folder or disk (a CD, a read-only share): SQLite cannot make its
        # shared-memory file, so the file is read as immutable.
        uri = read_uri(path)
        options["creator"] = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False,
                                                     timeout=BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(
        url,
        json_serializer=_json,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **options,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        try:
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if read_only:
                cur.execute("PRAGMA query_only=ON")
        except sqlite3.DatabaseError as exc:
            raise DatabaseCorrupt(corrupt_message(path)) from exc
        finally:
            cur.close()
        if not read_only:
            _private(path)

    return engine


def corrupt_message(path: Path) -> str:
    return (
        f"Файл «{path.name}» повреждён или не является базой данных MentorDesk. "
        "Откройте другой файл или восстановите базу из резервной копии: в окне — "
        "«Файл → Восстановить из резервной копии», в командной строке — «mentordesk restore»."
    )


def writable_folder(path: Path) -> bool:
    """Whether SQLite can write next to the file (its -wal and -shm files)."""
    return os.access(path.parent, os.W_OK)


def read_uri(path: Path) -> str:
    """A read-only URI for the file; immutable when nothing can be written beside it."""
    return f"{path.as_uri()}?mode=ro" + ("" if writable_folder(path) else "&immutable=1")


def probe_sqlite(path: Path) -> tuple[bool, str | None]:
    """Look into an existing file without writing to it.

    Returns (has_tables, alembic_revision). Raises DatabaseCorrupt for a file that is not
    a SQLite database or is damaged, StorageError when it cannot be read at all.
    """
    try:
        conn = sqlite3.connect(read_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StorageError(
            f"Не удалось открыть файл «{path}»: {exc}. Проверьте, что файл доступен для чтения."
        ) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return bool(tables), revision
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(corrupt_message(path)) from exc
    finally:
        conn.close()

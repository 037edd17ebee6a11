"""SQLite settings, owner-only files, read-only sessions and disk errors."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from mentordesk.errors import ReadOnlyError
from mentordesk.services.database import open_database
from mentordesk.storage.engine import resolve_url


def test_sqlite_pragmas(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_database_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = open_database(path)
    try:
        for p in (path, Path(f"{path}-wal")):
            if p.exists():
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    finally:
        db.close()


def test_read_only_connection_refuses_writes_at_the_sqlite_level(db_path: Path) -> None:
    db = open_database(db_path, read_only=True)
    try:
        with db.engine.connect() as conn, pytest.raises(
            Exception, match="readonly|read-only|query_only|attempt to write"
        ):
            conn.execute(text("DELETE FROM persons"))
        with pytest.raises(ReadOnlyError), db.write():
            pass
    finally:
        db.close()


def test_targets_resolve(tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "a.sqlite")).get_backend_name() == "sqlite"
    url = resolve_url("postgresql+psycopg://u:p@127.0.0.1/db")
    assert url.get_backend_name() == "postgresql"
    default = resolve_url(None)
    assert default.database is not None and default.database.endswith("mentordesk.sqlite")


def test_first_start_creates_the_private_data_folder(home: Path) -> None:
    from mentordesk.services.database import open_database as open_db
    from mentordesk.settings import data_dir, default_db_path

    assert not data_dir().exists()
    db = open_db(None)
    try:
        assert db.path == default_db_path() and default_db_path().exists()
        if sys.platform != "win32":
            assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    finally:
        db.close()


def test_tags_are_stored_as_readable_cyrillic(db_path: Path) -> None:
    import sqlite3
    from datetime import date

    from mentordesk import model as m

    db = open_database(db_path)
    try:
        with db.write() as s:
            p = m.Person(last_name="Ёлкина", first_name="Анна", kind=m.PersonKind.PUPIL)
            prog = m.Programme(title="П", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31))
            s.add(m.MenteeProfile(person=p, programme=prog, entered_on=date(2026, 9, 2),
                                  interests=["робототехника", "шахматы"]))
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    (raw,) = conn.execute("SELECT interests FROM mentee_profiles").fetchone()
    conn.close()
    assert raw == '["робототехника", "шахматы"]'

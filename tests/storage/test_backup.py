"""Backups through the SQLite backup API: verified, rotated, made on start only after changes,
and before an upgrade."""

from __future__ import annotations

import sqlite3
import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from mentordesk import model as m
from mentordesk.services.database import open_database
from mentordesk.settings import SETTINGS
from mentordesk.storage import backup


def _add_person(db, last_name: str) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.add(m.Person(last_name=last_name, first_name="Анна", kind=m.PersonKind.PUPIL,
                       birth_date=date(2012, 1, 1)))


def _persons_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT last_name FROM persons ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_a_verified_standalone_copy(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        _add_person(db, "Ёлкина")
        copy = db.backup("manual")
    finally:
        db.close()
    assert copy is not None and copy.exists()
    backup.verify(copy)
    assert _persons_in(copy) == ["Ёлкина"]
    assert not Path(f"{copy}-wal").exists() and not list(copy.parent.glob("*.partial"))
    if sys.platform != "win32":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_startup_backup_only_when_data_changed(db_path: Path) -> None:
    db = open_database(db_path, startup_backup=True)
    first = db.backup_made
    db.close()
    assert first is not None  # never backed up before

    db = open_database(db_path, startup_backup=True)
    assert db.backup_made is None  # nothing changed since
    _add_person(db, "Петрова")
    db.close()

    db = open_database(db_path, startup_backup=True)
    try:
        assert db.backup_made is not None
        assert _persons_in(db.backup_made) == ["Петрова"]
    finally:
        db.close()


def test_backups_are_rotated(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        for i in range(SETTINGS.backups_kept + 3):
            _add_person(db, f"Иванов{i}")
            db.backup("manual")
    finally:
        db.close()
    kept = backup.list_backups(db_path)
    assert len(kept) == SETTINGS.backups_kept
    assert _persons_in(kept[-1])[-1] == f"Иванов{SETTINGS.backups_kept + 2}"


def test_restore_brings_back_the_old_data(db_path: Path) -> None:
    db = open_database(db_path)
    _add_person(db, "Сорока")
    copy = db.backup("manual")
    _add_person(db, "Белая")
    db.close()
    assert copy is not None
    backup.restore(copy, db_path)
    assert _persons_in(db_path) == ["Сорока"]


def test_a_damaged_backup_is_detected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(Exception) as err:
        backup.verify(bad)
    assert "Резервная копия" in str(err.value)

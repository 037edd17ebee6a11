"""Restoring a backup: the newest by default, and the current file is never destroyed."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mentordesk import model as m
from mentordesk.errors import DatabaseLocked, StorageError
from mentordesk.services.backups import list_backups, restore_backup
from mentordesk.services.database import open_database


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT last_name FROM persons ORDER BY id")]
    finally:
        conn.close()


def _add(db, name: str) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.add(m.Person(last_name=name, first_name="Анна", kind=m.PersonKind.PUPIL,
                       birth_date=date(2012, 1, 1)))


def test_restore_newest_and_keep_the_current_state(db_path: Path) -> None:
    db = open_database(db_path)
    _add(db, "Сорока")
    db.backup("manual")
    _add(db, "Белая")
    db.close()

    infos = list_backups(db_path)
    assert len(infos) == 1 and "вручную" in infos[0].label
    restore_backup(db_path)
    assert _names(db_path) == ["Сорока"]
    # What was there before the restore is itself a backup now.
    newest = list_backups(db_path)[0]
    assert newest.reason == "перед восстановлением"
    assert _names(newest.path) == ["Сорока", "Белая"]


def test_restore_over_a_damaged_file_moves_it_aside(db_path: Path) -> None:
    db = open_database(db_path)
    _add(db, "Черных")
    db.backup("manual")
    db.close()
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x42" * 9000)
    restore_backup(db_path)
    assert _names(db_path) == ["Черных"]
    assert list(db_path.parent.glob(f"{db_path.name}.damaged-*"))


def test_restore_refused_while_the_database_is_open(db_path: Path) -> None:
    db = open_database(db_path)
    db.backup("manual")
    try:
        with pytest.raises(DatabaseLocked):
            restore_backup(db_path)
    finally:
        db.close()


def test_no_backups(db_path: Path) -> None:
    with pytest.raises(StorageError, match="нет резервных копий"):
        restore_backup(db_path)


def test_restoring_the_oldest_kept_copy_does_not_rotate_it_away(db_path: Path) -> None:
    from mentordesk.settings import SETTINGS

    db = open_database(db_path)
    for i in range(SETTINGS.backups_kept):
        _add(db, f"Иванов{i}")
        db.backup("manual")
    db.close()
    oldest = list_backups(db_path)[-1]
    assert _names(oldest.path) == ["Иванов0"]
    restore_backup(db_path, oldest.path)
    assert _names(db_path) == ["Иванов0"]


def test_a_vanished_backup_is_reported_plainly(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="не найдена"):
        restore_backup(db_path, tmp_path / "gone.sqlite")

"""Migrations: from empty, from the first released schema (a fixture file), and the refusal
of a newer schema, which must leave the file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from mentordesk.errors import DatabaseCorrupt, SchemaTooNew, StorageError
from mentordesk.model import Base, MentoringForm, Person, Programme
from mentordesk.services.database import open_database
from mentordesk.storage import backup, migrate

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIRST_SCHEMA = FIXTURES / "schema_0001.sqlite"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_from_empty_builds_the_model_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite")
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert diff == [], "the migrations and the model disagree: write a migration"
        with db.read() as s:
            assert s.scalar(select(MentoringForm.id).limit(1)) is not None
    finally:
        db.close()


def test_first_released_schema_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIRST_SCHEMA, path)
    conn = sqlite3.connect(path)
    (old_rev,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert old_rev == "0001"

    db = open_database(path)
    try:
        with db.read() as s:
            names = sorted(p.full_name for p in s.scalars(select(Person)))
            programme = s.scalars(select(Programme)).one()
        assert "Ёлкина Анна Сергеевна" in names
        assert programme.title.startswith("Программа наставничества")
        with db.engine.connect() as c:
            assert migrate.current_revision(c) == migrate.head_revision()
        if old_rev != migrate.head_revision():
            # A real upgrade happened: it was preceded by a verified backup.
            assert db.backup_made is not None and db.migrated_from == old_rev
            backup.verify(db.backup_made)
    finally:
        db.close()


def _set_revision(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def test_newer_schema_is_refused_and_never_written(db_path: Path) -> None:
    _set_revision(db_path, "9999_from_the_future")
    before = _digest(db_path)
    siblings = set(db_path.parent.iterdir())
    with pytest.raises(SchemaTooNew) as err:
        open_database(db_path)
    assert "более новой версией" in err.value.message
    assert _digest(db_path) == before
    assert set(db_path.parent.iterdir()) == siblings  # no lock, no -wal, nothing
    with pytest.raises(SchemaTooNew):
        open_database(db_path, read_only=True)


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "чужая.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(StorageError, match="не MentorDesk"):
        open_database(path)
    assert _digest(path) == before


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_file_gets_a_clear_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(content)
    if not content:
        # An empty file is a new database to SQLite: it opens and is initialised.
        open_database(path).close()
        return
    with pytest.raises(DatabaseCorrupt) as err:
        open_database(path)
    assert "повреждён" in err.value.message
    assert path.read_bytes() == content


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="папка"):
        open_database(tmp_path)


def test_read_only_open_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="не найден"):
        open_database(tmp_path / "нет.sqlite", read_only=True)
    assert not (tmp_path / "нет.sqlite").exists()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_*.sqlite")), ids=lambda p: p.stem)
def test_every_released_schema_opens_at_head_with_its_data(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / "released.sqlite"
    shutil.copyfile(fixture, path)
    db = open_database(path)
    try:
        with db.read() as s:
            assert "Ёлкина Анна Сергеевна" in [p.full_name for p in s.scalars(select(Person))]
        with db.engine.connect() as c:
            assert migrate.current_revision(c) == migrate.head_revision()
    finally:
        db.close()


def test_the_fixture_of_the_head_schema_is_kept() -> None:
    """A released schema keeps its fixture: write it with `python -m tests.storage.make_fixture`."""
    assert (FIXTURES / f"schema_{migrate.head_revision()}.sqlite").exists()

"""A full disk: the write fails with a plain Russian message and nothing already saved is lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from mentordesk import model as m
from mentordesk.errors import StorageError
from mentordesk.services.database import DISK_FULL_MESSAGE, open_database


def test_disk_full_is_reported_and_the_unit_of_work_rolls_back(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.write() as s:
            s.add(m.Person(last_name="Сорока", first_name="Анна", kind=m.PersonKind.PUPIL))
        with db.engine.connect() as conn:
            pages = conn.execute(text("PRAGMA page_count")).scalar()
        db.engine.dispose()

        # SQLite reports SQLITE_FULL when the file may not grow: the same error as a full disk.
        @event.listens_for(db.engine, "connect")
        def _cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.execute(f"PRAGMA max_page_count = {int(pages) + 2}")

        with pytest.raises(StorageError) as err, db.write() as s:
            for i in range(3000):
                s.add(m.Person(last_name=f"Белая{i}", first_name="Мария" * 20,
                               kind=m.PersonKind.PUPIL, notes="x" * 500,
                               birth_date=date(2012, 1, 1)))
            s.flush()
        assert err.value.message == DISK_FULL_MESSAGE
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(m.Person)) == 1
    finally:
        db.close()


def test_a_broken_rule_becomes_a_conflict_error(db_path: Path) -> None:
    from mentordesk.errors import ConflictError

    db = open_database(db_path)
    try:
        with pytest.raises(ConflictError) as err, db.write() as s:
            s.add(m.Consent(person_id=424242, signer=m.ConsentSigner.SELF,
                            signed_on=date(2026, 9, 1)))
        assert "не сохранено" in err.value.message and err.value.details
    finally:
        db.close()

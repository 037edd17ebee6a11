"""The same app on a PostgreSQL server: migrations, services, search and checks unchanged."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from mentordesk import model as m
from mentordesk.model.text import like_pattern
from mentordesk.services import programme as P
from mentordesk.services.check import check_database
from mentordesk.services.database import open_database
from mentordesk.services.reference import list_forms
from mentordesk.services.stats import stats


def test_postgres_end_to_end(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        assert not db.is_sqlite and db.lock is None
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []
        assert len(list_forms(db)) >= 10
        pid = P.create_programme(db, title="Муниципальная программа наставничества",
                                 starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
                                 organisation_name="ИМЦ района")
        with db.write() as s:
            s.add(m.Person(last_name="Ёлкина", first_name="Алёна", kind=m.PersonKind.PUPIL,
                           group_name="ТМ-21"))
        with db.read() as s:
            found = s.scalars(select(m.Person.last_name).where(
                m.Person.search_key.like(like_pattern("ЕЛКИНА АЛЕНА"), escape="\\"))).all()
            audit = s.scalars(select(m.AuditEntry.entity)).all()
        assert found == ["Ёлкина"] and "persons" in audit
        assert stats(db).programmes == 1
        assert P.stage_progress(db, pid)[0].tasks_total > 0
        assert db.backup() is None  # server backups are the server's job
    finally:
        db.close()
    report = check_database(pg_url)
    assert report.ok, report.problems
    reopened = open_database(pg_url, read_only=True)
    try:
        assert stats(reopened).persons == 1
    finally:
        reopened.close()


def test_postgres_school_demo_at_stage_6(pg_url: str) -> None:
    from mentordesk.services.demo import build_demo

    db = open_database(pg_url)
    try:
        summary = build_demo(db, "school", 6, today=date(2027, 2, 15))
        result = stats(db)
        assert result.current_stage == 6 and result.pairs == summary.pairs > 0
        assert result.mentees == 60 and result.mentors == 25
        with db.write() as s:  # ids after the demo's own do not collide
            s.add(m.Person(last_name="Новикова", first_name="Ольга", kind=m.PersonKind.TEACHER))
    finally:
        db.close()
    report = check_database(pg_url)
    assert report.ok, report.problems

"""Creating a programme with its roadmap; stage progress; the checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentordesk.errors import ValidationError
from mentordesk.model.stages import ROADMAP_TEMPLATE, STAGES
from mentordesk.services import programme as P
from mentordesk.services.check import check_database
from mentordesk.services.database import open_database
from mentordesk.services.reference import list_forms, list_request_kinds
from mentordesk.services.stats import stats


def test_academic_year() -> None:
    assert P.academic_year_of(date(2026, 11, 23)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert P.academic_year_of(date(2027, 3, 1)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert P.academic_year_of(date(2027, 9, 1)) == (date(2027, 9, 1), date(2028, 8, 31))


def test_reference_data_is_seeded_once(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        forms = {f.name: f for f in list_forms(db)}
        assert "ученик – ученик" in forms and "преподаватель – студент" in forms
        assert any(name == "равный – равному" for _, name in forms["ученик – ученик"].role_models)
        kinds = {name: sensitive for _, name, sensitive in list_request_kinds(db)}
        assert kinds["ОВЗ"] is True and kinds["Адаптация"] is False
    finally:
        db.close()
    db = open_database(db_path)
    try:
        assert len(list_forms(db)) == len(forms)
    finally:
        db.close()


def test_create_programme_with_roadmap_and_progress(db: object) -> None:
    start, end = P.academic_year_of(date(2026, 11, 23))
    form_ids = [f.id for f in list_forms(db)[:2]]  # type: ignore[arg-type]
    pid = P.create_programme(db, title="  Программа наставничества  ", starts_on=start,  # type: ignore[arg-type]
                             ends_on=end, organisation_name="МБОУ СОШ № 7", form_ids=form_ids)
    summary = P.programme_summary(db, pid)  # type: ignore[arg-type]
    assert summary.title == "Программа наставничества"
    assert summary.academic_years == "2026/2027"
    assert summary.organisation == "МБОУ СОШ № 7" and len(summary.forms) == 2
    progress = P.stage_progress(db, pid)  # type: ignore[arg-type]
    assert [sp.number for sp in progress] == list(STAGES)
    assert sum(sp.tasks_total for sp in progress) == len(ROADMAP_TEMPLATE)
    assert progress[0].is_current and progress[0].percent == 0
    assert P.current_programme_id(db) == pid  # type: ignore[arg-type]
    assert stats(db).programmes == 1 and stats(db).current_stage == 1  # type: ignore[arg-type]


def test_roadmap_dates_stay_inside_the_programme() -> None:
    start, end = date(2026, 11, 1), date(2027, 4, 30)  # seed 004 runs November to April
    tasks = P.roadmap_from_template(start, end)
    assert all(start <= t.due_from <= t.due_to <= end for t in tasks)  # type: ignore[operator]
    assert tasks[0].due_text == "Ноябрь 2026"
    assert P.month_range_text(date(2026, 10, 1), date(2027, 5, 31)) == "Октябрь 2026 – май 2027"


@pytest.mark.parametrize("kw,field", [
    (dict(title="  "), "title"),
    (dict(starts_on=date(2027, 9, 1), ends_on=date(2026, 9, 1)), "ends_on"),
])
def test_create_programme_validates(db: object, kw: dict, field: str) -> None:
    values = dict(title="П", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31))
    values.update(kw)
    with pytest.raises(ValidationError) as err:
        P.create_programme(db, **values)  # type: ignore[arg-type]
    assert err.value.field == field and err.value.message


def test_task_done_moves_progress(db: object) -> None:
    pid = P.create_programme(db, title="П", starts_on=date(2026, 9, 1),  # type: ignore[arg-type]
                             ends_on=date(2027, 8, 31))
    from sqlalchemy import select

    from mentordesk.model import RoadmapTask
    with db.read() as s:  # type: ignore[attr-defined]
        task_id = s.scalar(select(RoadmapTask.id).where(RoadmapTask.stage == 1).limit(1))
    P.set_task_done(db, task_id, True)  # type: ignore[arg-type]
    assert P.stage_progress(db, pid)[0].tasks_done == 1  # type: ignore[arg-type]
    P.set_task_done(db, task_id, False)  # type: ignore[arg-type]
    assert P.stage_progress(db, pid)[0].tasks_done == 0  # type: ignore[arg-type]


def test_check_on_a_good_database(db_path: Path) -> None:
    report = check_database(db_path)
    assert report.ok, report.problems
    assert any("Целостность" in p for p in report.passed)


def test_check_finds_broken_references(db_path: Path) -> None:
    import sqlite3
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("INSERT INTO consents (person_id, signer, guardian_name, signed_on, scope, "
                 "special_category, document_ref, created_at, updated_at) "
                 "VALUES (424242, 'self', '', '2026-09-01', '', 0, '', '2026-09-01', '2026-09-01')")
    conn.commit()
    conn.close()
    report = check_database(db_path)
    assert not report.ok
    assert any("consents" in p for p in report.problems)


def test_check_on_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    report = check_database(path)
    assert not report.ok and "повреждён" in report.problems[0]

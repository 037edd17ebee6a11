"""The request map: counts by request kind × parallel and × role model, cross-checked against
counting the mentees one by one; colleges and teachers in their own columns; the spreadsheet."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import select

from mentordesk.model import (
    MenteeProfile,
    MenteeStatus,
    Person,
    PersonKind,
    PersonStatus,
    Sex,
)
from mentordesk.services import people as P
from mentordesk.services.database import Database
from mentordesk.services.exports import export_request_map
from mentordesk.services.programme import create_programme, current_programme_id
from mentordesk.services.reference import list_forms, list_request_kinds
from mentordesk.services.request_map import NO_ROLE_MODEL, TEACHERS, TOTAL, request_map

TODAY = date(2027, 3, 15)


def direct_counts(db: Database, programme: int) -> tuple[Counter[tuple[str, str]],
                                                         Counter[tuple[str, str]]]:
    """Counted the slow way, one mentee at a time."""
    by_grade: Counter[tuple[str, str]] = Counter()
    by_model: Counter[tuple[str, str]] = Counter()
    with db.read() as s:
        for m in s.scalars(select(MenteeProfile).where(MenteeProfile.programme_id == programme)):
            if m.status == MenteeStatus.LEFT or m.person.status == PersonStatus.ARCHIVED:
                continue
            kind = m.request_kind.name if m.request_kind else "Запрос не указан"
            p = m.person
            column = (f"{p.grade} кл." if p.kind == PersonKind.PUPIL else
                      TEACHERS if p.kind == PersonKind.TEACHER else
                      f"{p.course} курс" if p.course else p.group_name)
            by_grade[(kind, column)] += 1
            by_model[(kind, m.role_model.name if m.role_model else NO_ROLE_MODEL)] += 1
    return by_grade, by_model


def test_counts_agree_with_counting_one_by_one(demo: Database) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    data = request_map(demo, programme, today=TODAY)
    by_grade, by_model = direct_counts(demo, programme)
    table = data.by_grade
    assert table.total == sum(by_grade.values()) > 0
    for r, kind in enumerate(table.row_headers):
        for c, column in enumerate(table.column_headers):
            assert table.cells[r][c] == by_grade[(kind, column)], (kind, column)
    assert {k for k, v in by_grade.items() if v} <= \
        {(k, c) for k in table.row_headers for c in table.column_headers}
    assert table.row_totals == tuple(sum(row) for row in table.cells)
    assert sum(table.column_totals) == table.total == sum(table.row_totals)
    model = data.by_role_model
    assert model.total == table.total and model.row_headers == table.row_headers
    for (kind, name), n in by_model.items():
        columns = [c for c, header in enumerate(model.column_headers)
                   if header == name or header.startswith(f"{name} (")]
        assert sum(model.cells[model.row_headers.index(kind)][c] for c in columns) == n
    assert TEACHERS in table.column_headers and table.column_headers[-1] == TEACHERS
    grades = [int(h.split()[0]) for h in table.column_headers if h.endswith("кл.")]
    assert grades == sorted(grades)
    assert data.chart == list(zip(table.row_headers, table.row_totals, strict=True))
    assert dict(zip(table.row_headers, table.sensitive_rows, strict=True))["ОВЗ"] is True
    grid = table.as_rows()
    assert grid[0][-1] == TOTAL and grid[-1][0] == TOTAL and grid[-1][-1] == table.total


def test_left_and_archived_mentees_are_counted_only_when_asked(demo: Database) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    base = request_map(demo, programme, today=TODAY).by_grade.total
    with demo.write() as s:
        left = s.scalars(select(MenteeProfile).where(MenteeProfile.status != MenteeStatus.LEFT)).first()
        assert left is not None
        left.status = MenteeStatus.LEFT
    assert request_map(demo, programme, today=TODAY).by_grade.total == base - 1
    assert request_map(demo, programme, include_left=True, today=TODAY).by_grade.total >= base


def test_college_groups_and_courses_have_their_own_columns(db: Database) -> None:
    programme = create_programme(db, title="Программа колледжа", starts_on=date(2026, 9, 1),
                                 ends_on=date(2027, 8, 31), organisation_name="Колледж")
    kinds = {n: i for i, n, _ in list_request_kinds(db)}
    form = next(f for f in list_forms(db) if f.name == "преподаватель – студент")

    def student(last: str, group: str, course: int | None, kind: str) -> None:
        P.save_mentee(db, programme, P.MenteeForm(
            last_name=last, first_name="Иван", sex=Sex.MALE, birth_date=date(2008, 1, 1),
            kind=PersonKind.STUDENT, class_label=group, course=course,
            request_kind_id=kinds[kind], form_id=form.id, role_model_id=form.role_models[0][0],
            entered_on=date(2026, 9, 10)), TODAY)

    student("Алексеев", "ТМ-21", 2, "Неуспеваемость")
    student("Борисов", "ТМ-21", 2, "Неуспеваемость")
    student("Волков", "ЭЛ-11", None, "Адаптация")
    P.save_mentee(db, programme, P.MenteeForm(
        last_name="Громова", first_name="Ольга", kind=PersonKind.TEACHER, sex=Sex.FEMALE,
        request_kind_id=kinds["Молодой специалист"], entered_on=date(2026, 9, 10)), TODAY)
    data = request_map(db, programme, today=TODAY)
    table = data.by_grade
    assert table.column_headers == ("2 курс", "ЭЛ-11", TEACHERS)
    assert table.row_headers == ("Неуспеваемость", "Адаптация", "Молодой специалист")
    assert table.cell("Неуспеваемость", "2 курс") == 2
    assert table.cell("Адаптация", "ЭЛ-11") == 1
    assert table.cell("Молодой специалист", TEACHERS) == 1
    models = data.by_role_model
    assert models.column_headers == (form.role_models[0][1], NO_ROLE_MODEL)
    assert models.cell("Молодой специалист", NO_ROLE_MODEL) == 1
    with db.read() as s:
        assert s.scalar(select(Person.course).where(Person.last_name == "Волков")) is None


def test_request_map_spreadsheet(demo: Database, tmp_path: Path) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    data = request_map(demo, programme, today=TODAY)
    path = export_request_map(demo, programme, tmp_path / "карта.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Запросы по параллелям", "Запросы по ролевым моделям"]
    first = wb["Запросы по параллелям"]
    header = [c.value for c in first[1]]
    assert header == ["Ключевой запрос", *data.by_grade.column_headers, TOTAL]
    assert first.freeze_panes == "B2" and first["A1"].font.b
    rows = list(first.iter_rows(min_row=2, values_only=True))
    assert rows[-1] == (TOTAL, *data.by_grade.column_totals, data.by_grade.total)
    assert [r[0] for r in rows[:-1]] == list(data.by_grade.row_headers)
    assert len(first._charts) == 1
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)

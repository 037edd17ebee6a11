"""The request map (карта запросов): the mentees of a programme counted by the kind of their key
request, against the class parallel and against the role model. Plain data for a table, a bar
chart and the spreadsheet; one grouped query.

Pupils are counted by parallel («7 кл.»); students by course («2 курс») or group; teachers in
their own column «Педагоги». Mentees who left the programme and archived people are not counted
unless asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..errors import NotFound
from ..model import (
    MenteeProfile,
    MenteeStatus,
    MentoringForm,
    Person,
    PersonKind,
    PersonStatus,
    Programme,
    RequestKind,
    RoleModel,
)
from .database import Database

NO_KIND = "Запрос не указан"
NO_ROLE_MODEL = "Ролевая модель не выбрана"
TEACHERS = "Педагоги"
TOTAL = "Итого"


@dataclass(frozen=True)
class CrossTable:
    """Counts of mentees: one row per request kind, one column per category, with totals."""

    title: str
    corner: str  # the header above the row labels
    row_headers: tuple[str, ...]
    column_headers: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    total: int
    sensitive_rows: tuple[bool, ...] = ()  # special-category kinds (ОВЗ, ЗПР…)

    def cell(self, row: str, column: str) -> int:
        return self.cells[self.row_headers.index(row)][self.column_headers.index(column)]

    def as_rows(self) -> list[list[Any]]:
        """The table as a grid with header, totals column and totals row, ready to write."""
        grid: list[list[Any]] = [[self.corner, *self.column_headers, TOTAL]]
        for header, cells, total in zip(self.row_headers, self.cells, self.row_totals,
                                        strict=True):
            grid.append([header, *cells, total])
        grid.append([TOTAL, *self.column_totals, self.total])
        return grid


@dataclass(frozen=True)
class RequestMap:
    programme_id: int
    programme_title: str
    made_on: date
    by_grade: CrossTable
    by_role_model: CrossTable

    @property
    def chart(self) -> list[tuple[str, int]]:
        """Bars: mentees per request kind, in the list's order."""
        return list(zip(self.by_grade.row_headers, self.by_grade.row_totals, strict=True))


def _column_of(kind: PersonKind, grade: int | None, course: int | None,
               group_name: str) -> tuple[tuple[int, int, str], str]:
    """(sort key, header) of the column a mentee is counted in."""
    if kind == PersonKind.PUPIL and grade is not None:
        return (0, grade, ""), f"{grade} кл."
    if kind == PersonKind.STUDENT:
        if course is not None:
            return (1, course, ""), f"{course} курс"
        if group_name:
            return (2, 0, group_name), group_name
        return (3, 0, ""), "Студенты"
    if kind == PersonKind.TEACHER:
        return (4, 0, ""), TEACHERS
    return (5, 0, kind.label), kind.label


def request_map(db: Database, programme_id: int, *, include_left: bool = False,
                include_archived: bool = False, today: date | None = None) -> RequestMap:
    with db.read() as s:
        programme = s.get(Programme, programme_id)
        if programme is None:
            raise NotFound("Программа не найдена: возможно, она удалена.")
        query = (
            select(MenteeProfile.request_kind_id, Person.kind, Person.grade, Person.course,
                   Person.group_name, MenteeProfile.role_model_id, func.count())
            .join(Person, Person.id == MenteeProfile.person_id)
            .where(MenteeProfile.programme_id == programme_id)
            .group_by(MenteeProfile.request_kind_id, Person.kind, Person.grade, Person.course,
                      Person.group_name, MenteeProfile.role_model_id)
        )
        if not include_left:
            query = query.where(MenteeProfile.status != MenteeStatus.LEFT)
        if not include_archived:
            query = query.where(Person.status != PersonStatus.ARCHIVED)
        counts = s.execute(query).all()
        kinds = {k.id: k for k in s.scalars(select(RequestKind))}
        models = {m.id: (m.name, form_name, form_position, m.position) for m, form_name, form_position
                  in s.execute(select(RoleModel, MentoringForm.name, MentoringForm.position)
                               .join(MentoringForm, MentoringForm.id == RoleModel.form_id))}
        title = programme.title

    by_grade: Counter[tuple[Hashable, Hashable]] = Counter()
    by_model: Counter[tuple[Hashable, Hashable]] = Counter()
    grade_columns: dict[Hashable, tuple[Any, str]] = {}
    model_columns: dict[Hashable, tuple[Any, str, str]] = {}
    for kind_id, person_kind, grade, course, group_name, model_id, n in counts:
        key, header = _column_of(person_kind, grade, course, group_name)
        grade_columns[key] = (key, header)
        by_grade[(kind_id, key)] += n
        if model_id in models:
            name, form_name, form_pos, pos = models[model_id]
            model_columns[model_id] = ((0, form_pos, pos, name), name, form_name)
        else:
            model_id = None
            model_columns[None] = ((1, 0, 0, ""), NO_ROLE_MODEL, "")
        by_model[(kind_id, model_id)] += n

    row_ids = sorted({k for k, _ in by_grade},
                     key=lambda k: (k is None, kinds[k].position if k in kinds else 0,
                                    kinds[k].name if k in kinds else ""))
    row_headers = tuple(kinds[k].name if k in kinds else NO_KIND for k in row_ids)
    sensitive = tuple(bool(k in kinds and kinds[k].sensitive) for k in row_ids)

    grade_keys = sorted(grade_columns, key=lambda k: grade_columns[k][0])
    grade_table = _table("Запросы по параллелям", "Ключевой запрос", row_ids, row_headers,
                         grade_keys, [grade_columns[k][1] for k in grade_keys], by_grade, sensitive)
    model_keys = sorted(model_columns, key=lambda k: model_columns[k][0])
    names = Counter(model_columns[k][1] for k in model_keys)
    model_headers = [f"{model_columns[k][1]} ({model_columns[k][2]})"
                     if names[model_columns[k][1]] > 1 and model_columns[k][2]
                     else model_columns[k][1] for k in model_keys]
    model_table = _table("Запросы по ролевым моделям", "Ключевой запрос", row_ids, row_headers,
                         model_keys, model_headers, by_model, sensitive)
    return RequestMap(programme_id, title, today or date.today(), grade_table, model_table)


def _table(title: str, corner: str, row_ids: list[Any], row_headers: tuple[str, ...],
           column_keys: list[Any], column_headers: list[str],
           counts: Counter[tuple[Hashable, Hashable]], sensitive: tuple[bool, ...]) -> CrossTable:
    cells = tuple(tuple(counts[(r, c)] for c in column_keys) for r in row_ids)
    return CrossTable(
        title=title, corner=corner, row_headers=row_headers,
        column_headers=tuple(column_headers), cells=cells,
        row_totals=tuple(sum(row) for row in cells),
        column_totals=tuple(sum(col) for col in zip(*cells, strict=True)) if cells
        else tuple(0 for _ in column_keys),
        total=sum(sum(row) for row in cells), sensitive_rows=sensitive,
    )

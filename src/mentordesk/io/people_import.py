"""From the rows of a sheet to the people to import: every row checked, every problem named
by row, column and reason, duplicates flagged. Pure: nothing here reads the database, which
hands in what it already holds (`existing_keys`, `request_kinds`).

Lines that are not people are passed over wherever they stand, and reading goes on below
them: subtotals («Итого по 6А: 25»), class headings («6 «А» класс», whose class the pupils
below take when their own class cell is empty), a row of column numbers, the header repeated
on a printed page, and signature lines («Директор школы ________ Иванов И. И.»).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..errors import ValidationError
from ..model.rules import ClassLabel
from .import_duplicates import DupKey, PeopleIndex, describe_person, name_key, person_key
from .import_fields import (
    ColumnMapping,
    Field,
    ImportKind,
    check_kind,
    check_mapping,
    classify_header,
    column_title,
    header_fields,
    header_words,
)
from .import_lines import is_numbering_line, is_total_line, is_trailer_line, section_class
from .import_row import ADULT_AGE, LIMITS, NAME_LIMIT, OLDEST_AGE, Cells, RowRules, read_row
from .import_types import Duplicate, GuardianRow, ImportRow, Preview, RowError
from .import_values import NameMatcher, cell_text, is_blank

__all__ = [
    "ADULT_AGE", "LIMITS", "NAME_LIMIT", "OLDEST_AGE", "DupKey", "Duplicate", "GuardianRow",
    "ImportRow", "PeopleIndex", "Preview", "RowError", "describe_person", "person_key",
    "validate",
]

NAME_FIELDS = (Field.FULL_NAME, Field.LAST_NAME, Field.FIRST_NAME, Field.PATRONYMIC)
# Words of a name column's title that make the list one of teachers («ФИО педагога»).
_STAFF_WORDS = frozenset({
    "педагог", "педагога", "педагогов", "сотрудник", "сотрудника", "сотрудников", "работник",
    "работника", "работников", "учитель", "учителя", "учителей", "преподаватель",
    "преподавателя", "специалист", "специалиста",
})


def validate(
    rows: Sequence[Sequence[object]],
    header_row: int,
    mapping: ColumnMapping,
    kind: ImportKind,
    today: date,
    existing_keys: Mapping[DupKey, str] | PeopleIndex,
    *,
    request_kinds: Iterable[tuple[int, str]] = (),
    college_groups: bool = True,
) -> Preview:
    """Check the rows below `header_row` (a spreadsheet row number) under the column mapping.

    `existing_keys` are the people already in the database (a `PeopleIndex`, or a mapping of
    `person_key`s to how they are described in a duplicate report); `request_kinds` are
    (id, name) of the request kinds to match. `college_groups` is False in a school's
    database, where «А7» is a mistyped class rather than a group."""
    kind = check_kind(kind)
    if not 1 <= header_row <= len(rows):
        raise ValidationError(f"Строки заголовков {header_row} в листе нет.")
    header = list(rows[header_row - 1])
    fields = check_mapping(mapping, kind, max(len(r) for r in rows))
    titles = {f: column_title(header, i) for f, i in fields.items()}
    header_keys = {i: header_words(header[i]) if i < len(header) else () for i in fields.values()}
    data_columns = {i for f, i in fields.items() if f not in NAME_FIELDS}
    rules = RowRules(kind, today, NameMatcher(request_kinds), groups=college_groups,
                     staff_list=_staff_list(header, fields))
    more_guardian_columns = _more_guardian_columns(header, fields, kind)
    known = existing_keys if isinstance(existing_keys, PeopleIndex) \
        else PeopleIndex.of_keys(existing_keys)
    seen = PeopleIndex()
    section: ClassLabel | None = None
    good: list[ImportRow] = []
    errors: list[RowError] = []
    duplicates: list[Duplicate] = []
    data_rows = 0
    for number in range(header_row + 1, len(rows) + 1):
        row = rows[number - 1]
        if not row or is_total_line(row) or is_numbering_line(row) \
                or is_trailer_line(row, data_columns):
            continue
        heading = section_class(row, fields.get(Field.GROUP), groups=college_groups)
        if heading is not None:
            section = heading
            continue
        values = {f: row[i] if i < len(row) else None for f, i in fields.items()}
        if more_guardian_columns and Field.GUARDIAN in values:
            values[Field.GUARDIAN] = _joined(row, [fields[Field.GUARDIAN], *more_guardian_columns])
        if all(is_blank(v) for v in values.values()) or _repeated_header(row, header_keys):
            continue
        cells = Cells(number, values, titles)
        person = read_row(cells, rules, section)
        if cells.errors and len(header_fields(row)) >= 2:
            continue  # one of the two rows of a header repeated on a printed page
        data_rows += 1
        key = ""
        if cells.name is not None:
            key = name_key(cells.name.last_name, cells.name.first_name, cells.name.patronymic)
            in_db = known.find(key, cells.birth, cells.group)
            earlier = None if in_db is not None else seen.find(key, cells.birth, cells.group)
            if in_db is not None or earlier is not None:
                duplicates.append(Duplicate(number, f"в базе: {in_db}" if in_db else str(earlier)))
                continue
        if cells.errors or person is None:
            errors.extend(cells.errors)
            continue
        seen.add(key, person.birth_date, person.group_name, f"строка {number}")
        good.append(person)
    return Preview(header_row, data_rows, tuple(good), tuple(errors), tuple(duplicates))


def _repeated_header(row: Sequence[object], header_keys: Mapping[int, tuple[str, ...]]) -> bool:
    """The header repeated on every printed page."""
    return all(header_words(row[i] if i < len(row) else None) == header_keys[i]
               for i in header_keys)


def _more_guardian_columns(header: Sequence[object], fields: Mapping[Field, int],
                           kind: ImportKind) -> list[int]:
    """Unmapped columns that also hold the parents' contacts («ФИО родителя» mapped,
    «Телефон родителя» beside it): read together with the mapped one."""
    if Field.GUARDIAN not in fields:
        return []
    used = set(fields.values())
    return [i for i, cell in enumerate(header) if i not in used
            and (found := classify_header(cell, kind)) is not None and found[0] is Field.GUARDIAN]


def _joined(row: Sequence[object], columns: Sequence[int]) -> str | None:
    texts = [cell_text(row[i]) for i in columns if i < len(row) and not is_blank(row[i])]
    return ", ".join(texts) or None


def _staff_list(header: Sequence[object], fields: Mapping[Field, int]) -> bool:
    index = fields.get(Field.FULL_NAME)
    if index is None or index >= len(header):
        return False
    return bool(set(header_words(header[index])) & _STAFF_WORDS)

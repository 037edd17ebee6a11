"""Importing the preference questionnaires from a spreadsheet (.xlsx or .csv).

The sheet has a column with the chooser's name («ФИО»), optionally their class, and the choice
columns «1 выбор», «2 выбор», «3 выбор» (a mentor's questionnaire may go on to «10 выбор»).
Every name is looked up among the participants of stage 5 (`preferences_names`), every problem
is reported by spreadsheet row, column and reason, and the questionnaires are written in one
transaction: by default only when the whole sheet is clean (all or nothing); with
`skip_bad_rows` the clean rows are written and the others reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ValidationError
from ..io.import_fields import column_title, header_words, is_total_line
from ..io.import_values import cell_text
from ..io.people_import import RowError
from ..io.sheet_reader import CANCELLED, ImportCancelled, Row, read_sheet
from ..model.text import normalise
from .database import Database
from .match_pool import Pool, match_pool
from .preferences import (
    ACTOR,
    MENTEE_CHOICES,
    check_choices,
    choice_limit,
    pool_people,
    sides_of,
    targets_of,
    write_lists,
)
from .preferences_names import SIDE_PLURAL, Named, NameIndex

HEADER_SCAN_ROWS = 20
MAX_CHOICE = 10
ORDINALS = {"первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "пятый": 5, "шестой": 6,
            "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10}
CHOICE_WORDS = ("выбор", "предпочт", "приоритет")
NAME_WORDS = ("фио", "фамилия", "участник", "наставляемый", "наставник", "ученик",
              "обучающийся", "кто")
CLASS_WORDS = ("класс", "группа")
_NUMBER = re.compile(r"^(\d{1,2})(?:й|ый|ой|ий|е|я)?$")
HEADER_MISSING = (
    "Не найдена строка заголовков: в первых {n} строках листа нет столбца «ФИО» вместе со "
    "столбцами выборов («1 выбор», «2 выбор», «3 выбор»). Подпишите столбцы так и загрузите "
    "файл снова."
)

Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Columns:
    name: int
    klass: int | None
    choices: tuple[tuple[int, int], ...]  # (choice number, column index), by choice number


@dataclass(frozen=True)
class PreferenceImport:
    """What an import found and did."""

    sheet: str
    header_row: int
    data_rows: int  # rows with a name or a choice
    valid_rows: int
    imported: int  # questionnaires written: 0 for a preview or a refused import
    errors: tuple[RowError, ...]
    unknown_names: tuple[str, ...]  # names found nowhere among the participants
    lists: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # chooser → chosen
    previous: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # replaced (undo)
    names: Mapping[int, str] = field(default_factory=dict)  # person id → name

    @property
    def refused(self) -> bool:
        """Nothing written because the sheet has problems."""
        return bool(self.errors) and not self.imported

    def text(self) -> str:
        lines = [f"Лист «{self.sheet}», заголовки в строке {self.header_row}.",
                 f"Анкет в таблице: {self.data_rows}, без ошибок: {self.valid_rows}, "
                 f"записано: {self.imported}."]
        if self.errors:
            lines.append(f"Ошибки ({len(self.errors)}):")
            lines += [f"  строка {e.row}, «{e.column}»: {e.message}" for e in self.errors]
        if self.unknown_names:
            lines.append("Не найдены среди участников: " + ", ".join(
                f"«{n}»" for n in self.unknown_names) + ".")
        return "\n".join(lines)


def preview_preferences(db: Database, programme_id: int, path: str | Path, *,
                        sheet: str | None = None, today: date | None = None,
                        cancelled: Cancelled | None = None) -> PreferenceImport:
    """Everything `import_preferences` would find, with nothing written."""
    return import_preferences(db, programme_id, path, sheet=sheet, dry_run=True, today=today,
                              cancelled=cancelled)


def import_preferences(db: Database, programme_id: int, path: str | Path, *,
                       sheet: str | None = None, dry_run: bool = False,
                       skip_bad_rows: bool = False, today: date | None = None,
                       cancelled: Cancelled | None = None) -> PreferenceImport:
    """Read the questionnaires of one sheet and replace the choosers' lists with them."""
    _check(cancelled)
    table = read_sheet(path, sheet, cancelled=cancelled)
    header_row, columns = find_columns(table.rows)
    pool = match_pool(db, programme_id, today)
    _check(cancelled)
    found = _Reader(pool, table.rows[header_row - 1], columns).read(table.rows, header_row)
    imported, previous = 0, {}
    if not dry_run and found.lists and (skip_bad_rows or not found.errors):
        _check(cancelled)
        with db.write(ACTOR) as s:
            replaced = write_lists(s, programme_id, found.lists)
        imported = len(found.lists)
        previous = {k: tuple(v) for k, v in replaced.items()}
    return PreferenceImport(
        sheet=table.name, header_row=header_row, data_rows=found.data_rows,
        valid_rows=len(found.lists), imported=imported, errors=tuple(found.errors),
        unknown_names=tuple(found.unknown), lists={k: tuple(v) for k, v in found.lists.items()},
        previous=previous, names={p.person_id: p.name for p in found.people})


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled(CANCELLED)


def choice_number(header: object) -> int | None:
    """«1 выбор», «Выбор 2», «3-й выбор», «Первый выбор», «Предпочтение №1» → the number."""
    words = header_words(header)
    if not any(w.startswith(CHOICE_WORDS) for w in words):
        return None
    for w in words:
        match = _NUMBER.match(w)
        if match:
            number = int(match.group(1))
            return number if 1 <= number <= MAX_CHOICE else None
        if w in ORDINALS:
            return ORDINALS[w]
    return None


def _is_name(header: object) -> bool:
    words = header_words(header)
    return bool(words) and ("фио" in words or words[0] in NAME_WORDS)


def _is_class(header: object) -> bool:
    words = header_words(header)
    return bool(words) and words[0] in CLASS_WORDS


def find_columns(rows: Sequence[Row]) -> tuple[int, Columns]:
    """The header row (1-based) and the columns of the name, the class and the choices."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        choices: dict[int, int] = {}
        name = klass = None
        for col, cell in enumerate(row):
            number = choice_number(cell)
            if number is not None:
                choices.setdefault(number, col)
            elif name is None and _is_name(cell):
                name = col
            elif klass is None and _is_class(cell):
                klass = col
        if name is not None and choices:
            return index + 1, Columns(name, klass, tuple(sorted(choices.items())))
    raise ValidationError(HEADER_MISSING.format(n=HEADER_SCAN_ROWS))


@dataclass
class _Found:
    people: list[Named]
    data_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    lists: dict[int, list[int]] = field(default_factory=dict)


class _Reader:
    def __init__(self, pool: Pool, header: Row, columns: Columns) -> None:
        self.people = pool_people(pool)
        self.index = NameIndex(self.people)
        self.sides = sides_of(self.people)
        self.excluded = {normalise(e.name): e.reason for e in pool.excluded}
        self.header = header
        self.columns = columns

    def title(self, col: int) -> str:
        return column_title(self.header, col)

    def read(self, rows: Sequence[Row], header_row: int) -> _Found:
        found = _Found(self.people)
        first_row: dict[int, int] = {}
        for number in range(header_row + 1, len(rows) + 1):
            row = rows[number - 1]
            if is_total_line(row):
                break
            chooser = self._row(found, row, number, first_row)
            if chooser is not None:
                first_row.setdefault(chooser[0], number)
                found.lists[chooser[0]] = chooser[1]
        return found

    def _cell(self, row: Row, col: int | None) -> str:
        return cell_text(row[col]) if col is not None and col < len(row) else ""

    def _unknown(self, found: _Found, text: str) -> str:
        if text not in found.unknown:
            found.unknown.append(text)
        reason = self.excluded.get(normalise(text))
        return f"«{text}» не участвует в формировании пар: {reason}." if reason else ""

    def _row(self, found: _Found, row: Row, number: int,
             first_row: Mapping[int, int]) -> tuple[int, list[int]] | None:
        cols = self.columns
        name = self._cell(row, cols.name)
        picks = [(n, col, self._cell(row, col)) for n, col in cols.choices]
        picks = [p for p in picks if p[2]]
        if not picks:
            return None  # blank, or a participant who named nobody: nothing to write
        found.data_rows += 1
        errors: list[RowError] = []
        name_col = self.title(cols.name)
        if not name:
            found.errors.append(RowError(number, name_col, "Не указано ФИО заполнившего анкету."))
            return None
        who = self.index.find(name, self._cell(row, cols.klass))
        if who.person is None:
            message = (self._unknown(found, name) if who.unknown else "") or who.problem
            found.errors.append(RowError(number, name_col, message))
            return None
        chooser = who.person.person_id
        if chooser in first_row:
            errors.append(RowError(number, name_col, f"Анкета «{who.person.name}» уже есть в "
                                                     f"строке {first_row[chooser]}."))
        sides = self.sides[chooser]
        limit, targets = choice_limit(sides), targets_of(sides)
        chosen: list[int] = []
        for rank, (_, col, text) in enumerate(picks, 1):
            column = self.title(col)
            if rank > limit:
                errors.append(RowError(number, column, f"Наставляемый называет не больше "
                                                       f"{MENTEE_CHOICES} {SIDE_PLURAL['mentor']}."))
                continue
            pick = self.index.find(text, sides=targets)
            if pick.person is None:
                message = (self._unknown(found, text) if pick.unknown else "") or pick.problem
                errors.append(RowError(number, column, message))
            elif pick.person.person_id == chooser:
                errors.append(RowError(number, column, "Участник не может выбрать сам себя."))
            elif pick.person.person_id in chosen:
                errors.append(RowError(number, column,
                                       f"«{pick.person.name}» уже указан в этой анкете."))
            else:
                chosen.append(pick.person.person_id)
        if not errors:
            try:
                check_choices(self.people, chooser, chosen)
            except ValidationError as exc:
                errors.append(RowError(number, name_col, exc.message))
        found.errors.extend(errors)
        return None if errors else (chooser, chosen)

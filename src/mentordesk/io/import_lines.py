"""Lines of a school's list that are not people: subtotals, class headings, a row of column
numbers, and the signature block at the end.

School exports print a list class by class: «6 «А» класс», the pupils, «Итого по 6А: 25»,
the next class… and end with «Директор школы ________ Иванов И. И.», «Исполнитель: …».
None of those lines is a person, and none of them ends the list: reading goes on below.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..model.rules import ClassLabel, RuleError, parse_class
from .import_fields import header_words, is_total_line
from .import_values import cell_text, is_blank

__all__ = ["is_numbering_line", "is_total_line", "is_trailer_line", "section_class"]

# The first word of a line under a list that is signed, not read.
_TRAILER_WORDS = frozenset({
    "директор", "директора", "исполнитель", "исполнители", "подпись", "подписи", "мп",
    "составил", "составила", "составитель", "ответственный", "ответственная", "руководитель",
    "заместитель", "зам", "замдиректора", "председатель", "секретарь", "классный", "кл",
    "куратор", "заведующий", "заведующая", "инспектор", "специалист", "главный", "начальник",
    "согласовано", "утверждаю", "утверждено", "верно", "дата",
})


def is_trailer_line(row: Sequence[object], data_columns: Collection[int]) -> bool:
    """A signature line («Директор школы ________ Иванов И. И.»), or a line that begins with
    a signer's title («Исполнитель: Петрова А. С., тел. …») outside the data columns.

    `data_columns` are the mapped columns other than the name: a post «Директор» written
    in a mapped «Должность» column is data, not a signature."""
    first = -1
    for index, cell in enumerate(row):
        if cell is None:
            continue
        if isinstance(cell, str):
            if "___" in cell:
                return True
            if first < 0 and cell.strip():
                first = index
        elif first < 0:
            return False  # a number or a date comes first: a data row
    if first < 0 or first in data_columns:
        return False
    words = header_words(row[first])
    return bool(words) and words[0] in _TRAILER_WORDS


def section_class(row: Sequence[object], group_column: int | None, *,
                  groups: bool = True) -> ClassLabel | None:
    """The class of a heading line above its pupils («6 «А» класс», «7Б»), or None when the
    line is not one. A heading fills one cell, or one merged range: every filled cell holds
    the same text. A lone class in the class column is a pupil without a name, not a heading."""
    text = ""
    count = 0
    for index, cell in enumerate(row):
        if cell is None:
            continue
        if not isinstance(cell, str):
            return None  # a number or a date: a data row
        if not cell.strip():
            continue
        if count and cell_text(cell) != text:
            return None
        text = cell_text(cell)
        count += 1
        only = index
    if not count or (count == 1 and only == group_column):
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    try:
        label = parse_class(text, groups=groups)
    except RuleError:
        return None
    return label if label.grade is not None else None


def is_numbering_line(row: Sequence[object]) -> bool:
    """The row of column numbers under a printed header: 1, 2, 3, … in consecutive cells."""
    expected = None
    count = 0
    for cell in row:
        if is_blank(cell):
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, (int, float)):
            if not float(cell).is_integer():
                return False
            number = int(cell)
        else:
            text = cell_text(cell).rstrip(".")
            if not text.isdigit():
                return False
            number = int(text)
        if expected is None:
            if number > 1:
                return False
        elif number != expected:
            return False
        expected = number + 1
        count += 1
    return count >= 3

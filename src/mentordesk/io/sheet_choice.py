"""Which sheet of a book holds the list, and which columns are which, found without the
curator: for the command line, where nobody can click a header row or a column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ValidationError
from .import_fields import HEADER_SCAN_ROWS, Field, ImportKind, auto_map, detect_header, has_name_columns
from .sheet_reader import CANCELLED, ImportCancelled, Sheet, SheetUnsuitable, open_table, read_sheet
from .xlsx_safe import FileRejected, file_label

__all__ = ["auto_mapping", "find_list"]


def auto_mapping(table: Sheet, header: int, kind: ImportKind) -> dict[Field, int]:
    """The columns found by their titles; without a name column of the people imported
    (only «ФИО наставника» in a mentee list, say), a message that says so."""
    found = auto_map(table.row(header), kind)
    if not has_name_columns(list(found)):
        whose = "наставляемых" if kind == "mentees" else "наставников"
        raise ValidationError(
            f"В строке заголовков {header} листа «{table.name}» нет столбца с ФИО {whose} "
            "(или столбцов «Фамилия» и «Имя»). Проверьте, что это список "
            f"{whose}, и что столбец с ФИО так и назван."
        )
    return found


def find_list(path: str | Path,
              cancelled: Callable[[], bool] | None = None) -> tuple[Sheet, int]:
    """The first sheet with a recognisable header, and that header's row."""
    found = _try_sheet(path, None, cancelled)
    if isinstance(found, tuple):
        return found
    names = open_table(path).sheet_names
    if len(names) == 1:
        raise found
    for name in names[1:]:
        other = _try_sheet(path, name, cancelled)
        if isinstance(other, tuple):
            return other
    listed = ", ".join(f"«{n}»" for n in names)
    raise ValidationError(
        f"Ни на одном листе книги {file_label(Path(path))} ({listed}) не найдена строка "
        f"заголовков: в первых {HEADER_SCAN_ROWS} строках нет столбца «ФИО» (или столбцов "
        "«Фамилия» и «Имя»). Проверьте, что над списком есть строка с названиями столбцов."
    )


def _try_sheet(path: str | Path, name: str | None,
               cancelled: Callable[[], bool] | None) -> tuple[Sheet, int] | ValidationError:
    """A sheet (the first when `name` is None) and its header, or why it is not a list."""
    if cancelled is not None and cancelled():
        raise ImportCancelled(CANCELLED)
    try:
        table = read_sheet(path, name, cancelled=cancelled)
        return table, detect_header(table.rows)
    except SheetUnsuitable as exc:
        return exc
    except FileRejected:
        raise  # a broken file, not an unsuitable sheet
    except ValidationError as exc:
        return exc

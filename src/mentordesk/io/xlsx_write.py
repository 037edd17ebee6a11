"""Writing spreadsheets safely and readably: shared by every .xlsx the app produces.

- Text is always written as text. A name or a note beginning with «=», «+», «-» or «@» would
  otherwise become a formula in Excel (formula injection: «=HYPERLINK(...)» in a pupil's name);
  such cells are stored as strings and carry Excel's quote prefix, so editing them keeps them text.
- Dates are real Excel dates shown as ДД.ММ.ГГГГ, so the curator can sort and filter by them.
- The header is bold and frozen, columns fit their text (capped), long text wraps.
- The file is written beside the target under a temporary name and renamed at the end, so a
  cancelled or failed export never leaves a half-written file, nor destroys the previous one.
"""

from __future__ import annotations

import enum
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import MentorDeskError, StorageError

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
BODY_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_SHEET_TITLE_JUNK = str.maketrans({c: " " for c in "[]:*?/\\"})

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(MentorDeskError):
    """The curator cancelled an export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Выгрузка отменена, файл не создан.")


def check_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ExportCancelled()


def safe_sheet_title(text: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    title = " ".join(text.translate(_SHEET_TITLE_JUNK).split())[:31].strip("' ")
    return title or "Лист"


def cell_text(value: Any) -> Any:
    """The value as it should be stored: text cleaned of characters XML cannot hold, lists
    joined by line breaks, yes/no in Russian, enums by their Russian label."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, enum.Enum):
        value = getattr(value, "label", value.value)
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "\n".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, (datetime, date, int, float)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:MAX_CELL_TEXT]


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value safely: text stays text, dates are dates."""
    cell: Cell = ws.cell(row=row, column=column)
    value = cell_text(value)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value  # openpyxl takes a leading «=» for a formula here...
        cell.data_type = "s"  # ...so the type is set back to a plain string
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    cell.alignment = BODY_ALIGNMENT
    return cell


class _StyleCache:
    """Setting a style on 40,000 cells one by one takes seconds (openpyxl hashes the style
    each time); cells of the same kind share the style array of the first one instead."""

    def __init__(self) -> None:
        self._styles: dict[tuple[type, bool], Any] = {}

    def write(self, ws: Worksheet, row: int, column: int, value: Any) -> Cell:
        value = cell_text(value)
        key = (type(value), isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
        style = self._styles.get(key)
        if style is None or value is None:
            cell = write_cell(ws, row, column, value)
            if value is not None:
                self._styles[key] = copy(cell._style)
            return cell
        cell = ws.cell(row=row, column=column)
        cell.value = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        if isinstance(value, str):
            cell.data_type = "s"
        cell._style = copy(style)
        return cell


def write_header(ws: Worksheet, headers: Sequence[str], row: int = 1) -> None:
    for column, text in enumerate(headers, start=1):
        cell = write_cell(ws, row, column, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def autosize(ws: Worksheet, *, min_width: int = MIN_WIDTH, max_width: int = MAX_WIDTH) -> None:
    """Fit each column to its longest line, between the limits; long text wraps."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                width = _display_width(cell.value)
                if cell.font is not None and cell.font.b:
                    # a header may wrap onto two lines rather than widen its column
                    width = min(width, max(12, (width + 1) // 2))
                widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(min_width,
                                                                   min(max_width, width + 2))


def write_table(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                progress: Progress | None = None, total: int = 0,
                cancelled: Cancelled | None = None, every: int = 200) -> int:
    """Header and rows from the first row, columns fitted; returns the number of rows."""
    write_header(ws, headers)
    widths = [min(_display_width(h), max(12, (_display_width(h) + 1) // 2)) for h in headers]
    styles = _StyleCache()
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = styles.write(ws, count + 1, column, value)
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], _display_width(cell.value))
        if count % every == 0:
            check_cancelled(cancelled)
            if progress is not None:
                progress(count, total)
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH,
                                                                   min(MAX_WIDTH, width + 2))
    return count


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `target`; renamed onto it only if the block succeeds."""
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(f"Папка «{folder}» не найдена. Выберите другую папку для файла.")
    fd, name = tempfile.mkstemp(prefix=f".~{path.stem[:40]}-", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def _replace(tmp: Path, path: Path) -> None:
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise StorageError(
            f"Не удалось записать «{path.name}»: файл открыт в другой программе (например, в "
            "Excel) или папка защищена от записи. Закройте файл и повторите.") from exc


def save_workbook(wb: Workbook, target: str | os.PathLike[str]) -> Path:
    """Save atomically; disk and permission problems become a StorageError in Russian."""
    path = Path(target)
    try:
        with atomic_path(path) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise StorageError(f"Не удалось сохранить файл «{path.name}»: {exc.strerror or exc}. "
                           "Проверьте место на диске и права на папку.") from exc
    return path


def export_rows(path: str | os.PathLike[str], headers: Sequence[str],
                rows: Iterable[Sequence[Any]], sheet_title: str = "Таблица", *,
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> Path:
    """«Export the current table view»: the GUI passes the visible rows, as shown."""
    materialised = list(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(sheet_title)
    write_table(ws, headers, materialised, progress=progress, total=len(materialised),
                cancelled=cancelled)
    check_cancelled(cancelled)
    return save_workbook(wb, path)

"""Reading a spreadsheet into rows of plain values: .xlsx/.xlsm through openpyxl, .csv in
UTF-8 or Windows-1251 with any of the usual separators.

The import wizard calls these one step at a time: `open_table` (which sheets are there),
`read_sheet` (the rows of one), `detect_header` and `auto_map` (re-exported from
`import_fields`). Row i of a sheet (0-based) is spreadsheet row i + 1, gaps included, so
every row number shown to the curator is the one Excel shows.

What the curator sees in Excel is what is read: the value of a merged range is in every cell
of it (a class «5А» merged down three rows is the class of all three), a cell holding only
spaces is empty, and a header written over two rows («ФИО» over «Фамилия», «Имя»,
«Отчество») is combined into its lower row (`import_fields.combine_header_rows`).
Only rows with values count towards `MAX_ROWS`: formatting below the list costs nothing.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MentorDeskError
from .import_fields import auto_map, combine_header_rows, detect_header
from .xlsx_safe import (
    FileRejected,
    TableFormat,
    check_table_file,
    check_xml_defences,
    file_label,
)
from .xlsx_scan import SheetScan, TooManyMerges, scan_sheet

__all__ = [
    "CANCELLED", "MAX_COLUMNS", "MAX_ROWS", "ImportCancelled", "Row", "Sheet", "SheetUnsuitable",
    "TableFile",
    "auto_map", "detect_header", "open_table", "read_sheet",
]

MAX_ROWS = 100_000
MAX_COLUMNS = 120  # cells further right are not read: no list of people is that wide
CANCEL_CHECK_ROWS = 2_000
CSV_SEPARATORS = ";,\t"
CANCELLED = "Импорт отменён, база не изменилась."

Row = tuple[Any, ...]


class ImportCancelled(MentorDeskError):
    """The curator cancelled the import; nothing was written."""


class SheetUnsuitable(FileRejected):
    """The sheet is empty or a chart: another sheet of the book may hold the list."""


@dataclass(frozen=True)
class TableFile:
    """A checked spreadsheet file and the names of its sheets (a CSV file has one, its name)."""

    path: Path
    format: TableFormat
    sheet_names: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[Row, ...]

    def row(self, number: int) -> Row:
        """The row with this spreadsheet number (1-based); an empty tuple past the end."""
        return self.rows[number - 1] if 1 <= number <= len(self.rows) else ()


def open_table(path: str | Path) -> TableFile:
    path = Path(path)
    fmt = check_table_file(path)
    if fmt is TableFormat.CSV:
        return TableFile(path, fmt, (path.name,))
    with _workbook(path) as wb:
        names = tuple(wb.sheetnames)
    if not names:
        raise FileRejected(f"В книге {file_label(path)} нет ни одного листа.")
    return TableFile(path, fmt, names)


def read_sheet(path: str | Path, sheet: str | None = None, *,
               cancelled: Callable[[], bool] | None = None) -> Sheet:
    """The rows of one sheet (the first when `sheet` is None), trailing empty cells trimmed."""
    path = Path(path)
    fmt = check_table_file(path)
    csv_file = fmt is TableFormat.CSV
    sheet_data = _read_csv(path, cancelled) if csv_file else _read_xlsx(path, sheet, cancelled)
    if not sheet_data.rows:
        if csv_file:
            raise FileRejected(f"Файл {file_label(path)} пуст: в нём нет ни одной заполненной ячейки.")
        raise SheetUnsuitable(f"Лист «{sheet_data.name}» в файле {file_label(path)} пуст: в нём нет "
                           "ни одной заполненной ячейки. Выберите другой лист.")
    return Sheet(sheet_data.name, combine_header_rows(sheet_data.rows))


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """openpyxl's read-only workbook, opened only after the file passed every check, and
    with any parser failure turned into a message for the curator."""
    check_xml_defences()
    from openpyxl import load_workbook

    with _parser_errors(path):
        wb = load_workbook(path, read_only=True, data_only=True)
    try:
        yield wb
    finally:
        wb.close()


@contextmanager
def _parser_errors(path: Path) -> Iterator[None]:
    label = file_label(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
            yield
    except (MentorDeskError, MemoryError):
        raise
    except Exception as exc:
        if _caused_by_defusedxml(exc):
            raise FileRejected(
                f"Файл {label} не будет открыт: внутри него XML с объявлениями сущностей, "
                "так устроены вредоносные файлы. Если файл прислал коллега, попросите его "
                "сохранить таблицу заново в Excel.",
                details=repr(exc),
            ) from exc
        if isinstance(exc, (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile)):
            message = f"Файл {label} повреждён (возможно, скачан не полностью)."
        else:
            message = f"Файл {label} повреждён или не является книгой Excel."
        # openpyxl reports a broken part with whatever its parser met (KeyError, ValueError,
        # ParseError, TypeError…): to the curator they all mean the same.
        raise FileRejected(
            message + " Откройте его в Excel: если он открывается, сохраните его заново как "
            "«Книга Excel (*.xlsx)» и загрузите снова.",
            details=repr(exc),
        ) from exc


def _caused_by_defusedxml(exc: BaseException | None) -> bool:
    """openpyxl wraps what its parser raised («Unable to read workbook…»): look through."""
    for _ in range(10):
        if exc is None:
            return False
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _too_many_rows(name: str) -> FileRejected:
    return FileRejected(
        f"В листе «{name}» больше {MAX_ROWS:,} строк — столько за один раз не загружается."
        .replace(",", "\u00a0") + " Разделите список на несколько файлов."
    )


def _trim(row: Row) -> Row:
    """The row without its empty cells on the right; a cell of spaces only is empty."""
    end = len(row)
    while end and (row[end - 1] is None or _blank_text(row[end - 1])):
        end -= 1
    if end != len(row):
        row = row[:end]
    if any(_blank_text(v) for v in row):
        row = tuple(None if _blank_text(v) else v for v in row)
    return row


def _blank_text(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _read_xlsx(path: Path, sheet: str | None,
               cancelled: Callable[[], bool] | None) -> Sheet:
    with _workbook(path) as wb:
        names = list(wb.sheetnames)
        if not names:
            raise FileRejected(f"В книге {file_label(path)} нет ни одного листа.")
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            listed = ", ".join(f"«{n}»" for n in names)
            raise FileRejected(f"В книге {file_label(path)} нет листа «{sheet}». Есть: {listed}.")
        ws = wb[sheet]
        if not hasattr(ws, "reset_dimensions"):  # a chart sheet has no cells
            raise SheetUnsuitable(f"Лист «{sheet}» — диаграмма, а не таблица. Выберите другой лист.")
        scan = _scan(path, ws, sheet, cancelled)
        if scan is not None and scan.value_rows > MAX_ROWS:
            raise _too_many_rows(sheet)
        # The stored dimension may be wrong or hostile («A1:XFD1048576»); rows are read as
        # they are, no further than the last row with a value, and no wider than MAX_COLUMNS.
        ws.reset_dimensions()
        last = scan.last_row if scan is not None else None
        rows: list[Row] = []
        filled = 0
        if last != 0:
            with _parser_errors(path):
                for row in ws.iter_rows(max_row=last, max_col=MAX_COLUMNS, values_only=True):
                    trimmed = _trim(row)
                    rows.append(trimmed)
                    if trimmed:
                        filled += 1
                        if filled > MAX_ROWS:
                            raise _too_many_rows(sheet)
                    if cancelled is not None and len(rows) % CANCEL_CHECK_ROWS == 0 and cancelled():
                        raise ImportCancelled(CANCELLED)
    while rows and not rows[-1]:
        rows.pop()
    if scan is not None and scan.merges:
        rows = _fill_merged(rows, scan.merges)
    return Sheet(sheet, tuple(rows))


def _scan(path: Path, ws: Any, sheet: str,
          cancelled: Callable[[], bool] | None) -> SheetScan | None:
    """The quick pass over the sheet's XML (see `xlsx_scan`); None when this openpyxl keeps
    the sheet's part where we cannot find it, and everything is then read the slow way."""
    part = getattr(ws, "_worksheet_path", None)
    shared = getattr(ws, "_shared_strings", None)
    if not isinstance(part, str) or shared is None:
        return None

    def stop() -> None:
        raise ImportCancelled(CANCELLED)

    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
            return scan_sheet(stream, shared, cancelled, stop)
    except TooManyMerges as exc:
        raise FileRejected(
            f"Лист «{sheet}» в файле {file_label(path)} устроен необычно (в нём слишком много "
            "объединённых ячеек) и не будет прочитан. Скопируйте список на новый лист без "
            "объединения ячеек."
        ) from exc
    except KeyError:
        return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise FileRejected(f"Файл {file_label(path)} повреждён (возможно, скачан не полностью).",
                           details=repr(exc)) from exc


def _fill_merged(rows: list[Row], merges: list[tuple[int, int, int, int]]) -> list[Row]:
    """Every cell of a merged range gets the value of its top-left cell, as Excel shows it.
    Ranges are clipped to the rows read and to MAX_COLUMNS."""
    changed: dict[int, list[Any]] = {}
    for min_col, min_row, max_col, max_row in merges:
        if min_row > len(rows) or min_col > MAX_COLUMNS:
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col <= len(top) else None
        if value is None:
            continue
        last_col = min(max_col, MAX_COLUMNS)
        for r in range(min_row - 1, min(max_row, len(rows))):
            cells = changed.get(r)
            if cells is None:
                cells = changed[r] = list(rows[r])
            if len(cells) < last_col:
                cells.extend([None] * (last_col - len(cells)))
            for c in range(min_col - 1, last_col):
                if cells[c] is None:
                    cells[c] = value
    for r, cells in changed.items():
        rows[r] = tuple(cells)
    return rows


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise FileRejected(
            f"Файл {file_label(path)} не является текстовой таблицей CSV (возможно, это файл "
            "другого формата с изменённым расширением)."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            f"Не удаётся прочитать текст файла {file_label(path)}: сохраните его в кодировке "
            "UTF-8 или Windows-1251."
        ) from exc


def _sniff_separator(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_SEPARATORS).delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in CSV_SEPARATORS}
        best = max(counts, key=lambda s: counts[s])
        return best if counts[best] else ";"


def _read_csv(path: Path, cancelled: Callable[[], bool] | None) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileRejected(f"Не удалось прочитать файл {file_label(path)}: "
                           f"{exc.strerror or exc}.") from exc
    text = _decode(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text))
    rows: list[Row] = []
    filled = 0
    try:
        for record in reader:
            row = _trim(tuple(v if v.strip() else None for v in record[:MAX_COLUMNS]))
            rows.append(row)
            if row:
                filled += 1
                if filled > MAX_ROWS:
                    raise _too_many_rows(path.name)
            if cancelled is not None and len(rows) % CANCEL_CHECK_ROWS == 0 and cancelled():
                raise ImportCancelled(CANCELLED)
    except csv.Error as exc:
        raise FileRejected(
            f"Файл {file_label(path)} повреждён: строка {reader.line_num} не читается как CSV.",
            details=str(exc),
        ) from exc
    while rows and not rows[-1]:
        rows.pop()
    return Sheet(path.name, tuple(rows))

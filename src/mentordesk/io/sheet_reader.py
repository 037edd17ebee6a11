"""Reading a spreadsheet into rows of plain values: .xlsx/.xlsm through openpyxl, .csv in
UTF-8 or Windows-1251 with any of the usual separators.

The import wizard calls these one step at a time: `open_table` (which sheets are there),
`read_sheet` (the rows of one), `detect_header` and `auto_map` (re-exported from
`import_fields`). Row i of a sheet (0-based) is spreadsheet row i + 1, gaps included, so
every row number shown to the curator is the one Excel shows.
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
from .import_fields import auto_map, detect_header
from .xlsx_safe import (
    FileRejected,
    TableFormat,
    check_table_file,
    check_xml_defences,
    file_label,
)

__all__ = [
    "CANCELLED", "MAX_COLUMNS", "MAX_ROWS", "ImportCancelled", "Row", "Sheet", "TableFile",
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
    if not any(any(v is not None for v in row) for row in sheet_data.rows):
        if csv_file:
            raise FileRejected(f"Файл {file_label(path)} пуст: в нём нет ни одной заполненной ячейки.")
        raise FileRejected(f"Лист «{sheet_data.name}» в файле {file_label(path)} пуст: в нём нет "
                           "ни одной заполненной ячейки. Выберите другой лист.")
    return sheet_data


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
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row if end == len(row) else row[:end]


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
            raise FileRejected(f"Лист «{sheet}» — диаграмма, а не таблица. Выберите другой лист.")
        # The stored dimension may be wrong or hostile («A1:XFD1048576»); rows are read as
        # they are, and no row is built wider than MAX_COLUMNS.
        ws.reset_dimensions()
        rows: list[Row] = []
        with _parser_errors(path):
            for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                if len(rows) >= MAX_ROWS:
                    raise _too_many_rows(sheet)
                rows.append(_trim(row))
                if cancelled is not None and len(rows) % CANCEL_CHECK_ROWS == 0 and cancelled():
                    raise ImportCancelled(CANCELLED)
    while rows and not rows[-1]:
        rows.pop()
    return Sheet(sheet, tuple(rows))


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
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(path.name)
            rows.append(_trim(tuple(v if v.strip() else None for v in record[:MAX_COLUMNS])))
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

"""Checks made on a spreadsheet file before any parser sees it.

A curator opens files that came by e-mail from class teachers and other schools. A file can be
damaged, mislabelled (a .txt renamed .xlsx, an old .xls), or built to hurt: a zip bomb that
inflates to gigabytes, or XML with nested entities («billion laughs»). Everything here refuses
such a file with a message the curator can act on, before openpyxl opens it.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import ValidationError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also any password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_RATIO = 200  # uncompressed : compressed, checked for members bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_CSV_BYTES = 50 * 1024 * 1024

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)


class FileRejected(ValidationError):
    """The file cannot be read as a table; nothing was imported."""


class TableFormat(Enum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class ZipSummary:
    members: int
    uncompressed: int


def file_label(path: Path) -> str:
    return f"«{path.name}»"


def check_table_file(path: Path) -> TableFormat:
    """The file's format, after checking that it exists, is not empty and is what its name says."""
    label = file_label(path)
    try:
        if path.is_dir():
            raise FileRejected(f"{label} — это папка, а не файл. Укажите файл .xlsx или .csv.")
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError as exc:
        raise FileRejected(f"Файл {label} не найден.") from exc
    except PermissionError as exc:
        raise FileRejected(
            f"Нет доступа к файлу {label}. Закройте его в Excel и проверьте права на файл."
        ) from exc
    except OSError as exc:
        raise FileRejected(f"Не удалось прочитать файл {label}: {exc.strerror or exc}.") from exc
    if size == 0:
        raise FileRejected(f"Файл {label} пуст: в нём нет ни одной строки.")
    suffix = path.suffix.lower()
    if head.startswith(OLE2_MAGIC) or suffix == ".xls":
        raise FileRejected(
            f"Файл {label} сохранён в старом формате Excel 97–2003 (.xls) или защищён паролем. "
            "Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)» без пароля, "
            "затем загрузите снова."
        )
    if suffix in CSV_SUFFIXES:
        if size > MAX_CSV_BYTES:
            raise FileRejected(
                f"Файл {label} слишком большой ({size // (1024 * 1024)} МБ): "
                f"MentorDesk загружает файлы CSV до {MAX_CSV_BYTES // (1024 * 1024)} МБ. "
                "Разделите его на части."
            )
        return TableFormat.CSV
    if suffix not in XLSX_SUFFIXES:
        raise FileRejected(
            f"Файл {label} не похож на таблицу: MentorDesk загружает книги Excel (.xlsx, .xlsm) "
            "и таблицы CSV (.csv)."
        )
    if not head.startswith(ZIP_MAGIC):
        raise FileRejected(
            f"Файл {label} не является книгой Excel, хотя назван .xlsx: возможно, это файл "
            "другого формата с изменённым расширением. Откройте его в Excel и сохраните "
            "как «Книга Excel (*.xlsx)»."
        )
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            f"Файл {label} слишком большой ({size // (1024 * 1024)} МБ) для списка людей. "
            "Разделите его на части или удалите лишние листы и картинки."
        )
    inspect_zip(path)
    return TableFormat.XLSX


def inspect_zip(path: Path) -> ZipSummary:
    """Refuse a damaged archive, or one that would inflate far beyond what a list of people needs.

    The sizes come from the archive's directory; Python's zipfile never inflates a member past
    its declared size (a lying entry fails its CRC check), so checking them here is enough.
    """
    label = file_label(path)
    damaged = (
        f"Файл {label} повреждён (возможно, скачан не полностью). Откройте его в Excel: если "
        "он открывается, сохраните его заново как «Книга Excel (*.xlsx)» и загрузите снова."
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise FileRejected(damaged, details=str(exc)) from exc
    except OSError as exc:
        raise FileRejected(f"Не удалось прочитать файл {label}: {exc.strerror or exc}.") from exc
    if len(infos) > MAX_MEMBERS:
        raise FileRejected(
            f"Файл {label} устроен необычно (в архиве {len(infos)} частей) и не будет открыт: "
            "это не похоже на обычную книгу Excel."
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRejected(
                f"Файл {label} не будет открыт: при распаковке он разрастается в сотни раз "
                "(так устроены вредоносные файлы — «zip-бомбы»). Если файл прислал коллега, "
                "попросите его сохранить таблицу заново.",
                details=f"{info.filename}: {info.compress_size} -> {info.file_size}",
            )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise FileRejected(
                f"Файл {label} не будет открыт: распакованный он занял бы больше "
                f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} МБ, это слишком много для списка "
                "людей. Разделите таблицу на части или удалите лишние листы и картинки."
            )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRejected(
            f"Файл {label} — архив, но не книга Excel (возможно, это документ Word или "
            "другой файл с изменённым расширением). Сохраните таблицу в Excel как «Книга Excel "
            "(*.xlsx)»."
        )
    return ZipSummary(len(infos), total)


def check_xml_defences() -> None:
    """Refuse to parse at all unless openpyxl reads XML through defusedxml, which forbids the
    entity declarations that «billion laughs» and external-entity attacks rely on."""
    import openpyxl.xml
    import openpyxl.xml.functions as xml_functions

    parser_module = getattr(xml_functions.iterparse, "__module__", "")
    if not openpyxl.xml.DEFUSEDXML or not parser_module.startswith("defusedxml"):
        hint = " (переменная окружения OPENPYXL_DEFUSEDXML)" if os.environ.get(
            "OPENPYXL_DEFUSEDXML") else ""
        raise FileRejected(
            "Чтение книг Excel отключено: не установлена защита от вредоносных файлов "
            f"(пакет defusedxml){hint}. Переустановите MentorDesk."
        )

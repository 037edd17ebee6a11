"""Real spreadsheet files for the import tests, written with openpyxl and csv into tmp_path."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from mentordesk.model import AuditEntry, MenteeProfile, MentorProfile, Person
from mentordesk.services.database import Database
from mentordesk.services.programme import create_programme

TODAY = date(2026, 10, 1)


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Список",
               merges: Iterable[str] = (), extra_sheets: Iterable[str] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    for name in extra_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8",
              delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(
            ["" if v is None else v for v in row] for row in rows)
    return path


def replace_member(path: Path, member: str, data: bytes) -> Path:
    """Rewrite one part of an .xlsx (zip) archive, keeping the others."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return path


def make_programme(db: Database) -> int:
    return create_programme(db, title="Программа наставничества 2026/2027",
                            starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
                            organisation_name="МБОУ СОШ № 7")


def counts(db: Database) -> tuple[int, int, int]:
    """(persons, mentee profiles, mentor profiles)."""
    with db.read() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (Person, MenteeProfile, MentorProfile))


def audit_rows(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.actor == "импорт из Excel")) or 0)

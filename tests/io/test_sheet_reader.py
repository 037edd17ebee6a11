"""Reading sheets, finding the header row, mapping the columns: the wizard's first steps."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_sheets import TODAY, write_csv, write_xlsx

from mentordesk.errors import ValidationError
from mentordesk.io.import_fields import Field, classify_header
from mentordesk.io.people_import import validate
from mentordesk.io.sheet_reader import (
    ImportCancelled,
    auto_map,
    detect_header,
    open_table,
    read_sheet,
)
from mentordesk.io.xlsx_safe import TableFormat


def test_open_table_lists_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "книга.xlsx", [["ФИО"]], title="8 классы",
                      extra_sheets=["9 классы", "Итоги"])
    table = open_table(path)
    assert table.format is TableFormat.XLSX
    assert table.sheet_names == ("8 классы", "9 классы", "Итоги")
    csv_table = open_table(write_csv(tmp_path / "список.csv", [["ФИО"]]))
    assert (csv_table.format, csv_table.sheet_names) == (TableFormat.CSV, ("список.csv",))


def test_xlsm_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Класс"], ["Орлов Олег", "5А"]])
    xlsm = path.rename(tmp_path / "a.xlsm")
    assert read_sheet(xlsm).rows == (("ФИО", "Класс"), ("Орлов Олег", "5А"))


def test_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["Список"], [], [None, "ФИО", None, "Класс"],
                                            [1, "Орлов Олег", None, "5А", None]])
    sheet = read_sheet(path)
    assert sheet.rows == (("Список",), (), (None, "ФИО", None, "Класс"),
                          (1, "Орлов Олег", None, "5А"))
    assert sheet.row(3) == (None, "ФИО", None, "Класс") and sheet.row(99) == ()
    assert detect_header(sheet.rows) == 3
    assert auto_map(sheet.row(3), "mentees") == {Field.FULL_NAME: 1, Field.GROUP: 3}


def test_header_below_titles_wins_over_a_title_mentioning_a_column() -> None:
    rows = [
        ("Список обучающихся МБОУ СОШ № 7 на 01.09.2026",),
        ("Классный руководитель: Петрова А. С.",),
        ("ФИО",),  # a stray label is a worse header than the real one
        ("№ п/п", "Фамилия, имя, отчество", "Класс", "Дата рождения (дд.мм.гггг)", "Телефон"),
    ]
    assert detect_header(rows) == 4


def test_no_header_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="Не найдена строка заголовков"):
        detect_header([("Кто", "Где"), ("Орлов", "5А")])


@pytest.mark.parametrize("header,kind,field", [
    ("Ф.И.О.", "mentees", Field.FULL_NAME),
    ("ФИО наставника", "mentors", Field.FULL_NAME),
    ("ФИО наставника", "mentees", None),
    ("Классный руководитель", "mentees", None),
    ("Класс (группа)", "mentees", Field.GROUP),
    ("Д.р.", "mentees", Field.BIRTH_DATE),
    ("Телефон (мобильный)", "mentees", Field.PHONE),
    ("Телефон родителей", "mentees", Field.GUARDIAN),
    ("Контакты родителей (законных представителей)", "mentees", Field.GUARDIAN),
    ("E-mail", "mentors", Field.EMAIL),
    ("Эл.почта", "mentors", Field.EMAIL),
    ("Ключевой запрос", "mentees", Field.REQUEST),
    ("Ключевой запрос", "mentors", None),
    ("Ключевые компетенции", "mentors", Field.COMPETENCES),
    ("Место работы/учёбы наставника", "mentees", None),
    ("Дата вхождения в программу", "mentees", Field.ENTERED_ON),
    ("ОТЧЕСТВО (при наличии)", "mentees", Field.PATRONYMIC),
])
def test_auto_map_names(header: str, kind: str, field: Field | None) -> None:
    mapping = auto_map(["ФИО" if field is not Field.FULL_NAME else "-", header], kind)  # type: ignore[arg-type]
    assert mapping.get(field) == 1 if field else 1 not in mapping.values()


def test_auto_map_prefers_exact_names_and_three_name_columns() -> None:
    header = ["Телефон (домашний)", "Телефон", "Фамилия", "Имя", "Отчество", "ФИО"]
    assert auto_map(header, "mentees") == {
        Field.PHONE: 1, Field.LAST_NAME: 2, Field.FIRST_NAME: 3, Field.PATRONYMIC: 4}


def test_classify_ignores_numbers_and_blanks() -> None:
    assert classify_header(None) is None and classify_header(12) is None
    assert classify_header("№") is not None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [["ФИО", "Класс", "Интересы"], ["Ёлкин Пётр", "5 «А»", "шахматы, футбол"]]
    sheet = read_sheet(write_csv(tmp_path / "a.csv", rows, encoding=encoding, delimiter=delimiter))
    assert sheet.rows == tuple(tuple(r) for r in rows)


def test_csv_single_column(tmp_path: Path) -> None:
    sheet = read_sheet(write_csv(tmp_path / "a.csv", [["ФИО"], ["Орлов Олег"]]))
    assert sheet.rows == (("ФИО",), ("Орлов Олег",))


def test_reading_can_be_cancelled(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО"]] + [[f"Орлов {i}"] for i in range(4100)])
    with pytest.raises(ImportCancelled, match="Импорт отменён, база не изменилась."):
        read_sheet(path, cancelled=lambda: True)


CLASS_SPELLINGS = ("{g}{L}", "{g} {L}", "{g}-{l}", "{g} «{L}»", "{g}{l} класс", "{g}\u00a0{L}",
                   "{g} - {L}", "{g}{L} кл.", "{g} \"{l}\"")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 11), st.sampled_from("АБВГДЕЖИКЛМН"),
                          st.sampled_from(CLASS_SPELLINGS)), min_size=1, max_size=8))
def test_class_spellings_round_trip_through_xlsx(classes: list[tuple[int, str, str]]) -> None:
    rows: list[list[object]] = [["Список класса"], ["ФИО", "Класс"]]
    for i, (grade, letter, spelling) in enumerate(classes):
        rows.append([f"Орлов{'а' * (i + 1)} Олег",
                     spelling.format(g=grade, L=letter, l=letter.lower())])
    with tempfile.TemporaryDirectory() as folder:
        sheet = read_sheet(write_xlsx(Path(folder) / "классы.xlsx", rows))
    header = detect_header(sheet.rows)
    preview = validate(sheet.rows, header, auto_map(sheet.row(header), "mentees"), "mentees",
                       TODAY, {})
    assert preview.errors == ()
    assert [(r.group_name, r.grade) for r in preview.valid_rows] == [
        (f"{grade}{letter}", grade) for grade, letter, _ in classes]


@settings(max_examples=15, deadline=None)
@given(st.dates(min_value=datetime(1950, 1, 1).date(), max_value=TODAY),
       st.sampled_from(["date", "text", "short text"]))
def test_dates_as_dates_or_text_round_trip(day: object, style: str) -> None:
    value = {"date": datetime.combine(day, datetime.min.time()),  # type: ignore[arg-type]
             "text": f"{day:%d.%m.%Y}", "short text": f"{day:%d.%m.%Y} г."}[style]
    with tempfile.TemporaryDirectory() as folder:
        sheet = read_sheet(write_xlsx(Path(folder) / "d.xlsx", [
            ["ФИО", "Должность", "Дата рождения"], ["Орлова Анна Ивановна", "учитель", value]]))
    preview = validate(sheet.rows, 1, auto_map(sheet.row(1), "mentors"), "mentors", TODAY, {})
    if preview.errors:  # only a person under 18 without a class may be refused
        assert "укажите класс" in preview.errors[0].message
    else:
        assert preview.valid_rows[0].birth_date == day

"""Lists as schools really send them, each written here as a real .xlsx: subtotals per class,
signatures under the list, merged cells, a header over two rows, a title page, formatting far
below the list, parents' contacts, and the app's own export imported back."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from import_sheets import TODAY, counts, make_programme, replace_member, write_xlsx
from openpyxl import Workbook
from openpyxl.styles import Border, Side
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentordesk.errors import ValidationError
from mentordesk.io.import_fields import NO_HEADER, Field, auto_map, classify_header
from mentordesk.io.sheet_reader import read_sheet
from mentordesk.model import Guardianship, MenteeProfile, OrgKind, Person, PersonKind
from mentordesk.services.database import Database
from mentordesk.services.exports import base_rows, export_bases
from mentordesk.services.importing import run_import
from mentordesk.services.programme import create_programme

SHEET_PART = "xl/worksheets/sheet1.xml"


@pytest.fixture
def programme(db: Database) -> int:
    return make_programme(db)  # a school: «МБОУ СОШ № 7»


def people(db: Database) -> list[Person]:
    with db.read() as s:
        return list(s.scalars(select(Person).join(MenteeProfile, MenteeProfile.person_id == Person.id)
                              .order_by(Person.id)))


def test_subtotals_do_not_end_the_list_and_signatures_are_no_people(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "6 классы.xlsx", [
        ["Список обучающихся 6-х классов"],
        ["№", "ФИО", "Класс", "Дата рождения"],
        [1, "Орлов Олег Олегович", "6А", datetime(2014, 3, 1)],
        ["Итого по 6А: 1"],
        [2, "Белова Инна Ильинична", "6Б", datetime(2014, 5, 5)],
        [3, "Титов Иван Петрович", "6Б", datetime(2014, 6, 6)],
        ["Всего учащихся в классе: 2"],
        [],
        [None, "Директор школы ___________ Иванов И. И."],
        ["Исполнитель: Петрова А. С., тел. 8 (345) 2-22-22"],
        ["Подпись"],
        [None, "Директор Школы Иванов Иван Иванович"],
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.data_rows, report.valid, report.imported) == (3, 3, 3)
    assert report.errors == () and report.duplicates == ()
    saved = people(db)
    assert [p.full_name for p in saved] == [
        "Орлов Олег Олегович", "Белова Инна Ильинична", "Титов Иван Петрович"]
    assert {p.kind for p in saved} == {PersonKind.PUPIL}


def test_name_parts_that_are_no_names_are_refused(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "список.xlsx", [
        ["ФИО", "Класс"],
        ["Орлов Олег Олегович", "5А"],
        ["Смирнов_Иван Петрович", "5А"],
        ["Петров2 Пётр Петрович", "5А"],
        ["Сидоров С. С.", "5А"],
        ["Кузнецов Иван И", "5А"],
        ["Зайцев Иван Ив.анович", "5А"],
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.imported == 1
    by_row = {e.row: e.message for e in report.errors}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert "«_»" in by_row[3] and "только буквы, дефис и апостроф" in by_row[3]
    assert "цифры" in by_row[4]
    assert "инициалы" in by_row[5] and "инициалы" in by_row[6]
    assert "«.»" in by_row[7]
    assert all(e.column == "ФИО" for e in report.errors)


def test_merged_class_cells_belong_to_every_row(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5А.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Орлов Олег Олегович", "5А", datetime(2015, 2, 2)],
        ["Белова Инна Ильинична", None, datetime(2015, 3, 3)],
        ["Титов Иван Петрович", None, None],
        ["Зуева Анна Петровна", None, datetime(2015, 4, 4)],
    ], merges=["B2:B4"])
    sheet = read_sheet(path)
    assert [row[1] for row in sheet.rows[1:4]] == ["5А", "5А", "5А"]
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.imported == 3
    assert [(e.row, e.column) for e in report.errors] == [(5, "Класс")]
    assert report.errors[0].message.startswith("Не указан класс")
    assert [(p.full_name, p.group_name, p.kind) for p in people(db)] == [
        ("Орлов Олег Олегович", "5А", PersonKind.PUPIL),
        ("Белова Инна Ильинична", "5А", PersonKind.PUPIL),
        ("Титов Иван Петрович", "5А", PersonKind.PUPIL),
    ]


def test_a_mentee_without_class_is_a_teacher_only_when_the_row_says_so(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "смешанный.xlsx", [
        ["ФИО", "Класс", "Должность", "Место работы"],
        ["Орлов Олег Олегович", None, None, None],
        ["Захарова Ольга Николаевна", None, "учитель начальных классов", None],
        ["Егоров Максим Сергеевич", None, None, "МБОУ СОШ № 7"],
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Класс")]
    assert [(p.full_name, p.kind) for p in people(db)] == [
        ("Захарова Ольга Николаевна", PersonKind.TEACHER),
        ("Егоров Максим Сергеевич", PersonKind.TEACHER)]

    staff = write_xlsx(tmp_path / "педагоги.xlsx", [
        ["ФИО педагога", "Ключевой запрос"],
        ["Лебедева Анна Павловна", "молодой специалист"],
    ])
    assert run_import(db, "mentees", staff, today=TODAY).imported == 1
    assert people(db)[-1].kind is PersonKind.TEACHER


def two_row_header(path: Path) -> Path:
    return write_xlsx(path, [
        ["Список обучающихся 7-х классов"],
        ["№", "ФИО", None, None, "Класс", "Дата рождения", "Родители (законные представители)"],
        [None, "Фамилия", "Имя", "Отчество", None, None, "ФИО", "Телефон"],
        [1, "Орлов", "Олег", "Олегович", "7А", datetime(2013, 2, 2), "Орлова Анна Ивановна",
         "89120000000"],
        [2, "БЕЛОВА", "ИННА", "ИЛЬИНИЧНА", "7Б", "03.03.2013", None, None],
    ], merges=["A1:H1", "A2:A3", "B2:D2", "E2:E3", "F2:F3", "G2:H2"])


def test_a_header_over_two_rows_is_combined(db: Database, programme: int, tmp_path: Path) -> None:
    path = two_row_header(tmp_path / "7 классы.xlsx")
    sheet = read_sheet(path)
    assert sheet.row(3) == ("№", "Фамилия", "Имя", "Отчество", "Класс", "Дата рождения",
                            "Родители (законные представители): ФИО",
                            "Родители (законные представители): Телефон")
    assert auto_map(sheet.row(3), "mentees") == {
        Field.LAST_NAME: 1, Field.FIRST_NAME: 2, Field.PATRONYMIC: 3, Field.GROUP: 4,
        Field.BIRTH_DATE: 5, Field.GUARDIAN: 6}
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.header_row, report.imported, report.errors) == (3, 2, ())
    saved = people(db)
    assert [(p.full_name, p.group_name, p.birth_date) for p in saved] == [
        ("Орлов Олег Олегович", "7А", date(2013, 2, 2)),
        ("Белова Инна Ильинична", "7Б", date(2013, 3, 3))]
    with db.read() as s:  # the parent's name and phone, from the two columns under «Родители»
        (link,) = s.scalars(select(Guardianship).options(selectinload(Guardianship.guardian)))
        assert (link.child_id, link.guardian.full_name, link.guardian.phone) == (
            saved[0].id, "Орлова Анна Ивановна", "+7 (912) 000-00-00")


def test_a_title_across_the_table_is_not_half_of_the_header(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "наставляемые.xlsx", [
        ["Наставляемые 7-х классов"],
        ["ФИО", "Класс", "Телефон родителей"],
        ["Орлов Олег Олегович", "7А", "89120000000"],
    ], merges=["A1:C1"])
    assert read_sheet(path).row(2) == ("ФИО", "Класс", "Телефон родителей")
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.header_row, report.imported, report.errors) == (2, 1, ())
    assert people(db)[0].phone == "+7 (912) 000-00-00"  # the parent's, as the boy has none


def test_the_no_header_message_gives_no_advice_the_command_line_cannot_follow(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "без заголовков.xlsx", [["Орлов Олег", "5А"]])
    with pytest.raises(ValidationError) as info:
        run_import(db, "mentees", path, today=TODAY)
    assert info.value.message == NO_HEADER
    assert "вручную" not in NO_HEADER and "строк" in NO_HEADER


def test_a_title_page_before_the_list(db: Database, programme: int, tmp_path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "Титул"
    cover.append(["Муниципальное бюджетное общеобразовательное учреждение"])
    cover.append(["Список наставляемых на 2026/2027 учебный год"])
    listing = wb.create_sheet("Список")
    listing.append(["Ф.И.О.", "Кл.", "Дата рождения"])
    listing.append(["Орлов Олег Олегович", "5а", datetime(2015, 2, 2)])
    path = tmp_path / "книга.xlsx"
    wb.save(path)
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.sheet, report.header_row, report.imported) == ("Список", 1, 1)
    assert people(db)[0].group_name == "5А"


@pytest.mark.parametrize("title", ["Кл.", "Кл", "Класс/группа", "Группа", "Класс (группа)"])
def test_class_headers(title: str) -> None:
    found = classify_header(title)
    assert found is not None and found[0] is Field.GROUP
    assert classify_header("Кл. руководитель") != (Field.GROUP, False)


def test_a_letter_before_the_number_is_no_class_at_school(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "а7.xlsx", [["ФИО", "Класс"], ["Орлов Олег Олегович", "А7"],
                                             ["Белова Инна Ильинична", "ТМ-21"]])
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(2, "Класс"), (3, "Класс")]
    assert "«7А»" in report.errors[0].message


def test_college_groups_in_a_college(db: Database, tmp_path: Path) -> None:
    create_programme(db, title="Наставничество", starts_on=date(2026, 9, 1),
                     ends_on=date(2027, 8, 31), organisation_name="ГБПОУ «Колледж»",
                     organisation_kind=OrgKind.COLLEGE)
    path = write_xlsx(tmp_path / "группа.xlsx", [["ФИО", "Группа"], ["Орлов Олег Олегович", "А7"]])
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.imported == 1
    assert (people(db)[0].group_name, people(db)[0].kind) == ("А7", PersonKind.STUDENT)


def formatted_far_below(path: Path, last_row: int) -> Path:
    """One pupil, and a thin border drawn on every row down to `last_row`, with the sheet's
    dimension saying so, as Excel saves it (the empty rows are written straight into the
    sheet's XML: openpyxl would take long to write them one by one)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Список"
    ws.append(["ФИО", "Класс", "Дата рождения"])
    ws.append(["Орлов Олег Олегович", "5А", "02.02.2015"])
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET_PART).decode()
    style = re.search(r'<c r="A2" s="(\d+)"', xml)
    assert style is not None
    empty = "".join(f'<row r="{n}"><c r="A{n}" s="{style[1]}"/><c r="B{n}" s="{style[1]}"/>'
                    f'<c r="C{n}" s="{style[1]}"/></row>' for n in range(3, last_row + 1))
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:C{last_row}"/>', xml)
    return replace_member(path, SHEET_PART, xml.replace("</sheetData>", empty + "</sheetData>")
                          .encode())


def test_formatting_below_the_list_is_not_rows(db: Database, programme: int,
                                               tmp_path: Path) -> None:
    path = formatted_far_below(tmp_path / "рамки.xlsx", 120_000)
    sheet = read_sheet(path)
    assert len(sheet.rows) == 2
    with zipfile.ZipFile(path) as archive:  # the formatted rows are really there
        assert b'<row r="120000"><c r="A120000" s="1"/>' in archive.read(SHEET_PART)
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.data_rows, report.imported) == (1, 1)


def test_a_space_far_below_is_not_a_value(db: Database, programme: int, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["ФИО", "Класс"])
    ws.append(["Орлов Олег Олегович", "5А"])
    ws["C150000"] = " "
    ws["D149999"] = "\u00a0"
    path = tmp_path / "пробел.xlsx"
    wb.save(path)
    assert len(read_sheet(path).rows) == 2
    assert run_import(db, "mentees", path, today=TODAY).imported == 1


def test_latin_lookalikes_in_names(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "а.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Иванов Иван Иванович", "5А", "01.02.2015"],
        ["ИВАНОВА-ПЕТРОВА АННА-МАРИЯ СЕРГЕЕВНА", "5А", "03.04.2015"],
        ["д'АРТАНЬЯН Шарль Иванович", "5Б", "05.06.2015"],
        ["фон Браун Иван Иванович", "5Б", "07.08.2015"],
        ["Мамедов Эльчин Рауф оглы", "5В", "09.10.2015"],
        ["Cидорова Ольга Петровна", "5В", "11.12.2015"],  # a Latin «C»
    ])
    assert run_import(db, "mentees", path, today=TODAY).imported == 6
    saved = people(db)
    assert [(p.last_name, p.first_name, p.patronymic) for p in saved] == [
        ("Иванов", "Иван", "Иванович"),
        ("Иванова-Петрова", "Анна-Мария", "Сергеевна"),
        ("д'Артаньян", "Шарль", "Иванович"),
        ("фон Браун", "Иван", "Иванович"),
        ("Мамедов", "Эльчин", "Рауф оглы"),
        ("Сидорова", "Ольга", "Петровна"),
    ]
    assert saved[-1].last_name[0] == "\u0421"  # stored in Cyrillic
    again = write_xlsx(tmp_path / "b.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Ивaнов Ивaн Ивaнович", "5А", "01.02.2015"],  # Latin «a»
    ])
    report = run_import(db, "mentees", again, today=TODAY)
    assert [(d.row, d.duplicate_of) for d in report.duplicates] == [
        (2, "в базе: Иванов Иван Иванович, 5А, 01.02.2015")]


def test_parents_contacts_reach_the_export(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "родители.xlsx", [
        ["ФИО", "Класс", "Дата рождения", "Телефон", "Контакты родителей"],
        ["Орлов Олег Олегович", "5А", "02.02.2015", None,
         "Орлова Анна Ивановна (мать), 8 912 345-67-89"],
        ["Орлова Ольга Олеговна", "3А", "03.03.2017", None, "мать: 8 912 345-67-89"],
        ["Белова Инна Ильинична", "5А", "04.04.2015", "89120001122", "папа 89127654321"],
        ["Титов Иван Петрович", "5Б", "05.05.2015", None,
         "Орлова Анна Ивановна (мать), 8 912 345-67-89"],  # a cousin with the same guardian
    ])
    assert run_import(db, "mentees", path, today=TODAY).imported == 4
    orlov, orlova, belova, titov = people(db)
    assert orlov.phone == "" and "Контакты родителей: Орлова Анна Ивановна" in orlov.notes
    assert orlova.phone == "+7 (912) 345-67-89"  # no name: the pupil's own field, empty before
    assert belova.phone == "+7 (912) 000-11-22"  # her own phone is kept
    with db.read() as s:
        links = list(s.scalars(select(Guardianship).options(selectinload(Guardianship.guardian))
                               .order_by(Guardianship.id)))
    assert [(link.child_id, link.relation) for link in links] == [(orlov.id, "мать"),
                                                                 (titov.id, "мать")]
    assert links[0].guardian_id == links[1].guardian_id  # one mother, two children
    contacts = {row[0]: row[1] for row in base_rows(db, today=TODAY).mentees}
    assert contacts["Орлов Олег Олегович"] == "Орлова Анна Ивановна (мать): +7 (912) 345-67-89"
    assert contacts["Орлова Ольга Олеговна"] == "+7 (912) 345-67-89"
    assert contacts["Белова Инна Ильинична"] == "+7 (912) 000-11-22"


def test_the_apps_own_export_imported_back_adds_nobody(
        db: Database, programme: int, tmp_path: Path) -> None:
    school = write_xlsx(tmp_path / "школа.xlsx", [
        ["ФИО", "Класс", "Дата рождения", "Ключевой запрос", "Контакты родителей", "Телефон"],
        ["Орлов Олег Олегович", "5А", "02.02.2015", "адаптация",
         "Орлова Анна Ивановна (мать), 8 912 345-67-89", "89120001122"],
        ["Белова Инна Ильинична", "7Б", "03.03.2013", "неуспеваемость", None, None],
    ])
    teachers = write_xlsx(tmp_path / "наставники.xlsx", [
        ["ФИО", "Должность", "Класс", "Дата рождения"],
        ["Захарова Ольга Николаевна", "учитель", None, "01.01.1980"],
        ["Ковальчук Денис Игоревич", None, "10А", "05.05.2010"],
    ])
    assert run_import(db, "mentees", school, today=TODAY).imported == 2
    assert run_import(db, "mentors", teachers, today=TODAY).imported == 2
    before = counts(db)
    out = export_bases(db, tmp_path / "выгрузка.xlsx", today=TODAY)

    mentees = run_import(db, "mentees", out, today=TODAY)
    assert (mentees.sheet, mentees.data_rows, mentees.imported) == ("База наставляемых", 2, 0)
    assert mentees.errors == ()
    assert sorted(d.duplicate_of for d in mentees.duplicates) == [
        "в базе: Белова Инна Ильинична, 7Б, 03.03.2013",
        "в базе: Орлов Олег Олегович, 5А, 02.02.2015"]
    mentors = run_import(db, "mentors", out, sheet="База наставников", today=TODAY)
    assert (mentors.imported, len(mentors.duplicates), mentors.errors) == (0, 2, ())
    assert counts(db) == before


def test_no_birth_date_within_the_file(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "повторы.xlsx", [
        ["ФИО", "Класс"],
        ["Орлов Олег Олегович", "5А"],
        ["ОРЛОВ ОЛЕГ ОЛЕГОВИЧ", "5 «а»"],
        ["Орлов Олег Олегович", "6А"],  # another class: another boy
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert [(d.row, d.duplicate_of) for d in report.duplicates] == [(3, "строка 2")]
    assert report.imported == 2


def test_class_headings_and_a_row_of_column_numbers(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "по классам.xlsx", [
        ["№", "Фамилия, имя, отчество", "Дата рождения", "Ключевой запрос"],
        [1, 2, 3, 4],  # the column numbers printed under the header
        ["6 «А» класс"],
        [1, "Орлов Олег Олегович", datetime(2014, 3, 1), "адаптация"],
        ["Итого по 6А: 1"],
        ["6 «Б» класс"],
        [1, "Белова Инна Ильинична", datetime(2014, 5, 5), None],
        ["Классный руководитель: Петрова А. С."],
    ], merges=["A3:D3", "A6:D6"])
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.data_rows, report.imported, report.errors) == (2, 2, ())
    assert [(p.full_name, p.group_name, p.grade) for p in people(db)] == [
        ("Орлов Олег Олегович", "6А", 6), ("Белова Инна Ильинична", "6Б", 6)]


def test_a_list_without_the_imported_peoples_names(
        db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "пары.xlsx", [
        ["ФИО наставника", "Должность"], ["Орлова Ирина Викторовна", "учитель"]])
    with pytest.raises(ValidationError, match="нет столбца с ФИО наставляемых"):
        run_import(db, "mentees", path, today=TODAY)
    assert run_import(db, "mentors", path, today=TODAY).imported == 1

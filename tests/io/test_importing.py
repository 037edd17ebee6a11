"""The import service end to end: real .xlsx and .csv files, a real SQLite database."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from import_sheets import TODAY, audit_rows, counts, make_programme, write_csv, write_xlsx
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentordesk.errors import MentorDeskError, ValidationError
from mentordesk.io.sheet_reader import ImportCancelled
from mentordesk.model import (
    Guardianship,
    InfoSource,
    MenteeProfile,
    MentorProfile,
    MentorStatus,
    OrgKind,
    Person,
    PersonKind,
    Sex,
)
from mentordesk.services import importing
from mentordesk.services.database import Database
from mentordesk.services.importing import preview_import, run_import
from mentordesk.services.programme import create_programme

HEADER = ["№ п/п", "Ф.И.О. обучающегося", "Класс", "Дата рождения", "Ключевой запрос",
          "Интересы", "Контакты родителей (законных представителей)", "Телефон"]


def school_export(path: Path) -> Path:
    """A class teacher's export: a title, the header on row 4, names in CAPITALS, every class
    spelling, dates as dates and as text, a non-breaking space, a total line and a signature."""
    rows: list[list[object]] = [
        ["Список обучающихся МБОУ СОШ № 7 на 01.09.2026"],
        ["Классный руководитель: Петрова А. С."],
        [],
        HEADER,
        [1, "ИВАНОВ ИВАН ПЕТРОВИЧ", "7А", datetime(2013, 3, 5), "Низкая мотивация к учёбе",
         "футбол, шахматы; футбол", "Иванова Мария Сергеевна, 8 912 345-67-89", None],
        [2, "петрова\u00a0анна  сергеевна", "7 б", "05.03.2013", "Адаптация в новом классе",
         None, None, "8 (912) 000-11-22"],
        [3, " Сидоров Пётр Алексеевич ", "7-в", "12.11.2012", "неуспеваемость по математике",
         "робототехника", None, None],
        [4, "Кузнецова Мария Игоревна", "7 «А»", datetime(2013, 1, 20), "Одарённость",
         None, None, None],
        [],
        [5, None, "7А", datetime(2013, 2, 2), None, None, None, None],
        [6, "Смирнов Олег Иванович", "7А", "31.02.2013", None, None, None, None],
        [7, "Волков Артём Денисович", "13Б", datetime(2013, 4, 4), None, None, None, None],
        [8, "Попова Дарья Олеговна", "5А", "01.01.2027", None, None, None, None],
        [9, "Морозов Кирилл Андреевич", "7А", "01.01.2005", None, None, None, None],
        [10, "Лебедева Софья Павловна", "8А", datetime(2012, 6, 1), None, None, None, "12345"],
        [11, "Иванов Иван Петрович", "7а", "05.03.2013", None, None, None, None],
        [12, "Новиков Илья Романович", "6Г", datetime(2014, 6, 1), "Профориентация", None,
         None, None],
        ["Итого: 12"],
        [],
        ["Директор ____________ Сергеева Е. В."],
    ]
    return write_xlsx(path, rows, title="7 классы", merges=["A1:H1", "A2:H2", "A18:B18"])


@pytest.fixture
def programme(db: Database) -> int:
    return make_programme(db)


def mentees(db: Database) -> list[MenteeProfile]:
    with db.read() as s:
        return list(s.scalars(select(MenteeProfile).options(
            selectinload(MenteeProfile.person), selectinload(MenteeProfile.request_kind))
            .order_by(MenteeProfile.id)))


def test_messy_school_export(db: Database, programme: int, tmp_path: Path) -> None:
    path = school_export(tmp_path / "7 классы.xlsx")
    report = run_import(db, "mentees", path, today=TODAY)

    assert (report.sheet, report.header_row, report.data_rows) == ("7 классы", 4, 12)
    assert (report.valid, report.imported) == (5, 5)
    assert [(e.row, e.column) for e in report.errors] == [
        (10, "Ф.И.О. обучающегося"), (11, "Дата рождения"), (12, "Класс"),
        (13, "Дата рождения"), (14, "Дата рождения"), (15, "Телефон"),
    ]
    by_row = {e.row: e.message for e in report.errors}
    assert "не существует" in by_row[11]
    assert "ещё не наступила" in by_row[13]
    assert "не согласуется с 7-м классом" in by_row[14]
    assert [(d.row, d.duplicate_of) for d in report.duplicates] == [(16, "строка 5")]

    saved = mentees(db)
    people = [(m.person.full_name, m.person.group_name, m.person.birth_date) for m in saved]
    assert people == [
        ("Иванов Иван Петрович", "7А", date(2013, 3, 5)),
        ("Петрова Анна Сергеевна", "7Б", date(2013, 3, 5)),
        ("Сидоров Пётр Алексеевич", "7В", date(2012, 11, 12)),
        ("Кузнецова Мария Игоревна", "7А", date(2013, 1, 20)),
        ("Новиков Илья Романович", "6Г", date(2014, 6, 1)),
    ]
    ivanov, petrova = saved[0], saved[1]
    assert ivanov.person.kind is PersonKind.PUPIL and ivanov.person.grade == 7
    assert ivanov.person.sex is Sex.MALE and petrova.person.sex is Sex.FEMALE
    assert ivanov.request_kind is not None and ivanov.request_kind.name == "Низкая мотивация"
    assert ivanov.request_text == "Низкая мотивация к учёбе"
    assert ivanov.interests == ["футбол", "шахматы"]
    assert ivanov.entered_on == TODAY and ivanov.programme_id == programme
    assert "Иванова Мария Сергеевна, 8 912 345-67-89" in ivanov.person.notes
    assert ivanov.person.phone == ""  # the parent's phone is the guardian's, not the boy's
    with db.read() as s:
        (link,) = s.scalars(select(Guardianship).options(selectinload(Guardianship.guardian)))
        assert link.child_id == ivanov.person_id
        assert link.guardian.full_name == "Иванова Мария Сергеевна"
        assert link.guardian.kind is PersonKind.PARENT
        assert link.guardian.phone == "+7 (912) 345-67-89"
    assert petrova.person.phone == "+7 (912) 000-11-22"
    assert [m.request_kind.name if m.request_kind else None for m in saved] == [
        "Низкая мотивация", "Адаптация", "Неуспеваемость", "Одарённость", "Профориентация"]
    assert ivanov.person.organisation_id is not None
    # a person and a profile for each, and the guardian with the guardianship, by «импорт из Excel»
    assert audit_rows(db) == 12


def test_reimport_adds_nothing(db: Database, programme: int, tmp_path: Path) -> None:
    path = school_export(tmp_path / "список.xlsx")
    first = run_import(db, "mentees", path, today=TODAY)
    before = counts(db)
    again = run_import(db, "mentees", path, today=TODAY)
    assert counts(db) == before
    assert (again.valid, again.imported) == (0, 0)
    assert [d.row for d in again.duplicates] == [5, 6, 7, 8, 16, 17]
    assert again.duplicates[0].duplicate_of == "в базе: Иванов Иван Петрович, 7А, 05.03.2013"
    assert len(again.errors) == len(first.errors)


def test_dry_run_writes_nothing(db: Database, programme: int, tmp_path: Path) -> None:
    path = school_export(tmp_path / "список.xlsx")
    token = db.change_token()
    report = run_import(db, "mentees", path, dry_run=True, today=TODAY)
    assert (report.valid, report.imported) == (5, 0)
    assert counts(db) == (0, 0, 0) and db.change_token() == token
    assert preview_import(db, "mentees", path, today=TODAY).as_json() == report.as_json()


def test_json_shape(db: Database, programme: int, tmp_path: Path) -> None:
    report = run_import(db, "mentees", school_export(tmp_path / "a.xlsx"), today=TODAY)
    data = json.loads(json.dumps(report.as_json(), ensure_ascii=False))
    assert list(data) == ["sheet", "header_row", "data_rows", "valid", "imported", "errors",
                          "duplicates"]
    assert isinstance(data["sheet"], str)
    for key in ("header_row", "data_rows", "valid", "imported"):
        assert type(data[key]) is int
    assert data["errors"] and all(
        list(e) == ["row", "column", "message"] and type(e["row"]) is int
        and isinstance(e["column"], str) and isinstance(e["message"], str) and e["message"]
        for e in data["errors"])
    assert data["duplicates"] and all(
        list(d) == ["row", "duplicate_of"] and type(d["row"]) is int
        and isinstance(d["duplicate_of"], str) for d in data["duplicates"])
    assert "строка 16" in report.text()


def test_three_name_columns_and_sex_column(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ф.xlsx", [
        ["Фамилия", "Имя", "Отчество", "Пол", "Класс", "Д.р.", "Эл. почта"],
        ["СОКОЛОВА", "ЕВА", "", "жен", "3 «в»", "10.10.2017", "eva@mail.ru"],
        ["Алиев", "Рашид", "Мамед Оглы", None, "4А", datetime(2017, 1, 9), None],
        ["Тихонов", None, "Ильич", "м", "4А", datetime(2017, 1, 9), "not-an-email"],
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.valid == 2
    assert [(e.row, e.column) for e in report.errors] == [(4, "Имя"), (4, "Эл. почта")]
    saved = mentees(db)
    assert [(m.person.last_name, m.person.first_name, m.person.patronymic, m.person.sex)
            for m in saved] == [("Соколова", "Ева", "", Sex.FEMALE),
                                ("Алиев", "Рашид", "Мамед оглы", Sex.MALE)]
    assert saved[0].person.group_name == "3В" and saved[0].person.email == "eva@mail.ru"


@pytest.mark.parametrize("encoding,delimiter", [
    ("cp1251", ";"), ("utf-8-sig", ","), ("utf-8", "\t"),
])
def test_csv(db: Database, programme: int, tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path / "ученики.csv", [
        ["Список наставляемых"],
        ["ФИО", "Класс", "Дата рождения", "Запрос", "Источник информации"],
        ["Ёлкина Алёна Фёдоровна", "9 «Б»", "01.02.2011", "Профориентация, выбор профиля",
         "педагог-психолог"],
        ["ГРОМОВ ЮРИЙ ЮРЬЕВИЧ", "9б", "15.07.2010", "группа риска", "Совет профилактики"],
    ], encoding=encoding, delimiter=delimiter)
    report = run_import(db, "mentees", path, today=TODAY)
    assert (report.sheet, report.header_row, report.valid, report.errors) == (
        "ученики.csv", 2, 2, ())
    elkina, gromov = mentees(db)
    assert elkina.person.full_name == "Ёлкина Алёна Фёдоровна"
    assert elkina.info_source is InfoSource.PSYCHOLOGIST
    assert gromov.request_kind is not None and gromov.request_kind.name == "Группа риска"
    assert gromov.info_source is None and "Совет профилактики" in gromov.person.notes


def test_duplicates_against_the_database_ignore_case_and_yo(
        db: Database, programme: int, tmp_path: Path) -> None:
    run_import(db, "mentees", write_xlsx(tmp_path / "a.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Фёдоров Семён Петрович", "5А", "01.03.2015"],
    ]), today=TODAY)
    report = run_import(db, "mentees", write_xlsx(tmp_path / "b.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["ФЕДОРОВ СЕМЕН ПЕТРОВИЧ", "5а", datetime(2015, 3, 1)],
        ["Федоров Семен Петрович", "5А", "02.03.2015"],  # another birthday: another boy
    ]), today=TODAY)
    assert [(d.row, d.duplicate_of) for d in report.duplicates] == [
        (2, "в базе: Фёдоров Семён Петрович, 5А, 01.03.2015")]
    assert report.imported == 1 and counts(db)[0] == 2


def test_mentors(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "наставники.xlsx", [
        ["База наставников"],
        ["ФИО наставника", "Место работы/учёбы", "Должность", "Класс", "Ключевые компетенции",
         "Важные достижения", "Интересы", "Телефон", "E-mail", "Желаемый возраст наставляемых",
         "Количество наставляемых", "ФИО наставляемого(-ых)"],
        ["Орлова Ирина Викторовна", "МБОУ СОШ № 7", "учитель математики", None,
         "подготовка к ОГЭ; олимпиады", "Учитель года — 2024", "туризм", "+7 912 111 22 33",
         "orlova@school7.ru", "12–15", 3, "Иванов И. П."],
        ["Ковальчук Денис Игоревич", "МБОУ СОШ № 7", None, "10А", "программирование",
         None, None, None, None, None, None, None],
        ["Белов Олег Олегович", None, None, None, None, None, None, None, None, "3-4", 99, None],
    ])
    report = run_import(db, "mentors", path, today=TODAY)
    assert report.header_row == 2 and report.valid == 2
    assert {(e.row, e.column) for e in report.errors} == {
        (5, "Желаемый возраст наставляемых"), (5, "Количество наставляемых")}
    with db.read() as s:
        saved = list(s.scalars(select(MentorProfile).options(selectinload(MentorProfile.person))
                               .order_by(MentorProfile.id)))
    orlova, kovalchuk = saved
    assert orlova.person.kind is PersonKind.TEACHER and orlova.person.position == "учитель математики"
    assert orlova.competences == ["подготовка к ОГЭ", "олимпиады"]
    assert (orlova.capacity, orlova.mentee_age_min, orlova.mentee_age_max) == (3, 12, 15)
    assert orlova.status is MentorStatus.CANDIDATE and orlova.programme_id == programme
    assert orlova.person.phone == "+7 (912) 111-22-33"
    assert kovalchuk.person.kind is PersonKind.PUPIL and kovalchuk.person.group_name == "10А"
    assert kovalchuk.capacity == 1


def test_teacher_mentees(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "педагоги.xlsx", [
        ["ФИО", "Должность", "Стаж", "Ключевой запрос", "Дата вхождения в программу"],
        ["Захарова Ольга Николаевна", "учитель начальных классов", "1 год",
         "молодой специалист", "02.09.2026"],
        ["Егоров Максим Сергеевич", "учитель физики", 12, "Профессиональный дефицит", None],
    ])
    report = run_import(db, "mentees", path, today=TODAY)
    assert report.valid == 2, report.errors
    zakharova, egorov = mentees(db)
    assert zakharova.person.kind is PersonKind.TEACHER
    assert zakharova.person.experience_years == 1 and zakharova.entered_on == date(2026, 9, 2)
    assert zakharova.request_kind is not None
    assert zakharova.request_kind.name == "Молодой специалист"
    assert egorov.entered_on == TODAY


def test_college_group_makes_a_student(db: Database, tmp_path: Path) -> None:
    create_programme(db, title="Наставничество в колледже", starts_on=date(2026, 9, 1),
                     ends_on=date(2027, 8, 31), organisation_name="ГБПОУ «Политехнический колледж»",
                     organisation_kind=OrgKind.COLLEGE)
    path = write_xlsx(tmp_path / "группа.xlsx", [
        ["ФИО", "Группа", "Курс", "Специальность", "Дата рождения"],
        ["Гусев Антон Павлович", "тм 21", 2, "Технология машиностроения", "03.04.2007"],
    ])
    run_import(db, "mentees", path, today=TODAY)
    (gusev,) = mentees(db)
    assert gusev.person.kind is PersonKind.STUDENT
    assert (gusev.person.group_name, gusev.person.grade, gusev.person.course) == ("ТМ-21", None, 2)


def test_no_programme(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Сначала создайте программу наставничества"):
        run_import(db, "mentees", school_export(tmp_path / "a.xlsx"), today=TODAY)


def test_unknown_kind(db: Database, programme: int, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="mentees"):
        run_import(db, "pupils", school_export(tmp_path / "a.xlsx"))  # type: ignore[arg-type]


def many_rows(path: Path, n: int) -> Path:
    rows: list[list[object]] = [["ФИО", "Класс", "Дата рождения"]]
    rows += [[f"Ученик{'а' * (i // 26 + 1)} Имя{chr(1072 + i % 26)} Отчество", "5А",
              date(2015, 1 + i % 12, 1 + i % 28)] for i in range(n)]
    return write_xlsx(path, rows)


def test_all_or_nothing_when_cancelled_mid_write(
        db: Database, programme: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "CHUNK", 10)
    path = many_rows(tmp_path / "много.xlsx", 35)
    calls: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled) as info:
        run_import(db, "mentees", path, today=TODAY, progress=lambda d, t: calls.append((d, t)),
                   cancelled=lambda: len(calls) >= 3)
    assert str(info.value) == "Импорт отменён, база не изменилась."
    assert isinstance(info.value, MentorDeskError)
    assert calls == [(0, 35), (10, 35), (20, 35)]  # two chunks were flushed, then rolled back
    assert counts(db) == (0, 0, 0) and audit_rows(db) == 0

    calls.clear()
    report = run_import(db, "mentees", path, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (35, 35) and report.imported == 35 and counts(db) == (35, 35, 0)


def test_a_failing_write_rolls_back_everything(
        db: Database, programme: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "CHUNK", 10)
    original = importing._mentee
    made: list[int] = []

    def failing(*args: object, **kwargs: object) -> MenteeProfile:
        made.append(1)
        if len(made) == 25:
            raise OSError("disk trouble")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_mentee", failing)
    with pytest.raises(OSError):
        run_import(db, "mentees", many_rows(tmp_path / "много.xlsx", 35), today=TODAY)
    assert counts(db) == (0, 0, 0) and audit_rows(db) == 0


def test_read_only_database_refuses(db_path: Path, tmp_path: Path) -> None:
    from mentordesk.services.database import open_database

    rw = open_database(db_path)
    make_programme(rw)
    rw.close()
    ro = open_database(db_path, read_only=True)
    try:
        path = school_export(tmp_path / "a.xlsx")
        assert run_import(ro, "mentees", path, dry_run=True, today=TODAY).valid == 5
        with pytest.raises(MentorDeskError, match="только для чтения"):
            run_import(ro, "mentees", path, today=TODAY)
    finally:
        ro.close()


def test_explicit_sheet_header_and_mapping(db: Database, programme: int, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "книга.xlsx", [
        ["Кто", "Где учится"],
        ["Степанова Вера Ильинична", "2Б"],
    ], title="Прочее", extra_sheets=["Пустой"])
    with pytest.raises(ValidationError, match="не найдена строка заголовков") as info:
        run_import(db, "mentees", path, today=TODAY)
    assert "«Прочее», «Пустой»" in info.value.message and "вручную" not in info.value.message
    report = run_import(db, "mentees", path, sheet="Прочее", header_row=1,
                        mapping={"full_name": 0, "group": 1}, today=TODAY)
    assert report.imported == 1 and report.columns == ("Кто", "Где учится")
    with pytest.raises(ValidationError, match="пуст"):
        run_import(db, "mentees", path, sheet="Пустой", today=TODAY)
    with pytest.raises(ValidationError, match="нет листа «Нет такого»"):
        run_import(db, "mentees", path, sheet="Нет такого", today=TODAY)
    with pytest.raises(ValidationError, match="ФИО"):
        run_import(db, "mentees", path, header_row=1, mapping={"group": 1}, today=TODAY)


def test_import_modules_do_not_load_qt() -> None:
    code = (
        "import sys\n"
        "import mentordesk.io.xlsx_safe, mentordesk.io.sheet_reader, mentordesk.io.import_fields\n"
        "import mentordesk.io.import_values, mentordesk.io.people_import\n"
        "import mentordesk.services.importing\n"
        "sys.exit(1 if any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.postgres
def test_import_on_postgresql(pg_url: str, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The district centre's server: the database numbers the rows, the column widths are
    enforced, and a cancelled import leaves nothing."""
    from mentordesk.services.database import open_database

    db = open_database(pg_url)
    try:
        make_programme(db)
        path = school_export(tmp_path / "a.xlsx")
        monkeypatch.setattr(importing, "CHUNK", 2)
        calls: list[int] = []
        with pytest.raises(ImportCancelled):
            run_import(db, "mentees", path, today=TODAY, progress=lambda d, t: calls.append(d),
                       cancelled=lambda: len(calls) >= 3)
        assert calls == [0, 2, 4] and counts(db) == (0, 0, 0)
        report = run_import(db, "mentees", path, today=TODAY)
        assert (report.valid, report.imported, len(report.errors)) == (5, 5, 6)
        saved = mentees(db)
        assert saved[0].person.full_name == "Иванов Иван Петрович"
        assert saved[0].request_kind is not None and audit_rows(db) == 12  # and a guardian
        again = run_import(db, "mentees", path, today=TODAY)
        assert again.imported == 0 and counts(db) == (6, 5, 0)
        with db.write() as s:  # ids came from the sequence: a row typed by hand still fits
            s.add(Person(last_name="Орлов", first_name="Олег", kind=PersonKind.TEACHER))
        assert counts(db)[0] == 7
    finally:
        db.close()

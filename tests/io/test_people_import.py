"""Row checks of the import, on rows as read from a sheet: every reason a row is refused,
what a row becomes, and the lines that are not data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest
from import_sheets import TODAY

from mentordesk.errors import ValidationError
from mentordesk.io.import_values import match_name, parse_age_range, split_contacts, split_tags
from mentordesk.io.people_import import Preview, person_key, validate
from mentordesk.model import InfoSource, PersonKind, Sex
from mentordesk.model.reference import REQUEST_KINDS

KINDS = [(i, name) for i, (name, _) in enumerate(REQUEST_KINDS, start=1)]
HEADER = ("ФИО", "Класс", "Дата рождения", "Телефон", "E-mail", "Пол", "Ключевой запрос",
          "Контакты родителей", "Источник информации")
MAPPING = {"full_name": 0, "group": 1, "birth_date": 2, "phone": 3, "email": 4, "sex": 5,
           "request": 6, "guardian": 7, "info_source": 8}


def check(*rows: Sequence[object], kind: str = "mentees", existing: dict | None = None,  # type: ignore[type-arg]
          header: Sequence[object] = HEADER, mapping: dict[str, int] | None = None) -> Preview:
    return validate([header, *rows], 1, mapping or MAPPING, kind, TODAY, existing or {},  # type: ignore[arg-type]
                    request_kinds=KINDS)


def only_error(preview: Preview) -> tuple[int, str, str]:
    assert len(preview.errors) == 1 and not preview.valid_rows, preview
    e = preview.errors[0]
    return e.row, e.column, e.message


@pytest.mark.parametrize("row,column,phrase", [
    (("", "5А"), "ФИО", "Не указаны фамилия и имя"),
    (("Орлов", "5А"), "ФИО", "хотя бы фамилия и имя"),
    (("Орлов О. О.", "5А"), "ФИО", "инициалы"),
    (("Орлов 2 Олег", "5А"), "ФИО", "цифры"),
    (("Орлов Олег", "12А"), "Класс", "не бывает"),
    (("Орлов Олег", "5 класс Б с углублённым"), "Класс", "Не удаётся распознать класс"),
    (("Орлов Олег", "5А", "31.04.2015"), "Дата рождения", "не существует"),
    (("Орлов Олег", "5А", "завтра"), "Дата рождения", "Не удаётся прочитать дату"),
    (("Орлов Олег", "5А", "02.10.2026"), "Дата рождения", "ещё не наступила"),
    (("Орлов Олег", "5А", datetime(2020, 1, 1)), "Дата рождения", "не согласуется с 5-м классом"),
    (("Орлов Олег", "5А", None, "8-912-34"), "Телефон", "нужно 10 цифр"),
    (("Орлов Олег", "5А", None, None, "orlov@"), "E-mail", "записан неверно"),
    (("Орлов Олег", "5А", None, None, None, "муж?"), "Пол", "не распознан"),
    (("Орлов Олег", None, "01.01.2014"), "Класс", "укажите класс"),
])
def test_rejections(row: tuple[object, ...], column: str, phrase: str) -> None:
    number, col, message = only_error(check(row))
    assert (number, col) == (2, column) and phrase in message


def test_several_problems_in_one_row_are_all_listed() -> None:
    preview = check(("Орлов Олег", "13А", "31.02.2015", "123"))
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "Дата рождения"), (2, "Класс"), (2, "Телефон")]


def test_a_good_row() -> None:
    preview = check(("ПЕТРОВА\u00a0АННА СЕРГЕЕВНА", "7 «б»", "05.03.2013", "89123456789",
                     " anna@mail.ru ", None, "Ребёнок с ОВЗ", "мама: 8 912 000-00-00",
                     "Кл. руководитель"))
    (row,) = preview.valid_rows
    assert (row.last_name, row.first_name, row.patronymic) == ("Петрова", "Анна", "Сергеевна")
    assert (row.group_name, row.grade, row.person_kind) == ("7Б", 7, PersonKind.PUPIL)
    assert (row.phone, row.email, row.sex) == ("+7 (912) 345-67-89", "anna@mail.ru", Sex.FEMALE)
    assert row.request_kind_id == dict((n, i) for i, n in KINDS)["ОВЗ"]
    assert row.info_source is InfoSource.CLASS_TEACHER
    assert row.notes == "Контакты родителей: мама: 8 912 000-00-00"
    assert row.entered_on == TODAY and preview.data_rows == 1


def test_guardian_notes_only_for_minors() -> None:
    header = ("ФИО", "Должность", "Дата рождения", "Законный представитель")
    mapping = {"full_name": 0, "position": 1, "birth_date": 2, "guardian": 3}
    preview = check(("Орлова Анна Ивановна", "учитель", "01.01.1990", "Орлов Иван"),
                    header=header, mapping=mapping)
    assert preview.valid_rows[0].notes == "" and preview.valid_rows[0].person_kind is PersonKind.TEACHER


def test_lines_that_are_not_data() -> None:
    rows = [
        ("Орлов Олег", "5А"),
        (None, None, None, None, None, None, None, None, None, "примечание справа"),
        (),
        HEADER,  # the header repeated on the next printed page
        ("Белов Илья", "5Б"),
        ("ИТОГО: 2 человека",),  # a subtotal: skipped, and the list goes on
        ("Ещё Одна", "5В"),
        ("Директор школы ___________ Иванов И. И.",),  # a signature: never a person
        ("Исполнитель: Петрова А. С., тел. 8 (912) 000-00-00",),
        ("Подпись",),
    ]
    preview = check(*rows)
    assert [r.row for r in preview.valid_rows] == [2, 6, 8] and preview.data_rows == 3
    assert not preview.errors


def test_duplicates_within_the_file_and_in_the_database() -> None:
    in_db = person_key("Белов", "Илья", "", date(2015, 5, 5))
    preview = check(("Орлов Олег", "5А", "01.02.2015"), ("ОРЛОВ ОЛЕГ", "5а", datetime(2015, 2, 1)),
                    ("Белов Илья", "5Б", "05.05.2015"), ("Орлов Олег", "5А"),
                    existing={in_db: "Белов Илья, 05.05.2015"})
    # No birth date in row 5: the same name in the same class is the same boy.
    assert [(d.row, d.duplicate_of) for d in preview.duplicates] == [
        (3, "строка 2"), (4, "в базе: Белов Илья, 05.05.2015"), (5, "строка 2")]
    assert [r.row for r in preview.valid_rows] == [2]
    assert preview.valid == 1 and preview.data_rows == 4


def test_a_refused_row_does_not_make_a_later_one_a_duplicate() -> None:
    preview = check(("Орлов Олег", "5А", "01.02.2015", "1"), ("Орлов Олег", "5А", "01.02.2015"))
    assert [r.row for r in preview.valid_rows] == [3] and not preview.duplicates


def test_mapping_must_name_a_name_column() -> None:
    with pytest.raises(ValidationError, match="ФИО"):
        check(("Орлов Олег",), mapping={"group": 1})
    with pytest.raises(ValidationError, match="нет в таблице"):
        check(("Орлов Олег",), mapping={"full_name": 0, "group": 40})
    with pytest.raises(ValidationError, match="Неизвестное поле"):
        check(("Орлов Олег",), mapping={"full_name": 0, "shoe_size": 1})


def test_mentor_fields() -> None:
    header = ("ФИО", "Компетенции", "Число наставляемых", "Желаемый возраст наставляемых",
              "Стаж")
    mapping = {"full_name": 0, "competences": 1, "capacity": 2, "mentee_age": 3,
               "experience": 4}
    preview = check(("Орлова Анна Ивановна", "ОГЭ;ЕГЭ, олимпиады", "2", "с 12 до 15 лет",
                     "15 лет"), kind="mentors", header=header, mapping=mapping)
    (row,) = preview.valid_rows
    assert row.competences == ("ОГЭ", "ЕГЭ", "олимпиады")
    assert (row.capacity, row.mentee_age_min, row.mentee_age_max) == (2, 12, 15)
    assert row.experience_years == 15 and row.person_kind is PersonKind.TEACHER


@pytest.mark.parametrize("text,expected", [
    ("Низкая мотивация", "Низкая мотивация"),
    ("НИЗКАЯ  МОТИВАЦИЯ к учёбе", "Низкая мотивация"),
    ("мотивация низкая", "Низкая мотивация"),
    ("одарённый ребёнок", "Одарённость"),
    ("одаренность", "Одарённость"),
    ("Группы риска", "Группа риска"),
    ("подготовка к олимпиаде по физике", "Подготовка к олимпиаде"),
    ("Профориент", "Профориентация"),
    ("ЗПР", "ЗПР"),
    ("трудности с чтением", None),
    ("", None),
])
def test_request_kind_matching(text: str, expected: str | None) -> None:
    names = dict(KINDS)
    found = match_name(text, KINDS)
    assert (names[found] if found else None) == expected


def test_value_helpers() -> None:
    assert split_tags("математика, физика;;Математика\nшахматы.") == (
        "математика", "физика", "шахматы")
    assert split_contacts("8 912 345-67-89, ivan@mail.ru") == ("8 912 345-67-89", "ivan@mail.ru")
    assert split_contacts("ivan@mail.ru") == ("", "ivan@mail.ru")
    assert parse_age_range("10–14") == (10, 14) and parse_age_range(12) == (12, 12)

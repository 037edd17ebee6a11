"""Rules for what real school exports contain: classes, dates, names, phones."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.model.enums import Sex
from mentordesk.model.rules import (
    RuleError,
    check_birth_for_grade,
    check_email,
    normalise_phone,
    parse_class,
    parse_date,
    sex_from_patronymic,
    split_full_name,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text,group,grade", [
    ("7А", "7А", 7), ("7 А", "7А", 7), ("7-а", "7А", 7), ("7 «А»", "7А", 7),
    ("7\u00a0а", "7А", 7), ("7A", "7А", 7), ("11б класс", "11Б", 11), (" 5 ", "5", 5),
    (5.0, "5", 5), ("ТМ-21", "ТМ-21", None), ("тм 21", "ТМ-21", None),
    ("ПКД-9-22", "ПКД-9-22", None),
])
def test_class_labels(text: object, group: str, grade: int | None) -> None:
    label = parse_class(text)
    assert (label.group_name, label.grade) == (group, grade)


@pytest.mark.parametrize("text", ["", "12А", "0Б", "7АБВ", "???", "7 класс Б с углублённым"])
def test_impossible_classes(text: str) -> None:
    with pytest.raises(RuleError):
        parse_class(text)


@pytest.mark.parametrize("value,expected", [
    ("05.03.2012", date(2012, 3, 5)), ("5.3.2012", date(2012, 3, 5)),
    ("05/03/2012", date(2012, 3, 5)), ("2012-03-05", date(2012, 3, 5)),
    ("05.03.12", date(2012, 3, 5)), ("05.03.98", date(1998, 3, 5)),
    (datetime(2012, 3, 5, 0, 0), date(2012, 3, 5)), (40973, date(2012, 3, 5)),
    ("05.03.2012 г.", date(2012, 3, 5)),
])
def test_dates(value: object, expected: date) -> None:
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize("value", ["31.02.2012", "2012-13-01", "завтра", "", "01.01.2030",
                                   "01.01.1850", -5, True])
def test_impossible_dates(value: object) -> None:
    with pytest.raises(RuleError):
        parse_date(value, today=TODAY)


def test_birth_agrees_with_class() -> None:
    check_birth_for_grade(date(2019, 5, 1), 1, TODAY)  # 7 on 1 September 2026
    check_birth_for_grade(date(2013, 2, 1), 7, TODAY)
    with pytest.raises(RuleError, match="не согласуется с 7-м классом"):
        check_birth_for_grade(date(2019, 5, 1), 7, TODAY)


def test_full_names() -> None:
    assert split_full_name("ИВАНОВ  иван ИВАНОВИЧ").text == "Иванов Иван Иванович"
    assert split_full_name("Алиев Рашид Мамед оглы").patronymic == "Мамед оглы"
    assert split_full_name("Петрова-Водкина Анна").patronymic == ""
    with pytest.raises(RuleError):
        split_full_name("Иванов")


def test_sex_from_patronymic() -> None:
    assert sex_from_patronymic("Ильич") == Sex.MALE
    assert sex_from_patronymic("Ильинична") == Sex.FEMALE
    assert sex_from_patronymic("Мамед оглы") == Sex.MALE
    assert sex_from_patronymic("Гасан кызы") == Sex.FEMALE
    assert sex_from_patronymic("") is None


def test_phones_and_emails() -> None:
    assert normalise_phone("8 912 345 67 89") == "+7 (912) 345-67-89"
    assert normalise_phone("+7(912)3456789") == "+7 (912) 345-67-89"
    assert normalise_phone("") == ""
    with pytest.raises(RuleError):
        normalise_phone("12345")
    assert check_email(" a.b@school7.ru ") == "a.b@school7.ru"
    with pytest.raises(RuleError):
        check_email("a.b@school7")


@given(st.integers(min_value=1, max_value=11), st.sampled_from("АБВГДабвгд"),
       st.sampled_from(["", " ", "-", " «", "\u00a0"]))
def test_any_spelling_of_a_school_class(grade: int, letter: str, sep: str) -> None:
    closing = "»" if "«" in sep else ""
    label = parse_class(f"{grade}{sep}{letter}{closing}")
    assert label.group_name == f"{grade}{letter.upper()}" and label.grade == grade

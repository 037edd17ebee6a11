"""Rules for what real school exports contain: classes, dates, names, phones."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.model.enums import Sex
from mentordesk.model.rules import (
    RuleError,
    check_birth_for_grade,
    check_email,
    check_name,
    normalise_phone,
    parse_class,
    parse_date,
    sex_from_patronymic,
    split_full_name,
)
from mentordesk.model.text import clean_name, normalise, to_cyrillic

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


@pytest.mark.parametrize("text,parts", [
    ("ИВАНОВА-ПЕТРОВА АННА-МАРИЯ СЕРГЕЕВНА", ("Иванова-Петрова", "Анна-Мария", "Сергеевна")),
    ("иванова-петрова анна-мария", ("Иванова-Петрова", "Анна-Мария", "")),
    ("д'АРТАНЬЯН Шарль", ("д'Артаньян", "Шарль", "")),
    ("О'НИЛ Патрик", ("О'Нил", "Патрик", "")),
    ("фон Браун Иван Иванович", ("фон Браун", "Иван", "Иванович")),
    ("ФОН БРАУН ИВАН ИВАНОВИЧ", ("фон Браун", "Иван", "Иванович")),
    ("фон Браун Иван", ("фон Браун", "Иван", "")),
    ("де ла Крус Мария", ("де ла Крус", "Мария", "")),
    ("Ван Лин Ивановна", ("Ван", "Лин", "Ивановна")),  # a Chinese surname, not «van»
    ("Ван Лин", ("Ван", "Лин", "")),
    ("Мамедов Эльчин Рауф оглы", ("Мамедов", "Эльчин", "Рауф оглы")),
    ("МАМЕДОВА АЙГЮН РАУФ КЫЗЫ", ("Мамедова", "Айгюн", "Рауф кызы")),
    ("МакКуин Стив", ("МакКуин", "Стив", "")),
    ("Ивaнов Ивaн", ("Иванов", "Иван", "")),  # Latin «a»
    ("Петрова - Водкина Анна–Мария", ("Петрова-Водкина", "Анна-Мария", "")),
])
def test_names_are_tidied(text: str, parts: tuple[str, str, str]) -> None:
    name = split_full_name(text)
    assert (name.last_name, name.first_name, name.patronymic) == parts
    check_name(name)


def test_mixed_script_words_are_cyrillic() -> None:
    assert to_cyrillic("Ивaнов") == "Иванов" and to_cyrillic("Ivanov") == "Ivanov"
    assert to_cyrillic("CEPГЕЙ") == "СЕРГЕЙ"
    assert normalise("Ивaнов ИВАН") == normalise("иванов иван") == "иванов иван"
    assert normalise("Python и Java") == "python и java"  # words in one script stay
    assert clean_name("ИBAHOB") == "Иванов"


@pytest.mark.parametrize("text,phrase", [
    ("Директор Школы ___________ Иванов И. И.", "инициалы"),
    ("Иванов_Иван Петрович", "«_»"),
    ("Иванов Иван Петрович2", "цифры"),
    ("Иванов И. И.", "инициалы"),
    ("Иванов Иван П", "инициалы"),
    ("Иванов Ив.ан", "«.»"),
    ("Иванов (Петров) Иван", "«(», «)»"),
])
def test_what_is_no_name(text: str, phrase: str) -> None:
    with pytest.raises(RuleError, match=re.escape(phrase)):
        check_name(split_full_name(text))


def test_a_letter_before_the_number() -> None:
    assert parse_class("А7").group_name == "А7"  # a college group…
    with pytest.raises(RuleError, match="«7А»"):
        parse_class("А7", groups=False)  # …but at school a mistyped «7А»
    with pytest.raises(RuleError, match="в школе классы пишут"):
        parse_class("ТМ-21", groups=False)
    assert parse_class("7 «а»", groups=False).group_name == "7А"

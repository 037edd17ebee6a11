"""The columns of the two bases: a key (for the remembered choice), a Russian header, how a row
is shown, whether it sorts as a number, and whether it is shown until the curator says otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ...services.people import MenteeRow, MentorRow

CONSENT_KEY = "consent"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: Callable[[Any], str]
    numeric: Callable[[Any], float] | None = None
    shown: bool = True


def _day(value: date | None) -> str:
    return f"{value.day:02}.{value.month:02}.{value.year}" if value else ""  # 4x strftime


def _age(value: int | None) -> str:
    return "" if value is None else str(value)


def _age_key(row: Any) -> float:
    return -1.0 if row.age is None else float(row.age)


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)


MENTEE_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "ФИО", lambda r: r.full_name),
    Column("class", "Класс / должность", lambda r: r.class_or_post,
           numeric=lambda r: (r.grade or 0) * 100.0 + (ord(r.class_or_post[-1:] or " ") % 100)),
    Column("age", "Возраст", lambda r: _age(r.age), numeric=_age_key),
    Column("request_kind", "Ключевой запрос", lambda r: r.request_kind),
    Column("request_text", "Запрос подробно", lambda r: r.request_text, shown=False),
    Column("form", "Форма наставничества", lambda r: r.form),
    Column("role_model", "Ролевая модель", lambda r: r.role_model, shown=False),
    Column("status", "Статус", lambda r: r.status_label),
    Column("mentor", "Наставник", lambda r: r.mentor_name),
    Column(CONSENT_KEY, "Согласие", lambda r: r.consent),
    Column("entered_on", "Дата вхождения", lambda r: _day(r.entered_on),
           numeric=lambda r: float(r.entered_on.toordinal())),
    Column("contacts", "Контакты", lambda r: r.contacts, shown=False),
    Column("interests", "Интересы", lambda r: _list(r.interests), shown=False),
    Column("organisation", "Организация", lambda r: r.organisation, shown=False),
    Column("archived", "В архиве", lambda r: "да" if r.archived else "", shown=False),
)

MENTOR_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "ФИО", lambda r: r.full_name),
    Column("kind", "Вид участника", lambda r: r.kind),
    Column("workplace", "Место работы/учёбы", lambda r: r.workplace),
    Column("competences", "Ключевые компетенции", lambda r: _list(r.competences)),
    Column("forms", "Формы наставничества", lambda r: _list(r.forms)),
    Column("load", "Наставляемых / мест", lambda r: f"{r.load} из {r.capacity}",
           numeric=lambda r: float(r.load * 1000 + r.capacity)),
    Column("status", "Статус", lambda r: r.status_label),
    Column(CONSENT_KEY, "Согласие", lambda r: r.consent),
    Column("mentee_ages", "Возраст наставляемых", lambda r: r.mentee_ages, shown=False),
    Column("mentees", "Наставляемые", lambda r: _list(r.mentees), shown=False),
    Column("entered_on", "Дата вхождения", lambda r: _day(r.entered_on),
           numeric=lambda r: float(r.entered_on.toordinal()), shown=False),
    Column("contacts", "Контакты", lambda r: r.contacts, shown=False),
    Column("age", "Возраст", lambda r: _age(r.age), numeric=_age_key, shown=False),
    Column("reserve", "Долгосрочная база", lambda r: "да" if r.in_reserve else "", shown=False),
    Column("archived", "В архиве", lambda r: "да" if r.archived else "", shown=False),
)


def row_is_mentee(row: MenteeRow | MentorRow) -> bool:
    return isinstance(row, MenteeRow)

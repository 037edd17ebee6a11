"""Reading single cells of an export: text, tags, numbers, sex, and names matched to a list.

The rules shared with the edit dialogs (classes, dates, names, phones) live in
`model.rules`; what is here only concerns the shapes values take in spreadsheets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Generic, TypeVar

from ..model.enums import Sex
from ..model.rules import FullName, RuleError, normalise_phone, split_full_name
from ..model.text import normalise

K = TypeVar("K")

_TAG_SPLIT = re.compile(r"[;,\n]+")
_INT = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?\s*(?:[а-яё.]+\s*)*$", re.IGNORECASE)
_AGE_RANGE = re.compile(r"(\d{1,2})\s*(?:-|–|—|до)\s*(\d{1,2})")
_AGE_ONE = re.compile(r"^\D*(\d{1,2})\D*$")
_EMAIL_IN_TEXT = re.compile(r"[^@\s,;]+@[^@\s,;]+")
_SEX_WORDS = {
    "м": Sex.MALE, "муж": Sex.MALE, "мужской": Sex.MALE, "мальчик": Sex.MALE, "m": Sex.MALE,
    "ж": Sex.FEMALE, "жен": Sex.FEMALE, "женский": Sex.FEMALE, "девочка": Sex.FEMALE,
    "f": Sex.FEMALE,
}


def cell_text(value: object) -> str:
    """A cell as one line of text: stray and non-breaking spaces gone, whole numbers without
    «.0», dates as «05.03.2012»."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.replace("\u00a0", " ").split())
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_tags(value: object) -> tuple[str, ...]:
    """«математика, физика; шахматы» → three tags, each once, in the order given."""
    seen: dict[str, str] = {}
    for part in _TAG_SPLIT.split(cell_text(value) if not isinstance(value, str) else value):
        tag = " ".join(part.replace("\u00a0", " ").split()).strip(" .")
        if tag and normalise(tag) not in seen:
            seen[normalise(tag)] = tag
    return tuple(seen.values())


def parse_sex(value: object) -> Sex:
    key = normalise(cell_text(value)).rstrip(".")
    if key in _SEX_WORDS:
        return _SEX_WORDS[key]
    raise RuleError(f"Пол «{cell_text(value)}» не распознан: пишите «м» или «ж».")


def parse_count(value: object, *, what: str, low: int, high: int) -> int:
    """A small whole number from a cell: 3, 3.0, «3», «5 лет»."""
    if isinstance(value, bool):
        raise RuleError(f"{what}: «{cell_text(value)}» — не число.")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            number = int(value)
        else:
            raise RuleError(f"{what}: «{cell_text(value)}» — нужно целое число.")
    else:
        match = _INT.match(cell_text(value))
        if not match:
            raise RuleError(f"{what}: «{cell_text(value)}» — нужно целое число.")
        number = int(match.group(1))
    if not low <= number <= high:
        raise RuleError(f"{what}: {number} — нужно число от {low} до {high}.")
    return number


def parse_age_range(value: object) -> tuple[int, int]:
    """«10–14», «с 10 до 14 лет», «12» → (min, max)."""
    text = cell_text(value)
    match = _AGE_RANGE.search(text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
    else:
        one = _AGE_ONE.match(text)
        if not one:
            raise RuleError(f"Возраст наставляемых «{text}» не распознан: пишите как «10–14».")
        low = high = int(one.group(1))
    if not 5 <= low <= high <= 99:
        raise RuleError(f"Возраст наставляемых «{text}»: нужен промежуток от 5 до 99 лет.")
    return low, high


def split_contacts(value: object) -> tuple[str, str]:
    """(phone text, e-mail) from one «Контакты» cell: «8 912 345-67-89, ivanov@mail.ru»."""
    text = cell_text(value)
    emails = _EMAIL_IN_TEXT.findall(text)
    email = emails[0] if emails else ""
    rest = _EMAIL_IN_TEXT.sub(" ", text)
    phone = rest.strip(" ,;") if re.search(r"\d", rest) else ""
    return phone, email


@dataclass(frozen=True)
class GuardianContact:
    """What a «Контакты родителей» cell says of the first guardian named in it."""

    name: FullName | None
    relation: str
    phone: str
    email: str


_PHONE_IN_TEXT = re.compile(r"(?:\+\s*7|\b8)?[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}\b")
_RELATIONS = {
    "мать": "мать", "мама": "мать", "матери": "мать", "отец": "отец", "папа": "отец",
    "отца": "отец", "бабушка": "бабушка", "дедушка": "дедушка", "опекун": "опекун",
    "опекунша": "опекун", "попечитель": "попечитель", "тётя": "тётя", "тетя": "тётя",
    "дядя": "дядя", "брат": "брат", "сестра": "сестра", "мачеха": "мачеха", "отчим": "отчим",
}
RELATION_SEX = {"мать": Sex.FEMALE, "бабушка": Sex.FEMALE, "тётя": Sex.FEMALE,
                "сестра": Sex.FEMALE, "мачеха": Sex.FEMALE, "отец": Sex.MALE,
                "дедушка": Sex.MALE, "дядя": Sex.MALE, "брат": Sex.MALE, "отчим": Sex.MALE}
_CONTACT_WORDS = frozenset({"тел", "телефон", "моб", "мобильный", "сот", "сотовый", "email",
                            "e-mail", "почта", "эл", "адрес", "законный", "представитель",
                            "родитель", "родители"})
_GUARDIAN_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?$")


def parse_guardian(value: object) -> GuardianContact:
    """«Иванова Мария Сергеевна (мать), 8 912 345-67-89» → the name, «мать», the phone as
    «+7 (912) 345-67-89» and no e-mail. Only the first guardian of a cell is read (the others
    follow a «;» or a new line); what cannot be read is left empty."""
    raw = value if isinstance(value, str) else cell_text(value)
    first = next((p for p in re.split(r"[;\n]+", raw) if p.strip()), "")
    text = " ".join(first.replace("\u00a0", " ").split())
    emails = _EMAIL_IN_TEXT.findall(text)
    text = _EMAIL_IN_TEXT.sub(" ", text)
    phone = ""
    for match in _PHONE_IN_TEXT.finditer(text):
        try:
            phone = normalise_phone(match.group())
        except RuleError:
            continue
        break
    text = _PHONE_IN_TEXT.sub(" ", text)
    relation = ""
    words: list[str] = []
    for word in re.split(r"[\s,:()/]+", text):
        key = word.strip(" .-").lower()
        if not key:
            continue
        if key in _RELATIONS:
            relation = relation or _RELATIONS[key]
        elif key not in _CONTACT_WORDS:
            words.append(word.strip(" -"))
    name = None
    if 2 <= len(words) <= 4 and all(_GUARDIAN_WORD.match(w) for w in words):
        try:
            name = split_full_name(" ".join(words))
        except RuleError:
            name = None
    return GuardianContact(name, relation, phone, emails[0].strip(".") if emails else "")


def _same_stem(word: str, target: str) -> bool:
    """«одарённый» ~ «одарённость», «группы» ~ «группа»: the words share all but their last
    few letters (Russian endings and suffixes), and at least four. Short words must match."""
    if min(len(word), len(target)) < 4:
        return word == target
    common = 0
    for a, b in zip(word, target, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(4, min(len(word), len(target)) - 4)


class NameMatcher(Generic[K]):
    """Finds the choice whose name best fits a text: the same name (case, ё and spaces
    aside); else one the text contains or begins; else one whose every word has a word of
    the same stem in the text. Among equals the longest name wins («Подготовка к олимпиаде»
    over «Олимпиада»). Answers are remembered: a column repeats the same few texts."""

    def __init__(self, choices: Iterable[tuple[K, str]]) -> None:
        self._choices = [(value, normalise(name), [t for t in normalise(name).split() if len(t) > 2])
                         for value, name in choices if normalise(name)]
        self._cache: dict[str, K | None] = {}

    def __call__(self, text: str) -> K | None:
        key = normalise(text).strip(" .")
        if key not in self._cache:
            self._cache[key] = self._find(key) if key else None
        return self._cache[key]

    def _find(self, key: str) -> K | None:
        words = re.split(r"[\W_]+", key)
        best: tuple[int, int, K] | None = None
        for value, target, stems in self._choices:
            if key == target:
                level = 3
            elif target in key or (len(key) >= 4 and target.startswith(key)):
                level = 2
            elif stems and all(any(_same_stem(w, t) for w in words) for t in stems):
                level = 1  # every word of the name («к» and «с» aside) has a kin in the text
            else:
                continue
            if best is None or (level, len(target)) > best[:2]:
                best = (level, len(target), value)
        return best[2] if best else None


def match_name(text: str, choices: Iterable[tuple[K, str]]) -> K | None:
    return NameMatcher(choices)(text)

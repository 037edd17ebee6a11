"""Pure validation and normalisation rules for people: names, classes, dates, contacts.

Used by the edit dialogs, the Excel import and the services alike, so a class written
«7 «а»» in a spreadsheet and «7А» typed in a form end up the same. Messages are Russian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .enums import Sex
from .text import APOSTROPHES, LOOKALIKE, PATRONYMIC_PARTICLES, SURNAME_PARTICLES, clean_name

# Latin letters that look Cyrillic in a class label («7A» typed with the wrong layout).
_LOOKALIKE = LOOKALIKE
_QUOTES = re.compile(r"[\"'«»“”„`]")
_SCHOOL_CLASS = re.compile(r"^(\d{1,2})\s*[-–—.]?\s*([А-ЯЁ])?\s*(?:КЛ(?:АСС)?\.?)?$")
_GROUP = re.compile(r"^[А-ЯЁ]{1,8}(?:[- ]?[А-ЯЁ]{1,4})?[- ]?\d{1,3}(?:[-/ ]?\d{1,2})?[А-ЯЁ]?$")
_DIGIT = re.compile(r"\d")
_REVERSED_CLASS = re.compile(r"^([А-ЯЁ])[- ]?(\d{1,2})$")
_NAME_CHARS = re.compile(rf"^[^\W\d_]+(?:[- {APOSTROPHES}][^\W\d_]+)*$")
_DATE_TEXT = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})(?:\s*г\.?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
EXCEL_EPOCH = date(1899, 12, 30)
OLDEST_BIRTH = date(1900, 1, 1)


class RuleError(ValueError):
    """A value that cannot be accepted; the message is Russian, for the user."""


@dataclass(frozen=True)
class ClassLabel:
    group_name: str  # «7А» or «ТМ-21»
    grade: int | None  # the school parallel, None for a college group


@dataclass(frozen=True)
class FullName:
    last_name: str
    first_name: str
    patronymic: str

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def parse_class(text: object, *, groups: bool = True) -> ClassLabel:
    """«7А», «7 а», «7-а», «7 «А»», «7а класс» → 7А; «ТМ-21» stays a college group unless
    `groups` is False (a school's database: there «А7» is a mistyped class, not a group)."""
    raw = "" if text is None else str(text)
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    value = _QUOTES.sub("", raw.replace("\u00a0", " ")).strip().upper().translate(_LOOKALIKE)
    value = re.sub(r"\s+", " ", value)
    if not value:
        raise RuleError("Не указан класс или группа.")
    match = _SCHOOL_CLASS.match(value)
    if match:
        grade = int(match.group(1))
        if not 1 <= grade <= 11:
            raise RuleError(f"Класса «{raw.strip()}» не бывает: параллели с 1 по 11.")
        return ClassLabel(f"{grade}{match.group(2) or ''}", grade)
    if _GROUP.match(value):
        if not groups:
            reversed_class = _REVERSED_CLASS.match(value)
            if reversed_class and 1 <= int(reversed_class.group(2)) <= 11:
                hint = f"«{int(reversed_class.group(2))}{reversed_class.group(1)}»"
                raise RuleError(f"Класса «{raw.strip()}» не бывает: сначала номер, потом буква, "
                                f"например {hint}.")
            raise RuleError(f"Не удаётся распознать класс «{raw.strip()}»: в школе классы пишут "
                            "как «7А».")
        return ClassLabel(re.sub(r"\s+", "-", value), None)
    raise RuleError(
        f"Не удаётся распознать класс «{raw.strip()}». Пишите как «7А» или, для колледжа, «ТМ-21»."
    )


def academic_year_start(day: date) -> date:
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def grade_age_range(grade: int) -> tuple[int, int]:
    """Ages a pupil of the parallel may have on 1 September: school starts at 6½–8, and a
    year repeated or skipped is not rare."""
    return grade + 5, grade + 8


def check_birth_for_grade(birth: date, grade: int, today: date) -> None:
    age = age_on(birth, academic_year_start(today))
    low, high = grade_age_range(grade)
    if not low <= age <= high:
        raise RuleError(
            f"Дата рождения {birth:%d.%m.%Y} не согласуется с {grade}-м классом: "
            f"на 1 сентября ученику {age} {years_word(age)}, а обычно {low}–{high}."
        )


def years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "года"
    return "лет"


def parse_date(value: object, *, today: date | None = None, past_only: bool = True) -> date:
    """A date from a cell: a real date, an Excel serial number, «05.03.2012», «5.3.12», ISO."""
    today = today or date.today()
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 80000:
            raise RuleError(f"«{value}» — не дата.")
        result = EXCEL_EPOCH + timedelta(days=int(value))
    else:
        text = str(value or "").replace("\u00a0", " ").strip()
        if not text:
            raise RuleError("Не указана дата.")
        result = _parse_date_text(text, today)
    if result < OLDEST_BIRTH:
        raise RuleError(f"Дата {result:%d.%m.%Y} слишком давняя.")
    if past_only and result > today:
        raise RuleError(f"Дата {result:%d.%m.%Y} ещё не наступила.")
    return result


def _parse_date_text(text: str, today: date) -> date:
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:  # «05.03.12»: the century that does not put it in the future
                year += 2000 if 2000 + year <= today.year else 1900
            return date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            return date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise RuleError(f"Даты «{text}» не существует.") from exc
    raise RuleError(f"Не удаётся прочитать дату «{text}». Пишите как «05.03.2012».")


def split_full_name(text: object) -> FullName:
    """«ИВАНОВ Иван Иванович» → its parts, tidied. A particle before the surname stays with it
    («фон Браун Иван Иванович»: the surname is «фон Браун»), and a Turkic patronymic keeps its
    «оглы» or «кызы» («Мамедов Эльчин Рауф оглы»: the patronymic is «Рауф оглы»)."""
    raw = " ".join(str(text or "").replace("\u00a0", " ").split())
    parts = clean_name(raw).split(" ") if raw else []
    if len(parts) < 2:
        raise RuleError("Нужны хотя бы фамилия и имя.")
    particles = 0
    while particles < 2 and parts[particles].lower() in SURNAME_PARTICLES:
        particles += 1
    rest_after = len(parts) - particles  # the surname, the name and the patronymic, if any
    written_lower = raw.split(" ")[0].islower() and not raw.islower()
    if particles and rest_after >= 2 and (written_lower or rest_after >= 3):
        last = " ".join([p.lower() for p in parts[:particles]] + [parts[particles]])
        rest = parts[particles + 1:]
    else:
        last, rest = parts[0], parts[1:]
    if not rest:
        raise RuleError("Нужны хотя бы фамилия и имя.")
    patronymic = " ".join(p.lower() if p.lower() in PATRONYMIC_PARTICLES else p for p in rest[1:])
    return FullName(last, rest[0], patronymic)


def check_name(name: FullName) -> None:
    """Refuse what cannot be a person's name: digits, underscores, dots and other signs, and
    initials instead of the name or patronymic («Иванов И. И.»)."""
    if (_NAME_CHARS.match(name.last_name) and _NAME_CHARS.match(name.first_name)
            and len(name.first_name) > 1 and (not name.patronymic or (
                _NAME_CHARS.match(name.patronymic) and min(map(len, name.patronymic.split())) > 1))):
        return  # the usual name, checked at once
    text = name.text
    if _DIGIT.search(text):
        raise RuleError(f"В ФИО «{text}» есть цифры.")
    for part in (name.first_name, name.patronymic):
        words = [w for w in part.split(" ") if w and w.lower() not in PATRONYMIC_PARTICLES]
        if any(len(w.strip(".")) <= 1 for w in words):
            raise RuleError(f"В ФИО «{text}» вместо имени или отчества инициалы: напишите их "
                            "полностью.")
    for part in (name.last_name, name.first_name, name.patronymic):
        if part and not _NAME_CHARS.match(part):
            signs = sorted({ch for ch in part if not (ch.isalpha() or ch in f" -{APOSTROPHES}")})
            shown = ", ".join(f"«{ch}»" for ch in signs) or "лишние пробелы или дефисы"
            raise RuleError(f"В ФИО «{text}» есть знаки, которых не бывает в именах ({shown}): "
                            "в фамилии, имени и отчестве пишут только буквы, дефис и апостроф.")


def sex_from_patronymic(patronymic: str) -> Sex | None:
    p = patronymic.strip().lower()
    if p.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return Sex.MALE
    if p.endswith(("вна", "чна", "кызы", "гызы")):
        return Sex.FEMALE
    return None


def normalise_phone(text: object) -> str:
    """A Russian number as «+7 (912) 345-67-89»; anything else is refused."""
    raw = str(text or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10:
        raise RuleError(f"Телефон «{raw}» записан неверно: нужно 10 цифр после +7.")
    return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def check_email(text: object) -> str:
    value = str(text or "").strip()
    if value and not _EMAIL.match(value):
        raise RuleError(f"Адрес почты «{value}» записан неверно.")
    return value

"""Russian personal names for documents: declension by case and sex, initials.

«награждается Иванов Иван Иванович», but «благодарность Иванову Ивану Ивановичу».
Declension is pytrovich (petrovich rules, offline), with a few corrections of our own:

* Patronymics of the «Мамед оглы» / «Айгуль кызы» type are left as they are: in official usage
  the father's name and the particle do not change («Алиеву Рашиду Мамед оглы»).
* A male surname in -ец after two consonants (Кузнец) keeps its vowel: pytrovich drops it and
  writes the unpronounceable «Кузнца»; we write «Кузнеца», «Кузнецом».
* When the sex is neither given nor readable from the patronymic, it is taken from the first
  name (pytrovich's gender rules), then from the surname (-ова, -ина, -ская…); when still
  unknown (Саша Ким) the name is returned tidied but not inflected — better uninflected than
  wrong.

Everything pytrovich cannot know (Соловей → Соловья or Соловея, a foreign first name) is
the curator's to override: Person.name_forms = {"dative": "Соловью Игорю Петровичу"}.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from ..model.enums import Sex
from ..model.rules import FullName, RuleError, sex_from_patronymic, split_full_name
from ..model.text import clean_name

CASES: dict[str, Case] = {
    "nominative": Case.NOMINATIVE,
    "genitive": Case.GENITIVE,
    "dative": Case.DATIVE,
    "accusative": Case.ACCUSATIVE,
    "instrumental": Case.INSTRUMENTAL,
    "prepositional": Case.PREPOSITIONAL,
}
# Turkic patronymic particles: «Мамед оглы», «Айгуль кызы» — not declined.
_TURKIC = ("оглы", "кызы", "улы", "уулу", "гызы")
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")


@functools.cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@functools.cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _sex_value(sex: object) -> str | None:
    if sex is None or sex == "":
        return None
    value = str(sex.value) if isinstance(sex, Sex) else str(sex).strip().lower()
    if value in ("m", "f"):
        return value
    raise ValueError(f"sex must be 'm', 'f' or a Sex value, got {sex!r}")


def guess_sex(name: FullName) -> str | None:
    """'m' / 'f' from the patronymic, else the first name, else the surname; None if unsure."""
    by_patronymic = sex_from_patronymic(name.patronymic) if name.patronymic else None
    if by_patronymic is not None:
        return str(by_patronymic.value)
    detector = _detector()
    for part, value in (("firstname", name.first_name), ("lastname", name.last_name)):
        if not value:
            continue
        gender = detector.detect(**{part: value})  # type: ignore[no-untyped-call]
        if gender == Gender.MALE:
            return "m"
        if gender == Gender.FEMALE:
            return "f"
    return None


def _fix_surname(original: str, inflected: str, sex: str, case: Case) -> str:
    """Кузнец → Кузнеца, not pytrovich's «Кузнца» (see the module docstring)."""
    low = original.lower()
    if (
        sex == "m"
        and case != Case.NOMINATIVE
        and low.endswith("ец")
        and len(low) >= 4
        and low[-3] in _CONSONANTS
        and low[-4] in _CONSONANTS
        and inflected.lower().startswith(low[:-2] + "ц")
    ):
        ending = inflected[len(original) - 2 :]  # «ца», «цу», «цем»…
        if case == Case.INSTRUMENTAL and ending == "цем":
            ending = "цом"  # the vowel is stressed here: кузнецом, чтецом
        return original[:-2] + "е" + ending
    return inflected


def _inflect_patronymic(patronymic: str, gender: Gender, case: Case) -> str:
    words = patronymic.split(" ")
    if words[-1].lower() in _TURKIC:
        return patronymic
    return _maker().make(NamePart.MIDDLENAME, gender, case, patronymic)


def inflect(
    full_name: str,
    case: str,
    sex: str | Sex | None = None,
    overrides: Mapping[str, object] | None = None,
) -> str:
    """«Фамилия Имя Отчество» in the given case: nominative, genitive, dative, accusative,
    instrumental, prepositional. `sex` is "m"/"f" or a Sex; guessed when None (and when it
    cannot be guessed the name is returned tidied, not inflected). `overrides` is the
    person's name_forms: a form given there for this case wins."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    if overrides:
        forced = overrides.get(case)
        if isinstance(forced, str) and forced.strip():
            return re.sub(r"\s+", " ", forced).strip()
    try:
        name = split_full_name(full_name)
    except RuleError:
        return clean_name(full_name or "")
    known = _sex_value(sex)
    resolved = known or guess_sex(name)
    pytrovich_case = CASES[case]
    if resolved is None or pytrovich_case == Case.NOMINATIVE:
        return name.text
    gender = Gender.MALE if resolved == "m" else Gender.FEMALE
    maker = _maker()
    last = maker.make(NamePart.LASTNAME, gender, pytrovich_case, name.last_name)
    last = _fix_surname(name.last_name, last, resolved, pytrovich_case)
    first = maker.make(NamePart.FIRSTNAME, gender, pytrovich_case, name.first_name)
    middle = _inflect_patronymic(name.patronymic, gender, pytrovich_case) if name.patronymic else ""
    return " ".join(p for p in (last, first, middle) if p)


def _initial(word: str) -> str:
    """«Иван» → «И.», «Анна-Мария» → «А.-М.»."""
    return "-".join(f"{part[:1].upper()}." for part in word.split("-") if part)


def _initials(full_name: str) -> tuple[str, str]:
    try:
        name = split_full_name(full_name)
    except RuleError:
        return clean_name(full_name or ""), ""
    parts = [_initial(name.first_name)]
    if name.patronymic:
        # «Мамед оглы» gives «М.»: the particle is not an initial.
        parts.append(_initial(name.patronymic.split(" ")[0]))
    return name.last_name, " ".join(parts)


def short_name(full_name: str) -> str:
    """«Иванов Иван Иванович» → «Иванов И. И.»."""
    last, initials = _initials(full_name)
    return f"{last} {initials}".strip()


def initials_first(full_name: str) -> str:
    """«Иванов Иван Иванович» → «И. И. Иванов», for signature lines."""
    last, initials = _initials(full_name)
    return f"{initials} {last}".strip()

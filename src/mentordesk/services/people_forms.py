"""The edit forms of the two bases and their validation, field by field, in Russian.

A form is a frozen dataclass: the dialog fills one in, `save_mentee`/`save_mentor` check it and
write it, and `snapshot_mentee`/`snapshot_mentor` give one back, so undo is a save of the
previous snapshot. Validation raises `ValidationError(message, field=...)` naming the form field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import ValidationError
from ..model import (
    InfoSource,
    MenteeStatus,
    MentorStatus,
    PersonKind,
    Sex,
)
from ..model.rules import (
    OLDEST_BIRTH,
    FullName,
    RuleError,
    age_on,
    check_birth_for_grade,
    check_email,
    check_name,
    normalise_phone,
    parse_class,
)
from ..model.text import clean_name

MAX_CAPACITY = 50
ADULT_KINDS = (PersonKind.TEACHER, PersonKind.EMPLOYER, PersonKind.PARENT)


@dataclass(frozen=True, kw_only=True)
class PersonForm:
    """The person's own fields, shared by both bases. `person_id` picks an existing person."""

    person_id: int | None = None
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    sex: Sex | None = None
    birth_date: date | None = None
    kind: PersonKind = PersonKind.PUPIL
    class_label: str = ""  # «7А» for a pupil, «ТМ-21» for a student
    phone: str = ""
    email: str = ""
    address: str = ""
    place: str = ""  # work or study elsewhere
    position: str = ""
    organisation_id: int | None = None
    course: int | None = None
    specialty: str = ""
    department: str = ""
    study_form: str = ""
    hire_date: date | None = None
    experience_years: int | None = None
    qualification: str = ""
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class MenteeForm(PersonForm):
    id: int | None = None  # the mentee profile; None creates one
    request_kind_id: int | None = None
    request_text: str = ""
    interests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    has_disability: bool = False
    info_source: InfoSource | None = None
    entered_on: date | None = None
    status: MenteeStatus = MenteeStatus.NEW
    form_id: int | None = None
    role_model_id: int | None = None
    meeting_times: tuple[str, ...] = ()
    results: str = ""
    case_link: str = ""


@dataclass(frozen=True, kw_only=True)
class MentorForm(PersonForm):
    id: int | None = None  # the mentor profile; None creates one
    kind: PersonKind = PersonKind.TEACHER
    competences: tuple[str, ...] = ()
    achievements: str = ""
    interests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    mentee_age_min: int | None = None
    mentee_age_max: int | None = None
    meeting_times: tuple[str, ...] = ()
    capacity: int = 1
    status: MentorStatus = MentorStatus.CANDIDATE
    entered_on: date | None = None
    share_with_district: bool = False
    in_reserve: bool = False  # the long-term base, not this programme
    form_ids: tuple[int, ...] = ()
    results: str = ""
    case_link: str = ""


def _rule(field: str, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except RuleError as exc:
        raise ValidationError(str(exc), field=field) from exc


def clean_list(values: tuple[str, ...] | list[str]) -> list[str]:
    """Trimmed, without empties and repeats, in the curator's order."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = " ".join(str(value).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def _check_length(value: str, limit: int, field: str, what: str) -> str:
    if len(value) > limit:
        raise ValidationError(f"{what} длиннее {limit} знаков — сократите.", field=field)
    return value


def clean_person(form: PersonForm, today: date, *, strict: bool = True) -> dict[str, Any]:
    """Person column values from the form. `strict=False` (undo) skips the checks that
    compare with today, so a snapshot saved last year can always be put back."""
    last = _check_length(clean_name(form.last_name), 100, "last_name", "Фамилия")
    first = _check_length(clean_name(form.first_name), 100, "first_name", "Имя")
    if not last:
        raise ValidationError("Укажите фамилию.", field="last_name")
    if not first:
        raise ValidationError("Укажите имя.", field="first_name")
    patronymic = clean_name(form.patronymic)
    for field, what, value in (("last_name", "Фамилия должна", last),
                               ("first_name", "Имя должно", first),
                               ("patronymic", "Отчество должно", patronymic)):
        if value and not value[0].isalpha():
            raise ValidationError(f"{what} начинаться с буквы: «{value}».", field=field)
    # The import's rule too: no digits, underscores or initials instead of a name.
    _rule("first_name", check_name, FullName(last, first, patronymic))
    values: dict[str, Any] = {
        "last_name": last, "first_name": first,
        "patronymic": _check_length(patronymic, 100, "patronymic", "Отчество"),
        "sex": form.sex, "kind": form.kind, "birth_date": form.birth_date,
        "phone": _rule("phone", normalise_phone, form.phone),
        "email": _rule("email", check_email, form.email),
        "address": form.address.strip(), "place": form.place.strip(),
        "position": form.position.strip(), "organisation_id": form.organisation_id,
        "course": form.course, "specialty": form.specialty.strip(),
        "department": form.department.strip(), "study_form": form.study_form.strip(),
        "hire_date": form.hire_date, "experience_years": form.experience_years,
        "qualification": form.qualification.strip(), "notes": form.notes.strip(),
    }
    values.update(_clean_class(form))
    _check_birth(form, values["grade"], today, strict)
    if form.course is not None and not 1 <= form.course <= 6:
        raise ValidationError("Курс — число от 1 до 6.", field="course")
    if form.experience_years is not None and not 0 <= form.experience_years <= 70:
        raise ValidationError("Педагогический стаж — число лет от 0 до 70.",
                              field="experience_years")
    if strict and form.hire_date is not None and form.hire_date > today:
        raise ValidationError("Дата приёма на работу ещё не наступила.", field="hire_date")
    return values


def _clean_class(form: PersonForm) -> dict[str, Any]:
    text = form.class_label.strip()
    if not text:
        if form.kind == PersonKind.PUPIL:
            raise ValidationError("Укажите класс обучающегося, например «7А».", field="class_label")
        if form.kind == PersonKind.STUDENT:
            raise ValidationError("Укажите группу студента, например «ТМ-21».", field="class_label")
        return {"group_name": "", "grade": None}
    label = _rule("class_label", parse_class, text)
    if form.kind == PersonKind.PUPIL and label.grade is None:
        raise ValidationError(
            f"«{label.group_name}» похоже на группу колледжа. Для обучающегося школы укажите "
            "класс, например «7А», или выберите вид участника «Студент».", field="class_label")
    if form.kind == PersonKind.STUDENT and label.grade is not None:
        raise ValidationError(
            f"«{label.group_name}» — школьный класс. Для студента укажите группу, например "
            "«ТМ-21», или выберите вид участника «Обучающийся».", field="class_label")
    return {"group_name": label.group_name, "grade": label.grade}


def _check_birth(form: PersonForm, grade: int | None, today: date, strict: bool) -> None:
    birth = form.birth_date
    if birth is None:
        if form.kind in (PersonKind.PUPIL, PersonKind.STUDENT):
            raise ValidationError(
                "Укажите дату рождения: по ней считается возраст и видно, кто подписывает "
                "согласие на обработку данных — сам участник или родитель.", field="birth_date")
        return
    if birth < OLDEST_BIRTH:
        raise ValidationError(f"Дата рождения {birth:%d.%m.%Y} слишком давняя.", field="birth_date")
    if not strict:
        return
    if birth > today:
        raise ValidationError("Дата рождения ещё не наступила.", field="birth_date")
    if grade is not None and form.kind == PersonKind.PUPIL:
        _rule("birth_date", check_birth_for_grade, birth, grade, today)
    age = age_on(birth, today)
    if form.kind in ADULT_KINDS and age < 18:
        raise ValidationError(
            f"По дате рождения {birth:%d.%m.%Y} участнику {age} — для вида «{form.kind.label}» "
            "это слишком мало. Проверьте дату или вид участника.", field="birth_date")


def check_entered(entered_on: date | None, today: date, strict: bool) -> date:
    if entered_on is None:
        raise ValidationError("Укажите дату вхождения в программу.", field="entered_on")
    if strict and entered_on > today:
        raise ValidationError("Дата вхождения в программу ещё не наступила.", field="entered_on")
    return entered_on


def check_capacity(capacity: int, load: int, strict: bool) -> int:
    if capacity < 1:
        raise ValidationError("Наставник должен быть готов вести хотя бы одного наставляемого.",
                              field="capacity")
    if capacity > MAX_CAPACITY:
        raise ValidationError(f"Не больше {MAX_CAPACITY} наставляемых у одного наставника.",
                              field="capacity")
    if strict and capacity < load:
        raise ValidationError(
            f"Сейчас у наставника {load} наставляемых в работающих парах — вместимость не может "
            "быть меньше. Сначала измените состав пар.", field="capacity")
    return capacity


def check_age_range(low: int | None, high: int | None) -> None:
    if low is not None and not 5 <= low <= 99:
        raise ValidationError("Возраст наставляемых «от» — число от 5 до 99.",
                              field="mentee_age_min")
    if high is not None and not 5 <= high <= 99:
        raise ValidationError("Возраст наставляемых «до» — число от 5 до 99.",
                              field="mentee_age_max")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            f"Желаемый возраст наставляемых: «от {low}» больше, чем «до {high}». "
            "Поменяйте границы местами.", field="mentee_age_max")

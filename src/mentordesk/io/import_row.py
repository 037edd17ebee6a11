"""One row of a sheet read as a person: every cell checked, every problem named by column."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ..model.enums import InfoSource, PersonKind
from ..model.rules import (
    ClassLabel,
    FullName,
    RuleError,
    age_on,
    check_birth_for_grade,
    check_email,
    check_name,
    normalise_phone,
    parse_class,
    parse_date,
    sex_from_patronymic,
    split_full_name,
    years_word,
)
from ..model.text import SURNAME_PARTICLES, clean_name
from .import_fields import Field, ImportKind, header_words
from .import_types import GuardianRow, ImportRow, RowError
from .import_values import (
    NameMatcher,
    cell_text,
    is_blank,
    parse_age_range,
    parse_count,
    parse_guardian,
    parse_sex,
    split_contacts,
    split_tags,
)

T = TypeVar("T")

ADULT_AGE = 18
OLDEST_AGE = 100
# Column widths of the database (PostgreSQL enforces them): longer text is refused, not cut.
LIMITS = {Field.ADDRESS: 500, Field.PLACE: 500, Field.POSITION: 200, Field.SPECIALTY: 300,
          Field.DEPARTMENT: 200, Field.EMAIL: 200}
NAME_LIMIT = 100
NO_CLASS = ("Не указан класс: для ученика укажите класс, для педагога — должность или место "
            "работы.")
_WORKPLACE_WORDS = frozenset({"работы", "работа", "организация", "организации"})
_INFO_SOURCES = NameMatcher([(m, m.label) for m in InfoSource] + [
    (InfoSource.CLASS_TEACHER, "Кл. руководитель"), (InfoSource.CLASS_TEACHER, "Классный рук."),
    (InfoSource.PARENTS, "Родитель"), (InfoSource.PARENTS, "Мама"), (InfoSource.PARENTS, "Папа"),
    (InfoSource.SELF, "Сам"), (InfoSource.SELF, "Сама"), (InfoSource.SELF, "Самостоятельно"),
    (InfoSource.ADMINISTRATION, "Директор"), (InfoSource.ADMINISTRATION, "Завуч"),
])


@dataclass(frozen=True)
class RowRules:
    """What holds for every row of one import."""

    kind: ImportKind
    today: date
    request_kinds: NameMatcher[int]
    groups: bool = True  # college groups («ТМ-21») are classes; False in a school's database
    staff_list: bool = False  # the name column says the list is of teachers («ФИО педагога»)


class Cells:
    """The mapped cells of one row, the problems found in them, and who the row names
    (`name`, `birth`, `group`), known even when the row is refused."""

    def __init__(self, row: int, values: Mapping[Field, object], titles: Mapping[Field, str]):
        self.row = row
        self.values = values
        self.titles = titles
        self.errors: list[RowError] = []
        self.name: FullName | None = None
        self.birth: date | None = None
        self.group = ""

    def has(self, field: Field) -> bool:
        return not is_blank(self.values.get(field))

    def raw(self, field: Field) -> object:
        return self.values.get(field)

    def text(self, field: Field) -> str:
        value = cell_text(self.values.get(field))
        limit = LIMITS.get(field)
        if limit is not None and len(value) > limit:
            self.fail(field, f"Слишком длинный текст: {len(value)} знаков, можно не больше {limit}.")
            return ""
        return value

    def parse(self, field: Field, parser: Callable[[object], T]) -> T | None:
        if not self.has(field):
            return None
        try:
            return parser(self.values[field])
        except RuleError as exc:
            self.fail(field, str(exc))
            return None

    def fail(self, field: Field, message: str) -> None:
        title = self.titles.get(field) or self.titles.get(Field.FULL_NAME) or field.label
        self.errors.append(RowError(self.row, title, message))

    def fail_here_or_name(self, field: Field, message: str) -> None:
        """A problem of a column that may not be in the table: shown on the name column then."""
        if field in self.titles:
            self.fail(field, message)
        else:
            name_field = Field.FULL_NAME if Field.FULL_NAME in self.titles else Field.LAST_NAME
            self.fail(name_field, message)


def read_row(c: Cells, rules: RowRules, section: ClassLabel | None = None) -> ImportRow | None:
    """The person of a row, or None with the reasons in `c.errors`. `section` is the class of
    the heading line above («6 «А» класс»), for a row whose class cell is empty."""
    today = rules.today
    name = _read_name(c)
    birth = c.parse(Field.BIRTH_DATE, lambda v: parse_date(v, today=today))
    if birth is not None and age_on(birth, today) > OLDEST_AGE:
        c.fail(Field.BIRTH_DATE, f"Дата рождения {birth:%d.%m.%Y}: человеку больше {OLDEST_AGE} лет.")
    c.birth = birth
    label = c.parse(Field.GROUP, lambda v: parse_class(v, groups=rules.groups))
    class_refused = label is None and c.has(Field.GROUP)  # already reported, once is enough
    if label is None and not class_refused and section is not None:
        label = section
    c.group = label.group_name if label else ""
    person_kind = _person_kind(c, rules, label, class_refused)
    notes = [c.text(Field.NOTES)] if c.has(Field.NOTES) else []
    if person_kind is PersonKind.TEACHER:
        if birth is not None and age_on(birth, today) < ADULT_AGE and not class_refused:
            age = age_on(birth, today)
            if label is None:
                c.fail(Field.GROUP if Field.GROUP in c.titles else Field.BIRTH_DATE,
                       f"Не указан класс, а по дате рождения человеку {age} {years_word(age)}: "
                       "для ученика укажите класс.")
            else:
                c.fail(Field.BIRTH_DATE,
                       f"Указаны должность или стаж, а по дате рождения человеку {age} "
                       f"{years_word(age)}: проверьте дату рождения.")
        if label is not None:
            notes.append(f"{c.titles.get(Field.GROUP, 'Класс')}: {label.group_name}")
        label = None
    elif person_kind is PersonKind.PUPIL and birth is not None and label is not None:
        try:
            check_birth_for_grade(birth, label.grade or 0, today)
        except RuleError as exc:
            c.fail(Field.BIRTH_DATE, str(exc))
    phone = c.parse(Field.PHONE, normalise_phone) or ""
    email = c.parse(Field.EMAIL, check_email) or ""
    if c.has(Field.CONTACTS):
        phone_text, email_text = split_contacts(c.raw(Field.CONTACTS))
        try:
            phone = phone or normalise_phone(phone_text)
            email = email or check_email(email_text)
        except RuleError as exc:
            c.fail(Field.CONTACTS, str(exc))
    if len(email) > LIMITS[Field.EMAIL]:
        c.fail(Field.EMAIL if c.has(Field.EMAIL) else Field.CONTACTS, "Слишком длинный адрес почты.")
    minor = (age_on(birth, today) < ADULT_AGE) if birth else person_kind is PersonKind.PUPIL
    guardian = None
    if minor and c.has(Field.GUARDIAN):
        notes.append(f"{c.titles[Field.GUARDIAN]}: {c.text(Field.GUARDIAN)}")
        guardian, phone, email = _guardian(c, phone, email)
    sex = c.parse(Field.SEX, parse_sex) or (sex_from_patronymic(name.patronymic) if name else None)
    common = dict(
        person_kind=person_kind, sex=sex, birth_date=birth,
        group_name=label.group_name if label else "", grade=label.grade if label else None,
        course=c.parse(Field.COURSE, lambda v: parse_count(v, what="Курс", low=1, high=6)),
        specialty=c.text(Field.SPECIALTY), department=c.text(Field.DEPARTMENT),
        phone=phone, email=email, address=c.text(Field.ADDRESS), place=c.text(Field.PLACE),
        position=c.text(Field.POSITION),
        experience_years=c.parse(Field.EXPERIENCE,
                                 lambda v: parse_count(v, what="Стаж", low=0, high=70)),
        entered_on=c.parse(Field.ENTERED_ON, lambda v: parse_date(v, today=today)) or today,
        interests=split_tags(c.raw(Field.INTERESTS)), subjects=split_tags(c.raw(Field.SUBJECTS)),
        meeting_times=split_tags(c.raw(Field.MEETING_TIMES)), guardian=guardian,
    )
    specific = _mentee_fields(c, notes, rules) if rules.kind == "mentees" else _mentor_fields(c)
    if name is None or c.errors:
        return None
    return ImportRow(row=c.row, last_name=name.last_name, first_name=name.first_name,
                     patronymic=name.patronymic, notes="\n".join(notes),
                     **common, **specific)  # type: ignore[arg-type]


def _mentee_fields(c: Cells, notes: list[str], rules: RowRules) -> dict[str, object]:
    request = c.text(Field.REQUEST)
    source_text = c.text(Field.INFO_SOURCE)
    source = _INFO_SOURCES(source_text) if source_text else None
    if source_text and source is None:
        notes.append(f"{c.titles[Field.INFO_SOURCE]}: {source_text}")
    return dict(request_text=request, request_kind_id=rules.request_kinds(request),
                info_source=source)


def _mentor_fields(c: Cells) -> dict[str, object]:
    ages = c.parse(Field.MENTEE_AGE, parse_age_range)
    return dict(
        competences=split_tags(c.raw(Field.COMPETENCES)),
        achievements=c.text(Field.ACHIEVEMENTS),
        capacity=c.parse(Field.CAPACITY, lambda v: parse_count(
            v, what="Число наставляемых", low=1, high=50)) or 1,
        mentee_age_min=ages[0] if ages else None, mentee_age_max=ages[1] if ages else None,
    )


def _guardian(c: Cells, phone: str, email: str) -> tuple[GuardianRow | None, str, str]:
    """A named guardian becomes a guardian record (the export's «Контакты» shows them first);
    a bare phone or e-mail of a parent is the pupil's contact when the pupil has none."""
    found = parse_guardian(c.raw(Field.GUARDIAN))
    try:
        guardian_email = check_email(found.email)
    except RuleError:
        guardian_email = ""
    if found.name is not None:
        n = found.name
        if max(len(n.last_name), len(n.first_name), len(n.patronymic)) <= NAME_LIMIT:
            return (GuardianRow(n.last_name, n.first_name, n.patronymic, found.relation,
                                found.phone, guardian_email), phone, email)
    if not phone and not email:
        return None, found.phone, guardian_email
    return None, phone, email


def _person_kind(c: Cells, rules: RowRules, label: ClassLabel | None,
                 class_refused: bool) -> PersonKind:
    """A pupil, or a student when the class is a college group («ТМ-21»). A teacher when the
    row gives a post, years of service or a workplace (or, in the mentor base, no class), or
    when the list is of teachers. A mentee row without any of these lacks its class."""
    staff_cells = c.has(Field.POSITION) or c.has(Field.EXPERIENCE) or _has_workplace(c)
    if label is not None:
        if rules.kind == "mentees" and (c.has(Field.POSITION) or c.has(Field.EXPERIENCE)):
            return PersonKind.TEACHER
        return PersonKind.PUPIL if label.grade is not None else PersonKind.STUDENT
    if rules.kind == "mentors" or staff_cells or rules.staff_list:
        return PersonKind.TEACHER
    if not class_refused:
        c.fail_here_or_name(Field.GROUP, NO_CLASS)
    return PersonKind.PUPIL


def _has_workplace(c: Cells) -> bool:
    """«Место работы» filled; «Место учёбы» is a pupil's."""
    if not c.has(Field.PLACE):
        return False
    words = set(header_words(c.titles.get(Field.PLACE, "")))
    return bool(words & _WORKPLACE_WORDS) or not words


def _read_name(c: Cells) -> FullName | None:
    if c.has(Field.FULL_NAME):
        field = Field.FULL_NAME
        name = c.parse(field, split_full_name)
    elif c.has(Field.LAST_NAME) or c.has(Field.FIRST_NAME):
        field = Field.LAST_NAME if Field.LAST_NAME in c.titles else Field.FIRST_NAME
        last, first = _surname(c.text(Field.LAST_NAME)), clean_name(c.text(Field.FIRST_NAME))
        if not last or not first:
            missing = Field.LAST_NAME if not last else Field.FIRST_NAME
            c.fail(missing, "Не указана фамилия." if not last else "Не указано имя.")
            return None
        name = FullName(last, first, clean_name(c.text(Field.PATRONYMIC)))
    else:
        field = Field.FULL_NAME if Field.FULL_NAME in c.titles else Field.LAST_NAME
        c.fail(field, "Не указаны фамилия и имя.")
        return None
    if name is None:
        return None
    parts = (name.last_name, name.first_name, name.patronymic)
    try:
        check_name(name)
    except RuleError as exc:
        c.fail(field, str(exc))
        return None
    if any(len(p) > NAME_LIMIT for p in parts):
        c.fail(field, f"Слишком длинное ФИО: часть имени длиннее {NAME_LIMIT} знаков.")
        return None
    c.name = name
    return name


def _surname(text: str) -> str:
    """A surname column's value: «ФОН БРАУН» → «фон Браун»."""
    words = clean_name(text).split(" ")
    if len(words) > 1 and words[0].lower() in SURNAME_PARTICLES:
        words[0] = words[0].lower()
    return " ".join(words)

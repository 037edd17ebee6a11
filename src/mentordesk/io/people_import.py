"""From the rows of a sheet to the people to import: every row checked, every problem named
by row, column and reason, duplicates flagged. Pure: nothing here reads the database, which
hands in what it already holds (`existing_keys`, `request_kinds`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ..errors import ValidationError
from ..model.enums import InfoSource, PersonKind, Sex
from ..model.rules import (
    ClassLabel,
    FullName,
    RuleError,
    age_on,
    check_birth_for_grade,
    check_email,
    normalise_phone,
    parse_class,
    parse_date,
    sex_from_patronymic,
    split_full_name,
    years_word,
)
from ..model.text import clean_name, normalise
from .import_fields import (
    ColumnMapping,
    Field,
    ImportKind,
    check_kind,
    check_mapping,
    column_title,
    header_words,
    is_total_line,
)
from .import_values import (
    NameMatcher,
    cell_text,
    is_blank,
    parse_age_range,
    parse_count,
    parse_sex,
    split_contacts,
    split_tags,
)

T = TypeVar("T")
DupKey = tuple[str, date | None]

ADULT_AGE = 18
OLDEST_AGE = 100
# Column widths of the database (PostgreSQL enforces them): longer text is refused, not cut.
LIMITS = {Field.ADDRESS: 500, Field.PLACE: 500, Field.POSITION: 200, Field.SPECIALTY: 300,
          Field.DEPARTMENT: 200, Field.EMAIL: 200}
NAME_LIMIT = 100
_INFO_SOURCES = NameMatcher([(m, m.label) for m in InfoSource] + [
    (InfoSource.CLASS_TEACHER, "Кл. руководитель"), (InfoSource.CLASS_TEACHER, "Классный рук."),
    (InfoSource.PARENTS, "Родитель"), (InfoSource.PARENTS, "Мама"), (InfoSource.PARENTS, "Папа"),
    (InfoSource.SELF, "Сам"), (InfoSource.SELF, "Сама"), (InfoSource.SELF, "Самостоятельно"),
    (InfoSource.ADMINISTRATION, "Директор"), (InfoSource.ADMINISTRATION, "Завуч"),
])


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's own row number
    column: str  # the header text of the column, or its letter
    message: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    duplicate_of: str  # «строка 7» or «в базе: Иванов Иван Иванович, 05.03.2012»


@dataclass(frozen=True)
class ImportRow:
    """One person to import, checked and normalised, with what their profile needs."""

    row: int
    last_name: str
    first_name: str
    patronymic: str
    person_kind: PersonKind
    entered_on: date
    sex: Sex | None = None
    birth_date: date | None = None
    group_name: str = ""
    grade: int | None = None
    course: int | None = None
    specialty: str = ""
    department: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    place: str = ""
    position: str = ""
    experience_years: int | None = None
    notes: str = ""
    interests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    meeting_times: tuple[str, ...] = ()
    # mentees
    request_kind_id: int | None = None
    request_text: str = ""
    info_source: InfoSource | None = None
    # mentors
    competences: tuple[str, ...] = ()
    achievements: str = ""
    capacity: int = 1
    mentee_age_min: int | None = None
    mentee_age_max: int | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def key(self) -> DupKey:
        return person_key(self.last_name, self.first_name, self.patronymic, self.birth_date)


@dataclass(frozen=True)
class Preview:
    header_row: int
    data_rows: int  # rows considered: blank rows, total lines and repeated headers not counted
    valid_rows: tuple[ImportRow, ...]  # what would be imported
    errors: tuple[RowError, ...]
    duplicates: tuple[Duplicate, ...]

    @property
    def valid(self) -> int:
        return len(self.valid_rows)


def person_key(last_name: str, first_name: str, patronymic: str, birth: date | None) -> DupKey:
    """Two rows name the same person when the full names match (case, ё and spaces aside)
    and so do the birth dates, both unknown included."""
    return normalise(" ".join(p for p in (last_name, first_name, patronymic) if p)), birth


def describe_person(last_name: str, first_name: str, patronymic: str, birth: date | None) -> str:
    name = " ".join(p for p in (last_name, first_name, patronymic) if p)
    return f"{name}, {birth:%d.%m.%Y}" if birth else name


def validate(
    rows: Sequence[Sequence[object]],
    header_row: int,
    mapping: ColumnMapping,
    kind: ImportKind,
    today: date,
    existing_keys: Mapping[DupKey, str],
    *,
    request_kinds: Iterable[tuple[int, str]] = (),
) -> Preview:
    """Check the rows below `header_row` (a spreadsheet row number) under the column mapping.

    `existing_keys` maps the people already in the database to how they are described in a
    duplicate report; `request_kinds` are (id, name) of the request kinds to match."""
    kind = check_kind(kind)
    if not 1 <= header_row <= len(rows):
        raise ValidationError(f"Строки заголовков {header_row} в листе нет.")
    header = list(rows[header_row - 1])
    fields = check_mapping(mapping, kind, max(len(r) for r in rows))
    titles = {f: column_title(header, i) for f, i in fields.items()}
    header_keys = {i: header_words(header[i]) if i < len(header) else () for i in fields.values()}
    kinds = NameMatcher(request_kinds)
    seen: dict[DupKey, int] = {}
    good: list[ImportRow] = []
    errors: list[RowError] = []
    duplicates: list[Duplicate] = []
    data_rows = 0
    for number in range(header_row + 1, len(rows) + 1):
        row = rows[number - 1]
        if is_total_line(row):
            break
        values = {f: row[i] if i < len(row) else None for f, i in fields.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        if all(header_words(row[i] if i < len(row) else None) == header_keys[i]
               for i in fields.values()):
            continue  # the header repeated on every printed page
        data_rows += 1
        cells = _Cells(number, values, titles)
        person = _read_row(cells, kind, today, kinds)
        if cells.errors or person is None:
            errors.extend(cells.errors)
            continue
        if person.key in existing_keys:
            duplicates.append(Duplicate(number, f"в базе: {existing_keys[person.key]}"))
        elif person.key in seen:
            duplicates.append(Duplicate(number, f"строка {seen[person.key]}"))
        else:
            seen[person.key] = number
            good.append(person)
    return Preview(header_row, data_rows, tuple(good), tuple(errors), tuple(duplicates))


class _Cells:
    """The mapped cells of one row, and the problems found in them."""

    def __init__(self, row: int, values: Mapping[Field, object], titles: Mapping[Field, str]):
        self.row = row
        self.values = values
        self.titles = titles
        self.errors: list[RowError] = []

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


def _read_row(c: _Cells, kind: ImportKind, today: date,
              request_kinds: NameMatcher[int]) -> ImportRow | None:
    name = _read_name(c)
    birth = c.parse(Field.BIRTH_DATE, lambda v: parse_date(v, today=today))
    if birth is not None and age_on(birth, today) > OLDEST_AGE:
        c.fail(Field.BIRTH_DATE, f"Дата рождения {birth:%d.%m.%Y}: человеку больше {OLDEST_AGE} лет.")
    label = c.parse(Field.GROUP, parse_class)
    person_kind = _person_kind(c, kind, label)
    notes = [c.text(Field.NOTES)] if c.has(Field.NOTES) else []
    class_refused = label is None and c.has(Field.GROUP)  # already reported, once is enough
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
            notes.append(f"{c.titles[Field.GROUP]}: {label.group_name}")
        label = None
    elif person_kind is PersonKind.PUPIL and birth is not None and label is not None:
        try:
            check_birth_for_grade(birth, label.grade or 0, today)
        except RuleError as exc:
            c.fail(Field.BIRTH_DATE, str(exc))
    minor = (age_on(birth, today) < ADULT_AGE) if birth else person_kind is PersonKind.PUPIL
    if minor and c.has(Field.GUARDIAN):
        notes.append(f"{c.titles[Field.GUARDIAN]}: {c.text(Field.GUARDIAN)}")
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
        meeting_times=split_tags(c.raw(Field.MEETING_TIMES)),
    )
    if kind == "mentees":
        request = c.text(Field.REQUEST)
        source_text = c.text(Field.INFO_SOURCE)
        source = _INFO_SOURCES(source_text) if source_text else None
        if source_text and source is None:
            notes.append(f"{c.titles[Field.INFO_SOURCE]}: {source_text}")
        specific: dict[str, object] = dict(
            request_text=request, request_kind_id=request_kinds(request),
            info_source=source,
        )
    else:
        ages = c.parse(Field.MENTEE_AGE, parse_age_range)
        specific = dict(
            competences=split_tags(c.raw(Field.COMPETENCES)),
            achievements=c.text(Field.ACHIEVEMENTS),
            capacity=c.parse(Field.CAPACITY, lambda v: parse_count(
                v, what="Число наставляемых", low=1, high=50)) or 1,
            mentee_age_min=ages[0] if ages else None, mentee_age_max=ages[1] if ages else None,
        )
    if name is None or c.errors:
        return None
    return ImportRow(row=c.row, last_name=name.last_name, first_name=name.first_name,
                     patronymic=name.patronymic, notes="\n".join(notes),
                     **common, **specific)  # type: ignore[arg-type]


def _person_kind(c: _Cells, kind: ImportKind, label: ClassLabel | None) -> PersonKind:
    """A row with a post or years of service, or without a class, is a teacher; otherwise a
    pupil, or a student when the class is a college group («ТМ-21»)."""
    staff = label is None or (kind == "mentees"
                              and (c.has(Field.POSITION) or c.has(Field.EXPERIENCE)))
    if staff:
        return PersonKind.TEACHER
    assert label is not None
    return PersonKind.PUPIL if label.grade is not None else PersonKind.STUDENT


def _read_name(c: _Cells) -> FullName | None:
    if c.has(Field.FULL_NAME):
        field = Field.FULL_NAME
        name = c.parse(field, split_full_name)
    elif c.has(Field.LAST_NAME) or c.has(Field.FIRST_NAME):
        field = Field.LAST_NAME if Field.LAST_NAME in c.titles else Field.FIRST_NAME
        last, first = clean_name(c.text(Field.LAST_NAME)), clean_name(c.text(Field.FIRST_NAME))
        if not last or not first:
            missing = Field.LAST_NAME if not last else Field.FIRST_NAME
            c.fail(missing, "Не указана фамилия." if not last else "Не указано имя.")
            return None
        name = FullName(last, first, clean_name(c.text(Field.PATRONYMIC)))
        if " " not in last + first:  # the shared rule tidies «Мамед Оглы» to «Мамед оглы»
            name = split_full_name(name.text)
    else:
        field = Field.FULL_NAME if Field.FULL_NAME in c.titles else Field.LAST_NAME
        c.fail(field, "Не указаны фамилия и имя.")
        return None
    if name is None:
        return None
    parts = (name.last_name, name.first_name, name.patronymic)
    if any(ch.isdigit() for p in parts for ch in p):
        c.fail(field, f"В ФИО «{name.text}» есть цифры.")
    elif any(len(p) > NAME_LIMIT for p in parts):
        c.fail(field, f"Слишком длинное ФИО: часть имени длиннее {NAME_LIMIT} знаков.")
    elif len(name.first_name.rstrip(".")) <= 1 or name.first_name.endswith("."):
        c.fail(field, f"В ФИО «{name.text}» вместо имени инициалы: напишите имя полностью.")
    return name

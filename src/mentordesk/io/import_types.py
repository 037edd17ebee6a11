"""What checking the rows of a sheet gives: the people to import, the problems, the repeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.enums import InfoSource, PersonKind, Sex
from .import_duplicates import DupKey, person_key


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's own row number
    column: str  # the header text of the column, or its letter
    message: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    duplicate_of: str  # «строка 7» or «в базе: Иванов Иван Иванович, 7А, 05.03.2012»


@dataclass(frozen=True)
class GuardianRow:
    """A minor's guardian named in a «Контакты родителей» cell."""

    last_name: str
    first_name: str
    patronymic: str
    relation: str = ""
    phone: str = ""
    email: str = ""


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
    guardian: GuardianRow | None = None
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
    data_rows: int  # rows considered: blank rows, totals, headings and signatures not counted
    valid_rows: tuple[ImportRow, ...]  # what would be imported
    errors: tuple[RowError, ...]
    duplicates: tuple[Duplicate, ...]

    @property
    def valid(self) -> int:
        return len(self.valid_rows)

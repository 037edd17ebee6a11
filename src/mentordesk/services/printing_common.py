"""What every printing job shares: finding the programme and its organisation, and turning
people, dates and periods into the text a document prints. Used by services.printing,
printing_awards and printing_bases only; the public API is services.printing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..documents.names import guess_sex
from ..documents.orders import Person as OrderPerson
from ..documents.pdf import OrgHeader
from ..errors import NotFound, ValidationError
from ..model.enums import PairStatus, PersonKind, Sex
from ..model.org import Organisation, Person
from ..model.programme import Programme
from ..model.rules import RuleError, split_full_name
from .database import Database
from .programme import current_programme_id

# Pairs that an order lists: approved, working or finished.
APPROVED = (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
# Pairs whose mentors earn certificates and letters: working or finished.
WORKED = (PairStatus.ACTIVE, PairStatus.COMPLETED)


def programme_of(s: Session, db: Database, programme_id: int | None) -> Programme:
    pid = programme_id if programme_id is not None else current_programme_id(db)
    if pid is None:
        raise ValidationError("В базе нет программы наставничества — печатать нечего. "
                              "Создайте программу на вкладке «Программа».")
    programme = s.get(Programme, pid)
    if programme is None:
        raise NotFound("Программа наставничества не найдена: возможно, она удалена.")
    return programme


def org_of(s: Session, programme: Programme) -> Organisation | None:
    if programme.organisation is not None:
        return programme.organisation
    return s.scalar(select(Organisation).where(Organisation.parent_id.is_(None))
                    .order_by(Organisation.id).limit(1))


def header(org: Organisation | None) -> OrgHeader:
    if org is None:
        return OrgHeader("")
    return OrgHeader(org.name, org.city)


def short_org(org: Organisation | None) -> str:
    if org is None:
        return "образовательной организации"
    return org.short_name or org.name


def sex_of(person: Person) -> str | None:
    return person.sex.value if isinstance(person.sex, Sex) else None


def is_female(person: Person) -> bool | None:
    sex = sex_of(person)
    if sex is None:
        try:
            sex = guess_sex(split_full_name(person.full_name))
        except RuleError:
            return None
    return None if sex is None else sex == "f"


def order_person(person: Person | None) -> OrderPerson | None:
    if person is None:
        return None
    return OrderPerson(person.full_name, sex_of(person), person.name_forms or None,
                       person.position)


def date_text(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def period_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{date_text(start)} – {date_text(end)}"
    if start:
        return f"с {date_text(start)}"
    if end:
        return f"до {date_text(end)}"
    return ""


def detail(person: Person) -> tuple[str, str]:
    """(label, value): the class of a pupil, the group of a student, the post of an adult."""
    if person.kind == PersonKind.PUPIL and person.group_name:
        return "Класс", person.group_name
    if person.kind == PersonKind.STUDENT and person.group_name:
        return "Группа", person.group_name
    post = ", ".join(p for p in (person.position, person.place) if p)
    return ("Должность", post) if post else ("", "")


def detail_text(person: Person) -> str:
    label, value = detail(person)
    if not value:
        return ""
    return f"{value} класс" if label == "Класс" else value


def id_list(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else [int(i) for i in ids]


def check_suffix(out: Path, allowed: Sequence[str]) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            f"Не удаётся сохранить «{out.name}»: выберите файл с расширением "
            + " или ".join(allowed) + ".", field="out")
    return suffix

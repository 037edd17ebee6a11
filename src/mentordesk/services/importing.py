"""Importing the mentee base or the mentor base from a school's spreadsheet (.xlsx or .csv).

`run_import` does the whole job for the command line: read the sheet (without a sheet named,
the first one with a recognisable header: a workbook often opens with a title page), find the
header, map the columns, check every row, and write the valid rows in one transaction (all or
nothing). The wizard calls the steps itself (`io.sheet_reader`), then `preview_import` with
the curator's corrections, then `run_import` with the same choices. A minor's guardian named
in «Контакты родителей» is written as a guardian record (a parent and the guardianship), which
the export's «Контакты» and the consent register read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..io.import_duplicates import PeopleIndex, describe_person, name_key
from ..io.import_fields import (
    ColumnMapping,
    Field,
    ImportKind,
    check_kind,
    column_title,
    detect_header,
    field_of,
)
from ..io.import_values import RELATION_SEX
from ..io.people_import import Duplicate, GuardianRow, ImportRow, Preview, RowError, validate
from ..io.sheet_choice import auto_mapping, find_list
from ..io.sheet_reader import CANCELLED, ImportCancelled, Sheet, read_sheet
from ..model import (
    Guardianship,
    MenteeProfile,
    MentorProfile,
    MentorStatus,
    OrgKind,
    Person,
    PersonKind,
    Programme,
    RequestKind,
)
from ..model.base import utcnow
from ..model.rules import sex_from_patronymic
from .database import Database
from .programme import current_programme_id

ACTOR = "импорт из Excel"
CHUNK = 500  # rows per flush: progress and cancellation are checked this often
NO_PROGRAMME = "Сначала создайте программу наставничества."

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportReport:
    """What an import found and did. `as_json()` is the command line's --json output."""

    sheet: str
    header_row: int
    data_rows: int
    valid: int
    imported: int
    errors: tuple[RowError, ...]
    duplicates: tuple[Duplicate, ...]
    # For the wizard: the mapping used, the header texts, and the rows that would be imported.
    mapping: Mapping[Field, int] = field(default_factory=dict, compare=False, hash=False)
    columns: tuple[str, ...] = field(default=(), compare=False)
    valid_rows: tuple[ImportRow, ...] = field(default=(), compare=False, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "data_rows": self.data_rows,
            "valid": self.valid,
            "imported": self.imported,
            "errors": [{"row": e.row, "column": e.column, "message": e.message}
                       for e in self.errors],
            "duplicates": [{"row": d.row, "duplicate_of": d.duplicate_of}
                           for d in self.duplicates],
        }

    def text(self) -> str:
        """The report in Russian, for the command line without --json."""
        lines = [
            f"Лист «{self.sheet}», заголовки в строке {self.header_row}.",
            f"Строк с данными: {self.data_rows}, без ошибок и повторов: {self.valid}, "
            f"загружено: {self.imported}.",
        ]
        if self.errors:
            lines.append(f"Ошибки ({len(self.errors)}), эти строки не загружены:")
            lines += [f"  строка {e.row}, «{e.column}»: {e.message}" for e in self.errors]
        if self.duplicates:
            lines.append(f"Повторы ({len(self.duplicates)}), не загружены:")
            lines += [f"  строка {d.row}: уже есть — {d.duplicate_of}" for d in self.duplicates]
        return "\n".join(lines)


def preview_import(
    db: Database,
    kind: ImportKind,
    path: str | Path,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    header_row: int | None = None,
    today: date | None = None,
) -> ImportReport:
    """Everything `run_import` would find, with nothing written."""
    return run_import(db, kind, path, sheet=sheet, mapping=mapping, header_row=header_row,
                      dry_run=True, today=today)


def run_import(
    db: Database,
    kind: ImportKind,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    header_row: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import the people of one sheet into the current programme's mentee or mentor base.

    The header row and the mapping are found automatically unless given. Rows with problems
    and duplicates are reported and left out; the rest are written in one transaction, so a
    failure or a cancellation (`cancelled()` returning True) leaves the database unchanged.
    `progress(done, total)` counts the rows written."""
    kind = check_kind(kind)
    today = today or date.today()
    programme_id = current_programme_id(db)
    if programme_id is None:
        raise ValidationError(NO_PROGRAMME)
    _check(cancelled)
    if sheet is None and header_row is None:
        table, header = find_list(path, cancelled)
    else:
        table = read_sheet(path, sheet, cancelled=cancelled)
        header = _header_row(table, header_row)
    used: ColumnMapping = mapping if mapping is not None else auto_mapping(table, header, kind)
    _check(cancelled)
    if dry_run:
        with db.read() as s:
            preview = _validate(s, table, header, used, kind, today, programme_id)
        return _report(table, preview, used, imported=0)
    with db.write(actor=ACTOR) as s:
        # The duplicates are looked up inside the writing transaction: nobody can add the
        # same person between the check and the write.
        preview = _validate(s, table, header, used, kind, today, programme_id)
        _check(cancelled)
        imported = _write(s, kind, preview.valid_rows, programme_id, progress, cancelled)
    return _report(table, preview, used, imported=imported)


def _header_row(table: Sheet, header_row: int | None) -> int:
    if header_row is None:
        return detect_header(table.rows)
    if not 1 <= header_row <= len(table.rows):
        raise ValidationError(
            f"Строки {header_row} в листе «{table.name}» нет: в нём {len(table.rows)} строк."
        )
    return header_row


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled(CANCELLED)


def existing_people(s: Session) -> PeopleIndex:
    """Everyone already in the database, by name, read in one query."""
    rows = s.execute(select(Person.last_name, Person.first_name, Person.patronymic,
                            Person.birth_date, Person.group_name))
    return PeopleIndex((name_key(last, first, patronymic), birth, group or "",
                        describe_person(last, first, patronymic, birth, group or ""))
                       for last, first, patronymic, birth, group in rows)


def college_groups_allowed(s: Session, programme_id: int) -> bool:
    """Whether «ТМ-21» is a class: everywhere but in a school's database."""
    programme = s.get(Programme, programme_id)
    organisation = programme.organisation if programme is not None else None
    return organisation is None or organisation.kind is not OrgKind.SCHOOL


def _validate(s: Session, table: Sheet, header: int, mapping: ColumnMapping,
              kind: ImportKind, today: date, programme_id: int) -> Preview:
    kinds = [(k.id, k.name) for k in s.scalars(select(RequestKind).order_by(RequestKind.position))]
    return validate(table.rows, header, mapping, kind, today, existing_people(s),
                    request_kinds=kinds, college_groups=college_groups_allowed(s, programme_id))


def _report(table: Sheet, preview: Preview, mapping: ColumnMapping,
            imported: int) -> ImportReport:
    header = table.row(preview.header_row)
    return ImportReport(
        sheet=table.name, header_row=preview.header_row, data_rows=preview.data_rows,
        valid=preview.valid, imported=imported, errors=preview.errors,
        duplicates=preview.duplicates,
        mapping={field_of(k): v for k, v in mapping.items()},
        columns=tuple(column_title(header, i) for i in range(len(header))),
        valid_rows=preview.valid_rows,
    )


def _write(s: Session, kind: ImportKind, rows: Sequence[ImportRow], programme_id: int,
           progress: Progress | None, cancelled: Cancelled | None) -> int:
    programme = s.get(Programme, programme_id)
    if programme is None:
        raise ValidationError(NO_PROGRAMME)
    # Loaded once: each profile's search key reads its request kind from the identity map.
    request_kinds = {k.id: k for k in s.scalars(select(RequestKind))}
    profile_model = MenteeProfile if kind == "mentees" else MentorProfile
    ids = _IdGiver(s)
    now = utcnow()
    guardians = _Guardians(s, ids, programme.organisation_id, now)
    total = len(rows)
    if progress is not None:
        progress(0, total)
    for start in range(0, total, CHUNK):
        chunk = rows[start:start + CHUNK]
        objects: list[object] = []
        links: list[object] = []  # after the people: the ORM batches alike rows together
        for r in chunk:
            # Ids and timestamps given here let the ORM insert a chunk in one batch (see
            # _IdGiver); with a person's id known, the profile needs no relationship to it.
            person_id = ids.next(Person)
            person = _person(r, programme.organisation_id, id=person_id, created_at=now,
                             updated_at=now)
            owner: dict[str, Any] = {"person_id": person_id} if person_id else {"person": person}
            stamps = dict(id=ids.next(profile_model), created_at=now, updated_at=now, **owner)
            objects += [person, _mentee(r, programme_id, request_kinds, **stamps)
                        if kind == "mentees" else _mentor(r, programme_id, **stamps)]
            if r.guardian is not None:
                links += guardians.link(r.guardian, person, person_id)
        s.add_all(objects + links)
        s.flush()
        _check(cancelled)
        if progress is not None:
            progress(start + len(chunk), total)
    return total


class _Guardians:
    """Guardian records: one parent per name and contacts, whether already in the database or
    named by several rows of the file (brothers and sisters), linked to each child."""

    def __init__(self, s: Session, ids: _IdGiver, organisation_id: int | None,
                 now: Any) -> None:
        self.s, self.ids, self.organisation_id, self.now = s, ids, organisation_id, now
        self.known: dict[tuple[str, str, str], int | Person] | None = None

    def _load(self) -> dict[tuple[str, str, str], int | Person]:
        rows = self.s.execute(select(Person.id, Person.last_name, Person.first_name,
                                     Person.patronymic, Person.phone, Person.email)
                              .where(Person.kind == PersonKind.PARENT))
        return {(name_key(last, first, patronymic), phone or "", email or ""): pid
                for pid, last, first, patronymic, phone, email in rows}

    def link(self, g: GuardianRow, child: Person, child_id: int | None) -> list[object]:
        if self.known is None:
            self.known = self._load()
        key = (name_key(g.last_name, g.first_name, g.patronymic), g.phone, g.email)
        objects: list[object] = []
        guardian = self.known.get(key)
        if guardian is None:
            guardian_id = self.ids.next(Person)
            parent = Person(
                id=guardian_id, organisation_id=self.organisation_id, last_name=g.last_name,
                first_name=g.first_name, patronymic=g.patronymic,
                sex=sex_from_patronymic(g.patronymic) or RELATION_SEX.get(g.relation),
                kind=PersonKind.PARENT, phone=g.phone, email=g.email,
                created_at=self.now, updated_at=self.now,
            )
            objects.append(parent)
            guardian = guardian_id or parent
            self.known[key] = guardian
        ends: dict[str, Any] = {"child_id": child_id} if child_id else {"child": child}
        ends.update({"guardian_id": guardian} if isinstance(guardian, int)
                    else {"guardian": guardian})
        objects.append(Guardianship(id=self.ids.next(Guardianship), relation=g.relation, **ends))
        return objects



class _IdGiver:
    """Ids given here on SQLite, so the ORM inserts each chunk in one batch: it cannot match
    the ids SQLite returns to a batch of rows, and would insert them one at a time (likewise
    for a column with a server default left empty, hence the explicit timestamps). The
    writer lock keeps anyone else from inserting meanwhile. PostgreSQL numbers batches itself
    (and other clients may be writing), so there the database gives the ids."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.enabled = s.get_bind().dialect.name == "sqlite"
        self.last: dict[type[Any], int] = {}

    def next(self, model: type[Any]) -> int | None:
        if not self.enabled:
            return None
        if model not in self.last:
            self.last[model] = int(self.s.scalar(select(func.max(model.id))) or 0)
        self.last[model] += 1
        return self.last[model]


def _person(r: ImportRow, organisation_id: int | None, **stamps: Any) -> Person:
    return Person(
        organisation_id=organisation_id, last_name=r.last_name, first_name=r.first_name,
        patronymic=r.patronymic, sex=r.sex, birth_date=r.birth_date, kind=r.person_kind,
        phone=r.phone, email=r.email, address=r.address, group_name=r.group_name, grade=r.grade,
        course=r.course, specialty=r.specialty, department=r.department, place=r.place,
        position=r.position, experience_years=r.experience_years, notes=r.notes, **stamps,
    )


def _mentee(r: ImportRow, programme_id: int, request_kinds: Mapping[int, RequestKind],
            **stamps: Any) -> MenteeProfile:
    return MenteeProfile(
        programme_id=programme_id,
        request_kind=request_kinds.get(r.request_kind_id) if r.request_kind_id else None,
        request_text=r.request_text, interests=list(r.interests), subjects=list(r.subjects),
        info_source=r.info_source, entered_on=r.entered_on, meeting_times=list(r.meeting_times),
        **stamps,
    )


def _mentor(r: ImportRow, programme_id: int, **stamps: Any) -> MentorProfile:
    return MentorProfile(
        programme_id=programme_id, competences=list(r.competences),
        achievements=r.achievements, interests=list(r.interests), subjects=list(r.subjects),
        mentee_age_min=r.mentee_age_min, mentee_age_max=r.mentee_age_max,
        meeting_times=list(r.meeting_times), capacity=r.capacity,
        status=MentorStatus.CANDIDATE, entered_on=r.entered_on, **stamps,
    )

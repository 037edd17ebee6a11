"""The two bases as rows for tables: the same few plain queries per call, whatever the size.

The table models of the GUI are *given* these rows; they never query. Search and filters run
in SQL (the precomputed `search_key` columns, ё = е, any case). One query brings the people with
their entry and a minor's first guardian, as raw values (no JSON, enum or date conversion: the
rows of `people_rows_types` convert what is read); one more brings the consents, folded per
person (`people_rows_consent`); one the pairs; the small reference tables come as dictionaries.
A search that only narrows the previous one is answered from memory by `refine`, with exactly
the semantics of the SQL search (see `people_rows_source.RowSource`).
50,000 mentees: the whole base in about 0.8–1.2 s on SQLite (benchmarks/bench_filter.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..errors import ValidationError
from ..model import (
    Guardianship,
    MenteeProfile,
    MenteeStatus,
    MentoringForm,
    MentorProfile,
    MentorStatus,
    Organisation,
    Person,
    PersonKind,
    PersonStatus,
    RequestKind,
    RoleModel,
    mentor_forms,
)
from ..model.rules import RuleError, parse_class
from ..model.text import like_pattern, normalise
from .database import Database
from .people_pairs import mentees_of_mentors, mentor_of_mentees
from .people_rows_consent import consent_summaries
from .people_rows_text import ages_text, contacts_text, full_name, name_key
from .people_rows_types import Lookup, MenteeRow, MentorRow

__all__ = [
    "ALL", "BaseQuery", "MenteeRow", "MentorRow", "ages_text", "contacts_text", "full_name",
    "mentee_query", "mentee_rows", "mentee_rows_in", "mentor_query", "mentor_rows",
    "mentor_rows_in", "mentor_scope", "profile_id_of", "refine", "search_words",
]

# Up to this many people found, their consents are read by id; beyond, by joining the base.
_BY_ID = 500


@dataclass(frozen=True)
class BaseQuery:
    """What the curator typed in the search box and chose in the filters."""

    text: str = ""
    group_name: str = ""  # a class «7А» or a college group «ТМ-21»
    grade: int | None = None  # the school parallel
    person_kind: PersonKind | None = None
    request_kind_id: int | None = None  # mentees only
    form_id: int | None = None
    status: str | None = None  # a MenteeStatus or MentorStatus value
    consent_missing: bool = False
    include_archived: bool = False


ALL = BaseQuery()


# --- Search -------------------------------------------------------------------------------------


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search: each must occur in the person's or the entry's search key."""
    return tuple(normalise(text).split())


def refine(rows: Sequence[MenteeRow | MentorRow], words: Sequence[str]) -> list[Any]:
    """The rows whose search keys hold every word, in their order: the SQL search in memory
    (a LIKE '%word%' on the normalised keys is a substring test; the row keeps both keys joined
    by a newline, which no word contains, so a word never matches across the two)."""
    found = list(rows)
    for word in words:
        found = [row for row in found if word in row.search_key]
    return found


def _common_conditions(query: BaseQuery, profile: Any) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if not query.include_archived:
        conds.append(Person.status != PersonStatus.ARCHIVED)
    for word in search_words(query.text):
        pattern = like_pattern(word)
        conds.append(or_(Person.search_key.like(pattern, escape="\\"),
                         profile.search_key.like(pattern, escape="\\")))
    if query.group_name.strip():
        try:
            label = parse_class(query.group_name)
        except RuleError as exc:
            raise ValidationError(str(exc), field="group_name") from exc
        conds.append(Person.group_name == label.group_name)
    if query.grade is not None:
        conds.append(Person.grade == query.grade)
    if query.person_kind is not None:
        conds.append(Person.kind == query.person_kind)
    return conds


def _status(enum_cls: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return enum_cls(value)
    except ValueError as exc:
        raise ValidationError(f"Неизвестный статус «{value}».", field="status") from exc


def _lookup(s: Session, today: date) -> Lookup:
    """The small tables (kinds, forms, role models, organisations) as dictionaries."""
    return Lookup(
        today=today,
        kinds={i: (n, bool(sensitive)) for i, n, sensitive
               in s.execute(select(RequestKind.id, RequestKind.name, RequestKind.sensitive))},
        forms={i: n for i, n in s.execute(select(MentoringForm.id, MentoringForm.name))},
        role_models={i: n for i, n in s.execute(select(RoleModel.id, RoleModel.name))},
        orgs={i: short or name for i, short, name in s.execute(
            select(Organisation.id, Organisation.short_name, Organisation.name))},
    )


def _raw(column: Any, name: str) -> Any:
    """A column read as the driver gives it, without SQLAlchemy's conversion."""
    return type_coerce(column, String).label(name)


def _shared(profile: Any, *specific: Any) -> Select[Any]:
    """The select of a base: the columns both bases share (`SHARED_COLUMNS`, raw), then the
    base's own; the person joined, and a minor's first guardian (the lowest guardianship id)
    joined too, so no second query is needed."""
    first = (select(Guardianship.child_id, func.min(Guardianship.id).label("link_id"))
             .group_by(Guardianship.child_id).subquery())
    guardian = aliased(Person)
    return (
        select(
            profile.id, profile.person_id, Person.last_name, Person.first_name,
            Person.patronymic, _raw(Person.kind, "kind"), Person.group_name, Person.position,
            Person.place, Person.grade, Person.organisation_id,
            _raw(Person.birth_date, "birth_date"), _raw(Person.sex, "sex"), Person.phone,
            Person.email, _raw(Person.status, "person_status"),
            (Person.search_key + "\n" + profile.search_key).label("search_keys"),
            Guardianship.relation.label("g_relation"), guardian.last_name.label("g_last"),
            guardian.first_name.label("g_first"), guardian.patronymic.label("g_patronymic"),
            guardian.phone.label("g_phone"), guardian.email.label("g_email"),
            _raw(profile.interests, "interests"), _raw(profile.subjects, "subjects"),
            _raw(profile.entered_on, "entered_on"), _raw(profile.status, "status"),
            profile.results, profile.case_link, *specific)
        .join(Person, Person.id == profile.person_id)
        .outerjoin(first, first.c.child_id == Person.id)
        .outerjoin(Guardianship, Guardianship.id == first.c.link_id)
        .outerjoin(guardian, guardian.id == Guardianship.guardian_id)
    )


def _fetch(s: Session, stmt: Select[Any], columns: tuple[str, ...]) -> list[Any]:
    result = s.connection().execute(stmt)
    if tuple(result.keys()) != columns:  # the rows read their values by position
        raise AssertionError(f"unexpected columns: {tuple(result.keys())}")
    return list(result.all())


def _finish(rows: list[Any], query: BaseQuery) -> list[Any]:
    """The «нет согласия» filter (the consent state is worked out in Python) and the order by
    name: the rows come by entry id, and the sort is stable, so equal names keep that order."""
    if query.consent_missing:
        rows = [row for row in rows if not row.consent_ok]
    rows.sort(key=lambda row: name_key(row.full_name))
    return rows


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a base makes a few hundred thousand objects, none of them in a reference cycle;
    the cyclic garbage collector would walk them again and again (a quarter of the time of a
    50,000-row base). It is paused while a base is read, and resumed if it was running."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _consents(s: Session, lookup: Lookup, found: Sequence[Any], profile: Any,
              scope: ColumnElement[bool]) -> None:
    if len(found) <= _BY_ID:
        lookup.consents = consent_summaries(s, lookup.today,
                                            person_ids=sorted({r[1] for r in found}))
    else:
        lookup.consents = consent_summaries(s, lookup.today, profile=profile, where=scope)


# --- Mentees ------------------------------------------------------------------------------------


def mentee_query(programme_id: int, query: BaseQuery) -> Select[Any]:
    stmt = (
        _shared(MenteeProfile, MenteeProfile.request_kind_id, MenteeProfile.request_text,
                _raw(MenteeProfile.has_disability, "has_disability"),
                _raw(MenteeProfile.info_source, "info_source"), MenteeProfile.form_id,
                MenteeProfile.role_model_id)
        .where(MenteeProfile.programme_id == programme_id,
               *_common_conditions(query, MenteeProfile))
    )
    if query.request_kind_id is not None:
        stmt = stmt.where(MenteeProfile.request_kind_id == query.request_kind_id)
    if query.form_id is not None:
        stmt = stmt.where(MenteeProfile.form_id == query.form_id)
    status = _status(MenteeStatus, query.status)
    if status is not None:
        stmt = stmt.where(MenteeProfile.status == status)
    return stmt


def mentee_rows(db: Database, programme_id: int, query: BaseQuery = ALL,
                today: date | None = None) -> list[MenteeRow]:
    """The mentee base of a programme, searched and filtered, sorted by name."""
    today = today or date.today()
    with db.read() as s:
        return mentee_rows_in(s, programme_id, query, today)


def mentee_rows_in(s: Session, programme_id: int, query: BaseQuery, today: date) -> list[MenteeRow]:
    lookup = _lookup(s, today)
    stmt = mentee_query(programme_id, query).order_by(MenteeProfile.id)
    with _collector_paused():
        found = _fetch(s, stmt, MenteeRow.COLUMNS)
        _consents(s, lookup, found, MenteeProfile, MenteeProfile.programme_id == programme_id)
        lookup.mentors = mentor_of_mentees(s, programme_id)
        return _finish([MenteeRow(r, lookup) for r in found], query)


# --- Mentors ------------------------------------------------------------------------------------


def mentor_scope(programme_id: int | None) -> ColumnElement[bool]:
    """The mentors a programme sees: its own and the long-term reserve."""
    if programme_id is None:
        return MentorProfile.programme_id.is_(None)
    return or_(MentorProfile.programme_id == programme_id, MentorProfile.programme_id.is_(None))


def mentor_query(programme_id: int | None, query: BaseQuery) -> Select[Any]:
    stmt = (
        _shared(MentorProfile, MentorProfile.programme_id,
                _raw(MentorProfile.competences, "competences"), MentorProfile.achievements,
                MentorProfile.mentee_age_min, MentorProfile.mentee_age_max,
                _raw(MentorProfile.meeting_times, "meeting_times"), MentorProfile.capacity,
                _raw(MentorProfile.share_with_district, "share_with_district"))
        .where(mentor_scope(programme_id), *_common_conditions(query, MentorProfile))
    )
    if query.form_id is not None:
        stmt = stmt.where(exists().where(mentor_forms.c.mentor_id == MentorProfile.id,
                                         mentor_forms.c.form_id == query.form_id))
    status = _status(MentorStatus, query.status)
    if status is not None:
        stmt = stmt.where(MentorProfile.status == status)
    return stmt


def mentor_rows(db: Database, programme_id: int | None, query: BaseQuery = ALL,
                today: date | None = None) -> list[MentorRow]:
    """The mentor base seen from a programme (its mentors and the reserve), sorted by name."""
    today = today or date.today()
    with db.read() as s:
        return mentor_rows_in(s, programme_id, query, today)


def mentor_rows_in(s: Session, programme_id: int | None, query: BaseQuery,
                   today: date) -> list[MentorRow]:
    lookup = _lookup(s, today)
    stmt = mentor_query(programme_id, query).order_by(MentorProfile.id)
    profile_ids = select(MentorProfile.id).where(mentor_scope(programme_id)).scalar_subquery()
    with _collector_paused():
        found = _fetch(s, stmt, MentorRow.COLUMNS)
        _consents(s, lookup, found, MentorProfile, mentor_scope(programme_id))
        for mentor_id, form_id in s.execute(
                select(mentor_forms.c.mentor_id, mentor_forms.c.form_id)
                .where(mentor_forms.c.mentor_id.in_(profile_ids))):
            lookup.mentor_forms.setdefault(mentor_id, []).append(form_id)
        if programme_id is not None:
            lookup.mentees = mentees_of_mentors(s, programme_id)
        return _finish([MentorRow(r, lookup) for r in found], query)


def profile_id_of(db: Database, programme_id: int, person_id: int, mentees: bool) -> int | None:
    """The person's entry in the programme's mentee base, or in the mentor base it sees
    (archived entries too); the lowest id if there are several."""
    profile: Any = MenteeProfile if mentees else MentorProfile
    scope = (MenteeProfile.programme_id == programme_id if mentees
             else mentor_scope(programme_id))
    with db.read() as s:
        found = s.scalar(select(func.min(profile.id)).where(scope, profile.person_id == person_id))
    return None if found is None else int(found)

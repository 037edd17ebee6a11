"""Who is paired with whom in a programme, in one query: the mentor of each mentee, the
mentees and the load of each mentor, and the pair's form, place and period for the bases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..model import (
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    PairMember,
    PairStatus,
    Person,
    PersonKind,
    RoleModel,
)
from ..model.text import full_name, normalise

WORKING = (PairStatus.DRAFT, PairStatus.APPROVED, PairStatus.ACTIVE)
# Which pair names a mentee's mentor when there are several (a finished one and a new one).
_PRIORITY = {PairStatus.ACTIVE: 0, PairStatus.APPROVED: 1, PairStatus.DRAFT: 2,
             PairStatus.COMPLETED: 3}


@dataclass(frozen=True)
class PairLink:
    pair_id: int
    status: PairStatus
    mentor_id: int  # mentor profile
    mentor_name: str
    mentor_workplace: str
    mentee_id: int  # mentee profile
    mentee_name: str
    form: str
    role_model: str
    venue: str
    starts_on: date | None
    ends_on: date | None

    @property
    def form_text(self) -> str:
        """«ученик – ученик (равный – равному)»."""
        return f"{self.form} ({self.role_model})" if self.form and self.role_model else self.form

    @property
    def period_text(self) -> str:
        if self.starts_on is None and self.ends_on is None:
            return ""
        first = f"{self.starts_on:%d.%m.%Y}" if self.starts_on else "…"
        last = f"{self.ends_on:%d.%m.%Y}" if self.ends_on else "…"
        return f"{first} – {last}"


@dataclass
class PairLinks:
    by_mentee: dict[int, PairLink] = field(default_factory=dict)
    by_mentor: dict[int, list[PairLink]] = field(default_factory=dict)

    def mentees_of(self, mentor_id: int) -> list[PairLink]:
        return self.by_mentor.get(mentor_id, [])

    def load_of(self, mentor_id: int) -> int:
        return sum(1 for link in self.by_mentor.get(mentor_id, ()) if link.status in WORKING)


def workplace_text(place: str, position: str, group_name: str, kind: PersonKind,
                   organisation: str) -> str:
    """Место работы/учёбы: the place typed in, or the organisation with the post or class."""
    where = place or organisation
    detail = position or (f"{group_name} класс" if kind == PersonKind.PUPIL and group_name
                          else group_name)
    return ", ".join(p for p in (where, detail) if p)


def pair_links(s: Session, programme_id: int) -> PairLinks:
    """Current members (not left) of the programme's pairs that are not disbanded."""
    mentor_person = aliased(Person)
    mentee_person = aliased(Person)
    orgs = {o.id: o.short_name or o.name for o in s.scalars(select(Organisation))}
    query = (
        select(Pair.id, Pair.status, Pair.mentor_id, Pair.venue, Pair.starts_on, Pair.ends_on,
               MentoringForm.name.label("form"), RoleModel.name.label("role_model"),
               PairMember.mentee_id,
               mentee_person.last_name.label("e_last"), mentee_person.first_name.label("e_first"),
               mentee_person.patronymic.label("e_patronymic"),
               mentor_person.last_name, mentor_person.first_name, mentor_person.patronymic,
               mentor_person.place, mentor_person.position, mentor_person.group_name,
               mentor_person.kind, mentor_person.organisation_id)
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(MentorProfile, MentorProfile.id == Pair.mentor_id)
        .join(mentor_person, mentor_person.id == MentorProfile.person_id)
        .join(MenteeProfile, MenteeProfile.id == PairMember.mentee_id)
        .join(mentee_person, mentee_person.id == MenteeProfile.person_id)
        .outerjoin(MentoringForm, MentoringForm.id == Pair.form_id)
        .outerjoin(RoleModel, RoleModel.id == Pair.role_model_id)
        .where(Pair.programme_id == programme_id, PairMember.left_on.is_(None),
               Pair.status != PairStatus.CLOSED)
    )
    links = PairLinks()
    for r in s.execute(query):
        org = orgs.get(r.organisation_id, "") if r.organisation_id else ""
        link = PairLink(
            pair_id=r.id, status=r.status, mentor_id=r.mentor_id,
            mentor_name=full_name(r.last_name, r.first_name, r.patronymic),
            mentor_workplace=workplace_text(r.place, r.position, r.group_name, r.kind, org),
            mentee_id=r.mentee_id, mentee_name=full_name(r.e_last, r.e_first, r.e_patronymic),
            form=r.form or "", role_model=r.role_model or "", venue=r.venue,
            starts_on=r.starts_on, ends_on=r.ends_on,
        )
        current = links.by_mentee.get(link.mentee_id)
        if current is None or _PRIORITY[link.status] < _PRIORITY[current.status]:
            links.by_mentee[link.mentee_id] = link
        links.by_mentor.setdefault(link.mentor_id, []).append(link)
    for group in links.by_mentor.values():
        group.sort(key=lambda link: (_PRIORITY[link.status], normalise(link.mentee_name)))
    return links


def mentor_of_mentees(s: Session, programme_id: int) -> dict[int, tuple[int, str]]:
    """mentee profile id → (pair id, mentor's ФИО): the light query behind the mentee table."""
    query = (
        select(PairMember.mentee_id, Pair.id, Pair.status, Person.last_name, Person.first_name,
               Person.patronymic)
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(MentorProfile, MentorProfile.id == Pair.mentor_id)
        .join(Person, Person.id == MentorProfile.person_id)
        .where(Pair.programme_id == programme_id, PairMember.left_on.is_(None),
               Pair.status != PairStatus.CLOSED)
    )
    best: dict[int, tuple[int, int, str]] = {}
    for mentee_id, pair_id, status, last, first, patronymic in s.execute(query):
        rank = _PRIORITY[status]
        if mentee_id not in best or rank < best[mentee_id][0]:
            best[mentee_id] = (rank, pair_id, full_name(last, first, patronymic))
    return {k: (pair_id, name) for k, (_, pair_id, name) in best.items()}


def mentees_of_mentors(s: Session, programme_id: int) -> dict[int, tuple[list[str], int]]:
    """mentor profile id → (mentees' ФИО, load): the light query behind the mentor table.
    The load counts mentees in pairs that still work (draft, approved, active)."""
    query = (
        select(Pair.mentor_id, Pair.status, Person.last_name, Person.first_name,
               Person.patronymic)
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(MenteeProfile, MenteeProfile.id == PairMember.mentee_id)
        .join(Person, Person.id == MenteeProfile.person_id)
        .where(Pair.programme_id == programme_id, PairMember.left_on.is_(None),
               Pair.status != PairStatus.CLOSED)
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for mentor_id, status, last, first, patronymic in s.execute(query):
        found.setdefault(mentor_id, []).append((_PRIORITY[status], full_name(last, first, patronymic)))
    out: dict[int, tuple[list[str], int]] = {}
    for mentor_id, items in found.items():
        items.sort(key=lambda item: (item[0], normalise(item[1])))
        load = sum(1 for rank, _ in items if rank < _PRIORITY[PairStatus.COMPLETED])
        out[mentor_id] = ([name for _, name in items], load)
    return out

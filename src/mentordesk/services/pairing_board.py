"""What the pairing view shows, in one read: the mentor cards with their current mentees, the
unassigned mentees and who does not take part.

A card is a mentor of the pool (match_pool), or a mentor outside it who still has a working
pair in the programme (for instance one whose places are all taken by approved pairs), so that
no member is ever invisible. Its members are the mentees of the mentor's draft, approved and
working pairs; the draft is the one pair the curator changes by dragging, the others change
only through «изменить состав».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..model import (
    ConstraintKind,
    MatchConstraint,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Pair,
    PairMember,
    PairStatus,
    Person,
    mentor_forms,
)
from ..model.text import full_name, normalise
from .database import Database
from .match_pool import Excluded, Pool, PoolMentee, load_pool
from .matching import Scorer, load_facts, load_weights
from .people_pairs import workplace_text

WORKING = (PairStatus.DRAFT, PairStatus.APPROVED, PairStatus.ACTIVE)
FIXED = (PairStatus.APPROVED, PairStatus.ACTIVE)


@dataclass(frozen=True)
class Member:
    """A mentee on a mentor's card."""

    mentee_id: int
    person_id: int
    name: str
    detail: str
    pair_id: int
    status: PairStatus
    pinned: bool = False

    @property
    def locked(self) -> bool:
        """An approved or working pair: changed only through «изменить состав»."""
        return self.status != PairStatus.DRAFT

    @property
    def short_name(self) -> str:
        """«Петров Иван» for a chip: the surname and the first name."""
        return " ".join(self.name.split()[:2])


@dataclass(frozen=True)
class MentorCard:
    id: int  # MentorProfile.id
    person_id: int
    name: str
    detail: str
    capacity: int
    form_ids: tuple[int, ...]
    form_names: str
    members: tuple[Member, ...] = ()
    draft_pair_id: int | None = None
    in_pool: bool = True
    note: str = ""  # why a mentor outside the pool takes no new mentees

    @property
    def used(self) -> int:
        return len(self.members)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.used)

    @property
    def capacity_text(self) -> str:
        return f"{self.used} / {self.capacity}"

    @property
    def fixed_pair_ids(self) -> tuple[int, ...]:
        return tuple(sorted({m.pair_id for m in self.members if m.locked}))

    def member(self, mentee_id: int) -> Member | None:
        return next((m for m in self.members if m.mentee_id == mentee_id), None)


@dataclass(frozen=True)
class ConstraintRow:
    mentee_id: int
    mentor_id: int
    kind: ConstraintKind
    reason: str


@dataclass(frozen=True)
class Board:
    programme_id: int
    mentors: list[MentorCard]
    unassigned: list[PoolMentee]
    excluded: list[Excluded]
    constraints: list[ConstraintRow] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    pool: Pool | None = field(default=None, repr=False)  # who takes part, as read with the board

    def card(self, mentor_id: int) -> MentorCard | None:
        return next((c for c in self.mentors if c.id == mentor_id), None)

    def mentor_of(self, mentee_id: int) -> MentorCard | None:
        return next((c for c in self.mentors if c.member(mentee_id) is not None), None)

    def forbidden_for(self, mentee_id: int) -> list[ConstraintRow]:
        return [c for c in self.constraints
                if c.mentee_id == mentee_id and c.kind == ConstraintKind.FORBID]


def pairing_board(db: Database, programme_id: int, today: date | None = None) -> Board:
    """Everything the pairing view shows for `programme_id`, as of `today`."""
    today = today or date.today()
    with db.read() as s:
        pool = load_pool(s, programme_id, today)
        return board_from_pool(s, pool)


def board_from_pool(s: Session, pool: Pool) -> Board:
    members = load_members(s, pool.programme_id)
    drafts = draft_pairs(s, pool.programme_id)
    rules = load_constraints(s, pool.programme_id)
    cards = [MentorCard(id=m.id, person_id=m.person_id, name=m.name, detail=m.detail,
                        capacity=m.capacity, form_ids=m.form_ids, form_names=m.form_names,
                        members=members.get(m.id, ()), draft_pair_id=drafts.get(m.id))
             for m in pool.mentors]
    outside = [mid for mid in members if pool.mentor(mid) is None]
    cards += _outside_cards(s, pool, outside, members, drafts)
    cards.sort(key=lambda c: (normalise(c.name), c.id))
    placed = {m.mentee_id for group in members.values() for m in group}
    unassigned = sorted((m for m in pool.mentees if m.id not in placed),
                        key=lambda m: (normalise(m.name), m.id))
    shown = {c.id for c in cards}
    excluded = [e for e in pool.excluded
                if not (e.role == "mentee" and e.id in placed)
                and not (e.role == "mentor" and e.id in shown)]
    return Board(pool.programme_id, cards, unassigned, excluded, rules, pool.today, pool)


def load_members(s: Session, programme_id: int,
                 mentor_ids: Iterable[int] | None = None) -> dict[int, tuple[Member, ...]]:
    """mentor profile id → the current members of the mentor's working pairs: approved and
    working pairs first, then the draft, each by name."""
    pins = {(mentee, mentor) for mentee, mentor in s.execute(
        select(MatchConstraint.mentee_id, MatchConstraint.mentor_id)
        .where(MatchConstraint.programme_id == programme_id,
               MatchConstraint.kind == ConstraintKind.PIN))}
    query = (
        select(Pair.mentor_id, Pair.id, Pair.status, PairMember.mentee_id, Person.id,
               Person.last_name, Person.first_name, Person.patronymic, Person.group_name,
               Person.position)
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(MenteeProfile, MenteeProfile.id == PairMember.mentee_id)
        .join(Person, Person.id == MenteeProfile.person_id)
        .where(Pair.programme_id == programme_id, Pair.status.in_(WORKING),
               PairMember.left_on.is_(None))
    )
    if mentor_ids is not None:
        query = query.where(Pair.mentor_id.in_(list(mentor_ids)))
    found: dict[int, list[Member]] = {}
    for mentor_id, pair_id, status, mentee_id, person_id, last, first, patr, group, pos in \
            s.execute(query):
        found.setdefault(mentor_id, []).append(Member(
            mentee_id=mentee_id, person_id=person_id, name=full_name(last, first, patr),
            detail=group or pos or "", pair_id=pair_id, status=status,
            pinned=(mentee_id, mentor_id) in pins))
    return {mentor_id: tuple(sorted(group, key=lambda m: (m.status == PairStatus.DRAFT,
                                                          normalise(m.name), m.mentee_id)))
            for mentor_id, group in found.items()}


def draft_pairs(s: Session, programme_id: int,
                mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
    """mentor profile id → the id of the mentor's draft pair (the oldest, if there are several)."""
    query = (select(Pair.mentor_id, Pair.id)
             .where(Pair.programme_id == programme_id, Pair.status == PairStatus.DRAFT)
             .order_by(Pair.id.desc()))
    if mentor_ids is not None:
        query = query.where(Pair.mentor_id.in_(list(mentor_ids)))
    return {mentor: pair for mentor, pair in s.execute(query)}


def constraints(db: Database, programme_id: int) -> list[ConstraintRow]:
    """The programme's pins and forbids."""
    with db.read() as s:
        return load_constraints(s, programme_id)


def board_scorer(db: Database, pool: Pool) -> Scorer:
    """A scorer over the board's own pool: the choices, the history, the pins and forbids and
    the weights are read fresh (after a pin or forbid changes), the pool is not read again."""
    with db.read() as s:
        facts = load_facts(s, pool.programme_id)
    return Scorer(pool, facts, load_weights(db, pool.programme_id))


def load_constraints(s: Session, programme_id: int) -> list[ConstraintRow]:
    return [ConstraintRow(c.mentee_id, c.mentor_id, c.kind, c.reason)
            for c in s.scalars(select(MatchConstraint)
                               .where(MatchConstraint.programme_id == programme_id)
                               .order_by(MatchConstraint.id))]


def _outside_cards(s: Session, pool: Pool, mentor_ids: list[int],
                   members: dict[int, tuple[Member, ...]],
                   drafts: dict[int, int]) -> list[MentorCard]:
    if not mentor_ids:
        return []
    forms: dict[int, list[tuple[int, str]]] = {}
    for mentor_id, form_id, form_name in s.execute(
            select(mentor_forms.c.mentor_id, MentoringForm.id, MentoringForm.name)
            .join(MentoringForm, MentoringForm.id == mentor_forms.c.form_id)
            .where(mentor_forms.c.mentor_id.in_(mentor_ids))
            .order_by(MentoringForm.position, MentoringForm.id)):
        forms.setdefault(mentor_id, []).append((form_id, form_name))
    person = aliased(Person)
    cards = []
    for profile, p in s.execute(select(MentorProfile, person)
                                .join(person, person.id == MentorProfile.person_id)
                                .where(MentorProfile.id.in_(mentor_ids))):
        own = forms.get(profile.id, [])
        note = pool.excluded_reason("mentor", profile.id) or "не участвует в подборе пар"
        cards.append(MentorCard(
            id=profile.id, person_id=p.id, name=p.full_name,
            detail=workplace_text(p.place, p.position, p.group_name, p.kind, ""),
            capacity=profile.capacity, form_ids=tuple(f for f, _ in own),
            form_names=", ".join(name for _, name in own), members=members.get(profile.id, ()),
            draft_pair_id=drafts.get(profile.id), in_pool=False, note=note))
    return cards


def card_members(db: Database, programme_id: int,
                 mentor_ids: Iterable[int]) -> dict[int, tuple[tuple[Member, ...], int | None]]:
    """The members and the draft pair of a few mentors: what the view re-reads after a move
    instead of the whole board. Every mentor asked for is in the answer."""
    wanted = sorted(set(mentor_ids))
    with db.read() as s:
        members = load_members(s, programme_id, wanted)
        drafts = draft_pairs(s, programme_id, wanted)
    return {mid: (members.get(mid, ()), drafts.get(mid)) for mid in wanted}

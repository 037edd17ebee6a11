"""The mechanics under the pairing moves: where a mentee is (a `Spot`), what a move did (a
`Move`), and putting mentees in place inside a unit of work. No checks here but one: approved
and working pairs never change. pairing.py validates and calls these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFound
from ..model import (
    ConstraintKind,
    MatchConstraint,
    MenteeProfile,
    MentorProfile,
    Pair,
    PairMember,
    PairStatus,
    PairStatusChange,
    Person,
)
from .pairing_board import FIXED, WORKING

DRAFT_REASON = "Составлена куратором на экране подбора пар"


@dataclass(frozen=True)
class DraftPair:
    """Enough of a draft pair to create it again after it was emptied and deleted."""

    id: int | None
    mentor_id: int
    form_id: int | None
    role_model_id: int | None
    starts_on: date | None
    ends_on: date | None
    venue: str = ""


@dataclass(frozen=True)
class Spot:
    """Where a mentee is: in a mentor's draft pair, or unassigned (`pair` is None)."""

    mentee_id: int
    pair: DraftPair | None

    @property
    def mentor_id(self) -> int | None:
        return None if self.pair is None else self.pair.mentor_id


@dataclass(frozen=True)
class Move:
    programme_id: int
    before: tuple[Spot, ...]
    after: tuple[Spot, ...]

    @property
    def mentee_ids(self) -> tuple[int, ...]:
        return tuple(s.mentee_id for s in self.after)

    @property
    def mentor_ids(self) -> set[int]:
        """The mentors whose cards the move changed."""
        return {s.mentor_id for s in (*self.before, *self.after) if s.mentor_id is not None}

    @property
    def empty(self) -> bool:
        return self.before == self.after

    def reversed(self) -> Move:
        return Move(self.programme_id, self.after, self.before)


# --- reading inside a unit of work ----------------------------------------------------------


def who(s: Session, profile: type[MenteeProfile] | type[MentorProfile], profile_id: int) -> str:
    row = s.execute(select(Person.last_name, Person.first_name, Person.patronymic)
                    .join(profile, profile.person_id == Person.id)
                    .where(profile.id == profile_id)).first()
    return " ".join(p for p in row if p) if row else "участник"


def mentee_in(s: Session, programme_id: int, mentee_id: int) -> MenteeProfile:
    mentee = s.get(MenteeProfile, mentee_id)
    if mentee is None or mentee.programme_id != programme_id:
        raise NotFound("Наставляемый не найден в этой программе: возможно, его удалили. "
                       "Обновите окно подбора пар.")
    return mentee


def mentor_in(s: Session, programme_id: int, mentor_id: int) -> MentorProfile:
    mentor = s.get(MentorProfile, mentor_id)
    if mentor is None or mentor.programme_id != programme_id:
        raise NotFound("Наставник не найден в этой программе: возможно, его удалили или "
                       "перевели в резерв. Обновите окно подбора пар.")
    return mentor


def memberships(s: Session, programme_id: int, mentee_id: int) -> list[tuple[PairMember, Pair]]:
    """The mentee's current places in the programme's working pairs."""
    return [(m, p) for m, p in s.execute(
        select(PairMember, Pair).join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.programme_id == programme_id, PairMember.mentee_id == mentee_id,
               Pair.status.in_(WORKING), PairMember.left_on.is_(None))
        .order_by(Pair.id))]


def snapshot(pair: Pair) -> DraftPair:
    return DraftPair(pair.id, pair.mentor_id, pair.form_id, pair.role_model_id, pair.starts_on,
                     pair.ends_on, pair.venue)


def spot_of(s: Session, programme_id: int, mentee_id: int) -> Spot:
    for _member, pair in memberships(s, programme_id, mentee_id):
        if pair.status == PairStatus.DRAFT:
            return Spot(mentee_id, snapshot(pair))
    return Spot(mentee_id, None)


def draft_of(s: Session, programme_id: int, mentor_id: int) -> Pair | None:
    return s.scalar(select(Pair).where(Pair.programme_id == programme_id,
                                       Pair.mentor_id == mentor_id,
                                       Pair.status == PairStatus.DRAFT)
                    .order_by(Pair.id).limit(1))


def fixed_refusal(s: Session, programme_id: int, mentee_id: int) -> str | None:
    for _member, pair in memberships(s, programme_id, mentee_id):
        if pair.status in FIXED:
            return (f"{who(s, MenteeProfile, mentee_id)} уже в утверждённой паре с наставником "
                    f"{who(s, MentorProfile, pair.mentor_id)}. Перевести наставляемого можно "
                    "только через «Изменить состав…» с указанием причины.")
    return None


def constraint_of(s: Session, programme_id: int, mentee_id: int,
                mentor_id: int) -> MatchConstraint | None:
    return s.scalar(select(MatchConstraint).where(
        MatchConstraint.programme_id == programme_id, MatchConstraint.mentee_id == mentee_id,
        MatchConstraint.mentor_id == mentor_id))


def pinned_elsewhere(s: Session, programme_id: int, mentee_id: int,
                      mentor_id: int | None) -> int | None:
    """The mentor the mentee is pinned to, when that is not `mentor_id`."""
    query = select(MatchConstraint.mentor_id).where(
        MatchConstraint.programme_id == programme_id, MatchConstraint.mentee_id == mentee_id,
        MatchConstraint.kind == ConstraintKind.PIN)
    if mentor_id is not None:
        query = query.where(MatchConstraint.mentor_id != mentor_id)
    return s.scalar(query.limit(1))


def pinned_message(s: Session, mentee_id: int, mentor_id: int) -> str:
    return (f"Пара «{who(s, MentorProfile, mentor_id)} – {who(s, MenteeProfile, mentee_id)}» "
            "закреплена куратором. Чтобы перевести наставляемого, сначала снимите закрепление.")


# --- writing --------------------------------------------------------------------------------


def new_pair(s: Session, programme_id: int, template: DraftPair) -> Pair:
    pair = Pair(programme_id=programme_id, mentor_id=template.mentor_id,
                form_id=template.form_id, role_model_id=template.role_model_id,
                starts_on=template.starts_on, ends_on=template.ends_on, venue=template.venue,
                status=PairStatus.DRAFT)
    if template.id is not None and s.get(Pair, template.id) is None:
        pair.id = template.id
    pair.history = [PairStatusChange(from_status=None, to_status=PairStatus.DRAFT,
                                     reason=DRAFT_REASON)]
    s.add(pair)
    s.flush()
    return pair


def place(s: Session, programme_id: int, spots: Iterable[Spot]) -> None:
    """Put each mentee where its spot says, with no checks but one: approved pairs stay."""
    touched: set[int] = set()
    for spot in spots:
        places = memberships(s, programme_id, spot.mentee_id)
        if any(pair.status in FIXED for _, pair in places):
            raise ConflictError(fixed_refusal(s, programme_id, spot.mentee_id) or "")
        staying = False
        for member, pair in places:
            if spot.pair is not None and pair.mentor_id == spot.pair.mentor_id and not staying:
                staying = True
                continue
            touched.add(pair.id)
            s.delete(member)
        if spot.pair is None or staying:
            continue
        s.flush()
        pair = draft_of(s, programme_id, spot.pair.mentor_id) or \
            new_pair(s, programme_id, spot.pair)
        s.add(PairMember(pair_id=pair.id, mentee_id=spot.mentee_id))
    s.flush()
    for pair_id in touched:
        left = s.scalar(select(func.count()).select_from(PairMember)
                        .where(PairMember.pair_id == pair_id))
        emptied = s.get(Pair, pair_id)
        if not left and emptied is not None and emptied.status == PairStatus.DRAFT:
            s.delete(emptied)
    s.flush()


def move_to(s: Session, programme_id: int, wanted: Sequence[Spot]) -> Move:
    before = tuple(spot_of(s, programme_id, w.mentee_id) for w in wanted)
    place(s, programme_id, wanted)
    after = tuple(spot_of(s, programme_id, w.mentee_id) for w in wanted)
    return Move(programme_id, before, after)

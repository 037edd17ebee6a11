"""The draft pairs and groups as the stage-5 wizard shows them, and their undo.

`apply_suggestion` replaces every draft of the programme; before it runs, the wizard takes
`snapshot_drafts`, and undo puts that snapshot back with `put_drafts` (which returns the drafts
it replaced, so redo is the same call with the other snapshot).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..model import (
    DevelopmentPlan,
    MenteeProfile,
    MentorProfile,
    Pair,
    PairMember,
    PairStatus,
    PairStatusChange,
    Person,
)
from .database import Database
from .preferences import ACTOR


@dataclass(frozen=True)
class DraftRow:
    """A draft pair (one mentee) or group (several) for the approval list."""

    id: int
    mentor: str
    mentor_detail: str
    mentees: tuple[str, ...]
    form: str

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1


@dataclass(frozen=True)
class StoredDraft:
    """What it takes to write a draft again: the pair, its members (mentee, joined on) and
    its history (at, from, to, reason)."""

    mentor_id: int
    form_id: int | None
    role_model_id: int | None
    starts_on: date | None
    ends_on: date | None
    venue: str
    members: tuple[tuple[int, date | None], ...]
    history: tuple[tuple[datetime, PairStatus | None, PairStatus, str], ...] = ()


def _name(p: Person) -> str:
    return p.full_name


def _drafts(s: Session, programme_id: int) -> list[Pair]:
    return list(s.scalars(select(Pair).where(Pair.programme_id == programme_id,
                                             Pair.status == PairStatus.DRAFT)
                          .order_by(Pair.id)))


def draft_pairs(db: Database, programme_id: int) -> list[DraftRow]:
    """The programme's draft pairs and groups with at least one mentee, by mentor's name."""
    with db.read() as s:
        rows = []
        for pair in _drafts(s, programme_id):
            members = [m for m in pair.members if m.left_on is None]
            if not members:
                continue
            mentor: MentorProfile = pair.mentor
            names = sorted((_mentee_label(m.mentee) for m in members), key=_sort_key)
            rows.append(DraftRow(
                id=pair.id, mentor=_name(mentor.person),
                mentor_detail=_detail(mentor.person),
                mentees=tuple(names), form=pair.form.name if pair.form else ""))
    return sorted(rows, key=lambda r: (_sort_key(r.mentor), r.id))


def _detail(p: Person) -> str:
    if p.position or not p.group_name:
        return p.position
    return f"{p.group_name} класс" if p.grade else f"группа {p.group_name}"


def _mentee_label(mentee: MenteeProfile) -> str:
    p = mentee.person
    return f"{p.full_name} ({p.group_name})" if p.group_name else p.full_name


def _sort_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def snapshot_drafts(db: Database, programme_id: int) -> tuple[StoredDraft, ...]:
    with db.read() as s:
        return _snapshot(s, programme_id)


def _snapshot(s: Session, programme_id: int) -> tuple[StoredDraft, ...]:
    return tuple(
        StoredDraft(pair.mentor_id, pair.form_id, pair.role_model_id, pair.starts_on,
                    pair.ends_on, pair.venue,
                    tuple((m.mentee_id, m.joined_on) for m in pair.members if m.left_on is None),
                    tuple((h.at, h.from_status, h.to_status, h.reason) for h in pair.history))
        for pair in _drafts(s, programme_id))


def put_drafts(db: Database, programme_id: int,
               drafts: Sequence[StoredDraft]) -> tuple[StoredDraft, ...]:
    """Replace the programme's drafts with `drafts`; returns the drafts replaced. A mentee or a
    mentor deleted meanwhile, or a mentee already approved in another pair, is left out."""
    with db.write(ACTOR) as s:
        before = _snapshot(s, programme_id)
        for pair in _drafts(s, programme_id):
            s.delete(pair)
        s.flush()
        mentors = _existing(s, MentorProfile, (d.mentor_id for d in drafts))
        mentees = _existing(s, MenteeProfile, (m for d in drafts for m, _ in d.members))
        taken = set(s.scalars(
            select(PairMember.mentee_id).join(Pair, Pair.id == PairMember.pair_id)
            .where(Pair.programme_id == programme_id, Pair.status != PairStatus.DRAFT,
                   PairMember.left_on.is_(None))))
        for d in drafts:
            members = [(m, joined) for m, joined in d.members
                       if m in mentees and m not in taken]
            if d.mentor_id not in mentors or not members:
                continue
            pair = Pair(programme_id=programme_id, mentor_id=d.mentor_id, form_id=d.form_id,
                        role_model_id=d.role_model_id, starts_on=d.starts_on, ends_on=d.ends_on,
                        venue=d.venue, status=PairStatus.DRAFT)
            pair.members = [PairMember(mentee_id=m, joined_on=joined) for m, joined in members]
            pair.history = [PairStatusChange(at=at, from_status=old, to_status=new, reason=why)
                            for at, old, new, why in d.history]
            s.add(pair)
        s.flush()
    return before


def _existing(s: Session, model: type[MentorProfile] | type[MenteeProfile],
              ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    return set(s.scalars(select(model.id).where(model.id.in_(wanted))))


def plan_count(db: Database, pair_ids: Iterable[int]) -> int:
    """How many development plans the given pairs have."""
    ids = list(pair_ids)
    if not ids:
        return 0
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(DevelopmentPlan)
                            .where(DevelopmentPlan.pair_id.in_(ids))) or 0)

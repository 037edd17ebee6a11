"""Changing the composition of an approved or working pair: the one way such a pair changes.
With a reason and a date, written into the pair's history; an added mentee gets a development
plan and leaves any draft pair; `undo_composition` takes back the latest change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..errors import ConflictError, NotFound, ValidationError
from ..model import (
    ConstraintKind,
    DevelopmentPlan,
    MatchConstraint,
    MenteeProfile,
    MenteeStatus,
    Pair,
    PairMember,
    PairStatusChange,
)
from .consent import ensure_can_pair
from .database import Database
from .matching import scorer
from .pairing_approve import add_plan, check_capacity, check_member, current_members, short_name
from .pairing_board import FIXED
from .pairing_places import Move, Spot, constraint_of, move_to, who


@dataclass(frozen=True)
class CompositionChange:
    """What `change_composition` did, for `undo_composition`."""

    pair_id: int
    added: tuple[int, ...]
    removed: tuple[int, ...]
    reason: str
    on: date
    history_id: int
    statuses: tuple[tuple[int, MenteeStatus], ...]  # every mentee's status before
    rejoined: tuple[tuple[int, date | None, date | None], ...] = ()  # (mentee, joined, left)
    plans: tuple[int, ...] = ()
    drafts: Move | None = None  # added mentees taken out of draft pairs
    pins: tuple[tuple[int, str], ...] = ()  # pins of the removed mentees, cleared: (mentee, reason)


def change_composition(db: Database, pair_id: int, add: Sequence[int], remove: Sequence[int],
                       reason: str, on: date) -> CompositionChange:
    """Add mentees to or remove them from an approved or working pair, on `on`, for `reason`;
    the change is written into the pair's history."""
    reason = " ".join(reason.split())
    add, remove = list(dict.fromkeys(add)), list(dict.fromkeys(remove))
    if not reason:
        raise ValidationError("Укажите причину изменения состава: она записывается в историю "
                              "пары.", field="reason")
    if not add and not remove:
        raise ValidationError("Не выбрано, кого включить в пару или исключить из неё.")
    with db.read() as s:
        pair = s.get(Pair, pair_id)
        programme_id = pair.programme_id if pair is not None else 0
    checker = scorer(db, programme_id, on) if add and programme_id else None
    with db.write() as s:
        pair = s.get(Pair, pair_id)
        if pair is None:
            raise NotFound("Пара не найдена: возможно, её удалили.")
        if pair.status not in FIXED:
            raise ValidationError("Состав черновой пары меняется перетаскиванием на экране "
                                  "подбора пар; менять с указанием причины нужно только "
                                  "утверждённую или работающую пару.")
        current = {m.mentee_id: m for m in current_members(pair)}
        stray = [i for i in remove if i not in current]
        if stray:
            raise ValidationError(f"{who(s, MenteeProfile, stray[0])} не состоит в этой паре.")
        add = [i for i in add if i not in current]
        if len(current) - len(remove) + len(add) < 1:
            raise ValidationError("В паре не останется ни одного наставляемого. Пара без "
                                  "наставляемых не меняет состав, а расформировывается.")
        for mentee_id in remove:
            joined = current[mentee_id].joined_on
            if joined is not None and on < joined:
                raise ValidationError(f"Дата изменения состава раньше, чем {short_name(s, mentee_id)} "
                                      f"вошёл в пару ({joined:%d.%m.%Y}).", field="on")
        if add:
            assert checker is not None
            check_capacity(s, pair, extra=len(add) - len(remove))
            ensure_can_pair(s, pair.mentor.person_id, on)
            for mentee_id in add:
                mentee = s.get(MenteeProfile, mentee_id)
                if mentee is None or mentee.programme_id != pair.programme_id:
                    raise NotFound("Наставляемый не найден в этой программе.")
                check_member(s, checker, pair, mentee_id, on)
        statuses = tuple((i, s.get(MenteeProfile, i).status)  # type: ignore[union-attr]
                         for i in (*add, *remove))
        drafts = move_to(s, pair.programme_id, [Spot(i, None) for i in add]) if add else None
        rejoined, plans, pins = [], [], []
        for mentee_id in remove:
            current[mentee_id].left_on = on
            pin = constraint_of(s, pair.programme_id, mentee_id, pair.mentor_id)
            if pin is not None and pin.kind == ConstraintKind.PIN:
                pins.append((mentee_id, pin.reason))
                s.delete(pin)
            s.get(MenteeProfile, mentee_id).status = MenteeStatus.WAITING  # type: ignore[union-attr]
        for mentee_id in add:
            old = s.scalar(select(PairMember).where(PairMember.pair_id == pair.id,
                                                    PairMember.mentee_id == mentee_id))
            if old is not None:  # back in a pair they left earlier: one row per pair and mentee
                rejoined.append((mentee_id, old.joined_on, old.left_on))
                old.joined_on, old.left_on = on, None
            else:
                s.add(PairMember(pair_id=pair.id, mentee_id=mentee_id, joined_on=on))
            s.get(MenteeProfile, mentee_id).status = MenteeStatus.IN_PAIR  # type: ignore[union-attr]
            s.flush()
            plan_id = add_plan(s, pair, mentee_id, pair.programme)
            if plan_id is not None:
                plans.append(plan_id)
        parts = []
        if add:
            parts.append("включены: " + ", ".join(short_name(s, i) for i in add))
        if remove:
            parts.append("исключены: " + ", ".join(short_name(s, i) for i in remove))
        entry = PairStatusChange(pair_id=pair.id, from_status=pair.status, to_status=pair.status,
                                 reason=f"Изменение состава с {on:%d.%m.%Y} ({'; '.join(parts)}). "
                                        f"Причина: {reason}")
        s.add(entry)
        s.flush()
        return CompositionChange(pair.id, tuple(add), tuple(remove), reason, on, entry.id,
                                 statuses, tuple(rejoined), tuple(plans), drafts, tuple(pins))


def undo_composition(db: Database, change: CompositionChange) -> None:
    """Take back the change of composition, if it is still the pair's latest."""
    with db.write() as s:
        pair = s.get(Pair, change.pair_id)
        if pair is None:
            raise NotFound("Пара не найдена: возможно, её удалили.")
        last = s.scalars(select(PairStatusChange).where(PairStatusChange.pair_id == pair.id)
                         .order_by(PairStatusChange.at.desc(),
                                   PairStatusChange.id.desc())).first()
        if last is None or last.id != change.history_id:
            raise ConflictError("Изменение состава отменить нельзя: после него в истории пары "
                                "уже есть другие записи.")
        s.delete(last)
        rejoined = {mentee: (joined, left) for mentee, joined, left in change.rejoined}
        for plan_id in change.plans:
            plan = s.get(DevelopmentPlan, plan_id)
            if plan is not None:
                s.delete(plan)
        for mentee_id in change.added:
            member = s.scalar(select(PairMember).where(PairMember.pair_id == pair.id,
                                                       PairMember.mentee_id == mentee_id))
            if member is None:
                continue
            if mentee_id in rejoined:
                member.joined_on, member.left_on = rejoined[mentee_id]
            else:
                s.delete(member)
        for mentee_id in change.removed:
            member = s.scalar(select(PairMember).where(PairMember.pair_id == pair.id,
                                                       PairMember.mentee_id == mentee_id))
            if member is not None:
                member.left_on = None
        for mentee_id, status in change.statuses:
            mentee = s.get(MenteeProfile, mentee_id)
            if mentee is not None:
                mentee.status = status
        for mentee_id, reason in change.pins:
            if constraint_of(s, pair.programme_id, mentee_id, pair.mentor_id) is None:
                s.add(MatchConstraint(programme_id=pair.programme_id, mentee_id=mentee_id,
                                      mentor_id=pair.mentor_id, kind=ConstraintKind.PIN,
                                      reason=reason))
        s.flush()
        if change.drafts is not None:
            move_to(s, pair.programme_id, change.drafts.before)

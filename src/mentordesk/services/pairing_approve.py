"""Approving the draft pairs by an order, and the checks a pair in an order must pass.

`approve_drafts` turns drafts into approved pairs under the order «Об утверждении
наставнических пар/групп», records it in each pair's history, marks the mentees «в паре» and
drafts a development plan for each. An order is a signed paper, so the UI asks before it is
recorded; `unapprove` takes an approval back only while nothing has happened to the pairs
since (no meetings, no marks in the plans, no change of composition), for an order recorded
by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFound, ValidationError
from ..model import (
    ConstraintKind,
    DevelopmentPlan,
    Meeting,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    Pair,
    PairMember,
    PairStatus,
    PairStatusChange,
    PlanItem,
    Programme,
)
from .consent import ensure_can_pair
from .database import Database
from .match_pool import PoolMentor
from .matching import Scorer, scorer
from .pairing_board import WORKING
from .pairing_places import constraint_of, pinned_elsewhere, pinned_message, who
from .pairing_plans import plan_for

ORDER_TITLE = "«Об утверждении наставнических пар/групп»"


def order_reason(number: str, on: date) -> str:
    return f"Приказ № {number} от {on:%d.%m.%Y} {ORDER_TITLE}"


def short_name(s: Session, mentee_id: int) -> str:
    parts = who(s, MenteeProfile, mentee_id).split()
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:3])]) if parts else "наставляемый"


def current_members(pair: Pair) -> list[PairMember]:
    return [m for m in pair.members if m.left_on is None]


def check_member(s: Session, checker: Scorer, pair: Pair, mentee_id: int, on: date) -> None:
    """The hard constraints of one mentee in `pair`, as of the order date."""
    names = f"{who(s, MentorProfile, pair.mentor_id)} – {who(s, MenteeProfile, mentee_id)}"
    rule = constraint_of(s, pair.programme_id, mentee_id, pair.mentor_id)
    if rule is not None and rule.kind == ConstraintKind.FORBID:
        raise ValidationError(f"Пара «{names}» запрещена куратором. Снимите запрет или "
                              "переназначьте наставляемого.")
    pinned = pinned_elsewhere(s, pair.programme_id, mentee_id, pair.mentor_id)
    if pinned is not None:
        raise ValidationError(pinned_message(s, mentee_id, pinned))
    mentee = s.get(MenteeProfile, mentee_id)
    assert mentee is not None
    ensure_can_pair(s, mentee.person_id, on)
    pool_mentee = checker.pool.mentee(mentee_id)
    if pool_mentee is None:
        reason = checker.pool.excluded_reason("mentee", mentee_id) or "не участвует в подборе"
        raise ValidationError(f"{who(s, MenteeProfile, mentee_id)} не участвует в подборе пар: "
                              f"{reason}.")
    # An approved pair's mentor may be out of the pool only because the approved pairs fill
    # the places; the rules of form and age still apply to the pair.
    mentor = checker.pool.mentor(pair.mentor_id) or _pool_mentor(s, checker, pair.mentor_id)
    refusal = checker.refusal(pool_mentee, mentor)
    if refusal:
        raise ValidationError(f"Пару «{names}» утвердить нельзя: {refusal}.")


def _pool_mentor(s: Session, checker: Scorer, mentor_id: int) -> PoolMentor:
    """The facts of a mentor outside the pool that the hard constraints read."""
    profile = s.get(MentorProfile, mentor_id)
    assert profile is not None
    forms = checker.pool.forms
    linked = [f.id for f in profile.forms]
    own = tuple(f for f in linked if f in forms) if linked else tuple(forms)
    p = profile.person
    return PoolMentor(id=profile.id, person_id=p.id, name=p.full_name, detail="",
                      capacity=profile.capacity, load=0, form_ids=own,
                      form_names=", ".join(forms[f].name for f in own), kind=p.kind,
                      birth_date=p.birth_date, grade=p.grade, course=p.course)


def check_capacity(s: Session, pair: Pair, extra: int = 0) -> None:
    mentor = s.get(MentorProfile, pair.mentor_id)
    assert mentor is not None
    used = s.scalar(select(func.count()).select_from(PairMember)
                    .join(Pair, Pair.id == PairMember.pair_id)
                    .where(Pair.programme_id == pair.programme_id,
                           Pair.mentor_id == pair.mentor_id, Pair.status.in_(WORKING),
                           PairMember.left_on.is_(None))) or 0
    if used + extra > mentor.capacity:
        raise ValidationError(
            f"Наставник {who(s, MentorProfile, pair.mentor_id)}: мест меньше, чем "
            f"наставляемых — {used + extra} при {mentor.capacity} местах. Уменьшите группу или "
            "увеличьте число наставляемых в карточке наставника.")


def add_plan(s: Session, pair: Pair, mentee_id: int, programme: Programme) -> int | None:
    exists = s.scalar(select(DevelopmentPlan.id).where(DevelopmentPlan.pair_id == pair.id,
                                                       DevelopmentPlan.mentee_id == mentee_id))
    if exists is not None:
        return None
    mentee = s.get(MenteeProfile, mentee_id)
    assert mentee is not None
    plan = plan_for(pair, mentee, programme.plan_title)
    s.add(plan)
    s.flush()
    return plan.id


@dataclass(frozen=True)
class Approval:
    """What an approval changed besides the status, so `unapprove` puts it back exactly."""

    pair_ids: tuple[int, ...]
    starts: tuple[tuple[int, date | None], ...] = ()  # (pair, its start as a draft)
    joined: tuple[tuple[int, int, date | None], ...] = ()  # (pair, mentee, joined as a draft)
    statuses: tuple[tuple[int, MenteeStatus], ...] = ()  # (mentee, status before)


def approve_drafts(db: Database, programme_id: int, number: str, on: date,
                   pair_ids: Sequence[int] | None = None) -> list[int]:
    """Approve the programme's draft pairs (or those of `pair_ids`) by the order № `number` of
    `on`; returns the ids approved. Every member's consent and every hard constraint is checked
    again, as of the order date; any refusal leaves everything as it was."""
    return list(approve(db, programme_id, number, on, pair_ids).pair_ids)


def approve(db: Database, programme_id: int, number: str, on: date,
            pair_ids: Sequence[int] | None = None) -> Approval:
    """`approve_drafts`, answering with what `unapprove` needs to undo it exactly."""
    number = " ".join(number.split())
    if not number:
        raise ValidationError("Укажите номер приказа об утверждении наставнических пар/групп.",
                              field="number")
    checker = scorer(db, programme_id, on)
    with db.write() as s:
        programme = s.get(Programme, programme_id)
        if programme is None:
            raise NotFound("Программа не найдена: возможно, её удалили.")
        if on > programme.ends_on:
            raise ValidationError(f"Дата приказа позже окончания программы "
                                  f"({programme.ends_on:%d.%m.%Y}).", field="on")
        query = select(Pair).where(Pair.programme_id == programme_id,
                                   Pair.status == PairStatus.DRAFT).order_by(Pair.id)
        if pair_ids is not None:
            query = query.where(Pair.id.in_(list(pair_ids)))
        pairs = [p for p in s.scalars(query) if current_members(p)]
        if pair_ids is not None and len(pairs) != len(set(pair_ids)):
            raise ConflictError("Часть выбранных пар уже утверждена или удалена. Обновите окно "
                                "подбора пар и повторите.")
        if not pairs:
            raise ValidationError("Нет составленных пар для утверждения: сначала распределите "
                                  "наставляемых по наставникам.")
        for pair in pairs:
            check_capacity(s, pair)
            mentor = s.get(MentorProfile, pair.mentor_id)
            assert mentor is not None
            ensure_can_pair(s, mentor.person_id, on)
            for member in current_members(pair):
                check_member(s, checker, pair, member.mentee_id, on)
        before = Approval(
            tuple(p.id for p in pairs), tuple((p.id, p.starts_on) for p in pairs),
            tuple((p.id, x.mentee_id, x.joined_on) for p in pairs for x in current_members(p)),
            tuple((x.mentee_id, x.mentee.status) for p in pairs for x in current_members(p)))
        for pair in pairs:
            pair.status = PairStatus.APPROVED
            pair.order_number, pair.order_date = number, on
            if pair.starts_on is None or pair.starts_on < on:
                pair.starts_on = on
            if pair.ends_on is None or pair.ends_on < pair.starts_on:
                pair.ends_on = programme.ends_on
            s.add(PairStatusChange(pair_id=pair.id, from_status=PairStatus.DRAFT,
                                   to_status=PairStatus.APPROVED, reason=order_reason(number, on)))
            for member in current_members(pair):
                member.joined_on = pair.starts_on
                mentee = s.get(MenteeProfile, member.mentee_id)
                assert mentee is not None
                mentee.status = MenteeStatus.IN_PAIR
                s.flush()
                add_plan(s, pair, member.mentee_id, programme)
        return before


def _untouched(s: Session, pair: Pair) -> str | None:
    """Why the approval of `pair` can no longer be taken back, or None."""
    if pair.status != PairStatus.APPROVED:
        return "пара уже работает" if pair.status == PairStatus.ACTIVE else "пара не утверждена"
    if s.scalar(select(func.count()).select_from(Meeting).where(Meeting.pair_id == pair.id)):
        return "у пары уже есть встречи"
    last = s.scalars(select(PairStatusChange).where(PairStatusChange.pair_id == pair.id)
                     .order_by(PairStatusChange.at.desc(), PairStatusChange.id.desc())).first()
    if last is None or last.from_status != PairStatus.DRAFT or \
            last.to_status != PairStatus.APPROVED:
        return "после утверждения состав пары уже меняли"
    if any(m.left_on is not None for m in pair.members):
        return "после утверждения состав пары уже меняли"
    marked = s.scalar(select(func.count()).select_from(PlanItem)
                      .join(DevelopmentPlan, DevelopmentPlan.id == PlanItem.plan_id)
                      .where(DevelopmentPlan.pair_id == pair.id, PlanItem.done.is_(True)))
    filled = s.scalar(select(func.count()).select_from(DevelopmentPlan).where(
        DevelopmentPlan.pair_id == pair.id,
        (DevelopmentPlan.results != "") | (DevelopmentPlan.reflection != "")
        | DevelopmentPlan.approved_on.is_not(None)))
    if marked or filled:
        return "в плане уже есть отметки"
    return None


def unapprove(db: Database, pair_ids: Sequence[int] | Approval) -> list[int]:
    """Take an approval back (the order was recorded by mistake): the pairs become drafts again,
    their plans and the history entry of the order are removed, the mentees wait for a pair.
    Refused for a pair something has happened to since. Given the `Approval` that `approve`
    returned, the drafts' dates and the mentees' statuses come back exactly; given bare ids, a
    start moved to the order date goes back to the programme's start."""
    approval = pair_ids if isinstance(pair_ids, Approval) else Approval(tuple(pair_ids))
    starts = dict(approval.starts)
    joined = {(pair, mentee): day for pair, mentee, day in approval.joined}
    statuses = dict(approval.statuses)
    with db.write() as s:
        pairs = [s.get(Pair, pid) for pid in dict.fromkeys(approval.pair_ids)]
        for pair in pairs:
            if pair is None:
                raise NotFound("Пара не найдена: возможно, её удалили.")
            why = _untouched(s, pair)
            if why is not None:
                raise ConflictError(
                    f"Утверждение пары с наставником {who(s, MentorProfile, pair.mentor_id)} "
                    f"отменить нельзя: {why}. Если приказ внесён ошибочно, измените состав пары "
                    "с указанием причины.")
        for pair in pairs:
            assert pair is not None
            order_date = pair.order_date
            last = s.scalars(select(PairStatusChange).where(PairStatusChange.pair_id == pair.id)
                             .order_by(PairStatusChange.at.desc(),
                                       PairStatusChange.id.desc())).first()
            if last is not None:
                s.delete(last)
            s.execute(delete(DevelopmentPlan).where(DevelopmentPlan.pair_id == pair.id))
            programme = pair.programme
            if pair.id in starts:
                pair.starts_on = starts[pair.id]
            elif order_date is not None and pair.starts_on == order_date \
                    and programme.starts_on < order_date:
                pair.starts_on = programme.starts_on  # drafts run over the programme's period
            pair.status = PairStatus.DRAFT
            pair.order_number, pair.order_date = "", None
            for member in current_members(pair):
                member.joined_on = joined.get((pair.id, member.mentee_id))
                mentee = s.get(MenteeProfile, member.mentee_id)
                if mentee is not None and mentee.status == MenteeStatus.IN_PAIR:
                    mentee.status = statuses.get(mentee.id, MenteeStatus.WAITING)
        s.flush()
        return [p.id for p in pairs if p is not None]

"""Forming the pairs by hand (stage 5, «Корректировка»): moving mentees between the mentors'
draft pairs and the unassigned list, and pinning or forbidding pairs.

Each mentor has at most one draft pair; a mentor with several mentees in it is a group. Every
move is validated first and then written in one transaction, so a refused move writes nothing.
It returns a `Move`: where the mentees were and where they are now. `restore(db, move)` puts
them back and returns the reversed `Move`, so an undo and its redo are the same call. A restore
re-creates a deleted draft with its old id when that id is free.

Approved and working pairs never change here: that takes `change_composition` with a reason
(pairing_composition.py); approval is in pairing_approve.py. The session hooks write the audit
log of every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..model import (
    ConstraintKind,
    MatchConstraint,
    MenteeProfile,
    MentorProfile,
    Pair,
    PairMember,
    Programme,
)
from .consent import ensure_can_pair
from .database import Database
from .match_score import allowed_forms
from .matching import Scorer, scorer
from .pairing_board import (
    FIXED,
    WORKING,
    Board,
    ConstraintRow,
    Member,
    MentorCard,
    board_scorer,
    card_members,
    constraints,
    pairing_board,
)
from .pairing_places import (
    DRAFT_REASON,
    DraftPair,
    Move,
    Spot,
    constraint_of,
    draft_of,
    fixed_refusal,
    memberships,
    mentee_in,
    mentor_in,
    move_to,
    pinned_elsewhere,
    pinned_message,
    snapshot,
    spot_of,
    who,
)

__all__ = [
    "DRAFT_REASON", "Approval", "Board", "CompositionChange", "ConstraintChange", "ConstraintRow",
    "DraftPair", "Member", "MentorCard", "Move", "Spot", "approve", "approve_drafts", "assign",
    "board_scorer", "card_members", "change_composition", "constraints", "pairing_board", "restore",
    "restore_constraint", "set_constraint", "unapprove", "unassign", "undo_composition",
]


@dataclass(frozen=True)
class ConstraintChange:
    """A pin or forbid as it was (`kind` None: none), and the draft change made with it."""

    programme_id: int
    mentee_id: int
    mentor_id: int
    kind: ConstraintKind | None
    reason: str = ""
    move: Move | None = None


def restore(db: Database, move: Move) -> Move:
    """Put the mentees back where `move.before` says; returns the reversed move (its undo)."""
    with db.write() as s:
        return move_to(s, move.programme_id, move.before)


# --- the moves ------------------------------------------------------------------------------


def _template(s: Session, checker: Scorer, programme_id: int, mentee_id: int, mentor_id: int,
              today: date) -> DraftPair:
    """A new draft pair made as the matcher makes one (apply_suggestion): the first form that
    allows the two (the mentee's own when set), the mentee's role model when it belongs to
    that form, the programme's period from today."""
    programme = s.get(Programme, programme_id)
    assert programme is not None
    pool = checker.pool
    mentee, mentor = pool.mentee(mentee_id), pool.mentor(mentor_id)
    form_id: int | None = None
    role_model_id: int | None = None
    if mentee is not None and mentor is not None:
        forms = allowed_forms(pool, mentor, mentee) or list(mentor.form_ids)
        form_id = forms[0] if forms else None
        rule = pool.role_models.get(mentee.role_model_id or 0)
        role_model_id = rule.id if rule is not None and rule.form_id == form_id else None
    start = max(programme.starts_on, today) if programme.ends_on >= today else \
        programme.starts_on
    return DraftPair(None, mentor_id, form_id, role_model_id, start, programme.ends_on)


def assign(db: Database, programme_id: int, mentee_ids: Sequence[int], mentor_id: int, *,
           today: date | None = None, checker: Scorer | None = None) -> Move:
    """Put mentees into the mentor's draft pair (creating it), taking them out of any other
    draft. Refused, with nothing written, when the mentor has no free place, a hard constraint
    forbids a pair, a consent is missing, a mentee is pinned to another mentor, or a mentee is
    in an approved pair. `checker` is a scorer the caller already holds (the pairing view)."""
    today = today or date.today()
    ids = list(dict.fromkeys(mentee_ids))
    if not ids:
        raise ValidationError("Не выбран ни один наставляемый.")
    checker = checker or scorer(db, programme_id, today)
    with db.write() as s:
        mentor = mentor_in(s, programme_id, mentor_id)
        for mentee_id in ids:
            mentee_in(s, programme_id, mentee_id)
        current = {m.mentee_id for m in card_members_in(s, programme_id, mentor_id)}
        new = [i for i in ids if i not in current]
        if not new:
            return Move(programme_id, (), ())
        in_pool = checker.pool.mentor(mentor_id)
        if in_pool is None:
            reason = checker.pool.excluded_reason("mentor", mentor_id) or "не отобран"
            raise ValidationError(f"Наставник {who(s, MentorProfile, mentor_id)} не участвует в "
                                  f"подборе пар: {reason}.")
        if len(current) + len(new) > mentor.capacity:
            raise ValidationError(
                f"Наставник {who(s, MentorProfile, mentor_id)}: нет столько свободных мест — "
                f"занято {len(current)} "
                f"из {mentor.capacity}, а переносится {len(new)}. Выберите другого наставника "
                "или увеличьте число наставляемых в карточке наставника.")
        for mentee_id in new:
            _check_pair(s, checker, programme_id, mentee_id, mentor_id, today)
        ensure_can_pair(s, mentor.person_id, today)
        draft = draft_of(s, programme_id, mentor_id)
        target = snapshot(draft) if draft is not None else \
            _template(s, checker, programme_id, new[0], mentor_id, today)
        return move_to(s, programme_id, [Spot(i, target) for i in new])


def card_members_in(s: Session, programme_id: int, mentor_id: int) -> list[PairMember]:
    """Current members of the mentor's draft, approved and working pairs."""
    return list(s.scalars(
        select(PairMember).join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.programme_id == programme_id, Pair.mentor_id == mentor_id,
               Pair.status.in_(WORKING), PairMember.left_on.is_(None))))


def _check_pair(s: Session, checker: Scorer, programme_id: int, mentee_id: int, mentor_id: int,
                today: date) -> None:
    fixed = fixed_refusal(s, programme_id, mentee_id)
    if fixed:
        raise ValidationError(fixed)
    pinned = pinned_elsewhere(s, programme_id, mentee_id, mentor_id)
    if pinned is not None:
        raise ValidationError(pinned_message(s, mentee_id, pinned))

    def names() -> str:  # read only for a message
        return f"{who(s, MentorProfile, mentor_id)} – {who(s, MenteeProfile, mentee_id)}"

    rule = constraint_of(s, programme_id, mentee_id, mentor_id)
    if rule is not None and rule.kind == ConstraintKind.FORBID:
        why = f": {rule.reason}" if rule.reason else ""
        raise ValidationError(f"Пара «{names()}» запрещена куратором{why}. Чтобы составить её, "
                              "снимите запрет (правая кнопка мыши на наставляемом).")
    if checker.pool.mentee(mentee_id) is None:
        reason = checker.pool.excluded_reason("mentee", mentee_id) or "не участвует в подборе"
        raise ValidationError(f"{who(s, MenteeProfile, mentee_id)} не участвует в подборе пар: "
                              f"{reason}.")
    refusal = checker.check(mentee_id, mentor_id).refusal
    if refusal:
        raise ValidationError(f"Пару «{names()}» составить нельзя: {refusal}.")
    ensure_can_pair(s, s.get(MenteeProfile, mentee_id).person_id, today)  # type: ignore[union-attr]


def unassign(db: Database, programme_id: int, mentee_ids: Sequence[int]) -> Move:
    """Take mentees out of their draft pairs back to the unassigned list; an emptied draft is
    deleted. Refused for a pinned pair and for a mentee in an approved pair."""
    ids = list(dict.fromkeys(mentee_ids))
    with db.write() as s:
        wanted = []
        for mentee_id in ids:
            mentee_in(s, programme_id, mentee_id)
            fixed = fixed_refusal(s, programme_id, mentee_id)
            if fixed:
                raise ValidationError(fixed)
            spot = spot_of(s, programme_id, mentee_id)
            if spot.pair is None:
                continue
            rule = constraint_of(s, programme_id, mentee_id, spot.pair.mentor_id)
            if rule is not None and rule.kind == ConstraintKind.PIN:
                raise ValidationError(pinned_message(s, mentee_id, spot.pair.mentor_id))
            wanted.append(Spot(mentee_id, None))
        return move_to(s, programme_id, wanted)


# --- pins and forbids -----------------------------------------------------------------------


def _write_rule(s: Session, programme_id: int, mentee_id: int, mentor_id: int,
                kind: ConstraintKind | None, reason: str) -> None:
    rule = constraint_of(s, programme_id, mentee_id, mentor_id)
    if kind is None:
        if rule is not None:
            s.delete(rule)
    elif rule is None:
        s.add(MatchConstraint(programme_id=programme_id, mentee_id=mentee_id, mentor_id=mentor_id,
                              kind=kind, reason=reason))
    else:
        rule.kind, rule.reason = kind, reason
    s.flush()


def set_constraint(db: Database, programme_id: int, mentee_id: int, mentor_id: int,
                   kind: ConstraintKind | None, reason: str = "") -> ConstraintChange:
    """Pin a pair (it must exist), forbid one (a draft pair is undone with it), or clear either
    (`kind` None). Returns the previous state for `restore_constraint`."""
    reason = " ".join(reason.split())
    with db.write() as s:
        mentee_in(s, programme_id, mentee_id)
        mentor_in(s, programme_id, mentor_id)
        rule = constraint_of(s, programme_id, mentee_id, mentor_id)
        previous = ConstraintChange(programme_id, mentee_id, mentor_id,
                                    rule.kind if rule else None, rule.reason if rule else "")
        names = f"{who(s, MentorProfile, mentor_id)} – {who(s, MenteeProfile, mentee_id)}"
        places = memberships(s, programme_id, mentee_id)
        here = [pair for _, pair in places if pair.mentor_id == mentor_id]
        move = None
        if kind == ConstraintKind.PIN:
            if not here:
                raise ValidationError(f"Закрепить можно только составленную пару. Сначала "
                                      f"назначьте наставляемого наставнику («{names}»).")
            other = pinned_elsewhere(s, programme_id, mentee_id, mentor_id)
            if other is not None:
                raise ValidationError(pinned_message(s, mentee_id, other))
        elif kind == ConstraintKind.FORBID:
            if any(pair.status in FIXED for pair in here):
                raise ValidationError(
                    f"Пара «{names}» уже утверждена приказом. Чтобы разделить её, выберите "
                    "«Изменить состав…» и укажите причину.")
            if here:
                move = move_to(s, programme_id, [Spot(mentee_id, None)])
        _write_rule(s, programme_id, mentee_id, mentor_id, kind, reason)
        return ConstraintChange(programme_id, mentee_id, mentor_id, previous.kind,
                                previous.reason, move)


def restore_constraint(db: Database, change: ConstraintChange) -> ConstraintChange:
    """Put a pin or forbid back as `change` says, with the draft change undone; returns the
    state it replaced (so the same call redoes)."""
    with db.write() as s:
        rule = constraint_of(s, change.programme_id, change.mentee_id, change.mentor_id)
        current = (rule.kind if rule else None, rule.reason if rule else "")
        _write_rule(s, change.programme_id, change.mentee_id, change.mentor_id, change.kind,
                    change.reason)
        move = move_to(s, change.programme_id, change.move.before) if change.move else None
        return ConstraintChange(change.programme_id, change.mentee_id, change.mentor_id,
                                current[0], current[1], move)


# The rest of the stage's pairing API, importable from here too (defined in their own modules,
# which do not import this one).
from .pairing_approve import Approval, approve, approve_drafts, unapprove  # noqa: E402
from .pairing_composition import (  # noqa: E402
    CompositionChange,
    change_composition,
    undo_composition,
)


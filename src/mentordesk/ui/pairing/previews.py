"""What every card would get if the dragged mentees were dropped on it: the score, coloured by
its share of the highest possible score, or the reason the drop is refused. The same rules as
`services.pairing.assign` (capacity, pins, the curator's forbids, the matcher's hard
constraints), read from what the view already holds, so a drag costs no database query."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import ConstraintKind
from ...services.matching import Scorer
from ...services.pairing import ConstraintRow, MentorCard
from .models import Preview, tr


def short(name: str) -> str:
    """«Ёлкин Семён Андреевич» → «Ёлкин С. А.»"""
    parts = name.split()
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:3])]) if parts else name


def locked_reason(name: str) -> str:
    return tr("{name} — в утверждённой паре: состав меняется только через «Изменить состав…» "
              "с указанием причины").format(name=short(name))


def previews(cards: Sequence[MentorCard], mentee_ids: Sequence[int], checker: Scorer | None,
             rules: Sequence[ConstraintRow], names: dict[int, str],
             read_only: bool = False) -> dict[int, Preview]:
    """mentor id → the preview of dropping `mentee_ids` on that card."""
    ids = list(dict.fromkeys(mentee_ids))
    owner: dict[int, MentorCard] = {}
    locked: list[int] = []
    for card in cards:
        for member in card.members:
            if member.mentee_id in ids:
                owner[member.mentee_id] = card
                if member.locked:
                    locked.append(member.mentee_id)
    forbids = {(r.mentee_id, r.mentor_id): r.reason for r in rules
               if r.kind == ConstraintKind.FORBID}
    pins = {r.mentee_id: r.mentor_id for r in rules if r.kind == ConstraintKind.PIN}
    total = checker.weights.total if checker is not None else 0.0
    several = len(ids) > 1
    out: dict[int, Preview] = {}
    for card in cards:
        if read_only:
            out[card.id] = Preview(refusal=tr("база открыта только для чтения"))
        elif locked:
            out[card.id] = Preview(refusal=locked_reason(names.get(locked[0], "")))
        elif ids and all(owner.get(i) is card for i in ids):
            out[card.id] = Preview(same=True)
        else:
            out[card.id] = _one(card, ids, checker, forbids, pins, names, total, several)
    return out


def _one(card: MentorCard, ids: list[int], checker: Scorer | None,
         forbids: dict[tuple[int, int], str], pins: dict[int, int], names: dict[int, str],
         total: float, several: bool) -> Preview:
    new = [i for i in ids if card.member(i) is None]
    if card.used + len(new) > card.capacity:
        if card.free and len(new) > 1:
            return Preview(refusal=tr("мест не хватает: свободно {free}, а переносится {n}").format(
                free=card.free, n=len(new)))
        return Preview(refusal=tr("нет свободных мест (занято {used} из {capacity})").format(
            used=card.used, capacity=card.capacity))
    if not card.in_pool:
        return Preview(refusal=tr("наставник не участвует в подборе: {why}").format(why=card.note))
    scores: list[float] = []
    reasons: list[str] = []
    for mentee_id in new:
        who = f"{short(names.get(mentee_id, ''))}: " if several else ""
        pinned_to = pins.get(mentee_id)
        if pinned_to is not None and pinned_to != card.id:
            return Preview(refusal=who + tr("пара закреплена за другим наставником"))
        if (mentee_id, card.id) in forbids:
            why = forbids[(mentee_id, card.id)]
            return Preview(refusal=who + tr("пара запрещена куратором") + (f": {why}" if why else ""))
        if checker is None:
            continue
        verdict = checker.check(mentee_id, card.id)
        if verdict.refusal is not None:
            return Preview(refusal=who + verdict.refusal)
        scores.append(verdict.score or 0.0)
        reasons.extend(f"{who}{r}" for r in verdict.reasons)
    score = sum(scores) / len(scores) if scores else 0.0
    share = score / total if total > 0 else 0.0
    return Preview(score=score, share=share, reasons=tuple(reasons), best=total)

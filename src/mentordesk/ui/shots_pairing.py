"""Screenshots of the pairing view, for `shots.SCREENS`: the board, and the board mid-drag with
every card showing what it would get (coloured scores, refusals with their reasons).

Both draw from the private copy of the database that `ctx.main` has open. When its programme
has no pairs yet (a demo at stage 5 before «Подобрать пары»), the first of them stores the
matcher's suggestion as drafts there, less one mentee on every full card, so the cards have
members and free places and some mentees are left to place; like «import-done» it writes only
into that copy.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..model import ConstraintKind
from ..services.matching import apply_suggestion, suggest
from ..services.pairing import pairing_board, set_constraint
from ..services.programme import current_programme_id
from .pairing import PairingView
from .waiting import wait_until

if TYPE_CHECKING:
    from .shots import ShotContext

SIZE = (1200, 750)


def _view(ctx: ShotContext) -> PairingView:
    window = ctx.main
    wait_until(lambda: not window.runner.busy, "the window's data")
    db = window.db
    assert db is not None
    programme_id = current_programme_id(db)
    if programme_id is not None and not db.read_only:
        board = pairing_board(db, programme_id)
        if not any(c.members for c in board.mentors) and board.unassigned:
            found = suggest(db, programme_id)
            capacity = {c.id: c.capacity for c in board.mentors}
            count: dict[int, int] = {}
            keep = []
            for a in found.assignment:  # a free place left on every card
                count[a.mentor_id] = count.get(a.mentor_id, 0) + 1
                if count[a.mentor_id] < capacity.get(a.mentor_id, 1):
                    keep.append(a)
            apply_suggestion(db, replace(found, assignment=keep))
            group = next((c for c in pairing_board(db, programme_id).mentors
                          if len(c.members) > 1), None)
            if group is not None:  # a pinned pair, to show its mark
                set_constraint(db, programme_id, group.members[0].mentee_id, group.id,
                               ConstraintKind.PIN)
    view = PairingView()
    view.set_context(db, programme_id, window.undo_stack, ctx.messenger)
    view.setMinimumSize(*SIZE)
    view.resize(*SIZE)
    view.show()
    return view


def pairing_view(ctx: ShotContext) -> QWidget:
    view = _view(ctx)
    if view.mentee_model.rowCount():
        view.mentees.setCurrentIndex(view.mentee_filter.index(0, 0))
    return view


def pairing_drag(ctx: ShotContext) -> QWidget:
    """Mid-drag: the first unassigned mentee whose drag colours the cards most variously,
    hovering over a card that refuses it (the status line says why)."""
    view = _view(ctx)
    candidates = [view.mentee_model.mentee_at(r).id
                  for r in range(min(30, view.mentee_model.rowCount()))]
    if not candidates:  # everyone is placed: drag a draft member from its card
        candidates = [m.mentee_id for c in view.card_model.cards() for m in c.members
                      if not m.locked][:30]
    shown = view.card_model.cards()[:9]  # the cards in the first screen

    def variety(mentee_id: int) -> int:
        found = view.preview([mentee_id])
        return len({found[c.id].level for c in shown if c.id in found})

    if candidates:
        best = max(candidates, key=variety)
        found = view.preview([best])
        refused = next((c.id for c in shown if not found[c.id].allowed), None)
        view.preview([best], hover=refused)
        view.select_mentees([best])
    return view

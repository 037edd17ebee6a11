"""The pairing view («Корректировка пар»): the unassigned mentees on the left, the mentor cards
on the right, moves by drag and drop or by keyboard, each through a service call on the undo
stack. The drafts are in the database as they change, so closing the window loses nothing.

    view = PairingView(parent)
    view.set_context(db, programme_id, window.undo_stack, window.messenger)
    view.changed.connect(...)          # after every change made here (and its undo)
    view.reload()                      # read the board again (another window changed it)

The layers: base.py (state, layout, reading), actions.py (the moves and menus), drag.py (drag
and drop with the preview of every card).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .drag import PairingDrag


class PairingView(PairingDrag):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assign_button.clicked.connect(lambda: self.choose_mentor())
        self.unassign_button.clicked.connect(lambda: self.unassign_selected())
        self.composition_button.clicked.connect(lambda: self.change_composition_current())

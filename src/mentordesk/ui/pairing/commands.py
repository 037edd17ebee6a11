"""Undo for the pairing view. A command holds a service call and its inverse; each is handed
the value the other returned last (a `Move`, a `ConstraintChange`, a `CompositionChange`), so
a redo after an undo puts back exactly what the undo took away, with the same pair ids.

The calls are quick single transactions (milliseconds on the district), so they run in the GUI
thread and the view repaints only the cards the returned value names. `shown` receives that
value; `failed` receives an error (the data changed under the command, say, in another window).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ...errors import MentorDeskError

Call = Callable[[Any], Any]


class PairingCommand(QUndoCommand):
    """`do` has already run once (its result is `first`), so the first `redo` from push is
    skipped, as in ui/bases/commands.py."""

    def __init__(self, text: str, do: Call, undo: Call, first: Any,
                 shown: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo
        self._last = first
        self._shown, self._failed = shown, failed
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._step(self._do)

    def undo(self) -> None:
        self._step(self._undo)

    def _step(self, fn: Call) -> None:
        try:
            self._last = fn(self._last)
        except MentorDeskError as exc:
            self._failed(exc)
            return
        self._shown(self._last)

"""Undo commands. Each wraps a service call and holds the values of its own inverse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ..services.roadmap import RoadmapTaskRow

# Applies a done mark: (task id, done, the date it was done on or None).
ApplyDone = Callable[[int, bool, "date | None"], None]

TITLE_CHARS = 45


def short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class SetTaskDoneCommand(QUndoCommand):
    """Marks a roadmap task done or not done; undo restores the mark and its date."""

    def __init__(self, task: RoadmapTaskRow, done: bool, apply: ApplyDone,
                 today: date | None = None) -> None:
        super().__init__()
        self.task_id = task.id
        self.done = done
        self._apply = apply
        self._new_on = (today or date.today()) if done else None
        was_done = not done
        self._old_on = (task.done_on or today or date.today()) if was_done else None
        template = "отметку «{title}»" if done else "снятие отметки «{title}»"
        self.setText(QCoreApplication.translate("SetTaskDoneCommand", template)
                     .format(title=short(task.title)))

    def redo(self) -> None:
        self._apply(self.task_id, self.done, self._new_on)

    def undo(self) -> None:
        self._apply(self.task_id, not self.done, self._old_on)

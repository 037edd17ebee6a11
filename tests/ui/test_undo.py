from __future__ import annotations

from datetime import date

from PySide6.QtGui import QUndoStack

from mentordesk.services.programme import set_task_done
from mentordesk.services.roadmap import list_tasks
from mentordesk.ui.undo import SetTaskDoneCommand


def test_undo_restores_the_mark_and_its_date(programme_db):
    db, programme_id = programme_db
    task = list_tasks(db, programme_id, stage=1)[0]
    set_task_done(db, task.id, True, date(2025, 9, 15))
    task = list_tasks(db, programme_id, stage=1)[0]

    def apply(task_id, done, on):  # the window runs this through its Runner
        set_task_done(db, task_id, done, on)

    stack = QUndoStack()
    stack.push(SetTaskDoneCommand(task, False, apply, today=date(2025, 10, 1)))
    assert not list_tasks(db, programme_id, stage=1)[0].done
    assert stack.undoText() == f"снятие отметки «{task.title[:44]}…»"

    stack.undo()
    again = list_tasks(db, programme_id, stage=1)[0]
    assert again.done and again.done_on == date(2025, 9, 15)  # not today's date

    stack.redo()
    assert not list_tasks(db, programme_id, stage=1)[0].done


def test_a_new_mark_carries_the_day_it_was_made(programme_db):
    db, programme_id = programme_db
    task = list_tasks(db, programme_id, stage=3)[0]
    stack = QUndoStack()
    stack.push(SetTaskDoneCommand(task, True, lambda i, d, on: set_task_done(db, i, d, on),
                                  today=date(2025, 10, 1)))
    stack.undo()
    stack.redo()
    marked = list_tasks(db, programme_id, stage=3)[0]
    assert marked.done and marked.done_on == date(2025, 10, 1)

"""Undo for the bases. A command holds a service call and its inverse; each one is handed the
value the other returned last (a profile id, a previous status, a captured deletion), so a redo
after an undo puts back exactly what the undo took away, with the same ids.

The calls run on the Runner's one background thread, in order; the values are kept by the jobs
themselves, so an undo queued behind its redo always sees the redo's result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ...services.database import Database
from ...services.people import (
    MenteeForm,
    MentorForm,
    archive_person,
    delete_mentee,
    delete_mentor,
    restore_deleted,
    restore_person,
    save_mentee,
    save_mentor,
)
from ..undo import short

Call = Callable[[Any], Any]
Run = Callable[[Callable[[], Any]], None]


class ServiceCommand(QUndoCommand):
    """`do` has already run once (its result is `first`): the first `redo` from push is skipped."""

    def __init__(self, text: str, do: Call, undo: Call, first: Any, run: Run) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._last = first
        self._run = run
        self._pushed = False

    def _step(self, fn: Call) -> Any:
        self._last = fn(self._last)  # in the worker thread: the next job reads it there
        return self._last

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._run(lambda: self._step(self._do))

    def undo(self) -> None:
        self._run(lambda: self._step(self._undo))


def save_call(db: Database, programme_id: int, form: MenteeForm | MentorForm,
              strict: bool = True) -> int:
    if isinstance(form, MenteeForm):
        return save_mentee(db, programme_id, form, strict=strict)
    return save_mentor(db, programme_id, form, strict=strict)


def delete_call(db: Database, mentees: bool, profile_id: int, with_person: bool = False) -> Any:
    if mentees:
        return delete_mentee(db, profile_id, with_person=with_person)
    return delete_mentor(db, profile_id, with_person=with_person)


def added(db: Database, programme_id: int, mentees: bool, name: str, new_id: int,
          run: Run) -> ServiceCommand:
    return ServiceCommand(
        f"добавление «{short(name)}»",
        do=lambda captured: restore_deleted(db, captured),
        undo=lambda profile_id: delete_call(db, mentees, profile_id, with_person=True),
        first=new_id, run=run)


def edited(db: Database, programme_id: int, before: MenteeForm | MentorForm,
           after: MenteeForm | MentorForm, name: str, run: Run) -> ServiceCommand:
    return ServiceCommand(
        f"изменение «{short(name)}»",
        do=lambda _: save_call(db, programme_id, after, strict=False),
        undo=lambda _: save_call(db, programme_id, before, strict=False),
        first=None, run=run)


def archived(db: Database, person_id: int, previous: Any, name: str, run: Run) -> ServiceCommand:
    return ServiceCommand(
        f"перевод в архив «{short(name)}»",
        do=lambda _: archive_person(db, person_id),
        undo=lambda status: restore_person(db, person_id, status),
        first=previous, run=run)


def restored(db: Database, person_id: int, previous: Any, name: str, run: Run) -> ServiceCommand:
    return ServiceCommand(
        f"возврат из архива «{short(name)}»",
        do=lambda _: restore_person(db, person_id),
        undo=lambda status: restore_person(db, person_id, status),
        first=previous, run=run)


def deleted(db: Database, mentees: bool, profile_id: int, captured: Any, name: str,
            run: Run) -> ServiceCommand:
    return ServiceCommand(
        f"удаление «{short(name)}»",
        do=lambda _: delete_call(db, mentees, profile_id),
        undo=lambda cap: restore_deleted(db, cap),
        first=captured, run=run)

"""The mentee base and the mentor base: rows for the tables, editing with undo, and the
curator's list of request kinds. One import for the GUI and the command line; the work is
done in `people_rows`, `people_forms`, `people_edit` and `people_graph`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import ConflictError, NotFound, ValidationError
from ..model import MenteeProfile, RequestKind
from ..model.text import normalise
from .database import Database
from .people_edit import (
    archive_person,
    delete_mentee,
    delete_mentor,
    find_double,
    restore_deleted,
    restore_person,
    save_mentee,
    save_mentor,
    snapshot_mentee,
    snapshot_mentor,
)
from .people_forms import MenteeForm, MentorForm, PersonForm
from .people_graph import Captured
from .people_rows import ALL, BaseQuery, MenteeRow, MentorRow, mentee_rows, mentor_rows

__all__ = [
    "ALL", "BaseQuery", "Captured", "MenteeForm", "MenteeRow", "MentorForm", "MentorRow",
    "PersonForm", "add_request_kind", "archive_person", "delete_mentee", "delete_mentor",
    "find_double",
    "mentee_rows", "mentor_rows", "remove_request_kind", "rename_request_kind",
    "restore_deleted", "restore_person", "save_mentee", "save_mentor",
    "set_request_kind_sensitive", "snapshot_mentee", "snapshot_mentor",
]


def _clean_kind_name(s: Session, name: str, kind_id: int | None) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError("Укажите название вида запроса.", field="name")
    if len(text) > 200:
        raise ValidationError("Название вида запроса длиннее 200 знаков — сократите.", field="name")
    for other_id, other in s.execute(select(RequestKind.id, RequestKind.name)):
        if other_id != kind_id and normalise(other) == normalise(text):
            raise ValidationError(f"Вид запроса «{other}» уже есть в списке.", field="name")
    return text


def add_request_kind(db: Database, name: str, sensitive: bool = False) -> int:
    """Add a kind at the end of the list; returns its id (undo: `remove_request_kind`)."""
    with db.write() as s:
        text = _clean_kind_name(s, name, None)
        position = (s.scalar(select(func.max(RequestKind.position))) or 0) + 1
        kind = RequestKind(name=text, sensitive=sensitive, builtin=False, position=position)
        s.add(kind)
        s.flush()
        return kind.id


def rename_request_kind(db: Database, kind_id: int, name: str) -> str:
    """Rename a kind; returns the old name (undo: rename back). The mentees' search keys,
    which hold the kind's name, are refreshed in the same transaction."""
    with db.write() as s:
        kind = s.get(RequestKind, kind_id)
        if kind is None:
            raise NotFound("Вид запроса не найден: возможно, его удалили.")
        old = kind.name
        kind.name = _clean_kind_name(s, name, kind_id)
        for profile in s.scalars(select(MenteeProfile).where(MenteeProfile.request_kind_id == kind_id)
                                 .options(selectinload(MenteeProfile.request_kind))):
            profile.refresh_search_key()
        return old


def set_request_kind_sensitive(db: Database, kind_id: int, sensitive: bool) -> bool:
    """Mark a kind as special-category data (needs written consent); returns the old flag."""
    with db.write() as s:
        kind = s.get(RequestKind, kind_id)
        if kind is None:
            raise NotFound("Вид запроса не найден: возможно, его удалили.")
        old = kind.sensitive
        kind.sensitive = sensitive
        return old


def remove_request_kind(db: Database, kind_id: int) -> tuple[str, bool]:
    """Remove a kind no mentee uses; returns (name, sensitive) to add it back."""
    with db.write() as s:
        kind = s.get(RequestKind, kind_id)
        if kind is None:
            raise NotFound("Вид запроса не найден: возможно, его уже удалили.")
        used = s.scalar(select(func.count()).select_from(MenteeProfile)
                        .where(MenteeProfile.request_kind_id == kind_id)) or 0
        if used:
            raise ConflictError(
                f"Вид запроса «{kind.name}» указан у {used} наставляемых — удалить его нельзя. "
                "Переименуйте его или сначала измените запрос у этих наставляемых.")
        s.delete(kind)
        return kind.name, kind.sensitive

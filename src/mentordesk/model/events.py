"""Session hooks: search keys, the audit log of personal data, and the change token.

They are installed once on the Session class, so every session of every client (GUI, CLI,
tests) keeps the search keys fresh and writes the audit log without remembering to.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, update
from sqlalchemy.orm import Session

from .base import utcnow
from .bases import MenteeProfile, MentorProfile
from .enums import AuditAction
from .org import Consent, Guardianship, Person
from .record import AppMeta, AuditEntry

AUDITED: tuple[type, ...] = (Person, Consent, Guardianship, MenteeProfile, MentorProfile)
CHANGE_TOKEN_KEY = "change_token"
_SKIP_FIELDS = {"created_at", "updated_at", "search_key"}
_PENDING = "mentordesk_audit_pending"


def _render(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)


def _person_of(obj: Any) -> int | None:
    if isinstance(obj, Person):
        return obj.id
    if isinstance(obj, Guardianship):
        return obj.child_id
    return getattr(obj, "person_id", None)


def _row(session: Session, obj: Any, action: AuditAction, **extra: Any) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor": session.info.get("actor", ""),
        "action": action.value,
        "entity": type(obj).__tablename__,
        "entity_id": obj.id,
        "person_id": _person_of(obj),
        "field": "",
        "old_value": "",
        "new_value": "",
        **extra,
    }


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        refresh = getattr(obj, "refresh_search_key", None)
        if refresh is not None:
            refresh()

    rows: list[dict[str, Any]] = []
    for obj in session.dirty:
        if not isinstance(obj, AUDITED) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in _SKIP_FIELDS:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _render(old) == _render(new):
                continue
            rows.append(_row(session, obj, AuditAction.UPDATE, field=attr.key,
                             old_value=_render(old), new_value=_render(new)))
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            rows.append(_row(session, obj, AuditAction.DELETE))
    session.info[_PENDING] = (rows, [o for o in session.new if isinstance(o, AUDITED)])


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: Any) -> None:
    rows, created = session.info.pop(_PENDING, ([], []))
    rows = rows + [_row(session, obj, AuditAction.CREATE) for obj in created]
    conn = session.connection()
    if rows:
        conn.execute(insert(AuditEntry), rows)
    touched = [o for o in (*session.new, *session.dirty, *session.deleted)
               if not isinstance(o, AppMeta)]
    if touched:
        conn.execute(
            update(AppMeta).where(AppMeta.key == CHANGE_TOKEN_KEY).values(value=uuid.uuid4().hex)
        )

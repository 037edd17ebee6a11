"""The matcher's editable map: which mentor competences answer which kind of request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from ..errors import NotFound, ValidationError
from ..model import MentorProfile, RequestCompetence, RequestKind
from ..model.text import normalise
from .database import Database

MAX_LENGTH = 300


@dataclass(frozen=True)
class KindCompetences:
    kind_id: int
    kind_name: str
    competences: tuple[str, ...]


def competence_map(db: Database) -> list[KindCompetences]:
    """Every request kind, in the list's order, with the competences that answer it."""
    with db.read() as s:
        kinds = s.execute(select(RequestKind.id, RequestKind.name)
                          .order_by(RequestKind.position, RequestKind.name)).all()
        links: dict[int, list[str]] = {}
        for kind_id, competence in s.execute(
                select(RequestCompetence.request_kind_id, RequestCompetence.competence)
                .order_by(RequestCompetence.id)):
            links.setdefault(kind_id, []).append(competence)
    return [KindCompetences(k, name, tuple(links.get(k, ()))) for k, name in kinds]


def clean_competences(values: list[str]) -> list[str]:
    """Trimmed, without blanks and without repeats (ignoring case and ё/е), order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in values:
        text = " ".join(str(raw).split())
        if not text:
            continue
        if len(text) > MAX_LENGTH:
            raise ValidationError(
                f"Компетенция «{text[:40]}…» слишком длинная: не больше {MAX_LENGTH} знаков.",
                field="competences")
        key = normalise(text)
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out


def set_competences(db: Database, kind_id: int, competences: list[str]) -> list[str]:
    """Replace the competences answering the request kind; returns the previous list (undo)."""
    values = clean_competences(competences)
    with db.write() as s:
        if s.get(RequestKind, kind_id) is None:
            raise NotFound("Вид запроса не найден: возможно, его удалили.")
        old = list(s.scalars(select(RequestCompetence.competence)
                             .where(RequestCompetence.request_kind_id == kind_id)
                             .order_by(RequestCompetence.id)))
        s.execute(delete(RequestCompetence).where(RequestCompetence.request_kind_id == kind_id))
        s.add_all(RequestCompetence(request_kind_id=kind_id, competence=c) for c in values)
    return old


def known_competences(db: Database) -> list[str]:
    """Every competence written in the mentor base or in the map, for the completer."""
    found: dict[str, str] = {}
    with db.read() as s:
        for (values,) in s.execute(select(MentorProfile.competences)):
            for v in values or ():
                text = " ".join(str(v).split())
                if text:
                    found.setdefault(normalise(text), text)
        for text in s.scalars(select(RequestCompetence.competence)):
            found.setdefault(normalise(text), text)
    return sorted(found.values(), key=normalise)

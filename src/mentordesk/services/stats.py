"""Counts for `mentordesk stats` and the status bar."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from ..model import MenteeProfile, MentorProfile, Pair, Person, Programme
from ..model.stages import STAGES
from .database import Database
from .programme import current_programme_id


@dataclass(frozen=True)
class Stats:
    persons: int
    mentors: int
    mentees: int
    pairs: int
    programmes: int
    current_stage: int | None
    current_stage_title: str | None
    current_programme: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def stats(db: Database) -> Stats:
    programme_id = current_programme_id(db)
    with db.read() as s:
        def count(model: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        stage = title = None
        if programme_id is not None:
            p = s.get(Programme, programme_id)
            assert p is not None
            stage, title = p.current_stage, p.title
        return Stats(
            persons=count(Person),
            mentors=count(MentorProfile),
            mentees=count(MenteeProfile),
            pairs=count(Pair),
            programmes=count(Programme),
            current_stage=stage,
            current_stage_title=STAGES[stage] if stage else None,
            current_programme=title,
        )

"""The roadmap (дорожная карта) as the stage pages show it: plain rows, one per task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..model import RoadmapTask
from .database import Database


@dataclass(frozen=True)
class RoadmapTaskRow:
    id: int
    stage: int
    position: int
    title: str
    due_text: str
    responsible: str
    result: str
    done: bool
    done_on: date | None


def list_tasks(db: Database, programme_id: int, stage: int | None = None) -> list[RoadmapTaskRow]:
    """The programme's roadmap in stage order, or one stage's part of it."""
    query = select(RoadmapTask).where(RoadmapTask.programme_id == programme_id)
    if stage is not None:
        query = query.where(RoadmapTask.stage == stage)
    query = query.order_by(RoadmapTask.stage, RoadmapTask.position, RoadmapTask.id)
    with db.read() as s:
        return [
            RoadmapTaskRow(
                id=t.id, stage=t.stage, position=t.position, title=t.title,
                due_text=t.due_text, responsible=t.responsible, result=t.result,
                done=bool(t.done), done_on=t.done_on,
            )
            for t in s.scalars(query)
        ]

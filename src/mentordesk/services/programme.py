"""The programme: creating it with its roadmap, and the overview the navigator shows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from ..errors import NotFound, ValidationError
from ..model import MentoringForm, Organisation, Programme, RoadmapTask
from ..model.enums import OrgKind
from ..model.stages import ROADMAP_TEMPLATE, STAGES
from .database import Database

MONTHS_NOMINATIVE = (
    "", "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
    "Октябрь", "Ноябрь", "Декабрь",
)


@dataclass(frozen=True)
class StageProgress:
    number: int
    title: str
    tasks_total: int
    tasks_done: int
    is_current: bool

    @property
    def percent(self) -> int:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else 0


@dataclass(frozen=True)
class ProgrammeSummary:
    id: int
    title: str
    academic_years: str
    starts_on: date
    ends_on: date
    current_stage: int
    organisation: str
    curator: str
    forms: tuple[str, ...]


def academic_year_of(day: date) -> tuple[date, date]:
    """The academic year (1 September – 31 August) that contains the day."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_range_text(first: date, last: date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"{MONTHS_NOMINATIVE[first.month]} {first.year}"
    return (f"{MONTHS_NOMINATIVE[first.month]} {first.year} – "
            f"{MONTHS_NOMINATIVE[last.month].lower()} {last.year}")


def roadmap_from_template(starts_on: date, ends_on: date) -> list[RoadmapTask]:
    tasks = []
    for position, t in enumerate(ROADMAP_TEMPLATE):
        first = add_months(starts_on.replace(day=1), t.month_from)
        month_end = add_months(starts_on.replace(day=1), t.month_to)
        last = month_end.replace(day=calendar.monthrange(month_end.year, month_end.month)[1])
        first, last = min(first, ends_on), min(last, ends_on)
        tasks.append(RoadmapTask(
            stage=t.stage, position=position, title=t.title, result=t.result,
            responsible=t.responsible, due_from=first, due_to=last,
            due_text=month_range_text(first, last),
        ))
    return tasks


def create_programme(
    db: Database,
    *,
    title: str,
    starts_on: date,
    ends_on: date,
    organisation_name: str = "",
    organisation_kind: OrgKind = OrgKind.SCHOOL,
    form_ids: list[int] | None = None,
    goal: str = "",
    tasks: str = "",
) -> int:
    title = title.strip()
    if not title:
        raise ValidationError("Укажите название программы.", field="title")
    if ends_on < starts_on:
        raise ValidationError("Дата окончания программы раньше даты начала.", field="ends_on")
    with db.write() as s:
        org = s.scalars(select(Organisation).order_by(Organisation.id)).first()
        if org is None and organisation_name.strip():
            org = Organisation(name=organisation_name.strip(), kind=organisation_kind)
            s.add(org)
        programme = Programme(
            title=title, starts_on=starts_on, ends_on=ends_on, organisation=org,
            goal=goal, tasks=tasks, current_stage=1,
        )
        if form_ids:
            programme.forms = list(s.scalars(select(MentoringForm).where(MentoringForm.id.in_(form_ids))))
        programme.roadmap = roadmap_from_template(starts_on, ends_on)
        s.add(programme)
        s.flush()
        return programme.id


def current_programme_id(db: Database) -> int | None:
    """The programme the curator works in: the newest one that is not archived."""
    with db.read() as s:
        return s.scalar(
            select(Programme.id).where(Programme.archived.is_(False))
            .order_by(Programme.starts_on.desc(), Programme.id.desc()).limit(1)
        )


def programme_summary(db: Database, programme_id: int) -> ProgrammeSummary:
    with db.read() as s:
        p = s.get(Programme, programme_id)
        if p is None:
            raise NotFound("Программа не найдена: возможно, она удалена.")
        return ProgrammeSummary(
            id=p.id, title=p.title, academic_years=p.academic_years, starts_on=p.starts_on,
            ends_on=p.ends_on, current_stage=p.current_stage,
            organisation=p.organisation.short_name or p.organisation.name if p.organisation else "",
            curator=p.curator.full_name if p.curator else "",
            forms=tuple(f.name for f in p.forms),
        )


def stage_progress(db: Database, programme_id: int) -> list[StageProgress]:
    with db.read() as s:
        current = s.scalar(select(Programme.current_stage).where(Programme.id == programme_id))
        if current is None:
            raise NotFound("Программа не найдена: возможно, она удалена.")
        rows = s.execute(
            select(RoadmapTask.stage, func.count(),
                   func.sum(case((RoadmapTask.done.is_(True), 1), else_=0)))
            .where(RoadmapTask.programme_id == programme_id)
            .group_by(RoadmapTask.stage)
        ).all()
    counts = {stage: (int(total), int(done or 0)) for stage, total, done in rows}
    return [
        StageProgress(n, title, *counts.get(n, (0, 0)), is_current=(n == current))
        for n, title in STAGES.items()
    ]


def set_task_done(db: Database, task_id: int, done: bool, on: date | None = None) -> None:
    with db.write() as s:
        task = s.get(RoadmapTask, task_id)
        if task is None:
            raise NotFound("Мероприятие дорожной карты не найдено.")
        task.done = done
        task.done_on = (on or date.today()) if done else None

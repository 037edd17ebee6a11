"""The machinery of the demonstration build: progress and cancellation, batched writes,
the reference data, the dates of the pairs' meetings, and what several stages share."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload

from ..errors import MentorDeskError
from ..model import (
    MeetingKind,
    MenteeProfile,
    MenteeStatus,
    MentoringForm,
    MentorProfile,
    MentorStatus,
    PersonKind,
    PlanTitle,
    Programme,
    ProgrammeEvent,
    QuestionnairePurpose,
    QuestionnaireTemplate,
    RequestKind,
    RoleModel,
)
from .demo_data import SUBJECT_DATIVE
from .demo_plan import (
    MenteePlan,
    MentorPlan,
    OrgPlan,
    PairPlan,
    Timeline,
    World,
    exam_for,
    sexed,
)
from .demo_texts import THEMES
from .programme import MONTHS_NOMINATIVE

CANCELLED = "Создание демонстрационной базы отменено."
CHUNK = 400  # rows per flush or insert: progress and cancellation are checked this often
PLAN_GENITIVE = {PlanTitle.IPR: "индивидуального плана развития",
                 PlanTitle.IOM: "индивидуального образовательного маршрута"}
# Days off besides weekends: New Year holidays and the public holidays of the school year.
_HOLIDAYS = {(12, 31), *((1, d) for d in range(1, 9)), (2, 23), (3, 8), (5, 1), (5, 9),
             (6, 12), (11, 4)}


class DemoCancelled(MentorDeskError):
    """The curator cancelled the build; nothing was written."""


def workday(day: date) -> date:
    """The last working day on or before `day`: school events are not held on Sundays or
    holidays, and moving them earlier keeps them before today and in order."""
    while day.weekday() >= 5 or (day.month, day.day) in _HOLIDAYS:
        day -= timedelta(days=1)
    return day


def at_hour(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def month_text(day: date) -> str:
    return f"{MONTHS_NOMINATIVE[day.month]} {day.year}"


class WriterBase:
    """State shared by the stage writers: the session, the plan, and what was written."""

    programme: Programme

    def __init__(self, s: Session, world: World, tl: Timeline, stage: int, rng: random.Random,
                 progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.s = s
        self.world = world
        self.tl = tl
        self.stage = stage
        self.rng = rng
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self._next_ids: dict[Any, int] = {}  # model → last id given
        self.district = world.centre is not None
        self.plan_title = PlanTitle.IOM if self.district else PlanTitle.IPR
        self.mentee_profiles: dict[int, MenteeProfile] = {}  # id(MenteePlan) → profile
        self.mentor_profiles: dict[int, MentorProfile] = {}
        self.pair_ids: dict[int, int] = {}  # id(PairPlan) → pair id
        self.schedules: dict[int, list[tuple[MeetingKind, float]]] = {}
        self.results: dict[int, tuple[str, bool, bool | None]] = {}
        self._consent_numbers: dict[int, int] = {}  # id(OrgPlan) → last number given
        self.untrained_now: set[int] = set()  # trained mentors still in training at stage 4
        schedule_rng = random.Random(rng.getrandbits(64))
        for o in world.schools:
            for pair in o.pairs:
                self.schedules[id(pair)] = self._make_schedule(schedule_rng)
        self.total = self._estimate()

    def _estimate(self) -> int:
        """How many rows the build will write, near enough for a progress bar."""
        w, n = self.world, self.stage
        schools = w.schools
        mentees = [m for o in schools for m in o.mentees]
        mentors = [m for o in schools for m in o.mentors]
        pairs = [p for o in schools for p in o.pairs]
        members = sum(len(p.members) for p in pairs)
        total = len(w.orgs) + sum(len(o.staff) + len(o.pupils) for o in w.orgs)
        total += 1 + 2 * len(schools) + (len(schools) + 1 if self.district else 0)
        if n >= 2:
            total += sum(2 * (m.guardian is not None) + (m.consent is not None) + 1
                         for m in mentees) + 4 * len(schools)
        if n >= 3:
            total += sum(2 * (m.guardian is not None) + 2 * (m.child is not None)
                         + (m.consent is not None) + 1 for m in mentors)
            total += sum(len(o.externals) for o in schools)
        if n >= 4:
            total += 1 + 7 * len(mentors) + 3 + 3 * sum(m.status in (
                MentorStatus.SELECTED, MentorStatus.TRAINED) and m.consent_valid
                for m in mentors)
        if n >= 5:
            valid = sum(m.consent_valid for m in mentees)
            total += len(schools) + valid * 3 + len(mentors) * 2
        if n >= 6:
            respondents = members + sum(1 for m in mentors if m.pairs)
            total += len(pairs) * 4 + members * 7 + respondents * 8
            total += sum(len(self.schedules[id(p)]) * (2 + len(p.members)) for p in pairs)
        if n >= 7:
            total += members * 2 + len(pairs) + respondents * 8 + len(mentors) * 3
        return int(total * 1.04)  # rather finish early than sit at 100 %

    def tick(self, n: int) -> None:
        self.done += n
        if self.cancelled is not None and self.cancelled():
            raise DemoCancelled(CANCELLED)
        if self.progress is not None:
            self.total = max(self.total, self.done)
            self.progress(self.done, self.total)

    def orm(self, objects: Sequence[Any]) -> None:
        for i in range(0, len(objects), CHUNK):
            chunk = objects[i:i + CHUNK]
            self.s.add_all(chunk)
            self.s.flush()
            self.tick(len(chunk))

    def bulk(self, model: type, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i:i + CHUNK]
            self.s.execute(insert(model), chunk)
            self.tick(len(chunk))

    def new_id(self, model: Any) -> int:
        """Ids of the rows inserted in batches are given here, so that children can refer
        to their parents without a round trip per row."""
        if model not in self._next_ids:
            self._next_ids[model] = int(self.s.scalar(select(func.max(model.id))) or 0)
        self._next_ids[model] += 1
        return self._next_ids[model]

    def sync_sequences(self) -> None:
        """PostgreSQL's id sequences do not see ids given explicitly: move them past ours,
        or the next row the curator adds would collide. SQLite needs nothing."""
        if self.s.get_bind().dialect.name != "postgresql":
            return
        for model, last in self._next_ids.items():
            self.s.execute(sql("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                           {"t": model.__tablename__, "v": last})

    def load_reference(self) -> None:
        s = self.s
        forms = s.scalars(select(MentoringForm).options(selectinload(MentoringForm.role_models)))
        self.forms: dict[str, MentoringForm] = {f.name: f for f in forms}
        self.role_models: dict[tuple[str, str], RoleModel] = {
            (f.name, r.name): r for f in self.forms.values() for r in f.role_models}
        self.request_kinds: dict[str, RequestKind] = {
            k.name: k for k in s.scalars(select(RequestKind))}
        self.templates: dict[QuestionnairePurpose, QuestionnaireTemplate] = {}
        for t in s.scalars(select(QuestionnaireTemplate)
                           .options(selectinload(QuestionnaireTemplate.items))):
            self.templates.setdefault(t.purpose, t)
        needed = {f for o in self.world.schools for m in o.mentees for f, _ in m.options}
        missing = sorted(needed - set(self.forms))
        kinds_missing = sorted({m.kind for o in self.world.schools for m in o.mentees}
                               - set(self.request_kinds))
        if missing or kinds_missing:
            raise MentorDeskError(
                "В справочниках нет записей, нужных демонстрационной базе: "
                + ", ".join(f"«{x}»" for x in missing + kinds_missing)
                + ". Создайте демонстрационную базу в новом файле.")

    def form_ids(self, form: str, role_model: str) -> tuple[int | None, int | None]:
        f = self.forms.get(form)
        r = self.role_models.get((form, role_model))
        return (f.id if f else None, r.id if r else None)

    def event_row(self, kind: str, title: str, natural: float, notes: str = "") -> dict[str, Any]:
        return {"id": self.new_id(ProgrammeEvent), "programme_id": self.programme.id,
                "kind": kind, "title": title, "held_on": workday(self.tl.day(natural)),
                "notes": notes}

    def staff_short(self, o: OrgPlan, role: str) -> str:
        person = o.first(role) or self.world.curator
        return person.short_name

    def mentee_status(self, m: MenteePlan) -> MenteeStatus:
        if m.consent is not None and m.consent.withdrawn_on is not None:
            return MenteeStatus.LEFT
        if m.pair is not None and self.stage >= 7:
            return MenteeStatus.COMPLETED
        if m.pair is not None and self.stage >= 6:
            return MenteeStatus.IN_PAIR
        return MenteeStatus.WAITING

    def mentor_status(self, m: MentorPlan) -> MentorStatus:
        if self.stage == 3:
            return MentorStatus.CANDIDATE
        if self.stage == 4 and m.status == MentorStatus.TRAINED and id(m) in self.untrained_now:
            return MentorStatus.SELECTED
        return m.status

    def mentor_result(self, m: MentorPlan) -> str:
        if self.stage < 7 or not m.pairs:
            return ""
        members = [x for p in m.pairs.values() for x in p.members]
        reached = sum(1 for x in members if self.results[id(x)][1])
        return (f"Наставляемых: {len(members)}; цели плана достигнуты у {reached}. "
                f"Проведено встреч: {sum(len(self.schedule(p)) for p in m.pairs.values())}.")

    def _make_schedule(self, rng: random.Random) -> list[tuple[MeetingKind, float]]:
        """A pair's meetings in natural days: знакомство, пробная, планирование, then every
        two or three weeks until May, and the final one at stage 7; those held by today."""
        t = 88 + rng.uniform(0, 6)
        plan = [(MeetingKind.ACQUAINTANCE, t)]
        t += rng.uniform(6, 10)
        plan.append((MeetingKind.TRIAL, t))
        t += rng.uniform(6, 10)
        plan.append((MeetingKind.PLANNING, t))
        t += rng.uniform(12, 18)
        while t <= 245:
            plan.append((MeetingKind.REGULAR, t))
            t += rng.uniform(12, 21)
        if self.stage >= 7:
            plan.append((MeetingKind.FINAL, 248 + rng.uniform(0, 8)))
        return [(k, x) for k, x in plan if self.tl.happened(x)]

    def schedule(self, pair: PairPlan) -> list[tuple[MeetingKind, float]]:
        return self.schedules[id(pair)]

    def meeting_day(self, natural: float) -> date:
        return workday(self.tl.day(natural))

    def pair_dates(self, pair: PairPlan) -> tuple[date, date, date]:
        """(order date, start, end)"""
        order = workday(self.tl.day(85))
        if self.stage >= 7:
            final = next(x for k, x in self.schedule(pair) if k == MeetingKind.FINAL)
            return order, order, self.meeting_day(final)
        return order, order, date(self.tl.end.year, 5, 31)

    def fill(self, text: str, m: MenteePlan) -> str:
        grade = m.person.grade or 9
        return sexed(text, m.male).format(
            subj=SUBJECT_DATIVE.get(m.subject, m.subject), subj_nom=m.subject,
            exam=exam_for(grade), gap=m.gap or "текущие темы",
            plan=self.plan_title.label.lower(), plan_gen=PLAN_GENITIVE[self.plan_title])

    def merit(self, m: MentorPlan) -> int:
        return sum(self.results[id(x)][1] for p in m.pairs.values() for x in p.members)

    def prepare_results(self) -> None:
        """Each paired mentee's result, decided before the profiles are written."""
        if self.stage < 7:
            return
        rng = random.Random(self.rng.getrandbits(64))
        for o in self.world.schools:
            for pair in o.pairs:
                for m in pair.members:
                    texts = THEMES[m.theme]
                    reached = rng.random() < 0.88
                    summary = self.fill(rng.choice(texts.results) if reached else texts.failed, m)
                    wants = (rng.random() < 0.3) if m.person.kind == PersonKind.PUPIL \
                        and (m.person.grade or 0) >= 6 else None
                    self.results[id(m)] = (summary, reached, wants)

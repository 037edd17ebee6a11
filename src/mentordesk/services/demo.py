"""A demonstration database: a school (or a district with twelve schools) at a chosen stage
of the programme, with realistic Russian names, requests, plans and meetings.

`build_demo` fills an empty database in one transaction, so a cancelled or failed build
leaves it empty. People, consents and the two bases go through the ORM, so the session
hooks compute their search keys and write the audit log; the bulky rows that the hooks do
not concern (meetings, attendance, answers, plan items…) are inserted in batches.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ..errors import ConflictError, ValidationError
from ..model import (
    Consent,
    ContingentCount,
    Guardianship,
    MenteeProfile,
    MentorProfile,
    MentorStatus,
    Pair,
    Person,
    PersonKind,
    Programme,
    ProgrammeCurator,
    ProgrammeEvent,
    QuestionnairePurpose,
    Sex,
)
from .database import Database
from .demo_bases import plan_world
from .demo_orgs import DISTRICT_NAME_GENITIVE
from .demo_plan import MentorPlan, OrgPlan, Participant, Timeline
from .demo_stages import StageWriter
from .demo_texts import (
    DISTRICT_GOAL,
    DISTRICT_MEETING,
    DISTRICT_TASKS,
    PARENTS_MEETING,
    PEDSOVET,
    SCHOOL_GOAL,
    SCHOOL_TASKS,
)
from .demo_writer import CANCELLED, DemoCancelled, workday
from .programme import roadmap_from_template

SIZES = ("school", "district")
ACTOR = "демонстрация"
NOT_EMPTY = (
    "База уже содержит данные; демонстрационные данные создаются только в пустой базе."
)

# The natural day (after 1 September) by which each stage's roadmap tasks are done.
STAGE_DONE = {1: 14, 2: 45, 3: 58, 4: 75, 5: 88, 6: 250, 7: 270}
SCOPE = ("ФИО, дата рождения, класс или место работы, контактные данные, сведения об участии "
         "в программе наставничества")
SCOPE_SPECIAL = "; сведения о состоянии здоровья и особых образовательных потребностях"


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    mentees: int
    mentors: int
    pairs: int
    programme_id: int
    stage: int
    organisations: int = 0
    pupils: int = 0


def build_demo(
    db: Database,
    size: str = "school",
    stage: int = 3,
    *,
    today: date | None = None,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demonstration school or district at `stage` (1–7)."""
    if size not in SIZES:
        raise ValidationError(
            f"Неизвестный размер демонстрационной базы «{size}»: выберите «school» (школа) "
            "или «district» (район).", field="size")
    if not isinstance(stage, int) or not 1 <= stage <= 7:
        raise ValidationError("Этап программы должен быть числом от 1 до 7.", field="stage")
    today = today or date.today()
    master = random.Random(seed)
    with db.write(actor=ACTOR) as s:
        if s.scalar(select(func.count()).select_from(Person)) or \
                s.scalar(select(func.count()).select_from(Programme)):
            raise ConflictError(NOT_EMPTY)
        _check(cancelled)
        timeline = Timeline(today, stage)
        world = plan_world(master, timeline, size, check=lambda: _check(cancelled))
        writer = _Writer(s, world, timeline, stage, random.Random(master.getrandbits(64)),
                         progress, cancelled)
        return writer.run()


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise DemoCancelled(CANCELLED)


class _Writer(StageWriter):
    """Writes the plan into the session, stage by stage."""

    def run(self) -> DemoSummary:
        self.load_reference()
        self.orm([o.org for o in self.world.orgs])
        self.orm([p for o in self.world.orgs for p in o.persons])
        self.write_programme()
        if self.stage >= 2:
            self.prepare_results()
            self.write_mentees()
            self.write_contingent()
        if self.stage >= 3:
            self.write_mentors()
        if self.stage >= 4:
            self.write_selection()
        if self.stage >= 5:
            self.write_general_meetings()
        if self.stage >= 6:
            self.write_pairs()
            self.write_plans()
            self.write_meetings()
            self.write_satisfaction(QuestionnairePurpose.SATISFACTION_START)
            self.write_participation()
        if self.stage >= 7:
            self.write_mentee_results()
            self.write_satisfaction(QuestionnairePurpose.SATISFACTION_END)
            self.write_awards()
        self.s.flush()
        self.sync_sequences()
        if self.progress is not None:
            self.progress(self.done, self.done)
        return self.summary()

    def summary(self) -> DemoSummary:
        def count(model: Any) -> int:
            return int(self.s.scalar(select(func.count()).select_from(model)) or 0)

        pupils = self.s.scalar(select(func.count()).select_from(Person)
                               .where(Person.kind == PersonKind.PUPIL)) or 0
        return DemoSummary(
            persons=count(Person), mentees=count(MenteeProfile), mentors=count(MentorProfile),
            pairs=count(Pair), programme_id=self.programme.id, stage=self.stage,
            organisations=len(self.world.orgs), pupils=int(pupils),
        )

    def write_programme(self) -> None:
        w, tl, rng = self.world, self.tl, self.rng
        owner = w.owner
        used = {f for o in w.schools for m in o.mentors for f in m.forms}
        used |= {m.form[0] for o in w.schools for m in o.mentees}
        forms = sorted((self.forms[f] for f in used if f in self.forms),
                       key=lambda f: (f.position, f.name))
        if self.district:
            title = f"Программа наставничества {DISTRICT_NAME_GENITIVE} на {tl.years_text} " \
                    "учебный год"
            goal = DISTRICT_GOAL.format(org=DISTRICT_NAME_GENITIVE)
            tasks = DISTRICT_TASKS
        else:
            short = owner.text.short_name
            title = f"Программа наставничества {short} на {tl.years_text} учебный год"
            goal, tasks = SCHOOL_GOAL.format(org=short), SCHOOL_TASKS
        programme = Programme(
            organisation_id=owner.org.id, title=title, starts_on=tl.start, ends_on=tl.end,
            curator_id=w.curator.id, goal=goal, tasks=tasks, current_stage=self.stage,
            plan_title=self.plan_title, training_required=True,
            curator_order_number=f"{rng.randint(150, 260)}-о",
            curator_order_date=workday(tl.start - timedelta(days=2)),
        )
        programme.forms = forms
        roadmap = roadmap_from_template(tl.start, tl.end)
        for task in roadmap:
            if task.stage < self.stage:
                task.done = True
                task.done_on = workday(tl.day(STAGE_DONE[task.stage]))
            if self.district:
                task.responsible = task.responsible.replace("Куратор", "ИМЦРО, ответственные в ОО")
        programme.roadmap = roadmap
        self.orm([programme])
        self.programme = programme

        curators = [ProgrammeCurator(programme_id=programme.id, person_id=p.id,
                                     area=o.text.short_name)
                    for o in w.schools if self.district and (p := o.first("curator"))]
        self.orm(curators)
        events = []
        if self.district:
            events.append(self.event_row("district_meeting", DISTRICT_MEETING, 3))
        for o in w.schools:
            suffix = f" ({o.text.short_name})" if self.district else ""
            events.append(self.event_row("pedsovet", PEDSOVET + suffix, 2))
            events.append(self.event_row("parents_meeting", PARENTS_MEETING + suffix, 10))
        self.bulk(ProgrammeEvent, events)

    def guardians_of(self, parts: Iterable[Participant]) -> list[Guardianship]:
        """Writes the parents of these participants (and parent mentors); returns the links."""
        persons: list[Person] = []
        links: list[tuple[Person, Person, str]] = []
        for part in parts:
            if part.guardian is not None:
                persons.append(part.guardian)
                links.append((part.person, part.guardian, part.guardian_relation))
            if isinstance(part, MentorPlan) and part.child is not None:
                persons.append(part.person)
                links.append((part.child, part.person, "мать" if part.person.sex == Sex.FEMALE
                              else "отец"))
        self.orm(persons)
        return [Guardianship(child_id=c.id, guardian_id=g.id, relation=r)
                         for c, g, r in links]

    def consents_of(self, parts: Sequence[Participant], org: OrgPlan) -> list[Consent]:
        out = []
        for part in sorted((p for p in parts if p.consent is not None),
                           key=lambda p: p.consent.signed_on):  # type: ignore[union-attr]
            c = part.consent
            assert c is not None
            org_counter = self._consent_numbers.setdefault(id(org), 0) + 1
            self._consent_numbers[id(org)] = org_counter
            out.append(Consent(
                person_id=c.person.id, signer=c.signer,
                guardian_id=c.guardian.id if c.guardian is not None else None,
                guardian_name=c.guardian.full_name if c.guardian is not None else "",
                signed_on=c.signed_on, scope=SCOPE + (SCOPE_SPECIAL if c.special else ""),
                special_category=c.special, valid_until=c.valid_until,
                withdrawn_on=c.withdrawn_on, document_ref=f"ПД-{org_counter:03d}",
            ))
        return out

    def write_mentees(self) -> None:
        schools = self.world.schools
        links = self.guardians_of(m for o in schools for m in o.mentees)
        self.orm(links)
        self.orm([c for o in schools for c in self.consents_of(o.mentees, o)])
        profiles = []
        for o in schools:
            for m in o.mentees:
                form_id, rm_id = self.form_ids(*m.form)
                result = self.results.get(id(m))
                profile = MenteeProfile(
                    person_id=m.person.id, programme_id=self.programme.id,
                    request_kind=self.request_kinds[m.kind], request_text=m.request_text,
                    interests=m.interests, subjects=m.subjects, has_disability=m.has_disability,
                    info_source=m.info_source, entered_on=self.tl.day(m.entered_day),
                    status=self.mentee_status(m), form_id=form_id, role_model_id=rm_id,
                    meeting_times=m.meeting_times, results=result[0] if result else "",
                )
                self.mentee_profiles[id(m)] = profile
                profiles.append(profile)
        self.orm(profiles)

    def write_contingent(self) -> None:
        rows = []
        today = self.tl.today
        for o in self.world.schools:
            ages = [p.age_on(today) or 0 for p in o.pupils]
            teachers = [s for s in o.staff if s.person.kind == PersonKind.TEACHER]
            for category, count in (
                ("Обучающиеся в возрасте от 10 до 18 лет", sum(10 <= a <= 18 for a in ages)),
                ("Обучающиеся в возрасте от 15 до 19 лет", sum(15 <= a <= 19 for a in ages)),
                ("Педагогические работники", len(teachers)),
                ("Молодые педагоги со стажем до 3 лет",
                 sum((s.person.experience_years or 0) < 3 for s in teachers)),
            ):
                rows.append({"organisation_id": o.org.id, "academic_year": self.tl.years_text,
                             "category": category, "count": count})
        self.bulk(ContingentCount, rows)

    def write_mentors(self) -> None:
        schools, rng = self.world.schools, self.rng
        self.untrained_now = {id(m) for o in schools for m in o.mentors
                              if m.status == MentorStatus.TRAINED and m.role != "tt"
                              and rng.random() < 0.35}
        self.orm([p for o in schools for p in o.externals])
        links = self.guardians_of(m for o in schools for m in o.mentors)
        self.orm(links)
        self.orm([c for o in schools for c in self.consents_of(o.mentors, o)])
        profiles = []
        for o in schools:
            for m in o.mentors:
                profile = MentorProfile(
                    person_id=m.person.id, programme_id=self.programme.id,
                    competences=m.competences, achievements=m.achievements,
                    interests=m.interests, subjects=m.subjects, mentee_age_min=m.age_min,
                    mentee_age_max=m.age_max, meeting_times=m.meeting_times,
                    capacity=m.capacity, status=self.mentor_status(m),
                    entered_on=self.tl.day(m.entered_day),
                    share_with_district=self.district or rng.random() < 0.6,
                    results=self.mentor_result(m),
                )
                profile.forms = [self.forms[f] for f in m.forms]
                self.mentor_profiles[id(m)] = profile
                profiles.append(profile)
        self.orm(profiles)

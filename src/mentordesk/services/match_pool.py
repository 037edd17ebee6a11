"""Who takes part in forming the pairs (stage 5), and who does not and why.

The pool holds the mentors selected for the programme (and trained, when the programme requires
training) and the mentees of the programme's forms, each with a valid consent and not yet in an
approved or working pair. Everyone else the curator might expect is listed as excluded, with
the reason in Russian. Four queries, whatever the size: mentors, mentees, the programme's forms
and role models, and the approved pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..model import (
    MenteeProfile,
    MenteeStatus,
    MentoringForm,
    MentorProfile,
    MentorStatus,
    Organisation,
    Pair,
    PairMember,
    PairStatus,
    Person,
    PersonKind,
    PersonStatus,
    Programme,
    RequestKind,
    RoleModel,
    mentor_forms,
)
from ..model.text import full_name, request_line
from .consent import ConsentState, consent_state_expr, special_needed_clause
from .database import Database
from .people_pairs import workplace_text

# Pairs whose members are no longer free for matching.
FIXED = (PairStatus.APPROVED, PairStatus.ACTIVE)

_CONSENT_REASON = {
    ConsentState.MISSING.value: "нет согласия на обработку персональных данных",
    ConsentState.EXPIRED.value: "срок согласия на обработку персональных данных истёк",
    ConsentState.WITHDRAWN.value: "согласие на обработку персональных данных отозвано",
    ConsentState.NEED_WRITTEN.value: "нет письменного согласия на обработку сведений особой "
                                     "категории (ОВЗ или чувствительный запрос)",
}


@dataclass(frozen=True)
class PoolMentor:
    id: int  # MentorProfile.id
    person_id: int
    name: str
    detail: str
    capacity: int
    load: int  # mentees already in approved or working pairs of this programme
    form_ids: tuple[int, ...]
    form_names: str
    kind: PersonKind = PersonKind.TEACHER
    birth_date: date | None = None
    grade: int | None = None
    course: int | None = None
    competences: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    meeting_times: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.load)


@dataclass(frozen=True)
class PoolMentee:
    id: int  # MenteeProfile.id
    person_id: int
    name: str
    detail: str
    request: str
    form_id: int | None
    kind: PersonKind = PersonKind.PUPIL
    birth_date: date | None = None
    grade: int | None = None
    course: int | None = None
    request_kind_id: int | None = None
    request_kind: str = ""
    request_text: str = ""
    role_model_id: int | None = None
    interests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    meeting_times: tuple[str, ...] = ()


@dataclass(frozen=True)
class Excluded:
    role: str  # "mentor" | "mentee"
    id: int
    name: str
    reason: str


@dataclass(frozen=True)
class FormRule:
    id: int
    name: str
    mentor_kinds: frozenset[str]
    mentee_kinds: frozenset[str]

    def allows(self, mentor: PersonKind, mentee: PersonKind) -> bool:
        return mentor.value in self.mentor_kinds and mentee.value in self.mentee_kinds


@dataclass(frozen=True)
class RoleRule:
    id: int
    name: str
    form_id: int
    same_age_allowed: bool
    younger_mentor_allowed: bool


@dataclass(frozen=True)
class Pool:
    programme_id: int
    mentors: list[PoolMentor]
    mentees: list[PoolMentee]
    excluded: list[Excluded]
    today: date = field(default_factory=date.today)
    forms: dict[int, FormRule] = field(default_factory=dict)  # the programme's forms
    role_models: dict[int, RoleRule] = field(default_factory=dict)
    training_required: bool = True

    _mentor_index: dict[int, PoolMentor] = field(default_factory=dict, repr=False, compare=False)
    _mentee_index: dict[int, PoolMentee] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._mentor_index.update((m.id, m) for m in self.mentors)
        self._mentee_index.update((m.id, m) for m in self.mentees)

    def mentor(self, mentor_id: int) -> PoolMentor | None:
        return self._mentor_index.get(mentor_id)

    def mentee(self, mentee_id: int) -> PoolMentee | None:
        return self._mentee_index.get(mentee_id)

    def excluded_reason(self, role: str, profile_id: int) -> str | None:
        for e in self.excluded:
            if e.role == role and e.id == profile_id:
                return e.reason
        return None


def _tags(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(str(v).strip() for v in values if str(v).strip())


def match_pool(db: Database, programme_id: int, today: date | None = None) -> Pool:
    """Read the pool of stage 5 for `programme_id` as of `today`."""
    today = today or date.today()
    with db.read() as s:
        return load_pool(s, programme_id, today)


def load_pool(s: Session, programme_id: int, today: date) -> Pool:
    programme = s.get(Programme, programme_id)
    if programme is None:
        raise NotFound("Программа не найдена: возможно, её удалили.")
    forms = {f.id: FormRule(f.id, f.name, frozenset(f.mentor_kinds or ()),
                            frozenset(f.mentee_kinds or ()))
             for f in programme.forms}
    role_models = {
        r.id: RoleRule(r.id, r.name, r.form_id, r.same_age_allowed, r.younger_mentor_allowed)
        for r in s.scalars(select(RoleModel))
    }
    all_forms = {i: n for i, n in s.execute(select(MentoringForm.id, MentoringForm.name))}
    excluded: list[Excluded] = []
    mentors = _mentors(s, programme, forms, all_forms, today, excluded)
    mentees = _mentees(s, programme, forms, all_forms, today, excluded)
    return Pool(programme_id, mentors, mentees, excluded, today, forms, role_models,
                programme.training_required)


def _fixed_members(s: Session, programme_id: int) -> dict[int, str]:
    """Mentee profile → the name of their mentor in an approved or working pair."""
    rows = s.execute(
        select(PairMember.mentee_id, Person.last_name, Person.first_name, Person.patronymic)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(MentorProfile, MentorProfile.id == Pair.mentor_id)
        .join(Person, Person.id == MentorProfile.person_id)
        .where(Pair.programme_id == programme_id, Pair.status.in_(FIXED),
               PairMember.left_on.is_(None))
    ).all()
    return {r[0]: full_name(r[1], r[2], r[3]) for r in rows}


def _fixed_load(s: Session, programme_id: int) -> dict[int, int]:
    load: dict[int, int] = {}
    for mentor_id, in s.execute(
        select(Pair.mentor_id).join(PairMember, PairMember.pair_id == Pair.id)
        .where(Pair.programme_id == programme_id, Pair.status.in_(FIXED),
               PairMember.left_on.is_(None))
    ):
        load[mentor_id] = load.get(mentor_id, 0) + 1
    return load


def _mentors(s: Session, programme: Programme, forms: dict[int, FormRule],
             all_forms: dict[int, str], today: date, excluded: list[Excluded]) -> list[PoolMentor]:
    consent = consent_state_expr(Person.id, today)
    rows = s.execute(
        select(MentorProfile.id, MentorProfile.person_id, MentorProfile.capacity,
               MentorProfile.status, MentorProfile.competences, MentorProfile.interests,
               MentorProfile.subjects, MentorProfile.meeting_times, MentorProfile.mentee_age_min,
               MentorProfile.mentee_age_max, Person.last_name, Person.first_name,
               Person.patronymic, Person.kind, Person.status, Person.birth_date, Person.grade,
               Person.course, Person.place, Person.position, Person.group_name,
               Organisation.short_name, consent.label("consent"))
        .join(Person, Person.id == MentorProfile.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(MentorProfile.programme_id == programme.id)
        .order_by(Person.last_name, Person.first_name, Person.patronymic, MentorProfile.id)
    ).all()
    links: dict[int, list[int]] = {}
    for mentor_id, form_id in s.execute(select(mentor_forms.c.mentor_id, mentor_forms.c.form_id)):
        links.setdefault(mentor_id, []).append(form_id)
    load = _fixed_load(s, programme.id)
    wanted = (MentorStatus.TRAINED,) if programme.training_required else (
        MentorStatus.SELECTED, MentorStatus.TRAINED)
    out: list[PoolMentor] = []
    for r in rows:
        name = full_name(r.last_name, r.first_name, r.patronymic)
        reason = None
        if r[14] != PersonStatus.ACTIVE:  # Person.status
            reason = "в архиве или выбыл"
        elif r.status not in wanted:
            reason = {
                MentorStatus.CANDIDATE: "кандидат: отбор ещё не пройден",
                MentorStatus.SELECTED: "отобран, но ещё не прошёл обучение наставников",
                MentorStatus.RESERVE: "в резерве наставников",
                MentorStatus.REJECTED: "не прошёл отбор",
            }.get(r.status, "не отобран")
        elif r.consent != ConsentState.OK.value:
            reason = _CONSENT_REASON.get(r.consent, "нет действующего согласия")
        own = [f for f in links.get(r.id, []) if f in forms] if links.get(r.id) else list(forms)
        if reason is None and not own:
            names = ", ".join(all_forms.get(f, "") for f in links.get(r.id, []))
            reason = f"его формы наставничества ({names}) не входят в программу"
        if reason is None and load.get(r.id, 0) >= r.capacity:
            reason = f"все места заняты утверждёнными парами ({load.get(r.id, 0)} из {r.capacity})"
        if reason is not None:
            excluded.append(Excluded("mentor", r.id, name, reason))
            continue
        detail = workplace_text(r.place, r.position, r.group_name, r.kind, "")
        out.append(PoolMentor(
            id=r.id, person_id=r.person_id, name=name, detail=detail, capacity=r.capacity,
            load=load.get(r.id, 0), form_ids=tuple(own),
            form_names=", ".join(forms[f].name for f in own), kind=r.kind,
            birth_date=r.birth_date, grade=r.grade, course=r.course,
            competences=_tags(r.competences), interests=_tags(r.interests),
            subjects=_tags(r.subjects), meeting_times=_tags(r.meeting_times),
            age_min=r.mentee_age_min, age_max=r.mentee_age_max))
    return out


def _mentees(s: Session, programme: Programme, forms: dict[int, FormRule],
             all_forms: dict[int, str], today: date, excluded: list[Excluded]) -> list[PoolMentee]:
    consent = consent_state_expr(Person.id, today, special_needed_clause())
    rows = s.execute(
        select(MenteeProfile.id, MenteeProfile.person_id, MenteeProfile.status,
               MenteeProfile.form_id, MenteeProfile.role_model_id, MenteeProfile.request_kind_id,
               MenteeProfile.request_text,
               MenteeProfile.interests, MenteeProfile.subjects, MenteeProfile.meeting_times,
               Person.last_name, Person.first_name, Person.patronymic, Person.kind,
               Person.status.label("person_status"), Person.birth_date, Person.grade,
               Person.course, Person.group_name, Person.position, consent.label("consent"))
        .join(Person, Person.id == MenteeProfile.person_id)
        .where(MenteeProfile.programme_id == programme.id)
        .order_by(Person.last_name, Person.first_name, Person.patronymic, MenteeProfile.id)
    ).all()
    fixed = _fixed_members(s, programme.id)
    kinds = {i: n for i, n in s.execute(select(RequestKind.id, RequestKind.name))}
    out: list[PoolMentee] = []
    for r in rows:
        name = full_name(r.last_name, r.first_name, r.patronymic)
        reason = None
        if r.person_status != PersonStatus.ACTIVE:
            reason = "в архиве или выбыл"
        elif r.status in (MenteeStatus.COMPLETED, MenteeStatus.LEFT):
            reason = "завершил программу" if r.status == MenteeStatus.COMPLETED else "выбыл"
        elif r.id in fixed:
            reason = f"уже в утверждённой паре (наставник: {fixed[r.id]})"
        elif r.form_id is not None and r.form_id not in forms:
            reason = f"форма «{all_forms.get(r.form_id, '')}» не входит в программу"
        elif r.consent != ConsentState.OK.value:
            reason = _CONSENT_REASON.get(r.consent, "нет действующего согласия")
        if reason is not None:
            excluded.append(Excluded("mentee", r.id, name, reason))
            continue
        kind_name = kinds.get(r.request_kind_id, "") if r.request_kind_id is not None else ""
        request = request_line(kind_name, r.request_text)
        out.append(PoolMentee(
            id=r.id, person_id=r.person_id, name=name,
            detail=r.group_name or r.position or "", request=request, form_id=r.form_id,
            kind=r.kind, birth_date=r.birth_date, grade=r.grade, course=r.course,
            request_kind_id=r.request_kind_id, request_kind=kind_name,
            request_text=r.request_text or "", role_model_id=r.role_model_id,
            interests=_tags(r.interests), subjects=_tags(r.subjects),
            meeting_times=_tags(r.meeting_times)))
    return out

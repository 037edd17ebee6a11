"""The plan of the demonstration database, made in memory before a row is written: dates,
the people's roles, consents, pairs (demo_people.py and demo_bases.py fill it in).

Everything is decided independently of the stage asked for, so the same seed gives the same
people at every stage; demo.py then writes what the stage has reached. Person objects are
created unsaved; the rest is plain data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import ConsentSigner, InfoSource, MentorStatus, Organisation, Person, Sex
from .demo_data import THEME
from .demo_orgs import OrgText
from .programme import academic_year_of

LETTERS = "АБВГД"
SENSITIVE = {"ОВЗ", "ЗПР", "Группа риска"}
TEACHER_KINDS = ("Молодой специалист", "Профессиональный дефицит", "Новый сотрудник")


# --- Dates -----------------------------------------------------------------------------------


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, lo: date, hi: date) -> date:
    return date.fromordinal(rng.randint(lo.toordinal(), max(lo, hi).toordinal()))


def pupil_birth(rng: random.Random, year_start: date, grade: int) -> date:
    """Aged grade+6 on the 1 September the academic year starts, so grade+6 or grade+7 on
    any day of that year: a first-former turned 7 by the 1 September."""
    lo = shift_years(year_start, -(grade + 7)) + timedelta(days=1)
    return random_date(rng, lo, shift_years(year_start, -(grade + 6)))


def birth_for_age(rng: random.Random, on: date, age: int) -> date:
    lo = shift_years(on, -(age + 1)) + timedelta(days=1)
    return random_date(rng, lo, shift_years(on, -age))


class Timeline:
    """Dates of the programme's events, in days after its start («natural» days, as if the
    curator kept to the roadmap). When `today` comes too early in the year for the stage asked,
    the schedule is compressed so that everything that has happened lies on or before today."""

    NEED = {1: 12, 2: 45, 3: 60, 4: 76, 5: 82, 6: 135, 7: 270}

    def __init__(self, today: date, stage: int) -> None:
        self.today = today
        self.start, self.end = academic_year_of(today)
        available = (today - self.start).days
        self.factor = min(1.0, available / self.NEED[stage])

    def raw(self, natural: float) -> date:
        return self.start + timedelta(days=round(natural * self.factor))

    def day(self, natural: float) -> date:
        return min(self.today, self.raw(natural))

    def happened(self, natural: float) -> bool:
        return self.raw(natural) <= self.today

    @property
    def years_text(self) -> str:
        return f"{self.start.year}/{self.end.year}"


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to the weights (largest remainder), summing exactly."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def sexed(text: str, male: bool) -> str:
    """Fill the endings that agree with sex: {a} прибыл/прибыла, {sja} записался/записалась,
    {el} прошёл/прошла, {en} включён/включена."""
    return (text.replace("{a}", "" if male else "а")
            .replace("{sja}", "ся" if male else "ась")
            .replace("{el}", "ёл" if male else "ла")
            .replace("{en}", "ён" if male else "ена"))


def years_text(n: int) -> str:
    """«первый год работы», «стаж 1 год», «стаж 2 года», «стаж 5 лет»."""
    if n == 0:
        return "первый год работы"
    if n % 10 == 1 and n % 100 != 11:
        return f"стаж {n} год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"стаж {n} года"
    return f"стаж {n} лет"


def exam_for(grade: int) -> str:
    if grade == 9:
        return "ОГЭ"
    if grade == 11:
        return "ЕГЭ"
    if grade >= 4:
        return "ВПР"
    return "контрольные работы"


def subject_fits(subject: str, grade: int) -> bool:
    first = {"физика": 7, "химия": 8, "обществознание": 6, "биология": 5, "история": 5,
             "география": 5, "информатика": 7, "литература": 5, "английский язык": 2}
    if subject in ("литературное чтение", "окружающий мир"):
        return grade <= 4
    return grade >= first.get(subject, 1)


# --- Plans -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Staff:
    person: Person
    role: str
    subjects: tuple[str, ...]
    young: bool = False


@dataclass(eq=False)
class ConsentPlan:
    person: Person
    signer: ConsentSigner
    guardian: Person | None
    signed_on: date
    valid_until: date
    special: bool
    withdrawn_on: date | None = None
    expired: bool = False

    @property
    def valid(self) -> bool:
        return self.withdrawn_on is None and not self.expired


@dataclass(eq=False)
class Participant:
    person: Person
    org: OrgPlan
    entered_day: float
    subjects: list[str]
    interests: list[str]
    meeting_times: list[str]
    consent: ConsentPlan | None = None
    guardian: Person | None = None
    guardian_relation: str = ""

    @property
    def consent_valid(self) -> bool:
        return self.consent is not None and self.consent.valid

    @property
    def male(self) -> bool:
        return self.person.sex == Sex.MALE


@dataclass(eq=False)
class MenteePlan(Participant):
    kind: str = ""
    request_text: str = ""
    info_source: InfoSource = InfoSource.CLASS_TEACHER
    has_disability: bool = False
    options: tuple[tuple[str, str], ...] = ()
    age: int = 0
    subject: str = ""
    gap: str = ""
    pair: PairPlan | None = None

    @property
    def theme(self) -> str:
        return THEME[self.kind]

    @property
    def form(self) -> tuple[str, str]:
        return (self.pair.form, self.pair.role_model) if self.pair else self.options[0]


@dataclass(eq=False)
class MentorPlan(Participant):
    role: str = ""  # primary, subject, psychologist, social, other, tt, pupil, parent, ...
    forms: tuple[str, ...] = ()
    competences: list[str] = field(default_factory=list)
    achievements: str = ""
    age_min: int = 7
    age_max: int = 18
    capacity: int = 1
    status: MentorStatus = MentorStatus.TRAINED  # after selection and training (stage >= 5)
    recommended: bool = True
    interview_note: str = ""
    missed: tuple[int, ...] = ()  # training sessions missed (0-based)
    child: Person | None = None  # a parent mentor's own child
    pairs: dict[tuple[str, str], PairPlan] = field(default_factory=dict)

    @property
    def load(self) -> int:
        return sum(len(p.members) for p in self.pairs.values())

    @property
    def pairable(self) -> bool:
        return self.status == MentorStatus.TRAINED and self.consent_valid


@dataclass(eq=False)
class PairPlan:
    mentor: MentorPlan
    form: str
    role_model: str
    members: list[MenteePlan] = field(default_factory=list)


@dataclass(eq=False)
class OrgPlan:
    text: OrgText
    org: Organisation
    staff: list[Staff] = field(default_factory=list)
    pupils: list[Person] = field(default_factory=list)
    externals: list[Person] = field(default_factory=list)  # employers and graduates
    mentees: list[MenteePlan] = field(default_factory=list)
    mentors: list[MentorPlan] = field(default_factory=list)
    pairs: list[PairPlan] = field(default_factory=list)

    def first(self, role: str) -> Person | None:
        return next((s.person for s in self.staff if s.role == role), None)

    @property
    def persons(self) -> list[Person]:
        return [s.person for s in self.staff] + self.pupils


# --- The whole picture -----------------------------------------------------------------------


@dataclass(eq=False)
class World:
    schools: list[OrgPlan]
    centre: OrgPlan | None
    curator: Person

    @property
    def orgs(self) -> list[OrgPlan]:
        return ([self.centre] if self.centre else []) + self.schools

    @property
    def owner(self) -> OrgPlan:
        return self.centre or self.schools[0]

"""The matcher's rules for one pair: the weights and their names, the hard constraints (the form,
a pupil mentor's age), and the small helpers the score's components share."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from ..model import PersonKind
from ..model.rules import age_on, years_word
from ..model.text import normalise as _normalise
from .match_pool import Pool, PoolMentee, PoolMentor, RoleRule

COMPONENTS: tuple[str, ...] = ("request", "interests", "form", "age", "times", "mutual",
                               "continuity")
COMPONENT_LABELS: dict[str, str] = {
    "request": "Запрос наставляемого ↔ компетенции наставника",
    "interests": "Общие интересы и предметы",
    "form": "Форма и ролевая модель",
    "age": "Желаемый возраст наставляемого",
    "times": "Удобное время встреч",
    "mutual": "Выбор на общей встрече (взаимный — сильнее)",
    "continuity": "Продолжение пары прошлого года",
}


@dataclass(frozen=True)
class Weights:
    request: float = 30.0
    interests: float = 15.0
    form: float = 10.0
    age: float = 10.0
    times: float = 10.0
    mutual: float = 40.0
    continuity: float = 15.0

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    @property
    def total(self) -> float:
        return sum(self.as_dict().values())


DEFAULT_WEIGHTS = Weights()
PEERS = (PersonKind.PUPIL, PersonKind.STUDENT)
_GENERIC = {"подгот", "работа", "работы", "развит", "повыше", "деятел", "сопров", "навыко",
            "учебно", "учебны", "знаниях"}


# Tags repeat a lot (the same hundred interests over thousands of people): normalise each once.
normalise = functools.lru_cache(maxsize=1 << 16)(_normalise)


@functools.lru_cache(maxsize=1 << 14)
def stems(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in re.findall(r"[а-яa-z]+", normalise(text))
                     if len(w) >= 5 and w[:6] not in _GENERIC)


def years_text(n: int) -> str:
    return f"{n} {years_word(n)}"


@dataclass(frozen=True)
class Verdict:
    score: float | None
    reasons: tuple[str, ...]
    refusal: str | None


@dataclass(frozen=True)
class Facts:
    """What the pool does not say: the request map, the choices, the history, the curator's
    pins and forbids. Person ids for choices and history; profile ids for the constraints."""

    request_map: dict[int, tuple[str, ...]]  # request kind → competences that answer it
    mentee_choices: dict[int, dict[int, int]]  # mentee person → {mentor person: rank}
    mentor_choices: dict[int, dict[int, int]]  # mentor person → {mentee person: rank}
    history: frozenset[tuple[int, int]]  # (mentor person, mentee person) paired before
    forbidden: dict[tuple[int, int], str]  # (mentee profile, mentor profile) → reason
    pinned: dict[int, int]  # mentee profile → mentor profile


# --- Scalar rules (one pair) -------------------------------------------------------------------


def compare_age(mentor: PoolMentor | PoolMentee, mentee: PoolMentee, today: date) -> int | None:
    """1 when the mentor is older, 0 of the same age, -1 younger; None when unknown. Classes
    compare first (classmates are of an age), then college courses, then birth dates."""
    pairs = ((mentor.grade, mentee.grade), (mentor.course, mentee.course),
             (age_on(mentor.birth_date, today) if mentor.birth_date else None,
              age_on(mentee.birth_date, today) if mentee.birth_date else None))
    for a, b in pairs:
        if a is not None and b is not None:
            return (a > b) - (a < b)
    return None


def age_rule(role: RoleRule | None) -> int:
    """0: the mentor may be younger; 1: the same age or older; 2: strictly older."""
    if role is None:
        return 2
    if role.younger_mentor_allowed:
        return 0
    return 1 if role.same_age_allowed else 2


def age_refusal(mentor: PoolMentor, mentee: PoolMentee, role: RoleRule | None,
                 today: date) -> str | None:
    if mentor.kind not in PEERS or mentee.kind not in PEERS:
        return None
    rule = age_rule(role)
    if rule == 0:
        return None
    cmp = compare_age(mentor, mentee, today)
    if cmp is None:
        return None
    if rule == 2 and cmp <= 0:
        return ("наставник из числа обучающихся должен быть старше наставляемого"
                + (f" (ролевая модель «{role.name}»)" if role else ""))
    if rule == 1 and cmp < 0:
        return f"наставник младше наставляемого, а ролевая модель «{role.name if role else ''}» " \
               "этого не допускает"
    return None


def allowed_forms(pool: Pool, mentor: PoolMentor, mentee: PoolMentee) -> list[int]:
    wanted = [mentee.form_id] if mentee.form_id is not None else list(pool.forms)
    return [f for f in wanted if f in mentor.form_ids and f in pool.forms
            and pool.forms[f].allows(mentor.kind, mentee.kind)]


def form_refusal(pool: Pool, mentor: PoolMentor, mentee: PoolMentee) -> str | None:
    if allowed_forms(pool, mentor, mentee):
        return None
    if mentee.form_id is not None and mentee.form_id not in mentor.form_ids:
        name = pool.forms[mentee.form_id].name if mentee.form_id in pool.forms else ""
        return f"наставник не работает в форме «{name}», нужной наставляемому"
    return (f"форма наставничества не допускает пару: {mentor.kind.label.lower()} — наставник, "
            f"{mentee.kind.label.lower()} — наставляемый")


def mentee_choice_value(rank: int) -> float:
    return {1: 1.0, 2: 0.8, 3: 0.6}.get(rank, 0.5)


def mentor_choice_value(rank: int) -> float:
    return max(0.5, 1.1 - 0.1 * rank)


def weekday(text: str) -> str:
    words = normalise(text).split()
    return words[0] if words and words[0] in {"пн", "вт", "ср", "чт", "пт", "сб", "вс"} else ""


def common_tags(a: Iterable[str], b: Iterable[str]) -> list[str]:
    keys = {normalise(x) for x in b}
    seen: set[str] = set()
    out = []
    for x in a:
        k = normalise(x)
        if k in keys and k not in seen:
            seen.add(k)
            out.append(x)
    return out

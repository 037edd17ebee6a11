"""The matcher: the optimal suggestion of pairs and groups, with its reasons.

The assignment maximises the total score under the mentors' capacities. Each mentor's free
places become that many columns of the score matrix (slot expansion) and
`scipy.optimize.linear_sum_assignment` solves the rectangular problem. Forbidden cells are worth
0 and allowed ones their score plus a tiny bonus, so any optimal full assignment, with its
forbidden cells dropped, is an optimal partial one (every score is ≥ 0, so padding a partial
assignment with forbidden cells never lowers it). Pins are placed first and use up places.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased

from ..errors import ValidationError
from ..model import (
    ConstraintKind,
    MatchConstraint,
    MatchWeight,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    Pair,
    PairMember,
    PairStatus,
    PairStatusChange,
    Preference,
    Programme,
    RequestCompetence,
)
from .database import Database
from .match_pool import Pool, load_pool
from .match_rules import form_refusal
from .match_score import (
    COMPONENT_LABELS,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Facts,
    Scorer,
    Verdict,
    Weights,
    allowed_forms,
)

__all__ = [
    "COMPONENTS", "COMPONENT_LABELS", "DEFAULT_WEIGHTS", "Assigned", "Scorer", "Suggestion",
    "Unassigned", "Verdict", "Weights", "apply_suggestion", "greedy_total", "load_weights",
    "save_weights", "scorer", "solve", "suggest", "suggestion_json",
]

BONUS = 1e-6  # per allowed cell: among equal totals, prefer placing more mentees
PAIRED_BEFORE = (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
DRAFT_REASON = "Предложена подбором пар (MentorDesk)"


@dataclass(frozen=True)
class Assigned:
    mentee_id: int
    mentor_id: int
    score: float
    reasons: tuple[str, ...]
    pinned: bool = False


@dataclass(frozen=True)
class Unassigned:
    mentee_id: int
    reason: str


@dataclass(frozen=True)
class Suggestion:
    pool: Pool
    assignment: list[Assigned]
    unassigned: list[Unassigned]
    total_score: float
    scorer: Scorer | None = None


# --- Weights -----------------------------------------------------------------------------------


def load_weights(db: Database, programme_id: int) -> Weights:
    with db.read() as s:
        return _weights(s, programme_id)


def _weights(s: Session, programme_id: int) -> Weights:
    stored = {c: w for c, w in s.execute(select(MatchWeight.component, MatchWeight.weight)
                                         .where(MatchWeight.programme_id == programme_id))}
    values = DEFAULT_WEIGHTS.as_dict()
    values.update({k: float(v) for k, v in stored.items() if k in values})
    return Weights(**values)


def save_weights(db: Database, programme_id: int, weights: Weights) -> Weights:
    """Store the curator's weights; returns the previous ones (for undo)."""
    for name, value in weights.as_dict().items():
        if not 0 <= value <= 100:
            raise ValidationError(
                f"Вес «{COMPONENT_LABELS[name]}» должен быть от 0 до 100.", field=name)
    with db.write() as s:
        if s.get(Programme, programme_id) is None:
            raise ValidationError("Программа не найдена: возможно, её удалили.")
        old = _weights(s, programme_id)
        s.execute(delete(MatchWeight).where(MatchWeight.programme_id == programme_id))
        s.add_all(MatchWeight(programme_id=programme_id, component=k, weight=v)
                  for k, v in weights.as_dict().items())
    return old


# --- Facts and the scorer ------------------------------------------------------------------------


def load_facts(s: Session, programme_id: int) -> Facts:
    request_map: dict[int, list[str]] = {}
    for kind_id, competence in s.execute(select(RequestCompetence.request_kind_id,
                                                RequestCompetence.competence)):
        request_map.setdefault(kind_id, []).append(competence)
    mentee_persons = set(s.scalars(select(MenteeProfile.person_id)
                                   .where(MenteeProfile.programme_id == programme_id)))
    mentee_choices: dict[int, dict[int, int]] = {}
    mentor_choices: dict[int, dict[int, int]] = {}
    for chooser, chosen, rank in s.execute(
            select(Preference.chooser_id, Preference.chosen_id, Preference.rank)
            .where(Preference.programme_id == programme_id)):
        target = mentee_choices if chooser in mentee_persons else mentor_choices
        target.setdefault(chooser, {})[chosen] = rank
    mp, ep = aliased(MentorProfile), aliased(MenteeProfile)
    history = frozenset((a, b) for a, b in s.execute(
        select(mp.person_id, ep.person_id)
        .select_from(Pair).join(mp, mp.id == Pair.mentor_id)
        .join(PairMember, PairMember.pair_id == Pair.id).join(ep, ep.id == PairMember.mentee_id)
        .where(Pair.programme_id != programme_id, Pair.status.in_(PAIRED_BEFORE))
    ))
    forbidden: dict[tuple[int, int], str] = {}
    pinned: dict[int, int] = {}
    for mentee_id, mentor_id, kind, reason in s.execute(
            select(MatchConstraint.mentee_id, MatchConstraint.mentor_id, MatchConstraint.kind,
                   MatchConstraint.reason).where(MatchConstraint.programme_id == programme_id)):
        if kind == ConstraintKind.FORBID:
            forbidden[(mentee_id, mentor_id)] = reason or ""
        else:
            pinned[mentee_id] = mentor_id
    return Facts({k: tuple(v) for k, v in request_map.items()}, mentee_choices, mentor_choices,
                 history, forbidden, pinned)


def scorer(db: Database, programme_id: int, today: date | None = None,
           weights: Weights | None = None) -> Scorer:
    """Everything the score needs, read once; `check` and `score` are then pure and fast."""
    today = today or date.today()
    with db.read() as s:
        pool = load_pool(s, programme_id, today)
        facts = load_facts(s, programme_id)
        w = weights if weights is not None else _weights(s, programme_id)
    return Scorer(pool, facts, w)


# --- Solving -----------------------------------------------------------------------------------


def solve(values: np.ndarray, forbidden: np.ndarray, capacity: list[int]) -> list[tuple[int, int]]:
    """Optimal (mentee row, mentor column) pairs: maximum total value, each row at most once,
    each column at most `capacity[j]` times, no forbidden cell. Values must be ≥ 0."""
    n = values.shape[0]
    slots = [j for j, c in enumerate(capacity) for _ in range(max(0, c))]
    if n == 0 or not slots:
        return []
    cols = np.array(slots, dtype=np.intp)
    gain = np.where(forbidden[:, cols], 0.0, values[:, cols] + BONUS)
    rows, picked = linear_sum_assignment(gain, maximize=True)
    return [(int(i), int(cols[k])) for i, k in zip(rows, picked, strict=True)
            if not forbidden[i, cols[k]]]


def greedy_total(values: np.ndarray, forbidden: np.ndarray, capacity: list[int]) -> float:
    """The baseline a person would do by hand: take the best remaining pair, repeat."""
    free = list(capacity)
    order = np.argsort(-np.where(forbidden, -1.0, values), axis=None, kind="stable")
    done: set[int] = set()
    total = 0.0
    m = values.shape[1]
    for flat in order:
        i, j = divmod(int(flat), m)
        if forbidden[i, j]:
            break
        if i in done or free[j] <= 0:
            continue
        done.add(i)
        free[j] -= 1
        total += float(values[i, j])
    return total


def suggest(db: Database, programme_id: int, today: date | None = None,
            weights: Weights | None = None, sc: Scorer | None = None) -> Suggestion:
    """The optimal suggestion for the programme's pool, pins kept, with reasons."""
    sc = sc or scorer(db, programme_id, today, weights)
    pool = sc.pool
    capacity = [m.free for m in pool.mentors]
    assignment: list[Assigned] = []
    placed: set[int] = set()
    for mentee_id, mentor_id in sorted(sc.pinned().items()):
        i, j = sc.mentee_index.get(mentee_id), sc.mentor_index.get(mentor_id)
        if i is None or j is None or sc.forbidden[i, j]:
            continue
        verdict = sc.check(mentee_id, mentor_id)
        assignment.append(Assigned(mentee_id, mentor_id, float(sc.total[i, j]),
                                   ("пара закреплена куратором", *verdict.reasons), True))
        placed.add(i)
        capacity[j] -= 1
    free_rows = [i for i in range(len(pool.mentees)) if i not in placed]
    if free_rows:
        rows = np.array(free_rows, dtype=np.intp)
        for r, j in solve(sc.total[rows], sc.forbidden[rows], capacity):
            i = int(rows[r])
            mentee, mentor = pool.mentees[i], pool.mentors[j]
            verdict = sc.check(mentee.id, mentor.id)
            note = sc.pin_notes.get(mentee.id)
            assignment.append(Assigned(mentee.id, mentor.id, float(sc.total[i, j]),
                                       (note, *verdict.reasons) if note else verdict.reasons))
            placed.add(i)
            capacity[j] -= 1
    unassigned = []
    for i, m in enumerate(pool.mentees):
        if i not in placed:
            note = sc.pin_notes.get(m.id)
            why = _why_unassigned(sc, i, capacity)
            unassigned.append(Unassigned(m.id, f"{note}; {why}" if note else why))
    order = {m.id: k for k, m in enumerate(pool.mentors)}
    assignment.sort(key=lambda a: (order[a.mentor_id], -a.score))
    total = round(sum(a.score for a in assignment), 6)
    return Suggestion(pool, assignment, unassigned, total, sc)


def _why_unassigned(sc: Scorer, i: int, capacity: list[int]) -> str:
    pool = sc.pool
    if not pool.mentors:
        return "в подборе нет ни одного наставника: отберите и обучите наставников (этап 4)"
    allowed = [j for j in range(len(pool.mentors)) if not sc.forbidden[i, j]]
    if not allowed:
        mentee = pool.mentees[i]
        # The informative refusals come from the mentors who work in the mentee's form.
        in_form = [m for m in pool.mentors if form_refusal(pool, m, mentee) is None]
        if not in_form:
            forms = (pool.forms[mentee.form_id].name if mentee.form_id in pool.forms
                     else "программы")
            return ("нет подходящего наставника: ни один наставник в подборе не работает в форме "
                    f"«{forms}» с наставляемым этой категории" if mentee.form_id in pool.forms
                    else "нет подходящего наставника: ни одна форма программы не допускает пару "
                         "с наставляемым этой категории")
        reasons = Counter(sc.refusal(mentee, m) or "" for m in in_form)
        common, n = reasons.most_common(1)[0]
        if n == len(in_form):
            return f"нет подходящего наставника: у всех наставников этой формы ({n}) — {common}"
        return f"нет подходящего наставника; чаще всего ({n} из {len(in_form)}): {common}"
    if len(allowed) == 1:
        return ("единственный подходящий наставник уже занят: его места отданы наставляемым, "
                "для которых пара с ним получила больший балл")
    return (f"все подходящие наставники заняты (их {len(allowed)}): места отданы наставляемым, "
            "для которых пара получила больший балл; увеличьте вместимость наставников или "
            "привлеките новых")


# --- Storing the suggestion ------------------------------------------------------------------------


def apply_suggestion(db: Database, suggestion: Suggestion, today: date | None = None) -> int:
    """Replace the programme's draft pairs with the suggestion: one draft pair (a group when
    several mentees) per mentor. Approved and working pairs are untouched. Returns the number
    of draft pairs written."""
    today = today or date.today()
    pool = suggestion.pool
    by_mentor: dict[int, list[int]] = {}
    for a in suggestion.assignment:
        by_mentor.setdefault(a.mentor_id, []).append(a.mentee_id)
    with db.write() as s:
        programme = s.get(Programme, pool.programme_id)
        if programme is None:
            raise ValidationError("Программа не найдена: возможно, её удалили.")
        drafts = s.scalars(select(Pair).where(Pair.programme_id == programme.id,
                                              Pair.status == PairStatus.DRAFT)).all()
        for pair in drafts:
            s.delete(pair)
        s.flush()
        start = max(programme.starts_on, today) if programme.ends_on >= today else \
            programme.starts_on
        for mentor_id, mentee_ids in by_mentor.items():
            mentor = pool.mentor(mentor_id)
            first = pool.mentee(mentee_ids[0])
            assert mentor is not None and first is not None
            forms = allowed_forms(pool, mentor, first)
            form_id = forms[0] if forms else None
            role_model_id = first.role_model_id if (
                first.role_model_id in pool.role_models
                and pool.role_models[first.role_model_id].form_id == form_id) else None
            pair = Pair(programme_id=programme.id, mentor_id=mentor_id, form_id=form_id,
                        role_model_id=role_model_id, starts_on=start, ends_on=programme.ends_on,
                        status=PairStatus.DRAFT)
            pair.members = [PairMember(mentee_id=m, joined_on=start) for m in mentee_ids]
            pair.history = [PairStatusChange(from_status=None, to_status=PairStatus.DRAFT,
                                             reason=DRAFT_REASON)]
            s.add(pair)
        waiting = [a.mentee_id for a in suggestion.assignment]
        if waiting:
            for profile in s.scalars(select(MenteeProfile).where(MenteeProfile.id.in_(waiting),
                                                                 MenteeProfile.status ==
                                                                 MenteeStatus.NEW)):
                profile.status = MenteeStatus.WAITING
    return len(by_mentor)


# --- JSON (the CLI's exact shape) ----------------------------------------------------------------


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    pool, sc = suggestion.pool, suggestion.scorer
    assert sc is not None
    scores: list[list[float | None]] = []
    for i in range(len(pool.mentees)):
        row = sc.total[i]
        forbidden = sc.forbidden[i]
        scores.append([None if forbidden[j] else round(float(row[j]), 2)
                       for j in range(len(pool.mentors))])
    return {
        "mentors": [{"id": m.id, "name": m.name, "capacity": m.free} for m in pool.mentors],
        "mentees": [{"id": m.id, "name": m.name} for m in pool.mentees],
        "scores": scores,
        "assignment": [{"mentee": a.mentee_id, "mentor": a.mentor_id, "score": round(a.score, 2),
                        "reasons": list(a.reasons)} for a in suggestion.assignment],
        "unassigned": [{"mentee": u.mentee_id, "reason": u.reason} for u in suggestion.unassigned],
        # the sum of the rounded scores above, so the document adds up
        "total_score": float(round(sum(round(a.score, 2) for a in suggestion.assignment), 2)),
    }

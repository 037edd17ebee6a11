"""The matcher's score: named, weighted components for every mentor–mentee pair, the hard
constraints that forbid a pair, and the Russian reasons behind a score.

Every component is a number from 0 to 1; the score is the weighted sum. The whole matrix
(mentees × mentors) is built with numpy, component by component, so the district's 3,000 × 300
takes a fraction of a second; `Scorer.check` explains one pair with the same rules
(`match_rules`), and a test holds the two paths equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
from numpy.typing import NDArray

from ..model import PersonKind
from ..model.rules import age_on
from .match_pool import Pool, PoolMentee, PoolMentor
from .match_rules import (
    COMPONENT_LABELS,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    PEERS,
    Facts,
    Verdict,
    Weights,
    age_refusal,
    age_rule,
    allowed_forms,
    common_tags,
    form_refusal,
    mentee_choice_value,
    mentor_choice_value,
    normalise,
    stems,
    weekday,
    years_text,
)

__all__ = ["COMPONENTS", "COMPONENT_LABELS", "DEFAULT_WEIGHTS", "Facts", "Scorer", "Verdict",
           "Weights", "age_rule", "allowed_forms"]


# --- The scorer --------------------------------------------------------------------------------


class Scorer:
    """The score of every pair of a pool, built once; `check` explains a single pair."""

    def __init__(self, pool: Pool, facts: Facts, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.pool = pool
        self.facts = facts
        self.weights = weights
        self.mentee_index = {m.id: i for i, m in enumerate(pool.mentees)}
        self.mentor_index = {m.id: j for j, m in enumerate(pool.mentors)}
        self._map = {k: tuple(normalise(c) for c in v) for k, v in facts.request_map.items()}
        self.components = self._build()
        self._w = w = weights.as_dict()
        n, m = len(pool.mentees), len(pool.mentors)
        total = np.zeros((n, m), dtype=np.float64)
        for name, matrix in self.components.items():
            if w[name]:
                total += w[name] * matrix
        self.pin_notes: dict[int, str] = {}  # mentee → why the curator's pin is not kept
        self.valid_pins = self._valid_pins()
        self.forbidden = self._forbidden()
        self.total = total

    # -- public -----------------------------------------------------------------------------

    def pinned(self) -> dict[int, int]:
        """The pins that can be kept: both in the pool, the pair allowed, within capacity."""
        return dict(self.valid_pins)

    def _valid_pins(self) -> dict[int, int]:
        kept: dict[int, int] = {}
        used: dict[int, int] = {}
        for mentee_id, mentor_id in sorted(self.facts.pinned.items()):
            mentee, mentor = self.pool.mentee(mentee_id), self.pool.mentor(mentor_id)
            if mentee is None:
                continue  # not in the pool: listed among the excluded with its reason
            if mentor is None:
                why = self.pool.excluded_reason("mentor", mentor_id) or "не найден"
                self.pin_notes[mentee_id] = ("закрепление куратора не выполнено: наставник не "
                                             f"участвует в подборе ({why})")
                continue
            refusal = self._base_refusal(mentee, mentor)
            if refusal is not None:
                self.pin_notes[mentee_id] = f"закрепление куратора не выполнено: {refusal}"
                continue
            if used.get(mentor_id, 0) >= mentor.free:
                self.pin_notes[mentee_id] = (
                    "закрепление куратора не выполнено: за наставником закреплено больше "
                    f"наставляемых, чем у него свободных мест ({mentor.free})")
                continue
            used[mentor_id] = used.get(mentor_id, 0) + 1
            kept[mentee_id] = mentor_id
        return kept

    def score(self, mentee_id: int, mentor_id: int) -> float | None:
        i, j = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
        if i is None or j is None or self.forbidden[i, j]:
            return None
        return float(self.total[i, j])

    def check(self, mentee_id: int, mentor_id: int) -> Verdict:
        mentee, mentor = self.pool.mentee(mentee_id), self.pool.mentor(mentor_id)
        if mentee is None:
            why = self.pool.excluded_reason("mentee", mentee_id) or "не найден"
            return Verdict(None, (), f"наставляемый не участвует в подборе: {why}")
        if mentor is None:
            why = self.pool.excluded_reason("mentor", mentor_id) or "не найден"
            return Verdict(None, (), f"наставник не участвует в подборе: {why}")
        refusal = self.refusal(mentee, mentor)
        if refusal is not None:
            return Verdict(None, (), refusal)
        parts = self._explain(mentee, mentor)
        score = sum(self._w[name] * value for name, value, _ in parts)
        reasons = tuple(r for name, value, rs in parts for r in rs
                        if self._w[name] > 0)
        return Verdict(score, reasons, None)

    def refusal(self, mentee: PoolMentee, mentor: PoolMentor) -> str | None:
        pinned_to = self.valid_pins.get(mentee.id)
        if pinned_to is not None and pinned_to != mentor.id:
            other = self.pool.mentor(pinned_to)
            return ("наставляемый закреплён куратором за другим наставником"
                    + (f" ({other.name})" if other else ""))
        return self._base_refusal(mentee, mentor)

    def _base_refusal(self, mentee: PoolMentee, mentor: PoolMentor) -> str | None:
        reason = self.facts.forbidden.get((mentee.id, mentor.id))
        if reason is not None:
            return "пара запрещена куратором" + (f": {reason}" if reason else "")
        return (form_refusal(self.pool, mentor, mentee)
                or age_refusal(mentor, mentee, self.pool.role_models.get(mentee.role_model_id or 0),
                                self.pool.today))

    # -- scalar explanation -------------------------------------------------------------------

    def _explain(self, mentee: PoolMentee, mentor: PoolMentor) -> list[tuple[str, float, list[str]]]:
        today = self.pool.today
        out: list[tuple[str, float, list[str]]] = []
        value, competence = self._request_match(mentee.request_kind_id, mentor.competences)
        kind = mentee.request_kind if mentee.request_kind.isupper() else mentee.request_kind.lower()
        out.append(("request", value,
                     [f"запрос «{kind}» ↔ компетенция «{competence}»"] if value else []))
        common_i = common_tags(mentee.interests, mentor.interests)
        common_s = common_tags(mentee.subjects, mentor.subjects)
        reasons = []
        if common_i:
            reasons.append("общие интересы: " + ", ".join(common_i))
        if common_s:
            reasons.append("общие предметы: " + ", ".join(common_s))
        out.append(("interests", min(1.0, (len(common_i) + len(common_s)) / 2), reasons))
        forms = allowed_forms(self.pool, mentor, mentee)
        explicit = mentee.form_id is not None
        out.append(("form", 1.0 if explicit else 0.5,
                    [f"форма «{self.pool.forms[forms[0]].name}»"
                     + (", выбранная для наставляемого" if explicit else "")]))
        out.append(self._age(mentee, mentor, today))
        out.append(self._times(mentee, mentor))
        out.append(self._mutual(mentee, mentor))
        paired = (mentor.person_id, mentee.person_id) in self.facts.history
        out.append(("continuity", 1.0 if paired else 0.0,
                    ["продолжение пары прошлого года"] if paired else []))
        return out

    def _request_match(self, kind_id: int | None, competences: Iterable[str]) -> tuple[float, str]:
        if kind_id is None:
            return 0.0, ""
        phrases = self._map.get(kind_id, ())
        if not phrases:
            return 0.0, ""
        best, which = 0.0, ""
        wanted: frozenset[str] = frozenset().union(*(stems(p) for p in phrases))
        for c in competences:
            n = normalise(c)
            if any(p == n or p in n or n in p for p in phrases if p and n):
                return 1.0, c
            if best < 0.7 and stems(c) & wanted:
                best, which = 0.7, c
        return best, which

    def _age(self, mentee: PoolMentee, mentor: PoolMentor,
             today: date) -> tuple[str, float, list[str]]:
        lo, hi = mentor.age_min, mentor.age_max
        if mentee.birth_date is None or (lo is None and hi is None):
            return ("age", 0.5, [])
        age = age_on(mentee.birth_date, today)
        wanted = f"{lo if lo is not None else ''}–{hi if hi is not None else ''}"
        gap = (lo - age if lo is not None and age < lo else
               age - hi if hi is not None and age > hi else 0)
        if gap == 0:
            return ("age", 1.0, [f"возраст наставляемого ({years_text(age)}) в желаемом "
                                 f"диапазоне наставника ({wanted})"])
        return ("age", max(0.0, 1.0 - 0.25 * gap),
                [f"возраст наставляемого ({years_text(age)}) вне желаемого диапазона ({wanted})"])

    def _times(self, mentee: PoolMentee, mentor: PoolMentor) -> tuple[str, float, list[str]]:
        a = {normalise(t): t for t in mentee.meeting_times}
        b = {normalise(t) for t in mentor.meeting_times}
        same = [a[k] for k in a if k in b]
        if same:
            return ("times", 1.0, ["удобное время встреч: " + ", ".join(same[:2])])
        days = {weekday(t) for t in a} & {weekday(t) for t in b} - {""}
        if days:
            return ("times", 0.5, ["совпадает день встреч: " + ", ".join(sorted(days))])
        return ("times", 0.0, [])

    def _mutual(self, mentee: PoolMentee, mentor: PoolMentor) -> tuple[str, float, list[str]]:
        r1 = self.facts.mentee_choices.get(mentee.person_id, {}).get(mentor.person_id)
        r2 = self.facts.mentor_choices.get(mentor.person_id, {}).get(mentee.person_id)
        if r1 and r2:
            return ("mutual", 0.6 + 0.2 * (mentee_choice_value(r1) + mentor_choice_value(r2)),
                    [f"взаимный выбор: {r1}-й у наставляемого, {r2}-й у наставника"])
        if r1:
            return ("mutual", 0.5 * mentee_choice_value(r1), [f"выбор наставляемого: {r1}-й"])
        if r2:
            return ("mutual", 0.4 * mentor_choice_value(r2), [f"выбор наставника: {r2}-й"])
        return ("mutual", 0.0, [])

    # -- the matrices -------------------------------------------------------------------------

    def _build(self) -> dict[str, NDArray[np.float64]]:
        pool = self.pool
        n, m = len(pool.mentees), len(pool.mentors)
        comps: dict[str, NDArray[np.float64]] = {}
        # request: one row per request kind, then picked per mentee
        kinds = sorted({x.request_kind_id for x in pool.mentees if x.request_kind_id is not None})
        per_kind = np.zeros((len(kinds) + 1, m))
        for k, kind_id in enumerate(kinds):
            for j, mentor in enumerate(pool.mentors):
                per_kind[k, j] = self._request_match(kind_id, mentor.competences)[0]
        where = {kind_id: k for k, kind_id in enumerate(kinds)}
        rows = np.array([where.get(x.request_kind_id, len(kinds)) if x.request_kind_id is not None
                         else len(kinds) for x in pool.mentees], dtype=np.intp)
        comps["request"] = per_kind[rows] if n else np.zeros((0, m))
        shared = (_incidence([x.interests for x in pool.mentees], [x.interests for x in pool.mentors])
                  + _incidence([x.subjects for x in pool.mentees], [x.subjects for x in pool.mentors]))
        comps["interests"] = np.minimum(1.0, shared / 2)
        comps["form"] = np.repeat(np.array([[1.0 if x.form_id is not None else 0.5]
                                            for x in pool.mentees]).reshape(n, 1), m, axis=1)
        comps["age"] = self._age_matrix()
        exact = _incidence([[normalise(t) for t in x.meeting_times] for x in pool.mentees],
                           [[normalise(t) for t in x.meeting_times] for x in pool.mentors])
        days = _incidence([[weekday(t) for t in x.meeting_times if weekday(t)] for x in pool.mentees],
                          [[weekday(t) for t in x.meeting_times if weekday(t)] for x in pool.mentors])
        comps["times"] = np.where(exact > 0, 1.0, np.where(days > 0, 0.5, 0.0))
        mutual = np.zeros((n, m))
        cont = np.zeros((n, m))
        by_person_e = {x.person_id: i for i, x in enumerate(pool.mentees)}
        by_person_m = {x.person_id: j for j, x in enumerate(pool.mentors)}
        pairs = set()
        for mentee_p, picks in self.facts.mentee_choices.items():
            for mentor_p in picks:
                pairs.add((mentee_p, mentor_p))
        for mentor_p, picks in self.facts.mentor_choices.items():
            for mentee_p in picks:
                pairs.add((mentee_p, mentor_p))
        for mentee_p, mentor_p in pairs:
            ei, mj = by_person_e.get(mentee_p), by_person_m.get(mentor_p)
            if ei is not None and mj is not None:
                mutual[ei, mj] = self._mutual(pool.mentees[ei], pool.mentors[mj])[1]
        for mentor_p, mentee_p in self.facts.history:
            ei, mj = by_person_e.get(mentee_p), by_person_m.get(mentor_p)
            if ei is not None and mj is not None:
                cont[ei, mj] = 1.0
        comps["mutual"] = mutual
        comps["continuity"] = cont
        return comps

    def _age_matrix(self) -> NDArray[np.float64]:
        pool, today = self.pool, self.pool.today
        ages = np.array([age_on(x.birth_date, today) if x.birth_date else -1 for x in pool.mentees],
                        dtype=np.float64)[:, None]
        lo = np.array([x.age_min if x.age_min is not None else -1 for x in pool.mentors],
                      dtype=np.float64)[None, :]
        hi = np.array([x.age_max if x.age_max is not None else -1 for x in pool.mentors],
                      dtype=np.float64)[None, :]
        gap = np.where((lo >= 0) & (ages < lo), lo - ages, 0) + \
            np.where((hi >= 0) & (ages > hi), ages - hi, 0)
        value = np.maximum(0.0, 1.0 - 0.25 * gap)
        unknown = (ages < 0) | ((lo < 0) & (hi < 0))
        return np.where(unknown, 0.5, value)

    def _forbidden(self) -> NDArray[np.bool_]:
        pool = self.pool
        n, m = len(pool.mentees), len(pool.mentors)
        out = np.zeros((n, m), dtype=bool)
        # forms: by (mentee form, kind) × (mentor forms, kind) groups
        groups_e: dict[tuple[int | None, PersonKind], list[int]] = {}
        for i, x in enumerate(pool.mentees):
            groups_e.setdefault((x.form_id, x.kind), []).append(i)
        groups_m: dict[tuple[tuple[int, ...], PersonKind], list[int]] = {}
        for j, y in enumerate(pool.mentors):
            groups_m.setdefault((y.form_ids, y.kind), []).append(j)
        for rows in groups_e.values():
            probe = pool.mentees[rows[0]]
            for cols in groups_m.values():
                if form_refusal(pool, pool.mentors[cols[0]], probe) is not None:
                    out[np.ix_(rows, cols)] = True
        # age: only peers mentoring peers
        peer_m = [j for j, y in enumerate(pool.mentors) if y.kind in PEERS]
        if peer_m:
            for i, x in enumerate(pool.mentees):
                if x.kind not in PEERS:
                    continue
                role = pool.role_models.get(x.role_model_id or 0)
                if age_rule(role) == 0:
                    continue
                for j in peer_m:
                    if not out[i, j] and age_refusal(pool.mentors[j], x, role, pool.today):
                        out[i, j] = True
        for mentee_id, mentor_id in self.valid_pins.items():
            pi, pj = self.mentee_index[mentee_id], self.mentor_index[mentor_id]
            out[pi, :] = True
            out[pi, pj] = False
        for (mentee_id, mentor_id) in self.facts.forbidden:
            fi, fj = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
            if fi is not None and fj is not None:
                out[fi, fj] = True
        return out


def _incidence(left: list[Iterable[str]], right: list[Iterable[str]]) -> NDArray[np.float64]:
    """How many normalised tags each left row shares with each right row."""
    vocab: dict[str, int] = {}
    lsets = [{vocab.setdefault(normalise(t), len(vocab)) for t in row} for row in left]
    rsets = [{vocab[k] for t in row if (k := normalise(t)) in vocab} for row in right]
    if not vocab:
        return np.zeros((len(left), len(right)))
    a = np.zeros((len(left), len(vocab)), dtype=np.float32)
    b = np.zeros((len(right), len(vocab)), dtype=np.float32)
    for i, s in enumerate(lsets):
        a[i, list(s)] = 1
    for j, s in enumerate(rsets):
        if s:
            b[j, list(s)] = 1
    return (a @ b.T).astype(np.float64)

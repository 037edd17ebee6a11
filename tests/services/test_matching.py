"""The matcher: who takes part, the score and its reasons, the hard constraints, optimality
(against brute force), pins and forbids, storing the suggestion, and the CLI's JSON."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mentordesk import model as m
from mentordesk.cli import main
from mentordesk.errors import ValidationError
from mentordesk.services.consent import ensure_can_pair
from mentordesk.services.database import Database, open_database
from mentordesk.services.match_pool import match_pool
from mentordesk.services.matching import (
    DEFAULT_WEIGHTS,
    Weights,
    apply_suggestion,
    greedy_total,
    load_weights,
    save_weights,
    scorer,
    solve,
    suggest,
    suggestion_json,
)
from mentordesk.services.programme import current_programme_id

TODAY = date(2026, 11, 20)  # the day the stage-5 demo is built for (tests/conftest.py)


def _pid(db: Database) -> int:
    pid = current_programme_id(db)
    assert pid is not None
    return pid


# --- Optimality ------------------------------------------------------------------------------------


def _brute_force(values: np.ndarray, forbidden: np.ndarray, capacity: list[int]) -> float:
    n, mentors = values.shape
    best = 0.0
    for choice in itertools.product(range(-1, mentors), repeat=n):
        load = [0] * mentors
        total = 0.0
        ok = True
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if forbidden[i, j]:
                ok = False
                break
            load[j] += 1
            total += values[i, j]
        if ok and all(load[j] <= capacity[j] for j in range(mentors)):
            best = max(best, total)
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[int]]:
    n = draw(st.integers(1, 5))
    k = draw(st.integers(1, 3))
    values = np.array(draw(st.lists(st.lists(st.integers(0, 20), min_size=k, max_size=k),
                                    min_size=n, max_size=n)), dtype=float)
    forbidden = np.array(draw(st.lists(st.lists(st.booleans(), min_size=k, max_size=k),
                                       min_size=n, max_size=n)))
    capacity = draw(st.lists(st.integers(0, 3), min_size=k, max_size=k))
    return values, forbidden, capacity


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_solver_matches_brute_force(case: tuple[np.ndarray, np.ndarray, list[int]]) -> None:
    values, forbidden, capacity = case
    pairs = solve(values, forbidden, capacity)
    rows = [i for i, _ in pairs]
    assert len(rows) == len(set(rows)), "a mentee placed twice"
    for j, c in enumerate(capacity):
        assert sum(1 for _, jj in pairs if jj == j) <= c, "a capacity broken"
    assert not any(forbidden[i, j] for i, j in pairs), "a forbidden pair placed"
    total = sum(values[i, j] for i, j in pairs)
    assert total == pytest.approx(_brute_force(values, forbidden, capacity))
    assert greedy_total(values, forbidden, capacity) <= total + 1e-9


def test_the_solver_beats_greedy_where_greedy_is_short_sighted() -> None:
    # Greedy takes the 10 for mentee 0 and leaves mentee 1 with nothing; optimal is 9 + 8.
    values = np.array([[10.0, 9.0], [8.0, 0.0]])
    forbidden = np.array([[False, False], [False, True]])
    pairs = solve(values, forbidden, [1, 1])
    assert sorted(pairs) == [(0, 1), (1, 0)]
    assert greedy_total(values, forbidden, [1, 1]) == 10.0


# --- The pool --------------------------------------------------------------------------------------


def test_the_pool_lists_who_takes_part_and_who_not_with_reasons(demo5: Database) -> None:
    pool = match_pool(demo5, _pid(demo5), TODAY)
    assert pool.mentors and pool.mentees
    reasons = {e.reason for e in pool.excluded}
    assert any("согласи" in r for r in reasons), reasons
    with demo5.read() as s:
        for mentor in pool.mentors:
            status = s.get(m.MentorProfile, mentor.id).status
            assert status == m.MentorStatus.TRAINED
        for mentee in pool.mentees:
            ensure_can_pair(s, mentee.person_id, TODAY)  # raises if the consent is not valid
    excluded_ids = {(e.role, e.id) for e in pool.excluded}
    assert not excluded_ids & {("mentee", x.id) for x in pool.mentees}


# --- Scores and reasons ----------------------------------------------------------------------------


def test_the_matrix_and_the_single_pair_check_agree(demo5: Database) -> None:
    sc = scorer(demo5, _pid(demo5), TODAY)
    checked = 0
    for mentee in sc.pool.mentees:
        for mentor in sc.pool.mentors:
            verdict = sc.check(mentee.id, mentor.id)
            i, j = sc.mentee_index[mentee.id], sc.mentor_index[mentor.id]
            assert (verdict.score is None) == bool(sc.forbidden[i, j]), (mentee.name, mentor.name)
            if verdict.score is None:
                assert verdict.refusal
            else:
                assert verdict.score == pytest.approx(sc.total[i, j])
            checked += 1
    assert checked == len(sc.pool.mentees) * len(sc.pool.mentors) > 100


def test_the_suggestion_keeps_every_hard_constraint_and_explains_itself(demo5: Database) -> None:
    pid = _pid(demo5)
    suggestion = suggest(demo5, pid, TODAY)
    pool = suggestion.pool
    assert suggestion.assignment
    load: dict[int, int] = {}
    with demo5.read() as s:
        for a in suggestion.assignment:
            mentor, mentee = pool.mentor(a.mentor_id), pool.mentee(a.mentee_id)
            assert mentor is not None and mentee is not None
            load[a.mentor_id] = load.get(a.mentor_id, 0) + 1
            ensure_can_pair(s, mentor.person_id, TODAY)
            ensure_can_pair(s, mentee.person_id, TODAY)
            assert a.reasons, "every suggested pair carries its reasons"
            assert suggestion.scorer is not None
            assert suggestion.scorer.check(a.mentee_id, a.mentor_id).refusal is None
    for mentor_id, n in load.items():
        mentor = pool.mentor(mentor_id)
        assert mentor is not None and n <= mentor.free
    placed = {a.mentee_id for a in suggestion.assignment}
    assert placed.isdisjoint({u.mentee_id for u in suggestion.unassigned})
    assert placed | {u.mentee_id for u in suggestion.unassigned} == {x.id for x in pool.mentees}
    assert all(u.reason for u in suggestion.unassigned)
    every = [r for a in suggestion.assignment for r in a.reasons]
    assert any(r.startswith("взаимный выбор: ") for r in every), every[:10]
    assert any(r.startswith("запрос «") and "↔ компетенция «" in r for r in every)
    assert any(r.startswith("общие ") for r in every)


def test_the_suggestion_is_at_least_as_good_as_greedy_on_the_demo(demo5: Database) -> None:
    sc = scorer(demo5, _pid(demo5), TODAY)
    suggestion = suggest(demo5, _pid(demo5), TODAY, sc=sc)
    greedy = greedy_total(sc.total, sc.forbidden, [x.free for x in sc.pool.mentors])
    assert suggestion.total_score >= greedy - 1e-6


def _world(db: Database) -> dict[str, int]:
    """A small school: two pupil mentors (7th and 9th grade), a teacher mentor, and three
    mentees (an 8th-grader, a 9th-grader, a young teacher), all with valid consents."""
    with db.write() as s:
        forms = {f.name: f for f in s.scalars(select(m.MentoringForm))}
        programme = m.Programme(title="Программа", starts_on=date(2026, 9, 1),
                                ends_on=date(2027, 5, 31), training_required=False,
                                forms=[forms["ученик – ученик"], forms["учитель – учитель"],
                                       forms["педагог – ученик"]])
        s.add(programme)

        def person(last: str, kind: m.PersonKind, grade: int | None, born: date) -> m.Person:
            p = m.Person(last_name=last, first_name="Иван", patronymic="Иванович", kind=kind,
                         grade=grade, group_name=f"{grade}А" if grade else "", birth_date=born,
                         position="" if grade else "учитель")
            p.consents.append(m.Consent(signer=m.ConsentSigner.GUARDIAN if grade else
                                        m.ConsentSigner.SELF, guardian_name="Иванова А. А.",
                                        signed_on=date(2026, 9, 2)))
            s.add(p)
            return p

        kind_adapt = s.scalars(select(m.RequestKind).where(m.RequestKind.name == "Адаптация")).one()
        ids: dict[str, int] = {}
        for key, last, kind, grade, born, form in (
            ("young", "Младший", m.PersonKind.PUPIL, 7, date(2013, 5, 1), "ученик – ученик"),
            ("senior", "Старший", m.PersonKind.PUPIL, 9, date(2011, 5, 1), "ученик – ученик"),
            ("teacher", "Учитель", m.PersonKind.TEACHER, None, date(1980, 5, 1),
             "педагог – ученик"),
        ):
            p = person(last, kind, grade, born)
            mentor = m.MentorProfile(person=p, programme=programme, capacity=1,
                                     status=m.MentorStatus.SELECTED, entered_on=date(2026, 9, 5),
                                     competences=["адаптация в коллективе"],
                                     interests=["шахматы"])
            if key == "teacher":
                mentor.forms = [forms[form], forms["учитель – учитель"]]
            else:
                mentor.forms = [forms[form]]
            s.add(mentor)
            s.flush()
            ids[key] = mentor.id
        for key, last, kind, grade, born, form in (
            ("pupil8", "Восьмиклассник", m.PersonKind.PUPIL, 8, date(2012, 5, 1), None),
            ("pupil9", "Девятиклассник", m.PersonKind.PUPIL, 9, date(2011, 6, 1), None),
            ("newteacher", "Молодой", m.PersonKind.TEACHER, None, date(2001, 5, 1),
             "учитель – учитель"),
        ):
            p = person(last, kind, grade, born)
            mentee = m.MenteeProfile(person=p, programme=programme, entered_on=date(2026, 9, 5),
                                     request_kind=kind_adapt, interests=["шахматы"],
                                     form_id=forms[form].id if form else None)
            s.add(mentee)
            s.flush()
            ids[key] = mentee.id
        ids["programme"] = programme.id
    return ids


def test_a_pupil_mentor_must_be_older_unless_the_role_model_allows(db: Database) -> None:
    ids = _world(db)
    sc = scorer(db, ids["programme"], TODAY)
    refusal = sc.check(ids["pupil8"], ids["young"]).refusal
    assert refusal is not None and "старше" in refusal
    assert sc.check(ids["pupil8"], ids["senior"]).refusal is None
    same = sc.check(ids["pupil9"], ids["senior"]).refusal
    assert same is not None and "старше" in same  # classmates: not by default
    with db.write() as s:
        peer = s.scalars(select(m.RoleModel).where(m.RoleModel.same_age_allowed.is_(True))).first()
        assert peer is not None, "a built-in role model lets classmates pair («равный – равному»)"
        s.get(m.MenteeProfile, ids["pupil9"]).role_model_id = peer.id
    sc = scorer(db, ids["programme"], TODAY)
    assert sc.check(ids["pupil9"], ids["senior"]).refusal is None


def test_a_pupil_never_mentors_a_teacher(db: Database) -> None:
    ids = _world(db)
    sc = scorer(db, ids["programme"], TODAY)
    refusal = sc.check(ids["newteacher"], ids["senior"]).refusal
    assert refusal is not None and "форм" in refusal
    assert sc.check(ids["newteacher"], ids["teacher"]).refusal is None
    suggestion = suggest(db, ids["programme"], TODAY)
    placed = {(a.mentee_id, a.mentor_id) for a in suggestion.assignment}
    assert (ids["newteacher"], ids["senior"]) not in placed


def test_without_consent_a_mentee_is_excluded_and_never_placed(db: Database) -> None:
    ids = _world(db)
    with db.write() as s:
        mentee = s.get(m.MenteeProfile, ids["pupil8"])
        for c in mentee.person.consents:
            c.withdrawn_on = date(2026, 10, 1)
    pool = match_pool(db, ids["programme"], TODAY)
    assert ids["pupil8"] not in {x.id for x in pool.mentees}
    reason = pool.excluded_reason("mentee", ids["pupil8"])
    assert reason is not None and "отозвано" in reason
    suggestion = suggest(db, ids["programme"], TODAY)
    assert ids["pupil8"] not in {a.mentee_id for a in suggestion.assignment}
    verdict = suggestion.scorer.check(ids["pupil8"], ids["senior"]) if suggestion.scorer else None
    assert verdict is not None and verdict.refusal and "не участвует" in verdict.refusal


def test_pins_stay_and_forbids_are_never_placed(db: Database) -> None:
    ids = _world(db)
    pid = ids["programme"]
    before = suggest(db, pid, TODAY)
    first = {a.mentee_id: a.mentor_id for a in before.assignment}
    assert first.get(ids["pupil8"]) == ids["senior"]
    with db.write() as s:
        s.add(m.MatchConstraint(programme_id=pid, mentee_id=ids["pupil8"], mentor_id=ids["senior"],
                                kind=m.ConstraintKind.FORBID, reason="живут в разных корпусах"))
        s.add(m.MatchConstraint(programme_id=pid, mentee_id=ids["pupil9"],
                                mentor_id=ids["teacher"], kind=m.ConstraintKind.PIN))
    after = suggest(db, pid, TODAY)
    placed = {a.mentee_id: a for a in after.assignment}
    assert placed[ids["pupil9"]].mentor_id == ids["teacher"]
    assert placed[ids["pupil9"]].pinned and "закреплена" in placed[ids["pupil9"]].reasons[0]
    assert placed.get(ids["pupil8"]) is None or placed[ids["pupil8"]].mentor_id != ids["senior"]
    refusal = after.scorer.check(ids["pupil8"], ids["senior"]).refusal if after.scorer else ""
    assert refusal == "пара запрещена куратором: живут в разных корпусах"


# --- Weights -----------------------------------------------------------------------------------


def test_weights_are_stored_per_programme_and_change_the_score(db: Database) -> None:
    ids = _world(db)
    pid = ids["programme"]
    assert load_weights(db, pid) == DEFAULT_WEIGHTS
    base = scorer(db, pid, TODAY).check(ids["pupil8"], ids["senior"]).score
    old = save_weights(db, pid, Weights(interests=100.0))
    assert old == DEFAULT_WEIGHTS
    assert load_weights(db, pid).interests == 100.0
    changed = scorer(db, pid, TODAY).check(ids["pupil8"], ids["senior"]).score
    assert base is not None and changed is not None and changed > base
    with pytest.raises(ValidationError, match="от 0 до 100"):
        save_weights(db, pid, Weights(mutual=-1))
    assert load_weights(db, pid).interests == 100.0


# --- Storing the suggestion --------------------------------------------------------------------


def test_apply_writes_draft_pairs_and_groups_and_replaces_old_drafts(demo5: Database) -> None:
    pid = _pid(demo5)
    suggestion = suggest(demo5, pid, TODAY)
    written = apply_suggestion(demo5, suggestion, TODAY)
    mentors = {a.mentor_id for a in suggestion.assignment}
    assert written == len(mentors)
    with demo5.read() as s:
        pairs = s.scalars(select(m.Pair).where(m.Pair.programme_id == pid)).all()
        assert {p.status for p in pairs} == {m.PairStatus.DRAFT}
        assert len(pairs) == written
        members = {(p.mentor_id, x.mentee_id) for p in pairs for x in p.members}
        assert members == {(a.mentor_id, a.mentee_id) for a in suggestion.assignment}
        assert any(p.is_group for p in pairs)
        assert all(p.form_id is not None and p.history for p in pairs)
    again = apply_suggestion(demo5, suggest(demo5, pid, TODAY), TODAY)
    with demo5.read() as s:
        assert len(s.scalars(select(m.Pair).where(m.Pair.programme_id == pid)).all()) == again


def test_the_cli_prints_the_documented_json_and_applies(stage5_file: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "база.sqlite"
    shutil.copyfile(stage5_file, path)
    assert main(["match", "--db", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["mentors", "mentees", "scores", "assignment", "unassigned",
                          "total_score"]
    assert set(data["mentors"][0]) == {"id", "name", "capacity"}
    assert set(data["mentees"][0]) == {"id", "name"}
    assert len(data["scores"]) == len(data["mentees"])
    assert all(len(row) == len(data["mentors"]) for row in data["scores"])
    assert any(v is None for row in data["scores"] for v in row), "forbidden cells are null"
    col = {x["id"]: j for j, x in enumerate(data["mentors"])}
    row = {x["id"]: i for i, x in enumerate(data["mentees"])}
    for a in data["assignment"]:
        assert set(a) == {"mentee", "mentor", "score", "reasons"}
        assert data["scores"][row[a["mentee"]]][col[a["mentor"]]] == a["score"]
    assert data["total_score"] == pytest.approx(sum(a["score"] for a in data["assignment"]))
    for u in data["unassigned"]:
        assert set(u) == {"mentee", "reason"} and u["reason"]
    db = open_database(path, read_only=True)
    try:
        with db.read() as s:
            assert s.scalar(select(m.Pair.id).limit(1)) is None, "without --apply nothing is written"
    finally:
        db.close()
    assert main(["match", "--db", str(path), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "Сохранено черновиков пар и групп" in out
    db = open_database(path, read_only=True)
    try:
        with db.read() as s:
            assert s.scalar(select(m.Pair.id).limit(1)) is not None
    finally:
        db.close()


def test_suggestion_json_nulls_match_refusals(demo5: Database) -> None:
    suggestion = suggest(demo5, _pid(demo5), TODAY)
    data = suggestion_json(suggestion)
    sc = suggestion.scorer
    assert sc is not None
    for i, mentee in enumerate(suggestion.pool.mentees):
        for j, mentor in enumerate(suggestion.pool.mentors):
            assert (data["scores"][i][j] is None) == (sc.check(mentee.id, mentor.id).refusal
                                                       is not None)


def test_a_database_from_the_first_schema_gets_the_request_map(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent.parent / "fixtures" / "schema_0001.sqlite", path)
    db = open_database(path)
    try:
        with db.read() as s:
            adapt = s.scalars(select(m.RequestKind).where(m.RequestKind.name == "Адаптация")).one()
            linked = set(s.scalars(select(m.RequestCompetence.competence)
                                   .where(m.RequestCompetence.request_kind_id == adapt.id)))
        assert "адаптация в коллективе" in linked
    finally:
        db.close()


def test_matching_on_postgresql(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        ids = _world(db)
        pid = ids["programme"]
        with db.write() as s:
            s.add(m.MatchConstraint(programme_id=pid, mentee_id=ids["pupil9"],
                                    mentor_id=ids["teacher"], kind=m.ConstraintKind.PIN))
        save_weights(db, pid, Weights(interests=50.0))
        suggestion = suggest(db, pid, TODAY)
        placed = {a.mentee_id: a.mentor_id for a in suggestion.assignment}
        assert placed[ids["pupil9"]] == ids["teacher"]
        assert placed[ids["pupil8"]] == ids["senior"]
        assert apply_suggestion(db, suggestion, TODAY) == len(set(placed.values()))
        with db.read() as s:
            assert {p.status for p in s.scalars(select(m.Pair))} == {m.PairStatus.DRAFT}
    finally:
        db.close()


def test_the_age_rule_falls_back_to_birth_dates_when_only_one_has_a_class(db: Database) -> None:
    ids = _world(db)
    with db.write() as s:
        mentee = s.get(m.MenteeProfile, ids["pupil8"])
        mentee.person.grade = None  # an 18-year-old with no class recorded, and a 9th-grader
        mentee.person.group_name = ""
        mentee.person.birth_date = date(2008, 1, 10)
    sc = scorer(db, ids["programme"], TODAY)
    refusal = sc.check(ids["pupil8"], ids["senior"]).refusal
    assert refusal is not None and "старше" in refusal


def test_pins_never_break_capacity_or_a_rule_and_say_why(db: Database) -> None:
    ids = _world(db)
    pid = ids["programme"]
    with db.write() as s:
        for mentee in ("pupil8", "pupil9"):  # the teacher takes one mentee; both are pinned
            s.add(m.MatchConstraint(programme_id=pid, mentee_id=ids[mentee],
                                    mentor_id=ids["teacher"], kind=m.ConstraintKind.PIN))
        s.add(m.MatchConstraint(programme_id=pid, mentee_id=ids["newteacher"],
                                mentor_id=ids["senior"], kind=m.ConstraintKind.PIN))
    suggestion = suggest(db, pid, TODAY)
    load: dict[int, int] = {}
    for a in suggestion.assignment:
        load[a.mentor_id] = load.get(a.mentor_id, 0) + 1
    assert load.get(ids["teacher"], 0) <= 1
    notes = {a.mentee_id: a.reasons for a in suggestion.assignment} | {
        u.mentee_id: (u.reason,) for u in suggestion.unassigned}
    assert any("свободных мест" in r for r in notes[ids["pupil9"]]), notes[ids["pupil9"]]
    assert any(r.startswith("закрепление куратора не выполнено: наставник не работает в форме")
               for r in notes[ids["newteacher"]]), notes[ids["newteacher"]]
    placed = {a.mentee_id: a.mentor_id for a in suggestion.assignment}
    assert placed.get(ids["newteacher"]) != ids["senior"]
    data = suggestion_json(suggestion)
    row = [x["id"] for x in data["mentees"]].index(ids["pupil8"])
    cols = [x["id"] for x in data["mentors"]]
    assert [v is not None for v in data["scores"][row]] == [c == ids["teacher"] for c in cols], \
        "a kept pin leaves only its mentor open in the mentee's row"
    assert isinstance(data["total_score"], float)


def test_match_refuses_a_missing_or_protected_file(tmp_path: Path, stage5_file: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import stat

    missing = tmp_path / "нет" / "база.sqlite"
    assert main(["match", "--db", str(missing), "--apply"]) == 1
    assert "не найден" in capsys.readouterr().err and not missing.parent.exists()
    empty = tmp_path / "пусто.sqlite"
    empty.write_bytes(b"")
    assert main(["match", "--db", str(empty), "--json"]) == 1
    assert "пуст" in capsys.readouterr().err and empty.stat().st_size == 0
    protected = tmp_path / "защищена.sqlite"
    shutil.copyfile(stage5_file, protected)
    os.chmod(protected, 0o444)
    before = protected.read_bytes()
    assert main(["match", "--db", str(protected), "--apply"]) == 1
    assert "защищён от записи" in capsys.readouterr().err
    assert protected.read_bytes() == before
    assert stat.S_IMODE(protected.stat().st_mode) == 0o444
    assert main(["match", "--db", str(protected), "--json"]) == 0  # reading is still fine

"""Forming pairs by hand: the board, moves between mentors and the unassigned list, capacity,
hard constraints, consent, pins and forbids, and undo (restore) round trips. On a small school
built here and on a copy of the demonstration school at stage 5."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from mentordesk import model as m
from mentordesk.errors import ConsentMissing, ValidationError
from mentordesk.services.database import Database
from mentordesk.services.match_pool import match_pool
from mentordesk.services.matching import scorer
from mentordesk.services.pairing import (
    DRAFT_REASON,
    assign,
    card_members,
    pairing_board,
    restore,
    restore_constraint,
    set_constraint,
    unassign,
)
from mentordesk.services.pairing_approve import approve_drafts
from mentordesk.services.programme import current_programme_id

TODAY = date(2026, 11, 20)


# --- the worlds ------------------------------------------------------------------------------


def programme_of(db: Database) -> int:
    pid = current_programme_id(db)
    assert pid is not None
    return pid


def pairs_of(db: Database, programme_id: int) -> list[tuple[int, int, m.PairStatus, list[int]]]:
    """(pair id, mentor, status, current members) of every pair, by id."""
    with db.read() as s:
        return [(p.id, p.mentor_id, p.status,
                 sorted(x.mentee_id for x in p.members if x.left_on is None))
                for p in s.scalars(select(m.Pair).where(m.Pair.programme_id == programme_id)
                                   .order_by(m.Pair.id))]


def rows(db: Database, model: type) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- the board -------------------------------------------------------------------------------


def test_the_board_shows_cards_the_unassigned_and_the_excluded(db: Database,
                                                               school: dict[str, int]) -> None:
    board = pairing_board(db, school["programme"], TODAY)
    assert [c.id for c in board.mentors] == [school["teacher"], school["pupil"]]  # by name
    teacher = board.card(school["teacher"])
    assert teacher is not None and teacher.capacity_text == "0 / 2"
    assert teacher.form_names == "педагог – ученик" and teacher.detail == "учитель математики"
    assert [x.name.split()[0] for x in board.unassigned] == ["Белов", "Громов", "Ёлкин"]
    assert [(e.id, e.reason) for e in board.excluded] == [
        (school["noconsent"], "нет согласия на обработку персональных данных")]


def test_the_demo_board_agrees_with_the_pool(demo5: Database) -> None:
    pid = programme_of(demo5)
    pool = match_pool(demo5, pid, TODAY)
    board = pairing_board(demo5, pid, TODAY)
    assert {c.id for c in board.mentors} == {x.id for x in pool.mentors}
    assert {x.id for x in board.unassigned} == {x.id for x in pool.mentees}
    assert all(c.used == 0 and c.in_pool for c in board.mentors)
    assert board.excluded == pool.excluded and board.excluded


# --- moves -----------------------------------------------------------------------------------


def test_assign_makes_one_draft_per_mentor_and_a_group_of_several(db: Database,
                                                                  school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    move = assign(db, pid, [school["eighth"]], teacher, today=TODAY)
    assert [s.mentor_id for s in move.before] == [None]
    assert [s.mentor_id for s in move.after] == [teacher]
    assign(db, pid, [school["seventh"]], teacher, today=TODAY)
    [(pair_id, mentor, status, members)] = pairs_of(db, pid)
    assert (mentor, status, members) == (teacher, m.PairStatus.DRAFT,
                                         sorted([school["eighth"], school["seventh"]]))
    with db.read() as s:
        pair = s.get(m.Pair, pair_id)
        assert pair is not None and pair.is_group
        assert pair.form is not None and pair.form.name == "педагог – ученик"
        assert (pair.starts_on, pair.ends_on) == (TODAY, date(2027, 8, 31))
        assert [h.reason for h in pair.history] == [DRAFT_REASON]
    card = pairing_board(db, pid, TODAY).card(teacher)
    assert card is not None and card.capacity_text == "2 / 2" and card.draft_pair_id == pair_id
    assert all(not x.locked and not x.pinned for x in card.members)


def test_a_full_mentor_refuses_and_nothing_is_written(db: Database,
                                                      school: dict[str, int]) -> None:
    pid = school["programme"]
    with pytest.raises(ValidationError, match="нет столько свободных мест — занято 0 из 2"):
        assign(db, pid, [school["eighth"], school["seventh"], school["tenth"]], school["teacher"],
               today=TODAY)
    assert rows(db, m.Pair) == 0 and rows(db, m.PairMember) == 0
    assign(db, pid, [school["eighth"], school["seventh"]], school["teacher"], today=TODAY)
    with pytest.raises(ValidationError, match="занято 2 из 2"):
        assign(db, pid, [school["tenth"]], school["teacher"], today=TODAY)
    assert rows(db, m.PairMember) == 2


def test_a_hard_constraint_refuses_with_the_scorers_reason(db: Database,
                                                           school: dict[str, int]) -> None:
    pid = school["programme"]
    expected = scorer(db, pid, TODAY).check(school["tenth"], school["pupil"]).refusal
    assert expected and "старше" in expected
    with pytest.raises(ValidationError, match="составить нельзя: наставник из числа"):
        assign(db, pid, [school["tenth"]], school["pupil"], today=TODAY)
    assert rows(db, m.Pair) == 0


def test_consent_is_checked_even_with_a_stale_scorer(db: Database,
                                                     school: dict[str, int]) -> None:
    pid = school["programme"]
    with pytest.raises(ValidationError, match="не участвует в подборе пар: нет согласия"):
        assign(db, pid, [school["noconsent"]], school["teacher"], today=TODAY)
    stale = scorer(db, pid, TODAY)
    with db.write() as s:
        mentee = s.get(m.MenteeProfile, school["eighth"])
        assert mentee is not None
        for consent in mentee.person.consents:
            consent.withdrawn_on = date(2026, 11, 1)
    with pytest.raises(ConsentMissing, match="согласие"):
        assign(db, pid, [school["eighth"]], school["teacher"], today=TODAY, checker=stale)
    assert rows(db, m.Pair) == 0


def test_moving_between_mentors_and_undo_redo_reuse_the_same_pairs(
        db: Database, school: dict[str, int]) -> None:
    pid, teacher, pupil = school["programme"], school["teacher"], school["pupil"]
    assign(db, pid, [school["eighth"], school["seventh"]], teacher, today=TODAY)
    before = pairs_of(db, pid)
    move = assign(db, pid, [school["eighth"]], pupil, today=TODAY)
    assert move.mentor_ids == {teacher, pupil}
    after = pairs_of(db, pid)
    assert [(x[1], x[3]) for x in after] == [(teacher, [school["seventh"]]),
                                             (pupil, [school["eighth"]])]
    undo = restore(db, move)
    assert pairs_of(db, pid) == before  # the pupil's emptied draft is gone again
    restore(db, undo)
    assert pairs_of(db, pid) == after  # redo: the very same pair ids


def test_unassign_deletes_an_emptied_draft_and_undo_brings_it_back(
        db: Database, school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["eighth"]], school["teacher"], today=TODAY)
    drafted = pairs_of(db, pid)
    move = unassign(db, pid, [school["eighth"], school["seventh"]])  # the 7th-grader is free
    assert [s.mentee_id for s in move.after] == [school["eighth"]]
    assert pairs_of(db, pid) == []
    assert school["eighth"] in {x.id for x in pairing_board(db, pid, TODAY).unassigned}
    restore(db, move)
    assert pairs_of(db, pid) == drafted
    assert unassign(db, pid, [school["seventh"]]).empty


def test_card_members_reads_just_the_mentors_asked(db: Database,
                                                   school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["eighth"]], school["teacher"], today=TODAY)
    found = card_members(db, pid, [school["teacher"], school["pupil"]])
    members, draft = found[school["teacher"]]
    assert [x.mentee_id for x in members] == [school["eighth"]] and draft is not None
    assert found[school["pupil"]] == ((), None)


# --- pins and forbids ------------------------------------------------------------------------


def test_forbid_takes_the_mentee_out_of_the_draft_and_restore_puts_both_back(
        db: Database, school: dict[str, int]) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    assign(db, pid, [eighth], teacher, today=TODAY)
    drafted = pairs_of(db, pid)
    change = set_constraint(db, pid, eighth, teacher, m.ConstraintKind.FORBID,
                            "  конфликт   в прошлом году ")
    assert change.kind is None and change.move is not None
    assert pairs_of(db, pid) == []
    board = pairing_board(db, pid, TODAY)
    assert [(c.mentor_id, c.reason) for c in board.forbidden_for(eighth)] == [
        (teacher, "конфликт в прошлом году")]
    with pytest.raises(ValidationError, match="запрещена куратором: конфликт в прошлом году"):
        assign(db, pid, [eighth], teacher, today=TODAY)
    redo = restore_constraint(db, change)
    assert pairs_of(db, pid) == drafted and rows(db, m.MatchConstraint) == 0
    restore_constraint(db, redo)
    assert pairs_of(db, pid) == [] and rows(db, m.MatchConstraint) == 1


def test_a_pin_needs_the_pair_and_keeps_the_mentee_in_it(db: Database,
                                                         school: dict[str, int]) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    with pytest.raises(ValidationError, match="Закрепить можно только составленную пару"):
        set_constraint(db, pid, eighth, teacher, m.ConstraintKind.PIN)
    assign(db, pid, [eighth], teacher, today=TODAY)
    change = set_constraint(db, pid, eighth, teacher, m.ConstraintKind.PIN)
    card = pairing_board(db, pid, TODAY).card(teacher)
    assert card is not None and [x.pinned for x in card.members] == [True]
    with pytest.raises(ValidationError, match="закреплена куратором"):
        assign(db, pid, [eighth], school["pupil"], today=TODAY)
    with pytest.raises(ValidationError, match="закреплена куратором"):
        unassign(db, pid, [eighth])
    cleared = set_constraint(db, pid, eighth, teacher, None)
    assert cleared.kind == m.ConstraintKind.PIN
    unassign(db, pid, [eighth])
    assert change.kind is None and pairs_of(db, pid) == []


def test_an_approved_member_moves_only_through_change_of_composition(
        db: Database, school: dict[str, int]) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    assign(db, pid, [eighth], teacher, today=TODAY)
    approve_drafts(db, pid, "12-о", TODAY)
    for attempt in (lambda: assign(db, pid, [eighth], school["pupil"], today=TODAY),
                    lambda: unassign(db, pid, [eighth]),
                    lambda: set_constraint(db, pid, eighth, teacher, m.ConstraintKind.FORBID)):
        with pytest.raises(ValidationError, match="Изменить состав"):
            attempt()
    card = pairing_board(db, pid, TODAY).card(teacher)
    assert card is not None and [x.locked for x in card.members] == [True]
    assert card.fixed_pair_ids and card.draft_pair_id is None


def test_moves_on_the_demo_respect_the_matchers_refusals(demo5: Database) -> None:
    pid = programme_of(demo5)
    sc = scorer(demo5, pid, TODAY)
    board = pairing_board(demo5, pid, TODAY)
    mentee = board.unassigned[0]
    verdicts = {c.id: sc.check(mentee.id, c.id) for c in board.mentors}
    allowed = [mid for mid, v in verdicts.items() if v.refusal is None]
    refused = [mid for mid, v in verdicts.items() if v.refusal is not None]
    assert allowed and refused
    with pytest.raises(ValidationError, match="составить нельзя"):
        assign(demo5, pid, [mentee.id], refused[0], today=TODAY, checker=sc)
    move = assign(demo5, pid, [mentee.id], allowed[0], today=TODAY, checker=sc)
    after = pairing_board(demo5, pid, TODAY)
    assert mentee.id not in {x.id for x in after.unassigned}
    card = after.card(allowed[0])
    assert card is not None and card.member(mentee.id) is not None
    restore(demo5, move)
    assert pairing_board(demo5, pid, TODAY) == board

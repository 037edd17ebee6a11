"""Approving the drafts by an order (history, statuses, development plans), taking an approval
back while nothing has happened, and changing the composition of an approved pair."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from mentordesk import model as m
from mentordesk.errors import ConflictError, ConsentMissing, ValidationError
from mentordesk.services.database import Database
from mentordesk.services.matching import apply_suggestion, suggest
from mentordesk.services.pairing import assign, pairing_board
from mentordesk.services.pairing_approve import approve, approve_drafts, order_reason, unapprove
from mentordesk.services.pairing_composition import change_composition, undo_composition
from mentordesk.services.pairing_plans import draft_plan, theme_of, working_end

from .test_pairing import TODAY, pairs_of, programme_of

ORDER_DAY = TODAY + timedelta(days=3)


def snapshot(db: Database) -> dict[str, object]:
    """Everything approval and composition touch, to compare before and after."""
    with db.read() as s:
        return {
            "pairs": [(p.id, p.status, p.order_number, p.order_date, p.starts_on,
                       sorted((x.mentee_id, x.joined_on, x.left_on) for x in p.members),
                       [(h.from_status, h.to_status, h.reason) for h in p.history])
                      for p in s.scalars(select(m.Pair).order_by(m.Pair.id))],
            "statuses": sorted(s.execute(select(m.MenteeProfile.id, m.MenteeProfile.status))
                               .all()),
            "plans": s.scalar(select(func.count()).select_from(m.DevelopmentPlan)),
            "items": s.scalar(select(func.count()).select_from(m.PlanItem)),
            "rules": sorted(s.execute(select(m.MatchConstraint.mentee_id,
                                             m.MatchConstraint.kind)).all()),
        }


# --- approval --------------------------------------------------------------------------------


def test_approval_records_the_order_the_statuses_and_a_plan_per_mentee(
        demo5: Database) -> None:
    pid = programme_of(demo5)
    apply_suggestion(demo5, suggest(demo5, pid, TODAY), today=TODAY)
    drafts = pairs_of(demo5, pid)
    assert any(len(members) > 1 for *_, members in drafts)  # groups too
    approved = approve_drafts(demo5, pid, " 45-о ", ORDER_DAY)
    assert approved == [p[0] for p in drafts]
    with demo5.read() as s:
        programme = s.get(m.Programme, pid)
        assert programme is not None
        for pair in s.scalars(select(m.Pair).where(m.Pair.id.in_(approved))):
            assert (pair.status, pair.order_number, pair.order_date) == (
                m.PairStatus.APPROVED, "45-о", ORDER_DAY)
            assert pair.starts_on == ORDER_DAY and pair.ends_on == programme.ends_on
            assert pair.history[-1].reason == (
                f"Приказ № 45-о от {ORDER_DAY:%d.%m.%Y} «Об утверждении наставнических "
                "пар/групп»") == order_reason("45-о", ORDER_DAY)
            plans = s.scalars(select(m.DevelopmentPlan)
                              .where(m.DevelopmentPlan.pair_id == pair.id)).all()
            assert sorted(p.mentee_id for p in plans) == sorted(x.mentee_id for x in pair.members)
            for member in pair.members:
                assert member.joined_on == ORDER_DAY
                assert member.mentee.status == m.MenteeStatus.IN_PAIR
            for plan in plans:
                assert plan.title == programme.plan_title and plan.goal and plan.tasks
                assert 3 <= len(plan.items) <= 5
                assert plan.items[0].activity.startswith("Встреча-знакомство")
                assert plan.items[-1].activity.startswith("Итоговая встреча")
                assert all(pair.starts_on <= i.due_on <= pair.ends_on for i in plan.items)
                assert [i.due_on for i in plan.items] == sorted(i.due_on for i in plan.items)
    board = pairing_board(demo5, pid, ORDER_DAY)
    assert all(x.locked for c in board.mentors for x in c.members)
    with pytest.raises(ValidationError, match="Нет составленных пар"):
        approve_drafts(demo5, pid, "46-о", ORDER_DAY)


def test_approval_needs_a_number_and_every_consent(db: Database,
                                                  school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["eighth"], school["seventh"]], school["teacher"], today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="номер приказа") as caught:
        approve_drafts(db, pid, "   ", ORDER_DAY)
    assert caught.value.field == "number"
    with db.write() as s:
        mentee = s.get(m.MenteeProfile, school["seventh"])
        assert mentee is not None
        mentee.person.consents[0].valid_until = TODAY
    with pytest.raises((ConsentMissing, ValidationError), match="согласи"):
        approve_drafts(db, pid, "12-о", ORDER_DAY)
    assert snapshot(db) == before


def test_an_approval_is_taken_back_only_while_nothing_happened(
        db: Database, school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    assign(db, pid, [school["eighth"], school["seventh"]], teacher, today=TODAY)
    drafted = snapshot(db)
    approval = approve(db, pid, "12-о", ORDER_DAY)
    assert unapprove(db, approval) == list(approval.pair_ids)
    assert snapshot(db) == drafted
    approved = approve_drafts(db, pid, "12-о", ORDER_DAY)
    assert unapprove(db, approved) == approved  # bare ids: back to the programme's start
    with db.read() as s:
        programme = s.get(m.Programme, pid)
        pair = s.get(m.Pair, approved[0])
        assert programme is not None and pair is not None
        assert (pair.status, pair.starts_on) == (m.PairStatus.DRAFT, programme.starts_on)
    approved = approve_drafts(db, pid, "12-о", ORDER_DAY)
    with db.write() as s:
        s.add(m.Meeting(pair_id=approved[0], kind=m.MeetingKind.ACQUAINTANCE,
                        held_on=ORDER_DAY + timedelta(days=2)))
    with pytest.raises(ConflictError, match="у пары уже есть встречи"):
        unapprove(db, approved)


def test_approving_some_pairs_leaves_the_other_drafts(db: Database,
                                                     school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["seventh"]], school["teacher"], today=TODAY)
    assign(db, pid, [school["eighth"]], school["pupil"], today=TODAY)
    first, second = (p[0] for p in pairs_of(db, pid))
    assert approve_drafts(db, pid, "7", ORDER_DAY, pair_ids=[second]) == [second]
    assert [p[2] for p in pairs_of(db, pid)] == [m.PairStatus.DRAFT, m.PairStatus.APPROVED]
    with pytest.raises(ConflictError, match="уже утверждена"):
        approve_drafts(db, pid, "8", ORDER_DAY, pair_ids=[first, second])


# --- changing the composition ----------------------------------------------------------------


def test_change_of_composition_is_written_into_the_history_and_undone(
        db: Database, school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    assign(db, pid, [school["eighth"]], teacher, today=TODAY)
    [pair_id] = approve_drafts(db, pid, "12-о", ORDER_DAY)
    assign(db, pid, [school["seventh"]], school["pupil"], today=TODAY)  # a draft elsewhere
    before = snapshot(db)
    on = ORDER_DAY + timedelta(days=10)
    with pytest.raises(ValidationError, match="Укажите причину"):
        change_composition(db, pair_id, [school["seventh"]], [], "  ", on)
    with pytest.raises(ValidationError, match="не останется ни одного"):
        change_composition(db, pair_id, [], [school["eighth"]], "переезд", on)
    change = change_composition(db, pair_id, [school["seventh"]], [school["eighth"]],
                                "Семья переехала в другой район", on)
    with db.read() as s:
        pair = s.get(m.Pair, pair_id)
        assert pair is not None and pair.status == m.PairStatus.APPROVED
        now = {x.mentee_id: (x.joined_on, x.left_on) for x in pair.members}
        assert now == {school["eighth"]: (ORDER_DAY, on), school["seventh"]: (on, None)}
        last = pair.history[-1]
        assert last.from_status == last.to_status == m.PairStatus.APPROVED
        assert last.reason == (f"Изменение состава с {on:%d.%m.%Y} (включены: Белов А. А.; "
                               "исключены: Ёлкин С. А.). Причина: Семья переехала в другой район")
        assert s.get(m.MenteeProfile, school["seventh"]).status == m.MenteeStatus.IN_PAIR  # type: ignore[union-attr]
        assert s.get(m.MenteeProfile, school["eighth"]).status == m.MenteeStatus.WAITING  # type: ignore[union-attr]
        assert len(s.scalars(select(m.DevelopmentPlan)
                             .where(m.DevelopmentPlan.pair_id == pair_id)).all()) == 2
    assert pairs_of(db, pid)[-1][3] == [school["seventh"]]  # taken out of the other draft...
    assert len(pairs_of(db, pid)) == 1  # ...which, emptied, is gone
    undo_composition(db, change)
    assert snapshot(db) == before


def test_composition_changes_only_approved_pairs_within_the_hard_constraints(
        db: Database, school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["eighth"]], school["pupil"], today=TODAY)
    [draft] = [p[0] for p in pairs_of(db, pid)]
    with pytest.raises(ValidationError, match="перетаскиванием"):
        change_composition(db, draft, [school["seventh"]], [], "причина", ORDER_DAY)
    [pair_id] = approve_drafts(db, pid, "3", ORDER_DAY)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="утвердить нельзя: наставник из числа"):
        change_composition(db, pair_id, [school["tenth"]], [school["eighth"]], "замена",
                           ORDER_DAY)
    with pytest.raises(ValidationError, match="мест меньше"):
        change_composition(db, pair_id, [school["seventh"]], [], "второй", ORDER_DAY)
    assert snapshot(db) == before


def test_undo_of_a_composition_change_refuses_when_it_is_no_longer_the_latest(
        db: Database, school: dict[str, int]) -> None:
    pid = school["programme"]
    assign(db, pid, [school["eighth"]], school["teacher"], today=TODAY)
    [pair_id] = approve_drafts(db, pid, "12-о", ORDER_DAY)
    first = change_composition(db, pair_id, [school["seventh"]], [], "вторая ученица", ORDER_DAY)
    change_composition(db, pair_id, [], [school["seventh"]], "ошибка", ORDER_DAY)
    with pytest.raises(ConflictError, match="другие записи"):
        undo_composition(db, first)


# --- the plan's texts ------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "theme", "words"), [
    ("Неуспеваемость", "academic", "по математике"),
    ("Подготовка к олимпиаде", "gifted", "олимпиадам по математике"),
    ("Профориентация", "career", "профессией"),
    ("Молодой специалист", "teacher", "педагога"),
    ("Трудности чтения", "general", "ключевого запроса"),
])
def test_the_plan_follows_the_request(kind: str, theme: str, words: str) -> None:
    start, end = date(2026, 11, 23), date(2027, 8, 31)
    plan = draft_plan(kind, ["Математика"], start, end, m.PlanTitle.IOM)
    assert theme_of(kind) == theme and words in plan.goal
    assert plan.tasks.startswith("1. ") and plan.tasks.count("\n") == 2
    assert len(plan.items) == 5
    assert plan.items[1].expected_result == "Утверждённый индивидуальный образовательный маршрут"
    assert plan.items[-1].due_on == working_end(start, end) == date(2027, 5, 31)
    assert plan.items[3].due_text == "Декабрь 2026 – май 2027"


def test_a_short_period_gets_the_three_meetings() -> None:
    plan = draft_plan("Адаптация", [], date(2027, 3, 1), date(2027, 3, 31))
    assert len(plan.items) == 3
    assert all(date(2027, 3, 1) <= i.due_on <= date(2027, 3, 31) for i in plan.items)


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_moves_approval_and_composition_on_postgresql(pg_url: str, build_school: Any) -> None:
    from mentordesk.services.database import open_database
    from mentordesk.services.pairing import restore, unassign

    db = open_database(pg_url)
    try:
        ids = build_school(db)
        pid, teacher = ids["programme"], ids["teacher"]
        move = assign(db, pid, [ids["eighth"]], teacher, today=TODAY)
        drafted = pairs_of(db, pid)
        back = unassign(db, pid, [ids["eighth"]])
        assert pairs_of(db, pid) == []
        restore(db, back)  # the draft comes back with its old id, as on SQLite
        assert pairs_of(db, pid) == drafted
        restore(db, move)
        restore(db, move.reversed())
        approval = approve(db, pid, "12-о", ORDER_DAY)
        change = change_composition(db, approval.pair_ids[0], [ids["seventh"]], [],
                                    "вторая наставляемая", ORDER_DAY)
        undo_composition(db, change)
        assert unapprove(db, approval) == list(approval.pair_ids)
        assert pairs_of(db, pid) == drafted
        assign(db, pid, [ids["seventh"]], teacher, today=TODAY)  # the sequence is not confused
        assert [p[3] for p in pairs_of(db, pid)] == [sorted([ids["eighth"], ids["seventh"]])]
    finally:
        db.close()

"""The pairing view: real drag-enter, drag-move and drop events sent to the widgets, with the
database and the undo stack checked after each; the keyboard way; the context menus; the models
under qtmodeltester."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QListView, QMenu
from sqlalchemy import select

from mentordesk import model as m
from mentordesk.services.database import Database
from mentordesk.services.pairing import assign, pairing_board
from mentordesk.services.pairing_approve import approve_drafts
from mentordesk.ui.pairing import PairingView
from mentordesk.ui.pairing.mime import encode

from .conftest import FakeMessenger

TODAY = date(2026, 11, 20)


@pytest.fixture
def view(qtbot, db: Database, school: dict[str, int],  # type: ignore[no-untyped-def]
         messenger: FakeMessenger) -> Iterator[PairingView]:
    widget = PairingView()
    qtbot.addWidget(widget)
    widget.today = TODAY
    widget.resize(1200, 750)
    widget.set_context(db, school["programme"], QUndoStack(widget), messenger)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: all(not widget.cards.visualRect(widget.card_model.index(r)).isEmpty()
                                for r in range(widget.card_model.rowCount())))
    yield widget


# --- helpers ---------------------------------------------------------------------------------


def card_point(view: PairingView, mentor_id: int) -> QPoint:
    return view.cards.visualRect(view.card_model.index(view.card_model.row_of(mentor_id))).center()


def drag_over(target: QListView, pos: QPoint, programme_id: int, ids: list[int],
              source: int | None = None) -> tuple[bool, bool]:
    """A drag entering the target and moving to `pos`: (enter accepted, move accepted)."""
    data = encode(programme_id, ids, source)
    enter = QDragEnterEvent(pos, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target.viewport(), enter)
    move = QDragMoveEvent(pos, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target.viewport(), move)
    return enter.isAccepted(), move.isAccepted()


def drop_at(target: QListView, pos: QPoint, programme_id: int, ids: list[int],
            source: int | None = None) -> bool:
    drag_over(target, pos, programme_id, ids, source)
    data = encode(programme_id, ids, source)  # the event does not own it: keep it alive
    event = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target.viewport(), event)
    return event.isAccepted()


def members(db: Database, programme_id: int) -> dict[int, list[int]]:
    board = pairing_board(db, programme_id, TODAY)
    return {c.id: sorted(x.mentee_id for x in c.members) for c in board.mentors if c.members}


def action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    found = [a for a in menu.actions() if a.text() == text]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


# --- the board -------------------------------------------------------------------------------


def test_the_view_shows_cards_the_list_and_who_is_left_out(view: PairingView,
                                                           school: dict[str, int],
                                                           qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert [c.name for c in view.card_model.cards()] == ["Орлова Анна Андреевич",
                                                         "Соколов Пётр Андреевич"]
    assert view.mentee_model.rowCount() == 3 and view.excluded.count() == 1
    assert "нет согласия" in view.excluded.item(0).text()
    assert view.unassigned_title.text() == "Нераспределённые наставляемые: 3"
    qtmodeltester.check(view.card_model)
    qtmodeltester.check(view.mentee_model)
    qtmodeltester.check(view.mentee_filter)


def test_the_filter_ignores_case_and_yo(view: PairingView) -> None:
    view.mentee_search.setText("ЕЛКИН")
    assert view.mentee_filter.rowCount() == 1
    assert view.mentee_filter.index(0, 0).data() == "Ёлкин Семён Андреевич"
    view.mentee_search.setText("8б математ")
    assert view.mentee_filter.rowCount() == 1
    view.mentee_search.setText("")
    assert view.mentee_filter.rowCount() == 3


# --- drag and drop ---------------------------------------------------------------------------


def test_a_drop_on_a_card_assigns_and_the_undo_stack_takes_it_back(
        view: PairingView, db: Database, school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    ids = [school["eighth"], school["seventh"]]
    entered, moved = drag_over(view.cards, card_point(view, teacher), pid, ids)
    assert entered and moved
    preview = view.card_model.preview(teacher)
    assert preview is not None and preview.allowed and preview.share is not None
    assert view.card_model.preview(school["pupil"]) is not None  # every card shows its verdict
    assert drop_at(view.cards, card_point(view, teacher), pid, ids)
    assert members(db, pid) == {teacher: sorted(ids)}
    assert not view.card_model.previewing
    assert view.mentee_model.ids() == {school["tenth"]}
    card = view.card_model.card(teacher)
    assert card is not None and card.capacity_text == "2 / 2"
    stack = view.undo_stack
    assert stack is not None and stack.count() == 1
    stack.undo()
    assert members(db, pid) == {}
    assert view.mentee_model.ids() == {school["eighth"], school["seventh"], school["tenth"]}
    stack.redo()
    assert members(db, pid) == {teacher: sorted(ids)}


def test_a_forbidden_target_refuses_the_drop_and_says_why(
        view: PairingView, db: Database, school: dict[str, int]) -> None:
    pid, pupil = school["programme"], school["pupil"]
    entered, moved = drag_over(view.cards, card_point(view, pupil), pid, [school["tenth"]])
    assert entered and not moved
    preview = view.card_model.preview(pupil)
    assert preview is not None and preview.refusal is not None and "старше" in preview.refusal
    assert "старше" in view.status.text()
    assert not drop_at(view.cards, card_point(view, pupil), pid, [school["tenth"]])
    assert members(db, pid) == {}
    assert view.undo_stack is not None and view.undo_stack.count() == 0


def test_a_full_card_refuses(view: PairingView, db: Database, school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    assert drop_at(view.cards, card_point(view, teacher), pid,
                   [school["eighth"], school["seventh"]])
    _, moved = drag_over(view.cards, card_point(view, teacher), pid, [school["tenth"]])
    assert not moved
    assert "нет свободных мест (занято 2 из 2)" in view.status.text()
    assert not drop_at(view.cards, card_point(view, teacher), pid, [school["tenth"]])
    assert members(db, pid) == {teacher: sorted([school["eighth"], school["seventh"]])}


def test_between_cards_and_back_to_the_list(view: PairingView, db: Database,
                                            school: dict[str, int]) -> None:
    pid, teacher, pupil = school["programme"], school["teacher"], school["pupil"]
    eighth = school["eighth"]
    assert drop_at(view.cards, card_point(view, teacher), pid, [eighth])
    assert drop_at(view.cards, card_point(view, pupil), pid, [eighth], source=teacher)
    assert members(db, pid) == {pupil: [eighth]}
    list_point = view.mentees.viewport().rect().center()
    _, moved = drag_over(view.mentees, list_point, pid, [eighth], source=pupil)
    assert moved
    assert drop_at(view.mentees, list_point, pid, [eighth], source=pupil)
    assert members(db, pid) == {}
    assert eighth in view.mentee_model.ids()
    assert view.undo_stack is not None and view.undo_stack.count() == 3
    view.undo_stack.undo()
    view.undo_stack.undo()
    assert members(db, pid) == {teacher: [eighth]}


def test_an_approved_member_cannot_be_dragged_anywhere(view: PairingView, db: Database,
                                                       school: dict[str, int]) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    assign(db, pid, [eighth], teacher, today=TODAY)
    approve_drafts(db, pid, "12-о", TODAY)
    view.reload()
    _, moved = drag_over(view.cards, card_point(view, school["pupil"]), pid, [eighth],
                         source=teacher)
    assert not moved and "Изменить состав" in view.status.text()
    _, moved = drag_over(view.mentees, view.mentees.viewport().rect().center(), pid, [eighth],
                         source=teacher)
    assert not moved
    assert members(db, pid) == {teacher: [eighth]}


def test_a_payload_of_another_programme_is_refused(view: PairingView,
                                                   school: dict[str, int]) -> None:
    entered, moved = drag_over(view.cards, card_point(view, school["teacher"]),
                               school["programme"] + 1, [school["eighth"]])
    assert not entered and not moved


# --- the keyboard ----------------------------------------------------------------------------


def test_select_then_enter_on_a_card_then_space_and_delete(qtbot, view: PairingView,  # type: ignore[no-untyped-def]
                                                           db: Database,
                                                           school: dict[str, int]) -> None:
    pid, teacher = school["programme"], school["teacher"]
    view.select_mentees([school["eighth"], school["seventh"]])
    view.cards.setFocus()
    view.cards.setCurrentIndex(view.card_model.index(view.card_model.row_of(teacher)))
    qtbot.keyClick(view.cards, Qt.Key.Key_Return)
    assert members(db, pid) == {teacher: sorted([school["eighth"], school["seventh"]])}
    qtbot.keyClick(view.cards, Qt.Key.Key_Space)  # the first chip of the card
    assert len(view.chip_selection) == 1
    qtbot.keyClick(view.cards, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert len(view.chip_selection) == 2
    qtbot.keyClick(view.cards, Qt.Key.Key_Delete)
    assert members(db, pid) == {}
    assert view.undo_stack is not None and view.undo_stack.count() == 2


def test_assign_to_a_mentor_chosen_from_the_list(qtbot, view: PairingView, db: Database,  # type: ignore[no-untyped-def]
                                                 school: dict[str, int]) -> None:
    asked: list[list[int]] = []

    def choose(ids: list[int], forbid: bool = False) -> int:
        asked.append(ids)
        return school["pupil"]

    view.ask_mentor = choose  # type: ignore[method-assign]
    view.select_mentees([school["eighth"]])
    view.mentees.setFocus()
    qtbot.keyClick(view.mentees, Qt.Key.Key_Return)
    assert asked == [[school["eighth"]]]
    assert members(db, school["programme"]) == {school["pupil"]: [school["eighth"]]}


# --- context menus ---------------------------------------------------------------------------


def test_pin_forbid_and_clear_from_the_menus(view: PairingView, db: Database,
                                             school: dict[str, int],
                                             messenger: FakeMessenger) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    assert drop_at(view.cards, card_point(view, teacher), pid, [eighth])
    action(view.chip_menu(teacher, eighth), "Закрепить пару").trigger()
    card = view.card_model.card(teacher)
    assert card is not None and card.members[0].pinned
    menu = view.chip_menu(teacher, eighth)
    assert not action(menu, "Вернуть в нераспределённые").isEnabled()
    _, moved = drag_over(view.cards, card_point(view, school["pupil"]), pid, [eighth],
                         source=teacher)
    assert not moved and "закреплена" in view.status.text()
    action(view.chip_menu(teacher, eighth), "Снять закрепление").trigger()
    view.ask_reason = lambda title, prompt: "не сошлись характерами"  # type: ignore[method-assign]
    action(view.chip_menu(teacher, eighth), "Запретить пару…").trigger()
    assert members(db, pid) == {}
    assert eighth in view.mentee_model.ids()
    with db.read() as s:
        rule = s.scalars(select(m.MatchConstraint)).one()
        assert (rule.kind, rule.reason) == (m.ConstraintKind.FORBID, "не сошлись характерами")
    _, moved = drag_over(view.cards, card_point(view, teacher), pid, [eighth])
    assert not moved and "запрещена куратором: не сошлись характерами" in view.status.text()
    view.select_mentees([eighth])
    action(view.mentee_menu(), "Снять запрет (наставник Орлова А. А.)").trigger()
    _, moved = drag_over(view.cards, card_point(view, teacher), pid, [eighth])
    assert moved
    assert view.undo_stack is not None and view.undo_stack.count() == 5
    view.undo_stack.undo()  # the forbid is back
    with db.read() as s:
        assert s.scalars(select(m.MatchConstraint.kind)).all() == [m.ConstraintKind.FORBID]
    assert not messenger.errors


def test_change_of_composition_from_a_locked_chip(view: PairingView, db: Database,
                                                  school: dict[str, int]) -> None:
    pid, teacher, eighth = school["programme"], school["teacher"], school["eighth"]
    assign(db, pid, [eighth], teacher, today=TODAY)
    [pair_id] = approve_drafts(db, pid, "12-о", TODAY)
    view.reload()
    menu = view.chip_menu(teacher, eighth)
    assert [a.text() for a in menu.actions()] == ["Изменить состав…"]
    view.ask_composition = lambda card, pair: ([school["seventh"]], [eighth],  # type: ignore[method-assign]
                                               "перевод в другой класс", TODAY)
    menu.actions()[0].trigger()
    with db.read() as s:
        pair = s.get(m.Pair, pair_id)
        assert pair is not None
        assert pair.history[-1].reason.endswith("Причина: перевод в другой класс")
    card = view.card_model.card(teacher)
    assert card is not None and [x.mentee_id for x in card.members] == [school["seventh"]]
    assert view.undo_stack is not None
    view.undo_stack.undo()
    card = view.card_model.card(teacher)
    assert card is not None and [x.mentee_id for x in card.members] == [eighth]


# --- the screenshots -------------------------------------------------------------------------


def test_the_screenshots_draw_the_board_and_a_drag(tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    from mentordesk.services.database import open_database
    from mentordesk.services.demo import build_demo
    from mentordesk.ui import shots_pairing
    from mentordesk.ui.shots import ShotContext

    target = tmp_path / "школа.sqlite"
    demo = open_database(target)
    build_demo(demo, "school", 5)
    demo.close()
    ctx = ShotContext(str(target), tmp_path)
    try:
        board = shots_pairing.pairing_view(ctx)
        assert isinstance(board, PairingView)
        cards = board.card_model.cards()
        assert any(c.members for c in cards) and board.mentee_model.rowCount() > 0
        assert any(c.free for c in cards if c.in_pool)
        board.close()
        drag = shots_pairing.pairing_drag(ctx)
        assert isinstance(drag, PairingView)
        levels = {p.level for c in drag.card_model.cards()
                  if (p := drag.card_model.preview(c.id)) is not None}
        assert "refused" in levels and levels & {"good", "fair", "poor"}
        assert drag.status.text().startswith("Наставник ") and " — нельзя: " in drag.status.text()
        drag.close()
    finally:
        ctx.close()

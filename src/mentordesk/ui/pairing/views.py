"""The two item views of the pairing view. They only translate mouse, keyboard and drag events
into calls on their owner (`PairingView`), which decides and calls the services."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QWidget

from ...services.pairing import Member, MentorCard
from .delegates import CardDelegate, MenteeDelegate
from .models import CardModel

if TYPE_CHECKING:
    from .view import PairingView

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
Handler = TypeVar("Handler", bound=Callable[..., None])


def guarded(handler: Handler) -> Handler:
    """An event handler whose every failure goes to the one error dialog: an exception that
    escapes a Qt virtual takes the whole app down (PySide6 aborts printing it)."""

    @functools.wraps(handler)
    def run(self: Any, *args: Any) -> None:
        try:
            handler(self, *args)
        except Exception as exc:  # noqa: BLE001 - shown, never lost
            self.owner.messenger.error(self.owner, exc)

    return cast(Handler, run)


class CardView(QListView):
    """The mentor cards in a wrapping flow. Member chips are dragged, selected (Ctrl adds) and
    have their own context menu; a card takes drops. Keys: arrows move between cards, Enter
    puts the selected mentees on the current card, Space selects the next chip of the card
    (Shift+Space adds it), Delete returns the selected chips to the unassigned list."""

    def __init__(self, owner: PairingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setObjectName("mentorCards")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(100)
        self.setSpacing(5)
        self.setUniformItemSizes(False)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragEnabled(False)  # drags start from the chips, by hand
        self.setMouseTracking(True)
        self.setIconSize(QSize(0, 0))
        self.setStyleSheet("QListView#mentorCards { background: #f3f6f9; }")
        self.delegate = CardDelegate(lambda: owner.chip_selection, self)
        self.setItemDelegate(self.delegate)
        self._press: tuple[QPoint, int, Member] | None = None

    def card_model(self) -> CardModel:
        model = self.model()
        assert isinstance(model, CardModel)
        return model

    def card_at(self, pos: QPoint) -> MentorCard | None:
        index = self.indexAt(pos)
        return self.card_model().card_at(index.row()) if index.isValid() else None

    def chip_at(self, pos: QPoint) -> tuple[MentorCard, Member] | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        card = self.card_model().card_at(index.row())
        member = self.delegate.chip_at(card, self.visualRect(index).adjusted(1, 1, -1, -1),
                                       self.font(), pos)
        return (card, member) if member is not None else None

    # --- the mouse ----------------------------------------------------------------------------

    @guarded
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        hit = self.chip_at(pos)
        self._press = None
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            card, member = hit
            extend = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.owner.click_chip(card.id, member.mentee_id, extend)
            self._press = (pos, card.id, member)
        super().mousePressEvent(event)

    @guarded
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, mentor_id, member = self._press
            if (event.position().toPoint() - start).manhattanLength() >= \
                    QApplication.startDragDistance():
                self._press = None
                self.owner.drag_chips(mentor_id, member.mentee_id, self)
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = None
        super().mouseReleaseEvent(event)

    @guarded
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        hit = self.chip_at(event.pos())
        if hit is not None:
            menu = self.owner.chip_menu(hit[0].id, hit[1].mentee_id)
        else:
            card = self.card_at(event.pos())
            if card is None:
                return
            menu = self.owner.card_menu(card.id)
        menu.exec(event.globalPos())

    # --- the keyboard -------------------------------------------------------------------------

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        current = self.currentIndex()
        card = self.card_model().card_at(current.row()) if current.isValid() else None
        key = event.key()
        if card is not None and key in ENTER_KEYS:
            self.owner.assign_selected_to(card.id)
            return
        if card is not None and key == Qt.Key.Key_Space:
            extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.owner.next_chip(card.id, extend)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.owner.unassign_selected()
            return
        if card is not None and key == Qt.Key.Key_Menu:
            self.owner.card_menu(card.id).exec(self.viewport().mapToGlobal(
                self.visualRect(current).center()))
            return
        super().keyPressEvent(event)

    # --- drops --------------------------------------------------------------------------------

    @guarded
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.owner.cards_drag_enter(event)

    @guarded
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self.owner.cards_drag_move(event)

    @guarded
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self.owner.cards_drag_leave()
        event.accept()

    @guarded
    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.owner.cards_drop(event)


class MenteeList(QListView):
    """The unassigned mentees; several can be selected and dragged at once. Enter opens
    «Назначить наставнику…»; a drop here returns mentees from the cards."""

    def __init__(self, owner: PairingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setObjectName("unassignedMentees")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setItemDelegate(MenteeDelegate(self))

    @guarded
    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        ids = self.owner.selected_mentees()
        if ids:
            self.owner.drag_mentees(ids, self)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in ENTER_KEYS and self.owner.selected_mentees():
            self.owner.choose_mentor()
            return
        super().keyPressEvent(event)

    @guarded
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        if not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.owner.mentee_menu().exec(event.globalPos())

    @guarded
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.owner.list_drag_move(event)

    @guarded
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self.owner.list_drag_move(event)

    @guarded
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        event.accept()

    @guarded
    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.owner.list_drop(event)

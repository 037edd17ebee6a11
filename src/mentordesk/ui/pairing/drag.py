"""Drag and drop of the pairing view. While mentees are dragged every card shows what it would
get (`preview`); a card that refuses them refuses the drop (the move event is ignored) and the
status line and a tooltip say why. The drop itself is an ordinary move through the service."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QPainter, QPixmap
from PySide6.QtWidgets import QToolTip, QWidget

from .actions import PairingActions
from .mime import Payload, decode, encode
from .models import Preview, tr
from .previews import locked_reason, previews


class PairingDrag(PairingActions):
    """The drag and drop of the pairing view."""

    # --- the preview (also drawn by the screenshots) ------------------------------------------

    def preview(self, mentee_ids: Sequence[int],
                hover: int | None = None) -> dict[int, Preview]:
        """Show on every card what dropping `mentee_ids` there would give; `hover` marks the
        card under the cursor and puts its verdict on the status line."""
        ids = tuple(mentee_ids)
        found = previews(self.card_model.cards(), ids, self.scorer(), self.rules,
                         self.mentee_names(), self.read_only)
        self._dragging = ids
        self.card_model.set_previews(found)
        self.hover(hover)
        return found

    def hover(self, mentor_id: int | None) -> Preview | None:
        self.card_model.set_hover(mentor_id)
        card = self.card_model.card(mentor_id) if mentor_id is not None else None
        verdict = self.card_model.preview(mentor_id) if mentor_id is not None else None
        if card is not None and verdict is not None:
            if verdict.refusal is not None:
                self.say(tr("Наставник {name} — нельзя: {why}.").format(name=card.name,
                                                                       why=verdict.refusal))
            else:
                self.say(f"{card.name}: {verdict.text}" + (
                    f" ({'; '.join(verdict.reasons[:3])})" if verdict.reasons else ""))
        return verdict

    def clear_preview(self) -> None:
        self._dragging = None
        self.card_model.clear_previews()

    # --- starting a drag ----------------------------------------------------------------------

    def drag_mentees(self, mentee_ids: list[int], source: QWidget) -> None:
        self._exec_drag(mentee_ids, None, source)

    def drag_chips(self, mentor_id: int, mentee_id: int, source: QWidget) -> None:
        ids = sorted(self.chip_selection) if mentee_id in self.chip_selection else [mentee_id]
        self._exec_drag(ids, mentor_id, source)

    def _exec_drag(self, ids: list[int], source_card: int | None,
                   widget: QWidget) -> None:
        if self.programme_id is None:
            return
        drag = QDrag(widget)
        drag.setMimeData(encode(self.programme_id, ids, source_card))
        drag.setPixmap(self._drag_pixmap(ids))
        drag.setHotSpot(QPoint(12, 12))
        self.preview(ids)
        try:
            drag.exec(Qt.DropAction.MoveAction)
        finally:
            self.clear_preview()

    def _drag_pixmap(self, ids: list[int]) -> QPixmap:
        names = self.mentee_names()
        text = names.get(ids[0], "") if len(ids) == 1 else \
            tr("Наставляемых: {n}").format(n=len(ids))
        fm = self.fontMetrics()
        pixmap = QPixmap(fm.horizontalAdvance(text) + 24, fm.height() + 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor("#1f5f9e"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(pixmap.rect(), 10, 10)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRect(0, 0, pixmap.width(), pixmap.height()),
                         Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return pixmap

    # --- the cards ----------------------------------------------------------------------------

    def payload(self, event: QDragMoveEvent | QDropEvent) -> Payload | None:
        found = decode(event.mimeData())
        if found is None or found.programme_id != self.programme_id or not found.mentee_ids:
            return None
        return found

    def cards_drag_enter(self, event: QDragEnterEvent) -> None:
        found = self.payload(event)
        if found is None:
            event.ignore()
            return
        if self._dragging != found.mentee_ids or not self.card_model.previewing:
            self.preview(found.mentee_ids)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def cards_drag_move(self, event: QDragMoveEvent) -> None:
        found = self.payload(event)
        if found is None:
            event.ignore()
            return
        if self._dragging != found.mentee_ids or not self.card_model.previewing:
            self.preview(found.mentee_ids)
        pos = event.position().toPoint()
        card = self.cards.card_at(pos)
        if card is None:
            self.hover(None)
            self.say(tr("Отпустите наставляемых над карточкой наставника."))
            event.ignore()
            return
        verdict = self.hover(card.id)
        if verdict is not None and verdict.allowed:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept(self.cards.visualRect(self.cards.indexAt(pos)))
            return
        if verdict is not None and verdict.refusal is not None:
            QToolTip.showText(self.cards.viewport().mapToGlobal(pos), verdict.text,
                              self.cards.viewport())
        event.ignore(self.cards.visualRect(self.cards.indexAt(pos)))

    def cards_drag_leave(self) -> None:
        self.card_model.set_hover(None)
        QToolTip.hideText()

    def cards_drop(self, event: QDropEvent) -> None:
        found = self.payload(event)
        card = self.cards.card_at(event.position().toPoint()) if found is not None else None
        if found is None or card is None:
            event.ignore()
            self.clear_preview()
            return
        if self._dragging != found.mentee_ids or not self.card_model.previewing:
            self.preview(found.mentee_ids)
        verdict = self.card_model.preview(card.id)
        self.clear_preview()
        QToolTip.hideText()
        if verdict is None or not verdict.allowed or not self.assign_to(card.id,
                                                                         list(found.mentee_ids)):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    # --- the unassigned list ------------------------------------------------------------------

    def unassign_refusal(self, mentee_ids: Sequence[int]) -> str | None:
        """Why these mentees cannot go back to the list, or None («» when none is on a card)."""
        if self.read_only:
            return tr("база открыта только для чтения")
        placed = False
        for mentee_id in mentee_ids:
            card = self.card_model.card_of_mentee(mentee_id)
            member = card.member(mentee_id) if card is not None else None
            if card is None or member is None:
                continue
            placed = True
            if member.locked:
                return locked_reason(member.name)
            if member.pinned:
                return tr("пара «{mentor} – {mentee}» закреплена куратором: сначала снимите "
                          "закрепление").format(mentor=card.name, mentee=member.name)
        return None if placed else ""

    def list_drag_move(self, event: QDragMoveEvent) -> None:
        found = self.payload(event)
        why = self.unassign_refusal(found.mentee_ids) if found is not None else ""
        if found is None or why == "":
            event.ignore()
            return
        if why is not None:
            self.say(tr("Нельзя вернуть в список: {why}.").format(why=why))
            event.ignore()
            return
        self.card_model.set_hover(None)
        self.say(tr("Отпустите, чтобы вернуть в нераспределённые."))
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def list_drop(self, event: QDropEvent) -> None:
        found = self.payload(event)
        why = self.unassign_refusal(found.mentee_ids) if found is not None else ""
        self.clear_preview()
        if found is None or why is not None or not self.unassign(list(found.mentee_ids)):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

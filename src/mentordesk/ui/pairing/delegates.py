"""Drawing the mentor cards and the unassigned mentees.

A card is painted, not built from widgets, so the district's 300 cards cost nothing until they
scroll into view. `CardDelegate.layout` is the one place that knows where things are: painting,
the size hint and the hit test of a member chip (for drag, selection and its context menu)
all read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...services.pairing import Member, MentorCard
from .models import CARD_ROLE, HOVER_ROLE, MENTEE_ROLE, PREVIEW_ROLE, Preview, tr

Index = QModelIndex | QPersistentModelIndex
CARD_WIDTH = 256
PAD = 10
CHIP_PAD = 7
CHIP_GAP = 5
ICON = 11

LEVELS: dict[str, tuple[str, str, str]] = {  # text, background, border
    "good": ("#1b5e20", "#e3f2e5", "#5aa55e"),
    "fair": ("#6d4300", "#fff1d0", "#e0a526"),
    "poor": ("#8e1b1b", "#fde4e4", "#e06666"),
    "refused": ("#8e1b1b", "#f7e1e1", "#c9302c"),
    "same": ("#555555", "#eeeeee", "#b0b0b0"),
}
CARD_BG = QColor("#ffffff")
CARD_BORDER = QColor("#c9d5df")
CURRENT_BORDER = QColor("#1f5f9e")
MUTED = QColor("#5f6b76")
FULL = QColor("#9b1c1c")
CHIP_BG, CHIP_BORDER = QColor("#e8eef5"), QColor("#aebfd2")
LOCKED_BG, LOCKED_BORDER = QColor("#efefef"), QColor("#c8c8c8")
PIN_COLOUR = QColor("#1f5f9e")


@dataclass(frozen=True)
class CardLayout:
    title: QRect
    capacity: QRect
    detail: QRect
    forms: QRect
    chips: tuple[tuple[Member, QRect], ...]
    empty: QRect | None
    footer: QRect
    height: int


def _fonts(base: QFont) -> tuple[QFont, QFont]:
    bold = QFont(base)
    bold.setBold(True)
    small = QFont(base)
    small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
    return bold, small


def chip_text(member: Member) -> str:
    """«Волкова А., 6Г»: short, so two chips share a line; the tooltip has the full name."""
    parts = member.name.split()
    name = f"{parts[0]} {parts[1][0]}." if len(parts) > 1 else member.name
    return f"{name}, {member.detail}" if member.detail else name


class CardDelegate(QStyledItemDelegate):
    """`selected` answers which member chips are selected (mentee ids)."""

    def __init__(self, selected: Callable[[], set[int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected = selected
        # mentor id → (the card measured, the font's key, its height): a list view in icon mode
        # asks every item's size on any dataChanged, and a card changes only when re-read.
        self._heights: dict[int, tuple[MentorCard, str, int]] = {}

    # --- geometry -----------------------------------------------------------------------------

    def layout(self, card: MentorCard, rect: QRect, font: QFont) -> CardLayout:
        bold, small = _fonts(font)
        fm, fb, fs = QFontMetrics(font), QFontMetrics(bold), QFontMetrics(small)
        left, right = rect.left() + PAD, rect.left() + rect.width() - PAD
        inner = right - left
        y = rect.top() + PAD
        cap_w = fb.horizontalAdvance(card.capacity_text) + 4
        title = QRect(left, y, inner - cap_w - 6, fb.height())
        capacity = QRect(right - cap_w, y, cap_w, fb.height())
        y += fb.height() + 2
        detail = QRect(left, y, inner, fm.height())
        y += fm.height()
        forms = QRect(left, y, inner, fs.height())
        y += fs.height() + 8
        chip_h = fm.height() + 8
        chips: list[tuple[Member, QRect]] = []
        x = left
        row_top = y
        for member in card.members:
            icon = ICON + 4 if member.pinned or member.locked else 0
            width = min(inner, fm.horizontalAdvance(chip_text(member)) + 2 * CHIP_PAD + icon + 4)
            if x > left and x + width > right:
                x, row_top = left, row_top + chip_h + CHIP_GAP
            chips.append((member, QRect(x, row_top, width, chip_h)))
            x += width + CHIP_GAP
        empty = None
        if chips:
            y = row_top + chip_h + 8
        else:
            empty = QRect(left, y, inner, chip_h)
            y += chip_h + 8
        footer = QRect(left, y, inner, fm.height() + 8)
        y += footer.height() + PAD
        return CardLayout(title, capacity, detail, forms, tuple(chips), empty, footer,
                          y - rect.top())

    def chip_at(self, card: MentorCard, rect: QRect, font: QFont, pos: QPoint) -> Member | None:
        for member, chip in self.layout(card, rect, font).chips:
            if chip.contains(pos):
                return member
        return None

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        card = index.data(CARD_ROLE)
        if not isinstance(card, MentorCard):
            return QSize(CARD_WIDTH, 80)
        font_key = option.font.key()
        known = self._heights.get(card.id)
        if known is not None and known[0] is card and known[1] == font_key:
            return QSize(CARD_WIDTH, known[2])
        height = self.layout(card, QRect(0, 0, CARD_WIDTH, 0), option.font).height
        self._heights[card.id] = (card, font_key, height)
        return QSize(CARD_WIDTH, height)

    # --- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, MentorCard):
            return
        preview: Preview | None = index.data(PREVIEW_ROLE)
        hover = bool(index.data(HOVER_ROLE))
        rect = option.rect.adjusted(1, 1, -1, -1)
        box = self.layout(card, rect, option.font)
        current = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        level = preview.level if preview is not None else None
        background = QColor(LEVELS["refused"][1]) if level == "refused" else CARD_BG
        border = CARD_BORDER
        width = 1.0
        if level is not None and hover:
            border, width = QColor(LEVELS[level][2]), 2.5
        elif current:
            border, width = CURRENT_BORDER, 2.0
        if not card.in_pool:
            background = QColor("#f6f6f6")
        painter.setPen(QPen(border, width))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        bold, small = _fonts(option.font)
        fm = QFontMetrics(option.font)
        painter.setFont(bold)
        painter.setPen(QColor("#1d2731"))
        painter.drawText(box.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(card.name, Qt.TextElideMode.ElideRight,
                                                       box.title.width()))
        painter.setPen(FULL if card.used >= card.capacity else QColor("#1d2731"))
        painter.drawText(box.capacity, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         card.capacity_text)
        painter.setFont(option.font)
        painter.setPen(MUTED)
        painter.drawText(box.detail, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(card.detail or "—", Qt.TextElideMode.ElideRight,
                                       box.detail.width()))
        painter.setFont(small)
        painter.drawText(box.forms, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(card.form_names, Qt.TextElideMode.ElideRight,
                                                        box.forms.width()))
        painter.setFont(option.font)
        selected = self._selected()
        for member, chip in box.chips:
            self._paint_chip(painter, fm, member, chip, member.mentee_id in selected)
        if box.empty is not None:
            painter.setPen(QPen(QColor("#b7c3ce"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(box.empty), 4, 4)
            painter.setPen(MUTED)
            text = tr("Перетащите сюда наставляемых") if card.in_pool else tr("Нет наставляемых")
            painter.drawText(box.empty, Qt.AlignmentFlag.AlignCenter,
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, box.empty.width() - 8))
        self._paint_footer(painter, fm, card, preview, box.footer)
        painter.restore()

    def _paint_chip(self, painter: QPainter, fm: QFontMetrics, member: Member, rect: QRect,
                    selected: bool) -> None:
        if selected:
            bg, border, fg = CURRENT_BORDER, CURRENT_BORDER, QColor("#ffffff")
        elif member.locked:
            bg, border, fg = LOCKED_BG, LOCKED_BORDER, QColor("#4a4a4a")
        else:
            bg, border, fg = CHIP_BG, PIN_COLOUR if member.pinned else CHIP_BORDER, QColor("#1d2731")
        painter.setPen(QPen(border, 1.5 if member.pinned else 1.0))
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2,
                                rect.height() / 2)
        x = rect.left() + CHIP_PAD
        if member.locked:
            _lock(painter, QRect(x, rect.center().y() - ICON // 2, ICON, ICON), fg)
            x += ICON + 4
        elif member.pinned:
            _pin(painter, QRect(x, rect.center().y() - ICON // 2, ICON, ICON),
                 fg if selected else PIN_COLOUR)
            x += ICON + 4
        text_rect = QRect(x, rect.top(), rect.right() - CHIP_PAD - x + 1, rect.height())
        painter.setPen(fg)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(chip_text(member), Qt.TextElideMode.ElideRight,
                                       text_rect.width()))

    def _paint_footer(self, painter: QPainter, fm: QFontMetrics, card: MentorCard,
                      preview: Preview | None, rect: QRect) -> None:
        if preview is None:
            painter.setPen(MUTED)
            if not card.in_pool:
                text = card.note
            elif card.free:
                text = tr("Свободно мест: {n}").format(n=card.free)
            else:
                text = tr("Свободных мест нет")
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
            return
        fg, bg, border = (QColor(c) for c in LEVELS[preview.level])
        painter.setPen(QPen(border, 1))
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setPen(fg)
        inner = rect.adjusted(6, 0, -6, 0)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(preview.text, Qt.TextElideMode.ElideRight, inner.width()))


def _pin(painter: QPainter, r: QRect, colour: QColor) -> None:
    """A push pin: a round head and a needle."""
    painter.save()
    painter.setPen(QPen(colour, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(r.left() + 2, r.bottom() - 1, r.center().x(), r.center().y())
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(r.center().x() - 1, r.top(), 6, 6))
    painter.restore()


def _lock(painter: QPainter, r: QRect, colour: QColor) -> None:
    """A padlock: a body and a shackle."""
    painter.save()
    painter.setPen(QPen(colour, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.addRoundedRect(QRectF(r.left() + 2.5, r.top(), r.width() - 5, r.height() * 0.8), 3, 3)
    painter.drawPath(shackle)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(r.left(), r.top() + r.height() * 0.42, r.width(),
                                   r.height() * 0.58), 1.5, 1.5)
    painter.restore()


class MenteeDelegate(QStyledItemDelegate):
    """Two lines: the name with the class, and the request."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(240, 2 * fm.height() + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        mentee = index.data(MENTEE_ROLE)
        if mentee is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(option.rect, palette.highlight())
        rect = option.rect.adjusted(8, 5, -8, -5)
        bold, _small = _fonts(option.font)
        fb, fm = QFontMetrics(bold), QFontMetrics(option.font)
        text = palette.highlightedText().color() if selected else QColor("#1d2731")
        muted = palette.highlightedText().color() if selected else MUTED
        painter.setFont(bold)
        painter.setPen(text)
        name_w = min(fb.horizontalAdvance(mentee.name) + 3, rect.width() - 40)
        top = QRect(rect.left(), rect.top(), rect.width(), fb.height())
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fb.elidedText(mentee.name, Qt.TextElideMode.ElideRight, name_w))
        if mentee.detail:
            painter.setFont(option.font)
            painter.setPen(muted)
            rest = top.adjusted(name_w + 8, 0, 0, 0)
            painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(mentee.detail, Qt.TextElideMode.ElideRight, rest.width()))
        painter.setFont(option.font)
        painter.setPen(muted)
        bottom = QRect(rect.left(), rect.top() + fb.height() + 2, rect.width(), fm.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(mentee.request or tr("запрос не указан"),
                                       Qt.TextElideMode.ElideRight, rect.width()))
        painter.setPen(QColor("#e3e8ed"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

"""The navigator: the seven stages down the left side, each with its roadmap progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..services.programme import StageProgress

StageRole = Qt.ItemDataRole.UserRole + 1  # the StageProgress of the row

ACCENT = QColor("#2f6f9f")
DONE = QColor("#3f8f4f")
TRACK = QColor("#d8dee4")

AnyIndex = QModelIndex | QPersistentModelIndex


def progress_text(stage: StageProgress) -> str:
    if stage.tasks_total == 0:
        return QCoreApplication.translate("StageListModel", "мероприятий нет")
    return QCoreApplication.translate("StageListModel", "{done} из {total}").format(
        done=stage.tasks_done, total=stage.tasks_total)


class StageListModel(QAbstractListModel):
    """Given the stages' progress; it never reads the database itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stages: list[StageProgress] = []

    def set_stages(self, stages: list[StageProgress]) -> None:
        if [s.number for s in stages] == [s.number for s in self._stages]:
            self._stages = list(stages)
            if stages:
                self.dataChanged.emit(self.index(0), self.index(len(stages) - 1))
            return
        self.beginResetModel()
        self._stages = list(stages)
        self.endResetModel()

    def stage_at(self, row: int) -> StageProgress:
        return self._stages[row]

    def row_of(self, number: int) -> int:
        for row, stage in enumerate(self._stages):
            if stage.number == number:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._stages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._stages):
            return None
        stage = self._stages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{stage.number}. {stage.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tr("Этап {n}. {title}\nВыполнено мероприятий: {progress}").format(
                n=stage.number, title=stage.title, progress=progress_text(stage))
            if stage.is_current:
                tip += "\n" + self.tr("Текущий этап программы")
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{stage.number}. {stage.title}, {progress_text(stage)}"
        if role == StageRole:
            return stage
        return None


class StageDelegate(QStyledItemDelegate):
    """Draws a stage: its number in a circle, its wrapped title and a thin progress bar."""

    PAD = 10
    BADGE = 26
    BAR = 6

    def _title_rect(self, option: QStyleOptionViewItem) -> QRect:
        r = option.rect
        left = r.left() + self.PAD * 2 + self.BADGE
        return QRect(left, r.top() + self.PAD, r.right() - left - self.PAD, 10_000)

    def _fonts(self, option: QStyleOptionViewItem, current: bool) -> tuple[QFont, QFont]:
        title_font = QFont(option.font)
        title_font.setBold(current)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
        return title_font, small

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        stage: StageProgress | None = index.data(StageRole)
        width = option.rect.width() or 280
        if stage is None:
            return QSize(width, 40)
        title_font, small = self._fonts(option, stage.is_current)
        text_width = max(80, width - self.PAD * 3 - self.BADGE)
        title_h = QFontMetrics(title_font).boundingRect(
            QRect(0, 0, text_width, 10_000), Qt.TextFlag.TextWordWrap, index.data()).height()
        small_h = QFontMetrics(small).height()
        return QSize(width, self.PAD + title_h + 6 + small_h + self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        stage: StageProgress | None = index.data(StageRole)
        if stage is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        if stage.is_current:
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), ACCENT)

        title_font, small = self._fonts(option, stage.is_current)
        complete = stage.tasks_total > 0 and stage.tasks_done == stage.tasks_total
        badge = QRect(rect.left() + self.PAD + 2, rect.top() + self.PAD, self.BADGE, self.BADGE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(DONE if complete else ACCENT if stage.is_current else TRACK)
        painter.drawEllipse(badge)
        badge_font = QFont(title_font)
        badge_font.setBold(True)
        painter.setFont(badge_font)
        painter.setPen(QColor("white") if complete or stage.is_current else QColor("#333333"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "✓" if complete else str(stage.number))

        title_rect = self._title_rect(option)
        painter.setFont(title_font)
        painter.setPen(text_color)
        used = painter.boundingRect(title_rect, Qt.TextFlag.TextWordWrap, index.data())
        painter.drawText(title_rect, Qt.TextFlag.TextWordWrap, index.data())

        painter.setFont(small)
        metrics = QFontMetrics(small)
        line_top = used.bottom() + 6
        label = progress_text(stage)
        if stage.is_current:
            label += " · " + self.tr("текущий этап")
        bar_width = 70
        bar = QRect(title_rect.left(), line_top + (metrics.height() - self.BAR) // 2,
                    bar_width, self.BAR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(bar, 3, 3)
        if stage.tasks_total:
            filled = QRect(bar)
            filled.setWidth(round(bar_width * stage.tasks_done / stage.tasks_total))
            painter.setBrush(DONE if complete else ACCENT)
            if filled.width() > 0:
                painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(text_color)
        painter.drawText(QRect(bar.right() + 8, line_top, title_rect.width() - bar_width - 8,
                               metrics.height()), Qt.AlignmentFlag.AlignVCenter, label)
        painter.restore()


class StageNavigator(QListView):
    """The list of stages. `stageSelected` carries the stage number."""

    stageSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageNavigator")
        self.stage_model = StageListModel(self)
        self.setModel(self.stage_model)
        self.setItemDelegate(StageDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setMinimumWidth(260)
        self.setAccessibleName(self.tr("Этапы программы"))
        self.selectionModel().currentChanged.connect(self._current_changed)

    def set_stages(self, stages: list[StageProgress]) -> None:
        selected = self.selected_stage()
        self.stage_model.set_stages(stages)
        self.doItemsLayout()
        if selected is not None and self.stage_model.row_of(selected) >= 0:
            self.select_stage(selected)

    def select_stage(self, number: int) -> None:
        row = self.stage_model.row_of(number)
        if row >= 0:
            self.setCurrentIndex(self.stage_model.index(row))

    def selected_stage(self) -> int | None:
        index = self.currentIndex()
        return self.stage_model.stage_at(index.row()).number if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.stageSelected.emit(self.stage_model.stage_at(current.row()).number)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.doItemsLayout()  # the titles re-wrap, so the rows change height

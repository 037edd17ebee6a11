"""«Карта запросов»: the mentees counted by request kind against class parallel and role model.

    view = RequestMapView(parent)
    view.export_requested.connect(ask_path_and_export)   # the «Экспорт в Excel…» button
    runner.run(lambda: request_map(db, programme_id), on_done=view.show_map)

The view is given the `RequestMap` and never reads anything itself; the owner runs
`services.exports.export_request_map(db, programme_id, path)` through its Runner when
`export_requested` is emitted (the button is enabled once a map is shown).
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..services.request_map import TOTAL, CrossTable, RequestMap
from .style import heading_font

AnyIndex = QModelIndex | QPersistentModelIndex
HEADER_WRAP = 18
BAR_COLOUR = QColor("#4f81bd")
SENSITIVE_COLOUR = QColor("#c0504d")
TOTAL_BACKGROUND = QColor("#eef3f7")


def tr(text: str) -> str:
    return QCoreApplication.translate("RequestMapView", text)


class CrossTableModel(QAbstractTableModel):
    """A `CrossTable` with its totals row and column; given the table, reads nothing."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: CrossTable | None = None

    def set_table(self, table: CrossTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.row_headers) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.column_headers) + 1

    def _value(self, row: int, column: int) -> int:
        t = self.table
        assert t is not None
        rows, columns = len(t.row_headers), len(t.column_headers)
        if row == rows:
            return t.total if column == columns else t.column_totals[column]
        return t.row_totals[row] if column == columns else t.cells[row][column]

    def _is_total(self, row: int, column: int) -> bool:
        t = self.table
        return t is not None and (row == len(t.row_headers) or column == len(t.column_headers))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._value(row, column)
            return str(value) if value or self._is_total(row, column) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and self._is_total(row, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self._is_total(row, column):
            return TOTAL_BACKGROUND
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        t = self.table
        if t is None:
            return None
        horizontal = orientation == Qt.Orientation.Horizontal
        names = t.column_headers if horizontal else t.row_headers
        if not 0 <= section <= len(names):
            return None
        name = names[section] if section < len(names) else tr(TOTAL)
        if role == Qt.ItemDataRole.DisplayRole:
            return textwrap.fill(name, HEADER_WRAP) if horizontal else name
        if role == Qt.ItemDataRole.ToolTipRole:
            if not horizontal and section < len(names) and section < len(t.sensitive_rows) \
                    and t.sensitive_rows[section]:
                return tr("{name}: особая категория, сведения только для служебного "
                          "пользования").format(name=name)
            return name
        if role == Qt.ItemDataRole.ForegroundRole and not horizontal \
                and section < len(t.sensitive_rows) and t.sensitive_rows[section]:
            return SENSITIVE_COLOUR
        return None


class BarChart(QWidget):
    """Horizontal bars, one per request kind, drawn with QPainter (the labels are long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)
        self.setMaximumWidth(440)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def sizeHint(self) -> QSize:
        return QSize(420, 24 + self._row_height() * max(len(self.bars), 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Нет данных"))
            return
        metrics = QFontMetrics(self.font())
        margin = 12
        label_width = min(max(metrics.horizontalAdvance(n) for n, _ in self.bars) + margin + 4,
                          self.width() // 2)
        value_width = metrics.horizontalAdvance("0000") + margin
        top = margin
        row = max(12, min(self._row_height(), (self.height() - 2 * margin) // len(self.bars)))
        biggest = max((v for _, v in self.bars), default=0) or 1
        span = max(10, self.width() - label_width - value_width - 2 * margin)
        for i, (name, value) in enumerate(self.bars):
            y = top + i * row
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_width - margin)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(margin, y, label_width - margin, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
            length = span * value / biggest
            bar = QRectF(margin + label_width, y + 3, length, row - 6)
            painter.fillRect(bar, BAR_COLOUR)
            painter.drawText(QRectF(bar.right() + 6, y, value_width, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             str(value))
        painter.end()


def cross_view(model: CrossTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class RequestMapView(QWidget):
    """The request map of one programme: two tables, a bar chart and «Экспорт в Excel…»."""

    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: RequestMap | None = None
        self.title = QLabel(tr("Карта запросов"))
        self.title.setFont(heading_font(14))
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.export_button = QPushButton(tr("Экспорт в Excel…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_requested)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.export_button)

        self.grade_model = CrossTableModel(self)
        self.role_model = CrossTableModel(self)
        self.grade_view = cross_view(self.grade_model)
        self.role_view = cross_view(self.role_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grade_view, tr("По параллелям"))
        self.tabs.addTab(self.role_view, tr("По ролевым моделям"))
        self.chart = BarChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(QLabel(tr("Наставляемых по ключевому запросу")))
        chart_layout.addWidget(self.chart, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)

        self.empty = QLabel(tr("В программе пока нет наставляемых: карта запросов появится, "
                               "когда они будут добавлены в базу."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.stack, 1)

    def sizeHint(self) -> QSize:
        return QSize(1100, 720)

    def show_map(self, data: RequestMap) -> None:
        self.data = data
        self.grade_model.set_table(data.by_grade)
        self.role_model.set_table(data.by_role_model)
        self.chart.set_bars(data.chart)
        self.subtitle.setText(tr("{programme}. Наставляемых: {n}. На {day}.").format(
            programme=data.programme_title, n=data.by_grade.total,
            day=data.made_on.strftime("%d.%m.%Y")))
        self.stack.setCurrentIndex(1 if data.by_grade.total else 0)
        self.export_button.setEnabled(True)

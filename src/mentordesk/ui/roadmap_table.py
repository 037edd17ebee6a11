"""The roadmap table of a stage page: columns share the width by weight, rows wrap, and the
table is exactly as tall as its rows (the page around it scrolls, the table never does)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .roadmap_model import DONE, DUE, RESPONSIBLE, RESULT, TITLE

# Share of the width left after «Выполнено», and the narrowest a column may get.
WEIGHTS = {TITLE: 40, DUE: 21, RESPONSIBLE: 17, RESULT: 22}
MINIMUM = {TITLE: 160, DUE: 110, RESPONSIBLE: 90, RESULT: 110}


class RoadmapTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit_pending = False
        self.setObjectName("roadmapTable")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A table that scrolls and fits its height at once flickers between two layouts.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.sectionResized.connect(lambda *_: self.fit_height())

    def share_width(self) -> None:
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        header.setSectionResizeMode(DONE, QHeaderView.ResizeMode.ResizeToContents)
        for column in WEIGHTS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        free = self.viewport().width() - header.sectionSize(DONE)
        total = sum(WEIGHTS.values())
        for column, weight in WEIGHTS.items():
            header.resizeSection(column, max(MINIMUM[column], free * weight // total))

    def fit_height(self) -> None:
        # The header re-measures its rows lazily, after this call: measure once it has.
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_now)

    def _fit_now(self) -> None:
        self._fit_pending = False
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += self.verticalHeader().length()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.share_width()

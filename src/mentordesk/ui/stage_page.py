"""One stage's page: its title, its expected result, its roadmap tasks, and a note on the wizard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..model.stages import STAGE_RESULTS, STAGES
from ..services.roadmap import RoadmapTaskRow
from . import style
from .roadmap_model import RoadmapTableModel
from .roadmap_table import RoadmapTable


class StagePage(QWidget):
    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setObjectName(f"stagePage{number}")

        title = QLabel(self.tr("Этап {n}. {title}").format(n=number, title=STAGES[number]))
        title.setObjectName("stageTitle")
        title.setFont(style.heading_font(15))
        title.setWordWrap(True)

        result = QLabel(self.tr("<b>Результат этапа:</b> {result}").format(
            result=STAGE_RESULTS[number]))
        result.setWordWrap(True)
        result.setTextFormat(Qt.TextFormat.RichText)

        note = QLabel(self.tr(
            "Мастер этого этапа появится в следующих версиях. "
            "Пока вы можете отмечать выполнение мероприятий дорожной карты."))
        note.setObjectName("wizardNote")
        note.setWordWrap(True)
        note.setStyleSheet(style.NOTE_CSS)

        roadmap_label = QLabel(self.tr("Мероприятия дорожной карты"))
        roadmap_label.setFont(style.heading_font(12))

        self.model = RoadmapTableModel(self)
        self.table = RoadmapTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Мероприятия дорожной карты этапа {n}").format(n=number))

        self.empty = QLabel(self.tr(
            "В дорожной карте нет мероприятий этого этапа."))
        self.empty.setObjectName("emptyRoadmap")
        self.empty.setVisible(False)

        content = QWidget()
        content.setObjectName("stageContent")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(result)
        layout.addWidget(note)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(roadmap_label)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addStretch(1)  # a short roadmap ends where its rows end, with no empty grid

    def set_tasks(self, tasks: list[RoadmapTaskRow]) -> None:
        self.model.set_rows(tasks)
        self.empty.setVisible(not tasks)
        self.table.setVisible(bool(tasks))
        self.table.share_width()
        self.table.fit_height()

    def set_editable(self, editable: bool) -> None:
        self.model.set_editable(editable)

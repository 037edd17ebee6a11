"""One stage's page: its title, its expected result, its roadmap tasks, and what the stage has
so far: the mentee base on stage 2, the mentor base on stage 3, a note on the wizard elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..model.stages import STAGE_RESULTS, STAGES
from ..services.roadmap import RoadmapTaskRow
from . import style
from .bases.base_view import BaseView
from .roadmap_model import RoadmapTableModel
from .roadmap_table import RoadmapTable

BASE_STAGES = (2, 3)
BASE_NOTES = {
    2: "Здесь база наставляемых: добавляйте учеников вручную или импортируйте список из Excel, "
       "ищите и фильтруйте, следите за согласиями на обработку данных. «Карта запросов» "
       "показывает, с чем наставляемые приходят в программу.",
    3: "Здесь база наставников: добавляйте наставников вручную или импортируйте список из "
       "Excel, отмечайте формы наставничества и вместимость, следите за согласиями.",
}
WIZARD_STAGES = (5,)
WIZARD_NOTES = {
    5: "Пары и группы формируются в мастере: кто участвует, общая встреча, анкеты "
       "предпочтений, предложение подбора с объяснениями, корректировка перетаскиванием и "
       "утверждение приказом с планами развития.",
}


class StagePage(QWidget):
    """`changed` follows a change made on the page: in its base or in the consent register.
    `wizardRequested(stage)` asks the window to open the stage's wizard (stage 5)."""

    changed = Signal()
    wizardRequested = Signal(int)

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

        self.base: BaseView | None = None
        self.dialog: QWidget | None = None  # the last dialog opened from the page, for tests
        if number in BASE_STAGES:
            self.base = BaseView(mentees=number == 2)
            self.base.changed.connect(self.changed)
            note = QLabel(self.tr(BASE_NOTES[number]))
        elif number in WIZARD_STAGES:
            note = QLabel(self.tr(WIZARD_NOTES[number]))
        else:
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
        self.scroll_area = scroll = QScrollArea()
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
        self.wizard_button: QPushButton | None = None
        # The stage's actions: its wizard, and the window adds «Печать…» with add_tool.
        self.tools = QHBoxLayout()
        if number in WIZARD_STAGES:
            self.wizard_button = QPushButton(self.tr("Открыть мастер формирования пар"))
            self.wizard_button.setObjectName(f"openStage{number}Wizard")
            self.wizard_button.clicked.connect(lambda: self.wizardRequested.emit(number))
            self.tools.addWidget(self.wizard_button)
        self.tools.addStretch(1)
        layout.addLayout(self.tools)
        if self.base is not None:
            self._add_base(layout, self.base)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(roadmap_label)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addStretch(1)  # a short roadmap ends where its rows end, with no empty grid

    def _add_base(self, layout: QVBoxLayout, base: BaseView) -> None:
        heading = QLabel(self.tr("База наставляемых") if base.mentees
                         else self.tr("База наставников"))
        heading.setFont(style.heading_font(12))
        tools = QHBoxLayout()
        tools.addWidget(heading)
        tools.addStretch(1)
        self.import_button = QPushButton(self.tr("Импорт из Excel…"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.open_import)
        tools.addWidget(self.import_button)
        self.map_button: QPushButton | None = None
        if base.mentees:
            self.map_button = QPushButton(self.tr("Карта запросов"))
            self.map_button.setObjectName("requestMapButton")
            self.map_button.clicked.connect(self.open_request_map)
            tools.addWidget(self.map_button)
            self.consent_button = QPushButton(self.tr("Согласия на обработку данных"))
            self.consent_button.setObjectName("consentRegisterButton")
            self.consent_button.clicked.connect(self.open_consents)
            tools.addWidget(self.consent_button)
        layout.addLayout(tools)
        layout.addWidget(base)

    def add_tool(self, widget: QWidget) -> None:
        """Put a button in the stage's action row, before the stretch."""
        self.tools.insertWidget(self.tools.count() - 1, widget)

    def scroll_to(self, widget: QWidget) -> None:
        self.scroll_area.ensureWidgetVisible(widget, 0, 0)
        self.scroll_area.verticalScrollBar().setValue(widget.y() - 8)

    def open_import(self) -> None:
        from .bases.tools import open_import

        if self.base is not None:
            self.dialog = open_import(self.base)

    def open_request_map(self) -> None:
        from .bases.tools import open_request_map

        if self.base is not None:
            self.dialog = open_request_map(self.base)

    def open_consents(self) -> None:
        from .consent_register import open_consent_register

        if self.base is not None:
            self.dialog = open_consent_register(self.base, self)

    def set_tasks(self, tasks: list[RoadmapTaskRow]) -> None:
        self.model.set_rows(tasks)
        self.empty.setVisible(not tasks)
        self.table.setVisible(bool(tasks))
        self.table.share_width()
        self.table.fit_height()

    def set_editable(self, editable: bool) -> None:
        self.model.set_editable(editable)
        if self.base is not None:
            self.import_button.setEnabled(editable)

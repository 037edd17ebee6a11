"""The programme's workspace: a header, the stage navigator and the stage pages. Layout only:
the main window gives it the data and acts on its signals."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..model.stages import STAGES
from ..services.database import Database
from ..services.programme import (
    ProgrammeSummary,
    StageProgress,
    current_programme_id,
    programme_summary,
    stage_progress,
)
from ..services.roadmap import RoadmapTaskRow, list_tasks
from . import style
from .bases.base_view import BaseContext
from .navigator import StageNavigator
from .stage_page import StagePage


@dataclass(frozen=True)
class Overview:
    """What the workspace shows, read in one go off the GUI thread."""

    summary: ProgrammeSummary
    stages: list[StageProgress]
    tasks: list[RoadmapTaskRow]


def load_overview(db: Database) -> Overview | None:
    """The current programme's overview, or None when the database has no programme yet."""
    programme_id = current_programme_id(db)
    if programme_id is None:
        return None
    return Overview(programme_summary(db, programme_id), stage_progress(db, programme_id),
                    list_tasks(db, programme_id))


class ProgrammeHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmeHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(style.HEADER_CSS)
        self.title = QLabel()
        self.title.setObjectName("programmeTitle")
        self.title.setFont(style.heading_font(16))
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("programmeDetails")
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.details)

    def show_summary(self, summary: ProgrammeSummary) -> None:
        self.title.setText(summary.title)
        parts = [self.tr("{years} учебный год").format(years=summary.academic_years)
                 if "/" in summary.academic_years
                 else self.tr("{years} учебные годы").format(years=summary.academic_years)]
        parts.append(self.tr("с {start} по {end}").format(
            start=summary.starts_on.strftime("%d.%m.%Y"), end=summary.ends_on.strftime("%d.%m.%Y")))
        if summary.organisation:
            parts.append(summary.organisation)
        if summary.curator:
            parts.append(self.tr("куратор: {name}").format(name=summary.curator))
        self.details.setText(" · ".join(parts))


class Workspace(QWidget):
    """`doneChangeRequested(task, done)` comes from any stage page's «выполнено» box;
    `dataChanged` follows a change the curator made on a page (a base, the consent register),
    so the window re-reads the overview; `wizardRequested(stage)` asks for a stage's wizard."""

    doneChangeRequested = Signal(object, bool)
    dataChanged = Signal()
    wizardRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.header = ProgrammeHeader()
        self.navigator = StageNavigator()
        self.pages = QStackedWidget()
        self.stage_pages: dict[int, StagePage] = {}
        for number in STAGES:
            page = StagePage(number)
            page.model.doneChangeRequested.connect(self.doneChangeRequested)
            page.changed.connect(self.dataChanged)
            page.wizardRequested.connect(self.wizardRequested)
            self.stage_pages[number] = page
            self.pages.addWidget(page)
        self.navigator.stageSelected.connect(self.show_stage)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([310, 890])
        self.splitter.setChildrenCollapsible(False)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

    def show_overview(self, overview: Overview, *, select_current: bool = False) -> None:
        self.header.show_summary(overview.summary)
        self.show_progress(overview.stages, overview.tasks)
        if select_current or self.navigator.selected_stage() is None:
            self.navigator.select_stage(overview.summary.current_stage)

    def show_progress(self, stages: list[StageProgress], tasks: list[RoadmapTaskRow]) -> None:
        self.navigator.set_stages(stages)
        for number, page in self.stage_pages.items():
            page.set_tasks([t for t in tasks if t.stage == number])

    def show_stage(self, number: int) -> None:
        page = self.stage_pages.get(number)
        if page is None:
            return
        self.pages.setCurrentWidget(page)
        if self.navigator.selected_stage() != number:
            self.navigator.select_stage(number)

    def current_stage_page(self) -> StagePage:
        page = self.pages.currentWidget()
        assert isinstance(page, StagePage)
        return page

    def set_bases_context(self, context: BaseContext | None) -> None:
        """Give the base views their database and programme (None: no database is open)."""
        for page in self.stage_pages.values():
            if page.base is not None:
                page.base.set_context(context)

    def set_editable(self, editable: bool) -> None:
        for page in self.stage_pages.values():
            page.set_editable(editable)

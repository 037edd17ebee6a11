"""«Импорт из Excel»: the mentee base or the mentor base from a school's spreadsheet.

    wizard = ImportWizard(db, "mentees", runner, messenger, parent)
    wizard.imported.connect(refresh)   # the number of people written
    wizard.open()

Pages: file → sheet (skipped when the file has one) → header row → columns → preview of every
problem → import (off the GUI thread, with progress and «Прервать импорт») → result. Every
read and the import run through the `Runner`; nothing is written before the import page, and a
cancelled or failed import leaves the database unchanged (`run_import` is one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, cast

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from ..errors import MentorDeskError
from ..io.import_fields import Field
from ..services.database import Database
from ..services.importing import ImportReport, preview_import, run_import
from .import_pages import (
    FilePage,
    HeaderPage,
    ImportPage,
    ImportState,
    MappingPage,
    SheetPage,
    tr,
)
from .messages import Messenger, describe_error
from .style import FIELD_ERROR_CSS
from .worker import Job, Runner

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_TITLES = {"mentees": "Импорт наставляемых", "mentors": "Импорт наставников"}
KIND_BASES = {"mentees": "базу наставляемых", "mentors": "базу наставников"}
PROBLEM_HEADERS = ("Строка", "Столбец", "Что не так")


def problems_of(report: ImportReport) -> list[tuple[int, str, str]]:
    """Every problem of a report by spreadsheet row: errors and duplicates alike."""
    found = [(e.row, e.column, e.message) for e in report.errors]
    name_column = next((report.columns[i] for f, i in report.mapping.items()
                        if f in (Field.FULL_NAME, Field.LAST_NAME) and i < len(report.columns)),
                       tr("ФИО"))
    for d in report.duplicates:
        of = d.duplicate_of
        if of.startswith("строка "):
            reason = tr("повтор строки {n}").format(n=of.removeprefix("строка "))
        else:
            reason = tr("уже есть в базе: {who}").format(who=of.removeprefix("в базе: "))
        found.append((d.row, name_column, reason))
    return sorted(found, key=lambda p: p[0])


class ProblemModel(QAbstractTableModel):
    """Given the problems; never reads anything itself."""

    def __init__(self, problems: Sequence[tuple[int, str, str]] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(problems)

    def set_problems(self, problems: Sequence[tuple[int, str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PROBLEM_HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(PROBLEM_HEADERS[section]) if 0 <= section < len(PROBLEM_HEADERS) else None
        return None


def problem_view(model: ProblemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    view.setColumnWidth(1, 190)
    return view


class PreviewPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(tr("Проверка"), tr("Строки с ошибками и повторы не будут загружены. "
                                           "Исправьте их в таблице и загрузите позже, или "
                                           "загрузите остальные сейчас."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ProblemModel()
        self.view = problem_view(self.model)
        self.report: ImportReport | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Загрузить в базу"))

    def initializePage(self) -> None:
        self.report = None
        self.summary.setText("")
        self.model.set_problems([])
        wiz, state = self.wiz, self.state
        db, kind, path, sheet = wiz.db, wiz.kind, state.path, state.sheet
        mapping, header = dict(state.mapping), state.header_row
        self.read(lambda: preview_import(db, kind, path, sheet, mapping, header_row=header),
                  self._shown, tr("Проверка строк…"))

    def _shown(self, report: ImportReport) -> None:
        self.report = report
        problems = problems_of(report)
        self.model.set_problems(problems)
        text = tr("Будет импортировано: {n} из {m}.").format(n=report.valid, m=report.data_rows)
        if problems:
            text += " " + tr("Не будут загружены строк: {k} — причины ниже.").format(
                k=len({p[0] for p in problems}))
        else:
            text += " " + tr("Ошибок и повторов нет.")
        if not report.valid:
            self.show_status(tr("Загружать нечего: ни одна строка не прошла проверку."),
                             error=True)
        self.summary.setText(text)

    def isComplete(self) -> bool:
        return super().isComplete() and self.report is not None and self.report.valid > 0


class RunPage(ImportPage):
    """Runs the import; moves on to the result by itself, or says the import was cancelled."""

    def __init__(self) -> None:
        super().__init__(tr("Загрузка"), tr("Люди загружаются в базу. Если прервать загрузку, "
                                           "в базу не попадёт никто."))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setFormat(tr("%v из %m"))
        self.cancel_button = QPushButton(tr("Прервать импорт"))
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton(tr("Загрузить снова"))
        self.retry_button.clicked.connect(self.start)
        self.report: ImportReport | None = None
        self.cancelled = False
        self.job: Job | None = None
        self._progress = (0, 0)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._show_progress)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        wiz, state = self.wiz, self.state
        db, kind, path, sheet = wiz.db, wiz.kind, state.path, state.sheet
        mapping, header = dict(state.mapping), state.header_row
        self.report, self.cancelled, self.busy = None, False, True
        self._progress = (0, 0)
        finished: list[ImportReport] = []
        self.label.setText(tr("Загрузка в {base}…").format(base=tr(KIND_BASES[wiz.kind])))
        self.show_status("")
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.retry_button.hide()
        self.completeChanged.emit()

        def work(job: Job) -> ImportReport:
            def progress(done: int, total: int) -> None:
                self._progress = (done, total)
                job.report(done, total)

            report = run_import(db, kind, path, sheet=sheet, mapping=mapping, header_row=header,
                                progress=progress, cancelled=job.is_cancelled)
            finished.append(report)  # written and committed, whatever a late cancel says
            return report

        def cancelled() -> None:
            if finished:
                self._done(finished[0])
            elif shiboken6.isValid(self):
                self._stopped(tr("Импорт отменён, база не изменилась."), error=False)
                self.cancelled = True

        def failed(exc: BaseException) -> bool:
            if shiboken6.isValid(self):
                self._stopped(describe_error(exc)[0] + " " + tr("База не изменилась."),
                              error=True)
            return isinstance(exc, MentorDeskError)

        self.job = wiz.runner.run(work, on_done=self._done, on_error=failed,
                                  on_cancelled=cancelled, cancellable=True,
                                  title=tr("Загрузка в {base}…").format(
                                      base=tr(KIND_BASES[wiz.kind])))
        self._timer.start()

    def cancel(self) -> None:
        if self.job is not None and self.busy:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(tr("Отмена… Подождите, пока загрузка остановится."))

    def _show_progress(self) -> None:
        done, total = self._progress
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _stopped(self, text: str, *, error: bool) -> None:
        self._timer.stop()
        self.busy, self.job = False, None
        self.bar.hide()
        self.cancel_button.hide()
        self.retry_button.show()
        self.label.setText("")
        self.show_status(text, error=error)
        self.completeChanged.emit()

    def _done(self, report: ImportReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._timer.stop()
        self.busy, self.job, self.report = False, None, report
        self.wiz.report = report
        self.completeChanged.emit()
        self.wiz.imported.emit(report.imported)
        self.wiz.next()

    def isComplete(self) -> bool:
        return super().isComplete() and self.report is not None


class DonePage(ImportPage):
    def __init__(self) -> None:
        super().__init__(tr("Готово"), "")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.left_out = QLabel(tr("Не загружены:"))
        self.model = ProblemModel()
        self.view = problem_view(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.left_out)
        layout.addWidget(self.view, 1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        report = self.wiz.report
        if report is None:
            return
        problems = problems_of(report)
        text = tr("Загружено в {base}: {n} из {m}.").format(
            base=tr(KIND_BASES[self.wiz.kind]), n=report.imported, m=report.data_rows)
        if problems:
            text += " " + tr("Строки ниже не загружены: исправьте их в таблице и загрузите "
                             "этот файл ещё раз — уже загруженные люди будут отмечены как "
                             "повторы.")
        self.summary.setText(text)
        self.model.set_problems(problems)
        self.left_out.setVisible(bool(problems))
        self.view.setVisible(bool(problems))

    def nextId(self) -> int:
        return -1


class ImportWizard(QWizard):
    """The import wizard; emits `imported(n)` once the people are written."""

    imported = Signal(int)
    FILE, SHEET, HEADER, MAPPING, PREVIEW, RUN, DONE = range(7)

    def __init__(self, db: Database, kind: str, runner: Runner, messenger: Messenger,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in KIND_TITLES:
            raise ValueError(f"unknown import kind {kind!r}")
        self.db = db
        self.kind = cast(Literal["mentees", "mentors"], kind)
        self.runner = runner
        self.messenger = messenger
        self.state = ImportState()
        self.report: ImportReport | None = None
        self.setWindowTitle(tr(KIND_TITLES[kind]))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(820, 600)
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.header_page = HeaderPage()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.run_page = RunPage()
        self.done_page = DonePage()
        for page_id, page in enumerate((self.file_page, self.sheet_page, self.header_page,
                                        self.mapping_page, self.preview_page, self.run_page,
                                        self.done_page)):
            self.setPage(page_id, page)
            page.status.setStyleSheet(FIELD_ERROR_CSS)
        self.setStartId(self.FILE)

    @property
    def busy(self) -> bool:
        page = self.currentPage()
        return isinstance(page, ImportPage) and page.busy

    def reject(self) -> None:
        # Closing during the import stops it: nothing is written.
        if self.run_page.busy and self.run_page.job is not None:
            self.run_page.job.cancel()
        super().reject()


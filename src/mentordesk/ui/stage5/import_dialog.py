"""Importing questionnaires on the preferences page: the file, the preview of what was found
(every problem by row and column, the names found nowhere) before anything is written, then
the import itself with its undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.preferences import restore_preferences
from ...services.preferences_import import (
    PreferenceImport,
    import_preferences,
    preview_preferences,
)
from ..import_wizard import ProblemModel, problem_view
from ..undo import short
from .common import plural, tr

if TYPE_CHECKING:
    from .preferences_page import PreferencesPage

FILE_FILTER = "Таблицы (*.xlsx *.xlsm *.csv);;Все файлы (*)"


class ImportPreviewDialog(QDialog):
    """Accepted with `skip_bad_rows` telling whether the rows with problems are left out."""

    def __init__(self, report: PreferenceImport, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferenceImportPreview")
        self.setWindowTitle(tr("Импорт анкет предпочтений"))
        self.report = report
        self.skip_bad_rows = False
        valid, errors = report.valid_rows, len(report.errors)

        summary = QLabel(tr(
            "Файл «{file}», лист «{sheet}», заголовки в строке {row}. Анкет в таблице: {n}, "
            "без ошибок: {valid}.").format(file=file_name, sheet=report.sheet,
                                           row=report.header_row, n=report.data_rows,
                                           valid=valid))
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        self.problems = ProblemModel([(e.row, e.column, e.message) for e in report.errors], self)
        self.view = problem_view(self.problems)
        self.view.setObjectName("importProblems")
        self.view.setMinimumHeight(180)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if errors:
            layout.addWidget(QLabel(tr("Ошибки ({n} {w}):").format(
                n=errors, w=plural(errors, "строка", "строки", "строк"))))
            layout.addWidget(self.view, 1)
        else:
            self.view.hide()
            ready = QLabel(tr("Ошибок нет: все анкеты можно загрузить. Анкеты этих участников, "
                              "записанные раньше, будут заменены."))
            ready.setWordWrap(True)
            layout.addWidget(ready)
        if report.unknown_names:
            unknown = QLabel(tr("Не найдены среди участников: {names}. Проверьте написание "
                                "или базы наставников и наставляемых.").format(
                names=", ".join(f"«{n}»" for n in report.unknown_names)))
            unknown.setObjectName("unknownNames")
            unknown.setWordWrap(True)
            layout.addWidget(unknown)

        buttons = QDialogButtonBox()
        self.load_button: QPushButton | None = None
        if valid and not errors:
            self.load_button = buttons.addButton(tr("Загрузить"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        elif valid:
            self.load_button = buttons.addButton(
                tr("Загрузить {n} {w} без ошибок").format(
                    n=valid, w=plural(valid, "анкету", "анкеты", "анкет")),
                QDialogButtonBox.ButtonRole.AcceptRole)
            self.skip_bad_rows = True
        else:
            nothing = QLabel(tr("Загружать нечего: исправьте ошибки в таблице и загрузите "
                                "файл снова."))
            nothing.setWordWrap(True)
            layout.addWidget(nothing)
        if self.load_button is not None:
            self.load_button.setObjectName("loadPreferences")
        close = buttons.addButton(tr("Отмена") if valid else tr("Закрыть"),
                                  QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("closePreview")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 460 if errors else 220)


class PreferenceImporter:
    """«Импорт из Excel…» of the preferences page: read off the GUI thread, preview, write."""

    def __init__(self, page: PreferencesPage) -> None:
        self.page = page
        self.dialog: ImportPreviewDialog | None = None
        self.last_import: PreferenceImport | None = None

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.page, tr("Анкеты предпочтений из Excel"), "",
                                              tr(FILE_FILTER))
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        page = self.page
        if not page.save_current():
            return
        wiz = page.wiz()
        db, programme_id, today = wiz.db, wiz.programme_id, wiz.today
        page.run(lambda job: preview_preferences(db, programme_id, path, today=today,
                                                 cancelled=job.is_cancelled),
                 lambda report: self._preview(report, Path(path)),
                 title=tr("Чтение анкет из файла…"), cancellable=True)

    def _preview(self, report: PreferenceImport, path: Path) -> None:
        dialog = self.dialog = ImportPreviewDialog(report, path.name, self.page)
        dialog.accepted.connect(lambda: self._load(path, dialog.skip_bad_rows))
        dialog.open()

    def _load(self, path: Path, skip: bool) -> None:
        page = self.page
        wiz = page.wiz()
        db, programme_id, today = wiz.db, wiz.programme_id, wiz.today

        def loaded(report: PreferenceImport) -> None:
            self.last_import = report
            if not report.imported:
                wiz.messenger.info(page, tr("Импорт анкет"), tr(
                    "Анкеты не загружены: в файле есть ошибки. Исправьте их и загрузите снова."))
                return
            lists = {k: list(v) for k, v in report.lists.items()}
            old = {k: list(v) for k, v in report.previous.items()}
            wiz.push(tr("импорт анкет «{file}»").format(file=short(path.name)),
                     do=lambda _: restore_preferences(db, programme_id, lists),
                     undo=lambda _: restore_preferences(db, programme_id, old),
                     first=None, after=page.reload)
            page.reload()
            wiz.messenger.info(page, tr("Импорт анкет"), tr("Загружено {n} {w}.").format(
                n=report.imported, w=plural(report.imported, "анкета", "анкеты", "анкет")))

        page.run(lambda job: import_preferences(db, programme_id, path, skip_bad_rows=skip,
                                                today=today, cancelled=job.is_cancelled),
                 loaded, title=tr("Загрузка анкет…"), cancellable=True)

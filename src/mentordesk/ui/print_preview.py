"""The print preview: a generated PDF shown page by page (QtPdf), zoomed, saved or printed.

    source = PrintSource("Приказ об утверждении пар/групп", pdf, "Приказ 23.11.2026",
                         extra={".docx": docx}, folder=tmp)
    dialog = PrintPreviewDialog(source, messenger, parent)
    dialog.open()

«Сохранить как…» copies the generated file (or its .docx twin, by the suffix chosen) to the
path the user gives, atomically. «Печать…» asks for a printer (QPrintDialog) and draws each
page into it (`print_pages`). The dialog owns `source.folder`, the temporary folder the
document was generated in, and removes it when it closes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QKeySequence,
    QPageLayout,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..documents.atomic import DocumentError, atomic_output
from .messages import Messenger

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
PRINT_DPI = 300  # pages are drawn into the printer at no more than this resolution
FILTERS = {".pdf": "Документ PDF (*.pdf)", ".docx": "Документ Word (*.docx)"}


@dataclass
class PrintSource:
    """A generated document: its PDF, other formats of it, and the folder they sit in."""

    title: str                  # what the document is: «Сертификаты участников»
    pdf: Path
    suggested: str              # the file name offered on saving, without a suffix
    extra: Mapping[str, Path] = field(default_factory=dict)   # {".docx": path}
    folder: Path | None = None  # a temporary folder to remove with the dialog
    count: int = 0              # documents (plans, letters…) in the PDF

    def formats(self) -> list[str]:
        return [".pdf", *self.extra]

    def file_for(self, suffix: str) -> Path:
        return self.extra.get(suffix.lower(), self.pdf)

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def print_pages(document: QPdfDocument, printer: QPrinter, pages: list[int] | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """Draw the pages (0-based, all by default) of `document` into `printer`, one printer
    page each, each in its own orientation, scaled to the paper keeping the proportions.
    Returns the number of pages drawn."""
    pages = list(range(document.pageCount())) if pages is None else pages
    if not pages:
        return 0
    printer.setFullPage(True)  # the PDF has its own margins
    dpi = min(printer.resolution(), PRINT_DPI)
    painter = QPainter()
    done = 0
    try:
        for index, page in enumerate(pages):
            if cancelled is not None and cancelled():
                break
            size = document.pagePointSize(page)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape
                                       if size.width() > size.height()
                                       else QPageLayout.Orientation.Portrait)
            if index == 0:
                if not painter.begin(printer):
                    raise DocumentError("Не удаётся начать печать: принтер недоступен. "
                                        "Проверьте, что он включён, и повторите.")
            elif not printer.newPage():
                raise DocumentError("Принтер перестал отвечать: печать прервана.")
            image = document.render(page, QSize(round(size.width() / 72 * dpi),
                                                round(size.height() / 72 * dpi)))
            paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            scale = min(paper.width() / image.width(), paper.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            target.moveCenter(paper.center())
            painter.drawImage(target, image)
            done += 1
            if progress is not None:
                progress(done, len(pages))
    finally:
        if painter.isActive():
            painter.end()
    return done


class PrintPreviewDialog(QDialog):
    def __init__(self, source: PrintSource, messenger: Messenger,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.source = source
        self.messenger = messenger
        self.saved: Path | None = None
        self.setWindowTitle(self.tr("Предварительный просмотр — {title}").format(
            title=source.title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

        self.document = QPdfDocument(self)
        error = self.document.load(str(source.pdf))
        if error != QPdfDocument.Error.None_:
            raise DocumentError(self.tr(
                "Не удаётся открыть созданный документ для просмотра. Попробуйте ещё раз."),
                details=f"{source.pdf}: {error}")
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#8a9199"))  # around the pages
        self.view.setPalette(palette)

        self.prev_button = self._tool("◀", self.tr("Предыдущая страница"), self.previous_page)
        self.next_button = self._tool("▶", self.tr("Следующая страница"), self.next_page)
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setRange(1, max(1, self.page_count))
        self.page_spin.setAccessibleName(self.tr("Номер страницы"))
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.pages_label = QLabel(self.tr("из {n}").format(n=self.page_count))
        self.pages_label.setObjectName("pageCountLabel")
        self.zoom_out_button = self._tool("−", self.tr("Уменьшить"), self.zoom_out)
        self.zoom_in_button = self._tool("+", self.tr("Увеличить"), self.zoom_in)
        self.fit_button = QPushButton(self.tr("По ширине"))
        self.fit_button.setObjectName("fitWidthButton")
        self.fit_button.setToolTip(self.tr("Показать страницу во всю ширину окна"))
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400 %"))

        self.save_button = QPushButton(self.tr("Сохранить как…"))
        self.save_button.setObjectName("saveButton")
        formats = " или ".join(s.lstrip(".").upper() for s in source.formats())
        self.save_button.setToolTip(self.tr("Сохранить документ в файл ({formats})").format(
            formats=formats))
        self.save_button.clicked.connect(lambda: self.save_as())
        self.print_button = QPushButton(self.tr("Печать…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton(self.tr("Закрыть"))
        close.clicked.connect(self.reject)

        tools = QHBoxLayout()
        widgets: tuple[QWidget, ...] = (self.prev_button, self.page_spin, self.pages_label,
                                         self.next_button)
        for widget in widgets:
            tools.addWidget(widget)
        tools.addSpacing(16)
        widgets = (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button)
        for widget in widgets:
            tools.addWidget(widget)
        tools.addStretch(1)
        widgets = (self.save_button, self.print_button, close)
        for widget in widgets:
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.view.zoomFactorChanged.connect(lambda _z: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _m: self._show_zoom())
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           (QKeySequence.StandardKey.Print, self.print_document),
                           (QKeySequence.StandardKey.Save, self.save_as)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        self._page_changed(0)
        self._show_zoom()
        self.resize(980, 760)

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumWidth(30)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- pages and zoom --------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def current_page(self) -> int:
        return int(self.view.pageNavigator().currentPage())

    def go_to(self, page: int) -> None:
        """Show `page` (0-based) at the top of the view."""
        page = max(0, min(page, self.page_count - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())
        self._page_changed(page)

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def _page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)

    def zoom(self) -> float:
        """The scale the pages are shown at (1.0 is the paper's size)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return float(self.view.zoomFactor())
        return self._fitted_zoom()

    def _fitted_zoom(self) -> float:
        size = self.document.pagePointSize(max(0, self.current_page()))
        width = self.view.viewport().width() - 2 * 6
        if size.width() <= 0 or width <= 0:
            return 1.0
        dpi = self.view.logicalDpiX() / 72
        return max(0.1, width / (size.width() * dpi))

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor)))
        self._show_zoom()

    def zoom_in(self) -> None:
        current = self.zoom()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.zoom()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-3),
                           ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.zoom() * 100)} %")
        fitted = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.fit_button.setEnabled(not fitted)

    # --- save and print --------------------------------------------------------------------

    def save_as(self, path: str | None = None) -> Path | None:
        """Copy the document to a file the user chooses; the suffix picks the format."""
        formats = self.source.formats()
        path = path or self.messenger.ask_save_path(
            self, self.tr("Сохранить документ"), f"{self.source.suggested}.pdf",
            ";;".join(self.tr(FILTERS[s]) for s in formats))
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in formats:
            target = target.with_name(target.name + ".pdf")
        suffix = target.suffix.lower()
        try:
            with atomic_output(target, suffix) as tmp:
                shutil.copyfile(self.source.file_for(suffix), tmp)
        except DocumentError as exc:
            self.messenger.error(self, exc)
            return None
        self.saved = target
        self.messenger.info(self, self.tr("Документ сохранён"),
                            self.tr("Документ сохранён:\n{path}").format(path=target))
        return target

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.source.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Печать"))
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def pages_to_print(self, printer: QPrinter) -> list[int]:
        """The 0-based pages the print dialog asked for: all, a range or the current one."""
        mode = printer.printRange()
        if mode == QPrinter.PrintRange.CurrentPage:
            return [self.current_page()]
        if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            last = printer.toPage() if printer.toPage() > 0 else self.page_count
            return list(range(printer.fromPage() - 1, min(last, self.page_count)))
        return list(range(self.page_count))

    def print_to(self, printer: QPrinter) -> int:
        """Print to a printer already set up; progress and «Отмена» for long documents."""
        pages = self.pages_to_print(printer)
        progress = QProgressDialog(self.tr("Печать…"), self.tr("Отмена"), 0, len(pages), self)
        progress.setWindowTitle(self.tr("Печать"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def report(done: int, _total: int) -> None:
            progress.setValue(done)

        try:
            return print_pages(self.document, printer, pages, report, progress.wasCanceled)
        except DocumentError as exc:
            self.messenger.error(self, exc)
            return 0
        finally:
            progress.close()
            progress.deleteLater()

    # --- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:  # accept, reject, Esc: the temporary files go
        self.document.close()
        self.source.discard()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.document.close()
        self.source.discard()
        super().closeEvent(event)

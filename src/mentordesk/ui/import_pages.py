"""The first pages of the import wizard: file, sheet, header row, column mapping.

Each page reads what it needs off the GUI thread through the wizard's `Runner` and keeps its
own choice in the wizard's `ImportState`. A page whose «Далее» needs a file read (the file
page) starts the read from `validatePage`, returns False, and moves on by itself when the read
succeeds; an error is shown in Russian on the page, which stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ..errors import MentorDeskError
from ..io.import_fields import (
    FIELDS_FOR,
    Field,
    auto_map,
    classify_header,
    column_title,
    detect_header,
    has_name_columns,
)
from ..io.sheet_reader import Sheet, TableFile, open_table, read_sheet
from .messages import describe_error
from .style import FIELD_ERROR_CSS

if TYPE_CHECKING:
    from .import_wizard import ImportWizard

PREVIEW_ROWS = 30
PREVIEW_COLUMNS = 30
CELL_CHARS = 60
HEADER_COLOUR = QColor("#ffe9a8")
FILE_FILTER = "Таблицы (*.xlsx *.xlsm *.csv);;Все файлы (*)"
NOT_LOADED = "— не загружать —"


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


@dataclass
class ImportState:
    """The curator's choices so far; each page writes its own part."""

    path: str = ""
    table: TableFile | None = None
    sheet_notes: dict[str, str] = field(default_factory=dict)
    sheet_guess: str = ""
    sheets: dict[str, Sheet] = field(default_factory=dict)
    sheet: str = ""
    detected_header: int = 0
    header_row: int = 0
    mapping: dict[Field, int] = field(default_factory=dict)

    @property
    def rows(self) -> tuple[tuple[Any, ...], ...]:
        found = self.sheets.get(self.sheet)
        return found.rows if found is not None else ()


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = " ".join(str(value).split())
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def header_score(row: tuple[Any, ...]) -> int:
    return sum(1 for cell in row if classify_header(cell) is not None)


def inspect_file(path: str) -> tuple[TableFile, str, dict[str, str], dict[str, Sheet]]:
    """Runs off the GUI thread: the sheets of the file, the likeliest one and a note on each."""
    table = open_table(path)
    notes: dict[str, str] = {}
    sheets: dict[str, Sheet] = {}
    best, best_score = table.sheet_names[0], -1
    for name in table.sheet_names:
        try:
            sheet = read_sheet(path, None if len(table.sheet_names) == 1 else name)
            header = detect_header(sheet.rows)
        except MentorDeskError:
            notes[name] = tr("не похоже на список людей")
            continue
        sheets[name] = sheet
        notes[name] = tr("заголовки в строке {row}, строк ниже: {n}").format(
            row=header, n=len(sheet.rows) - header)
        score = header_score(sheet.row(header))
        if score > best_score:
            best, best_score = name, score
    return table, best, notes, sheets


class ImportPage(QWizardPage):
    """A page that reads off the GUI thread and shows its errors on itself."""

    reads_on_next = False

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.busy = False
        self._passed = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("pageStatus")
        self.status.hide()

    @property
    def wiz(self) -> ImportWizard:
        return self.wizard()  # type: ignore[return-value]

    @property
    def state(self) -> ImportState:
        return self.wiz.state

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(FIELD_ERROR_CSS if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None], busy_text: str) -> None:
        """Run `fn` off the GUI thread; `on_done(result)` back here, errors on the page."""
        self.busy = True
        self.show_status(busy_text)
        self.completeChanged.emit()

        def done(result: Any) -> None:
            if shiboken6.isValid(self):
                self.busy = False
                self.show_status("")
                on_done(result)
                self.completeChanged.emit()

        def failed(exc: BaseException) -> bool:
            if not shiboken6.isValid(self):
                return True
            self.busy = False
            self.show_status(describe_error(exc)[0], error=True)
            self.completeChanged.emit()
            return isinstance(exc, MentorDeskError)  # the unexpected also go to the dialog

        self.wiz.runner.run(fn, on_done=done, on_error=failed)

    def pass_on(self) -> None:
        """After a read started by `validatePage`: go to the next page."""
        self._passed = True
        self.wiz.next()

    def validatePage(self) -> bool:
        if not self.reads_on_next:
            return True
        if self._passed:
            self._passed = False
            return True
        if not self.busy:
            self.start_validation()
        return False

    def start_validation(self) -> None:
        """Pages with `reads_on_next` start their read here and end in `pass_on`."""

    def isComplete(self) -> bool:
        return not self.busy


class FilePage(ImportPage):
    reads_on_next = True

    def __init__(self) -> None:
        super().__init__(tr("Файл"), tr("Выберите таблицу Excel (.xlsx, .xlsm) или файл CSV "
                                       "со списком. Старый формат .xls сначала пересохраните "
                                       "в Excel как «Книга Excel (*.xlsx)»."))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("Путь к файлу"))
        self.path_edit.textChanged.connect(self._path_changed)
        self.browse = QPushButton(tr("Выбрать файл…"))
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _browse(self) -> None:
        start = str(Path(self.path_edit.text()).parent) if self.path_edit.text() else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Выберите таблицу"), start,
                                              tr(FILE_FILTER))
        if path:
            self.path_edit.setText(path)

    def _path_changed(self) -> None:
        self.show_status("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return super().isComplete() and bool(self.path_edit.text().strip())

    def start_validation(self) -> None:
        path = self.path_edit.text().strip()

        def loaded(result: tuple[TableFile, str, dict[str, str], dict[str, Sheet]]) -> None:
            state = self.state
            state.path = path
            state.table, state.sheet_guess, state.sheet_notes, state.sheets = result
            state.sheet = state.sheet_guess
            state.header_row = 0
            self.pass_on()

        self.read(lambda: inspect_file(path), loaded, tr("Чтение файла…"))

    def nextId(self) -> int:
        table = self.state.table
        if table is not None and len(table.sheet_names) == 1:
            return self.wiz.HEADER
        return self.wiz.SHEET


class SheetPage(ImportPage):
    reads_on_next = True

    def __init__(self) -> None:
        super().__init__(tr("Лист"), tr("Выберите лист со списком. Лист, больше всего похожий "
                                       "на список людей, уже выбран."))
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        self.list.clear()
        table = self.state.table
        if table is None:
            return
        for name in table.sheet_names:
            note = self.state.sheet_notes.get(name, "")
            item = QListWidgetItem(f"{name} — {note}" if note else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.setCurrentRow(table.sheet_names.index(self.state.sheet_guess))

    def _chosen(self, row: int) -> None:
        item = self.list.item(row)
        if item is not None:
            self.state.sheet = item.data(Qt.ItemDataRole.UserRole)
            self.state.header_row = 0
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return super().isComplete() and self.list.currentItem() is not None

    def start_validation(self) -> None:
        state = self.state
        if state.sheet in state.sheets:
            self.pass_on()
            return
        path, name = state.path, state.sheet

        def loaded(sheet: Sheet) -> None:
            state.sheets[name] = sheet
            self.pass_on()

        self.read(lambda: read_sheet(path, name), loaded, tr("Чтение листа…"))


class HeaderPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(tr("Строка заголовков"), tr("Строка с названиями столбцов выделена. "
                                                     "Если она найдена неверно, щёлкните "
                                                     "нужную строку."))
        self.table = QTableWidget()
        # No selection colour: the header row's own highlight is the choice.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.cellClicked.connect(lambda row, _column: self.choose(row + 1))
        self.table.verticalHeader().sectionClicked.connect(lambda row: self.choose(row + 1))
        self.choice = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        state = self.state
        rows = state.rows[:PREVIEW_ROWS]
        width = min(PREVIEW_COLUMNS, max((len(r) for r in rows), default=0))
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels([column_title((), i) for i in range(width)])
        self.table.setVerticalHeaderLabels([str(n) for n in range(1, len(rows) + 1)])
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:width]):
                self.table.setItem(r, c, QTableWidgetItem(cell_text(value)))
        try:
            state.detected_header = detect_header(state.rows)
        except MentorDeskError as exc:
            state.detected_header = 0
            self.show_status(exc.message, error=True)
        # Widths fit the table, not the titles above it.
        below = rows[max(state.detected_header - 1, 0):]
        metrics = self.table.fontMetrics()
        for c in range(width):
            texts = [cell_text(r[c]) for r in below if c < len(r)] + ["MMM"]
            widest = max(metrics.horizontalAdvance(t) for t in texts) + 24
            self.table.setColumnWidth(c, min(widest, 240))
        self.choose(state.header_row or state.detected_header)

    def choose(self, row: int) -> None:
        state = self.state
        if not 1 <= row <= self.table.rowCount():
            row = 0
        state.header_row = row
        bold = QFont(self.font())
        bold.setBold(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem("")
                    self.table.setItem(r, c, item)
                item.setBackground(QBrush(HEADER_COLOUR) if r + 1 == row else QBrush())
                item.setFont(bold if r + 1 == row else self.font())
        if row:
            auto = tr(" (найдена автоматически)") if row == state.detected_header else ""
            self.choice.setText(tr("Строка заголовков: {row}").format(row=row) + auto)
            self.show_status("")
        else:
            self.choice.setText(tr("Строка заголовков не выбрана: щёлкните строку с "
                                   "названиями столбцов."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return super().isComplete() and self.state.header_row > 0


class MappingPage(ImportPage):
    def __init__(self) -> None:
        super().__init__(tr("Столбцы"), tr("Для каждого поля выберите столбец таблицы. "
                                           "Обязательно: «ФИО» или «Фамилия» и «Имя»."))
        self.combos: dict[Field, QComboBox] = {}
        self.samples: dict[Field, QLabel] = {}
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        state = self.state
        header = state.rows[state.header_row - 1] if state.header_row else ()
        body = state.rows[state.header_row:state.header_row + 200]
        width = max([len(header), *(len(r) for r in body)])
        choices = [(NOT_LOADED, -1)]
        for i in range(width):
            letter, title = column_title((), i), column_title(header, i)
            choices.append((letter if title == letter else f"{letter}: {title}", i))
        mapping = auto_map(header, self.wiz.kind)
        state.mapping = dict(mapping)
        form = QWidget()
        grid = QFormLayout(form)
        self.combos.clear()
        self.samples.clear()
        for fld in [f for f in Field if f in FIELDS_FOR[self.wiz.kind]]:
            combo = QComboBox()
            for text, index in choices:
                combo.addItem(text, index)
            combo.setCurrentIndex(mapping.get(fld, -1) + 1)
            sample = QLabel()
            sample.setStyleSheet("color: #666;")
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(sample, 1)
            label = fld.label + (" *" if fld in (Field.FULL_NAME, Field.LAST_NAME,
                                                  Field.FIRST_NAME) else "")
            grid.addRow(label, row)
            self.combos[fld] = combo
            self.samples[fld] = sample
            combo.currentIndexChanged.connect(lambda _i, f=fld: self._changed(f, body))
            self._show_sample(fld, body)
        self.scroll_area.setWidget(form)
        self._check()

    def _changed(self, fld: Field, body: tuple[tuple[Any, ...], ...]) -> None:
        index = self.combos[fld].currentData()
        if index is None or index < 0:
            self.state.mapping.pop(fld, None)
        else:
            self.state.mapping[fld] = index
        self._show_sample(fld, body)
        self._check()

    def _show_sample(self, fld: Field, body: tuple[tuple[Any, ...], ...]) -> None:
        index = self.state.mapping.get(fld)
        text = ""
        if index is not None:
            text = next((cell_text(r[index]) for r in body
                         if index < len(r) and cell_text(r[index])), "")
        self.samples[fld].setText(tr("например: {value}").format(value=text) if text else "")

    def _check(self) -> None:
        if has_name_columns(list(self.state.mapping)):
            self.show_status("")
        else:
            self.show_status(tr("Укажите столбец «ФИО» или столбцы «Фамилия» и «Имя»: без них "
                                "людей загрузить нельзя."), error=True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return super().isComplete() and has_name_columns(list(self.state.mapping))

"""Shared by the pages of the stage-5 wizard: a table model that is given rows of text, the
table view the pages use, Russian plurals and the page base class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWizardPage,
)

from .. import style

if TYPE_CHECKING:
    from .wizard import Stage5Wizard

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def tr(text: str) -> str:
    return QCoreApplication.translate("Stage5Wizard", text)


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 наставник», «2 наставника», «5 наставников» (the word only)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def russian_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


class TextTableModel(QAbstractTableModel):
    """Given rows of display texts (and an id per row); never reads anything itself. A cell
    whose text is a number sorts as a number."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self._rows: list[list[str]] = []
        self._ids: list[Any] = []
        self._colours: list[QColor | None] = []
        self.numeric_columns: set[int] = set()

    def set_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[Any] | None = None,
                 colours: Sequence[QColor | None] | None = None) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._ids = list(ids) if ids is not None else list(range(len(self._rows)))
        self._colours = list(colours) if colours is not None else [None] * len(self._rows)
        self.endResetModel()

    def id_at(self, row: int) -> Any:
        return self._ids[row]

    def text_at(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == SORT_ROLE:
            if index.column() in self.numeric_columns:
                try:
                    return float(text.split()[0].replace(",", ".")) if text else -1.0
                except ValueError:
                    return -1.0
            return russian_key(text)
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric_columns:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._colours[index.row()]
            return QBrush(colour) if colour is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


WRAP_ROWS_LIMIT = 800  # above it rows keep one line (and a tooltip): measuring them is slow


def table_view(model: TextTableModel, widths: Sequence[int] = (), *,
               sortable: bool = True, name: str = "", wrap: bool = False) -> QTableView:
    """A read-only table over `model`, sorted by a Russian key when a header is clicked. With
    `wrap`, long texts wrap and rows grow to fit them (up to WRAP_ROWS_LIMIT rows)."""
    view = QTableView()
    if name:
        view.setObjectName(name)
        view.setAccessibleName(name)
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if wrap:
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)

        def fit() -> None:
            rows = view.verticalHeader()
            rows.setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents if model.rowCount() <= WRAP_ROWS_LIMIT
                else QHeaderView.ResizeMode.Interactive)

        model.modelReset.connect(fit)
    return view


def heading(text: str, size: float = 11) -> QLabel:
    label = QLabel(text)
    label.setFont(style.heading_font(size))
    label.setWordWrap(True)
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("wizardNote")
    label.setWordWrap(True)
    label.setStyleSheet(style.NOTE_CSS)
    return label


class EnterEdit(QLineEdit):
    """A line edit whose Enter stays its own (`returnPressed`) instead of also pressing the
    wizard's default button, so typing from paper never jumps to the next page."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class Stage5Page(QWizardPage):
    """A page of the stage-5 wizard: it reads and writes through the wizard's runner."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)

    def wiz(self) -> Stage5Wizard:
        from .wizard import Stage5Wizard

        wizard = self.wizard()
        assert isinstance(wizard, Stage5Wizard)
        return wizard

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
            **kwargs: Any) -> None:
        self.wiz().run(fn, on_done, **kwargs)

"""A table model of one base. It is *given* rows (MenteeRow or MentorRow) and never queries.

Nothing is formatted in advance: `data()` asks the column for the text of the cell when the
view shows it, and keeps the texts of the last two thousand rows, so giving 50,000 rows costs nothing
and a screen costs a few hundred small calls. The rows come sorted by name (the service's
order), which is the order shown until the curator clicks another header; then the model sorts
with a Russian key (any case, ё sorts with е), the rows in name order among equals. The keys of
a column are kept per row object, so a narrower search on the same column re-sorts at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from .columns import CONSENT_KEY, Column

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING_CONSENT = QBrush(QColor("#fbe3e1"))
CACHED_ROWS = 2_000  # rows whose texts are kept (a screen is 20–60)
# data() is called for every role of every cell shown: the roles as plain ints, looked up once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROW = int(ROW_ROLE)

Index = QModelIndex | QPersistentModelIndex


def russian_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def consent_tooltip(state: str) -> str:
    return QCoreApplication.translate(
        "BaseTableModel",
        "Согласие на обработку персональных данных: {state}. Без действующего согласия "
        "участника нельзя включить в пару.").format(state=state)


def display_rows(columns: Sequence[Column], rows: Sequence[Any],
                 shown: Sequence[int]) -> list[list[str]]:
    """The texts of the shown columns of the rows, as the table shows them (for «Экспорт в
    Excel»; safe in a worker thread: it only reads the rows)."""
    texts = [columns[c].text for c in shown]
    return [[text(row) for text in texts] for row in rows]


class BaseTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._texts = [c.text for c in self.columns]
        self._given: list[Any] = []  # in the service's order: by name
        self._rows: list[Any] = []  # as shown
        self._cells: dict[int, list[str | None]] = {}  # row: its texts made so far
        self._consent_column = next(
            (i for i, c in enumerate(self.columns) if c.key == CONSENT_KEY), -1)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._keys: dict[int, tuple[Any, Any]] = {}  # id(row): (row, key) of the sort column
        self._keys_column = -1

    # --- given rows ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        if len(self._keys) > 3 * len(self._given) + 1000:
            self._keys = {}  # mostly rows no longer shown
        self._rows = self._ordered()
        self._cells = {}
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of_id(self, row_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == row_id:
                return i
        return -1

    def column_of(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def display_rows(self, columns: Sequence[int]) -> list[list[str]]:
        """The rows as shown, in the shown order, for «Экспорт в Excel»."""
        return display_rows(self.columns, self._rows, columns)

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            cells = self._cells.get(row)
            if cells is not None:  # the texts of a row on screen are asked for at every paint
                text = cells[column]
                if text is not None:
                    return text
            return self._text(row, column)
        if column == self._consent_column and role in (_BACKGROUND, _TOOLTIP):
            if self._rows[row].consent_ok:
                return None
            if role == _BACKGROUND:
                return MISSING_CONSENT
            return consent_tooltip(self._text(row, column))
        if role == _ROW:
            return self._rows[row]
        return None

    def _text(self, row: int, column: int) -> str:
        cells = self._cells.get(row)
        if cells is None:
            if len(self._cells) >= CACHED_ROWS:
                self._cells = {}
            cells = self._cells[row] = [None] * len(self._texts)
        text = cells[column]
        if text is None:
            text = cells[column] = self._texts[column](self._rows[row])
        return text

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return QCoreApplication.translate("BaseTableModel", self.columns[section].header)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- sorting ------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        if self._sort == (column, order):
            return  # the view asks again when it is given a model: nothing changes
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rows = [self._rows[i.row()] for i in persistent]
        self._rows = self._ordered()
        self._cells = {}
        if persistent:
            where = {id(row): i for i, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent, [self.index(where[id(r)], i.column())
                             for r, i in zip(old_rows, persistent, strict=True)])
        self.layoutChanged.emit()

    def _ordered(self) -> list[Any]:
        """The given rows in the order chosen by the header."""
        if self._sort is None:
            return list(self._given)
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        if column == 0 and self.columns[0].key == "full_name":
            return self._given[::-1] if descending else list(self._given)
        keys = self._keys_of(column)
        return sorted(self._given, key=lambda row: keys[id(row)][1], reverse=descending)

    def _keys_of(self, column: int) -> dict[int, tuple[Any, Any]]:
        if column != self._keys_column:
            self._keys, self._keys_column = {}, column
        keys = self._keys
        numeric, text = self.columns[column].numeric, self._texts[column]
        for row in self._given:
            if id(row) not in keys:  # the row is kept with its key: its id is not reused
                keys[id(row)] = (row, numeric(row) if numeric is not None
                                 else russian_key(text(row)))
        return keys

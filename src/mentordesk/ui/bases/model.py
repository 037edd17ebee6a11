"""A table model of one base. It is *given* rows (MenteeRow or MentorRow) and never queries.

The display strings are made once per row set, in `set_rows`, so `data()` only indexes lists:
a 50,000-row base scrolls without formatting anything. Sorting happens here too, with a Russian
key (any case, ё sorts with е) built only when the curator clicks a header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from .columns import CONSENT_KEY, Column

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING_CONSENT = QBrush(QColor("#fbe3e1"))

Index = QModelIndex | QPersistentModelIndex


def russian_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def consent_tooltip(state: str) -> str:
    return QCoreApplication.translate(
        "BaseTableModel",
        "Согласие на обработку персональных данных: {state}. Без действующего согласия "
        "участника нельзя включить в пару.").format(state=state)


class BaseTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []
        self._display: list[list[str]] = []
        self._bad_consent: list[bool] = []
        self._consent_column = next(
            (i for i, c in enumerate(self.columns) if c.key == CONSENT_KEY), -1)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- given rows ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        texts = [c.text for c in self.columns]
        self._display = [[text(row) for text in texts] for row in self._rows]
        self._bad_consent = [not row.consent_ok for row in self._rows]
        if self._sort is not None:
            self._apply_sort(*self._sort)
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
        return [[line[c] for c in columns] for line in self._display]

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[row][column]
        if column == self._consent_column and self._bad_consent[row]:
            if role == Qt.ItemDataRole.BackgroundRole:
                return MISSING_CONSENT
            if role == Qt.ItemDataRole.ToolTipRole:
                return consent_tooltip(self._display[row][column])
        if role == ROW_ROLE:
            return self._rows[row]
        return None

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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rows = [self._rows[i.row()] for i in persistent]
        self._apply_sort(column, order)
        if persistent:
            where = {id(row): i for i, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent, [self.index(where[id(r)], i.column())
                             for r, i in zip(old_rows, persistent, strict=True)])
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        numeric = self.columns[column].numeric
        if numeric is not None:
            keys: list[Any] = [numeric(row) for row in self._rows]
        else:
            keys = [russian_key(line[column]) for line in self._display]
        names = self.columns[0].key == "full_name"
        tiebreak = [russian_key(line[0]) if names else "" for line in self._display]
        order_ = sorted(range(len(self._rows)), key=lambda i: (keys[i], tiebreak[i]),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in order_]
        self._display = [self._display[i] for i in order_]
        self._bad_consent = [self._bad_consent[i] for i in order_]

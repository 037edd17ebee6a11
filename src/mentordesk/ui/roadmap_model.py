"""A stage's roadmap tasks as a table. Given rows; a click on «выполнено» only asks for a change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ..services.roadmap import RoadmapTaskRow

AnyIndex = QModelIndex | QPersistentModelIndex

TITLE, DUE, RESPONSIBLE, RESULT, DONE = range(5)


class RoadmapTableModel(QAbstractTableModel):
    """The table of one stage. `doneChangeRequested(row, done)` asks the page to apply a change;
    the model shows it at once and is given fresh rows once the service has saved it."""

    doneChangeRequested = Signal(object, bool)  # RoadmapTaskRow, the new done mark

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RoadmapTaskRow] = []
        self._pending: dict[int, bool] = {}
        self.editable = True
        self._headers = (
            self.tr("Мероприятие"), self.tr("Срок"), self.tr("Ответственные"),
            self.tr("Результат"), self.tr("Выполнено"),
        )

    def set_rows(self, rows: list[RoadmapTaskRow]) -> None:
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = list(rows)
            self._pending.clear()
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, DONE))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._pending.clear()
        self.endResetModel()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        if self._rows:
            self.dataChanged.emit(self.index(0, DONE), self.index(len(self._rows) - 1, DONE))

    def rows(self) -> list[RoadmapTaskRow]:
        return list(self._rows)

    def is_done(self, row: int) -> bool:
        task = self._rows[row]
        return self._pending.get(task.id, task.done)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == DONE and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        task, column = self._rows[index.row()], index.column()
        done = self.is_done(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DONE:
                if done and task.done and task.done_on:
                    return task.done_on.strftime("%d.%m.%Y")
                return self.tr("да") if done else ""
            return (task.title, task.due_text, task.responsible, task.result, None)[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == DONE:
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DONE:
                if not self.editable:
                    return self.tr("База открыта только для чтения: отметку изменить нельзя")
                return self.tr("Отметьте, когда мероприятие выполнено")
            return (task.title, task.due_text, task.responsible, task.result)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != DONE or not self.editable
                or role != Qt.ItemDataRole.CheckStateRole):
            return False
        done = _checked(value)
        task = self._rows[index.row()]
        if done == self.is_done(index.row()):
            return False
        self._pending[task.id] = done
        self.dataChanged.emit(index, index)
        self.doneChangeRequested.emit(task, done)
        return True


def _checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value

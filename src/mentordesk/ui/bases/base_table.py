"""The table of a base: fixed row height, no word wrap, and the curator's columns (which are
shown, in which order) remembered in the settings under `bases/<name>/…`."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .model import BaseTableModel

WIDTHS = {"full_name": 250, "class": 150, "age": 75, "request_kind": 190, "form": 190,
          "mentor": 220, "workplace": 230, "competences": 230, "forms": 210, "load": 150,
          "kind": 160, "consent": 130, "status": 140, "entered_on": 130}


class BaseTable(QTableView):
    """Fixed row height and no word wrap: 50,000 rows scroll without measuring any of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("baseTable")
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMinimumHeight(380)


class ColumnMemory:
    """Which columns of a base table are shown and in which order, kept in the settings."""

    def __init__(self, table: BaseTable, model: BaseTableModel, name: str) -> None:
        self.table, self.model, self.name = table, model, name
        self.settings: QSettings | None = None
        self._restoring = False
        for i, column in enumerate(model.columns):
            table.setColumnWidth(i, WIDTHS.get(column.key, 130))
        table.horizontalHeader().sectionMoved.connect(lambda *_: self._save_order())

    def _hidden_key(self) -> str:
        return f"bases/{self.name}/hiddenColumns"

    def _order_key(self) -> str:
        return f"bases/{self.name}/columnOrder"

    def hidden_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(self.model.columns) if self.table.isColumnHidden(i)]

    def column_order(self) -> list[str]:
        """The column keys as the curator sees them, left to right."""
        header = self.table.horizontalHeader()
        return [self.model.columns[header.logicalIndex(v)].key for v in range(header.count())]

    def visible_columns(self) -> list[int]:
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [i for i in logical if not self.table.isColumnHidden(i)]

    def _save_order(self) -> None:
        if self.settings is not None and not self._restoring:
            self.settings.setValue(self._order_key(), ",".join(self.column_order()))

    def _restore_order(self, saved: object) -> None:
        text = ",".join(saved) if isinstance(saved, list) else str(saved or "")
        keys = [c.key for c in self.model.columns]
        wanted = [k for k in text.split(",") if k in keys]
        wanted += [k for k in keys if k not in wanted]  # columns added since go last
        header = self.table.horizontalHeader()
        self._restoring = True
        try:
            for visual, key in enumerate(wanted):
                header.moveSection(header.visualIndex(keys.index(key)), visual)
        finally:
            self._restoring = False

    def set_column_shown(self, key: str, shown: bool) -> None:
        self.table.setColumnHidden(self.model.column_of(key), not shown)
        if self.settings is not None:
            self.settings.setValue(self._hidden_key(), ",".join(self.hidden_columns()))

    def restore(self, settings: QSettings | None) -> None:
        self.settings = settings
        saved = settings.value(self._hidden_key()) if settings is not None else None
        if saved is None:
            hidden = {c.key for c in self.model.columns if not c.shown}
        else:
            text = ",".join(saved) if isinstance(saved, list) else str(saved)
            hidden = {k for k in text.split(",") if k}
        hidden.discard("full_name")
        for i, column in enumerate(self.model.columns):
            self.table.setColumnHidden(i, column.key in hidden)
        self._restore_order(settings.value(self._order_key()) if settings is not None else None)

    def menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setTitle(parent.tr("Столбцы"))
        for i, column in enumerate(self.model.columns):
            action = QAction(parent.tr(column.header), menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(column.key != "full_name")
            action.setData(column.key)
            action.toggled.connect(partial(self.set_column_shown, column.key))
            menu.addAction(action)
        return menu

"""One base on a stage page: the filter bar, the table, and the buttons that change it.

The view is a client: it builds a `BaseQuery`, asks the service through the Runner, and gives
the answer to its model. Every change is pushed on the window's undo stack as a command holding
the service call and its inverse; the table is re-read after each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from ...errors import ValidationError
from ...services.database import Database
from ...services.people import (
    BaseQuery,
    archive_person,
    find_double,
    restore_person,
    snapshot_mentee,
    snapshot_mentor,
)
from ...services.people_rows import profile_id_of
from ...services.people_rows_source import RowSource
from ...services.reference import list_forms, list_request_kinds
from ..messages import Messenger
from ..worker import Runner
from . import commands
from .base_files import XLSX_FILTER, export_all, export_view
from .base_table import WIDTHS, BaseTable, ColumnMemory
from .columns import MENTEE_COLUMNS, MENTOR_COLUMNS
from .filter_bar import FilterBar
from .model import BaseTableModel
from .person_dialog import PersonDialog

__all__ = ["WIDTHS", "XLSX_FILTER", "BaseContext", "BaseTable", "BaseView"]

# A base is read in the background while the table stays usable; the window-modal progress
# dialog of the Runner appears only if reading takes longer than this (a slow server).
QUIET_MS = 4000
# The count under the table says «Загрузка…» when an answer takes longer than this.
LOADING_MS = 300


@dataclass
class BaseContext:
    """What a base view needs from the window: the database, the programme and the helpers."""

    db: Database
    programme_id: int
    runner: Runner
    messenger: Messenger
    undo_stack: QUndoStack
    settings: QSettings
    read_only: bool = False


class BaseView(QWidget):
    """`changed` follows every change the curator made here (after the table is re-read)."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, mentees: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mentees = mentees
        self.name: Literal["mentees", "mentors"] = "mentees" if mentees else "mentors"
        self.setObjectName(f"{self.name}Base")
        self.context: BaseContext | None = None
        self.kinds: list[tuple[int, str, bool]] = []
        self.forms: list[tuple[int, str]] = []
        self.role_models: dict[int, tuple[tuple[int, str], ...]] = {}
        self.dialog: PersonDialog | None = None
        self._generation = 0
        self._select_id: int | None = None

        self.filter_bar = FilterBar(mentees)
        self.filter_bar.queryChanged.connect(lambda _q: self._read())
        self.model = BaseTableModel(MENTEE_COLUMNS if mentees else MENTOR_COLUMNS, self)
        self.source: RowSource | None = None
        self.table = BaseTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("База наставляемых") if mentees
                                     else self.tr("База наставников"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the service's order
        self.columns = ColumnMemory(self.table, self.model, self.name)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu_at)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._loading = QTimer(self)
        self._loading.setSingleShot(True)
        self._loading.setInterval(LOADING_MS)
        self._loading.timeout.connect(self._show_loading)
        self.count = QLabel()
        self.count.setObjectName("baseCount")

        self.add_button = self._button(self.tr("Добавить…"), self.add)
        self.edit_button = self._button(self.tr("Изменить…"), self.edit_selected)
        self.archive_button = self._button(self.tr("В архив"), self.archive_selected)
        self.restore_button = self._button(self.tr("Вернуть из архива"), self.restore_selected)
        self.delete_button = self._button(self.tr("Удалить…"), self.delete_selected)
        self.export_button = self._button(self.tr("Экспорт в Excel…"), self.export_view)
        self.export_bases_button = self._button(
            self.tr("Выгрузить базы (формы Минпросвещения)…"), self.export_all)
        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.archive_button,
                       self.restore_button, self.delete_button):
            self.toolbar.addWidget(button)
        self.toolbar.addStretch(1)
        self.files = QHBoxLayout()
        self.files.setContentsMargins(0, 0, 0, 0)
        self.files.addWidget(self.count)
        self.files.addStretch(1)
        self.files.addWidget(self.export_button)
        self.files.addWidget(self.export_bases_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.filter_bar)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.files)
        self._update_buttons()

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- the context and reading --------------------------------------------------------------

    def set_context(self, context: BaseContext | None) -> None:
        self.context = context
        self.source = None
        self._generation += 1  # what is still being read belongs to the previous context
        if context is None:
            self.columns.settings = None
            self.model.set_rows([])
            self._update_buttons()
            return
        self.source = RowSource(context.db, context.programme_id, self.mentees)
        self.restore_columns()
        db = context.db
        context.runner.run(lambda: (list_request_kinds(db), list_forms(db)),
                           on_done=partial(self._show_choices, context))
        self.refresh()

    def _show_choices(self, context: BaseContext, choices: Any) -> None:
        if context is not self.context:
            return
        self.kinds, forms = choices
        self.forms = [(f.id, f.name) for f in forms]
        self.role_models = {f.id: tuple(f.role_models) for f in forms}
        self.filter_bar.set_choices(self.kinds, self.forms)

    def query(self) -> BaseQuery:
        return self.filter_bar.query()

    def refresh(self) -> None:
        """Read the base again from the database (after a change)."""
        if self.source is not None:
            self.source.expire()
        self._read()

    def _read(self) -> None:
        """Answer the filter bar's query in the background. A search that narrows the previous
        one is answered from memory (`RowSource`); a newer query makes an older one moot."""
        ctx, source = self.context, self.source
        if ctx is None or source is None:
            return
        self._generation += 1
        generation = self._generation
        query = self.query()

        def read() -> list[Any] | None:
            if generation != self._generation:
                return None  # superseded before it started: the newer one answers
            return source.rows(query)

        def failed(exc: BaseException) -> bool:
            if not isinstance(exc, ValidationError):
                return False
            if generation == self._generation:
                self._loading.stop()
                self.filter_bar.show_error(exc.message)
                self.count.setText(self.tr("Показано: {n}").format(n=self.model.rowCount()))
            return True

        self._loading.start()
        ctx.runner.run(read, on_done=partial(self._show_rows, generation), on_error=failed,
                       slow_after_ms=QUIET_MS)

    def _show_loading(self) -> None:
        self.count.setText(self.tr("Загрузка…"))

    def _show_rows(self, generation: int, rows: list[Any] | None) -> None:
        if generation != self._generation or rows is None:
            return  # a newer query has been sent meanwhile
        self._loading.stop()
        selected = self._select_id if self._select_id is not None else self._selected_id()
        self._select_id = None
        self.model.set_rows(rows)
        self.count.setText(self.tr("Показано: {n}").format(n=len(rows)))
        if selected is not None:
            at = self.model.row_of_id(selected)
            if at >= 0:
                self.table.selectRow(at)
        self._update_buttons()
        self.loaded.emit()

    # --- selection ----------------------------------------------------------------------------

    def selected_row(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else row.id

    def select_id(self, row_id: int) -> bool:
        at = self.model.row_of_id(row_id)
        if at >= 0:
            self.table.selectRow(at)
        return at >= 0

    def _update_buttons(self) -> None:
        ctx = self.context
        editable = ctx is not None and not ctx.read_only
        row = self.selected_row()
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and row is not None)
        self.archive_button.setEnabled(editable and row is not None and not row.archived)
        self.restore_button.setEnabled(editable and row is not None and row.archived)
        self.restore_button.setVisible(self.filter_bar.archived.isChecked())
        self.delete_button.setEnabled(editable and row is not None)
        self.export_button.setEnabled(ctx is not None)
        self.export_bases_button.setEnabled(ctx is not None)

    # --- columns ------------------------------------------------------------------------------

    def hidden_columns(self) -> list[str]:
        return self.columns.hidden_columns()

    def column_order(self) -> list[str]:
        """The column keys as the curator sees them, left to right."""
        return self.columns.column_order()

    def visible_columns(self) -> list[int]:
        return self.columns.visible_columns()

    def set_column_shown(self, key: str, shown: bool) -> None:
        self.columns.set_column_shown(key, shown)

    def restore_columns(self) -> None:
        self.columns.restore(self.context.settings if self.context is not None else None)

    def column_menu(self) -> QMenu:
        return self.columns.menu(self)

    def _column_menu_at(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    # --- editing ------------------------------------------------------------------------------

    def _run_change(self, job: Any) -> None:
        ctx = self.context
        assert ctx is not None

        def failed(_exc: BaseException) -> bool:
            ctx.undo_stack.clear()  # the stack no longer matches the database
            self.refresh()
            return False

        ctx.runner.run(job, on_done=lambda _r: self._after_change(), on_error=failed)

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def run_change(self, job: Any) -> None:
        """Run an undo step of a change made elsewhere about this base (the consent register)."""
        self._run_change(job)

    def after_change(self) -> None:
        self._after_change()

    def add(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        ctx, row = self.context, self.selected_row()
        if ctx is None or row is None or ctx.read_only:
            return
        db = ctx.db
        snapshot = snapshot_mentee if self.mentees else snapshot_mentor
        ctx.runner.run(lambda: snapshot(db, row.id), on_done=self._open_dialog)

    def edit_id(self, profile_id: int) -> None:
        """Open the entry with this id, whether or not the filters show it."""
        ctx = self.context
        if ctx is None or ctx.read_only:
            return
        db = ctx.db
        snapshot = snapshot_mentee if self.mentees else snapshot_mentor
        ctx.runner.run(lambda: snapshot(db, profile_id), on_done=self._open_dialog)

    def _open_dialog(self, before: Any) -> None:
        if self.context is None:
            return
        dialog = PersonDialog(self.mentees, before, self.kinds, self.forms, self,
                              role_models=self.role_models)
        dialog.submitted.connect(partial(self._save, dialog, before))
        dialog.openExisting.connect(partial(self._open_existing, dialog))
        self.dialog = dialog
        dialog.open()

    def _open_existing(self, dialog: PersonDialog, profile_id: int) -> None:
        dialog.reject()
        self.select_id(profile_id)
        self.edit_id(profile_id)

    def _double_of(self, form: Any) -> tuple[int, str, int | None] | None:
        """In the worker: the person already known with the new entry's ФИО and birth date,
        and their entry in this base if they have one."""
        ctx = self.context
        assert ctx is not None
        if form.id is not None or form.person_id is not None:
            return None
        found = find_double(ctx.db, form)
        if found is None:
            return None
        person_id, description = found
        return person_id, description, profile_id_of(ctx.db, ctx.programme_id, person_id,
                                                     self.mentees)

    def _save(self, dialog: PersonDialog, before: Any, form: Any) -> None:
        ctx = self.context
        if ctx is None:
            return
        db, programme_id = ctx.db, ctx.programme_id
        dialog.buttons.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            dialog.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                dialog.show_error(exc.field, exc.message)
                return True
            return False

        def saved(result: Any) -> None:
            dialog.buttons.setEnabled(True)
            if isinstance(result, tuple):  # a double: nothing was written
                dialog.show_double(*result)
                return
            profile_id = int(result)
            name = " ".join(p for p in (form.last_name, form.first_name) if p).strip()
            if before is None:
                command = commands.added(db, programme_id, self.mentees, name, profile_id,
                                         self._run_change)
            else:
                command = commands.edited(db, programme_id, before, form, name, self._run_change)
            ctx.undo_stack.push(command)
            self._select_id = profile_id
            dialog.accept()
            self._after_change()

        def save() -> Any:
            return self._double_of(form) or commands.save_call(db, programme_id, form)

        ctx.runner.run(save, on_done=saved, on_error=failed)

    def _change_selected(self, call: Any, make_command: Any) -> None:
        ctx, row = self.context, self.selected_row()
        if ctx is None or row is None or ctx.read_only:
            return

        def done(result: Any) -> None:
            ctx.undo_stack.push(make_command(ctx, row, result))
            self._after_change()

        ctx.runner.run(lambda: call(ctx, row), on_done=done)

    def archive_selected(self) -> None:
        self._change_selected(
            lambda ctx, row: archive_person(ctx.db, row.person_id),
            lambda ctx, row, prev: commands.archived(ctx.db, row.person_id, prev, row.full_name,
                                                     self._run_change))

    def restore_selected(self) -> None:
        self._change_selected(
            lambda ctx, row: restore_person(ctx.db, row.person_id),
            lambda ctx, row, prev: commands.restored(ctx.db, row.person_id, prev, row.full_name,
                                                     self._run_change))

    def delete_selected(self) -> None:
        ctx, row = self.context, self.selected_row()
        if ctx is None or row is None or ctx.read_only:
            return
        base = self.tr("базы наставляемых") if self.mentees else self.tr("базы наставников")
        if not ctx.messenger.confirm(self, self.tr(
                "Удалить {name} из {base}? Вместе с записью удаляются её черновые пары. "
                "Удаление можно отменить: «Правка → Отменить».").format(name=row.full_name,
                                                                       base=base)):
            return
        self._change_selected(
            lambda ctx, row: commands.delete_call(ctx.db, self.mentees, row.id),
            lambda ctx, row, captured: commands.deleted(ctx.db, self.mentees, row.id, captured,
                                                        row.full_name, self._run_change))

    # --- files --------------------------------------------------------------------------------

    def export_view(self, path: str | None = None) -> None:
        """The table as shown (its filter, its order, its columns) to an xlsx file."""
        export_view(self, path)

    def export_all(self, path: str | None = None) -> None:
        """Both bases in the Ministry's columns to an xlsx file."""
        export_all(self, path)

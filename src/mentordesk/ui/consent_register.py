"""The register of consents to personal-data processing: who signed, when, for what, until when.

Opened from the stage 2 page. The table model is given `consent_rows`; «Записать согласие…»
and «Отозвать» run the consent service off the GUI thread and push an undo command holding the
service inverse (`delete_consent` / `restore_consent`, `set_withdrawn`) on the window's stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import ValidationError
from ..model import ConsentSigner
from ..services.consent import (
    ConsentForm,
    ConsentRow,
    ConsentState,
    consent_rows,
    delete_consent,
    record_consent,
    restore_consent,
    set_withdrawn,
    withdraw_consent,
)
from ..services.database import Database
from . import style
from .bases.base_view import BaseView
from .bases.commands import Run, ServiceCommand
from .bases.person_fields import day_text, parse_day
from .field_error import with_error_line
from .undo import short

Index = QModelIndex | QPersistentModelIndex
MISSING = QColor("#fde2e1")
HEADERS = ("ФИО", "Класс / должность", "Кто подписал", "Дата", "Объём", "Действует до",
           "Состояние", "Особая категория")


def _cells(row: ConsentRow) -> list[str]:
    special = "да" if row.special_category else ("нужно" if row.special_needed else "")
    signed = f"{row.signed_by} ({row.signer.lower()})" if row.signed_by else ""
    return [row.full_name, row.class_or_post, signed, day_text(row.signed_on), row.scope,
            day_text(row.valid_until), row.state_label, special]


class ConsentTableModel(QAbstractTableModel):
    """Given the register's rows; it never reads the database."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ConsentRow] = []
        self._cells: list[list[str]] = []

    def set_rows(self, rows: Sequence[ConsentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [_cells(r) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> ConsentRow:
        return self._rows[row]

    def rows(self) -> list[ConsentRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.state != ConsentState.OK.value \
                and index.column() == 6:
            return MISSING
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return self.tr(HEADERS[section])
        return None


class ConsentDialog(QDialog):
    """One consent for one participant. `submitted(form)` asks the register to save it; the
    register answers with `show_error` (the dialog stays open, nothing typed is lost) or
    `accept`."""

    submitted = Signal(object)

    def __init__(self, row: ConsentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.row = row
        self.setWindowTitle(self.tr("Согласие на обработку данных"))
        self.setMinimumWidth(560)
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        who = QLabel(self.tr("<b>{name}</b> {post}").format(
            name=row.full_name, post=f"({row.class_or_post})" if row.class_or_post else ""))
        self.layout_ = QFormLayout()
        self.signers = list(ConsentSigner)
        self.signer = QComboBox()
        for signer in self.signers:
            self.signer.addItem(signer.label)
        self.signer.setCurrentIndex(self.signers.index(
            ConsentSigner.GUARDIAN if row.minor else ConsentSigner.SELF))
        self._add("signer", self.tr("Кто подписал"), self.signer)
        self.guardian = QComboBox()
        self.guardian.setEditable(True)
        self.guardian.addItem("")
        for text in row.guardians:
            self.guardian.addItem(text.split(" (")[0])
        if row.guardians:
            self.guardian.setCurrentIndex(1)
        editor = self.guardian.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("ФИО родителя или опекуна"))
        self._add("guardian", self.tr("Законный представитель"), self.guardian)
        self.signer.currentIndexChanged.connect(lambda _i: self._signer_changed())
        self.signed_on = self._line("signed_on", self.tr("Дата подписания"),
                                    day_text(date.today()))
        self.scope = self._line("scope", self.tr("Объём согласия"), "",
                                self.tr("по умолчанию — стандартный перечень сведений"))
        self.valid_until = self._line("valid_until", self.tr("Действует до"), "",
                                      self.tr("ДД.ММ.ГГГГ, пусто — бессрочно"))
        self.special = QCheckBox(self.tr("Особые категории данных (ОВЗ, здоровье)"))
        self.special.setChecked(row.special_needed)
        self._add("special_category", "", self.special)
        self.document = self._line("document_ref", self.tr("Номер или место хранения"), "")
        self.general_error = QLabel()
        self.general_error.setStyleSheet(style.FIELD_ERROR_CSS)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Записать"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.general_error)
        layout.addLayout(self.layout_)
        layout.addWidget(self.buttons)
        self._signer_changed()

    def _add(self, field: str, label: str, editor: QWidget) -> None:
        box, error = with_error_line(field, editor)
        self.errors[field], self.editors[field] = error, editor
        self.layout_.addRow(label, box)

    def _line(self, field: str, label: str, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder or self.tr("ДД.ММ.ГГГГ"))
        self._add(field, label, edit)
        return edit

    def _signer_changed(self) -> None:
        self.guardian.setEnabled(self.signers[self.signer.currentIndex()]
                                 == ConsentSigner.GUARDIAN)

    def form(self) -> ConsentForm:
        signed = parse_day(self.signed_on.text(), "signed_on", "Дата подписания")
        if signed is None:
            raise ValidationError("Укажите дату подписания согласия.", field="signed_on")
        return ConsentForm(
            person_id=self.row.person_id, signed_on=signed,
            signer=self.signers[self.signer.currentIndex()],
            guardian_name=self.guardian.currentText().strip(), scope=self.scope.text(),
            special_category=self.special.isChecked(),
            valid_until=parse_day(self.valid_until.text(), "valid_until", "Действует до"),
            document_ref=self.document.text())

    def submit(self) -> None:
        self.general_error.setVisible(False)
        for label in self.errors.values():
            label.setVisible(False)
        try:
            form = self.form()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        self.submitted.emit(form)

    def show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(message)
            self.general_error.setVisible(True)
            return
        label.setText(message)
        label.setVisible(True)
        self.editors[field].setFocus()

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def recorded(db: Database, consent_id: int, name: str, run: Run) -> ServiceCommand:
    return ServiceCommand(f"запись согласия «{short(name)}»",
                          do=lambda snapshot: restore_consent(db, snapshot),
                          undo=lambda cid: delete_consent(db, cid), first=consent_id, run=run)


def withdrawn(db: Database, consent_id: int, previous: date | None, on: date, name: str,
              run: Run) -> ServiceCommand:
    return ServiceCommand(f"отзыв согласия «{short(name)}»",
                          do=lambda _: withdraw_consent(db, consent_id, on),
                          undo=lambda prev: set_withdrawn(db, consent_id, prev),
                          first=previous, run=run)


class ConsentRegister(QDialog):
    """The register for the programme of `view` (the mentee base): its changes go through the
    base's change path, so the bases, the navigator and this table are all re-read."""

    loaded = Signal()

    def __init__(self, view: BaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentRegister")
        self.setWindowTitle(self.tr("Согласия на обработку персональных данных"))
        self.resize(self.sizeHint())
        self.view = view
        self.dialog: ConsentDialog | None = None
        self.all_rows: list[ConsentRow] = []
        self.only_missing = QCheckBox(self.tr("Только без действующего согласия"))
        self.only_missing.toggled.connect(lambda _on: self._show())
        self.count = QLabel()
        self.model = ConsentTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Реестр согласий"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 130, 250, 90, 160, 105, 130, 120)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.record_selected())
        self.record_button = QPushButton(self.tr("Записать согласие…"))
        self.record_button.clicked.connect(lambda: self.record_selected())
        self.withdraw_button = QPushButton(self.tr("Отозвать"))
        self.withdraw_button.clicked.connect(lambda: self.withdraw_selected())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        close.rejected.connect(self.reject)
        tools = QHBoxLayout()
        tools.addWidget(self.only_missing)
        tools.addStretch(1)
        tools.addWidget(self.record_button)
        tools.addWidget(self.withdraw_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        view.changed.connect(self.refresh)
        self._update_buttons()
        self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802 - wide enough for all eight columns
        return QSize(1240, 620)

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self.view.context
        if ctx is None:
            return
        db, programme_id = ctx.db, ctx.programme_id
        ctx.runner.run(lambda: consent_rows(db, programme_id), on_done=self._loaded)

    def _loaded(self, rows: list[ConsentRow]) -> None:
        self.all_rows = rows
        self._show()
        self.loaded.emit()

    def _show(self) -> None:
        selected = self.selected_row()
        rows = [r for r in self.all_rows if r.state != ConsentState.OK.value] \
            if self.only_missing.isChecked() else self.all_rows
        self.model.set_rows(rows)
        self.count.setText(self.tr("Участников: {n}, без действующего согласия: {m}").format(
            n=len(self.all_rows),
            m=sum(r.state != ConsentState.OK.value for r in self.all_rows)))
        if selected is not None:
            self.select_person(selected.person_id)
        self._update_buttons()

    def selected_row(self) -> ConsentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_person(self, person_id: int) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row.person_id == person_id:
                self.table.selectRow(i)
                return True
        return False

    def _update_buttons(self) -> None:
        ctx = self.view.context
        editable = ctx is not None and not ctx.read_only
        row = self.selected_row()
        self.record_button.setEnabled(editable and row is not None)
        self.withdraw_button.setEnabled(
            editable and row is not None and row.state in (ConsentState.OK.value,
                                                           ConsentState.NEED_WRITTEN.value)
            and row.consent_id is not None)

    # --- changing -----------------------------------------------------------------------------

    def record_selected(self) -> None:
        row, ctx = self.selected_row(), self.view.context
        if row is None or ctx is None or ctx.read_only:
            return
        dialog = ConsentDialog(row, self)
        dialog.submitted.connect(partial(self._record, dialog, row))
        self.dialog = dialog
        dialog.open()

    def _record(self, dialog: ConsentDialog, row: ConsentRow, form: ConsentForm) -> None:
        ctx = self.view.context
        assert ctx is not None
        db = ctx.db
        dialog.buttons.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            dialog.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                dialog.show_error(exc.field, exc.message)
                return True
            return False

        def saved(consent_id: int) -> None:
            dialog.buttons.setEnabled(True)
            ctx.undo_stack.push(recorded(db, consent_id, row.full_name, self.view.run_change))
            dialog.accept()
            self.view.after_change()

        ctx.runner.run(lambda: record_consent(db, form), on_done=saved, on_error=failed)

    def withdraw_selected(self, on: date | None = None) -> None:
        row, ctx = self.selected_row(), self.view.context
        if row is None or ctx is None or ctx.read_only or row.consent_id is None:
            return
        day = on or date.today()
        if not ctx.messenger.confirm(self, self.tr(
                "Отметить согласие {name} отозванным с {day}? Без действующего согласия "
                "участника нельзя включить в пару. Отметку можно отменить: «Правка → "
                "Отменить».").format(name=row.full_name, day=day_text(day))):
            return
        db, consent_id = ctx.db, row.consent_id

        def done(previous: date | None) -> None:
            ctx.undo_stack.push(withdrawn(db, consent_id, previous, day, row.full_name,
                                          self.view.run_change))
            self.view.after_change()

        ctx.runner.run(lambda: withdraw_consent(db, consent_id, day), on_done=done)


def open_consent_register(view: BaseView, parent: QWidget | None = None) -> ConsentRegister | None:
    if view.context is None:
        return None
    register = ConsentRegister(view, parent or view)
    register.open()
    return register

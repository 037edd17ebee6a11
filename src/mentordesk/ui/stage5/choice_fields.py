"""The fields a questionnaire is typed into: «1 выбор», «2 выбор»… each with a completer over
the names of the other side, matching any case and «е» for «ё» anywhere in the name."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...model.text import normalise
from ...services.preferences_names import Named
from ..style import FIELD_ERROR_CSS
from .common import EnterEdit, tr

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_FIELDS = 10
VISIBLE_ITEMS = 8


class NameCompleter(QCompleter):
    """Completes from any part of a name: the typed text and the names are compared through
    `normalise`, so «семен», «СЕМЁН» and «Семён» all find «Семёнов Пётр»."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = QStandardItemModel(self)
        self.setModel(self.names)
        self.setCompletionRole(KEY_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(VISIBLE_ITEMS)

    def set_people(self, people: Sequence[Named]) -> None:
        self.names.clear()
        for person in people:
            item = QStandardItem(person.label)
            item.setData(normalise(person.label), KEY_ROLE)
            item.setData(person.person_id, ID_ROLE)
            self.names.appendRow(item)

    def splitPath(self, path: str) -> list[str]:
        return [normalise(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class ChoiceFields(QWidget):
    """Up to ten choice fields, of which `shown` are visible. Enter moves on: to the next field,
    or, on an empty field or after the last one, out (`finished`). A mentor's list grows by a
    field when Enter is pressed on the last filled one."""

    finished = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer = NameCompleter(self)
        self.fields: list[QLineEdit] = []
        self.labels: list[QLabel] = []
        self.errors: list[QLabel] = []
        self.limit = 3
        self.shown = 3
        # Checks a field's text on Enter: None when it names someone (the text may be replaced
        # by the full name), or the problem to show under the field.
        self.resolver: Callable[[int, str], str | None] | None = None
        self.form = layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for number in range(1, MAX_FIELDS + 1):
            field = EnterEdit()
            field.setObjectName(f"choice{number}")
            field.setAccessibleName(tr("{n} выбор").format(n=number))
            field.setPlaceholderText(tr("начните вводить фамилию"))
            field.setClearButtonEnabled(True)
            field.setCompleter(self.completer)
            field.returnPressed.connect(lambda i=number - 1: self._enter(i))
            field.textEdited.connect(lambda _t, i=number - 1: self._edited(i))
            label = QLabel(tr("{n} выбор:").format(n=number))
            label.setBuddy(field)
            error = QLabel()
            error.setObjectName(f"choice{number}Error")
            error.setStyleSheet(FIELD_ERROR_CSS)
            error.setWordWrap(True)
            error.setVisible(False)
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(error)
            layout.addRow(label, cell)
            self.fields.append(field)
            self.labels.append(label)
            self.errors.append(error)
        self._show(3)

    def set_people(self, people: Sequence[Named]) -> None:
        self.completer.set_people(people)

    def set_values(self, texts: Sequence[str], limit: int) -> None:
        self.limit = limit
        for i, field in enumerate(self.fields):
            field.setText(texts[i] if i < len(texts) else "")
        self.clear_errors()
        self._show(min(limit, max(3, len(texts) + (1 if limit > 3 else 0))))

    def texts(self) -> list[str]:
        return [f.text().strip() for f in self.fields[: self.shown]]

    def set_text(self, index: int, text: str) -> None:
        self.fields[index].setText(text)

    def show_error(self, index: int, message: str) -> None:
        self.errors[index].setText(message)
        self.errors[index].setVisible(bool(message))
        if message:
            self.fields[index].setFocus()
            self.fields[index].selectAll()

    def clear_errors(self) -> None:
        for error in self.errors:
            error.clear()
            error.setVisible(False)

    def focus_first(self) -> None:
        self.fields[0].setFocus()
        self.fields[0].selectAll()

    def _show(self, count: int) -> None:
        self.shown = max(1, min(count, MAX_FIELDS))
        for i in range(MAX_FIELDS):
            self.form.setRowVisible(i, i < self.shown)
            if i >= self.shown:
                self.errors[i].setVisible(False)

    def _edited(self, index: int) -> None:
        self.errors[index].setVisible(False)
        self.edited.emit()

    def _enter(self, index: int) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            popup.hide()
        text = self.fields[index].text().strip()
        if not text:
            self.finished.emit()
            return
        problem = self.resolver(index, text) if self.resolver is not None else None
        if problem:
            self.show_error(index, problem)
            return
        if index + 1 < self.shown:
            self.fields[index + 1].setFocus()
            self.fields[index + 1].selectAll()
        elif self.shown < self.limit:
            self._show(self.shown + 1)
            self.fields[index + 1].setFocus()
        else:
            self.finished.emit()

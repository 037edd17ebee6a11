"""«Запросы и компетенции»: the curator edits which mentor competences answer each kind of
request; the matcher reads this map. Each saved kind is one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.database import Database
from ..services.request_competences import (
    KindCompetences,
    clean_competences,
    competence_map,
    known_competences,
    set_competences,
)
from .messages import Messenger
from .undo import short


class SetCompetencesCommand(QUndoCommand):
    """The service call has run once already; undo puts the previous list back."""

    def __init__(self, db: Database, kind: KindCompetences, old: list[str], new: list[str],
                 after: Callable[[], None]) -> None:
        super().__init__(f"компетенции для запроса «{short(kind.kind_name)}»")
        self._db, self._kind_id = db, kind.kind_id
        self._old, self._new = old, new
        self._after = after
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        set_competences(self._db, self._kind_id, self._new)
        self._after()

    def undo(self) -> None:
        set_competences(self._db, self._kind_id, self._old)
        self._after()


class CompetenceMapDialog(QDialog):
    def __init__(self, db: Database, messenger: Messenger, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Запросы и компетенции наставников"))
        self.setMinimumSize(780, 500)
        self.db, self.messenger, self.undo_stack = db, messenger, undo_stack
        self.kinds: list[KindCompetences] = []

        intro = QLabel(self.tr(
            "Подбор пар сравнивает ключевой запрос наставляемого с компетенциями наставника. "
            "Отметьте, какие компетенции отвечают каждому виду запроса. Сходные формулировки "
            "(«олимпиадная математика» и «подготовка к олимпиадам») тоже засчитываются, "
            "но слабее."))
        intro.setWordWrap(True)
        self.kind_list = QListWidget()
        self.kind_list.setObjectName("requestKinds")
        self.kind_list.currentRowChanged.connect(self._show_kind)
        self.competences = QListWidget()
        self.competences.setObjectName("kindCompetences")
        self.competences.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.entry = QLineEdit()
        self.entry.setObjectName("newCompetence")
        self.entry.setPlaceholderText(self.tr("Новая компетенция: «подготовка к ОГЭ»"))
        completer = QCompleter(known_competences(db), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.entry.returnPressed.connect(self.add_competence)
        add = QPushButton(self.tr("Добавить"))
        add.clicked.connect(self.add_competence)
        remove = QPushButton(self.tr("Убрать выбранные"))
        remove.setObjectName("removeCompetence")
        remove.clicked.connect(self.remove_selected)

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Компетенции, отвечающие запросу:")))
        right.addWidget(self.competences, 1)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(add)
        right.addLayout(row)
        right.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Виды запросов:")))
        left.addWidget(self.kind_list, 1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        row = max(0, self.kind_list.currentRow())
        self.kinds = competence_map(self.db)
        self.kind_list.blockSignals(True)
        self.kind_list.clear()
        for k in self.kinds:
            item = QListWidgetItem(f"{k.kind_name} ({len(k.competences)})")
            self.kind_list.addItem(item)
        self.kind_list.blockSignals(False)
        if self.kinds:
            self.kind_list.setCurrentRow(min(row, len(self.kinds) - 1))
            self._show_kind(self.kind_list.currentRow())

    def current_kind(self) -> KindCompetences | None:
        row = self.kind_list.currentRow()
        return self.kinds[row] if 0 <= row < len(self.kinds) else None

    def _show_kind(self, row: int) -> None:
        self.competences.clear()
        if 0 <= row < len(self.kinds):
            self.competences.addItems(list(self.kinds[row].competences))

    def add_competence(self) -> None:
        kind = self.current_kind()
        text = self.entry.text()
        if kind is None or not text.strip():
            return
        if self._save(kind, [*kind.competences, text]):
            self.entry.clear()

    def remove_selected(self) -> None:
        kind = self.current_kind()
        chosen = {i.text() for i in self.competences.selectedItems()}
        if kind is None or not chosen:
            return
        self._save(kind, [c for c in kind.competences if c not in chosen])

    def _save(self, kind: KindCompetences, values: list[str]) -> bool:
        try:
            new = clean_competences(values)
            old = set_competences(self.db, kind.kind_id, new)
        except Exception as exc:  # noqa: BLE001 — every failure is shown, nothing is lost
            self.messenger.error(self, exc)
            return False
        if self.undo_stack is not None:
            self.undo_stack.push(SetCompetencesCommand(self.db, kind, old, new, self.reload))
        self.reload()
        return True


def open_competence_map(db: Database, messenger: Messenger, undo_stack: QUndoStack | None,
                        parent: QWidget | None) -> Any:
    dialog = CompetenceMapDialog(db, messenger, undo_stack, parent)
    dialog.open()
    return dialog

"""The search box and the filters above a base. It only builds a `BaseQuery`; the service
answers it (any case, ё = е). Typing is debounced, so a fast typist causes one query; Enter
sends it at once. Every letter searches, the first one too: a narrower search is answered from
the rows already read (`RowSource`), so one letter over 50,000 people is quick."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...model import MenteeStatus, MentorStatus
from ...services.people import BaseQuery
from .. import style

DEBOUNCE_MS = 200


class FilterBar(QWidget):
    queryChanged = Signal(object)  # BaseQuery

    def __init__(self, mentees: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mentees = mentees
        self.search = QLineEdit()
        self.search.setObjectName("baseSearch")
        self.search.setPlaceholderText(self.tr("Поиск: фамилия, имя, класс, запрос…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Поиск по базе"))
        self.group = QLineEdit()
        self.group.setObjectName("classFilter")
        self.group.setPlaceholderText(self.tr("Класс или параллель"))
        self.group.setToolTip(self.tr("Класс («7А»), группа («ТМ-21») или параллель («7»)"))
        self.group.setMinimumWidth(175)
        self.group.setMaximumWidth(190)
        self.request_kind = QComboBox()
        self.request_kind.setObjectName("requestKindFilter")
        self.form = QComboBox()
        self.form.setObjectName("formFilter")
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("Все статусы"), None)
        for status in (MenteeStatus if mentees else MentorStatus):
            self.status.addItem(status.label, status.value)
        self.no_consent = QCheckBox(self.tr("Нет согласия"))
        self.no_consent.setObjectName("noConsentFilter")
        self.archived = QCheckBox(self.tr("Показывать архив"))
        self.archived.setObjectName("archivedFilter")
        self.error = QLabel()
        self.error.setObjectName("filterError")
        self.error.setStyleSheet(style.FIELD_ERROR_CSS)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.set_choices([], [])

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.flush)
        self.group.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.request_kind, self.form, self.status):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        for box in (self.no_consent, self.archived):
            box.toggled.connect(lambda _on: self._emit())

        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 1)
        first.addWidget(self.group)
        first.addWidget(self.no_consent)
        first.addWidget(self.archived)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        if mentees:
            second.addWidget(self.request_kind, 1)
        else:
            self.request_kind.setVisible(False)
        second.addWidget(self.form, 1)
        second.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.error)

    def set_choices(self, kinds: Sequence[tuple[int, str, bool]],
                    forms: Sequence[tuple[int, str]]) -> None:
        """The request kinds and the forms to filter by; the current choice is kept."""
        for combo, everything, items in (
                (self.request_kind, self.tr("Все виды запроса"), [(k[0], k[1]) for k in kinds]),
                (self.form, self.tr("Все формы наставничества"), list(forms))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for item_id, name in items:
                combo.addItem(name, item_id)
            at = combo.findData(current)
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

    def query(self) -> BaseQuery:
        group = self.group.text().strip()
        grade = int(group) if group.isdigit() else None
        return BaseQuery(
            text=self.search.text(),
            group_name="" if grade is not None else group,
            grade=grade,
            request_kind_id=self.request_kind.currentData() if self.mentees else None,
            form_id=self.form.currentData(),
            status=self.status.currentData(),
            consent_missing=self.no_consent.isChecked(),
            include_archived=self.archived.isChecked(),
        )

    def flush(self) -> None:
        """Send a pending search at once (tests, and Enter in the search box)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _emit(self) -> None:
        self.show_error("")
        self.queryChanged.emit(self.query())

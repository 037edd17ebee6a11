"""«Создать программу»: title, organisation, period and forms; the roadmap comes from the template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..errors import ValidationError
from ..model.enums import OrgKind
from ..services.programme import academic_year_of
from ..services.reference import FormInfo
from . import style

# Called off the GUI thread with the dialog's values; returns the new programme's id.
CreateFn = Callable[..., int]
# Runs a job through the window's Runner: (job, on_done, on_error).
RunFn = Callable[[Callable[[], int], Callable[[int], None], Callable[[BaseException], bool]], None]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CreateProgrammeDialog(QDialog):
    created = Signal(int)

    def __init__(self, forms: list[FormInfo], create: CreateFn, run: RunFn,
                 parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Создание программы наставничества"))
        self.setObjectName("createProgrammeDialog")
        self._create = create
        self._run = run
        self.programme_id: int | None = None
        start, end = academic_year_of(today or date.today())

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText(self.tr(
            "Например: Программа наставничества на {years} учебный год").format(
            years=f"{start.year}/{end.year}"))
        self.org_edit = QLineEdit()
        self.org_edit.setObjectName("organisationEdit")
        self.org_edit.setPlaceholderText(self.tr("Например: МБОУ «СОШ № 1»"))
        self.kind_combo = QComboBox()
        for kind in OrgKind:
            self.kind_combo.addItem(kind.label, kind)
        self.start_edit = self._date_edit(start)
        self.end_edit = self._date_edit(end)
        self.errors: dict[str, QLabel] = {
            name: self._error_label(name) for name in ("title", "ends_on", "forms", "")}

        form_box = QGroupBox(self.tr("Формы наставничества"))
        grid = QGridLayout(form_box)
        self.form_checks: dict[int, QCheckBox] = {}
        half = (len(forms) + 1) // 2
        for i, info in enumerate(forms):
            check = QCheckBox(info.name)
            if info.role_models:
                check.setToolTip(self.tr("Ролевые модели: {names}").format(
                    names="; ".join(name for _, name in info.role_models)))
            self.form_checks[info.id] = check
            grid.addWidget(check, i % half if half else 0, i // half if half else 0)

        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        fields.addRow(self.tr("Название программы:"), self._with_error(self.title_edit, "title"))
        fields.addRow(self.tr("Образовательная организация:"), self.org_edit)
        fields.addRow(self.tr("Тип организации:"), self.kind_combo)
        fields.addRow(self.tr("Начало:"), self.start_edit)
        fields.addRow(self.tr("Окончание:"), self._with_error(self.end_edit, "ends_on"))

        hint = QLabel(self.tr(
            "Дорожная карта будет заполнена по типовому плану семи этапов целевой модели "
            "наставничества; сроки рассчитаются от даты начала."))
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Создать"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(form_box)
        layout.addWidget(self.errors["forms"])
        layout.addWidget(hint)
        layout.addWidget(self.errors[""])
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        return edit

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{name or 'general'}")
        label.setStyleSheet(style.FIELD_ERROR_CSS)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _with_error(self, field: QWidget, name: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(self.errors[name])
        return box

    def show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors[""])
        label.setText(message)
        label.setVisible(True)
        target = {"title": self.title_edit, "ends_on": self.end_edit}.get(field)
        if target is not None:
            target.setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def values(self) -> dict[str, object]:
        return {
            "title": self.title_edit.text().strip(),
            "organisation_name": self.org_edit.text().strip(),
            "organisation_kind": self.kind_combo.currentData(),
            "starts_on": _pydate(self.start_edit.date()),
            "ends_on": _pydate(self.end_edit.date()),
            "form_ids": [fid for fid, check in self.form_checks.items() if check.isChecked()],
        }

    def validate(self) -> bool:
        """Field by field, in Russian, before anything is sent to the service."""
        self.clear_errors()
        values = self.values()
        ok = True
        if not values["title"]:
            self.show_error("title", self.tr("Укажите название программы."))
            ok = False
        if values["ends_on"] < values["starts_on"]:  # type: ignore[operator]
            self.show_error("ends_on", self.tr("Дата окончания программы раньше даты начала."))
            ok = False
        return ok

    def submit(self) -> None:
        if not self.validate():
            return
        values = self.values()
        self.ok_button.setEnabled(False)
        self._run(lambda: self._create(**values), self._done, self._failed)

    def _done(self, programme_id: int) -> None:
        self.programme_id = programme_id
        self.ok_button.setEnabled(True)
        self.created.emit(programme_id)
        self.accept()

    def _failed(self, exc: BaseException) -> bool:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_error(exc.field if exc.field in self.errors else "", exc.message)
            return True
        return False  # the one error dialog shows it


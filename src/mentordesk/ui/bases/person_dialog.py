"""Add or edit one entry of a base. The dialog only fills in a form; the view saves it off the
GUI thread and, when the service refuses, `show_error` puts the Russian message under the field
it names. The dialog stays open with everything the curator typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...errors import ValidationError
from ...model import MenteeStatus, MentorStatus, PersonKind, Sex
from ...services.people import MenteeForm, MentorForm
from .. import style

DATE_FORMAT = "%d.%m.%Y"


def parse_day(text: str, field: str, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(f"{what}: напишите дату как 05.03.2013.", field=field) from None


def day_text(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


class PersonDialog(QDialog):
    """`submitted(form)` asks the view to save; the view calls `show_error` or `accept`."""

    submitted = Signal(object)

    def __init__(self, mentees: bool, form: MenteeForm | MentorForm | None,
                 kinds: Sequence[tuple[int, str, bool]], forms: Sequence[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.mentees = mentees
        self.original: MenteeForm | MentorForm = form or (
            MenteeForm(entered_on=date.today()) if mentees else MentorForm(entered_on=date.today()))
        adding = form is None
        if mentees:
            self.setWindowTitle(self.tr("Новый наставляемый") if adding
                                else self.tr("Наставляемый"))
        else:
            self.setWindowTitle(self.tr("Новый наставник") if adding else self.tr("Наставник"))
        self.setMinimumWidth(560)
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        f = self.original

        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(style.FIELD_ERROR_CSS)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.last_name = self._line("last_name", self.tr("Фамилия"), f.last_name)
        self.first_name = self._line("first_name", self.tr("Имя"), f.first_name)
        self.patronymic = self._line("patronymic", self.tr("Отчество"), f.patronymic)
        self.sex = QComboBox()
        # Enum values are kept here, not in the combo: Qt would hand them back as plain strings.
        self.sexes: list[Sex | None] = [None, *Sex]
        self.sex.addItem(self.tr("не указан"))
        for sex in Sex:
            self.sex.addItem(sex.label)
        self.sex.setCurrentIndex(self.sexes.index(f.sex))
        self._add("sex", self.tr("Пол"), self.sex)
        self.birth = self._line("birth_date", self.tr("Дата рождения"), day_text(f.birth_date),
                                placeholder=self.tr("ДД.ММ.ГГГГ"))
        self.kind = QComboBox()
        self.kinds_ = list(PersonKind)
        for kind in self.kinds_:
            self.kind.addItem(kind.label)
        self.kind.setCurrentIndex(self.kinds_.index(f.kind))
        self._add("kind", self.tr("Вид участника"), self.kind)
        self.class_label = self._line("class_label", self.tr("Класс или группа"), f.class_label,
                                      placeholder=self.tr("например, 7А или ТМ-21"))
        self.position = self._line("position", self.tr("Должность"), f.position)
        self.phone = self._line("phone", self.tr("Телефон"), f.phone)
        self.email = self._line("email", self.tr("Электронная почта"), f.email)

        if isinstance(f, MenteeForm):
            self.request_kind = QComboBox()
            self.request_kind.addItem(self.tr("— выберите —"), None)
            for kind_id, name, _sensitive in kinds:
                self.request_kind.addItem(name, kind_id)
            self.request_kind.setCurrentIndex(max(self.request_kind.findData(f.request_kind_id), 0))
            self._add("request_kind_id", self.tr("Ключевой запрос"), self.request_kind)
            self.request_text = self._line("request_text", self.tr("Запрос подробно"),
                                           f.request_text)
            self.form_combo = QComboBox()
            self.form_combo.addItem(self.tr("не выбрана"), None)
            for form_id, name in forms:
                self.form_combo.addItem(name, form_id)
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(f.form_id), 0))
            self._add("form_id", self.tr("Форма наставничества"), self.form_combo)
            self.disability = QCheckBox(self.tr("ОВЗ (нужно письменное согласие)"))
            self.disability.setChecked(f.has_disability)
            self._add("has_disability", "", self.disability)
            statuses: Any = MenteeStatus
        else:
            assert isinstance(f, MentorForm)
            self.competences = self._line("competences", self.tr("Ключевые компетенции"),
                                          ", ".join(f.competences),
                                          placeholder=self.tr("через запятую"))
            self.capacity = QSpinBox()
            self.capacity.setRange(0, 99)
            self.capacity.setValue(f.capacity)
            self._add("capacity", self.tr("Сколько наставляемых готов вести"), self.capacity)
            self.forms_list = QListWidget()
            self.forms_list.setMaximumHeight(96)
            for form_id, name in forms:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, form_id)
                item.setCheckState(Qt.CheckState.Checked if form_id in f.form_ids
                                   else Qt.CheckState.Unchecked)
                self.forms_list.addItem(item)
            self._add("form_ids", self.tr("Формы наставничества"), self.forms_list)
            statuses = MentorStatus
        self.status = QComboBox()
        self.statuses = list(statuses)
        for status in self.statuses:
            self.status.addItem(status.label)
        self.status.setCurrentIndex(self.statuses.index(f.status))
        self._add("status", self.tr("Статус"), self.status)
        self.entered = self._line("entered_on", self.tr("Дата вхождения в программу"),
                                  day_text(f.entered_on), placeholder=self.tr("ДД.ММ.ГГГГ"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.layout_)
        layout.addWidget(self.buttons)

    def _add(self, field: str, label: str, editor: QWidget) -> None:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(editor)
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(style.FIELD_ERROR_CSS)
        error.setWordWrap(True)
        error.setVisible(False)
        inner.addWidget(error)
        self.errors[field] = error
        self.editors[field] = editor
        self.layout_.addRow(label, box)

    def _line(self, field: str, label: str, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"edit_{field}")
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        self._add(field, label, edit)
        return edit

    # --- the form ------------------------------------------------------------------------------

    def form(self) -> MenteeForm | MentorForm:
        """The form as typed, over the entry's other fields (kept as they were)."""
        values: dict[str, Any] = dict(
            last_name=self.last_name.text(), first_name=self.first_name.text(),
            patronymic=self.patronymic.text(), sex=self.sexes[self.sex.currentIndex()],
            birth_date=parse_day(self.birth.text(), "birth_date", "Дата рождения"),
            kind=self.kinds_[self.kind.currentIndex()], class_label=self.class_label.text(),
            position=self.position.text(), phone=self.phone.text(), email=self.email.text(),
            status=self.statuses[self.status.currentIndex()],
            entered_on=parse_day(self.entered.text(), "entered_on", "Дата вхождения"),
        )
        if self.mentees:
            values.update(request_kind_id=self.request_kind.currentData(),
                          request_text=self.request_text.text(),
                          form_id=self.form_combo.currentData(),
                          has_disability=self.disability.isChecked())
        else:
            checked = [self.forms_list.item(i) for i in range(self.forms_list.count())]
            values.update(competences=split_list(self.competences.text()),
                          capacity=self.capacity.value(),
                          form_ids=tuple(i.data(Qt.ItemDataRole.UserRole) for i in checked
                                         if i.checkState() == Qt.CheckState.Checked))
        return replace(self.original, **values)

    def submit(self) -> None:
        self.clear_errors()
        try:
            form = self.form()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        self.submitted.emit(form)

    def clear_errors(self) -> None:
        self.general_error.setVisible(False)
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

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

"""Add or edit one entry of a base. The dialog only fills in a form; the view saves it off the
GUI thread and, when the service refuses, `show_error` puts the Russian message under the field
it names (switching to the tab that holds it). The dialog stays open with everything the
curator typed. When the person is already known, `show_double` offers the existing entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...errors import ValidationError
from ...model import InfoSource, MenteeStatus, MentorStatus, PersonKind, Sex
from ...services.people import MenteeForm, MentorForm
from .. import style
from ..field_error import with_error_line
from .person_fields import OptionalSpin, day_text, list_text, parse_day, split_list

__all__ = ["PersonDialog", "day_text", "parse_day", "split_list"]

RoleModels = Mapping[int, Sequence[tuple[int, str]]]


class PersonDialog(QDialog):
    """`submitted(form)` asks the view to save; the view calls `show_error`, `show_double`
    or `accept`. `openExisting(person_id)` asks the view to open the entry already known."""

    submitted = Signal(object)
    openExisting = Signal(int)

    def __init__(self, mentees: bool, form: MenteeForm | MentorForm | None,
                 kinds: Sequence[tuple[int, str, bool]], forms: Sequence[tuple[int, str]],
                 parent: QWidget | None = None, *, role_models: RoleModels | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.mentees = mentees
        self.original: MenteeForm | MentorForm = form or (
            MenteeForm(entered_on=date.today()) if mentees else MentorForm(entered_on=date.today()))
        self.role_models: RoleModels = role_models or {}
        adding = form is None
        if mentees:
            self.setWindowTitle(self.tr("Новый наставляемый") if adding
                                else self.tr("Наставляемый"))
        else:
            self.setWindowTitle(self.tr("Новый наставник") if adding else self.tr("Наставник"))
        self.setMinimumWidth(640)
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self.tab_of: dict[str, int] = {}
        self.double_person: int | None = None
        f = self.original

        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(style.FIELD_ERROR_CSS)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        self.double_button = QPushButton()
        self.double_button.setObjectName("openExistingButton")
        self.double_button.setVisible(False)
        self.double_button.clicked.connect(self._open_double)
        self.tabs = QTabWidget()

        self._page(self.tr("Основное"))
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
        self.status = QComboBox()
        statuses: Any = MenteeStatus if mentees else MentorStatus
        self.statuses = list(statuses)
        for status in self.statuses:
            self.status.addItem(status.label)
        self.status.setCurrentIndex(self.statuses.index(f.status))
        self._add("status", self.tr("Статус"), self.status)
        self.entered = self._line("entered_on", self.tr("Дата вхождения в программу"),
                                  day_text(f.entered_on), placeholder=self.tr("ДД.ММ.ГГГГ"))

        self._page(self.tr("Контакты, учёба, работа"))
        self.phone = self._line("phone", self.tr("Телефон"), f.phone)
        self.email = self._line("email", self.tr("Электронная почта"), f.email)
        self.address = self._line("address", self.tr("Адрес"), f.address)
        self.place = self._line("place", self.tr("Место работы или учёбы"), f.place,
                                placeholder=self.tr("если не в нашей организации"))
        self.position = self._line("position", self.tr("Должность"), f.position)
        self.course = OptionalSpin(1, 6, f.course, self.tr("не указан"))
        self._add("course", self.tr("Курс (колледж)"), self.course)
        self.specialty = self._line("specialty", self.tr("Специальность (колледж)"), f.specialty)
        self.department = self._line("department", self.tr("Отделение (колледж)"), f.department)
        self.study_form = self._line("study_form", self.tr("Форма обучения"), f.study_form,
                                     placeholder=self.tr("например, очная"))
        self.hire_date = self._line("hire_date", self.tr("Дата приёма на работу"),
                                    day_text(f.hire_date), placeholder=self.tr("ДД.ММ.ГГГГ"))
        self.experience = OptionalSpin(0, 70, f.experience_years, self.tr("не указан"))
        self._add("experience_years", self.tr("Педагогический стаж, лет"), self.experience)
        self.qualification = self._line("qualification", self.tr("Квалификационная категория"),
                                        f.qualification)

        self._page(self.tr("Наставничество"))
        if isinstance(f, MenteeForm):
            self._mentee_fields(f, kinds, forms)
        else:
            assert isinstance(f, MentorForm)
            self._mentor_fields(f, forms)
        self.meeting_times = self._tags("meeting_times", self.tr("Удобное время встреч"),
                                        f.meeting_times, self.tr("например, вт 15:00, чт 16:00"))
        self.results = self._line("results", self.tr("Результаты"), f.results)
        self.case_link = self._line("case_link", self.tr("Ссылка на кейс"), f.case_link)
        self.notes = self._line("notes", self.tr("Примечания"), f.notes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.general_error, 1)
        top.addWidget(self.double_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    def _mentee_fields(self, f: MenteeForm, kinds: Sequence[tuple[int, str, bool]],
                       forms: Sequence[tuple[int, str]]) -> None:
        self.request_kind = QComboBox()
        self.request_kind.addItem(self.tr("— выберите —"), None)
        for kind_id, name, _sensitive in kinds:
            self.request_kind.addItem(name, kind_id)
        self.request_kind.setCurrentIndex(max(self.request_kind.findData(f.request_kind_id), 0))
        self._add("request_kind_id", self.tr("Ключевой запрос"), self.request_kind)
        self.request_text = self._line("request_text", self.tr("Запрос подробно"), f.request_text)
        self.form_combo = QComboBox()
        self.form_combo.addItem(self.tr("не выбрана"), None)
        for form_id, name in forms:
            self.form_combo.addItem(name, form_id)
        self.form_combo.setCurrentIndex(max(self.form_combo.findData(f.form_id), 0))
        self._add("form_id", self.tr("Форма наставничества"), self.form_combo)
        self.role_model = QComboBox()
        self._add("role_model_id", self.tr("Ролевая модель"), self.role_model)
        self._fill_role_models(f.role_model_id)
        self.form_combo.currentIndexChanged.connect(
            lambda _i: self._fill_role_models(self.role_model.currentData()))
        self.interests = self._tags("interests", self.tr("Интересы"), f.interests)
        self.subjects = self._tags("subjects", self.tr("Предметы"), f.subjects)
        self.info_source = QComboBox()
        self.sources: list[InfoSource | None] = [None, *InfoSource]
        self.info_source.addItem(self.tr("не указан"))
        for source in InfoSource:
            self.info_source.addItem(source.label)
        self.info_source.setCurrentIndex(self.sources.index(f.info_source))
        self._add("info_source", self.tr("Откуда узнал о программе"), self.info_source)
        self.disability = QCheckBox(self.tr("ОВЗ (нужно письменное согласие)"))
        self.disability.setChecked(f.has_disability)
        self._add("has_disability", "", self.disability)

    def _fill_role_models(self, keep: int | None) -> None:
        models = self.role_models.get(self.form_combo.currentData(), ())
        self.role_model.clear()
        self.role_model.addItem(self.tr("не выбрана") if models
                                else self.tr("сначала выберите форму"), None)
        for model_id, name in models:
            self.role_model.addItem(name, model_id)
        self.role_model.setCurrentIndex(max(self.role_model.findData(keep), 0))
        self.role_model.setEnabled(bool(models))

    def _mentor_fields(self, f: MentorForm, forms: Sequence[tuple[int, str]]) -> None:
        self.competences = self._tags("competences", self.tr("Ключевые компетенции"),
                                      f.competences)
        self.achievements = self._line("achievements", self.tr("Достижения"), f.achievements)
        self.interests = self._tags("interests", self.tr("Интересы"), f.interests)
        self.subjects = self._tags("subjects", self.tr("Предметы"), f.subjects)
        ages = QWidget()
        row = QHBoxLayout(ages)
        row.setContentsMargins(0, 0, 0, 0)
        self.age_min = OptionalSpin(5, 99, f.mentee_age_min, self.tr("не важно"))
        self.age_max = OptionalSpin(5, 99, f.mentee_age_max, self.tr("не важно"))
        for text, spin in ((self.tr("от"), self.age_min), (self.tr("до"), self.age_max)):
            row.addWidget(QLabel(text))
            row.addWidget(spin)
        row.addStretch(1)
        self._add("mentee_age_min", self.tr("Возраст наставляемых"), ages)
        self.errors["mentee_age_max"] = self.errors["mentee_age_min"]
        self.editors["mentee_age_max"] = self.age_max
        self.tab_of["mentee_age_max"] = self.tab_of["mentee_age_min"]
        self.editors["mentee_age_min"] = self.age_min
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 50)
        self.capacity.setValue(max(1, f.capacity))
        self._add("capacity", self.tr("Сколько наставляемых готов вести"), self.capacity)
        self.forms_list = QListWidget()
        self.forms_list.setMaximumHeight(110)
        for form_id, name in forms:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, form_id)
            item.setCheckState(Qt.CheckState.Checked if form_id in f.form_ids
                               else Qt.CheckState.Unchecked)
            self.forms_list.addItem(item)
        self._add("form_ids", self.tr("Формы наставничества"), self.forms_list)
        self.share = QCheckBox(self.tr("Можно передавать сведения в муниципальную базу"))
        self.share.setChecked(f.share_with_district)
        self._add("share_with_district", "", self.share)
        self.reserve = QCheckBox(self.tr("В долгосрочной базе (не в этой программе)"))
        self.reserve.setChecked(f.in_reserve)
        self._add("in_reserve", "", self.reserve)

    # --- building ------------------------------------------------------------------------------

    def _page(self, title: str) -> None:
        page = QWidget()
        self.layout_ = QFormLayout(page)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.tabs.addTab(page, title)

    def _add(self, field: str, label: str, editor: QWidget) -> None:
        box, error = with_error_line(field, editor)
        self.errors[field] = error
        self.editors[field] = editor
        self.tab_of[field] = self.tabs.count() - 1
        self.layout_.addRow(label, box)

    def _line(self, field: str, label: str, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"edit_{field}")
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        self._add(field, label, edit)
        return edit

    def _tags(self, field: str, label: str, values: tuple[str, ...],
              placeholder: str = "") -> QLineEdit:
        return self._line(field, label, list_text(values),
                          placeholder or self.tr("через запятую"))

    # --- the form ------------------------------------------------------------------------------

    def form(self) -> MenteeForm | MentorForm:
        """The form as typed, over the entry's other fields (kept as they were)."""
        values: dict[str, Any] = dict(
            last_name=self.last_name.text(), first_name=self.first_name.text(),
            patronymic=self.patronymic.text(), sex=self.sexes[self.sex.currentIndex()],
            birth_date=parse_day(self.birth.text(), "birth_date", "Дата рождения"),
            kind=self.kinds_[self.kind.currentIndex()], class_label=self.class_label.text(),
            phone=self.phone.text(), email=self.email.text(), address=self.address.text(),
            place=self.place.text(), position=self.position.text(),
            course=self.course.optional_value(), specialty=self.specialty.text(),
            department=self.department.text(), study_form=self.study_form.text(),
            hire_date=parse_day(self.hire_date.text(), "hire_date", "Дата приёма на работу"),
            experience_years=self.experience.optional_value(),
            qualification=self.qualification.text(), notes=self.notes.text(),
            status=self.statuses[self.status.currentIndex()],
            entered_on=parse_day(self.entered.text(), "entered_on", "Дата вхождения"),
            interests=split_list(self.interests.text()),
            subjects=split_list(self.subjects.text()),
            meeting_times=split_list(self.meeting_times.text()),
            results=self.results.text(), case_link=self.case_link.text(),
        )
        if self.double_person is not None:
            values["person_id"] = self.double_person
        if self.mentees:
            values.update(request_kind_id=self.request_kind.currentData(),
                          request_text=self.request_text.text(),
                          form_id=self.form_combo.currentData(),
                          role_model_id=self.role_model.currentData(),
                          info_source=self.sources[self.info_source.currentIndex()],
                          has_disability=self.disability.isChecked())
        else:
            checked = [self.forms_list.item(i) for i in range(self.forms_list.count())]
            values.update(competences=split_list(self.competences.text()),
                          achievements=self.achievements.text(),
                          mentee_age_min=self.age_min.optional_value(),
                          mentee_age_max=self.age_max.optional_value(),
                          capacity=self.capacity.value(),
                          share_with_district=self.share.isChecked(),
                          in_reserve=self.reserve.isChecked(),
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
        self.double_button.setVisible(False)
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(message)
            self.general_error.setVisible(True)
            return
        self.tabs.setCurrentIndex(self.tab_of[field])
        label.setText(message)
        label.setVisible(True)
        self.editors[field].setFocus()

    def show_double(self, person_id: int, description: str, profile_id: int | None) -> None:
        """Someone with this ФИО and birth date is known: open their entry (when it is in this
        base) or make this entry for that person, instead of creating a double."""
        self.tabs.setCurrentIndex(0)
        self._double = (person_id, profile_id)
        if profile_id is not None:
            text = self.tr("{who} уже есть в этой базе. Откройте существующую запись, чтобы "
                           "не заводить двойника.").format(who=description)
            self.double_button.setText(self.tr("Открыть существующую запись"))
        else:
            text = self.tr("{who} уже есть среди участников. Добавьте в базу этого человека, "
                           "чтобы не заводить двойника.").format(who=description)
            self.double_button.setText(self.tr("Добавить существующего человека"))
        self.general_error.setText(text)
        self.general_error.setVisible(True)
        self.double_button.setVisible(True)

    def _open_double(self) -> None:
        person_id, profile_id = self._double
        if profile_id is not None:
            self.openExisting.emit(profile_id)
            return
        self.double_person = person_id
        self.submit()

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

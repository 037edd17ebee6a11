"""The two bases on a real demo database: models, search, filters, columns, editing with undo,
deleting, exporting. One widget at a time, offscreen; no timings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from mentordesk.model import MentorStatus, PersonKind, Sex
from mentordesk.services.database import open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.people import (
    ALL,
    MenteeForm,
    mentee_rows,
    mentor_rows,
    save_mentee,
    snapshot_mentee,
    snapshot_mentor,
)
from mentordesk.services.programme import current_programme_id
from mentordesk.services.reference import list_request_kinds
from mentordesk.ui.bases.base_view import BaseContext, BaseView
from mentordesk.ui.bases.columns import MENTEE_COLUMNS, MENTOR_COLUMNS
from mentordesk.ui.bases.model import MISSING_CONSENT, BaseTableModel
from mentordesk.ui.worker import Runner

from .conftest import FakeMessenger


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, "school", 3)
    programme_id = current_programme_id(db)
    assert programme_id is not None
    kind_id = list_request_kinds(db)[0][0]
    save_mentee(db, programme_id, MenteeForm(
        last_name="Ёлкина", first_name="Алёна", patronymic="Петровна", sex=Sex.FEMALE,
        birth_date=date(date.today().year - 13, 3, 5), kind=PersonKind.PUPIL, class_label="7Б",
        request_kind_id=kind_id, entered_on=date.today()))
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    db = open_database(copy)
    yield db, current_programme_id(db)
    db.close()


def make_view(qtbot: Any, demo: Any, messenger: FakeMessenger, settings: QSettings,
              mentees: bool = True) -> tuple[BaseView, QUndoStack]:
    db, programme_id = demo
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host, messenger)
    stack = QUndoStack(host)
    view = BaseView(mentees, host)
    view.set_context(BaseContext(db, programme_id, runner, messenger, stack, settings))
    wait(qtbot, view)
    return view, stack


def wait(qtbot: Any, view: BaseView) -> None:
    view.filter_bar.flush()
    assert view.context is not None
    runner = view.context.runner
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)


def names(view: BaseView) -> list[str]:
    return [view.model.row_at(i).full_name for i in range(view.model.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester: Any, demo: Any) -> None:
    db, programme_id = demo
    for columns, rows in ((MENTEE_COLUMNS, mentee_rows(db, programme_id, ALL)),
                          (MENTOR_COLUMNS, mentor_rows(db, programme_id, ALL))):
        model = BaseTableModel(columns)
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model, force_py=True)


def test_sorting_puts_yo_with_ye(demo: Any) -> None:
    db, programme_id = demo
    model = BaseTableModel(MENTEE_COLUMNS)
    model.set_rows(mentee_rows(db, programme_id, ALL))
    model.sort(0)
    shown = [model.index(i, 0).data() for i in range(model.rowCount())]
    at = shown.index("Ёлкина Алёна Петровна")
    assert shown[at - 1].casefold().replace("ё", "е") <= "елкина"
    assert shown[at + 1].casefold().replace("ё", "е") >= "елкина"


def test_search_folds_case_and_yo(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                  settings: QSettings) -> None:
    view, _ = make_view(qtbot, demo, messenger, settings)
    everybody = view.model.rowCount()
    view.filter_bar.search.setText("ЕЛКИНА")
    wait(qtbot, view)
    assert names(view) == ["Ёлкина Алёна Петровна"]
    view.filter_bar.search.setText("алёна ёлкина")
    wait(qtbot, view)
    assert names(view) == ["Ёлкина Алёна Петровна"]
    view.filter_bar.search.setText("")
    wait(qtbot, view)
    assert view.model.rowCount() == everybody


def test_each_filter(qtbot: Any, demo: Any, messenger: FakeMessenger,
                     settings: QSettings) -> None:
    view, _ = make_view(qtbot, demo, messenger, settings)
    everybody = view.model.rows()
    bar = view.filter_bar
    bar.group.setText("7Б")
    wait(qtbot, view)
    assert view.model.rowCount() > 0
    assert all(r.class_or_post == "7Б" for r in view.model.rows())
    bar.group.setText("7")
    wait(qtbot, view)
    assert view.model.rowCount() > 0 and all(r.grade == 7 for r in view.model.rows())
    bar.group.setText("99Щ")
    wait(qtbot, view)
    assert "99Щ" in bar.error.text() and not bar.error.isHidden()
    bar.group.setText("")
    wait(qtbot, view)

    kind = next(r.request_kind_id for r in everybody if r.request_kind_id)
    bar.request_kind.setCurrentIndex(bar.request_kind.findData(kind))
    wait(qtbot, view)
    assert 0 < view.model.rowCount() < len(everybody)
    assert all(r.request_kind_id == kind for r in view.model.rows())
    bar.request_kind.setCurrentIndex(0)

    form = next(r.form_id for r in everybody if r.form_id)
    bar.form.setCurrentIndex(bar.form.findData(form))
    wait(qtbot, view)
    assert view.model.rowCount() > 0 and all(r.form_id == form for r in view.model.rows())
    bar.form.setCurrentIndex(0)

    status = everybody[0].status
    bar.status.setCurrentIndex(bar.status.findData(status))
    wait(qtbot, view)
    assert view.model.rowCount() > 0 and all(r.status == status for r in view.model.rows())
    bar.status.setCurrentIndex(0)

    bar.no_consent.setChecked(True)
    wait(qtbot, view)
    lacking = view.model.rows()
    assert lacking and all(not r.consent_ok for r in lacking)
    assert len(lacking) == sum(not r.consent_ok for r in everybody)
    consent = view.model.column_of("consent")
    cell = view.model.index(0, consent)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == MISSING_CONSENT
    assert "Согласие" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_column_choice_is_remembered(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                     settings: QSettings) -> None:
    view, _ = make_view(qtbot, demo, messenger, settings)
    menu = view.column_menu()
    actions = {a.data(): a for a in menu.actions()}
    assert actions["mentor"].isChecked() and actions["mentor"].isCheckable()
    actions["mentor"].setChecked(False)  # as the curator unticks it in the header's menu
    actions["contacts"].setChecked(True)
    assert view.table.isColumnHidden(view.model.column_of("mentor"))
    again, _ = make_view(qtbot, demo, messenger, settings)
    assert again.table.isColumnHidden(again.model.column_of("mentor"))
    assert not again.table.isColumnHidden(again.model.column_of("contacts"))
    assert "Контакты" in [again.model.columns[c].header for c in again.visible_columns()]


def open_dialog(qtbot: Any, view: BaseView, row_id: int | None) -> Any:
    if row_id is None:
        view.add()
    else:
        assert view.select_id(row_id)
        view.edit_selected()
        qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    assert view.dialog is not None
    return view.dialog


def test_bad_class_is_shown_at_the_field(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                         settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings)
    pupil = next(r for r in view.model.rows() if r.grade)
    dialog = open_dialog(qtbot, view, pupil.id)
    assert dialog.last_name.text()
    dialog.first_name.setText("Изменённое")
    dialog.class_label.setText("15Я")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error_text("class_label")))
    assert "15Я" in dialog.error_text("class_label")
    assert dialog.isVisible()
    assert dialog.class_label.text() == "15Я"
    assert dialog.first_name.text() == "Изменённое"
    assert not messenger.errors and stack.count() == 0


def test_add_undo_redo(qtbot: Any, demo: Any, messenger: FakeMessenger,
                       settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings)
    before = view.model.rowCount()
    dialog = open_dialog(qtbot, view, None)
    dialog.last_name.setText("Щукина")
    dialog.first_name.setText("Дарья")
    dialog.birth.setText(f"01.02.{date.today().year - 12}")
    dialog.class_label.setText("6 а")
    dialog.request_kind.setCurrentIndex(1)
    dialog.submit()
    wait(qtbot, view)
    assert not dialog.general_error.text() and not messenger.errors
    assert not [f for f in dialog.errors if dialog.error_text(f)], [
        dialog.error_text(f) for f in dialog.errors]
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=20000)
    wait(qtbot, view)
    assert not messenger.errors
    assert view.model.rowCount() == before + 1
    assert "Щукина Дарья" in names(view)
    assert view.selected_row().full_name == "Щукина Дарья"
    stack.undo()
    wait(qtbot, view)
    assert "Щукина Дарья" not in names(view)
    stack.redo()
    wait(qtbot, view)
    assert "Щукина Дарья" in names(view) and not messenger.errors


def test_edit_then_undo(qtbot: Any, demo: Any, messenger: FakeMessenger,
                        settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings)
    row = view.model.rows()[0]
    dialog = open_dialog(qtbot, view, row.id)
    dialog.request_text.setText("Новый подробный запрос")
    dialog.submit()
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=20000)
    wait(qtbot, view)
    assert view.model.row_at(view.model.row_of_id(row.id)).request_text == "Новый подробный запрос"
    stack.undo()
    wait(qtbot, view)
    assert view.model.row_at(view.model.row_of_id(row.id)).request_text == row.request_text


def test_archive_and_restore(qtbot: Any, demo: Any, messenger: FakeMessenger,
                             settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings, mentees=False)
    free = next(r for r in view.model.rows() if r.load == 0)
    view.select_id(free.id)
    view.archive_selected()
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=20000)
    wait(qtbot, view)
    assert view.model.row_of_id(free.id) < 0
    view.filter_bar.archived.setChecked(True)
    wait(qtbot, view)
    assert view.model.row_at(view.model.row_of_id(free.id)).archived
    assert view.select_id(free.id) and view.restore_button.isEnabled()
    view.restore_selected()
    qtbot.waitUntil(lambda: stack.count() == 2, timeout=20000)
    wait(qtbot, view)
    assert not view.model.row_at(view.model.row_of_id(free.id)).archived
    stack.undo()  # back to the archive
    wait(qtbot, view)
    assert view.model.row_at(view.model.row_of_id(free.id)).archived
    stack.undo()  # out of it again
    view.filter_bar.archived.setChecked(False)
    wait(qtbot, view)
    assert view.model.row_of_id(free.id) >= 0 and not messenger.errors


def test_delete_asks_and_undo_brings_back(qtbot: Any, demo: Any, settings: QSettings) -> None:
    messenger = FakeMessenger()
    view, stack = make_view(qtbot, demo, messenger, settings)
    row = next(r for r in view.model.rows() if r.full_name.startswith("Ёлкина"))
    view.select_id(row.id)
    messenger.confirm_answer = False
    view.delete_selected()
    wait(qtbot, view)
    assert len(messenger.asked) == 1 and "Ёлкина" in messenger.asked[0]
    assert view.model.row_of_id(row.id) >= 0 and stack.count() == 0
    messenger.confirm_answer = True
    view.delete_selected()
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=20000)
    wait(qtbot, view)
    assert view.model.row_of_id(row.id) < 0
    stack.undo()
    wait(qtbot, view)
    assert view.model.row_of_id(row.id) >= 0 and not messenger.errors


def test_export_writes_the_current_view(qtbot: Any, demo: Any, settings: QSettings,
                                        tmp_path: Path) -> None:
    messenger = FakeMessenger()
    view, _ = make_view(qtbot, demo, messenger, settings)
    view.filter_bar.group.setText("7")
    wait(qtbot, view)
    shown = names(view)
    messenger.save_path = str(tmp_path / "view.xlsx")
    view.export_view()
    wait(qtbot, view)
    assert not messenger.errors and messenger.infos
    sheet = openpyxl.load_workbook(tmp_path / "view.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "ФИО"
    assert [r[0] for r in values[1:]] == shown

    messenger.save_path = str(tmp_path / "bases.xlsx")
    view.export_all()
    wait(qtbot, view)
    book = openpyxl.load_workbook(tmp_path / "bases.xlsx")
    assert book.sheetnames == ["База наставляемых", "База наставников"]
    assert book["База наставляемых"].max_row > 1 and not messenger.errors


def test_mentor_dialog_saves_every_field(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                         settings: QSettings) -> None:
    db, _ = demo
    view, stack = make_view(qtbot, demo, messenger, settings, mentees=False)
    row = next(r for r in view.model.rows() if r.load == 0)
    dialog = open_dialog(qtbot, view, row.id)
    dialog.competences.setText("робототехника, Python ; 3D-печать")
    dialog.achievements.setText("Победитель конкурса «Учитель года»")
    dialog.interests.setText("шахматы, туризм")
    dialog.subjects.setText("информатика")
    dialog.age_min.setValue(12)
    dialog.age_max.setValue(15)
    dialog.meeting_times.setText("вт 15:00, чт 16:00")
    dialog.capacity.setValue(3)
    dialog.address.setText("г. Вологда, ул. Ленина, 1")
    items = [dialog.forms_list.item(i) for i in range(dialog.forms_list.count())]
    checked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
    assert len(checked) >= 1
    if len(checked) > 1:  # the list is checkable: untick one of the forms
        checked[-1].setCheckState(Qt.CheckState.Unchecked)
        checked = checked[:-1]
    form_ids = tuple(sorted(i.data(Qt.ItemDataRole.UserRole) for i in checked))
    dialog.status.setCurrentIndex(dialog.statuses.index(MentorStatus.TRAINED))
    dialog.submit()
    qtbot.waitUntil(lambda: stack.count() == 1 or bool(messenger.errors)
                    or any(dialog.error_text(f) for f in dialog.errors), timeout=20000)
    assert stack.count() == 1, ([(f, dialog.error_text(f)) for f in dialog.errors
                                 if dialog.error_text(f)], messenger.errors)
    saved = snapshot_mentor(db, row.id)
    assert saved.competences == ("робототехника", "Python", "3D-печать")
    assert saved.achievements.startswith("Победитель")
    assert saved.interests == ("шахматы", "туризм") and saved.subjects == ("информатика",)
    assert (saved.mentee_age_min, saved.mentee_age_max) == (12, 15)
    assert saved.meeting_times == ("вт 15:00", "чт 16:00")
    assert saved.capacity == 3 and saved.form_ids == form_ids
    assert saved.status == MentorStatus.TRAINED and saved.address.startswith("г. Вологда")
    assert dialog.capacity.minimum() == 1


def test_age_range_error_keeps_what_was_typed(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                              settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings, mentees=False)
    dialog = open_dialog(qtbot, view, view.model.rows()[0].id)
    dialog.achievements.setText("Новое достижение")
    dialog.tabs.setCurrentIndex(0)
    dialog.age_min.setValue(15)
    dialog.age_max.setValue(10)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error_text("mentee_age_max")), timeout=20000)
    assert "15" in dialog.error_text("mentee_age_max")
    assert dialog.tabs.currentIndex() == dialog.tab_of["mentee_age_max"]
    assert dialog.achievements.text() == "Новое достижение"
    assert (dialog.age_min.value(), dialog.age_max.value()) == (15, 10)
    assert stack.count() == 0 and not messenger.errors


def test_mentee_dialog_role_model_follows_form(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                               settings: QSettings) -> None:
    db, _ = demo
    view, stack = make_view(qtbot, demo, messenger, settings)
    row = next(r for r in view.model.rows() if r.full_name.startswith("Ёлкина"))
    dialog = open_dialog(qtbot, view, row.id)
    assert not dialog.role_model.isEnabled()  # no form chosen yet
    with_models = next(i for i in range(1, dialog.form_combo.count())
                       if view.role_models.get(dialog.form_combo.itemData(i)))
    dialog.form_combo.setCurrentIndex(with_models)
    form_id = dialog.form_combo.currentData()
    assert dialog.role_model.isEnabled()
    assert dialog.role_model.count() == len(view.role_models[form_id]) + 1
    dialog.role_model.setCurrentIndex(1)
    model_id = dialog.role_model.currentData()
    dialog.interests.setText("рисование, музыка")
    dialog.subjects.setText("математика")
    dialog.address.setText("ул. Мира, 5")
    dialog.submit()
    qtbot.waitUntil(lambda: stack.count() == 1 or bool(messenger.errors)
                    or any(dialog.error_text(f) for f in dialog.errors)
                    or not dialog.general_error.isHidden(), timeout=20000)
    assert stack.count() == 1, ({f: dialog.error_text(f) for f in dialog.errors},
                                dialog.general_error.text(), messenger.errors)
    saved = snapshot_mentee(db, row.id)
    assert (saved.form_id, saved.role_model_id) == (form_id, model_id)
    assert saved.interests == ("рисование", "музыка") and saved.subjects == ("математика",)
    assert saved.address == "ул. Мира, 5"


def test_a_double_offers_the_existing_entry(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                            settings: QSettings) -> None:
    view, stack = make_view(qtbot, demo, messenger, settings)
    existing = next(r for r in view.model.rows() if r.full_name.startswith("Ёлкина"))
    before = view.model.rowCount()
    dialog = open_dialog(qtbot, view, None)
    dialog.last_name.setText("ЕЛКИНА")
    dialog.first_name.setText("Алена")
    dialog.patronymic.setText("Петровна")
    dialog.birth.setText(f"05.03.{date.today().year - 13}")
    dialog.class_label.setText("7Б")
    dialog.request_kind.setCurrentIndex(1)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.double_button.isVisibleTo(dialog), timeout=20000)
    assert dialog.double_button.text() == "Открыть существующую запись"
    assert "Ёлкина" in dialog.general_error.text() and dialog.isVisible()
    assert stack.count() == 0 and not messenger.errors
    dialog.double_button.click()
    qtbot.waitUntil(lambda: view.dialog is not dialog and view.dialog is not None
                    and view.dialog.isVisible(), timeout=20000)
    assert view.dialog.original.id == existing.id
    wait(qtbot, view)
    assert view.model.rowCount() == before


def test_messenger_questions_are_russian() -> None:
    from mentordesk.ui.messages import build_confirm_box, filter_suffix

    box = build_confirm_box(None, "Удалить?")
    texts = {b.text() for b in box.buttons()}
    assert texts == {"Да", "Нет"}
    assert box.defaultButton().text() == "Нет"
    assert filter_suffix("Книга Excel (*.xlsx)") == ".xlsx"


def test_column_order_is_remembered(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                    settings: QSettings) -> None:
    view, _ = make_view(qtbot, demo, messenger, settings)
    header = view.table.horizontalHeader()
    status = view.model.column_of("status")
    header.moveSection(header.visualIndex(status), 1)  # as the curator drags the section
    view.column_menu().actions()[view.model.column_of("mentor")].setChecked(False)
    order = view.column_order()
    assert order[:2] == ["full_name", "status"]
    again, _ = make_view(qtbot, demo, messenger, settings)
    assert again.column_order() == order
    assert again.table.isColumnHidden(again.model.column_of("mentor"))
    shown = [again.model.columns[c].key for c in again.visible_columns()]
    assert shown[:2] == ["full_name", "status"] and "mentor" not in shown

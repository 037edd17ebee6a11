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

from mentordesk.model import PersonKind, Sex
from mentordesk.services.database import open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.people import ALL, MenteeForm, mentee_rows, mentor_rows, save_mentee
from mentordesk.services.programme import current_programme_id
from mentordesk.services.reference import list_request_kinds
from mentordesk.ui.bases.base_view import BaseContext, BaseView
from mentordesk.ui.bases.columns import MENTEE_COLUMNS, MENTOR_COLUMNS
from mentordesk.ui.bases.model import MISSING_CONSENT, BaseTableModel
from mentordesk.ui.worker import Runner

from .conftest import FakeMessenger


class AskingMessenger(FakeMessenger):
    def __init__(self) -> None:
        super().__init__()
        self.confirm_answer = True
        self.asked: list[str] = []
        self.save_path: str | None = None

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def ask_save_path(self, parent: QWidget | None, title: str, start: str) -> str | None:
        return self.save_path


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
    messenger = AskingMessenger()
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
    messenger = AskingMessenger()
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

"""The consent register on a real demo database, opened from the stage 2 page: the table,
the filter, recording and withdrawing a consent, each undone and redone. Offscreen, no timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from mentordesk.services.consent import ConsentState, consent_rows
from mentordesk.services.database import open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.programme import current_programme_id
from mentordesk.ui.consent_register import ConsentRegister, ConsentTableModel
from mentordesk.ui.main_window import MainWindow

from .conftest import FakeMessenger
from .russian import english_words

OK = ConsentState.OK.value


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("consents") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, "school", 3)
    db.close()
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def test_model_passes_the_model_tester(qtmodeltester: Any, demo_file: Path) -> None:
    db = open_database(demo_file, read_only=True)
    try:
        rows = consent_rows(db, current_programme_id(db))
    finally:
        db.close()
    model = ConsentTableModel()
    model.set_rows(rows)
    assert model.rowCount() == len(rows) > 0
    qtmodeltester.check(model, force_py=True)


def open_register(qtbot: Any, messenger: FakeMessenger, settings: QSettings,
                  path: Path) -> tuple[MainWindow, ConsentRegister]:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    window.open_at_startup(str(path))
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    qtbot.waitUntil(lambda: not window.runner.busy)
    page = window.workspace.stage_pages[2]
    assert page.consent_button.text() == "Согласия на обработку данных"
    assert window.workspace.stage_pages[3].findChild(object, "consentRegisterButton") is None
    page.consent_button.click()
    register = page.dialog
    assert isinstance(register, ConsentRegister)
    settle(qtbot, window)
    return window, register


def settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def row_of(register: ConsentRegister, person_id: int) -> Any:
    return next(r for r in register.all_rows if r.person_id == person_id)


def test_register_shows_rows_and_filters(qtbot: Any, messenger: FakeMessenger,
                                         settings: QSettings, demo_copy: Path) -> None:
    window, register = open_register(qtbot, messenger, settings, demo_copy)
    assert register.model.rowCount() == len(register.all_rows) > 0
    headers = [register.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(register.model.columnCount())]
    assert headers[:3] == ["ФИО", "Класс / должность", "Кто подписал"]
    register.only_missing.setChecked(True)
    shown = register.model.rows()
    assert shown and all(r.state != OK for r in shown)
    assert len(shown) == sum(r.state != OK for r in register.all_rows)
    assert not english_words(register) and not messenger.errors


def test_record_for_a_minor_needs_the_guardian_and_undoes(
        qtbot: Any, messenger: FakeMessenger, settings: QSettings, demo_copy: Path) -> None:
    window, register = open_register(qtbot, messenger, settings, demo_copy)
    register.only_missing.setChecked(True)
    minor = next(r for r in register.model.rows() if r.minor)
    assert register.select_person(minor.person_id)
    register.record_selected()
    dialog = register.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.guardian.setEditText("")
    dialog.document.setText("№ 17 в папке 7Б")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error_text("guardian")), timeout=20000)
    assert "представител" in dialog.error_text("guardian")
    assert dialog.isVisible() and dialog.document.text() == "№ 17 в папке 7Б"
    assert window.undo_stack.count() == 0 and not messenger.errors

    dialog.guardian.setEditText("Петрова Ольга Ивановна")
    dialog.submit()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=20000)
    settle(qtbot, window)
    row = row_of(register, minor.person_id)
    assert row.state in (OK, ConsentState.NEED_WRITTEN.value)
    assert row.signed_by == "Петрова Ольга Ивановна" and not dialog.isVisible()
    # the mentee base's consent column was re-read too
    base = window.workspace.stage_pages[2].base
    assert base is not None
    window.undo_stack.undo()
    settle(qtbot, window)
    assert row_of(register, minor.person_id).state == minor.state != OK
    window.undo_stack.redo()
    settle(qtbot, window)
    assert row_of(register, minor.person_id).signed_by == "Петрова Ольга Ивановна"
    assert not messenger.errors


def test_withdraw_asks_and_undoes(qtbot: Any, messenger: FakeMessenger, settings: QSettings,
                                  demo_copy: Path) -> None:
    window, register = open_register(qtbot, messenger, settings, demo_copy)
    valid = next(r for r in register.all_rows if r.state == OK)
    assert register.select_person(valid.person_id)
    assert register.withdraw_button.isEnabled()
    messenger.confirm_answer = False
    register.withdraw_selected()
    settle(qtbot, window)
    assert len(messenger.asked) == 1 and valid.full_name in messenger.asked[0]
    assert window.undo_stack.count() == 0
    messenger.confirm_answer = True
    register.withdraw_selected()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=20000)
    settle(qtbot, window)
    assert row_of(register, valid.person_id).state == ConsentState.WITHDRAWN.value
    window.undo_stack.undo()
    settle(qtbot, window)
    assert row_of(register, valid.person_id).state == OK
    window.undo_stack.redo()
    settle(qtbot, window)
    assert row_of(register, valid.person_id).state == ConsentState.WITHDRAWN.value
    assert not messenger.errors

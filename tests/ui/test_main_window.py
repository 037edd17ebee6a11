"""The main window on real SQLite files, driven without any blocking dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mentordesk.errors import DatabaseCorrupt, StorageError
from mentordesk.services.database import open_database
from mentordesk.services.programme import current_programme_id
from mentordesk.services.roadmap import list_tasks
from mentordesk.storage.lock import WriterLock
from mentordesk.ui import prefs
from mentordesk.ui.main_window import MainWindow
from mentordesk.ui.roadmap_model import DONE

from .conftest import PROGRAMME_TITLE, FakeMessenger


def make_window(qtbot, messenger, settings) -> MainWindow:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    return window


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy)


def open_in(qtbot, window: MainWindow, target: Path, **kwargs) -> None:
    window.open_at_startup(str(target), **kwargs)
    qtbot.waitUntil(lambda: window.db is not None or bool(window.messenger.errors))
    wait_idle(qtbot, window)


def done_marks(path: Path, stage: int) -> list[bool]:
    db = open_database(path, read_only=True)
    try:
        programme_id = current_programme_id(db)
        assert programme_id is not None
        return [t.done for t in list_tasks(db, programme_id, stage=stage)]
    finally:
        db.close()


def test_a_programme_opens_on_its_current_stage(qtbot, messenger, settings, programme_file):
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, programme_file)
    assert window.central.currentWidget() is window.workspace
    assert window.workspace.header.title.text() == PROGRAMME_TITLE
    assert "2025/2026 учебный год" in window.workspace.header.details.text()
    assert "МБОУ «СОШ № 12»" in window.workspace.header.details.text()
    assert window.workspace.navigator.selected_stage() == 1
    assert window.workspace.current_stage_page().number == 1
    assert window.workspace.current_stage_page().model.rowCount() > 0
    assert str(programme_file) in window.db_label.text()
    assert window.mode_label.isHidden()
    assert prefs.recent_files(settings)[0] == str(programme_file)
    assert not messenger.errors


def test_ticking_a_task_and_undoing_it_changes_the_database_and_back(
        qtbot, messenger, settings, programme_file):
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, programme_file)
    window.workspace.show_stage(2)
    page = window.workspace.current_stage_page()
    index = page.model.index(0, DONE)

    page.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: done_marks(programme_file, 2)[0])
    wait_idle(qtbot, window)
    stage2 = window.workspace.navigator.stage_model.stage_at(1)
    assert stage2.tasks_done == 1
    assert window.undo_stack.canUndo()
    assert window.menu_actions.undo.text().startswith("Отменить отметку «")

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not done_marks(programme_file, 2)[0])
    wait_idle(qtbot, window)
    assert window.workspace.navigator.stage_model.stage_at(1).tasks_done == 0
    assert page.model.index(0, DONE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    window.undo_stack.redo()
    qtbot.waitUntil(lambda: done_marks(programme_file, 2)[0])
    assert not messenger.errors


def test_an_empty_database_shows_the_welcome_screen(qtbot, messenger, settings, tmp_path):
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, tmp_path / "empty.sqlite")
    assert window.central.currentWidget() is window.welcome
    assert "ещё нет программы" in window.welcome.state.text()
    assert window.welcome.create_button.isEnabled()


def test_a_locked_database_can_be_opened_read_only(qtbot, messenger, settings, programme_file):
    window = make_window(qtbot, messenger, settings)
    with WriterLock(programme_file):
        open_in(qtbot, window, programme_file)
        assert messenger.locked and "уже открыта" in messenger.locked[0]
        assert window.db is not None and window.db.read_only
        assert window.read_only
        assert not window.mode_label.isHidden()
        assert window.mode_label.text() == "только чтение"
        assert "только чтение" in window.windowTitle()
        model = window.workspace.current_stage_page().model
        assert not model.flags(model.index(0, DONE)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not messenger.errors


def test_a_write_protected_database_is_offered_read_only(qtbot, messenger, settings,
                                                         programme_file):
    import os

    os.chmod(programme_file, 0o444)
    before = programme_file.read_bytes()
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, programme_file)
    assert messenger.locked and "защищён от записи" in messenger.locked[0]
    assert window.db is not None and window.db.read_only
    assert not messenger.errors
    window.close()
    assert programme_file.read_bytes() == before
    assert oct(programme_file.stat().st_mode & 0o777) == oct(0o444)


def test_a_locked_database_lets_the_user_leave(qtbot, messenger, settings, programme_file):
    messenger.read_only_answer = False
    left: list[bool] = []
    window = make_window(qtbot, messenger, settings)
    with WriterLock(programme_file):
        window.open_at_startup(str(programme_file), on_leave=lambda: left.append(True))
        qtbot.waitUntil(lambda: bool(left))
    assert window.db is None


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b""])
def test_a_broken_file_shows_the_error_then_the_welcome_screen(
        qtbot, messenger, settings, tmp_path, content):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(content)
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path)
    if content:
        assert len(messenger.errors) == 1
        assert isinstance(messenger.errors[0], DatabaseCorrupt | StorageError)
        assert window.db is None
        assert window.central.currentWidget() is window.welcome
        assert "не открыта" in window.welcome.state.text()
    else:  # an empty file is simply a new database
        assert not messenger.errors and window.db is not None


def test_opening_another_file_from_the_menu(qtbot, messenger, settings, tmp_path, programme_file):
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, tmp_path / "empty.sqlite")
    messenger.open_path = str(programme_file)
    window.menu_actions.open_file.trigger()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    assert window.db is not None and window.db.path == programme_file
    assert prefs.recent_files(settings)[:2] == [str(programme_file), str(tmp_path / "empty.sqlite")]


def test_manual_backup_reports_the_file(qtbot, messenger, settings, programme_file):
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, programme_file)
    window.menu_actions.backup.trigger()
    qtbot.waitUntil(lambda: bool(messenger.infos))
    title, text = messenger.infos[0]
    assert title == "Резервная копия" and "сохранена" in text
    backup = Path(text.splitlines()[-1])
    assert backup.exists() and backup.stat().st_size > 0


def test_window_geometry_is_kept_in_the_test_home(qtbot, messenger, mentordesk_home):
    settings = prefs.make_settings()
    assert Path(settings.fileName()).is_relative_to(mentordesk_home)
    window = make_window(qtbot, messenger, settings)
    window.resize(700, 500)  # the offscreen screen is 800×600: restoreGeometry clamps to it
    window.save_window_state()
    again = make_window(qtbot, FakeMessenger(), prefs.make_settings())
    again.restore_window_state()
    assert (again.size().width(), again.size().height()) == (700, 500)


def test_menus_read_in_russian(qtbot, messenger, settings):
    window = make_window(qtbot, messenger, settings)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Файл", "&Правка", "П&ечать", "&Справка"]
    actions = window.menu_actions
    assert [actions.new_database.text(), actions.open_file.text(), actions.backup.text(),
            actions.recent.title(), actions.quit.text(), actions.about.text()] == [
        "Создать базу…", "Открыть…", "Резервная копия", "Недавние файлы", "Выход",
        "О программе"]
    assert actions.undo.text() == "Отменить" and actions.redo.text() == "Повторить"
    assert not actions.undo.shortcut().isEmpty() and not actions.redo.shortcut().isEmpty()


def test_an_empty_read_only_database_cannot_get_a_programme(qtbot, messenger, settings, tmp_path):
    path = tmp_path / "empty.sqlite"
    open_database(path).close()
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path, read_only=True)
    assert window.central.currentWidget() is window.welcome
    assert not window.welcome.create_button.isEnabled()
    assert "только для чтения" in window.welcome.state.text()


def test_a_newer_schema_is_explained_then_the_welcome_screen(
        qtbot, messenger, settings, programme_file):
    import sqlite3

    from mentordesk.errors import SchemaTooNew

    with sqlite3.connect(programme_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, programme_file)
    assert [type(e) for e in messenger.errors] == [SchemaTooNew]
    assert window.db is None and window.central.currentWidget() is window.welcome

"""«Файл → Восстановить из резервной копии…» on real SQLite files and real backups."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from mentordesk.errors import DatabaseCorrupt, StorageError
from mentordesk.services.backups import BackupInfo, list_backups
from mentordesk.services.database import open_database
from mentordesk.services.programme import current_programme_id, set_task_done
from mentordesk.services.roadmap import list_tasks
from mentordesk.storage.lock import WriterLock
from mentordesk.ui.main_window import MainWindow
from mentordesk.ui.restore import (
    RestoreDialog,
    build_confirm_box,
    format_size,
    restore_availability,
)
from mentordesk.ui.roadmap_model import DONE

from .conftest import make_programme_db
from .russian import english_words, visible_texts

GARBAGE = b"this is not a database" * 100


def make_window(qtbot, messenger, settings) -> MainWindow:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    return window


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy)


def open_in(qtbot, window: MainWindow, path: Path) -> None:
    # No start-up backup, so that the test alone decides which backups exist.
    window.open_target(str(path), startup_backup=False)
    qtbot.waitUntil(lambda: window.db is not None or bool(window.messenger.errors))
    wait_idle(qtbot, window)


def first_task_done(path: Path) -> bool:
    db = open_database(path, read_only=True)
    try:
        programme_id = current_programme_id(db)
        assert programme_id is not None
        return list_tasks(db, programme_id, stage=2)[0].done
    finally:
        db.close()


def file_with_a_backup(path: Path) -> Path:
    """A programme whose first stage-2 task is done in the backup and not done now."""
    db, programme_id = make_programme_db(path)
    try:
        task_id = list_tasks(db, programme_id, stage=2)[0].id
        set_task_done(db, task_id, True, date(2025, 10, 1))
        backup = db.backup("manual")
        set_task_done(db, task_id, False)
    finally:
        db.close()
    assert backup is not None
    return backup


def trigger_restore(qtbot, window: MainWindow) -> RestoreDialog:
    assert window.menu_actions.restore.isEnabled()
    window.dialog = None
    window.menu_actions.restore.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, RestoreDialog))
    assert isinstance(window.dialog, RestoreDialog)
    return window.dialog


def choose_and_confirm(qtbot, window: MainWindow, dialog: RestoreDialog, row: int) -> QMessageBox:
    dialog.view.selectRow(row)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox))
    box = window.dialog
    assert isinstance(box, QMessageBox)
    assert box.defaultButton() is not box.property("restoreButton")  # «Отмена» is the default
    box.property("restoreButton").click()
    return box


def stage2_first_mark(window: MainWindow) -> Qt.CheckState:
    window.workspace.show_stage(2)
    model = window.workspace.current_stage_page().model
    return Qt.CheckState(model.index(0, DONE).data(Qt.ItemDataRole.CheckStateRole))


# --- the dialog alone ------------------------------------------------------------------------


def test_the_dialog_lists_real_backups_newest_first(qtbot, qtmodeltester, programme_db):
    db, _ = programme_db
    older = db.backup("manual")
    newer = db.backup("manual")
    dialog = RestoreDialog("school.sqlite", list_backups(db.path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)

    model = dialog.model
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert [model.backup_at(r).path for r in range(2)] == [newer, older]
    assert dialog.selected_backup() is not None and dialog.selected_backup().path == newer
    assert dialog.restore_button.isEnabled()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Дата и время", "Причина", "Размер"]
    when, reason, size = (model.index(0, c).data() for c in range(3))
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}\u00a0\d\d:\d\d:\d\d", when)
    assert reason == "Вручную"
    assert re.fullmatch(r"\d+ КБ", size)

    assert dialog.restore_button.text() == "Восстановить"
    assert dialog.cancel_button.text().replace("&", "") == "Отмена"
    assert "«school.sqlite»" in dialog.intro.text()
    assert dialog.note.text() == (
        "Текущее состояние базы тоже будет сохранено как резервная копия, "
        "поэтому восстановление можно отменить, восстановив её.")
    assert dialog.empty_label.isHidden()
    assert not english_words(dialog)


def test_an_empty_list_says_so_and_cannot_restore(qtbot, qtmodeltester):
    dialog = RestoreDialog("school.sqlite", [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)
    assert dialog.empty_label.isVisible()
    assert dialog.empty_label.text() == "Резервных копий этой базы пока нет."
    assert dialog.view.isHidden()
    assert not dialog.restore_button.isEnabled()
    assert dialog.selected_backup() is None
    dialog.accept()  # e.g. Enter: nothing to restore, the dialog stays
    assert dialog.result() != RestoreDialog.DialogCode.Accepted
    assert not english_words(dialog)


def test_sizes_read_in_russian_units():
    assert format_size(300) == "1 КБ"
    assert format_size(96 * 1024) == "96 КБ"
    assert format_size(int(1.4 * 1024 * 1024)) == "1,4 МБ"


def test_the_confirmation_names_the_copy_and_defaults_to_cancel(qtbot, tmp_path):
    info = BackupInfo(tmp_path / "b.sqlite", None, "вручную", 2048)
    for damaged in (False, True):
        box = build_confirm_box(None, "school.sqlite", info, damaged=damaged)
        qtbot.addWidget(box)
        box.show()
        assert "«school.sqlite»" in box.text()
        assert [b.text() for b in box.buttons()] == ["Восстановить", "Отмена"]
        assert box.defaultButton().text() == "Отмена"
        assert not english_words(box)
    assert "переименуют" in box.informativeText()


def test_the_action_says_why_it_is_disabled():
    server = SimpleNamespace(path=None, read_only=False)
    enabled, why = restore_availability(server, None)  # type: ignore[arg-type]
    assert not enabled and "на сервере" in why
    shared = SimpleNamespace(path=Path("/tmp/a.sqlite"), read_only=True)
    enabled, why = restore_availability(shared, None)  # type: ignore[arg-type]
    assert not enabled and "только для чтения" in why and "другом окне" in why
    assert restore_availability(None, None)[0] is False
    enabled, why = restore_availability(None, "/tmp/broken.sqlite")
    assert enabled and "«broken.sqlite»" in why


# --- through the main window -----------------------------------------------------------------


def test_restoring_brings_back_the_older_data_and_can_be_undone(
        qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    backup = file_with_a_backup(path)
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path)
    assert stage2_first_mark(window) == Qt.CheckState.Unchecked
    assert "Заменить данные базы" in window.menu_actions.restore.toolTip()

    dialog = trigger_restore(qtbot, window)
    assert dialog.selected_backup() is not None and dialog.selected_backup().path == backup
    box = choose_and_confirm(qtbot, window, dialog, 0)
    assert "«school.sqlite»" in box.text()
    qtbot.waitUntil(lambda: bool(messenger.infos))
    wait_idle(qtbot, window)

    assert window.db is not None and window.db.path == path and not window.db.read_only
    assert window.central.currentWidget() is window.workspace
    assert stage2_first_mark(window) == Qt.CheckState.Checked
    assert first_task_done(path)
    title, text = messenger.infos[-1]
    assert title == "База восстановлена"
    assert "«school.sqlite»" in text and "(вручную)" in text
    assert not window.undo_stack.canUndo()

    # The state before the restore was kept as the newest backup: restoring it undoes the restore.
    kept = list_backups(path)[0]
    assert kept.reason == "перед восстановлением"
    dialog = trigger_restore(qtbot, window)
    assert dialog.selected_backup() is not None and dialog.selected_backup().path == kept.path
    choose_and_confirm(qtbot, window, dialog, 0)
    qtbot.waitUntil(lambda: len(messenger.infos) == 2)
    wait_idle(qtbot, window)
    assert stage2_first_mark(window) == Qt.CheckState.Unchecked
    assert not first_task_done(path)
    assert not messenger.errors


def test_cancelling_the_confirmation_changes_nothing(qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    file_with_a_backup(path)
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path)
    opened = window.db
    dialog = trigger_restore(qtbot, window)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox))
    assert isinstance(window.dialog, QMessageBox)
    window.dialog.defaultButton().click()  # «Отмена»
    wait_idle(qtbot, window)
    assert window.db is opened and not first_task_done(path)
    assert len(list_backups(path)) == 1 and not messenger.infos and not messenger.errors


def test_a_database_without_backups_shows_the_empty_list(qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    make_programme_db(path)[0].close()
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path)
    assert list_backups(path) == []
    dialog = trigger_restore(qtbot, window)
    assert dialog.model.rowCount() == 0
    assert not dialog.restore_button.isEnabled()
    assert dialog.empty_label.text() == "Резервных копий этой базы пока нет."


def test_the_action_is_disabled_read_only_and_without_a_database(
        qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    file_with_a_backup(path)
    window = make_window(qtbot, messenger, settings)
    assert not window.menu_actions.restore.isEnabled()
    assert "Откройте базу данных" in window.menu_actions.restore.toolTip()
    with WriterLock(path):  # another window holds the file
        open_in(qtbot, window, path)
        assert window.db is not None and window.db.read_only
        action = window.menu_actions.restore
        assert not action.isEnabled()
        assert "другом окне" in action.toolTip() and action.statusTip() == action.toolTip()
        assert not english_words(window)


def test_a_failed_restore_is_shown_and_the_file_opens_again(
        qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    backup = file_with_a_backup(path)
    window = make_window(qtbot, messenger, settings)
    open_in(qtbot, window, path)
    info = list_backups(path)[0]
    backup.write_bytes(GARBAGE)  # the copy was damaged between the list and the click
    window.restorer.restore(str(path), info)
    qtbot.waitUntil(lambda: bool(messenger.errors))
    qtbot.waitUntil(lambda: window.db is not None)
    wait_idle(qtbot, window)
    assert [type(e) for e in messenger.errors] == [StorageError]
    assert "не читается" in messenger.errors[0].message
    assert window.db is not None and window.db.path == path
    assert window.central.currentWidget() is window.workspace
    assert not messenger.infos


def test_a_damaged_file_offers_its_backups_and_is_restored(qtbot, messenger, settings, tmp_path):
    path = tmp_path / "school.sqlite"
    backup = file_with_a_backup(path)
    path.write_bytes(GARBAGE)
    window = make_window(qtbot, messenger, settings)
    window.open_at_startup(str(path))
    qtbot.waitUntil(lambda: isinstance(window.dialog, RestoreDialog))
    assert [type(e) for e in messenger.errors] == [DatabaseCorrupt]
    assert "Восстановить из резервной копии" in messenger.errors[0].message
    assert window.db is None and window.central.currentWidget() is window.welcome
    dialog = window.dialog
    assert isinstance(dialog, RestoreDialog)
    assert "повреждён" in dialog.intro.text()
    assert "переименуют" in dialog.note.text()
    assert dialog.selected_backup() is not None and dialog.selected_backup().path == backup
    assert not english_words(dialog)
    # Dismissed, the offer stays in the menu, as the error message says.
    assert window.menu_actions.restore.isEnabled()
    assert "«school.sqlite»" in window.menu_actions.restore.toolTip()

    choose_and_confirm(qtbot, window, dialog, 0)
    qtbot.waitUntil(lambda: bool(messenger.infos))
    wait_idle(qtbot, window)
    assert window.db is not None and window.db.path == path
    assert window.central.currentWidget() is window.workspace
    assert stage2_first_mark(window) == Qt.CheckState.Checked
    assert list(tmp_path.glob("school.sqlite.damaged-*"))
    assert "переименован" in messenger.infos[-1][1]
    assert window.damaged_file is None
    assert len(messenger.errors) == 1


def test_a_damaged_file_without_backups_offers_nothing(qtbot, messenger, settings, tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(GARBAGE)
    window = make_window(qtbot, messenger, settings)
    window.open_at_startup(str(path))
    qtbot.waitUntil(lambda: bool(messenger.errors))
    wait_idle(qtbot, window)  # the look for backups has ended too
    assert window.dialog is None
    assert [type(e) for e in messenger.errors] == [DatabaseCorrupt]
    # The menu still leads there, and says there is nothing to restore.
    dialog = trigger_restore(qtbot, window)
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert any("Резервных копий этой базы пока нет." in t for t in visible_texts(dialog))

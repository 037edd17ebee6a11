"""Nothing English on any screen: titles, buttons, tooltips, menus, tables and dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from mentordesk.errors import StorageError
from mentordesk.services.reference import list_forms
from mentordesk.ui.about import AboutDialog
from mentordesk.ui.create_programme import CreateProgrammeDialog
from mentordesk.ui.main_window import MainWindow
from mentordesk.ui.messages import build_error_box, build_info_box, build_locked_box

from .russian import english_words, visible_texts


def test_qt_standard_buttons_are_russian():
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes
                           | QDialogButtonBox.StandardButton.No)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Отмена", "Да", "Нет"}


def test_the_main_window_has_no_english(qtbot, messenger, settings, programme_file):
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    assert not english_words(window)  # the welcome screen, before any database
    window.open_at_startup(str(programme_file))
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    qtbot.waitUntil(lambda: not window.runner.busy)
    for stage in range(1, 8):
        window.workspace.show_stage(stage)
        assert not english_words(window), stage
    assert any("Мастер этого этапа появится" in t for t in visible_texts(window))


def test_dialogs_have_no_english(qtbot, programme_db):
    db, _ = programme_db
    boxes = [
        AboutDialog(),
        CreateProgrammeDialog(list_forms(db), lambda **_: 1, lambda *_: None),
        build_error_box(None, StorageError("Файл базы данных повреждён.")),
        build_error_box(None, ZeroDivisionError("division by zero")),
        build_info_box(None, "Резервная копия", "Резервная копия сохранена."),
        build_locked_box(None, "База данных уже открыта другим окном MentorDesk.",
                         at_startup=True),
    ]
    for box in boxes:
        qtbot.addWidget(box)
        box.show()
        found = english_words(box)
        if box is boxes[3]:  # the unexpected error keeps its traceback under «Подробности»
            found -= {"ZeroDivisionError", "division", "by", "zero"}
        assert not found, (type(box).__name__, found)


def test_message_boxes_say_ok_in_cyrillic(qtbot):
    box = build_info_box(None, "Резервная копия", "Готово.")
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "ОК"
    assert box.button(QMessageBox.StandardButton.Ok).text().isascii() is False


def test_the_locked_box_offers_read_only_or_leave(qtbot):
    box = build_locked_box(None, "База данных уже открыта.", at_startup=True)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["Открыть только для чтения", "Выйти"]
    later = build_locked_box(None, "База данных уже открыта.", at_startup=False)
    qtbot.addWidget(later)
    assert "Отмена" in [b.text() for b in later.buttons()]

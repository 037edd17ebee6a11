"""The main window's menus: «Файл», «Правка», «Печать», «Справка»."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class Actions:
    new_database: QAction
    open_file: QAction
    backup: QAction
    restore: QAction
    recent: QMenu
    quit: QAction
    undo: QAction
    redo: QAction
    about: QAction
    printing: dict[str, QAction] = field(default_factory=dict)  # the «Печать» menu, by key


def _action(window: QMainWindow, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: QMainWindow, undo_stack: QUndoStack, *,
                new_database: Callable[[], object], open_file: Callable[[], object],
                backup: Callable[[], object], restore: Callable[[], object],
                quit_app: Callable[[], object],
                about: Callable[[], object],
                print_items: Sequence[tuple[str, str, str] | None] = (),
                print_document: Callable[[str], object] | None = None) -> Actions:
    """`print_items` fill the «Печать» menu: (key, text, tip), None for a separator; each
    calls `print_document(key)`."""
    tr = window.tr
    bar = window.menuBar()

    file_menu = bar.addMenu(tr("&Файл"))
    file_menu.setToolTipsVisible(True)  # a disabled «Восстановить…» says why
    actions = Actions(
        new_database=_action(window, tr("Создать базу…"), new_database,
                             QKeySequence.StandardKey.New,
                             tr("Создать новый файл базы данных и программу в нём")),
        open_file=_action(window, tr("Открыть…"), open_file, QKeySequence.StandardKey.Open,
                          tr("Открыть файл базы данных MentorDesk")),
        backup=_action(window, tr("Резервная копия"), backup, None,
                       tr("Сохранить проверенную копию базы данных в папку резервных копий")),
        # The window sets its tooltip: what it restores, or why it cannot now.
        restore=_action(window, tr("Восстановить из резервной копии…"), restore),
        recent=QMenu(tr("Недавние файлы"), window),
        quit=_action(window, tr("Выход"), quit_app, "Ctrl+Q", tr("Закрыть MentorDesk")),
        undo=undo_stack.createUndoAction(window, tr("Отменить")),
        redo=undo_stack.createRedoAction(window, tr("Повторить")),
        about=_action(window, tr("О программе"), about, None,
                      tr("Версия MentorDesk и сведения о программе")),
    )
    file_menu.addAction(actions.new_database)
    file_menu.addAction(actions.open_file)
    file_menu.addMenu(actions.recent)
    file_menu.addSeparator()
    file_menu.addAction(actions.backup)
    file_menu.addAction(actions.restore)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    actions.undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    actions.redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
    edit_menu = bar.addMenu(tr("&Правка"))
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)

    if print_items and print_document is not None:
        print_menu = bar.addMenu(tr("П&ечать"))
        print_menu.setObjectName("printMenu")
        print_menu.setToolTipsVisible(True)  # a disabled document says why
        for item in print_items:
            if item is None:
                print_menu.addSeparator()
                continue
            key, text, tip = item
            action = _action(window, tr(text), partial(print_document, key), None, tr(tip))
            action.setObjectName(f"print-{key}")
            actions.printing[key] = action
            print_menu.addAction(action)

    help_menu = bar.addMenu(tr("&Справка"))
    help_menu.addAction(actions.about)
    return actions


def fill_recent_menu(menu: QMenu, files: list[str], open_recent: Callable[[str], object],
                     clear: Callable[[], object]) -> None:
    menu.clear()
    if not files:
        empty = menu.addAction(menu.tr("Список пуст"))
        empty.setEnabled(False)
        return
    for number, target in enumerate(files, start=1):
        label = Path(target).name if "://" not in target else target
        prefix = f"&{number} " if number < 10 else ""
        action = menu.addAction(f"{prefix}{label}")
        action.setToolTip(target)
        action.setStatusTip(target)
        action.triggered.connect(lambda _checked=False, t=target: open_recent(t))
    menu.addSeparator()
    menu.addAction(menu.tr("Очистить список"), clear)

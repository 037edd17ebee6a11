"""The main window: the welcome screen or the programme's workspace, the menus, the status bar.

It holds the open `Database` and wires views to services; every service call goes through
`self.runner`, and every error to `self.messenger`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from .. import APP_NAME
from ..errors import DatabaseCorrupt
from ..services.database import Database, open_database
from ..services.programme import create_programme, set_task_done
from ..services.reference import FormInfo, list_forms
from ..services.roadmap import RoadmapTaskRow
from ..settings import data_dir, default_db_path
from . import prefs
from .about import AboutDialog
from .bases.base_view import BaseContext
from .create_programme import CreateProgrammeDialog
from .demo import DemoLauncher
from .menus import build_menus, fill_recent_menu
from .messages import Messenger
from .opening import DatabaseOpener
from .print_actions import PRINT_MENU, PrintController
from .restore import Restorer, restore_availability
from .undo import SetTaskDoneCommand
from .welcome import WelcomeScreen
from .worker import Runner
from .workspace import Overview, Workspace, load_overview


class MainWindow(QMainWindow):
    def __init__(self, messenger: Messenger | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.messenger = messenger or Messenger()
        self.settings = settings if settings is not None else prefs.make_settings()
        self.runner = Runner(self, self.messenger)
        self.demo = DemoLauncher(self)
        self.restorer = Restorer(self)
        self.undo_stack = QUndoStack(self)
        self.db: Database | None = None
        self.overview: Overview | None = None
        self._create_when_empty = False
        self.damaged_file: str | None = None  # the last file that failed to open as damaged
        self.dialog: QWidget | None = None  # the last non-blocking dialog opened, for tests
        self._bases_key: tuple[object, ...] | None = None

        self.welcome = WelcomeScreen()
        self.workspace = Workspace()
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.workspace)
        self.setCentralWidget(self.central)

        self.printing = PrintController(self)  # the «Печать» menu: preview, save, print
        self.menu_actions = build_menus(
            self, self.undo_stack, new_database=self.new_database, open_file=self.open_file,
            backup=self.make_backup, restore=self.restore_from_backup, quit_app=self.close,
            about=self.show_about, print_items=PRINT_MENU, print_document=self.printing.start)
        self.printing.set_actions(self.menu_actions.printing)
        self.menu_actions.recent.aboutToShow.connect(self._fill_recent)

        self.db_label = QLabel()
        self.db_label.setObjectName("databaseLabel")
        self.mode_label = QLabel(self.tr("только чтение"))
        self.mode_label.setObjectName("readOnlyLabel")
        self.mode_label.setStyleSheet("color: #8a4b00; font-weight: bold; padding: 0 6px;")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.mode_label)

        self.welcome.createRequested.connect(self.create_programme)
        self.welcome.demoRequested.connect(self.demo.start)
        self.welcome.openRequested.connect(self.open_file)
        self.welcome.recentRequested.connect(self.open_recent)
        self.workspace.doneChangeRequested.connect(self.change_task_done)
        self.workspace.dataChanged.connect(self.reload)  # re-read off the GUI thread
        self.workspace.wizardRequested.connect(self.open_stage_wizard)
        for number, page in self.workspace.stage_pages.items():
            button = self.printing.stage_button(number)
            if button is not None:
                page.add_tool(button)
        self.resize(1200, 750)
        self._show_database_state()

    def open_stage_wizard(self, number: int) -> None:
        """The stage's wizard (stage 5: forming the pairs), modal over the window."""
        if number != 5 or self.db is None or self.overview is None:
            return
        from .stage5 import Stage5Wizard

        wizard = Stage5Wizard(self.db, self.overview.summary.id, self.undo_stack, self.messenger,
                              self, runner=self.runner)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.changed.connect(self.reload)
        self.dialog = wizard
        wizard.open()

    # --- state ---------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.db is not None and self.db.read_only

    def _show_database_state(self) -> None:
        db = self.db
        name = db.name if db is not None else ""
        self.db_label.setText(self.tr("База данных: {name}").format(name=name) if db
                              else self.tr("База данных не открыта"))
        self.db_label.setToolTip(name)
        self.mode_label.setVisible(self.read_only)
        title = APP_NAME
        if db is not None:
            file_name = db.path.name if db.path is not None else db.name
            title = f"{file_name} — {APP_NAME}"
            if self.read_only:
                title += " " + self.tr("(только чтение)")
        self.setWindowTitle(title)
        self.menu_actions.backup.setEnabled(db is not None)
        can_restore, why = restore_availability(db, self.damaged_file)
        self.menu_actions.restore.setEnabled(can_restore)
        self.menu_actions.restore.setToolTip(why)
        self.menu_actions.restore.setStatusTip(why)
        self.workspace.set_editable(db is not None and not db.read_only)
        self.printing.refresh()

    def show_welcome(self) -> None:
        self.overview = None
        self.printing.refresh()
        self._give_bases(None, None)
        self.welcome.set_state(self.db.name if self.db else None, read_only=self.read_only,
                               recent=prefs.recent_files(self.settings))
        self.central.setCurrentWidget(self.welcome)

    def is_open(self, target: str | os.PathLike[str]) -> bool:
        if self.db is None or self.db.path is None or "://" in os.fspath(target):
            return self.db is not None and self.db.name == os.fspath(target)
        return Path(target).expanduser().resolve() == self.db.path

    # --- opening -------------------------------------------------------------------------------

    def open_at_startup(self, target: str | None, *, read_only: bool = False,
                        on_leave: Callable[[], None] | None = None) -> None:
        def failed(leave: bool) -> None:
            if leave and on_leave is not None:
                on_leave()
            else:
                self.show_welcome()

        self._open(target, read_only=read_only, at_startup=True,
                   on_opened=self.set_database, on_failed=failed)

    def open_target(self, target: str | os.PathLike[str] | None, *, read_only: bool = False,
                    startup_backup: bool = True,
                    on_opened: Callable[[Database], None] | None = None) -> None:
        """Open another database; the current one stays open until the new one is ready."""
        if target is not None and self.is_open(target):
            return

        def failed(_leave: bool) -> None:
            if self.db is None:  # e.g. a restored file that will not open: nothing is left shown
                self.show_welcome()

        self._open(target, read_only=read_only, startup_backup=startup_backup,
                   on_opened=on_opened or self.set_database, on_failed=failed)

    def _open(self, target: str | os.PathLike[str] | None, *,
              on_opened: Callable[[Database], None], on_failed: Callable[[bool], None],
              **options: bool) -> None:
        """The one open path. A damaged file's error is followed by the offer of its backups."""
        damaged: list[DatabaseCorrupt] = []

        def open_noting_damage(where: str | os.PathLike[str] | None, **kwargs: bool) -> Database:
            try:  # runs in the worker thread; `failed` reads the note after the job has ended
                return open_database(where, **kwargs)
            except DatabaseCorrupt as exc:
                damaged.append(exc)
                raise

        def failed(leave: bool) -> None:
            on_failed(leave)
            if damaged and not leave:
                path = default_db_path() if target is None else Path(target).expanduser()
                self.damaged_file = str(path)
                self._show_database_state()
                self.restorer.offer(self.damaged_file, damaged=True, only_if_any=True)

        opener = DatabaseOpener(self, self.runner, self.messenger, open_noting_damage)
        opener.open(target, on_opened=on_opened, on_failed=failed, **options)

    def set_database(self, db: Database) -> None:
        old, self.db = self.db, db
        self.damaged_file = None
        self.undo_stack.clear()
        if old is not None and old is not db:
            self.runner.wait()
            old.close()
        prefs.add_recent_file(self.settings, str(db.path) if db.path is not None else db.name)
        self._show_database_state()
        self.reload(select_current=True)

    def close_database(self) -> None:
        """Let go of the file (a restore replaces it); the window shows no database until the
        next `set_database`."""
        db, self.db = self.db, None
        if db is None:
            return
        self.undo_stack.clear()
        self._give_bases(None, None)
        self.runner.wait()  # no job may still be reading it
        db.close()
        self._show_database_state()

    def reload(self, *, select_current: bool = False) -> None:
        db = self.db
        if db is None:
            self.show_welcome()
            return
        self.runner.run(lambda: load_overview(db),
                        on_done=partial(self._show_overview, db, select_current))

    def _show_overview(self, db: Database, select_current: bool,
                       overview: Overview | None) -> None:
        if db is not self.db:
            return  # a newer database has been opened meanwhile
        if overview is None:
            self.show_welcome()
            if self._create_when_empty and not db.read_only:
                self._create_when_empty = False
                self.create_programme()
            return
        self.overview = overview
        self.printing.refresh()
        self._give_bases(db, overview.summary.id)
        self.workspace.show_overview(overview, select_current=select_current)
        self.central.setCurrentWidget(self.workspace)

    def _give_bases(self, db: Database | None, programme_id: int | None) -> None:
        """The base views re-read only when the database, programme or mode changes."""
        key = None if db is None or programme_id is None else (id(db), programme_id, db.read_only)
        if key == self._bases_key:
            return
        self._bases_key = key
        context = None if db is None or programme_id is None else BaseContext(
            db, programme_id, self.runner, self.messenger, self.undo_stack, self.settings,
            read_only=db.read_only)
        self.workspace.set_bases_context(context)

    # --- actions -------------------------------------------------------------------------------

    def new_database(self) -> None:
        start = str(data_dir() / "mentordesk.sqlite")
        path = self.messenger.ask_new_path(self, start)
        if path:
            self.open_target(path, on_opened=self._opened_new)

    def _opened_new(self, db: Database) -> None:
        self._create_when_empty = True  # an empty new file goes straight to «Создать программу»
        self.set_database(db)

    def open_file(self) -> None:
        start = str(self.db.path.parent) if self.db is not None and self.db.path else str(data_dir())
        path = self.messenger.ask_open_path(self, start)
        if path:
            self.open_target(path)

    def open_recent(self, target: str) -> None:
        if "://" not in target and not Path(target).exists():
            self.messenger.info(self, self.tr("Файл не найден"), self.tr(
                "Файл «{path}» не найден: возможно, он перемещён или удалён. "
                "Он убран из списка недавних файлов.").format(path=target))
            prefs.remove_recent_file(self.settings, target)
            if self.central.currentWidget() is self.welcome:
                self.show_welcome()
            return
        self.open_target(target)

    def _fill_recent(self) -> None:
        def clear() -> None:
            self.settings.setValue(prefs.RECENT_KEY, [])

        fill_recent_menu(self.menu_actions.recent, prefs.recent_files(self.settings),
                         self.open_recent, clear)

    def make_backup(self) -> None:
        db = self.db
        if db is None:
            return

        def done(path: Path | None) -> None:
            if path is None:
                self.messenger.info(self, self.tr("Резервная копия"), self.tr(
                    "База данных находится на сервере: резервные копии делает его администратор."))
            else:
                self.messenger.info(self, self.tr("Резервная копия"), self.tr(
                    "Резервная копия сохранена и проверена:\n{path}").format(path=path))

        self.runner.run(lambda: db.backup("manual"), on_done=done,
                        title=self.tr("Создание резервной копии…"))

    def restore_from_backup(self) -> None:
        """«Файл → Восстановить из резервной копии…» for the open file, or, when none is open,
        for the damaged file that could not be opened."""
        db = self.db
        if db is None:
            if self.damaged_file:
                self.restorer.offer(self.damaged_file, damaged=True)
            return
        if db.path is not None and not db.read_only:
            self.restorer.offer(str(db.path))

    def show_about(self) -> None:
        dialog = AboutDialog(self)
        self.dialog = dialog
        dialog.open()

    def create_programme(self) -> None:
        db = self.db
        if db is None:
            self.new_database()
            return
        self.runner.run(lambda: list_forms(db), on_done=partial(self._open_create_dialog, db))

    def _open_create_dialog(self, db: Database, forms: list[FormInfo]) -> None:
        if db is not self.db:
            return

        def run(job: Callable[[], int], on_done: Callable[[int], None],
                on_error: Callable[[BaseException], bool]) -> None:
            self.runner.run(job, on_done=on_done, on_error=on_error,
                            title=self.tr("Создание программы…"))

        dialog = CreateProgrammeDialog(forms, partial(create_programme, db), run, self)
        dialog.created.connect(lambda _id: self.reload(select_current=True))
        self.dialog = dialog
        dialog.open()

    # --- roadmap marks and undo ----------------------------------------------------------------

    def change_task_done(self, task: RoadmapTaskRow, done: bool) -> None:
        self.undo_stack.push(SetTaskDoneCommand(task, done, self._apply_task_done))

    def _apply_task_done(self, task_id: int, done: bool, on: date | None) -> None:
        db = self.db
        if db is None:
            return

        def failed(_exc: BaseException) -> bool:
            # The stack no longer matches the database; the view is re-read from it.
            self.undo_stack.clear()
            self.reload()
            return False

        self.runner.run(lambda: set_task_done(db, task_id, done, on),
                        on_done=lambda _none: self.reload(), on_error=failed)

    # --- window state --------------------------------------------------------------------------

    def restore_window_state(self) -> None:
        for key, restore in ((prefs.GEOMETRY_KEY, self.restoreGeometry),
                             (prefs.STATE_KEY, self.restoreState),
                             (prefs.SPLITTER_KEY, self.workspace.splitter.restoreState)):
            value = self.settings.value(key)
            if isinstance(value, QByteArray | bytes) and value:
                restore(QByteArray(value))

    def save_window_state(self) -> None:
        self.settings.setValue(prefs.GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(prefs.STATE_KEY, self.saveState())
        self.settings.setValue(prefs.SPLITTER_KEY, self.workspace.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_window_state()
        self.runner.cancel_all()
        self.runner.wait()
        if self.db is not None:
            self.db.close()
            self.db = None
        super().closeEvent(event)

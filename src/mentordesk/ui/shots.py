"""Screenshots of every main screen, drawn offscreen, for review and for the documentation.

To add a screen, add one line to `SCREENS`: a name and a function that returns the widget to
draw. Files are numbered in list order: 01-welcome.png, 02-stage-1.png…
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from ..errors import DatabaseLocked, StorageError
from ..services.backups import copy_database, list_backups
from ..services.database import open_database
from ..services.people import snapshot_mentee, snapshot_mentor
from ..services.reference import list_forms
from ..settings import HOME_ENV, backups_dir
from ..storage.lock import WriterLock
from . import shots_bases, shots_matching, shots_pairing, shots_print, shots_stage5
from .about import AboutDialog
from .app import create_application
from .bases.base_view import BaseView
from .bases.person_dialog import PersonDialog
from .create_programme import CreateProgrammeDialog
from .main_window import MainWindow
from .messages import Messenger, build_locked_box
from .restore import RestoreDialog
from .waiting import wait_until

SHOT_SIZE = (1200, 750)


class ShotMessenger(Messenger):
    """Never blocks: a screenshot run has nobody to click «ОК». Errors are kept and re-raised."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def error(self, parent: QWidget | None, exc: BaseException) -> None:
        self.errors.append(exc)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        pass

    def locked_choice(self, parent: QWidget | None, message: str, *, at_startup: bool) -> bool:
        return True



class ShotContext:
    """The windows the screens are drawn from, made once and closed at the end."""

    def __init__(self, db_target: str, workdir: Path) -> None:
        self.db_target = db_target
        self.workdir = workdir
        self.messenger = ShotMessenger()
        self._windows: list[MainWindow] = []
        self._main: MainWindow | None = None
        self._empty: MainWindow | None = None

    def window(self, target: str, *, read_only: bool) -> MainWindow:
        settings = QSettings(str(self.workdir / f"shots-{len(self._windows)}.ini"),
                             QSettings.Format.IniFormat)
        window = MainWindow(messenger=self.messenger, settings=settings)
        self._windows.append(window)
        window.resize(*SHOT_SIZE)
        window.show()
        window.open_target(target, read_only=read_only, startup_backup=False)
        wait_until(lambda: window.db is not None or bool(self.messenger.errors),
                   f"the database {target}")
        if self.messenger.errors:
            raise self.messenger.errors[-1]
        wait_until(lambda: not window.runner.busy, "the window's data")
        return window

    @property
    def main(self) -> MainWindow:
        if self._main is None:
            # A screenshot never writes to the curator's database: a file is drawn from a
            # private copy (so the window looks as the curator sees it, writable); a server
            # database is opened read-only.
            copy = self._private_copy()
            if copy is not None:
                self._main = self.window(str(copy), read_only=False)
            else:
                try:
                    self._main = self.window(self.db_target, read_only=True)
                except StorageError:
                    self.messenger.errors.clear()
                    self._main = self.window(self.db_target, read_only=False)
        return self._main

    def _private_copy(self) -> Path | None:
        return copy_database(self.db_target, self.workdir / Path(self.db_target).name)

    @property
    def empty(self) -> MainWindow:
        if self._empty is None:
            self._empty = self.window(str(self.workdir / "empty.sqlite"), read_only=False)
        return self._empty

    def close(self) -> None:
        for window in self._windows:
            window.close()
            window.deleteLater()
        QApplication.processEvents()


def welcome(ctx: ShotContext) -> QWidget:
    return ctx.empty


def stage(ctx: ShotContext, number: int) -> QWidget:
    window = ctx.main
    window.workspace.show_stage(number)
    return window


def _base(ctx: ShotContext, number: int) -> tuple[MainWindow, BaseView]:
    window = stage(ctx, number)
    assert isinstance(window, MainWindow)
    page = window.workspace.stage_pages[number]
    assert page.base is not None
    wait_until(lambda: not window.runner.busy, "the base")
    return window, page.base


def base(ctx: ShotContext, number: int) -> QWidget:
    """A stage page scrolled to its base, a row selected."""
    window, view = _base(ctx, number)
    if view.model.rowCount():
        view.table.selectRow(0)
    window.workspace.stage_pages[number].scroll_to(view)
    return window


def person_edit(ctx: ShotContext) -> QWidget:
    """The mentee dialog after «Сохранить» with a class that does not exist."""
    window, view = _base(ctx, 2)
    assert window.db is not None
    before = (snapshot_mentee(window.db, view.model.row_at(0).id) if view.model.rowCount()
              else None)
    dialog = PersonDialog(True, before, view.kinds, view.forms, window,
                          role_models=view.role_models)
    if before is None:  # an empty base: a new mentee, as the curator would type one
        dialog.last_name.setText("Ёлкина")
        dialog.first_name.setText("Алёна")
        dialog.birth.setText("05.03.2013")
        dialog.request_kind.setCurrentIndex(1)
    dialog.class_label.setText("15Я")
    view._save(dialog, before, dialog.form())
    wait_until(lambda: not window.runner.busy and bool(dialog.error_text("class_label")),
               "the validation message")
    return dialog


def mentor_edit(ctx: ShotContext) -> QWidget:
    """The mentor dialog on its «Наставничество» tab: competences, ages, capacity, forms."""
    window, view = _base(ctx, 3)
    assert window.db is not None
    before = (snapshot_mentor(window.db, view.model.row_at(0).id) if view.model.rowCount()
              else None)
    dialog = PersonDialog(False, before, view.kinds, view.forms, window,
                          role_models=view.role_models)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    return dialog


def consent_register(ctx: ShotContext) -> QWidget:
    window, view = _base(ctx, 2)
    from .consent_register import ConsentRegister

    register = ConsentRegister(view, window)
    read: list[bool] = []
    register.loaded.connect(lambda: read.append(True))
    wait_until(lambda: bool(read), "the consents")  # an empty programme has no rows
    if register.model.rowCount():
        register.table.selectRow(0)
    register.setMinimumSize(register.sizeHint())  # adjustSize() would cap it at the small screen
    return register


def about(ctx: ShotContext) -> QWidget:
    return AboutDialog(ctx.main)


def create_programme(ctx: ShotContext) -> QWidget:
    window = ctx.empty
    assert window.db is not None
    dialog = CreateProgrammeDialog(list_forms(window.db), lambda **_: 0,
                                   lambda *_: None, window)
    dialog.title_edit.setText("")
    dialog.validate()  # shows the field-level messages too
    return dialog


def locked(ctx: ShotContext) -> QWidget:
    path = ctx.workdir / "locked.sqlite"
    message = "База данных уже открыта другим окном MentorDesk."
    with WriterLock(path):
        try:
            open_database(path).close()
        except DatabaseLocked as exc:
            message = exc.message
    return build_locked_box(ctx.empty, message, at_startup=True)


def restore(ctx: ShotContext) -> QWidget:
    # The curator's own backups of the file, read only. With none to show (or when they live
    # in another MENTORDESK_HOME), one is made of the private copy, but only in a private home.
    window = ctx.main
    try:
        backups = list_backups(ctx.db_target)
    except StorageError:  # a server database: its administrator keeps the backups
        backups = []
    private_home = backups_dir().is_relative_to(ctx.workdir)
    if not backups and private_home and window.db is not None and window.db.path is not None:
        window.db.backup("manual")
        backups = list_backups(window.db.path)
    return RestoreDialog(Path(ctx.db_target).name, backups, parent=window)


SCREENS: list[tuple[str, Callable[[ShotContext], QWidget]]] = [
    ("welcome", welcome),
    *[(f"stage-{n}", partial(stage, number=n)) for n in range(1, 8)],
    ("mentee-base", partial(base, number=2)),
    ("mentor-base", partial(base, number=3)),
    ("person-edit", person_edit),
    ("mentor-edit", mentor_edit),
    ("consent-register", consent_register),
    ("about", about),
    ("create-programme", create_programme),
    ("database-locked", locked),
    ("restore", restore),
    ("request-map", shots_bases.request_map),
    ("import-file", shots_bases.import_file),
    ("import-sheet", shots_bases.import_sheet),
    ("import-header", shots_bases.import_header),
    ("import-mapping", shots_bases.import_mapping),
    ("import-preview", shots_bases.import_preview),
    ("print-preview", shots_print.print_preview),
    ("award-chooser", shots_print.award_chooser),
    ("competence-map", shots_matching.competence_map),
    ("stage5-participants", shots_stage5.stage5_participants),
    ("stage5-meeting", shots_stage5.stage5_meeting),
    ("stage5-preferences", shots_stage5.stage5_preferences),
    ("stage5-suggestion", shots_stage5.stage5_suggestion),
    ("stage5-weights", shots_stage5.stage5_weights),
    ("stage5-adjustment", shots_stage5.stage5_adjustment),
    ("stage5-approval", shots_stage5.stage5_approval),
    # These write into the private copy: drafts of pairs, then an import.
    ("pairing-view", shots_pairing.pairing_view),
    ("pairing-drag", shots_pairing.pairing_drag),
    ("import-done", shots_bases.import_done),
]


def grab(widget: QWidget, path: Path) -> Path:
    if not isinstance(widget, MainWindow):
        widget.adjustSize()
    widget.show()
    QApplication.processEvents()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    if not isinstance(widget, MainWindow):
        widget.close()
        widget.deleteLater()
    return path


def render_all(outdir: Path, db_target: str) -> list[Path]:
    """Draw every screen in `SCREENS` to outdir/NN-name.png and return the paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if QApplication.instance() is None and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    create_application()
    paths: list[Path] = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mentordesk-")))
        if not os.environ.get(HOME_ENV):  # keep settings and backups out of the user's folders
            os.environ[HOME_ENV] = str(workdir / "home")
            stack.callback(os.environ.pop, HOME_ENV, None)
        ctx = ShotContext(str(db_target), workdir)
        stack.callback(ctx.close)
        for number, (name, render) in enumerate(SCREENS, start=1):
            paths.append(grab(render(ctx), outdir / f"{number:02d}-{name}.png"))
    return paths

"""Opening a database off the GUI thread, with the one choice a locked file needs."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ..errors import DatabaseLocked, WriteProtected
from ..services.database import Database, open_database
from .messages import Messenger
from .worker import Runner

OpenFn = Callable[..., Database]


class DatabaseOpener:
    """`on_opened(db)` gets the open database; `on_failed(leave)` is told whether the user chose
    «Выйти» (only offered at start-up). Every other failure has been shown to the user already."""

    def __init__(self, parent: QWidget, runner: Runner, messenger: Messenger,
                 open_fn: OpenFn = open_database) -> None:
        self._parent = parent
        self._runner = runner
        self._messenger = messenger
        self._open_fn = open_fn

    def open(self, target: str | os.PathLike[str] | None, *, on_opened: Callable[[Database], None],
             on_failed: Callable[[bool], None], read_only: bool = False,
             startup_backup: bool = True, at_startup: bool = False) -> None:
        open_fn = self._open_fn

        def job() -> Database:
            return open_fn(target, read_only=read_only, startup_backup=startup_backup)

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, (DatabaseLocked, WriteProtected)) and not read_only:
                if self._messenger.locked_choice(self._parent, exc.message, at_startup=at_startup):
                    self.open(target, on_opened=on_opened, on_failed=on_failed, read_only=True,
                              startup_backup=False, at_startup=at_startup)
                else:
                    on_failed(at_startup)
                return True
            self._messenger.error(self._parent, exc)
            on_failed(False)
            return True

        self._runner.run(job, on_done=on_opened, on_error=failed,
                         title=self._parent.tr("Открытие базы данных…"))

"""«Открыть демонстрационную базу»: a demo file in the data folder, built once, then reused."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MentorDeskError
from ..services.database import Database
from ..services.programme import current_programme_id
from ..settings import data_dir
from .worker import Job

if TYPE_CHECKING:
    from .main_window import MainWindow

DEMO_FILE_NAME = "demo.sqlite"


def demo_path() -> Path:
    return data_dir() / DEMO_FILE_NAME


def fill_demo(db: Database, job: Job) -> bool:
    """Build the demo school into an empty database; False when it already holds a programme."""
    if current_programme_id(db) is not None:
        return False
    try:
        from ..services.demo import build_demo  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise MentorDeskError(
            "Демонстрационная база недоступна в этой версии MentorDesk.") from exc
    build_demo(db, progress=job.report, cancelled=job.is_cancelled)
    return True


def remove_database_files(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


class DemoLauncher:
    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def start(self) -> None:
        path = demo_path()
        if self._window.is_open(path):
            return
        # No start-up backup: the demo is rebuilt in seconds and its copies would crowd the folder.
        self._window.open_target(path, startup_backup=False, on_opened=self._opened)

    def _opened(self, db: Database) -> None:
        window = self._window
        if db.read_only:  # another window holds the demo: show what it has
            window.set_database(db)
            return

        def discard() -> None:
            path = db.path
            db.close()
            if path is not None:
                remove_database_files(path)

        def done(_built: Any) -> None:
            window.set_database(db)

        def failed(_exc: BaseException) -> bool:
            discard()
            return False  # the one error dialog explains it

        window.runner.run(lambda job: fill_demo(db, job), on_done=done, on_error=failed,
                          on_cancelled=discard, cancellable=True,
                          title=window.tr("Создание демонстрационной базы…"))

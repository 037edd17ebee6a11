"""Run a service call off the GUI thread; show progress only when it is slow.

    runner.run(lambda: set_task_done(db, task_id, True), on_done=refresh)
    runner.run(lambda job: build_demo(db, progress=job.report, cancelled=job.is_cancelled),
               title="Создание демонстрационной базы…", cancellable=True, on_done=show)

A job is a plain callable. It may take the `Job` (to report progress and look for a
cancellation), or return a generator that yields `(done, total)` and returns its result; the
runner checks for cancellation between yields and closes the generator. Jobs run one at a time,
in the order given, so a redo can never overtake the undo before it.

Every exception ends in `Messenger.error` unless `on_error` returns True (handled). A job that was
cancelled calls `on_cancelled` whatever it returned or raised.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, QRunnable, Qt, QThreadPool, QTimer, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from .messages import Messenger

SLOW_AFTER_MS = 400
PROGRESS_EVERY_S = 0.05


class Job(QObject):
    """One call in flight. Its methods `report` and `is_cancelled` are safe from any thread."""

    # The worker thread never emits a Signal: in PySide6 6.12 each emit from a non-Qt thread
    # drops a reference to True/False/None, and the interpreter aborts after a few thousand.
    # It stores its news in attributes and queues a call with QMetaObject.invokeMethod instead.

    def __init__(self, runner: Runner, fn: Callable[..., Any], title: str, cancellable: bool,
                 on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], bool] | None,
                 on_cancelled: Callable[[], None] | None) -> None:
        super().__init__(runner)
        self._runner = runner
        self._fn = fn
        self.title = title
        self.cancellable = cancellable
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancelled = on_cancelled
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._dialog: QProgressDialog | None = None
        self._latest: tuple[int, int] = (0, 0)
        self.is_finished = False
        self._result: Any = None
        self._error: BaseException | None = None

    # --- called from the worker thread -------------------------------------------------------

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_report >= PROGRESS_EVERY_S:
            self._last_report = now
            self._latest = (int(done), int(total))
            self._queue("_show_progress")

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def execute(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # every failure goes to the GUI thread, none is lost
            self._error = exc
            self._queue("_fail")
        else:
            self._result = result
            self._queue("_succeed")

    def _queue(self, slot: str) -> None:
        QMetaObject.invokeMethod(self, slot, Qt.ConnectionType.QueuedConnection)

    def _call(self) -> Any:
        try:
            params = inspect.signature(self._fn).parameters.values()
            takes_job = any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY,
                            p.POSITIONAL_OR_KEYWORD) for p in params)
        except (TypeError, ValueError):  # a builtin without a signature takes no job
            takes_job = False
        result = self._fn(self) if takes_job else self._fn()
        if not inspect.isgenerator(result):
            return result
        return self._drain(result)

    def _drain(self, gen: Generator[Any, Any, Any]) -> Any:
        try:
            while True:
                if self.is_cancelled():
                    gen.close()
                    return None
                done, total = next(gen)
                self.report(done, total)
        except StopIteration as stop:
            return stop.value

    # --- called in the GUI thread ------------------------------------------------------------

    @Slot()
    def _show_progress(self) -> None:
        done, total = self._latest
        if self._dialog is not None and total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))

    def show_dialog_if_running(self) -> None:
        if self.is_finished or self._dialog is not None:
            return
        dialog = QProgressDialog(self._runner.parent_widget())
        dialog.setWindowTitle(self.tr("Подождите"))
        dialog.setLabelText(self.title or self.tr("Выполняется…"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        if self.cancellable:
            dialog.setCancelButtonText(self.tr("Отмена"))
            dialog.canceled.connect(self._cancel_from_dialog)
        else:
            dialog.setCancelButton(None)
        done, total = self._latest
        dialog.setRange(0, total if total > 0 else 0)
        if total > 0:
            dialog.setValue(min(done, total))
        self._dialog = dialog
        dialog.show()

    @Slot()
    def _cancel_from_dialog(self) -> None:
        self.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Отмена… Подождите, пока действие остановится."))
            self._dialog.show()

    def _close(self) -> None:
        self.is_finished = True
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        self._runner.forget(self)

    @Slot()
    def _succeed(self) -> None:
        result, self._result = self._result, None
        self._close()
        if self.is_cancelled():
            if self._on_cancelled:
                self._on_cancelled()
        elif self._on_done:
            self._on_done(result)

    @Slot()
    def _fail(self) -> None:
        exc, self._error = self._error, None
        assert exc is not None
        self._close()
        if self.is_cancelled():
            if self._on_cancelled:
                self._on_cancelled()
            return
        if self._on_error is not None and self._on_error(exc):
            return
        self._runner.messenger.error(self._runner.parent_widget(), exc)


class _Task(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job.execute()


class Runner(QObject):
    """The one way the UI calls a service. Jobs run on one background thread, in order."""

    def __init__(self, parent: QWidget, messenger: Messenger) -> None:
        super().__init__(parent)
        self._parent = parent
        self.messenger = messenger
        self.slow_after_ms = SLOW_AFTER_MS
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[Job] = set()

    def parent_widget(self) -> QWidget:
        return self._parent

    def run(self, fn: Callable[..., Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], bool] | None = None,
            on_cancelled: Callable[[], None] | None = None,
            title: str = "", cancellable: bool = False, slow_after_ms: int | None = None) -> Job:
        """`slow_after_ms`: how long the job may run before its progress dialog shows (a job
        that shows its own «Загрузка…» waits longer)."""
        job = Job(self, fn, title, cancellable, on_done, on_error, on_cancelled)
        self._jobs.add(job)
        wait = self.slow_after_ms if slow_after_ms is None else slow_after_ms
        QTimer.singleShot(wait, job, job.show_dialog_if_running)
        self._pool.start(_Task(job))
        return job

    def forget(self, job: Job) -> None:
        self._jobs.discard(job)
        job.deleteLater()

    def cancel_all(self) -> None:
        """Ask every cancellable job to stop (the window is closing)."""
        for job in list(self._jobs):
            if job.cancellable:
                job.cancel()

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self) -> None:
        """Block until the background thread is idle (closing the window, tests, screenshots).

        The results still arrive through the event loop afterwards."""
        self._pool.waitForDone()

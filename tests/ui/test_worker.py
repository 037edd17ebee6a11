"""The runner: results, errors to the one dialog, progress and cancellation."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton, QWidget

from mentordesk.errors import ValidationError
from mentordesk.ui.messages import describe_error
from mentordesk.ui.worker import Runner


def make_runner(qtbot, messenger) -> Runner:
    parent = QWidget()
    qtbot.addWidget(parent)
    return Runner(parent, messenger)


def test_a_call_runs_off_the_gui_thread_and_returns(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    results: list[object] = []
    runner.run(lambda: threading.current_thread() is threading.main_thread(),
               on_done=results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results == [False]
    assert not runner.busy


def test_app_errors_reach_the_one_dialog_with_their_message(qtbot, messenger):
    runner = make_runner(qtbot, messenger)

    def fail() -> None:
        raise ValidationError("Укажите название программы.")

    runner.run(fail)
    qtbot.waitUntil(lambda: bool(messenger.errors))
    assert describe_error(messenger.errors[0]) == ("Укажите название программы.", "")


def test_unexpected_errors_get_a_russian_message_and_details(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    runner.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: bool(messenger.errors))
    message, details = describe_error(messenger.errors[0])
    assert message.startswith("Произошла непредвиденная ошибка")
    assert "ZeroDivisionError" in details


def test_a_handled_error_shows_no_dialog(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    seen: list[BaseException] = []
    runner.run(lambda: 1 / 0, on_error=lambda exc: seen.append(exc) or True)
    qtbot.waitUntil(lambda: bool(seen))
    assert not messenger.errors


def test_a_generator_job_reports_progress_and_returns_its_value(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    results: list[object] = []

    def steps():
        for i in range(1, 4):
            yield i, 3
        return "готово"

    runner.run(steps, on_done=results.append, title="Считаю…")
    qtbot.waitUntil(lambda: bool(results))
    assert results == ["готово"]


def test_a_progress_job_can_be_cancelled(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    started = threading.Event()
    outcome: list[str] = []

    def long_job(job) -> str:
        started.set()
        while not job.is_cancelled():
            job.report(1, 10)
            threading.Event().wait(0.005)
        return "прервано"

    job = runner.run(long_job, cancellable=True, on_done=lambda _: outcome.append("done"),
                     on_cancelled=lambda: outcome.append("cancelled"))
    assert started.wait(10)
    job.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    assert not messenger.errors


def test_a_cancelled_generator_is_closed(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    started, closed = threading.Event(), threading.Event()
    outcome: list[str] = []

    def endless():
        started.set()
        try:
            while True:
                yield 0, 0
        finally:
            closed.set()

    job = runner.run(endless, cancellable=True, on_cancelled=lambda: outcome.append("cancelled"))
    assert started.wait(10)
    job.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert closed.is_set()


def test_jobs_run_in_the_order_given(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    order: list[int] = []
    for i in range(5):
        runner.run(lambda i=i: i, on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4]


def test_slow_work_shows_a_russian_progress_dialog(qtbot, messenger):
    runner = make_runner(qtbot, messenger)
    release = threading.Event()
    results: list[object] = []

    def slow(job) -> str:
        job.report(1, 4)
        release.wait(30)
        return "готово"

    runner.slow_after_ms = 3_600_000  # the test, not a timer, decides that the work is slow
    job = runner.run(slow, title="Создание демонстрационной базы…", cancellable=True,
                     on_done=results.append)
    job.show_dialog_if_running()
    dialog = job._dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText() == "Создание демонстрационной базы…"
    assert dialog.windowTitle() == "Подождите"
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert buttons == ["Отмена"]
    release.set()
    qtbot.waitUntil(lambda: bool(results))  # the dialog closes with the job
    assert results == ["готово"] and not runner.busy

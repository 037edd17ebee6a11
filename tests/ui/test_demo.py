"""«Открыть демонстрационную базу»: built once off the GUI thread, cancellable, then reused."""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from datetime import date

import pytest

from mentordesk.services.programme import create_programme
from mentordesk.ui.demo import demo_path
from mentordesk.ui.main_window import MainWindow

from .conftest import make_programme_db

HAS_DEMO = importlib.util.find_spec("mentordesk.services.demo") is not None


def fake_demo_module(monkeypatch, build):
    module = types.ModuleType("mentordesk.services.demo")
    module.build_demo = build
    monkeypatch.setitem(sys.modules, "mentordesk.services.demo", module)


def make_window(qtbot, messenger, settings) -> MainWindow:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    return window


def test_the_demo_is_built_then_shown(qtbot, messenger, settings, monkeypatch):
    calls: list[int] = []

    def build(db, size="school", stage=3, *, progress=None, cancelled=None, **_):
        for step in range(1, 4):
            progress(step, 3)
        calls.append(1)
        create_programme(db, title="Демонстрационная программа", starts_on=date(2025, 9, 1),
                         ends_on=date(2026, 8, 31), organisation_name="Демо-школа")

    fake_demo_module(monkeypatch, build)
    window = make_window(qtbot, messenger, settings)
    window.welcome.demo_button.click()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    assert calls == [1]
    assert window.db is not None and window.db.path == demo_path().resolve()
    assert window.workspace.header.title.text() == "Демонстрационная программа"
    assert not messenger.errors


def test_an_existing_demo_is_opened_not_rebuilt(qtbot, messenger, settings, monkeypatch):
    demo_path().parent.mkdir(parents=True, exist_ok=True)
    db, _ = make_programme_db(demo_path())
    db.close()

    def build(*_args, **_kwargs):
        raise AssertionError("the demo must not be rebuilt")

    fake_demo_module(monkeypatch, build)
    window = make_window(qtbot, messenger, settings)
    window.demo.start()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    assert not messenger.errors


def test_a_cancelled_demo_leaves_no_file(qtbot, messenger, settings, monkeypatch):
    started = threading.Event()

    def build(db, size="school", stage=3, *, progress=None, cancelled=None, **_):
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)

    fake_demo_module(monkeypatch, build)
    window = make_window(qtbot, messenger, settings)
    window.demo.start()
    qtbot.waitUntil(started.is_set)
    window.runner.cancel_all()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert not demo_path().exists()
    assert window.db is None and window.central.currentWidget() is window.welcome
    assert not messenger.errors


def test_a_failed_demo_is_explained_and_removed(qtbot, messenger, settings, monkeypatch):
    from mentordesk.errors import StorageError

    def build(*_args, **_kwargs):
        raise StorageError("На диске закончилось место.")

    fake_demo_module(monkeypatch, build)
    window = make_window(qtbot, messenger, settings)
    window.demo.start()
    qtbot.waitUntil(lambda: bool(messenger.errors))
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert str(messenger.errors[0]) == "На диске закончилось место."
    assert not demo_path().exists()


@pytest.mark.skipif(not HAS_DEMO, reason="mentordesk.services.demo (build_demo) is not written yet")
def test_main_window_smoke_on_the_real_demo(qtbot, messenger, settings):
    window = make_window(qtbot, messenger, settings)
    window.resize(1200, 750)
    window.show()
    window.demo.start()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace, timeout=120_000)
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert not messenger.errors
    navigator = window.workspace.navigator.stage_model
    assert navigator.rowCount() == 7
    assert any(navigator.stage_at(row).tasks_done for row in range(7))
    for stage in range(1, 8):
        window.workspace.show_stage(stage)
        assert not window.grab().isNull()

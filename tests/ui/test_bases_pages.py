"""The stage 2 and 3 pages hold the bases; the import wizard and the request map are opened
lazily (their modules are replaced by small stand-ins here)."""

from __future__ import annotations

import sys
import types
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget, QWizard

from mentordesk.ui.main_window import MainWindow

from .conftest import FakeMessenger


def open_window(qtbot: Any, messenger: FakeMessenger, settings: QSettings,
                path: Any) -> MainWindow:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    window.open_at_startup(str(path))
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    qtbot.waitUntil(lambda: not window.runner.busy)
    return window


def test_stage_pages_hold_the_bases(qtbot: Any, messenger: FakeMessenger, settings: QSettings,
                                    programme_file: Any) -> None:
    window = open_window(qtbot, messenger, settings, programme_file)
    pages = window.workspace.stage_pages
    assert pages[2].base is not None and pages[2].base.mentees
    assert pages[3].base is not None and not pages[3].base.mentees
    assert pages[1].base is None
    for number in (2, 3):
        notes = [w.text() for w in pages[number].findChildren(QWidget, "wizardNote")]
        assert notes and "следующих версиях" not in notes[0] and "Здесь база" in notes[0]
        assert pages[number].base.context is not None
        assert pages[number].base.add_button.isEnabled()
    assert pages[2].map_button is not None and pages[3].map_button is None


def test_import_and_request_map_open_lazily(qtbot: Any, messenger: FakeMessenger,
                                            settings: QSettings, programme_file: Any,
                                            monkeypatch: Any) -> None:
    made: list[Any] = []

    class ImportWizard(QWizard):
        imported = Signal(int)

        def __init__(self, db: Any, kind: str, runner: Any, messenger: Any,
                      parent: QWidget | None = None) -> None:
            super().__init__(parent)
            made.append(kind)

    class RequestMapView(QWidget):
        def __init__(self, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.data: Any = None

        def show_map(self, data: Any) -> None:
            self.data = data

    wizard_module = types.ModuleType("mentordesk.ui.import_wizard")
    wizard_module.ImportWizard = ImportWizard  # type: ignore[attr-defined]
    map_module = types.ModuleType("mentordesk.ui.request_map_view")
    map_module.RequestMapView = RequestMapView  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mentordesk.ui.import_wizard", wizard_module)
    monkeypatch.setitem(sys.modules, "mentordesk.ui.request_map_view", map_module)

    window = open_window(qtbot, messenger, settings, programme_file)
    page2, page3 = window.workspace.stage_pages[2], window.workspace.stage_pages[3]
    page2.import_button.click()
    page3.import_button.click()
    assert made == ["mentees", "mentors"]
    base = page2.base
    assert base is not None
    loads: list[int] = []
    base.loaded.connect(lambda: loads.append(1))
    page2.dialog.imported.emit(3)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bool(loads))

    page2.map_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert page2.dialog.map_view.data is not None  # type: ignore[union-attr]
    assert not messenger.errors


def test_a_change_in_a_base_rereads_the_overview(qtbot: Any, messenger: FakeMessenger,
                                                 settings: QSettings, tmp_path: Any) -> None:
    from mentordesk.services.database import open_database
    from mentordesk.services.demo import build_demo

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, "school", 3)
    db.close()
    window = open_window(qtbot, messenger, settings, path)
    page = window.workspace.stage_pages[3]
    base = page.base
    assert base is not None and base.model.rowCount() > 0
    before = window.overview
    shown: list[Any] = []
    window.workspace.navigator.stage_model.modelReset.connect(lambda: shown.append(1))
    window.workspace.navigator.stage_model.dataChanged.connect(lambda *_: shown.append(1))
    free = next(r for r in base.model.rows() if r.load == 0)
    base.select_id(free.id)
    base.archive_selected()
    qtbot.waitUntil(lambda: window.overview is not before and not window.runner.busy,
                    timeout=20000)
    assert shown, "the navigator was given the re-read stages"
    assert window.undo_stack.count() == 1 and not messenger.errors

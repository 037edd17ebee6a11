"""The base table for large bases: the model formats only the cells it is asked for, keeps the
service's order until another header is clicked, and the view answers a narrower search from
memory. Offscreen, on the demonstration school at stage 3; no timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from mentordesk.model.text import normalise
from mentordesk.services.database import open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.people import ALL, BaseQuery, mentee_rows, mentor_rows
from mentordesk.services.people_rows import refine, search_words
from mentordesk.services.programme import current_programme_id
from mentordesk.ui.bases.base_view import BaseContext, BaseView
from mentordesk.ui.bases.columns import MENTEE_COLUMNS, MENTOR_COLUMNS
from mentordesk.ui.bases.model import MISSING_CONSENT, ROW_ROLE, BaseTableModel, display_rows
from mentordesk.ui.worker import Runner

from .conftest import FakeMessenger


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filter") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, "school", 3)
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    db = open_database(copy)
    yield db, current_programme_id(db)
    db.close()


def make_view(qtbot: Any, demo: Any, messenger: FakeMessenger, settings: QSettings,
              mentees: bool = True) -> BaseView:
    db, programme_id = demo
    host = QWidget()
    qtbot.addWidget(host)
    view = BaseView(mentees, host)
    view.set_context(BaseContext(db, programme_id, Runner(host, messenger), messenger,
                                 QUndoStack(host), settings))
    wait(qtbot, view)
    return view


def wait(qtbot: Any, view: BaseView) -> None:
    view.filter_bar.flush()
    assert view.context is not None
    runner = view.context.runner
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)


def test_cells_are_made_when_shown(demo: Any) -> None:
    db, programme_id = demo
    for columns, rows in ((MENTEE_COLUMNS, mentee_rows(db, programme_id, ALL)),
                          (MENTOR_COLUMNS, mentor_rows(db, programme_id, ALL))):
        model = BaseTableModel(columns)
        model.set_rows(rows)
        consent = model.column_of("consent")
        for r, row in enumerate(rows):
            assert model.index(r, 0).data(ROW_ROLE) is row
            for c, column in enumerate(columns):
                assert model.index(r, c).data() == column.text(row)
            background = model.index(r, consent).data(Qt.ItemDataRole.BackgroundRole)
            assert (background == MISSING_CONSENT) == (not row.consent_ok)
        assert any(not row.consent_ok for row in rows)
        assert model.display_rows([0, consent]) == [[r.full_name, r.consent] for r in rows]
        assert display_rows(columns, rows[:3], [1]) == [[columns[1].text(r)] for r in rows[:3]]


def test_the_services_order_is_kept_until_another_header(demo: Any) -> None:
    db, programme_id = demo
    rows = mentee_rows(db, programme_id, ALL)
    model = BaseTableModel(MENTEE_COLUMNS)
    model.sort(0)
    model.set_rows(rows)
    assert model.rows() == rows  # no second sort by name
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rows() == rows[::-1]
    age = model.column_of("age")
    model.sort(age, Qt.SortOrder.AscendingOrder)
    ages = [-1 if r.age is None else r.age for r in model.rows()]
    assert ages == sorted(ages) and len(set(ages)) > 1
    for a, b in zip(model.rows(), model.rows()[1:], strict=False):
        if a.age == b.age:  # among equals, by name
            assert normalise(a.full_name) <= normalise(b.full_name)
    narrower = refine(rows, search_words("а"))
    model.set_rows(narrower)  # the keys of the shown column are known: the order follows
    assert model.rows() == [r for r in sorted(rows, key=lambda r: -1 if r.age is None else r.age)
                            if r in narrower]
    model.sort(0)
    assert model.rows() == narrower


def test_typing_narrows_without_reading(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                        settings: QSettings) -> None:
    view = make_view(qtbot, demo, messenger, settings)
    assert view.source is not None and view.source.reads == 1
    everybody = view.model.rows()
    assert view.count.text() == f"Показано: {len(everybody)}"
    name = everybody[len(everybody) // 2].full_name.split()[0]
    for n in range(1, len(name) + 1):
        view.filter_bar.search.setText(name[:n].lower())
        wait(qtbot, view)
        assert view.model.rows() == refine(everybody, search_words(name[:n]))
    assert name in view.model.row_at(0).full_name
    view.filter_bar.search.setText("")
    wait(qtbot, view)
    assert view.model.rows() == everybody and view.source.reads == 1
    assert not messenger.errors

    view.refresh()  # after a change: the database is read again
    wait(qtbot, view)
    assert view.source.reads == 2 and view.model.rows() == everybody
    assert view.context is not None and view.context.runner.slow_after_ms < 1000  # restored


def test_enter_searches_at_once(qtbot: Any, demo: Any, messenger: FakeMessenger,
                                settings: QSettings) -> None:
    view = make_view(qtbot, demo, messenger, settings, mentees=False)
    name = view.model.row_at(0).full_name
    view.filter_bar.search.setText(name)
    qtbot.keyClick(view.filter_bar.search, Qt.Key.Key_Return)
    assert not view.filter_bar._timer.isActive()  # sent, not waiting for the pause
    assert view.context is not None
    qtbot.waitUntil(lambda: not view.context.runner.busy, timeout=20000)  # type: ignore[union-attr]
    assert view.model.rowCount() >= 1 and view.model.row_at(0).full_name == name
    assert view.model.rows() == mentor_rows(view.context.db, view.context.programme_id,
                                            BaseQuery(text=name))

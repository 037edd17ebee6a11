from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from mentordesk.services.programme import set_task_done
from mentordesk.services.roadmap import list_tasks
from mentordesk.ui.roadmap_model import DONE, DUE, RESPONSIBLE, RESULT, TITLE, RoadmapTableModel


def test_roadmap_model_passes_the_model_tester(qtmodeltester, programme_db):
    db, programme_id = programme_db
    set_task_done(db, list_tasks(db, programme_id)[0].id, True, date(2025, 9, 20))
    model = RoadmapTableModel()
    model.set_rows(list_tasks(db, programme_id, stage=1))
    qtmodeltester.check(model)


def test_columns_show_the_roadmap_in_russian(programme_db):
    db, programme_id = programme_db
    first = list_tasks(db, programme_id, stage=1)[0]
    set_task_done(db, first.id, True, date(2025, 9, 20))
    model = RoadmapTableModel()
    model.set_rows(list_tasks(db, programme_id, stage=1))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Мероприятие", "Срок", "Ответственные", "Результат", "Выполнено"]
    row = [model.index(0, c).data() for c in (TITLE, DUE, RESPONSIBLE, RESULT)]
    assert row == [first.title, first.due_text, first.responsible, first.result]
    assert model.index(0, DONE).data() == "20.09.2025"
    assert model.index(0, DONE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(1, DONE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_ticking_asks_for_a_change_without_writing(qtbot, programme_db):
    db, programme_id = programme_db
    model = RoadmapTableModel()
    model.set_rows(list_tasks(db, programme_id, stage=2))
    index = model.index(1, DONE)
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(model.doneChangeRequested) as blocker:
        assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    task, done = blocker.args
    assert task.id == list_tasks(db, programme_id, stage=2)[1].id and done is True
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked  # shown at once
    assert not list_tasks(db, programme_id, stage=2)[1].done  # the model never writes


def test_read_only_rows_cannot_be_ticked(programme_db):
    db, programme_id = programme_db
    model = RoadmapTableModel()
    model.set_rows(list_tasks(db, programme_id, stage=1))
    model.set_editable(False)
    index = model.index(0, DONE)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert "только для чтения" in index.data(Qt.ItemDataRole.ToolTipRole)

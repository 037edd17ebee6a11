from __future__ import annotations

from PySide6.QtCore import Qt

from mentordesk.model.stages import STAGES
from mentordesk.services.programme import set_task_done, stage_progress
from mentordesk.services.roadmap import list_tasks
from mentordesk.ui.navigator import StageListModel, StageNavigator, StageRole


def test_stage_model_passes_the_model_tester(qtmodeltester, programme_db):
    db, programme_id = programme_db
    model = StageListModel()
    model.set_stages(stage_progress(db, programme_id))
    qtmodeltester.check(model)


def test_navigator_lists_seven_stages_with_progress_from_the_database(qtbot, programme_db):
    db, programme_id = programme_db
    first = list_tasks(db, programme_id, stage=1)
    for task in first[:3]:
        set_task_done(db, task.id, True)

    navigator = StageNavigator()
    qtbot.addWidget(navigator)
    navigator.set_stages(stage_progress(db, programme_id))
    model = navigator.stage_model

    assert model.rowCount() == 7
    texts = [model.index(row).data() for row in range(7)]
    assert texts == [f"{n}. {title}" for n, title in STAGES.items()]
    stage1 = model.index(0).data(StageRole)
    assert (stage1.tasks_done, stage1.tasks_total) == (3, len(first))
    assert stage1.is_current
    assert f"3 из {len(first)}" in model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Текущий этап" in model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.index(1).data(StageRole).is_current


def test_selecting_a_stage_emits_its_number(qtbot, programme_db):
    db, programme_id = programme_db
    navigator = StageNavigator()
    qtbot.addWidget(navigator)
    navigator.set_stages(stage_progress(db, programme_id))
    with qtbot.waitSignal(navigator.stageSelected) as blocker:
        navigator.select_stage(5)
    assert blocker.args == [5]
    assert navigator.selected_stage() == 5


def test_refreshing_progress_keeps_the_selection(qtbot, programme_db):
    db, programme_id = programme_db
    navigator = StageNavigator()
    qtbot.addWidget(navigator)
    navigator.set_stages(stage_progress(db, programme_id))
    navigator.select_stage(4)
    set_task_done(db, list_tasks(db, programme_id, stage=4)[0].id, True)
    navigator.set_stages(stage_progress(db, programme_id))
    assert navigator.selected_stage() == 4
    assert navigator.stage_model.stage_at(3).tasks_done == 1

"""The request → competence map: the service and the dialog, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from mentordesk.errors import ValidationError
from mentordesk.services.request_competences import (
    competence_map,
    known_competences,
    set_competences,
)
from mentordesk.ui.competence_map import CompetenceMapDialog


def _kind(db, name):  # type: ignore[no-untyped-def]
    return next(k for k in competence_map(db) if k.kind_name == name)


def test_the_map_ships_with_defaults_and_edits_keep_order_without_repeats(programme_db) -> None:
    db, _ = programme_db
    olymp = _kind(db, "Подготовка к олимпиаде")
    assert "подготовка к олимпиадам" in olymp.competences
    old = set_competences(db, olymp.kind_id, ["  олимпиадная   математика ", "Олимпиадная математика",
                                               "", "подготовка к олимпиадам"])
    assert "подготовка к олимпиадам" in old
    assert _kind(db, "Подготовка к олимпиаде").competences == ("олимпиадная математика",
                                                               "подготовка к олимпиадам")
    with pytest.raises(ValidationError, match="слишком длинная"):
        set_competences(db, olymp.kind_id, ["а" * 301])
    assert "олимпиадная математика" in known_competences(db)


def test_the_dialog_adds_and_removes_with_undo(qtbot, programme_db, messenger) -> None:
    db, _ = programme_db
    stack = QUndoStack()
    dialog = CompetenceMapDialog(db, messenger, stack)
    qtbot.addWidget(dialog)
    names = [dialog.kind_list.item(i).text() for i in range(dialog.kind_list.count())]
    row = next(i for i, n in enumerate(names) if n.startswith("Профориентация"))
    dialog.kind_list.setCurrentRow(row)
    before = _kind(db, "Профориентация").competences
    dialog.entry.setText("экскурсии на предприятия")
    dialog.add_competence()
    after = _kind(db, "Профориентация").competences
    assert after == (*before, "экскурсии на предприятия")
    assert [dialog.competences.item(i).text() for i in range(dialog.competences.count())] == \
        list(after)
    dialog.competences.item(0).setSelected(True)
    dialog.remove_selected()
    assert _kind(db, "Профориентация").competences == after[1:]
    stack.undo()
    assert _kind(db, "Профориентация").competences == after
    stack.undo()
    assert _kind(db, "Профориентация").competences == before
    stack.redo()
    assert _kind(db, "Профориентация").competences == after
    assert not messenger.errors

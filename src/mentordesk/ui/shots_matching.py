"""Screenshots of the matcher's settings, for `shots.SCREENS`: the request → competence map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from .competence_map import CompetenceMapDialog

if TYPE_CHECKING:
    from .shots import ShotContext


def competence_map(ctx: ShotContext) -> QWidget:
    window = ctx.main
    assert window.db is not None
    dialog = CompetenceMapDialog(window.db, ctx.messenger, window.undo_stack, window)
    for row in range(dialog.kind_list.count()):
        if dialog.kind_list.item(row).text().startswith("Подготовка к олимпиаде"):
            dialog.kind_list.setCurrentRow(row)
    return dialog

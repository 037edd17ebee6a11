"""The stage pages' extra buttons around a base: «Импорт из Excel…» and «Карта запросов».
The wizard and the map view live in their own modules and are imported only when opened."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ...services.request_map import request_map
from .base_view import BaseView


def open_import(view: BaseView) -> QWidget | None:
    ctx = view.context
    if ctx is None or ctx.read_only:
        return None
    from ..import_wizard import ImportWizard  # noqa: PLC0415 - built by its own module

    wizard = ImportWizard(ctx.db, view.name, ctx.runner, ctx.messenger, view)
    wizard.imported.connect(lambda _count: view.refresh())
    wizard.open()
    return wizard


class RequestMapDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestMapDialog")
        self.setWindowTitle(self.tr("Карта запросов"))
        self.resize(900, 600)
        from ..request_map_view import RequestMapView  # noqa: PLC0415

        self.map_view = RequestMapView(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.map_view, 1)
        layout.addWidget(buttons)


def open_request_map(view: BaseView) -> QDialog | None:
    ctx = view.context
    if ctx is None:
        return None
    dialog = RequestMapDialog(view)
    db, programme_id = ctx.db, ctx.programme_id
    ctx.runner.run(lambda: request_map(db, programme_id), on_done=dialog.map_view.show_map)
    dialog.open()
    return dialog

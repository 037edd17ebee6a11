"""Page 5, «Корректировка»: the draft pairs in the drag-and-drop pairing view."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .common import Stage5Page, note, tr

PAIRING_MODULE = "mentordesk.ui.pairing"


def pairing_view_class() -> type[QWidget] | None:
    """The pairing view, or None in a build that does not have it yet."""
    try:
        module = importlib.import_module(PAIRING_MODULE)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing and (PAIRING_MODULE.startswith(missing) or missing.startswith(PAIRING_MODULE)):
            return None
        raise
    view: Any = getattr(module, "PairingView", None)
    return view if isinstance(view, type) and issubclass(view, QWidget) else None


class AdjustmentPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Корректировка"), tr(
            "Поправьте черновик пар и групп. Каждое изменение сохраняется сразу; "
            "«Отменить изменение» внизу возвращает предыдущее."))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.view: Any = None
        self.placeholder: QLabel | None = None

    def initializePage(self) -> None:
        wiz = self.wiz()
        if self.view is None and self.placeholder is None:
            cls = pairing_view_class()
            if cls is None:
                self.placeholder = note(tr(
                    "Окно корректировки пар появится в следующей версии. Черновые пары можно "
                    "утвердить на следующем шаге."))
                self.placeholder.setObjectName("pairingPlaceholder")
                self.layout_.addWidget(self.placeholder)
                self.layout_.addStretch(1)
                return
            self.view = cls()
            self.view.setObjectName("pairingView")
            self.view.changed.connect(wiz.changed)
            self.layout_.addWidget(self.view, 1)
        if self.view is not None:
            self.view.set_context(wiz.db, wiz.programme_id, wiz.undo_stack, wiz.messenger)

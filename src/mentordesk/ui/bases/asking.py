"""Questions the bases ask. A Messenger that has `confirm` / `ask_save_path` (a test's fake)
answers them; otherwise a Russian dialog does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..messages import Messenger

XLSX_FILTER = "Книга Excel (*.xlsx)"


def tr(text: str) -> str:
    return QCoreApplication.translate("BaseView", text)


def confirm(messenger: Messenger, parent: QWidget | None, title: str, text: str) -> bool:
    ask = getattr(messenger, "confirm", None)
    if ask is not None:
        return bool(ask(parent, title, text))
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(tr("Да"))
    box.button(QMessageBox.StandardButton.No).setText(tr("Нет"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def save_path(messenger: Messenger, parent: QWidget | None, title: str, start: str) -> str | None:
    ask = getattr(messenger, "ask_save_path", None)
    if ask is not None:
        answer = ask(parent, title, start)
        return str(answer) if answer else None
    path, _ = QFileDialog.getSaveFileName(parent, title, start, tr(XLSX_FILTER))
    if not path:
        return None
    if Path(path).suffix.lower() != ".xlsx":
        path += ".xlsx"
    return path

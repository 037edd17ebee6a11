"""Every message box the app shows, behind one object that tests replace.

`Messenger` is the single error dialog of the app: an app error (`MentorDeskError`) shows its
Russian message as is; anything unexpected shows a generic Russian message with the details
folded away. Windows take a `Messenger` in their constructor, so a test passes a fake that
records the calls and answers at once instead of blocking on a modal dialog.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..errors import MentorDeskError

DATABASE_FILTER = "База MentorDesk (*.sqlite *.db);;Все файлы (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Messenger", text)


def unexpected_message() -> str:
    return tr(
        "Произошла непредвиденная ошибка, действие не выполнено. Данные, сохранённые раньше, "
        "остались в базе. Если ошибка повторяется, сообщите о ней и приложите подробности."
    )


def describe_error(exc: BaseException) -> tuple[str, str]:
    """The message and the details to show for an exception."""
    if isinstance(exc, MentorDeskError):
        return exc.message, exc.details
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return unexpected_message(), details


def _russian_ok(box: QMessageBox) -> QMessageBox:
    # Qt's Russian catalogue leaves «OK» in Latin letters; Russian Windows writes «ОК».
    button = box.button(QMessageBox.StandardButton.Ok)
    if button is not None:
        button.setText(tr("ОК"))
    return box


def build_error_box(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    message, details = describe_error(exc)
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Ошибка"), message,
                      QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    return _russian_ok(box)


def build_info_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    return _russian_ok(QMessageBox(QMessageBox.Icon.Information, title, text,
                                   QMessageBox.StandardButton.Ok, parent))


def build_confirm_box(parent: QWidget | None, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, tr("Подтверждение"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(tr("Да"))
    box.button(QMessageBox.StandardButton.No).setText(tr("Нет"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box


def filter_suffix(name_filter: str) -> str:
    """«Книга Excel (*.xlsx)» → «.xlsx»: the first pattern of the first filter."""
    match = re.search(r"\*(\.[\w.]+)", name_filter)
    return match.group(1) if match else ""


def build_locked_box(parent: QWidget | None, message: str, *, at_startup: bool) -> QMessageBox:
    """The choice when the file cannot be written (another MentorDesk holds it, or it is
    write-protected): read it only, or leave."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("База данных недоступна для записи"))
    box.setText(message)
    box.setInformativeText(tr(
        "Только для чтения: вы увидите все данные, но не сможете ничего изменить."
    ))
    read_only = box.addButton(tr("Открыть только для чтения"), QMessageBox.ButtonRole.AcceptRole)
    leave = box.addButton(tr("Выйти") if at_startup else tr("Отмена"),
                          QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(leave)
    box.setProperty("readOnlyButton", read_only)
    return box


class Messenger:
    """Modal dialogs. Replace it in tests; every method returns the user's answer."""

    def error(self, parent: QWidget | None, exc: BaseException) -> None:
        build_error_box(parent, exc).exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        build_info_box(parent, title, text).exec()

    def locked_choice(self, parent: QWidget | None, message: str, *, at_startup: bool) -> bool:
        """True when the user chooses to open the database read-only."""
        box = build_locked_box(parent, message, at_startup=at_startup)
        box.exec()
        return box.clickedButton() is box.property("readOnlyButton")

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        """«Да» / «Нет»; «Нет» is the default, so Enter never confirms by accident."""
        return build_confirm_box(parent, text).exec() == QMessageBox.StandardButton.Yes

    def ask_save_path(self, parent: QWidget | None, caption: str, suggested: str,
                      filter: str) -> str | None:  # noqa: A002 - Qt's own name
        """A file to write; the filter's extension is added when the user typed none."""
        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filter)
        if not path:
            return None
        suffix = filter_suffix(filter)
        if suffix and not Path(path).suffix:
            path += suffix
        return path

    def ask_open_path(self, parent: QWidget | None, start: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, tr("Открыть базу данных"), start, tr(DATABASE_FILTER))
        return path or None

    def ask_new_path(self, parent: QWidget | None, start: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, tr("Создать базу данных"), start, tr(DATABASE_FILTER),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return None
        if not Path(path).suffix:
            path += ".sqlite"
        return path

"""«Файл → Восстановить из резервной копии…»: choose a copy, confirm, restore, open the file again.

The dialog is given the backups and never lists them itself. `Restorer` lists them off the GUI
thread, closes the window's database (the service takes the writer lock itself), runs
`restore_backup` and re-opens the same file through the window's usual open path.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.backups import BackupInfo, list_backups, restore_backup
from ..services.database import Database

if TYPE_CHECKING:
    from .main_window import MainWindow

AnyIndex = QModelIndex | QPersistentModelIndex
WHEN, REASON, SIZE = range(3)


def tr(text: str) -> str:
    return QCoreApplication.translate("Restore", text)


def format_size(size: int) -> str:
    """«96 КБ», «1,4 МБ»: a curator compares copies by size, not by bytes."""
    kib = size / 1024
    if kib < 1000:
        return tr("{n} КБ").format(n=max(1, round(kib)))
    return tr("{n} МБ").format(n=f"{kib / 1024:.1f}".replace(".", ","))


def backup_when(info: BackupInfo) -> str:
    # A no-break space: the date and its time never part at a line end.
    return info.made_at.strftime("%d.%m.%Y\u00a0%H:%M:%S") if info.made_at else tr("время неизвестно")


def backup_reason(info: BackupInfo) -> str:
    return info.reason[:1].upper() + info.reason[1:] if info.reason else "—"


def restore_availability(db: Database | None, damaged_file: str | None) -> tuple[bool, str]:
    """Whether «Восстановить из резервной копии…» can run now, and the tooltip that says why."""
    if db is None:
        if damaged_file:
            return True, tr("Восстановить повреждённый файл «{name}» из резервной копии").format(
                name=Path(damaged_file).name)
        return False, tr("Откройте базу данных, чтобы восстановить её из резервной копии")
    if db.path is None:
        return False, tr("База данных находится на сервере: резервные копии делает "
                         "и восстанавливает его администратор")
    if db.read_only:
        return False, tr("База открыта только для чтения, потому что она открыта в другом окне "
                         "MentorDesk. Закройте то окно, чтобы восстановить базу")
    return True, tr("Заменить данные базы одной из её резервных копий")


class BackupsModel(QAbstractTableModel):
    """The backups of one file, newest first, as the service listed them."""

    def __init__(self, backups: list[BackupInfo], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(backups)
        self._headers = (self.tr("Дата и время"), self.tr("Причина"), self.tr("Размер"))

    def backup_at(self, row: int) -> BackupInfo:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (backup_when(info), backup_reason(info), format_size(info.size))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Файл копии: {path}").format(path=info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None


class RestoreDialog(QDialog):
    """Choose the copy; the newest is chosen already. Accepted means «Восстановить»."""

    def __init__(self, file_name: str, backups: list[BackupInfo], *, damaged: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Восстановление из резервной копии"))
        if damaged:
            intro = self.tr("Файл «{name}» повреждён и не открывается. Выберите копию, "
                            "из которой его восстановить.").format(name=file_name)
        else:
            intro = self.tr("Выберите копию, из которой восстановить базу «{name}».").format(
                name=file_name)
        intro += " " + self.tr("Самая новая копия — первая в списке.")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)

        self.model = BackupsModel(backups, self)
        self.view = QTableView()
        self.view.setObjectName("backupsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(200)

        self.empty_label = QLabel(self.tr("Резервных копий этой базы пока нет."))
        self.empty_label.setObjectName("noBackupsLabel")
        self.empty_label.setStyleSheet("font-weight: bold;")
        if damaged:
            note = self.tr("Повреждённый файл не будет удалён: его переименуют, и он останется "
                           "в той же папке.")
        else:
            note = self.tr("Текущее состояние базы тоже будет сохранено как резервная копия, "
                           "поэтому восстановление можно отменить, восстановив её.")
        if not backups:
            note = self.tr("Копии делаются сами при открытии базы, в которой есть изменения, "
                           "и по команде «Файл → Резервная копия».")
        self.note = QLabel(note)
        self.note.setObjectName("restoreNote")
        self.note.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(self.tr("Восстановить"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self.intro.setVisible(bool(backups))
        self.view.setVisible(bool(backups))
        self.empty_label.setVisible(not backups)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(self._double_clicked)
        if backups:
            self.view.selectRow(0)
            self.view.setFocus()
        self._selection_changed()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _double_clicked(self, _index: QModelIndex) -> None:
        if self.restore_button.isEnabled():
            self.accept()

    def accept(self) -> None:
        if self.selected_backup() is not None:
            super().accept()


def build_confirm_box(parent: QWidget | None, file_name: str, backup: BackupInfo, *,
                      damaged: bool) -> QMessageBox:
    """The last word before the file is replaced; «Отмена» is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Восстановление из резервной копии"))
    box.setText(tr("Восстановить базу «{name}» из копии от {when}?").format(
        name=file_name, when=backup_when(backup)))
    if damaged:
        box.setInformativeText(tr("Повреждённый файл не будет удалён: его переименуют, "
                                  "и он останется в той же папке."))
    else:
        box.setInformativeText(tr(
            "Изменения, внесённые в базу после этой копии, пропадут. Текущее состояние базы "
            "будет сохранено как резервная копия «перед восстановлением», поэтому "
            "восстановление можно отменить, восстановив её."))
    restore = box.addButton(tr("Восстановить"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(tr("Отмена"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setProperty("restoreButton", restore)
    return box


class Restorer:
    """The restore, step by step, for one main window. Every dialog is opened without blocking
    and kept as `window.dialog`, so a test can answer it."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def offer(self, target: str, *, damaged: bool = False, only_if_any: bool = False) -> None:
        """Show the backups of `target` (`only_if_any`: unless it has none)."""

        def show(backups: list[BackupInfo]) -> None:
            if backups or not only_if_any:
                self._choose(target, backups, damaged)

        self._window.runner.run(lambda: list_backups(target), on_done=show)

    def _choose(self, target: str, backups: list[BackupInfo], damaged: bool) -> None:
        window = self._window
        dialog = RestoreDialog(Path(target).name, backups, damaged=damaged, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            backup = dialog.selected_backup()
            if backup is not None:
                self._confirm(target, backup, damaged)

        dialog.accepted.connect(chosen)
        window.dialog = dialog
        dialog.open()

    def _confirm(self, target: str, backup: BackupInfo, damaged: bool) -> None:
        window = self._window
        box = build_confirm_box(window, Path(target).name, backup, damaged=damaged)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is box.property("restoreButton"):
                self.restore(target, backup, damaged=damaged)

        box.finished.connect(answered)
        window.dialog = box
        box.open()

    def restore(self, target: str, backup: BackupInfo, *, damaged: bool = False) -> None:
        """Close the file if this window has it open, restore it, open it again."""
        window = self._window
        was_open = window.is_open(target)
        if was_open:
            window.close_database()

        def failed(exc: BaseException) -> bool:
            window.messenger.error(window, exc)
            if was_open:
                window.open_target(target, startup_backup=False)
            return True

        def restored(_used: Path) -> None:
            # No start-up backup: it would only repeat the copy just restored.
            window.open_target(target, startup_backup=False,
                               on_opened=partial(self._opened, target, backup, damaged))

        window.runner.run(lambda: restore_backup(target, backup.path), on_done=restored,
                          on_error=failed,
                          title=tr("Восстановление базы из резервной копии…"))

    def _opened(self, target: str, backup: BackupInfo, damaged: bool, db: Database) -> None:
        window = self._window
        window.set_database(db)
        text = tr("База «{name}» восстановлена из резервной копии от {when} ({reason}).").format(
            name=Path(target).name, when=backup_when(backup), reason=backup.reason or "—")
        if damaged:
            text += "\n\n" + tr("Повреждённый файл переименован и оставлен в той же папке.")
        else:
            text += "\n\n" + tr("Прежнее состояние базы сохранено как резервная копия "
                                "«перед восстановлением».")
        window.messenger.info(window, tr("База восстановлена"), text)

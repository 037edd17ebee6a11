"""The small dialogs of the pairing view: the reason of a forbid, the mentor chooser of
«Назначить наставнику…» (the keyboard way to assign), and «Изменить состав…» of an approved
pair. Each is given plain values and answers plain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.text import normalise
from ...services.match_pool import PoolMentee
from ...services.pairing import Member, MentorCard
from ..style import FIELD_ERROR_CSS
from .models import Preview

ID_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Отмена"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ReasonDialog(QDialog):
    """One line of text that must not be empty («Запретить пару…»)."""

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Например: конфликт в прошлом учебном году"))
        self.buttons = _buttons(self, ok_text)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def reason(self) -> str:
        return " ".join(self.edit.text().split())


class MentorChooser(QDialog):
    """A searchable table of the mentors with what each would get; refused ones are greyed out
    with the reason. Enter or «Назначить» picks the highlighted one."""

    def __init__(self, cards: Sequence[MentorCard], previews: dict[int, Preview], what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Выбор наставника"))
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Поиск наставника: фамилия, должность, форма"))
        self.search.setAccessibleName(self.tr("Поиск наставника"))
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Наставники"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr("Наставник"), self.tr("Должность, класс"),
                                   self.tr("Мест"), self.tr("Если назначить")])
        self.list.header().setStretchLastSection(True)
        for column, width in enumerate((250, 210, 60)):
            self.list.setColumnWidth(column, width)

        def order(card: MentorCard) -> tuple[bool, float]:
            preview = previews.get(card.id) or Preview()
            return (not preview.allowed, -(preview.score or 0.0))

        for card in sorted(cards, key=order):
            preview = previews.get(card.id) or Preview()
            item = QTreeWidgetItem([card.name, card.detail or "—", card.capacity_text,
                                    preview.text if card.id in previews else ""])
            item.setData(0, ID_ROLE, card.id)
            item.setData(0, KEY_ROLE, normalise(f"{card.name} {card.detail} {card.form_names}"))
            tip = "\n".join((card.name, card.form_names, preview.text, *preview.reasons))
            for column in range(4):
                item.setToolTip(column, tip)
            if not preview.allowed:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(3, QColor("#8e1b1b"))
            self.list.addTopLevelItem(item)
        self.search.textChanged.connect(self._filter)
        self.list.itemActivated.connect(lambda _item, _column: self.accept())
        self.buttons = _buttons(self, self.tr("Назначить"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 540)
        self._select_first()

    def _items(self) -> list[QTreeWidgetItem]:
        found = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _filter(self, text: str) -> None:
        words = normalise(text).split()
        for item in self._items():
            key = str(item.data(0, KEY_ROLE))
            item.setHidden(not all(w in key for w in words))
        self._select_first()

    def _select_first(self) -> None:
        for item in self._items():
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentItem(item)
                return

    def mentor_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return int(item.data(0, ID_ROLE))


class CompositionDialog(QDialog):
    """«Изменить состав…» of an approved pair: tick who leaves, pick who joins, give the date
    and the reason (written into the pair's history)."""

    def __init__(self, card: MentorCard, members: Sequence[Member], candidates: Sequence[PoolMentee],
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Изменение состава пары"))
        head = QLabel(self.tr("Наставник: {name}. Пара утверждена приказом; изменение состава "
                              "записывается в историю пары.").format(name=card.name))
        head.setWordWrap(True)
        self.leave = QListWidget()
        self.leave.setAccessibleName(self.tr("Исключить из пары"))
        self.leave.setMaximumHeight(110)
        for member in members:
            item = QListWidgetItem(f"{member.name}{', ' + member.detail if member.detail else ''}")
            item.setData(ID_ROLE, member.mentee_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.leave.addItem(item)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Поиск среди нераспределённых"))
        self.join = QListWidget()
        self.join.setAccessibleName(self.tr("Включить в пару"))
        for mentee in candidates:
            item = QListWidgetItem(f"{mentee.name}{', ' + mentee.detail if mentee.detail else ''}")
            item.setData(ID_ROLE, mentee.id)
            item.setData(KEY_ROLE, normalise(f"{mentee.name} {mentee.detail}"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.join.addItem(item)
        self.search.textChanged.connect(self._filter)
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd.MM.yyyy")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Например: наставляемый перешёл в другую школу"))
        self.reason_edit.setFixedHeight(70)
        self.error = QLabel()
        self.error.setStyleSheet(FIELD_ERROR_CSS)
        self.error.setWordWrap(True)
        self.buttons = _buttons(self, self.tr("Изменить состав"))
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self._accept)
        form = QFormLayout()
        form.addRow(self.tr("Исключить из пары:"), self.leave)
        form.addRow(self.tr("Включить в пару:"), self.search)
        form.addRow("", self.join)
        form.addRow(self.tr("Дата изменения:"), self.on)
        form.addRow(self.tr("Причина:"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 600)

    def _filter(self, text: str) -> None:
        words = normalise(text).split()
        for row in range(self.join.count()):
            item = self.join.item(row)
            key = str(item.data(KEY_ROLE))
            item.setHidden(not all(w in key for w in words))

    @staticmethod
    def _checked(widget: QListWidget) -> list[int]:
        return [int(widget.item(r).data(ID_ROLE)) for r in range(widget.count())
                if widget.item(r).checkState() == Qt.CheckState.Checked]

    def values(self) -> tuple[list[int], list[int], str, date]:
        """(add, remove, reason, date)."""
        day = self.on.date()
        return (self._checked(self.join), self._checked(self.leave),
                " ".join(self.reason_edit.toPlainText().split()),
                date(day.year(), day.month(), day.day()))

    def _accept(self) -> None:
        add, remove, reason, _on = self.values()
        if not add and not remove:
            self.error.setText(self.tr("Отметьте, кого исключить из пары или кого включить в неё."))
        elif not reason:
            self.error.setText(self.tr("Укажите причину: она записывается в историю пары."))
        else:
            self.accept()

"""«Кого наградить»: the mentors a batch of certificates, letters or diplomas is printed for.

Every candidate is a checkable row: the name, the post or class, and the register's number
when the person already has this award (a re-print keeps that number). Certificates and
letters start with everyone ticked; diplomas with those already awarded.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.printing import AwardCandidate


def candidate_text(candidate: AwardCandidate) -> str:
    text = candidate.full_name
    if candidate.detail:
        text += f" — {candidate.detail}"
    if candidate.number:
        text += f"  (№ {candidate.number})"
    return text


class AwardChooser(QDialog):
    def __init__(self, title: str, note: str, candidates: Sequence[AwardCandidate],
                 preselect_all: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("awardChooser")
        self.setWindowTitle(title)
        self.candidates = list(candidates)
        heading = QLabel(note)
        heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("candidateList")
        self.list.setAccessibleName(self.tr("Наставники"))
        for candidate in self.candidates:
            item = QListWidgetItem(candidate_text(candidate))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = preselect_all or bool(candidate.number)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, candidate.mentor_id)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self._update())
        all_button = QPushButton(self.tr("Выбрать всех"))
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button = QPushButton(self.tr("Снять выбор"))
        none_button.clicked.connect(lambda: self.set_all(False))
        self.count_label = QLabel()
        self.count_label.setObjectName("chosenCount")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Подготовить документы"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        tools = QHBoxLayout()
        tools.addWidget(all_button)
        tools.addWidget(none_button)
        tools.addStretch(1)
        tools.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(tools)
        layout.addWidget(self.buttons)
        # As wide as the longest row (a student's university is long), within reason.
        width = self.list.sizeHintForColumn(0) + self.list.verticalScrollBar().sizeHint().width()
        self.resize(min(960, max(560, width + 60)), 540)
        self._update()

    def set_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)

    def chosen(self) -> list[int]:
        """The MentorProfile ids ticked, in the list's order."""
        return [int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        count = len(self.chosen())
        self.count_label.setText(self.tr("Выбрано: {n} из {total}").format(
            n=count, total=self.list.count()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)

"""Page 2, «Общая встреча»: the date of the general meeting and who came, saved on «Далее»."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ...model.text import normalise
from ...services.match_pool import Pool
from ...services.preferences import (
    GeneralMeeting,
    MeetingChange,
    general_meeting,
    pool_people,
    present_at_general_meetings,
    put_general_meeting,
    save_general_meeting,
)
from ...services.preferences_names import SIDE_WORDS
from .common import EnterEdit, Stage5Page, tr

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
DATE_FORMAT = "dd.MM.yyyy"


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumWidth(130)
    edit.setDate(qdate(value or date.today()))
    return edit


class MeetingPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Общая встреча"), tr(
            "Дата общей встречи наставников и наставляемых и кто на ней был. Отметки "
            "сохраняются при переходе к следующему шагу."))
        self.date = date_edit()
        self.date.setObjectName("meetingDate")
        self.date.setAccessibleName(tr("Дата общей встречи"))
        self.filter = EnterEdit()
        self.filter.setObjectName("attendanceFilter")
        self.filter.setPlaceholderText(tr("Найти участника по фамилии или классу"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("attendanceList")
        self.list.setAccessibleName(tr("Присутствовали на общей встрече"))
        self.list.itemChanged.connect(lambda _item: self._count())
        self.all_button = QPushButton(tr("Отметить всех"))
        self.all_button.setObjectName("markAll")
        self.all_button.clicked.connect(lambda: self.mark_all(True))
        self.none_button = QPushButton(tr("Снять все отметки"))
        self.none_button.clicked.connect(lambda: self.mark_all(False))
        self.counter = QLabel()
        self.counter.setObjectName("attendanceCount")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(tr("Дата встречи:"), self.date)
        tools = QHBoxLayout()
        tools.addWidget(self.filter, 1)
        tools.addWidget(self.all_button)
        tools.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Присутствовали (отметьте пришедших):")))
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.counter)

        self.stored: GeneralMeeting | None = None
        self.shown: tuple[date, frozenset[int]] | None = None  # the date and marks as shown
        self.loaded = False
        self.saved = False  # the state on screen is the stored one

    # --- loading -----------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.loaded = False
        self.completeChanged.emit()
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id

        def with_pool(pool: Pool) -> None:
            self.run(lambda: (general_meeting(db, programme_id),
                              present_at_general_meetings(db, programme_id)),
                     lambda found: self.show_meeting(pool, *found))

        if wiz.pool is not None:
            with_pool(wiz.pool)
        else:
            wiz.load_pool(with_pool)

    def show_meeting(self, pool: Pool, meeting: GeneralMeeting | None,
                     anywhere: frozenset[int] | None = None) -> None:
        self.stored = meeting
        present = meeting.present if meeting is not None else frozenset()
        if anywhere is not None:  # several meetings (one in each school): came to any of them
            present = present | anywhere
        self.date.setDate(qdate(meeting.held_on if meeting is not None else self.wiz().today))
        self.list.blockSignals(True)
        self.list.clear()
        for person in pool_people(pool):
            text = f"{person.name} — {person.detail}" if person.detail else person.name
            item = QListWidgetItem(f"{text} · {tr(SIDE_WORDS[person.side])}")
            item.setData(PERSON_ROLE, person.person_id)
            item.setData(KEY_ROLE, normalise(f"{person.name} {person.detail}"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            here = person.person_id in present
            item.setCheckState(Qt.CheckState.Checked if here else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.filter.text())
        self._count()
        self.shown = (self.held_on(), frozenset(self.present_ids()))
        self.loaded = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.loaded

    # --- editing -----------------------------------------------------------------------------

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def mark_all(self, present: bool) -> None:
        state = Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for item in self.items():
            if not item.isHidden():
                item.setCheckState(state)
        self.list.blockSignals(False)
        self._count()

    def _filter(self, text: str) -> None:
        key = normalise(text)
        for item in self.items():
            item.setHidden(bool(key) and key not in str(item.data(KEY_ROLE)))

    def present_ids(self) -> set[int]:
        return {int(i.data(PERSON_ROLE)) for i in self.items()
                if i.checkState() == Qt.CheckState.Checked}

    def invited_ids(self) -> set[int]:
        return {int(i.data(PERSON_ROLE)) for i in self.items()}

    def held_on(self) -> date:
        return pydate(self.date.date())

    def _count(self) -> None:
        self.counter.setText(tr("Присутствовали: {n} из {total}").format(
            n=len(self.present_ids()), total=self.list.count()))

    def unchanged(self) -> bool:
        """Nothing to write: a meeting is stored and the curator changed neither its date nor a
        mark since the page showed it."""
        if self.stored is None or self.shown is None:
            return False
        return self.shown == (self.held_on(), frozenset(self.present_ids()))

    # --- saving on «Далее» ---------------------------------------------------------------------

    def validatePage(self) -> bool:
        if self.saved or self.unchanged():
            self.saved = False
            return True
        if self.wiz().read_only:
            return True
        self.save(then_next=True)
        return False

    def save(self, then_next: bool = False) -> None:
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id
        held_on, present, invited = self.held_on(), self.present_ids(), self.invited_ids()

        def saved(change: MeetingChange) -> None:
            self.stored = change.after
            self.shown = (held_on, frozenset(present))
            self.push_undo(change)
            if then_next:
                self.saved = True
                wiz.next()

        self.run(lambda: save_general_meeting(db, programme_id, held_on, present,
                                              invited_person_ids=invited), saved)

    def push_undo(self, change: MeetingChange) -> None:
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id

        def swap(ch: MeetingChange) -> Any:
            return put_general_meeting(db, programme_id, ch.before, replacing=ch.after)

        when = f"{change.after.held_on:%d.%m.%Y}" if change.after is not None else ""
        wiz.push(tr("отметки общей встречи {when}").format(when=when), do=swap, undo=swap,
                 first=change, after=self._after_undo)

    def _after_undo(self) -> None:
        if self.wiz().currentPage() is self:
            self.reload()
        else:
            self.stored = None  # re-read when the page is shown again

"""Page 3, «Анкеты предпочтений»: questionnaires typed in from paper, fast, by keyboard.

Pick a chooser in the list (type to filter, Up/Down to move, Enter to start typing), type the
choices (each field completes names of the other side), Enter moves to the next field and
after the last one to the next chooser. A questionnaire is saved when the chooser changes, so
nothing typed is lost; a name that matches nobody (or several) keeps the curator on the field.
«Импорт из Excel…» reads a sheet of questionnaires, shows its problems, then writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...errors import ValidationError
from ...model.text import normalise
from ...services.match_pool import Pool
from ...services.preferences import (
    check_choices,
    choice_limit,
    pool_people,
    preferences,
    restore_preferences,
    set_preferences,
    sides_of,
    targets_of,
)
from ...services.preferences_names import SIDE_PLURAL, SIDE_WORDS, Named, NameIndex
from .. import style
from ..undo import short
from .choice_fields import ChoiceFields
from .common import EnterEdit, Stage5Page, heading, tr
from .import_dialog import ImportPreviewDialog, PreferenceImporter

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
SIDE_ROLE = Qt.ItemDataRole.UserRole + 3


class PreferencesPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Анкеты предпочтений"), tr(
            "Наставляемый называет до трёх наставников, наставник — наставляемых, с которыми "
            "хотел бы работать. Выберите участника, введите выборы по порядку и нажимайте "
            "Enter: анкета сохраняется при переходе к следующему участнику."))
        self.filter = EnterEdit()
        self.filter.setObjectName("chooserFilter")
        self.filter.setPlaceholderText(tr("Кто заполнил анкету: фамилия или класс"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._start_typing)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("chooserList")
        self.list.setAccessibleName(tr("Участники, заполнившие анкеты"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.currentItemChanged.connect(self._chooser_changed)
        self.list.itemActivated.connect(lambda _item: self._start_typing())
        self.import_button = QPushButton(tr("Импорт из Excel…"))
        self.import_button.setObjectName("importPreferences")
        self.importer = PreferenceImporter(self)
        self.import_button.clicked.connect(self.importer.choose_file)
        self.progress = QLabel()
        self.progress.setObjectName("preferencesProgress")
        self.progress.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.progress)

        self.chooser_title = heading(tr("Выберите участника слева"), 12)
        self.chooser_title.setObjectName("chooserTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.fields = ChoiceFields()
        self.fields.finished.connect(self.next_chooser)
        self.fields.resolver = self._resolve_one
        self.fields.setEnabled(False)
        self.saved_note = QLabel()
        self.saved_note.setObjectName("savedNote")
        self.saved_note.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.addWidget(self.chooser_title)
        right_layout.addWidget(self.hint)
        right_layout.addWidget(self.fields)
        right_layout.addWidget(self.saved_note)
        right_layout.addStretch(1)
        tools = QHBoxLayout()
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        right_layout.addLayout(tools)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 580])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        self.pool: Pool | None = None
        self.people: list[Named] = []
        self.by_id: dict[int, Named] = {}
        self.sides: dict[int, set[Any]] = {}
        self.index = NameIndex(())
        self.prefs: dict[int, list[int]] = {}
        self.chooser: int | None = None
        self.loaded = False

    # --- loading -----------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.loaded = False
        wiz = self.wiz()
        self.import_button.setEnabled(not wiz.read_only)
        if wiz.pool is not None:
            self._with_pool(wiz.pool)
        else:
            wiz.load_pool(self._with_pool)

    def _with_pool(self, pool: Pool) -> None:
        self.pool = pool
        self.people = pool_people(pool)
        self.by_id = {}
        for p in self.people:
            self.by_id.setdefault(p.person_id, p)
        self.sides = sides_of(self.people)
        self.index = NameIndex(self.people)
        self.reload()

    def reload(self) -> None:
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id
        self.run(lambda: preferences(db, programme_id), self.show_preferences)

    def show_preferences(self, prefs: dict[int, list[int]]) -> None:
        self.prefs = prefs
        current = self.chooser
        self.list.blockSignals(True)
        self.list.clear()
        for side, title in (("mentee", tr("Наставляемые")), ("mentor", tr("Наставники"))):
            people = [p for p in self.people if p.side == side]
            if not people:
                continue
            header = QListWidgetItem(title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setData(SIDE_ROLE, side)
            header.setFont(style.heading_font(10.5))
            header.setForeground(self.palette().text())
            self.list.addItem(header)
            for person in people:
                item = QListWidgetItem()
                item.setData(PERSON_ROLE, person.person_id)
                item.setData(SIDE_ROLE, side)
                item.setData(KEY_ROLE, normalise(f"{person.name} {person.detail}"))
                self.list.addItem(item)
                self._label(item)
        self.list.blockSignals(False)
        self._filter(self.filter.text())
        self.loaded = True
        self._show_progress()
        rows = self._visible_rows()
        row = next((i for i in rows if self.list.item(i).data(PERSON_ROLE) == current),
                   rows[0] if rows else None)
        self.chooser = None
        if row is not None:
            self.list.setCurrentRow(row)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.loaded

    def _label(self, item: QListWidgetItem) -> None:
        person_id = int(item.data(PERSON_ROLE))
        person = self.by_id[person_id]
        n = len(self.prefs.get(person_id, []))
        text = f"{person.name}, {person.detail}" if person.detail else person.name
        item.setText(text + (tr(" — выборов: {n}").format(n=n) if n else ""))
        font = QFont(item.font())
        font.setBold(n == 0)
        item.setFont(font)
        state = (tr("анкета: выборов — {n}").format(n=n) if n else tr("анкеты ещё нет"))
        item.setToolTip(f"{person.label}, {tr(SIDE_WORDS[person.side])}: {state}")

    def _show_progress(self) -> None:
        mentees = [p for p in self.people if p.side == "mentee"]
        mentors = [p for p in self.people if p.side == "mentor"]
        done_e = sum(1 for p in mentees if self.prefs.get(p.person_id))
        done_m = sum(1 for p in mentors if self.prefs.get(p.person_id))
        self.progress.setText(tr(
            "Анкеты введены: наставляемых — {e} из {te}, наставников — {m} из {tm}. Без анкеты "
            "— жирным.").format(e=done_e, te=len(mentees), m=done_m, tm=len(mentors)))

    # --- the chooser list --------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        key = normalise(text)
        shown: set[str] = set()
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(PERSON_ROLE) is None:
                continue
            hidden = bool(key) and key not in str(item.data(KEY_ROLE))
            item.setHidden(hidden)
            if not hidden:
                shown.add(str(item.data(SIDE_ROLE)))
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(PERSON_ROLE) is None:
                item.setHidden(str(item.data(SIDE_ROLE)) not in shown)
        current = self.list.currentItem()
        if key and (current is None or current.isHidden()):
            visible = self._visible_rows()
            if visible:
                self.list.setCurrentRow(visible[0])

    def _visible_rows(self) -> list[int]:
        return [i for i in range(self.list.count()) if not self.list.item(i).isHidden()
                and self.list.item(i).data(PERSON_ROLE) is not None]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.step_chooser(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)

    def step_chooser(self, step: int) -> bool:
        """Select the next (or previous) visible chooser; False when there is none."""
        visible = self._visible_rows()
        if not visible:
            return False
        row = self.list.currentRow()
        later = [r for r in visible if (r > row if step > 0 else r < row)]
        if not later:
            return False
        self.list.setCurrentRow(later[0] if step > 0 else later[-1])
        return True

    def _start_typing(self) -> None:
        if self.chooser is not None:
            self.fields.focus_first()

    def next_chooser(self) -> None:
        """After the last field: save, and go on to the next chooser's first field."""
        if not self.save_current():
            return
        if self.step_chooser(1):
            self.fields.focus_first()
        else:
            self.filter.setFocus()

    def _chooser_changed(self, item: QListWidgetItem | None,
                         previous: QListWidgetItem | None) -> None:
        if previous is not None and self.chooser is not None and not self.save_current():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        person = item.data(PERSON_ROLE) if item is not None else None
        self.show_chooser(int(person) if person is not None else None)

    def show_chooser(self, person_id: int | None) -> None:
        self.chooser = person_id
        self.saved_note.clear()
        if person_id is None:
            self.chooser_title.setText(tr("Выберите участника слева"))
            self.hint.clear()
            self.fields.set_values([], 3)
            self.fields.setEnabled(False)
            return
        person = self.by_id[person_id]
        sides = self.sides[person_id]
        limit, targets = choice_limit(sides), targets_of(sides)
        self.chooser_title.setText(person.label)
        wanted = " или ".join(tr(SIDE_PLURAL[t]) for t in targets)
        self.hint.setText(tr("{role}: называет до {n} {who}, первым — самого желанного. "
                             "Пустое поле и Enter — к следующему участнику.").format(
            role=tr(SIDE_WORDS[person.side]).capitalize(), n=limit, who=wanted))
        others = [p for p in self.people if p.side in targets and p.person_id != person_id]
        self.fields.set_people(others)
        chosen = self.prefs.get(person_id, [])
        self.fields.set_values([self.by_id[c].label if c in self.by_id else "" for c in chosen],
                               limit)
        self.fields.setEnabled(not self.wiz().read_only)

    # --- saving ------------------------------------------------------------------------------

    def _resolve_one(self, index: int, text: str) -> str | None:
        if self.chooser is None:
            return None
        found = self.index.find(text, sides=targets_of(self.sides[self.chooser]), partial=True)
        if found.person is None:
            return found.problem
        self.fields.set_text(index, found.person.label)
        return None

    def resolve(self) -> list[int] | None:
        """The typed names as person ids; None (with the problem shown) when one does not fit."""
        chooser = self.chooser
        assert chooser is not None
        targets = targets_of(self.sides[chooser])
        chosen: list[int] = []
        self.fields.clear_errors()
        for i, text in enumerate(self.fields.texts()):
            if not text:
                continue
            found = self.index.find(text, sides=targets, partial=True)
            if found.person is None:
                self.fields.show_error(i, found.problem)
                return None
            self.fields.set_text(i, found.person.label)
            chosen.append(found.person.person_id)
        try:
            check_choices(self.people, chooser, chosen)
        except ValidationError as exc:
            index = int(exc.field[6:]) - 1 if exc.field.startswith("choice") else 0
            self.fields.show_error(max(0, min(index, self.fields.shown - 1)), exc.message)
            return None
        return chosen

    def save_current(self, *, quiet: bool = False) -> bool:
        """Save the questionnaire on screen when it changed; False when a name does not fit
        (and the curator stays on it). `quiet` (closing) saves only what resolves."""
        chooser = self.chooser
        if chooser is None or not self.loaded or self.wiz().read_only:
            return True
        chosen = self.resolve()
        if chosen is None:
            return quiet
        previous = list(self.prefs.get(chooser, []))
        if chosen == previous:
            return True
        wiz = self.wiz()
        db, programme_id, pool = wiz.db, wiz.programme_id, self.pool
        self.prefs[chooser] = chosen
        self._relabel(chooser)
        name = self.by_id[chooser].name

        def saved(old: list[int]) -> None:
            self.saved_note.setText(tr("Анкета «{name}» сохранена.").format(name=name))
            wiz.push(tr("анкета «{name}»").format(name=short(name)),
                     do=lambda _: restore_preferences(db, programme_id, {chooser: chosen}),
                     undo=lambda _: restore_preferences(db, programme_id, {chooser: old}),
                     first=None, after=self.reload)

        self.run(lambda: set_preferences(db, programme_id, chooser, chosen, pool=pool), saved,
                 on_error=lambda _exc: self._save_failed())
        return True

    def _save_failed(self) -> bool:
        self.reload()
        return False  # the runner shows the error

    def _relabel(self, person_id: int) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(PERSON_ROLE) is not None and int(item.data(PERSON_ROLE)) == person_id:
                self._label(item)
        self._show_progress()

    def validatePage(self) -> bool:
        return self.save_current()

    def cleanupPage(self) -> None:  # «Назад»
        self.save_current(quiet=True)

    # --- import ------------------------------------------------------------------------------

    def import_file(self, path: str | Path) -> None:
        """Preview the file's questionnaires; the preview dialog asks before writing."""
        self.importer.import_file(path)

    @property
    def dialog(self) -> ImportPreviewDialog | None:
        return self.importer.dialog

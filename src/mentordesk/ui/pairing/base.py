"""The base of the pairing view: its state, its layout, reading the board and showing what
changed. After a move only the cards it names are re-read and repainted (`card_members`); a
full `reload` reads the board again (a change of composition, or another window's work).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model.text import normalise
from ...services.database import Database
from ...services.match_pool import PoolMentee
from ...services.matching import Scorer
from ...services.pairing import (
    Board,
    ConstraintRow,
    board_scorer,
    card_members,
    constraints,
    pairing_board,
)
from ..messages import Messenger
from .models import CardModel, MenteeFilter, MenteeModel
from .previews import short
from .views import CardView, MenteeList

if TYPE_CHECKING:
    from .view import PairingView

NOTE_CSS = "color: #5f6b76;"
STATUS_CSS = "QLabel#pairingStatus { padding: 4px 6px; background: #eef3f7; border-radius: 3px; }"


class PairingBase(QWidget):
    """The state, the layout and the reading of the pairing view; the moves and the drag
    and drop are added by its subclasses (actions.py, drag.py)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairingView")
        self.db: Database | None = None
        self.programme_id: int | None = None
        self.undo_stack: QUndoStack | None = None
        self.messenger: Messenger = Messenger()
        self.today: date | None = None  # None: the real today (tests and screenshots fix it)
        self.board: Board | None = None
        self.rules: list[ConstraintRow] = []
        self.chip_selection: set[int] = set()
        self._scorer: Scorer | None = None
        self._dragging: tuple[int, ...] | None = None
        self._name_cache: dict[int, str] | None = None

        self.summary = QLabel()
        self.summary.setObjectName("pairingSummary")
        self.hint = QLabel(self.tr(
            "Перетащите наставляемых на карточку наставника, между карточками или обратно в "
            "список. С клавиатуры: выберите наставляемых, перейдите к карточке (Tab, стрелки) и "
            "нажмите Enter; Пробел выбирает наставляемого на карточке, Delete возвращает его в "
            "список. Правая кнопка мыши — закрепить или запретить пару."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(NOTE_CSS)

        self.mentee_model = MenteeModel(self)
        self.mentee_filter = MenteeFilter(self)
        self.mentee_filter.setSourceModel(self.mentee_model)
        owner = cast("PairingView", self)  # the views call the moves of the full view
        self.mentees = MenteeList(owner)
        self.mentees.setModel(self.mentee_filter)
        self.mentees.setAccessibleName(self.tr("Нераспределённые наставляемые"))
        self.mentees.selectionModel().selectionChanged.connect(self._mentees_selected)
        self.mentee_search = QLineEdit()
        self.mentee_search.setObjectName("menteeSearch")
        self.mentee_search.setClearButtonEnabled(True)
        self.mentee_search.setPlaceholderText(self.tr("Поиск: фамилия, класс, запрос"))
        self.mentee_search.setAccessibleName(self.tr("Поиск наставляемых"))
        self.mentee_search.textChanged.connect(self._filter_mentees)
        self.unassigned_title = QLabel()
        self.assign_button = QPushButton(self.tr("Назначить наставнику…"))
        self.excluded_button = QToolButton()
        self.excluded_button.setCheckable(True)
        self.excluded_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.excluded_button.setArrowType(Qt.ArrowType.RightArrow)
        self.excluded_button.toggled.connect(self._toggle_excluded)
        self.excluded = QListWidget()
        self.excluded.setObjectName("excludedList")
        self.excluded.setWordWrap(True)
        self.excluded.setVisible(False)
        self.excluded.setMaximumHeight(180)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 6, 0)
        lay.addWidget(self.unassigned_title)
        lay.addWidget(self.mentee_search)
        lay.addWidget(self.mentees, 1)
        lay.addWidget(self.assign_button)
        lay.addWidget(self.excluded_button)
        lay.addWidget(self.excluded)

        self.card_model = CardModel(self)
        self.cards = CardView(owner)
        self.cards.setModel(self.card_model)
        self.cards.setAccessibleName(self.tr("Наставники"))
        self.mentor_search = QLineEdit()
        self.mentor_search.setObjectName("mentorSearch")
        self.mentor_search.setClearButtonEnabled(True)
        self.mentor_search.setPlaceholderText(self.tr("Поиск наставника"))
        self.mentor_search.setAccessibleName(self.tr("Поиск наставников"))
        self.mentor_search.textChanged.connect(lambda _t: self._filter_cards())
        self.free_only = QCheckBox(self.tr("Только со свободными местами"))
        self.free_only.toggled.connect(lambda _on: self._filter_cards())
        self.unassign_button = QPushButton(self.tr("Вернуть в нераспределённые"))
        self.composition_button = QPushButton(self.tr("Изменить состав…"))
        tools = QHBoxLayout()
        tools.addWidget(self.mentor_search, 1)
        tools.addWidget(self.free_only)
        tools.addWidget(self.unassign_button)
        tools.addWidget(self.composition_button)
        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addLayout(tools)
        lay.addWidget(self.cards, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 840])
        self.status = QLabel()
        self.status.setObjectName("pairingStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_CSS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.cards.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- the context --------------------------------------------------------------------------

    def set_context(self, db: Database | None, programme_id: int | None,
                    undo_stack: QUndoStack | None, messenger: Messenger | None) -> None:
        self.db, self.programme_id, self.undo_stack = db, programme_id, undo_stack
        if messenger is not None:
            self.messenger = messenger
        self.reload()

    @property
    def read_only(self) -> bool:
        return self.db is None or self.db.read_only

    def day(self) -> date:
        return self.today or date.today()

    def reload(self) -> None:
        """Read the whole board again."""
        self.chip_selection.clear()
        self._scorer = None
        self._dragging = None
        self._name_cache = None
        if self.db is None or self.programme_id is None:
            self.board = None
            self.rules = []
            self.card_model.set_cards([])
            self.mentee_model.set_mentees([])
            self.excluded.clear()
            self._show_counts()
            return
        try:
            board = pairing_board(self.db, self.programme_id, self.day())
        except Exception as exc:  # noqa: BLE001 - one dialog for every failure
            self.messenger.error(self, exc)
            return
        self.board = board
        self.rules = list(board.constraints)
        self.card_model.set_cards(board.mentors)
        self.mentee_model.set_mentees(board.unassigned)
        self._show_rules()
        self.excluded.clear()
        for e in board.excluded:
            role = self.tr("наставник") if e.role == "mentor" else self.tr("наставляемый")
            self.excluded.addItem(f"{e.name} ({role}) — {e.reason}")
        self._filter_cards()
        self._show_counts()
        self.say(self.tr("Черновик пар сохраняется сразу после каждого изменения; отменить "
                         "изменение можно сочетанием Ctrl+Z."))

    def scorer(self) -> Scorer | None:
        """The board's scorer, built on first need and again after a pin or forbid changes."""
        if self._scorer is None and self.db is not None and self.board is not None \
                and self.board.pool is not None:
            self._scorer = board_scorer(self.db, self.board.pool)
        return self._scorer

    # --- showing what changed -----------------------------------------------------------------

    def refresh_cards(self, mentor_ids: set[int], mentee_ids: tuple[int, ...] = ()) -> None:
        """Re-read a few cards, and move the given mentees in or out of the unassigned list."""
        if self.db is None or self.programme_id is None:
            return
        self._forget_preview()
        for mentor_id, (members, draft) in card_members(self.db, self.programme_id,
                                                        mentor_ids).items():
            row = self.card_model.set_members(mentor_id, members, draft)
            if row >= 0:
                self.cards.delegate.sizeHintChanged.emit(self.card_model.index(row))
        placed = [i for i in mentee_ids if self.card_model.card_of_mentee(i) is not None]
        self.chip_selection.difference_update(set(mentee_ids) - set(placed))
        self.mentee_model.remove(placed)
        pool = self.board.pool if self.board is not None else None
        back = [pool.mentee(i) for i in mentee_ids if i not in placed] if pool else []
        self.mentee_model.add(m for m in back if m is not None)
        self._filter_cards()
        self._show_counts()

    def _forget_preview(self) -> None:
        """A drag's preview is stale once anything changed."""
        self._dragging = None
        self.card_model.clear_previews()

    def refresh_rules(self) -> None:
        self._forget_preview()
        if self.db is not None and self.programme_id is not None:
            self.rules = constraints(self.db, self.programme_id)
        self._scorer = None
        self._show_rules()

    def _show_rules(self) -> None:
        names = {c.id: short(c.name) for c in self.card_model.cards()}
        notes: dict[int, list[str]] = {}
        for rule in self.rules:
            if rule.kind.value == "forbid":
                text = names.get(rule.mentor_id, "") + (f" ({rule.reason})" if rule.reason else "")
                notes.setdefault(rule.mentee_id, []).append(text)
        self.mentee_model.notes = {k: self.tr("Запрещены пары с: {who}").format(who="; ".join(v))
                                   for k, v in notes.items()}

    def _show_counts(self) -> None:
        cards = self.card_model.cards()
        free = sum(c.free for c in cards if c.in_pool)
        unassigned = self.mentee_model.rowCount()
        self.unassigned_title.setText(self.tr("Нераспределённые наставляемые: {n}").format(
            n=unassigned))
        excluded = self.excluded.count()
        self.excluded_button.setText(self.tr("Не участвуют в подборе: {n}").format(n=excluded))
        self.excluded_button.setEnabled(excluded > 0)
        self.summary.setText(self.tr(
            "Наставников: {mentors} · в парах и группах: {paired} · нераспределены: {free_mentees}"
            " · свободных мест: {free}").format(
            mentors=len(cards), paired=sum(c.used for c in cards), free_mentees=unassigned,
            free=free))
        self._update_buttons()

    def say(self, text: str) -> None:
        self.status.setText(text)

    # --- selection and filters ----------------------------------------------------------------

    def selected_mentees(self) -> list[int]:
        rows = sorted(i.row() for i in self.mentees.selectionModel().selectedRows())
        return [self.mentee_model.mentee_at(self.mentee_filter.mapToSource(
            self.mentee_filter.index(r, 0)).row()).id for r in rows]

    def select_mentees(self, mentee_ids: list[int]) -> None:
        """Select these mentees in the unassigned list (those shown by the filter)."""
        selection = QItemSelection()
        for mentee_id in mentee_ids:
            row = self.mentee_model.row_of(mentee_id)
            if row >= 0:
                index = self.mentee_filter.mapFromSource(self.mentee_model.index(row))
                if index.isValid():
                    selection.select(index, index)
        self.mentees.selectionModel().select(
            selection, self.mentees.selectionModel().SelectionFlag.ClearAndSelect)

    def _mentees_selected(self, *_args: object) -> None:
        if self.mentees.selectionModel().hasSelection() and self.chip_selection:
            self.chip_selection.clear()
            self.cards.viewport().update()
        self._update_buttons()

    def current_card_id(self) -> int | None:
        index = self.cards.currentIndex()
        return self.card_model.card_at(index.row()).id if index.isValid() else None

    def _filter_mentees(self, text: str) -> None:
        self.mentee_filter.set_text(text)

    def _filter_cards(self) -> None:
        words = normalise(self.mentor_search.text()).split()
        free_only = self.free_only.isChecked()
        for row, card in enumerate(self.card_model.cards()):
            key = normalise(f"{card.name} {card.detail} {card.form_names}")
            hidden = (free_only and (card.free == 0 or not card.in_pool)) or \
                not all(w in key for w in words)
            if self.cards.isRowHidden(row) != hidden:
                self.cards.setRowHidden(row, hidden)

    def _toggle_excluded(self, on: bool) -> None:
        self.excluded.setVisible(on)
        self.excluded_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.board is not None
        self.assign_button.setEnabled(editable and self.mentee_model.rowCount() > 0)
        self.unassign_button.setEnabled(editable and bool(self.chip_selection))
        card_id = self.current_card_id()
        card = self.card_model.card(card_id) if card_id is not None else None
        self.composition_button.setEnabled(editable and card is not None
                                           and bool(card.fixed_pair_ids))

    def mentee_names(self) -> dict[int, str]:
        """Every mentee's name: those of the pool and the members of the cards (a name does
        not change with a move, so it is gathered once per board)."""
        if self._name_cache is None:
            names = {m.id: m.name for m in self.mentee_model.mentees()}
            if self.board is not None and self.board.pool is not None:
                names.update((m.id, m.name) for m in self.board.pool.mentees)
            for card in self.card_model.cards():
                names.update((m.mentee_id, m.name) for m in card.members)
            self._name_cache = names
        return self._name_cache

    def pool_mentee(self, mentee_id: int) -> PoolMentee | None:
        pool = self.board.pool if self.board is not None else None
        return pool.mentee(mentee_id) if pool is not None else None

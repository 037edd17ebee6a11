"""The two item models of the pairing view. Both are *given* their rows (the board's cards and
unassigned mentees) and never read the database; after a move the view hands them the few
cards and mentees that changed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ...model.text import normalise
from ...services.match_pool import PoolMentee
from ...services.pairing import Member, MentorCard

Index = QModelIndex | QPersistentModelIndex
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_ROLE = Qt.ItemDataRole.UserRole + 2
HOVER_ROLE = Qt.ItemDataRole.UserRole + 3
MENTEE_ROLE = Qt.ItemDataRole.UserRole + 4

# Shares of the highest possible score (the sum of the weights). The matcher's optimal pairs
# score a median 0.55–0.58 of it on the demo school and district, a typical allowed pair 0.25:
# green is as good as an optimal pick, red is the bottom half of what is allowed.
GOOD_SHARE = 0.5  # green from here
FAIR_SHARE = 0.3  # amber from here, red below


def tr(text: str) -> str:
    return QCoreApplication.translate("PairingView", text)


@dataclass(frozen=True)
class Preview:
    """What a card would get if the dragged mentees were dropped on it."""

    score: float | None = None
    share: float | None = None  # the score as a part of the highest possible one
    refusal: str | None = None
    reasons: tuple[str, ...] = ()
    same: bool = False  # the mentees are already on this card
    best: float = 0.0  # the highest possible score (the sum of the weights)

    @property
    def allowed(self) -> bool:
        return self.refusal is None and not self.same

    @property
    def level(self) -> str:
        if self.same:
            return "same"
        if self.refusal is not None:
            return "refused"
        share = self.share or 0.0
        return "good" if share >= GOOD_SHARE else "fair" if share >= FAIR_SHARE else "poor"

    @property
    def text(self) -> str:
        if self.same:
            return tr("уже у этого наставника")
        if self.refusal is not None:
            return tr("Нельзя: {reason}").format(reason=self.refusal)
        return tr("Совпадение {share} % ({score} из {best})").format(
            share=round(100 * (self.share or 0.0)), score=f"{self.score or 0:.0f}",
            best=f"{self.best:.0f}")


def member_line(member: Member) -> str:
    mark = (tr(" (закреплена)") if member.pinned else "") + \
        (tr(" — пара утверждена") if member.locked else "")
    return f"{member.name}{', ' + member.detail if member.detail else ''}{mark}"


def card_tooltip(card: MentorCard, preview: Preview | None) -> str:
    lines = [card.name]
    if card.detail:
        lines.append(card.detail)
    if card.form_names:
        lines.append(tr("Формы: {forms}").format(forms=card.form_names))
    lines.append(tr("Наставляемых: {used} из {capacity}").format(used=card.used,
                                                               capacity=card.capacity))
    lines += [f"• {member_line(m)}" for m in card.members]
    if card.note:
        lines.append(tr("Не участвует в подборе: {note}").format(note=card.note))
    if preview is not None:
        lines.append(preview.text)
        lines += [f"  – {r}" for r in preview.reasons]
    return "\n".join(lines)


class CardModel(QAbstractListModel):
    """One row per mentor card, with the drag preview of each while a drag is on."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cards: list[MentorCard] = []
        self._rows: dict[int, int] = {}
        self._previews: dict[int, Preview] = {}
        self._hover: int | None = None

    def set_cards(self, cards: Sequence[MentorCard]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self._rows = {c.id: i for i, c in enumerate(self._cards)}
        self._previews = {}
        self._hover = None
        self.endResetModel()

    def cards(self) -> list[MentorCard]:
        return list(self._cards)

    def card_at(self, row: int) -> MentorCard:
        return self._cards[row]

    def row_of(self, mentor_id: int) -> int:
        return self._rows.get(mentor_id, -1)

    def card(self, mentor_id: int) -> MentorCard | None:
        row = self.row_of(mentor_id)
        return self._cards[row] if row >= 0 else None

    def card_of_mentee(self, mentee_id: int) -> MentorCard | None:
        return next((c for c in self._cards if c.member(mentee_id) is not None), None)

    def set_members(self, mentor_id: int, members: tuple[Member, ...],
                    draft_pair_id: int | None) -> int:
        """Give one card its new members; returns its row (-1 when the card is not shown)."""
        row = self.row_of(mentor_id)
        if row >= 0:
            self._cards[row] = replace(self._cards[row], members=members,
                                       draft_pair_id=draft_pair_id)
            index = self.index(row)
            self.dataChanged.emit(index, index)
        return row

    # --- the drag preview ---------------------------------------------------------------------

    def set_previews(self, previews: dict[int, Preview]) -> None:
        self._previews = dict(previews)
        self._all_changed()

    def clear_previews(self) -> None:
        if self._previews or self._hover is not None:
            self._previews, self._hover = {}, None
            self._all_changed()

    def preview(self, mentor_id: int) -> Preview | None:
        return self._previews.get(mentor_id)

    @property
    def previewing(self) -> bool:
        return bool(self._previews)

    def set_hover(self, mentor_id: int | None) -> None:
        if mentor_id == self._hover:
            return
        old, self._hover = self._hover, mentor_id
        for changed in (old, mentor_id):
            row = self.row_of(changed) if changed is not None else -1
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))

    def _all_changed(self) -> None:
        if self._cards:
            self.dataChanged.emit(self.index(0), self.index(len(self._cards) - 1))

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.name
        if role == CARD_ROLE:
            return card
        if role == PREVIEW_ROLE:
            return self._previews.get(card.id)
        if role == HOVER_ROLE:
            return card.id == self._hover
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(card, self._previews.get(card.id))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return tr("{name}, наставляемых {used} из {capacity}").format(
                name=card.name, used=card.used, capacity=card.capacity)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemIsDropEnabled


class MenteeModel(QAbstractListModel):
    """The unassigned mentees, by name; `notes` adds the curator's forbids to a tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[PoolMentee] = []
        self._keys: list[tuple[str, int]] = []
        self._search: dict[int, str] = {}
        self.notes: dict[int, str] = {}

    @staticmethod
    def _key(m: PoolMentee) -> tuple[str, int]:
        return (normalise(m.name), m.id)

    def set_mentees(self, mentees: Iterable[PoolMentee]) -> None:
        self.beginResetModel()
        self._items = sorted(mentees, key=self._key)
        self._keys = [self._key(m) for m in self._items]
        self._search = {m.id: normalise(f"{m.name} {m.detail} {m.request}") for m in self._items}
        self.endResetModel()

    def mentees(self) -> list[PoolMentee]:
        return list(self._items)

    def mentee_at(self, row: int) -> PoolMentee:
        return self._items[row]

    def row_of(self, mentee_id: int) -> int:
        for i, m in enumerate(self._items):
            if m.id == mentee_id:
                return i
        return -1

    def ids(self) -> set[int]:
        return {m.id for m in self._items}

    def search_key(self, row: int) -> str:
        return self._search.get(self._items[row].id, "")

    def add(self, mentees: Iterable[PoolMentee]) -> None:
        from bisect import bisect_left

        present = self.ids()
        for m in mentees:
            if m.id in present:
                continue
            key = self._key(m)
            at = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._items.insert(at, m)
            self._keys.insert(at, key)
            self._search[m.id] = normalise(f"{m.name} {m.detail} {m.request}")
            self.endInsertRows()
            present.add(m.id)

    def remove(self, mentee_ids: Iterable[int]) -> None:
        for mentee_id in set(mentee_ids):
            row = self.row_of(mentee_id)
            if row < 0:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            del self._keys[row]
            self._search.pop(mentee_id, None)
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        m = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return m.name
        if role == MENTEE_ROLE:
            return m
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [m.name + (f", {m.detail}" if m.detail else "")]
            if m.request:
                lines.append(tr("Запрос: {request}").format(request=m.request))
            if m.id in self.notes:
                lines.append(self.notes[m.id])
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{m.name}, {m.detail}. {m.request}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemIsDragEnabled


class MenteeFilter(QSortFilterProxyModel):
    """Every word typed must appear in the name, class or request (any case, ё = е)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        words = normalise(text).split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        source = self.sourceModel()
        assert isinstance(source, MenteeModel)
        key = source.search_key(source_row)
        return all(word in key for word in self._words)

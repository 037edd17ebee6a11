"""The moves of the pairing view and their menus: each calls the service, shows what changed and
pushes a command holding the inverse on the window's undo stack. The dialogs are behind the
`ask_*` methods, which a test replaces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMenu

from ...errors import MentorDeskError
from ...model import ConstraintKind
from ...services.pairing import (
    ConstraintChange,
    MentorCard,
    Move,
    assign,
    restore,
    restore_constraint,
    set_constraint,
    unassign,
)
from ...services.pairing_composition import change_composition, undo_composition
from ..undo import short as short_text
from .base import PairingBase
from .commands import PairingCommand
from .dialogs import CompositionDialog, MentorChooser, ReasonDialog
from .models import tr
from .previews import previews, short


class PairingActions(PairingBase):
    """The moves of the pairing view: assign, unassign, pin, forbid, change of composition."""

    # --- dialogs (replaced in tests) ----------------------------------------------------------

    def ask_reason(self, title: str, prompt: str) -> str | None:
        dialog = ReasonDialog(title, prompt, tr("Запретить"), self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_mentor(self, mentee_ids: list[int], forbid: bool = False) -> int | None:
        names = self.mentee_names()
        who = ", ".join(short(names.get(i, "")) for i in mentee_ids[:5]) + \
            ("…" if len(mentee_ids) > 5 else "")
        found = {} if forbid else previews(self.card_model.cards(), mentee_ids, self.scorer(),
                                           self.rules, names, self.read_only)
        title = tr("С кем запретить пару: {who}") if forbid else tr("Кому назначить: {who}")
        dialog = MentorChooser(self.card_model.cards(), found, title.format(who=who), self)
        return dialog.mentor_id() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_composition(self, card: MentorCard,
                        pair_id: int) -> tuple[list[int], list[int], str, date] | None:
        members = [m for m in card.members if m.pair_id == pair_id]
        dialog = CompositionDialog(card, members, self.mentee_model.mentees(), self.day(), self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- the undo stack -----------------------------------------------------------------------

    def _push(self, text: str, do: Callable[[Any], Any],
              undo: Callable[[Any], Any], first: Any, shown: Callable[[Any], None]) -> None:
        if self.undo_stack is None:
            return
        db, programme_id = self.db, self.programme_id

        def show(value: Any) -> None:
            if self.db is db and self.programme_id == programme_id:
                shown(value)
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            self.messenger.error(self, exc)
            if self.db is db:
                self.reload()
            stack = self.undo_stack
            if stack is not None:  # its state no longer matches the data
                QTimer.singleShot(0, stack.clear)

        self.undo_stack.push(PairingCommand(text, do, undo, first, show, failed))

    def _refused(self, exc: MentorDeskError) -> bool:
        self.say(exc.message)
        self.messenger.error(self, exc)
        return False

    def show_move(self, move: Move) -> None:
        self.refresh_cards(move.mentor_ids, move.mentee_ids)

    def _names(self, mentee_ids: list[int]) -> str:
        names = self.mentee_names()
        text = ", ".join(short(names.get(i, "")) for i in mentee_ids)
        return short_text(text)

    # --- moves --------------------------------------------------------------------------------

    def assign_to(self, mentor_id: int, mentee_ids: list[int]) -> bool:
        """Put mentees on a mentor's card (into the draft pair); False when refused."""
        db, programme_id = self.db, self.programme_id
        card = self.card_model.card(mentor_id)
        if db is None or programme_id is None or card is None or not mentee_ids:
            return False
        try:
            move = assign(db, programme_id, mentee_ids, mentor_id, today=self.day(),
                          checker=self.scorer())
        except MentorDeskError as exc:
            return self._refused(exc)
        if move.empty:
            return False
        self.show_move(move)
        text = tr("{who} → {mentor}").format(who=self._names(mentee_ids), mentor=short(card.name))
        self.say(tr("Назначено: {what}").format(what=text))
        self._push(tr("назначение {what}").format(what=text), lambda m: restore(db, m),
                   lambda m: restore(db, m), move, self.show_move)
        self.changed.emit()
        return True

    def unassign(self, mentee_ids: list[int]) -> bool:
        """Return mentees from their draft pairs to the unassigned list."""
        db, programme_id = self.db, self.programme_id
        if db is None or programme_id is None or not mentee_ids:
            return False
        try:
            move = unassign(db, programme_id, mentee_ids)
        except MentorDeskError as exc:
            return self._refused(exc)
        if move.empty:
            return False
        self.show_move(move)
        what = self._names(list(move.mentee_ids))
        self.say(tr("Возвращены в нераспределённые: {who}").format(who=what))
        self._push(tr("возврат в нераспределённые {who}").format(who=what),
                   lambda m: restore(db, m), lambda m: restore(db, m), move, self.show_move)
        self.changed.emit()
        return True

    def show_rule(self, change: ConstraintChange) -> None:
        self.refresh_rules()
        mentors = {change.mentor_id} | (change.move.mentor_ids if change.move else set())
        self.refresh_cards(mentors, change.move.mentee_ids if change.move else ())

    def set_rule(self, mentee_id: int, mentor_id: int, kind: ConstraintKind | None,
                 reason: str = "") -> bool:
        """Pin, forbid or clear the pair."""
        db, programme_id = self.db, self.programme_id
        if db is None or programme_id is None:
            return False
        try:
            change = set_constraint(db, programme_id, mentee_id, mentor_id, kind, reason)
        except MentorDeskError as exc:
            return self._refused(exc)
        self.show_rule(change)
        card = self.card_model.card(mentor_id)
        pair = f"{short(card.name) if card else ''} – {self._names([mentee_id])}"
        if kind == ConstraintKind.PIN:
            text = tr("закрепление пары {pair}").format(pair=pair)
        elif kind == ConstraintKind.FORBID:
            text = tr("запрет пары {pair}").format(pair=pair)
        else:
            text = tr("снятие закрепления или запрета пары {pair}").format(pair=pair)
        self.say(text[:1].upper() + text[1:])
        self._push(text, lambda c: restore_constraint(db, c),
                   lambda c: restore_constraint(db, c), change, self.show_rule)
        self.changed.emit()
        return True

    def forbid(self, mentee_id: int, mentor_id: int) -> bool:
        card = self.card_model.card(mentor_id)
        prompt = tr("Пара «{mentor} – {mentee}» не будет предлагаться и составляться. Укажите "
                    "причину запрета:").format(mentor=card.name if card else "",
                                               mentee=self.mentee_names().get(mentee_id, ""))
        reason = self.ask_reason(tr("Запрет пары"), prompt)
        return bool(reason) and self.set_rule(mentee_id, mentor_id, ConstraintKind.FORBID,
                                              reason or "")

    def change_composition_of(self, mentor_id: int, pair_id: int | None = None) -> bool:
        """«Изменить состав…» of the mentor's approved pair, with a reason."""
        db = self.db
        card = self.card_model.card(mentor_id)
        if db is None or card is None or not card.fixed_pair_ids:
            return False
        pair_id = pair_id if pair_id is not None else card.fixed_pair_ids[0]
        answer = self.ask_composition(card, pair_id)
        if answer is None:
            return False
        add, remove, reason, on = answer
        try:
            change = change_composition(db, pair_id, add, remove, reason, on)
        except MentorDeskError as exc:
            return self._refused(exc)
        self.reload()
        self.say(tr("Состав пары с наставником {mentor} изменён: {reason}").format(
            mentor=short(card.name), reason=reason))

        def undo(value: Any) -> None:
            undo_composition(db, value)

        self._push(tr("изменение состава пары с {mentor}").format(mentor=short(card.name)),
                   lambda _v: change_composition(db, pair_id, add, remove, reason, on), undo,
                   change, lambda _v: self.reload())
        self.changed.emit()
        return True

    def change_composition_current(self) -> bool:
        mentor_id = self.current_card_id()
        return mentor_id is not None and self.change_composition_of(mentor_id)

    # --- the keyboard -------------------------------------------------------------------------

    def moving_ids(self) -> list[int]:
        return sorted(self.chip_selection) if self.chip_selection else self.selected_mentees()

    def assign_selected_to(self, mentor_id: int) -> bool:
        ids = self.moving_ids()
        if not ids:
            self.say(tr("Сначала выберите наставляемых в списке слева или на карточках."))
            return False
        return self.assign_to(mentor_id, ids)

    def choose_mentor(self) -> bool:
        """«Назначить наставнику…»: the selected mentees, to a mentor picked from a list."""
        ids = self.moving_ids()
        if not ids:
            self.say(tr("Сначала выберите наставляемых в списке слева или на карточках."))
            return False
        mentor_id = self.ask_mentor(ids)
        return mentor_id is not None and self.assign_to(mentor_id, ids)

    def unassign_selected(self) -> bool:
        if not self.chip_selection:
            self.say(tr("Выберите наставляемых на карточках (щелчок или Пробел), затем "
                        "нажмите Delete."))
            return False
        return self.unassign(sorted(self.chip_selection))

    def click_chip(self, mentor_id: int, mentee_id: int, extend: bool) -> None:
        if extend:
            self.chip_selection ^= {mentee_id}
        elif mentee_id not in self.chip_selection:
            self.chip_selection = {mentee_id}
        self._chips_changed()

    def next_chip(self, mentor_id: int, extend: bool) -> None:
        card = self.card_model.card(mentor_id)
        if card is None or not card.members:
            return
        ids = [m.mentee_id for m in card.members]
        chosen = [i for i, x in enumerate(ids) if x in self.chip_selection]
        following = ids[(chosen[-1] + 1) % len(ids)] if chosen else ids[0]
        self.chip_selection = (self.chip_selection | {following}) if extend else {following}
        self._chips_changed()
        self.say(tr("Выбран: {who}").format(who=self.mentee_names().get(following, "")))

    def _chips_changed(self) -> None:
        if self.chip_selection:
            self.mentees.clearSelection()
        self.cards.viewport().update()
        self._update_buttons()

    # --- context menus ------------------------------------------------------------------------

    def chip_menu(self, mentor_id: int, mentee_id: int) -> QMenu:
        menu = QMenu(self)
        card = self.card_model.card(mentor_id)
        member = card.member(mentee_id) if card is not None else None
        if card is None or member is None:
            return menu
        editable = not self.read_only
        if member.locked:
            menu.addAction(tr("Изменить состав…"),
                           lambda: self.change_composition_of(mentor_id, member.pair_id)
                           ).setEnabled(editable)
            return menu
        if member.pinned:
            menu.addAction(tr("Снять закрепление"),
                           lambda: self.set_rule(mentee_id, mentor_id, None)).setEnabled(editable)
        else:
            menu.addAction(tr("Закрепить пару"),
                           lambda: self.set_rule(mentee_id, mentor_id, ConstraintKind.PIN)
                           ).setEnabled(editable)
        menu.addAction(tr("Запретить пару…"), lambda: self.forbid(mentee_id, mentor_id)
                       ).setEnabled(editable)
        menu.addSeparator()
        menu.addAction(tr("Назначить другому наставнику…"),
                       lambda: self._reassign(mentee_id)).setEnabled(editable and not member.pinned)
        menu.addAction(tr("Вернуть в нераспределённые"), lambda: self.unassign([mentee_id])
                       ).setEnabled(editable and not member.pinned)
        return menu

    def _reassign(self, mentee_id: int) -> bool:
        mentor_id = self.ask_mentor([mentee_id])
        return mentor_id is not None and self.assign_to(mentor_id, [mentee_id])

    def card_menu(self, mentor_id: int) -> QMenu:
        menu = QMenu(self)
        card = self.card_model.card(mentor_id)
        if card is None:
            return menu
        editable = not self.read_only
        ids = self.moving_ids()
        menu.addAction(tr("Назначить сюда выбранных ({n})").format(n=len(ids)),
                       lambda: self.assign_to(mentor_id, ids)).setEnabled(editable and bool(ids))
        if card.fixed_pair_ids:
            menu.addAction(tr("Изменить состав…"), lambda: self.change_composition_of(mentor_id)
                           ).setEnabled(editable)
        return menu

    def mentee_menu(self) -> QMenu:
        menu = QMenu(self)
        ids = self.selected_mentees()
        editable = not self.read_only and bool(ids)
        menu.addAction(tr("Назначить наставнику…"), lambda: self.choose_mentor()
                       ).setEnabled(editable)
        if len(ids) == 1:
            mentee_id = ids[0]
            menu.addAction(tr("Запретить пару с наставником…"),
                           lambda: self._forbid_chosen(mentee_id)).setEnabled(editable)
            for rule in self.rules:
                if rule.mentee_id == mentee_id and rule.kind == ConstraintKind.FORBID:
                    card = self.card_model.card(rule.mentor_id)
                    menu.addAction(tr("Снять запрет (наставник {mentor})").format(
                        mentor=short(card.name) if card else ""),
                        partial(self.set_rule, mentee_id, rule.mentor_id, None)
                    ).setEnabled(editable)
        return menu

    def _forbid_chosen(self, mentee_id: int) -> bool:
        mentor_id = self.ask_mentor([mentee_id], forbid=True)
        return mentor_id is not None and self.forbid(mentee_id, mentor_id)


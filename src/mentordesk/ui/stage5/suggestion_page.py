"""Page 4, «Предложение»: the matcher's pairs and groups with their reasons, who is left without
a pair and why, the weights, and «Применить предложение» (which replaces the draft pairs)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...services.matching import (
    Suggestion,
    Weights,
    apply_suggestion,
    load_weights,
    save_weights,
    suggest,
)
from ...services.preferences_drafts import StoredDraft, draft_pairs, put_drafts, snapshot_drafts
from .common import Stage5Page, TextTableModel, heading, plural, table_view, tr
from .weights_dialog import WeightsDialog

PAIR_HEADERS = ("Наставник", "Наставляемый", "Оценка", "Почему")
UNASSIGNED_HEADERS = ("Наставляемый", "Почему без пары")


def score_text(score: float) -> str:
    return f"{score:.1f}".replace(".", ",")


class SuggestionPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Предложение"), tr(
            "Подбор пар по анкетам, запросам, интересам и ограничениям программы. Оценка "
            "объясняется в столбце «Почему». Примените предложение, чтобы записать его как "
            "черновик пар, и поправьте его на следующем шаге."))
        self.summary = QLabel(tr("Подбор ещё не выполнен."))
        self.summary.setObjectName("suggestionSummary")
        self.summary.setWordWrap(True)
        self.pairs = TextTableModel([tr(h) for h in PAIR_HEADERS], self)
        self.pairs.numeric_columns = {2}
        self.unassigned = TextTableModel([tr(h) for h in UNASSIGNED_HEADERS], self)
        self.pair_view = table_view(self.pairs, (220, 250, 70), name=tr("Предложенные пары"),
                                    wrap=True)
        self.unassigned_view = table_view(self.unassigned, (270,),
                                          name=tr("Наставляемые без пары"), wrap=True)
        self.unassigned_title = heading(tr("Без пары"))
        self.weights_button = QPushButton(tr("Настроить веса…"))
        self.weights_button.setObjectName("weightsButton")
        self.weights_button.clicked.connect(self.open_weights)
        self.map_button = QPushButton(tr("Запросы и компетенции…"))
        self.map_button.setObjectName("competenceMapButton")
        self.map_button.setToolTip(tr("Какие компетенции наставника отвечают каждому виду запроса"))
        self.map_button.clicked.connect(self.open_competence_map)
        self.rerun_button = QPushButton(tr("Пересчитать"))
        self.rerun_button.setObjectName("rerunButton")
        self.rerun_button.clicked.connect(self.compute)
        self.apply_button = QPushButton(tr("Применить предложение"))
        self.apply_button.setObjectName("applySuggestion")
        self.apply_button.clicked.connect(self.apply)
        self.applied_note = QLabel()
        self.applied_note.setObjectName("appliedNote")
        self.applied_note.setWordWrap(True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(heading(tr("Предложенные пары и группы")))
        top_layout.addWidget(self.pair_view, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.unassigned_title)
        bottom_layout.addWidget(self.unassigned_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([380, 150])
        tools = QHBoxLayout()
        tools.addWidget(self.weights_button)
        tools.addWidget(self.map_button)
        tools.addWidget(self.rerun_button)
        tools.addStretch(1)
        tools.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.applied_note)
        layout.addLayout(tools)

        self.suggestion: Suggestion | None = None
        self.weights: Weights | None = None
        self.dialog: WeightsDialog | None = None
        self.map_dialog: QDialog | None = None
        self.drafts = 0
        self.applied = False
        self.running = False

    # --- computing ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.applied = False
        self.applied_note.clear()
        self.compute()

    def compute(self) -> None:
        wiz = self.wiz()
        db, programme_id, today = wiz.db, wiz.programme_id, wiz.today
        self._busy(True)
        self.summary.setText(tr("Идёт подбор пар…"))

        def job() -> tuple[Suggestion, Weights, int]:
            weights = load_weights(db, programme_id)
            found = suggest(db, programme_id, today=today, weights=weights)
            return found, weights, len(draft_pairs(db, programme_id))

        def cancelled() -> None:
            self._busy(False)
            self.summary.setText(tr("Подбор прерван. Нажмите «Пересчитать», чтобы начать "
                                    "снова."))

        def failed(_exc: BaseException) -> bool:
            self._busy(False)
            self.summary.setText(tr("Подбор не выполнен."))
            return False

        self.run(job, self.show_suggestion, title=tr("Подбор наставнических пар…"),
                 cancellable=True, on_cancelled=cancelled, on_error=failed)

    def _busy(self, busy: bool) -> None:
        self.running = busy
        read_only = self.wiz().read_only
        self.apply_button.setEnabled(not busy and not read_only and self.suggestion is not None)
        self.weights_button.setEnabled(not busy and not read_only)
        self.map_button.setEnabled(not busy and not read_only)
        self.rerun_button.setEnabled(not busy)
        self.completeChanged.emit()

    def show_suggestion(self, result: tuple[Suggestion, Weights, int]) -> None:
        suggestion, self.weights, self.drafts = result
        self.suggestion = suggestion
        pool = suggestion.pool
        counts: dict[int, int] = {}
        for a in suggestion.assignment:
            counts[a.mentor_id] = counts.get(a.mentor_id, 0) + 1
        order = sorted(suggestion.assignment, key=lambda a: (
            _name(pool.mentor(a.mentor_id)).casefold(), _name(pool.mentee(a.mentee_id)).casefold()))
        self.pairs.set_rows(
            [[_name(pool.mentor(a.mentor_id)), _name(pool.mentee(a.mentee_id), detail=True),
              score_text(a.score), "; ".join(a.reasons)] for a in order],
            [(a.mentee_id, a.mentor_id) for a in order])
        self.unassigned.set_rows(
            [[_name(pool.mentee(u.mentee_id), detail=True), u.reason]
             for u in suggestion.unassigned],
            [u.mentee_id for u in suggestion.unassigned])
        mentors = len(counts)
        groups = sum(1 for n in counts.values() if n > 1)
        n_pairs = len(suggestion.assignment)
        left = len(suggestion.unassigned)
        self.unassigned_title.setText(tr("Без пары ({n})").format(n=left))
        text = tr("Предложено: {n} {nw} у {m} {mw} (из них групп: {g}); без пары: {left}. "
                  "Суммарная оценка: {total}.").format(
            n=n_pairs, nw=plural(n_pairs, "наставляемый", "наставляемых", "наставляемых"),
            m=mentors, mw=plural(mentors, "наставника", "наставников", "наставников"), g=groups,
            left=left, total=score_text(suggestion.total_score))
        if self.drafts:
            text += " " + tr("Черновых пар и групп сейчас: {n}.").format(n=self.drafts)
        self.summary.setText(text)
        self._busy(False)

    def isComplete(self) -> bool:
        return not self.running

    # --- the request → competence map -------------------------------------------------------

    def open_competence_map(self) -> None:
        """Edit the map in its own dialog; the suggestion is computed again after it closes."""
        from ..competence_map import CompetenceMapDialog

        wiz = self.wiz()
        self.map_dialog = CompetenceMapDialog(wiz.db, wiz.messenger, wiz.undo_stack, self)
        self.map_dialog.finished.connect(lambda _result: self.compute())
        self.map_dialog.open()

    # --- weights -----------------------------------------------------------------------------

    def open_weights(self) -> None:
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id

        def show(weights: Weights) -> None:
            self.dialog = WeightsDialog(weights, self)
            self.dialog.accepted.connect(lambda: self._save_weights(weights))
            self.dialog.open()

        self.run(lambda: load_weights(db, programme_id), show)

    def _save_weights(self, before: Weights) -> None:
        if self.dialog is None:
            return
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id
        after = self.dialog.weights()
        if after == before:
            self.compute()
            return

        def saved(previous: Weights) -> None:
            wiz.push(tr("веса подбора пар"),
                     do=lambda _: save_weights(db, programme_id, after),
                     undo=lambda _: save_weights(db, programme_id, previous),
                     first=None, after=self._after_undo)
            self.compute()

        self.run(lambda: save_weights(db, programme_id, after), saved)

    def _after_undo(self) -> None:
        if self.wiz().currentPage() is self and not self.running:
            self.compute()

    # --- applying ----------------------------------------------------------------------------

    def apply(self) -> None:
        suggestion = self.suggestion
        if suggestion is None or self.running:
            return
        wiz = self.wiz()
        if self.drafts and not wiz.messenger.confirm(self, tr(
                "Черновые пары и группы ({n}) будут заменены предложением. Утверждённые пары "
                "не изменятся. Продолжить?").format(n=self.drafts)):
            return
        db, programme_id = wiz.db, wiz.programme_id

        def job() -> tuple[tuple[StoredDraft, ...], tuple[StoredDraft, ...], int]:
            before = snapshot_drafts(db, programme_id)
            written = apply_suggestion(db, suggestion)
            return before, snapshot_drafts(db, programme_id), written

        def applied(result: tuple[tuple[StoredDraft, ...], tuple[StoredDraft, ...], int]) -> None:
            before, after, written = result
            self.applied = True
            self.drafts = written
            self.applied_note.setText(tr(
                "Предложение применено: черновиков пар и групп записано {n}. Поправьте их на "
                "следующем шаге.").format(n=written))
            wiz.push(tr("применение предложения пар"),
                     do=lambda _: put_drafts(db, programme_id, after),
                     undo=lambda _: put_drafts(db, programme_id, before),
                     first=None, after=lambda: None)

        self.run(job, applied, title=tr("Запись черновых пар…"))

    def validatePage(self) -> bool:
        if self.applied or self.drafts or self.wiz().read_only:
            return True
        return self.wiz().messenger.confirm(self, tr(
            "Предложение не применено, и черновых пар пока нет. Перейти к корректировке и "
            "составить пары вручную?"))


def _name(person: Any, *, detail: bool = False) -> str:
    if person is None:
        return tr("(нет в списке участников)")
    if detail and person.detail:
        return f"{person.name} ({person.detail})"
    return str(person.name)

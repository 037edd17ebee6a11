"""«Формирование наставнических пар и групп»: the stage-5 wizard.

    wizard = Stage5Wizard(db, programme_id, window.undo_stack, window.messenger, window,
                          runner=window.runner)
    wizard.changed.connect(window.reload)
    wizard.open()

Pages: who takes part → the general meeting → the preference questionnaires → the matcher's
suggestion → adjustment in the pairing view → approval with the order. Each page reads and
writes through services on the runner's background thread; the meeting, the questionnaires, the
weights and an applied suggestion go onto the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget, QWizard

from ...services.database import Database
from ...services.match_pool import Pool, match_pool
from ..bases.commands import ServiceCommand
from ..messages import Messenger
from ..worker import Job, Runner
from .adjustment_page import AdjustmentPage
from .approval_page import ApprovalPage
from .common import tr
from .meeting_page import MeetingPage
from .participants_page import ParticipantsPage
from .preferences_page import PreferencesPage
from .suggestion_page import SuggestionPage

PARTICIPANTS, MEETING, PREFERENCES, SUGGESTION, ADJUSTMENT, APPROVAL = range(6)
BUTTON_TEXTS = {
    QWizard.WizardButton.NextButton: "Далее >",
    QWizard.WizardButton.BackButton: "< Назад",
    QWizard.WizardButton.FinishButton: "Готово",
    QWizard.WizardButton.CancelButton: "Отмена",
    QWizard.WizardButton.CommitButton: "Далее >",
}


class Stage5Wizard(QWizard):
    """`changed` follows every write (the window re-reads its overview and bases)."""

    changed = Signal()

    def __init__(self, db: Database, programme_id: int, undo_stack: QUndoStack,
                 messenger: Messenger, parent: QWidget | None = None, *,
                 runner: Runner | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage5Wizard")
        self.db = db
        self.programme_id = programme_id
        self.undo_stack = undo_stack
        self.messenger = messenger
        self.today = today or date.today()
        # The window's runner outlives the wizard, so an undo after closing still has one.
        self.runner = runner or Runner(parent if parent is not None else self, messenger)
        self.pool: Pool | None = None
        self.read_only = db.read_only

        self.setWindowTitle(tr("Формирование наставнических пар и групп"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        for button, text in BUTTON_TEXTS.items():
            self.setButtonText(button, tr(text))
        self._undo_button()

        self.participants = ParticipantsPage()
        self.meeting = MeetingPage()
        self.preferences = PreferencesPage()
        self.suggestion = SuggestionPage()
        self.adjustment = AdjustmentPage()
        self.approval = ApprovalPage()
        for page_id, page in enumerate((self.participants, self.meeting, self.preferences,
                                        self.suggestion, self.adjustment, self.approval)):
            self.setPage(page_id, page)
        self.setStartId(PARTICIPANTS)
        self.resize(1060, 720)

    def _undo_button(self) -> None:
        """The window's Правка → Отменить is out of reach while the wizard is open: the wizard
        has its own button (and Ctrl+Z outside text fields) for the same undo stack."""
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, tr("Отменить изменение"))
        self.setButtonLayout([
            QWizard.WizardButton.CustomButton1, QWizard.WizardButton.Stretch,
            QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton])
        button = self.button(QWizard.WizardButton.CustomButton1)
        button.setObjectName("undoButton")
        stack = self.undo_stack
        button.clicked.connect(stack.undo)

        def follow() -> None:
            if shiboken6.isValid(button) and shiboken6.isValid(stack):
                button.setEnabled(stack.canUndo())
                text = stack.undoText()
                button.setToolTip(tr("Отменить: {what}").format(what=text) if text else "")

        stack.indexChanged.connect(follow)
        stack.cleanChanged.connect(follow)
        follow()

        def forget() -> None:  # the window's stack outlives many wizards
            if shiboken6.isValid(stack):
                stack.indexChanged.disconnect(follow)
                stack.cleanChanged.disconnect(follow)

        self.destroyed.connect(forget)
        self.undo_action = QAction(tr("Отменить изменение"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(stack.undo)
        self.redo_action = QAction(tr("Повторить изменение"), self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(stack.redo)
        self.addActions([self.undo_action, self.redo_action])

    # --- running services ------------------------------------------------------------------

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
            **kwargs: Any) -> Job:
        """Run a service call off the GUI thread; `on_done` only while the wizard is alive."""
        def done(result: Any) -> None:
            if on_done is not None and shiboken6.isValid(self):
                on_done(result)

        return self.runner.run(fn, on_done=done, **kwargs)

    def load_pool(self, on_done: Callable[[Pool], None]) -> None:
        db, programme_id, today = self.db, self.programme_id, self.today

        def loaded(pool: Pool) -> None:
            self.pool = pool
            on_done(pool)

        self.run(lambda: match_pool(db, programme_id, today), loaded)

    def push(self, text: str, do: Callable[[Any], Any], undo: Callable[[Any], Any], first: Any,
             after: Callable[[], None]) -> None:
        """Put a change that has already been made onto the undo stack. Its undo and redo run
        on the runner; `after` refreshes the page they concern while the wizard is open."""
        runner, stack = self.runner, self.undo_stack

        def refresh(_result: Any) -> None:
            if shiboken6.isValid(self):
                after()
                self.changed.emit()

        def failed(_exc: BaseException) -> bool:
            stack.clear()  # the stack no longer matches the database
            return False

        def run(job: Callable[[], Any]) -> None:
            if shiboken6.isValid(runner):
                runner.run(job, on_done=refresh, on_error=failed)
            else:  # the wizard and its own runner are gone: a small write, done here
                job()

        stack.push(ServiceCommand(text, do=do, undo=undo, first=first, run=run))
        self.changed.emit()

    def done(self, result: int) -> None:
        self.preferences.save_current(quiet=True)  # nothing typed is lost on «Отмена»
        super().done(result)

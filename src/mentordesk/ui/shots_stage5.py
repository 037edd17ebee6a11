"""Screenshots of the stage-5 wizard, for `shots.SCREENS`.

The wizard needs a programme at stage 5 (selected mentors, mentees, a general meeting and its
questionnaires), which the curator's database may not be: a demonstration school at stage 5 is
built once into `ctx.workdir` and opened in a window of its own, so nothing here writes to the
private copy the other screens draw.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..services.database import open_database
from ..services.demo import build_demo
from ..services.matching import apply_suggestion, load_weights, suggest
from ..services.preferences_drafts import draft_pairs
from ..services.programme import current_programme_id
from .main_window import MainWindow
from .stage5 import Stage5Wizard
from .stage5.preferences_page import PERSON_ROLE
from .stage5.weights_dialog import WeightsDialog
from .stage5.wizard import ADJUSTMENT, APPROVAL, MEETING, PARTICIPANTS, PREFERENCES, SUGGESTION
from .waiting import wait_until

if TYPE_CHECKING:
    from .shots import ShotContext

DEMO_NAME = "stage5-demo.sqlite"
WIZARD_SIZE = (1080, 740)
_WINDOW = "_stage5_window"


def _window(ctx: ShotContext) -> tuple[MainWindow, int]:
    window: MainWindow | None = getattr(ctx, _WINDOW, None)
    if window is None:
        path = ctx.workdir / DEMO_NAME
        if not path.exists():
            db = open_database(path)
            try:
                build_demo(db, "school", 5, today=date.today())
            finally:
                db.close()
        window = ctx.window(str(path), read_only=False)
        setattr(ctx, _WINDOW, window)
    assert window.db is not None
    programme_id = current_programme_id(window.db)
    assert programme_id is not None
    return window, programme_id


def _ensure_drafts(window: MainWindow, programme_id: int) -> None:
    db = window.db
    assert db is not None
    if not draft_pairs(db, programme_id):
        apply_suggestion(db, suggest(db, programme_id))


def _wizard_at(ctx: ShotContext, page_id: int) -> Stage5Wizard:
    window, programme_id = _window(ctx)
    assert window.db is not None
    wizard = Stage5Wizard(window.db, programme_id, window.undo_stack, ctx.messenger, window,
                          runner=window.runner)
    wizard.resize(*WIZARD_SIZE)
    wizard.setMinimumSize(*WIZARD_SIZE)  # grab() adjusts the size to the hint otherwise
    wizard.setStartId(page_id)
    wizard.show()
    wait_until(lambda: not window.runner.busy and wizard.currentPage().isComplete(),
               f"the stage-5 wizard page {page_id}")
    return wizard


def stage5_participants(ctx: ShotContext) -> QWidget:
    wizard = _wizard_at(ctx, PARTICIPANTS)
    wizard.participants.mentee_view.selectRow(0)
    return wizard


def stage5_meeting(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, MEETING)


def stage5_preferences(ctx: ShotContext) -> QWidget:
    """A mentee's questionnaire half typed: two choices filled, the cursor on the third."""
    wizard = _wizard_at(ctx, PREFERENCES)
    page = wizard.preferences
    ids = {i: page.list.item(i).data(PERSON_ROLE) for i in range(page.list.count())}
    filled = [i for i, p in ids.items() if p is not None and len(page.prefs.get(int(p), [])) >= 2
              and page.by_id[int(p)].side == "mentee"]
    if filled:
        page.list.setCurrentRow(filled[min(3, len(filled) - 1)])
    page.fields.set_text(2, "")
    page.fields.fields[2].setFocus()
    return wizard


def stage5_suggestion(ctx: ShotContext) -> QWidget:
    wizard = _wizard_at(ctx, SUGGESTION)
    wait_until(lambda: wizard.suggestion.suggestion is not None, "the suggestion")
    return wizard


def stage5_weights(ctx: ShotContext) -> QWidget:
    window, programme_id = _window(ctx)
    assert window.db is not None
    return WeightsDialog(load_weights(window.db, programme_id), window)


def stage5_adjustment(ctx: ShotContext) -> QWidget:
    window, programme_id = _window(ctx)
    _ensure_drafts(window, programme_id)
    return _wizard_at(ctx, ADJUSTMENT)


def stage5_approval(ctx: ShotContext) -> QWidget:
    window, programme_id = _window(ctx)
    _ensure_drafts(window, programme_id)
    wizard = _wizard_at(ctx, APPROVAL)
    wizard.approval.number.setText("312-о")
    return wizard

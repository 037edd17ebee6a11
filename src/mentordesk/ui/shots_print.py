"""Screenshots of printing, for `shots.SCREENS`: the preview of a real generated document and
the «кого наградить» list.

Each function takes the `ShotContext` and returns the widget to grab. The documents are made
from the database `ctx.main` has open (a private copy), into `ctx.workdir`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ..documents.awards import AwardContext, Recipient, build_awards, certificate_sheet
from ..documents.pdf import OrgHeader
from ..errors import ValidationError
from ..model.enums import AwardKind
from ..services.printing import award_candidates
from .award_chooser import AwardChooser
from .print_actions import generate
from .print_preview import PrintPreviewDialog, PrintSource
from .waiting import wait_until

if TYPE_CHECKING:
    from .shots import ShotContext

# The first of these the database has content for is shown: a demo at stage 5 or later has
# approved pairs; an earlier one still has its curator order.
PREVIEW_KINDS = ("order-pairs", "order-curator", "mentee-base")


def _document(ctx: ShotContext) -> PrintSource:
    window = ctx.main
    assert window.db is not None
    wait_until(lambda: window.overview is not None or not window.runner.busy, "the programme")
    programme_id = window.overview.summary.id if window.overview is not None else None
    folder = ctx.workdir / "print"
    folder.mkdir(exist_ok=True)
    for key in PREVIEW_KINDS:
        try:
            source = generate(window.db, key, folder, programme_id)
        except ValidationError:
            continue
        source.folder = None  # ctx.workdir goes at the end of the run
        return source
    return _sample(folder)


def _sample(folder: Path) -> PrintSource:
    """A new programme has nothing to print yet (no pairs, no director): a sample certificate
    marked as such."""
    ctx = AwardContext(OrgHeader("Образовательная организация"), "организации",
                       "Программа наставничества", "2026/2027", city="г. Озерногорск",
                       issued_on=date(2027, 5, 31))
    pdf = build_awards(folder / "Образец.pdf", [certificate_sheet(
        ctx, Recipient("Иванова Анна Сергеевна", female=True, detail="образец заполнения"),
        "С-2027-001")], "Сертификат участника (образец)")
    return PrintSource("Сертификат участника (образец)", pdf, "Образец сертификата", count=1)


def print_preview(ctx: ShotContext) -> QWidget:
    """The preview of the order on pairs (or what the database has), fitted to the width."""
    dialog = PrintPreviewDialog(_document(ctx), ctx.messenger, ctx.main)
    # grab() fits a window to the offscreen screen: the shot pins its own size.
    dialog.setMinimumSize(1000, 720)
    dialog.adjustSize()  # the size grab() will keep, so the pages are not drawn again
    dialog.show()
    dialog.fit_width()
    wait_until(lambda: _has_ink(dialog), "the pages of the preview")  # rendered in a thread
    return dialog


def _has_ink(dialog: PrintPreviewDialog) -> bool:
    """True once the view shows text: dark pixels on the visible page."""
    image = dialog.view.viewport().grab().toImage()
    dark = sum(1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
               if image.pixelColor(x, y).lightness() < 90)
    return dark >= 50


def award_chooser(ctx: ShotContext) -> QWidget:
    """«Грамоты «Лучший наставник»»: whom to award, the awarded ones ticked."""
    window = ctx.main
    assert window.db is not None
    candidates = award_candidates(window.db, AwardKind.DIPLOMA)
    chooser = AwardChooser(
        "Грамоты «Лучший наставник»",
        "Отметьте лучших наставников. Уже награждённые отмечены: их грамоты напечатаются "
        "с прежними номерами.", candidates, preselect_all=False, parent=window)
    if candidates and not chooser.chosen():
        for row in (0, 2):
            if row < chooser.list.count():
                chooser.list.item(row).setCheckState(Qt.CheckState.Checked)
    chooser.setMinimumSize(chooser.size())  # grab() would fit it to the small offscreen screen
    return chooser

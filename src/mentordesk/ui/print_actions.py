"""The «Печать» menu: which documents there are, making one off the GUI thread, and showing it.

    controller = PrintController(window)          # window: db, overview, runner, messenger
    build_menus(..., print_items=PRINT_MENU, print_document=controller.start)
    controller.set_actions(actions.printing)
    controller.refresh()                          # after the database or programme changes

`start(key)` generates the document with services.printing into a temporary folder, with
progress and «Отмена» (ui.worker.Runner), then opens the preview (ui.print_preview) that
saves or prints it. Certificates, letters and diplomas first ask whom to award
(ui.award_chooser). A cancelled or failed job leaves no file: the services write atomically
and the temporary folder is removed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ..documents.atomic import DocumentError
from ..model.enums import AwardKind
from ..services import printing
from ..services.database import Database
from ..services.printing import AwardCandidate, award_candidates
from .award_chooser import AwardChooser
from .messages import Messenger
from .print_preview import PrintPreviewDialog, PrintSource
from .worker import Job, Runner
from .workspace import Overview


@dataclass(frozen=True)
class PrintKind:
    key: str
    menu: str          # the menu's text
    title: str         # the document, for the preview's title and the file name
    tip: str
    award: AwardKind | None = None   # numbered into the awards register: whom to award first
    docx: bool = False               # also offered as an editable .docx
    stages: tuple[int, ...] = ()     # the stage pages where a «Печать…» button offers it


KINDS: tuple[PrintKind, ...] = (
    PrintKind("plans", "Индивидуальные планы развития…", "Индивидуальные планы развития",
              "Планы развития всех наставляемых программы, каждый с новой страницы",
              stages=(5, 6)),
    PrintKind("order-pairs", "Приказ об утверждении пар/групп…",
              "Приказ об утверждении наставнических пар и групп",
              "Приказ «Об утверждении наставнических пар/групп» в PDF или Word", docx=True,
              stages=(5,)),
    PrintKind("order-curator", "Приказ о назначении куратора…",
              "Приказ о назначении куратора",
              "Приказ о назначении куратора и внедрении целевой модели наставничества",
              docx=True, stages=(1,)),
    PrintKind("certificates", "Сертификаты участников…", "Сертификаты участников",
              "Сертификаты наставникам; номера записываются в реестр наград",
              award=AwardKind.CERTIFICATE, stages=(7,)),
    PrintKind("letters", "Благодарственные письма…", "Благодарственные письма наставникам",
              "Благодарственные письма наставникам; номера записываются в реестр наград",
              award=AwardKind.THANKS, stages=(7,)),
    PrintKind("letters-parents", "Благодарственные письма родителям…",
              "Благодарственные письма родителям",
              "Письма родителям обучающихся-наставников; номера записываются в реестр наград",
              award=AwardKind.THANKS_PARENTS, stages=(7,)),
    PrintKind("diplomas", "Грамоты «Лучший наставник»…", "Грамоты «Лучший наставник»",
              "Грамоты лучшим наставникам; номера записываются в реестр наград",
              award=AwardKind.DIPLOMA, stages=(7,)),
    PrintKind("mentee-base", "База наставляемых (PDF)…", "База наставляемых",
              "База наставляемых по форме Минпросвещения для печати", stages=(2,)),
    PrintKind("mentor-base", "База наставников (PDF)…", "База наставников",
              "База наставников по форме Минпросвещения для печати", stages=(3,)),
)
BY_KEY = {kind.key: kind for kind in KINDS}
# The «Печать» menu: (key, text, tip), None for a separator.
PRINT_MENU: list[tuple[str, str, str] | None] = [
    *[(k.key, k.menu, k.tip) for k in KINDS[:3]], None,
    *[(k.key, k.menu, k.tip) for k in KINDS[3:7]], None,
    *[(k.key, k.menu, k.tip) for k in KINDS[7:]],
]
READ_ONLY_TIP = ("База открыта только для чтения, а номера сертификатов, писем и грамот "
                 "записываются в реестр наград")
NO_PROGRAMME_TIP = "Откройте базу с программой наставничества"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _safe(name: str) -> str:
    return "".join("_" if c in '<>:"/\\|?*' else c for c in name).strip()


def generate(db: Database, key: str, folder: Path, programme_id: int | None,
             ids: Sequence[int] | None = None, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> PrintSource:
    """Make document `key` (a KINDS key) in `folder` with services.printing; no Qt here, so
    it runs on the worker thread."""
    kind = BY_KEY[key]
    pdf = folder / f"{_safe(kind.title)}.pdf"
    common: dict[str, Any] = {"progress": progress, "cancelled": cancelled,
                              "programme_id": programme_id}
    listed: dict[str, Any] = {"ids": list(ids)} if ids is not None else {}
    calls: dict[str, Callable[[Path], int]] = {
        "plans": lambda out: printing.print_plans(db, out, **common),
        "order-pairs": lambda out: printing.print_order_pairs(db, out, **common),
        "order-curator": lambda out: printing.print_order_curator(db, out, **common),
        "certificates": lambda out: printing.print_certificates(db, out, **listed, **common),
        "letters": lambda out: printing.print_letters(db, out, **listed, **common),
        "letters-parents": lambda out: printing.print_letters(db, out, parents=True, **listed,
                                                              **common),
        "diplomas": lambda out: printing.print_diplomas(db, out, **listed, **common),
        "mentee-base": lambda out: printing.print_bases(db, out, which="mentees", **common),
        "mentor-base": lambda out: printing.print_bases(db, out, which="mentors", **common),
    }
    count = calls[key](pdf)
    extra = {}
    if kind.docx:
        docx = pdf.with_suffix(".docx")
        calls[key](docx)
        extra[".docx"] = docx
    return PrintSource(kind.title, pdf, f"{_safe(kind.title)} {date.today():%d.%m.%Y}",
                       extra, folder, count)


class PrintHost(Protocol):
    """What the controller needs of the main window."""

    db: Database | None
    overview: Overview | None
    runner: Runner
    messenger: Messenger
    dialog: QWidget | None


class PrintController(QObject):
    def __init__(self, window: Any, temp_root: Path | None = None) -> None:
        super().__init__(window)
        self.window: PrintHost = window
        self.parent_widget: QWidget = window
        self.temp_root = temp_root
        self.actions: dict[str, QAction] = {}
        self.preview: PrintPreviewDialog | None = None
        self.chooser: AwardChooser | None = None

    def set_actions(self, actions: dict[str, QAction]) -> None:
        self.actions = actions
        self.refresh()

    def programme_id(self) -> int | None:
        overview = self.window.overview
        return overview.summary.id if overview is not None and self.window.db else None

    def refresh(self) -> None:
        """Enable what can be printed now: nothing without a programme; no awards (they write
        the register) in a read-only database."""
        db = self.window.db
        has_programme = self.programme_id() is not None
        for key, action in self.actions.items():
            kind = BY_KEY[key]
            blocked = kind.award is not None and db is not None and db.read_only
            action.setEnabled(has_programme and not blocked)
            tip = (self.tr(NO_PROGRAMME_TIP) if not has_programme
                   else self.tr(READ_ONLY_TIP) if blocked else self.tr(kind.tip))
            action.setToolTip(tip)
            action.setStatusTip(tip)

    # --- the job ---------------------------------------------------------------------------

    def start(self, key: str) -> None:
        db, programme_id = self.window.db, self.programme_id()
        if db is None or programme_id is None:
            return
        kind = BY_KEY[key]
        if kind.award is None:
            self.generate(key)
            return
        award = kind.award
        self.window.runner.run(lambda: award_candidates(db, award, programme_id),
                               on_done=partial(self._choose, db, kind))

    def _choose(self, db: Database, kind: PrintKind, candidates: list[AwardCandidate]) -> None:
        if db is not self.window.db:
            return
        if not candidates:
            self.window.messenger.info(self.parent_widget, self.tr(kind.title), self.tr(
                "Некого награждать: в программе нет наставников работающих или завершивших "
                "работу пар" + (" с указанными родителями (законными представителями)"
                                if kind.award == AwardKind.THANKS_PARENTS else "") + "."))
            return
        diplomas = kind.award == AwardKind.DIPLOMA
        note = (self.tr("Отметьте лучших наставников. Уже награждённые отмечены: их грамоты "
                        "напечатаются с прежними номерами.") if diplomas else
                self.tr("Отметьте, кому подготовить документы. Тем, у кого номер уже есть "
                        "в реестре наград, документ напечатается с прежним номером."))
        chooser = AwardChooser(self.tr(kind.title), note, candidates,
                               preselect_all=not diplomas, parent=self.parent_widget)
        chooser.accepted.connect(lambda: self.generate(kind.key, chooser.chosen()))
        chooser.finished.connect(lambda _result: self._forget(chooser))
        self.chooser = chooser
        self.window.dialog = chooser
        chooser.open()

    def _forget(self, dialog: QWidget) -> None:
        """A closed dialog is deleted: a preview holds its pages' images."""
        if self.preview is dialog:
            self.preview = None
        if self.chooser is dialog:
            self.chooser = None
        if self.window.dialog is dialog:
            self.window.dialog = None
        dialog.deleteLater()

    def generate(self, key: str, ids: Sequence[int] | None = None) -> Job | None:
        db, programme_id = self.window.db, self.programme_id()
        if db is None or programme_id is None:
            return None
        kind = BY_KEY[key]
        folder = Path(tempfile.mkdtemp(prefix="mentordesk-print-", dir=self.temp_root))

        def discard() -> None:
            PrintSource(kind.title, folder, "", folder=folder).discard()

        def failed(_exc: BaseException) -> bool:
            discard()
            return False  # the runner shows the error

        def job(j: Job) -> PrintSource:
            return generate(db, key, folder, programme_id, ids, j.report, j.is_cancelled)

        return self.window.runner.run(
            job, title=self.tr("Подготовка документа: {title}…").format(title=kind.title),
            cancellable=True, on_done=partial(self._show, db), on_error=failed,
            on_cancelled=discard)

    def _show(self, db: Database, source: PrintSource) -> None:
        if db is not self.window.db:
            source.discard()
            return
        try:
            preview = PrintPreviewDialog(source, self.window.messenger, self.parent_widget)
        except DocumentError as exc:
            source.discard()
            self.window.messenger.error(self.parent_widget, exc)
            return
        preview.finished.connect(lambda _result: self._forget(preview))
        self.preview = preview
        self.window.dialog = preview
        preview.open()

    # --- stage pages -----------------------------------------------------------------------

    def stage_kinds(self, stage: int) -> list[str]:
        return [k.key for k in KINDS if stage in k.stages]

    def stage_button(self, stage: int, parent: QWidget | None = None) -> QToolButton | None:
        """A «Печать…» button offering the documents of a stage (None when it has none),
        for a stage page to put beside its other tools."""
        keys = [k for k in self.stage_kinds(stage) if k in self.actions]
        if not keys:
            return None
        button = QToolButton(parent)
        button.setObjectName(f"printButton{stage}")
        button.setText(self.tr("Печать…"))
        button.setToolTip(self.tr("Документы этого этапа: просмотр, сохранение, печать"))
        menu = QMenu(button)
        menu.setToolTipsVisible(True)
        for key in keys:
            menu.addAction(self.actions[key])
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return button

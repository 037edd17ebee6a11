"""From a drop to the repainted view, on the district demo at stage 5 (3,000 mentees, 300
mentors), against a bare QListWidget item move and repaint, in the same run.

Setup (not timed): the district demo at stage 5 built as of TODAY (cached in the temporary
folder, then copied, so a run never writes into the cache), the matcher's suggestion stored as
drafts less one mentee on every full card (so the cards have members and free places and some
mentees are left to place), and a `PairingView` of 1200 × 750 shown offscreen with its undo
stack. For each drop the drag is entered and moved over the target first, so every card's
preview is on, as when the curator lets go of the mouse.

Timed, MentorDesk, per drop: the `QDropEvent` sent to the target's viewport (the service call
`assign` or `unassign` in its transaction, the undo command, the two cards re-read with
`card_members`, the list model updated, the relayout the changed card sizes ask for), then
`processEvents` and a synchronous `repaint` of the whole view (the cards in sight, the list).
Drops alternate: an unassigned mentee onto a card that accepts it, and back to the list.
Timed, bare: `takeItem` from one QListWidget and `addItem` to another (3,000 and 300 string
items, side by side in a 1200 × 750 window), `processEvents` and `repaint` of the window.
Also printed: `assign` plus `restore` alone, the service part.

    .venv/bin/python benchmarks/bench_drop.py [--drops N] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QHBoxLayout, QListView, QListWidget, QWidget  # noqa: E402

TODAY = date(2026, 11, 20)
SIZE = (1200, 750)


def district_demo(folder: Path) -> Path:
    """A private copy of the cached district demo at stage 5."""
    from mentordesk.services.database import open_database
    from mentordesk.services.demo import build_demo

    cache = Path(tempfile.gettempdir()) / f"mentordesk-bench-district-5-{TODAY:%Y%m%d}.sqlite"
    if not cache.exists():
        start = time.perf_counter()
        partial = cache.with_suffix(".part")
        db = open_database(partial)
        build_demo(db, "district", 5, today=TODAY)
        db.close()
        partial.replace(cache)
        print(f"district demo built in {time.perf_counter() - start:.1f} s (cached: {cache})")
    path = folder / "district.sqlite"
    shutil.copyfile(cache, path)
    return path


def draft_most(db: object, programme_id: int) -> None:
    from mentordesk.services.matching import apply_suggestion, suggest
    from mentordesk.services.pairing import pairing_board

    found = suggest(db, programme_id, TODAY)  # type: ignore[arg-type]
    capacity = {c.id: c.capacity for c in pairing_board(db, programme_id, TODAY).mentors}  # type: ignore[arg-type]
    count: dict[int, int] = {}
    keep = []
    for a in found.assignment:
        count[a.mentor_id] = count.get(a.mentor_id, 0) + 1
        if count[a.mentor_id] < capacity.get(a.mentor_id, 1):
            keep.append(a)
    apply_suggestion(db, replace(found, assignment=keep), today=TODAY)  # type: ignore[arg-type]


def send_drag(target: QListView, pos: QPoint, data: object) -> None:
    for cls in (QDragEnterEvent, QDragMoveEvent):
        event = cls(pos, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target.viewport(), event)


def timed_drop(view: QWidget, target: QListView, pos: QPoint, data: object) -> tuple[float, bool]:
    event = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    start = time.perf_counter()
    QApplication.sendEvent(target.viewport(), event)
    QApplication.processEvents()
    view.repaint()
    return (time.perf_counter() - start) * 1000, event.isAccepted()


def ours(view, drops: int) -> list[float]:  # type: ignore[no-untyped-def]
    from mentordesk.ui.pairing.mime import encode

    times: list[float] = []
    pid = view.programme_id
    cards = view.cards
    for k in range(drops):
        mentee = view.mentee_model.mentee_at((7 * k) % view.mentee_model.rowCount())
        found = view.preview([mentee.id])
        allowed = [row for row in range(view.card_model.rowCount())
                   if found[view.card_model.card_at(row).id].allowed]
        row = allowed[(3 * k) % len(allowed)]
        index = view.card_model.index(row)
        cards.scrollTo(index)
        QApplication.processEvents()
        pos = cards.visualRect(index).center()
        data = encode(pid, [mentee.id])
        send_drag(cards, pos, data)
        ms, accepted = timed_drop(view, cards, pos, data)
        assert accepted, view.status.text()
        times.append(ms)
        back = encode(pid, [mentee.id], view.card_model.card_at(row).id)
        spot = view.mentees.viewport().rect().center()
        send_drag(view.mentees, spot, back)
        ms, accepted = timed_drop(view, view.mentees, spot, back)
        assert accepted, view.status.text()
        times.append(ms)
    return times


def bare(mentees: list[str], mentors: list[str], drops: int) -> list[float]:
    window = QWidget()
    window.resize(*SIZE)
    left, right = QListWidget(), QListWidget()
    left.addItems(mentees)
    right.addItems(mentors)
    layout = QHBoxLayout(window)
    layout.addWidget(left)
    layout.addWidget(right, 2)
    window.show()
    QApplication.processEvents()
    times = []
    for k in range(drops):
        for source, target in ((left, right), (right, left)):
            start = time.perf_counter()
            item = source.takeItem((7 * k) % source.count())
            target.addItem(item)
            QApplication.processEvents()
            window.repaint()
            times.append((time.perf_counter() - start) * 1000)
    window.close()
    return times


def service_only(db: object, programme_id: int, view, drops: int) -> list[float]:  # type: ignore[no-untyped-def]
    from mentordesk.services.pairing import assign, restore

    times = []
    checker = view.scorer()
    for k in range(drops):
        mentee = view.mentee_model.mentee_at((11 * k) % view.mentee_model.rowCount())
        found = view.preview([mentee.id])
        target = next(c.id for c in view.card_model.cards() if found[c.id].allowed)
        start = time.perf_counter()
        move = assign(db, programme_id, [mentee.id], target, today=TODAY, checker=checker)  # type: ignore[arg-type]
        restore(db, move)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
    view.clear_preview()
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drops", type=int, default=15)
    parser.add_argument("--db", type=Path, help="a stage-5 database to copy (default: the district demo)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="md-bench-drop-"))
    os.environ["MENTORDESK_HOME"] = str(folder / "home")
    from mentordesk.services.database import open_database
    from mentordesk.services.programme import current_programme_id
    from mentordesk.ui.app import create_application
    from mentordesk.ui.pairing import PairingView

    app = create_application()
    source = args.db or district_demo(folder)
    path = folder / "work.sqlite"
    if source != path:
        shutil.copyfile(source, path)
    db = open_database(path)
    try:
        programme_id = current_programme_id(db)
        assert programme_id is not None
        draft_most(db, programme_id)
        view = PairingView()
        view.today = TODAY
        stack = QUndoStack(view)
        start = time.perf_counter()
        view.set_context(db, programme_id, stack, None)
        view.resize(*SIZE)
        view.show()
        QApplication.processEvents()
        view.repaint()
        loaded = (time.perf_counter() - start) * 1000
        view.scorer()
        cards, unassigned = view.card_model.rowCount(), view.mentee_model.rowCount()
        print(f"setup: {cards} mentor cards, {unassigned} unassigned mentees, "
              f"{sum(c.used for c in view.card_model.cards())} in drafts; "
              f"the view opened and painted in {loaded:.0f} ms (not timed below)")
        ours(view, 2)  # warm up
        bare_mentees = [m.name for m in view.mentee_model.mentees()]
        bare_mentors = [c.name for c in view.card_model.cards()]
        bare(bare_mentees, bare_mentors, 2)
        mine = ours(view, args.drops)
        base = bare(bare_mentees, bare_mentors, args.drops)
        service = service_only(db, programme_id, view, args.drops)
        o, b, s = statistics.median(mine), statistics.median(base), statistics.median(service)
        print(f"drop → repainted view (median of {len(mine)} drops, onto a card and back): "
              f"{o:.1f} ms  (max {max(mine):.1f})")
        print(f"bare QListWidget move → repaint (median of {len(base)}): {b:.1f} ms")
        print(f"of which the service (assign + restore, median): {s:.1f} ms")
        print(f"ratio: {o / b:.1f}×")
        view.close()
    finally:
        db.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())

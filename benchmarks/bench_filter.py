"""Filtering a 50,000-person mentee base per keystroke, end to end, against a bare
QSortFilterProxyModel over a QStandardItemModel of the same strings, in the same run.

Setup (not timed): a SQLite database (open_database, MENTORDESK_HOME in a temp folder) with one
programme and 50,000 pupils with mentee profiles and, for most, consents (`_data.py`). Building
it takes about 20 s, so the file is kept in the temp folder, named after the row count, the
schema revision and `_data.py`'s hash, and copied for each run (`--fresh-data` rebuilds it).

Timed, MentorDesk, per query, exactly what the base view does in its worker and then on screen:
`RowSource.rows(BaseQuery(text=q))` (a search that narrows the previous one is answered from
the rows already read; otherwise SQL with its LIKE on the search keys, the consents, the rows,
the sort by name; both check the database's change token first), then `BaseTableModel.set_rows`
on a model sorted by ФИО as the base view sorts it, then one screen of cells (40 rows × the
columns shown by default, display and background roles).
Timed, bare: `setFilterFixedString(q)` on a case-insensitive proxy filtering every column of a
QStandardItemModel holding ФИО, class, key request, request text, interests and subjects as
strings (no ё folding, no word splitting), sorted by ФИО, then the same 40-row screen.

Queries: opening the base (the whole base read from the database, as the view does when shown
and after every change: `RowSource.expire()`), a selective search read from the database, then
a typing sequence (the summary is its median) and a few others, each repeated, in order, as a
curator types them; the empty query (clearing the box) separately; and once, a scroll to the
bottom of the full table (every row read in pages of 40).
Not measured: painting, the hop to the worker thread, the 200 ms debounce of the search box,
guardians and pairs (the data has none), PostgreSQL.

    .venv/bin/python benchmarks/bench_filter.py [--rows N] [--repeat N] [--fresh-data]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import TODAY, build_mentee_base  # noqa: E402
from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mentordesk.services.database import Database, open_database  # noqa: E402
from mentordesk.services.people import BaseQuery, MenteeRow, mentee_rows  # noqa: E402
from mentordesk.services.people_rows_source import RowSource  # noqa: E402
from mentordesk.services.programme import create_programme, current_programme_id  # noqa: E402
from mentordesk.storage.migrate import head_revision  # noqa: E402
from mentordesk.ui.bases.columns import MENTEE_COLUMNS  # noqa: E402
from mentordesk.ui.bases.model import BaseTableModel  # noqa: E402

SCREEN = 40
TYPING = ("к", "ко", "ков", "кова", "ковал", "ковалё", "ковалёв")
SHOWN = [i for i, c in enumerate(MENTEE_COLUMNS) if c.shown]
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole)


def bare_fields(row: MenteeRow) -> list[str]:
    return [row.full_name, row.class_or_post, row.request_kind, row.request_text,
            ", ".join(row.interests), ", ".join(row.subjects)]


def read_page(model: QAbstractItemModel, first: int, columns: list[int]) -> None:
    for r in range(first, min(first + SCREEN, model.rowCount())):
        for c in columns:
            index = model.index(r, c)
            for role in ROLES:
                model.data(index, role)


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Ours:
    def __init__(self, db: Database, programme_id: int) -> None:
        self.source = RowSource(db, programme_id, mentees=True)
        self.model = BaseTableModel(MENTEE_COLUMNS)
        self.model.sort(0)  # the base view calls sortByColumn(0) once
        self.split: tuple[float, float] = (0.0, 0.0)

    def run(self, text: str) -> int:
        start = time.perf_counter()
        rows = self.source.rows(BaseQuery(text=text), today=TODAY)
        queried = time.perf_counter()
        self.model.set_rows(rows)
        read_page(self.model, 0, SHOWN)
        self.split = ((queried - start) * 1000, ms_since(queried))
        return self.model.rowCount()

    def reread(self, text: str) -> int:
        """After a change: the view expires its source, and the database is read."""
        self.source.expire()
        return self.run(text)


class Bare:
    def __init__(self, rows: list[MenteeRow]) -> None:
        self.source = QStandardItemModel(len(rows), 6)
        for r, row in enumerate(rows):
            for c, text in enumerate(bare_fields(row)):
                self.source.setItem(r, c, QStandardItem(text))
        self.model = QSortFilterProxyModel()
        self.model.setSourceModel(self.source)
        self.model.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.model.setFilterKeyColumn(-1)
        self.model.sort(0)

    def run(self, text: str) -> int:
        self.model.setFilterFixedString(text)
        read_page(self.model, 0, list(range(6)))
        return self.model.rowCount()


def timed(run: Callable[[str], int], text: str) -> tuple[float, int]:
    start = time.perf_counter()
    found = run(text)
    return ms_since(start), found


def scroll_ms(model: QAbstractItemModel, columns: list[int]) -> float:
    start = time.perf_counter()
    for first in range(0, model.rowCount(), SCREEN):
        read_page(model, first, columns)
    return ms_since(start)


def prepared_database(folder: Path, rows: int, fresh: bool) -> tuple[Database, int]:
    """A copy of the kept benchmark database, built first if needed."""
    data = (Path(__file__).resolve().parent / "_data.py").read_bytes()
    tag = hashlib.sha256(data + head_revision().encode()).hexdigest()[:10]
    kept = Path(tempfile.gettempdir()) / f"mentordesk-bench-filter-{rows}-{tag}.sqlite"
    if fresh or not kept.exists():
        building = kept.with_name(kept.stem + "-building.sqlite")
        building.unlink(missing_ok=True)
        db = open_database(building)
        programme_id = create_programme(
            db, title="Программа наставничества", starts_on=date(2026, 9, 1),
            ends_on=date(2027, 8, 31), organisation_name="МБОУ СОШ № 7")
        build_mentee_base(db, programme_id, rows)
        db.close()
        Path(f"{building}.lock").unlink(missing_ok=True)
        building.replace(kept)
    shutil.copyfile(kept, folder / "bench.sqlite")
    db = open_database(folder / "bench.sqlite")
    programme_id = current_programme_id(db)
    assert programme_id is not None
    return db, programme_id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh-data", action="store_true", help="rebuild the kept database")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="md-bench-filter-"))
    os.environ["MENTORDESK_HOME"] = str(folder)  # read when used: no settings of the user's

    setup = time.perf_counter()
    db, programme_id = prepared_database(folder, args.rows, args.fresh_data)
    try:
        all_rows = mentee_rows(db, programme_id, BaseQuery(), today=TODAY)
        sample = all_rows[len(all_rows) // 3]
        others = ("7а", "матем", sample.full_name)
        queries = (*TYPING, *others)
        ours, bare = Ours(db, programme_id), Bare(all_rows)
        print(f"setup: {len(all_rows)} mentees in {ms_since(setup) / 1000:.1f} s (not timed)")
        ours.run("")  # warm both paths (statement cache, imports)
        bare.run("x")

        opening, selective = [], []
        for _ in range(max(3, args.repeat // 2)):
            selective.append(timed(ours.reread, TYPING[-1])[0])
            opening.append(timed(ours.reread, "")[0])
        reads_before = ours.source.reads
        times: dict[str, dict[str, list[float]]] = {q: {"ours": [], "bare": [], "sql": [],
                                                        "model": []} for q in queries}
        found: dict[str, tuple[int, int]] = {}
        for _ in range(args.repeat):
            for q in queries:  # in typing order: each keystroke follows the previous one
                t_ours, n_ours = timed(ours.run, q)
                t_bare, n_bare = timed(bare.run, q)
                for key, value in (("ours", t_ours), ("bare", t_bare),
                                   ("sql", ours.split[0]), ("model", ours.split[1])):
                    times[q][key].append(value)
                found[q] = (n_ours, n_bare)
        typed_reads = ours.source.reads - reads_before

        med = {q: {k: statistics.median(v) for k, v in t.items()} for q, t in times.items()}
        print(f"{'query':<28}{'rows':>14}{'mentordesk':>12}{'(rows+model)':>15}{'bare':>10}")
        for q in queries:
            m = med[q]
            print(f"{'«' + q[:24] + '»':<28}{found[q][0]:>7}/{found[q][1]:<6}{m['ours']:>10.1f} ms"
                  f"  ({m['sql']:>5.1f}+{m['model']:<5.1f}){m['bare']:>7.1f} ms")

        clear, clear_bare = [], []
        for _ in range(max(3, args.repeat // 2)):
            clear.append(timed(ours.run, "")[0])
            clear_bare.append(timed(bare.run, "")[0])
            ours.run(TYPING[-1])
            bare.run(TYPING[-1])
        ours.run("")
        bare.run("")
        scroll_ours = scroll_ms(ours.model, SHOWN)
        scroll_bare = scroll_ms(bare.model, list(range(6)))

        worst = max(TYPING, key=lambda q: med[q]["ours"])
        pages = -(-len(all_rows) // SCREEN)
        o = statistics.median(med[q]["ours"] for q in TYPING)
        b = statistics.median(med[q]["bare"] for q in TYPING)
        n = len(all_rows)
        print(f"filter {n} rows per keystroke: mentordesk {o:.1f} ms, bare proxy {b:.1f} ms, "
              f"ratio {o / b:.2f}x ({typed_reads} database reads in "
              f"{args.repeat * len(queries)} keystrokes)")
        print(f"slowest keystroke «{worst}» ({found[worst][0]} rows): mentordesk "
              f"{med[worst]['ours']:.0f} ms, bare proxy {med[worst]['bare']:.0f} ms")
        print(f"clear the search (all {n} rows): mentordesk {statistics.median(clear):.0f} ms "
              f"(bare proxy {statistics.median(clear_bare):.0f} ms)")
        print(f"open the base, or re-read it after a change (all {n} rows from the database): "
              f"mentordesk {statistics.median(opening):.0f} ms; a selective search from the "
              f"database («{TYPING[-1]}»): {statistics.median(selective):.0f} ms")
        print(f"scroll to the bottom ({n} rows in pages of {SCREEN}): mentordesk "
              f"{scroll_ours:.0f} ms ({scroll_ours / pages:.1f} ms a page, {len(SHOWN)} columns), "
              f"bare proxy {scroll_bare:.0f} ms ({scroll_bare / pages:.1f} ms a page, 6 columns)")
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

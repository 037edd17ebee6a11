"""Filtering a 50,000-person mentee base per keystroke: MentorDesk's table path against a bare
QSortFilterProxyModel over a QStandardItemModel of the same strings, in the same run.

MentorDesk's path per keystroke: the answer to the query (here the rows whose normalised
search key holds the typed text, standing in for the service's SQL answer) is given to
`BaseTableModel.set_rows`, which makes every display string once, and the view asks for one
screen of cells. The bare path: `setFilterFixedString` on the proxy (case-insensitive, no ё
folding) and the same screen of cells. The SQL query itself is not measured here.

    .venv/bin/python benchmarks/bench_filter.py
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import replace
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mentordesk.model.text import normalise  # noqa: E402
from mentordesk.services.demo_names import FEMALE_NAMES, MALE_NAMES, SURNAMES  # noqa: E402
from mentordesk.services.people import MenteeRow  # noqa: E402
from mentordesk.ui.bases.columns import MENTEE_COLUMNS  # noqa: E402
from mentordesk.ui.bases.model import BaseTableModel  # noqa: E402

ROWS = 50_000
SCREEN = 30  # rows a view draws
KEYSTROKES = ("е", "ел", "елк", "елки", "елкин", "елкина", "елкин", "елки", "елк", "ел", "е", "")
KINDS = ("Адаптация", "Неуспеваемость", "Профориентация", "Одарённость", "Группа риска")
CONSENTS = ("есть", "есть", "есть", "нет", "истекло", "нужно письменное")


def make_rows(n: int) -> list[MenteeRow]:
    rnd = random.Random(7)
    template = MenteeRow(
        id=0, person_id=0, full_name="", kind="Обучающийся", class_or_post="7А", grade=7,
        organisation="МБОУ СОШ № 7", age=13, birth_date=date(2012, 3, 5), sex="женский",
        request_kind_id=1, request_kind="", request_text="", interests=("шахматы",),
        subjects=("математика",), has_disability=False, special_category=False,
        info_source="Самозапись", entered_on=date(2025, 9, 15), status="new",
        status_label="Новый", form_id=1, form="ученик – ученик", role_model_id=None,
        role_model="", mentor_name="", pair_id=None, phone="", email="", contacts="",
        consent="есть", consent_ok=True, archived=False, results="", case_link="")
    rows = []
    for i in range(n):
        male = rnd.random() < 0.5
        surname = rnd.choice(SURNAMES)[0 if male else 1]
        first, son, daughter, _era = rnd.choice(MALE_NAMES)
        name = first if male else rnd.choice(FEMALE_NAMES)[0]
        grade = rnd.randint(1, 11)
        consent = rnd.choice(CONSENTS)
        rows.append(replace(
            template, id=i + 1, person_id=i + 1,
            full_name=f"{surname} {name} {son if male else daughter}",
            class_or_post=f"{grade}{rnd.choice('АБВГ')}", grade=grade, age=grade + 6,
            request_kind=rnd.choice(KINDS), consent=consent, consent_ok=consent == "есть"))
    return rows


def screen(model: object) -> None:
    rows = min(SCREEN, model.rowCount())  # type: ignore[attr-defined]
    for r in range(rows):
        for c in range(model.columnCount()):  # type: ignore[attr-defined]
            model.index(r, c).data()  # type: ignore[attr-defined]
            model.index(r, c).data(Qt.ItemDataRole.BackgroundRole)  # type: ignore[attr-defined]


def bench_mentordesk(rows: list[MenteeRow]) -> float:
    model = BaseTableModel(MENTEE_COLUMNS)
    keys = [normalise(f"{r.full_name} {r.class_or_post} {r.request_kind}") for r in rows]
    model.set_rows(rows)
    model.sort(0)
    start = time.perf_counter()
    for text in KEYSTROKES:
        wanted = normalise(text)
        model.set_rows([r for r, k in zip(rows, keys, strict=True) if wanted in k])
        screen(model)
    return (time.perf_counter() - start) * 1000 / len(KEYSTROKES)


def bench_bare(rows: list[MenteeRow]) -> float:
    source = QStandardItemModel(len(rows), len(MENTEE_COLUMNS))
    for i, row in enumerate(rows):
        for c, column in enumerate(MENTEE_COLUMNS):
            source.setItem(i, c, QStandardItem(column.text(row)))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy.sort(0)
    start = time.perf_counter()
    for text in KEYSTROKES:
        proxy.setFilterFixedString(text)
        screen(proxy)
    return (time.perf_counter() - start) * 1000 / len(KEYSTROKES)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    rows = make_rows(ROWS)
    ours = bench_mentordesk(rows)
    bare = bench_bare(rows)
    print(f"filter {ROWS} rows per keystroke: mentordesk {ours:.1f} ms, bare proxy {bare:.1f} ms, "
          f"ratio {ours / bare:.2f}x")
    del app


if __name__ == "__main__":
    main()

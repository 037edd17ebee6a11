"""Import a 5,000-row mentee list, against openpyxl merely reading the same file.

Usage: python benchmarks/bench_import.py [--rows N] [--repeat N]
Both sides run in the same process on the same generated .xlsx: the import (read, header
detection, mapping, every row checked, duplicates looked up, one transaction) into a fresh
database each time, and openpyxl in read-only mode iterating every cell.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TODAY = date(2026, 10, 1)
REQUESTS = ("Низкая мотивация к учёбе", "Неуспеваемость по математике", "Адаптация в новом классе",
            "Одарённость", "Профориентация", "Конфликтность")
INTERESTS = ("футбол", "шахматы", "рисование", "робототехника", "музыка", "чтение", "танцы")


def make_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from mentordesk.services.demo_names import NamePicker

    rng = random.Random(5)
    names = NamePicker(rng)
    wb = Workbook()
    ws = wb.active
    ws.title = "Обучающиеся"
    ws.append(["Список обучающихся МБОУ СОШ № 7 на 01.09.2026"])
    ws.append([])
    ws.append(["№ п/п", "ФИО", "Класс", "Дата рождения", "Пол", "Ключевой запрос", "Интересы",
               "Контакты родителей", "Телефон", "E-mail"])
    for i in range(rows):
        grade = rng.randint(1, 11)
        born = date(TODAY.year - grade - 7, 1, 1) + timedelta(days=rng.randint(0, 364))
        male = rng.random() < 0.5
        last, first, patronymic = names.full(male, born.year)
        full = f"{last} {first} {patronymic}"
        ws.append([
            i + 1, full.upper() if i % 7 == 0 else full,
            f"{grade} «{rng.choice('АБВГ')}»" if i % 3 else f"{grade}{rng.choice('абвг')}",
            datetime.combine(born, datetime.min.time()) if i % 2 else f"{born:%d.%m.%Y}",
            "м" if male else "ж", rng.choice(REQUESTS),
            ", ".join(rng.sample(INTERESTS, 2)),
            f"{names.surname(False)} {names.first(False, 1985)}, 8 912 {rng.randint(100, 999)}-"
            f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            f"8912{rng.randint(1000000, 9999999)}", f"pupil{i}@school7.ru",
        ])
    ws.append([f"Итого: {rows}"])
    wb.save(path)


def openpyxl_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in wb.active.iter_rows(values_only=True):
        for _ in row:
            cells += 1
    wb.close()
    return cells


def mentordesk_import(path: Path, template: Path, folder: Path) -> int:
    from mentordesk.services.database import open_database
    from mentordesk.services.importing import run_import

    target = folder / f"import-{time.perf_counter_ns()}.sqlite"
    shutil.copyfile(template, target)
    db = open_database(target)
    try:
        start = time.perf_counter()
        report = run_import(db, "mentees", path, today=TODAY)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    target.unlink()
    mentordesk_import.last = report  # type: ignore[attr-defined]
    return int(elapsed * 1e9)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="md-bench-import-"))
    os.environ.setdefault("MENTORDESK_HOME", str(folder))
    from mentordesk.services.database import open_database
    from mentordesk.services.programme import create_programme

    path = folder / "обучающиеся.xlsx"
    make_file(path, args.rows)
    template = folder / "template.sqlite"
    db = open_database(template)
    create_programme(db, title="Программа наставничества", starts_on=date(2026, 9, 1),
                     ends_on=date(2027, 8, 31), organisation_name="МБОУ СОШ № 7")
    db.close()

    openpyxl_read(path)  # warm the OS cache and the imports on both sides
    mentordesk_import(path, template, folder)
    base, mine = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        openpyxl_read(path)
        base.append(time.perf_counter() - start)
        mine.append(mentordesk_import(path, template, folder) / 1e9)
    report = mentordesk_import.last  # type: ignore[attr-defined]
    if report.imported != args.rows:
        print(f"expected {args.rows} rows imported, got {report.imported}: "
              f"{report.as_json()['errors'][:3]}", file=sys.stderr)
        return 1
    b, m = statistics.median(base), statistics.median(mine)
    print(f"import {args.rows} rows: mentordesk {m:.2f} s, openpyxl read {b:.2f} s, "
          f"ratio {m / b:.1f}x")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

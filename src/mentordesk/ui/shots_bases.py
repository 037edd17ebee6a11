"""Screenshots of the import wizard and the request map, for `shots.SCREENS`.

Each function takes the `ShotContext` and returns the widget to grab. The import screens read
a realistic messy school export written into `ctx.workdir` (`write_messy_mentees`) and
import into the private copy of the database that `ctx.main` has open.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..services.programme import current_programme_id
from ..services.request_map import RequestMap
from ..services.request_map import request_map as build_request_map
from .import_wizard import ImportWizard
from .request_map_view import RequestMapView
from .waiting import wait_until

if TYPE_CHECKING:
    from .shots import ShotContext

MESSY_NAME = "Список обучающихся 7-9 классов.xlsx"

# Spreadsheet rows 5… of the messy export: class labels as schools type them, one future
# birth date, one bad e-mail, one pupil listed twice, and an «Итого» line at the end.
MESSY_ROWS: list[tuple[object, ...]] = [
    (1, "Абрамова Полина Сергеевна", "7 «а»", date(2013, 3, 14), "ж", "+7 912 345-67-01",
     "Неуспеваемость", "polina.a@mail.ru"),
    (2, "Белов Артём Игоревич", "7б", date(2013, 7, 2), "м", "89123456702", "Адаптация", ""),
    (3, "Васильева Дарья Андреевна", "8 «в»", date(2031, 5, 20), "ж", "", "Одарённость",
     ""),
    (4, "Григорьев Максим Олегович", "8а", date(2012, 1, 9), "м", "8 (912) 345-67-04",
     "Профориентация", "max.grig@"),
    (5, "Дмитриева Софья Павловна", "9 «б»", date(2011, 11, 30), "ж", "", "Низкая мотивация",
     "sofia.d@yandex.ru"),
    (6, "Белов Артём Игоревич", "7б", date(2013, 7, 2), "м", "89123456702", "Адаптация", ""),
    (7, "Егоров Илья Денисович", "9а", date(2011, 4, 17), "м", "", "Подготовка к олимпиаде",
     ""),
    (8, "Жукова Анна Викторовна", "7 «а»", date(2013, 9, 1), "ж", "", "Неуспеваемость", ""),
    (9, "", "9а", date(2011, 2, 2), "ж", "", "Адаптация", ""),
    (10, "Зайцев Кирилл Романович", "8 «в»", date(2012, 6, 25), "м", "", "Конфликтность",
     ""),
]


def write_messy_mentees(path: Path) -> Path:
    """A school's export: two title rows, header on row 4, a second sheet with a note."""
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "Пояснения"
    notes["A1"] = "Список подготовлен классными руководителями 7–9 классов."
    notes["A2"] = "Сведения о запросах уточнены на педсовете 28.08."
    ws = wb.create_sheet("Обучающиеся")
    ws["A1"] = "МБОУ «СОШ № 12» г. Вологды"
    ws["A2"] = "Список обучающихся 7–9 классов — кандидатов в наставляемые на 01.09.2025"
    ws.append([])
    ws.append(["№ п/п", "ФИО обучающегося", "Класс", "Дата рождения", "Пол", "Телефон",
               "Ключевой запрос", "Эл. почта"])
    for row in MESSY_ROWS:
        ws.append(list(row))
    ws.append(["Итого: 10 человек"])
    for column, width in zip("ABCDEFGH", (7, 34, 8, 14, 6, 18, 24, 22), strict=True):
        ws.column_dimensions[column].width = width
    wb.save(path)
    return path



def _wizard_at(ctx: ShotContext, page_id: int) -> ImportWizard:
    window = ctx.main
    assert window.db is not None
    path = write_messy_mentees(ctx.workdir / MESSY_NAME)
    wizard = ImportWizard(window.db, "mentees", window.runner, ctx.messenger, window)
    wizard.resize(900, 640)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    while wizard.currentId() < page_id:
        current = wizard.currentId()
        wizard.next()
        wait_until(lambda c=current: wizard.currentId() != c and not wizard.busy  # type: ignore[misc]
                   or bool(ctx.messenger.errors), f"import wizard page {current + 1}")
        if ctx.messenger.errors:
            raise ctx.messenger.errors[-1]
    wait_until(lambda: not wizard.busy, "the import wizard")
    return wizard


def import_file(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.FILE)


def import_sheet(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.SHEET)


def import_header(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.HEADER)


def import_mapping(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.MAPPING)


def import_preview(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.PREVIEW)


def import_done(ctx: ShotContext) -> QWidget:
    return _wizard_at(ctx, ImportWizard.DONE)


def request_map(ctx: ShotContext) -> QWidget:
    window = ctx.main
    assert window.db is not None
    db = window.db
    found: list[RequestMap | None] = []

    def read() -> RequestMap | None:
        programme_id = current_programme_id(db)
        return None if programme_id is None else build_request_map(db, programme_id)

    window.runner.run(read, on_done=found.append)
    wait_until(lambda: bool(found) or bool(ctx.messenger.errors), "the request map")
    if ctx.messenger.errors:
        raise ctx.messenger.errors[-1]
    view = RequestMapView()
    # grab() fits a window to the offscreen screen (800×600): the shot pins its own size.
    view.setMinimumSize(1100, 720)
    if found[0] is not None:
        view.show_map(found[0])
    return view

"""Damaged, mislabelled and malicious files: each refused with a Russian message that says
what to do, before anything is parsed or written."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from import_sheets import TODAY, counts, make_programme, replace_member, write_xlsx

from mentordesk.errors import ValidationError
from mentordesk.io import sheet_reader, xlsx_safe
from mentordesk.io.sheet_reader import open_table, read_sheet
from mentordesk.io.xlsx_safe import FileRejected
from mentordesk.services.database import Database
from mentordesk.services.importing import run_import

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def good_xlsx(path: Path) -> Path:
    return write_xlsx(path, [["ФИО", "Класс"], ["Орлов Олег Олегович", "5А"]])


def billion_laughs(path: Path) -> Path:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(entities) + "\n]>\n"
           f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
           "</is></c></row></sheetData></worksheet>")
    return replace_member(good_xlsx(path), SHEET, xml.encode())


def external_entity(path: Path) -> Path:
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t>'
           "</is></c></row></sheetData></worksheet>")
    return replace_member(good_xlsx(path), SHEET, xml.encode())


def zip_bomb(path: Path) -> Path:
    """An .xlsx whose sheet inflates 50 MB of zeros from about 50 KB."""
    return replace_member(good_xlsx(path), SHEET, bytes(50 * 1024 * 1024))


def truncated(path: Path) -> Path:
    data = good_xlsx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def text_renamed(path: Path) -> Path:
    path.write_text("ФИО;Класс\nОрлов Олег;5А\n", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def old_xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def word_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def garbage_inside(path: Path) -> Path:
    return replace_member(good_xlsx(path), "xl/workbook.xml", b"\x00\x01 not xml at all")


def csv_binary(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    return path


HOSTILE: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "zip bomb": ("bomb.xlsx", zip_bomb, "zip-бомб"),
    "billion laughs": ("laughs.xlsx", billion_laughs, "вредоносн"),
    "external entity": ("xxe.xlsx", external_entity, "вредоносн"),
    "truncated": ("half.xlsx", truncated, "повреждён"),
    "text renamed .xlsx": ("list.xlsx", text_renamed, "не является книгой Excel"),
    "empty file": ("empty.xlsx", empty_file, "пуст"),
    "old .xls by content": ("old.xlsx", old_xls, "97–2003"),
    "old .xls by name": ("old.xls", old_xls, "сохраните как «Книга Excel"),
    "a Word document": ("doc.xlsx", word_document, "не книга Excel"),
    "broken workbook part": ("broken.xlsx", garbage_inside, "повреждён"),
    "binary .csv": ("data.csv", csv_binary, "не является текстовой таблицей"),
    "empty .csv": ("empty.csv", empty_file, "пуст"),
    "unsupported format": ("list.ods", good_xlsx, ".xlsx"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_and_nothing_written(
        case: str, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_programme(db)
    name, make, phrase = HOSTILE[case]
    path = make(tmp_path / name)
    if case == "zip bomb":  # refused from the zip directory: openpyxl never sees it
        monkeypatch.setattr(openpyxl, "load_workbook", _never_called)
    token = db.change_token()
    for attempt in (lambda: run_import(db, "mentees", path, today=TODAY),
                    lambda: run_import(db, "mentees", path, dry_run=True, today=TODAY)):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert isinstance(info.value, FileRejected)
        assert phrase in info.value.message and CYRILLIC.search(info.value.message)
    assert counts(db) == (0, 0, 0) and db.change_token() == token


def _never_called(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("openpyxl must not open a refused file")


def test_zip_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = replace_member(good_xlsx(tmp_path / "big.xlsx"), "xl/media/photo.bin",
                          os.urandom(300_000))
    assert open_table(path).sheet_names == ("Список",)
    monkeypatch.setattr(xlsx_safe, "MAX_UNCOMPRESSED_BYTES", 200_000)
    with pytest.raises(FileRejected, match="распакованный он занял бы больше"):
        open_table(path)
    monkeypatch.setattr(xlsx_safe, "MAX_UNCOMPRESSED_BYTES", 10**9)
    monkeypatch.setattr(xlsx_safe, "MAX_MEMBERS", 5)
    with pytest.raises(FileRejected, match="частей"):
        open_table(path)


def test_refuses_to_parse_without_defusedxml(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = good_xlsx(tmp_path / "a.xlsx")
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(FileRejected, match="defusedxml"):
        read_sheet(path)


def test_defusedxml_is_what_openpyxl_uses() -> None:
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


def test_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 50)
    rows: list[list[object]] = [["ФИО"]] + [[f"Орлов Олег {i}"] for i in range(60)]
    with pytest.raises(FileRejected, match="больше 50 строк"):
        read_sheet(write_xlsx(tmp_path / "a.xlsx", rows))
    assert len(read_sheet(write_xlsx(tmp_path / "b.xlsx", rows[:50])).rows) == 50


def test_lying_dimension_and_a_far_cell_stay_cheap(tmp_path: Path) -> None:
    xml = (f'<?xml version="1.0"?><worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c>'
           '<c r="XFD1" t="inlineStr"><is><t>далеко</t></is></c></row>'
           '<row r="3"><c r="A3" t="inlineStr"><is><t>Орлов Олег</t></is></c></row>'
           "</sheetData></worksheet>")
    path = replace_member(good_xlsx(tmp_path / "wide.xlsx"), SHEET, xml.encode())
    sheet = read_sheet(path)
    assert sheet.rows == (("ФИО",), (), ("Орлов Олег",))

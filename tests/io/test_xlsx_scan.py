"""The quick pass over a worksheet's XML: rows with real values and merged ranges, whatever
the chunk boundaries, namespace prefixes and value types."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_sheets import replace_member, write_xlsx

from mentordesk.io import xlsx_scan
from mentordesk.io.sheet_reader import read_sheet
from mentordesk.io.xlsx_safe import FileRejected
from mentordesk.io.xlsx_scan import scan_sheet

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def xml_of(body: str, merges: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    tail = f"<{p}mergeCells>{merges}</{p}mergeCells>" if merges else ""
    return (f'<?xml version="1.0"?><{p}worksheet {ns}><{p}dimension ref="A1:C9"/>'
            f"<{p}sheetData>{body}</{p}sheetData>{tail}</{p}worksheet>").encode()


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>Орлов Олег</t></is></c>'
    '<c r="B2" s="3"/><c r="C2"><f>1+1</f></c></row>'
    '<row r="4"><c r="A4" s="1"/><c r="B4" t="s"><v>2</v></c></row>'  # a space only
    '<row r="5"><c r="C5"><v>42</v></c></row>'
    '<row r="6"><c r="A6" t="inlineStr"><is><r><t> </t></r><r><t>&#160;</t></r></is></c></row>'
    '<row r="7"/>'
    '<row r="8"><c r="A8" s="2"/><c r="B8" s="2"/></row>'
)
SHARED = ["ФИО", "Класс", " "]


@given(st.integers(min_value=1, max_value=300), st.sampled_from(["", "x"]))
@settings(max_examples=40, deadline=None)
def test_any_chunking_finds_the_same(chunk: int, prefix: str) -> None:
    merges = '<mergeCell ref="B1:B3"/><mergeCell ref="A9:C9"/>'
    if prefix:
        merges = merges.replace("<mergeCell", f"<{prefix}:mergeCell")
        body = ROWS.replace("<row", f"<{prefix}:row").replace("</row", f"</{prefix}:row") \
            .replace("<c ", f"<{prefix}:c ").replace("</c>", f"</{prefix}:c>") \
            .replace("<v>", f"<{prefix}:v>").replace("</v>", f"</{prefix}:v>") \
            .replace("<is>", f"<{prefix}:is>").replace("</is>", f"</{prefix}:is>") \
            .replace("<t>", f"<{prefix}:t>").replace("</t>", f"</{prefix}:t>") \
            .replace("<f>", f"<{prefix}:f>").replace("</f>", f"</{prefix}:f>") \
            .replace("<r>", f"<{prefix}:r>").replace("</r>", f"</{prefix}:r>")
    else:
        body = ROWS
    old_chunk, old_tail = xlsx_scan.CHUNK_BYTES, xlsx_scan._TAIL
    xlsx_scan.CHUNK_BYTES, xlsx_scan._TAIL = chunk, 40
    try:
        scan = scan_sheet(io.BytesIO(xml_of(body, merges, prefix)), SHARED)
    finally:
        xlsx_scan.CHUNK_BYTES, xlsx_scan._TAIL = old_chunk, old_tail
    # Rows 1, 2 and 5 have values; row 4 holds a space, row 6 spaces, rows 7 and 8 formats.
    assert (scan.last_row, scan.value_rows) == (5, 3)
    assert scan.merges == [(2, 1, 2, 3), (1, 9, 3, 9)]


def test_rows_without_numbers_are_counted_in_order() -> None:
    body = ('<row><c t="inlineStr"><is><t>ФИО</t></is></c></row><row/>'
            '<row><c><v>1</v></c></row><row><c s="1"/></row>')
    scan = scan_sheet(io.BytesIO(xml_of(body)), [])
    assert (scan.last_row, scan.value_rows) == (3, 2)


def test_too_many_merged_ranges_are_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_scan, "MAX_MERGES", 3)
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Класс"], ["Орлов Олег", "5А"]],
                      merges=["C1:C2", "D1:D2", "E1:E2", "F1:F2"])
    with pytest.raises(FileRejected, match="объединённых ячеек"):
        read_sheet(path)


def test_a_huge_merged_range_is_clipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Орлов Олег Олегович", "5А", datetime(2015, 1, 1)],
        ["Белова Инна Ильинична", None, datetime(2015, 2, 2)],
    ])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET)
    with_merge = replace_member(path, SHEET, xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B2:XFD1048576"/>'
        b"</mergeCells>"))
    sheet = read_sheet(with_merge)
    assert len(sheet.rows) == 3 and sheet.rows[2][1] == "5А"
    assert max(len(r) for r in sheet.rows) <= 120

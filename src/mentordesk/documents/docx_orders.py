"""Orders as DOCX (python-docx), for the curator to edit before signing.

The same `Order` as documents.orders writes to PDF: Times New Roman 14 pt (tables 12 pt),
A4 with margins left 30 mm, right 15 mm, top and bottom 20 mm, a table with a header row
repeated on every page. Written atomically: saved under a temporary name beside the target
and renamed at the end, so a failure leaves no half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .atomic import atomic_output
from .names import initials_first
from .orders import Order, OrderTable

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12


def _set_font(run_or_style: object, size: int, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    element = getattr(run_or_style, "_element", None)
    if element is None:
        element = getattr(run_or_style, "element", None)
    if element is not None:
        rpr = element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)


def _para(doc: object, text: str, *, size: int = BODY_PT, bold: bool = False,
          align: int | None = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
          after: int = 0) -> object:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(12.5)
    run = p.add_run(text)
    _set_font(run, size, bold)
    return p


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(doc: object, table: OrderTable, width_mm: float) -> None:
    ncols = len(table.headers)
    t = doc.add_table(rows=1, cols=ncols)  # type: ignore[attr-defined]
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    total = sum(table.widths)
    widths = [Mm(width_mm * w / total) for w in table.widths]
    header = t.rows[0]
    _repeat_header(header)
    for i, text in enumerate(table.headers):
        cell = header.cells[i]
        cell.width = widths[i]
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(text), TABLE_PT, bold=True)
    for values in table.rows:
        cells = t.add_row().cells
        for i, text in enumerate(values):
            cells[i].width = widths[i]
            lines = str(text).split("\n")
            p = cells[i].paragraphs[0]
            for n, line in enumerate(lines):
                if n:
                    p = cells[i].add_paragraph()
                _set_font(p.add_run(line), TABLE_PT)


def write_order_docx(order: Order, path: str | os.PathLike[str]) -> Path:
    """Write the order as DOCX; returns the path written."""
    target = Path(path)
    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    doc.core_properties.title = f"Приказ «{order.title}»"
    doc.core_properties.author = "MentorDesk"
    doc.core_properties.subject = ""
    doc.core_properties.keywords = ""
    doc.core_properties.comments = ""
    doc.core_properties.last_modified_by = "MentorDesk"

    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, order.organisation.name, bold=True, align=centre, indent=False)
    if order.organisation.city:
        _para(doc, order.organisation.city, align=centre, indent=False, after=12)
    _para(doc, "ПРИКАЗ", bold=True, size=16, align=centre, indent=False, after=6)
    _para(doc, order.dated_line, align=centre, indent=False, after=12)
    _para(doc, order.title, bold=True, align=centre, indent=False, after=12)
    _para(doc, order.preamble, after=6)
    for number, point in enumerate(order.points, start=1):
        _para(doc, f"{number}. {point.text}", after=6)
        if point.table is not None:
            _table(doc, point.table, 210 - 30 - 15)
            _para(doc, "", indent=False, after=6)
    _para(doc, "", indent=False, after=12)
    sign = _para(doc, "", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    _set_font(sign.add_run(  # type: ignore[attr-defined]
        f"{order.signer_position}\t____________\t{initials_first(order.signer_name)}"), BODY_PT)
    stops = sign.paragraph_format.tab_stops  # type: ignore[attr-defined]
    stops.add_tab_stop(Mm(75))
    stops.add_tab_stop(Mm(120))

    with atomic_output(target, ".docx") as tmp:
        doc.save(str(tmp))
    return target

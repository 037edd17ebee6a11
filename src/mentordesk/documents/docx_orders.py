"""Orders as DOCX (python-docx), for the curator to edit before signing.

The same `Order` as documents.orders writes to PDF: Times New Roman 14 pt (tables 12 pt),
A4 with margins left 30 mm, right 15 mm, top and bottom 20 mm, a table with a header row
repeated on every page. The director's signature is a borderless table: a long post wraps in
its own column, and «Ж. Т. Медведева-Старицкая» never splits (no-break spaces, Word's
no-break hyphen, a column as wide as the name). The file properties carry the order's title,
«MentorDesk» as author and the time it was made; python-docx's template leaves nothing behind
(its 2013 dates, its author, its thumbnail, «Microsoft Macintosh Word»). Written
atomically: saved under a temporary name beside the target and renamed at the end, so a
failure leaves no half-written file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from .atomic import atomic_output
from .blocks import SIGNATURE_BLANK
from .fonts import register_fonts
from .names import initials_first
from .orders import Order, OrderTable

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>MentorDesk</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


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


def _width_mm(text: str, size: int) -> float:
    """The width of `text` in Times New Roman at `size`, estimated with PT Serif (a little
    wider) and a margin."""
    _sans, serif = register_fonts()
    return float(stringWidth(text, serif, size)) / 72 * 25.4 * 1.08 + 3


def _name_run(paragraph: object, name: str, size: int) -> None:
    """The name with no-break spaces and Word's no-break hyphens: it never splits."""
    for n, part in enumerate(name.replace(" ", "\u00a0").split("-")):
        run = paragraph.add_run(part)  # type: ignore[attr-defined]
        _set_font(run, size)
        if n:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:noBreakHyphen"))


def _signature(doc: object, position: str, full_name: str) -> None:
    """«Директор ____________ И. О. Фамилия» as a borderless table (module docstring)."""
    name = initials_first(full_name)
    name_mm = min(TEXT_WIDTH_MM / 2, _width_mm(name, BODY_PT))
    blank_mm = _width_mm(SIGNATURE_BLANK, BODY_PT) + 4
    widths = [Mm(TEXT_WIDTH_MM - name_mm - blank_mm), Mm(blank_mm), Mm(name_mm)]
    table = doc.add_table(rows=1, cols=3)  # type: ignore[attr-defined]
    table.autofit = False  # a fixed layout: Word keeps the columns' widths
    cells = table.rows[0].cells
    aligns = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
    for cell, width, align in zip(cells, widths, aligns, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        cell.paragraphs[0].alignment = align
        cell.paragraphs[0].paragraph_format.first_line_indent = Mm(0)
    _set_font(cells[0].paragraphs[0].add_run(position), BODY_PT)
    _set_font(cells[1].paragraphs[0].add_run(SIGNATURE_BLANK), BODY_PT)
    _name_run(cells[2].paragraphs[0], name, BODY_PT)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _properties(doc: object, title: str) -> None:
    """Core properties of our own (module docstring); the template's thumbnail and
    application record are replaced."""
    props = doc.core_properties  # type: ignore[attr-defined]
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.author = "MentorDesk"
    props.last_modified_by = "MentorDesk"
    props.subject = props.keywords = props.comments = props.category = ""
    props.content_status = props.identifier = props.language = props.version = ""
    props.revision = 1
    props.created = props.modified = now
    package = doc.part.package  # type: ignore[attr-defined]
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")


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
    _properties(doc, f"Приказ «{order.title}»")

    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, order.organisation.name, bold=True, align=centre, indent=False)
    if order.organisation.city:
        _para(doc, order.organisation.city, align=centre, indent=False, after=12)
    _para(doc, "ПРИКАЗ", bold=True, size=16, align=centre, indent=False, after=6)
    _para(doc, order.dated_line, align=centre, indent=False, after=12)
    _para(doc, order.title, bold=True, align=centre, indent=False, after=12)
    _para(doc, order.preamble, after=6)
    last: object = None
    for number, point in enumerate(order.points, start=1):
        last = _para(doc, f"{number}. {point.text}", after=6)
        if point.table is not None:
            last = None
            _table(doc, point.table, TEXT_WIDTH_MM)
            _para(doc, "", indent=False, after=6)
    spacer = _para(doc, "", indent=False, after=12)
    # The last point and the blank line keep with the signature: Word moves them together.
    spacer.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    if last is not None:
        last.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    _signature(doc, order.signer_position, order.signer_name)

    with atomic_output(target, ".docx") as tmp:
        doc.save(str(tmp))
    return target

"""Signature blocks and keeping them with what they sign, for the PDF documents.

* `signature_lines`: «Директор ____________ Ж. Т. Медведева» as a three-column table. A long
  post («Исполняющий обязанности директора») wraps in its own column; the name column is as
  wide as the longest name, so «Ж. Т. Медведева-Старицкая» never splits; the blank and the
  name sit on the post's last line.
* `keep_with_previous`: a signature block never starts a page alone. It goes on one page with
  the paragraph before it, or with the last TAIL_ROWS rows of the table before it (the table
  still breaks where the page ends, only its tail comes along).

reportlab's KeepTogether reports an endless height when it holds another KeepTogether, which
pushes the whole group to a fresh page and leaves the page before half empty: the groups here
are always flattened.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import _ContainerSpace, _listWrapOn

from .fonts import TABLE_FONT
from .names import initials_first

SIGNATURE_BLANK = "____________"
# A table's last rows that go to the next page with the signature block after the table.
TAIL_ROWS = 2


def signature_name(full_name: str) -> str:
    """«Ж. Т. Медведева-Старицкая» with no-break spaces: the initials never part from the
    surname."""
    return initials_first(full_name).replace(" ", "\u00a0")


def signature_lines(signers: Sequence[tuple[str, str]], style: ParagraphStyle, width: float,
                    row_height: float | None = None) -> Table:
    """Signature lines «post ____________ И. О. Фамилия», one row per (post, full name). A name
    of underscores only is printed as it is (a blank to fill in by hand)."""
    names = [name if not name.strip("_ ") else signature_name(name) for _post, name in signers]
    name_width = max(stringWidth(n, style.fontName, style.fontSize) for n in names) + 4
    blank_width = stringWidth(SIGNATURE_BLANK, style.fontName, style.fontSize) + 16
    name_width = min(name_width, width * 0.5)
    post_width = width - name_width - blank_width
    right = ParagraphStyle(f"{style.name}-right", parent=style, alignment=TA_RIGHT)
    centre = ParagraphStyle(f"{style.name}-centre", parent=style, alignment=TA_CENTER)
    post = ParagraphStyle(f"{style.name}-post", parent=style, alignment=TA_LEFT,
                          firstLineIndent=0)
    data = [[Paragraph(escape(p), post), Paragraph(SIGNATURE_BLANK, centre),
             Paragraph(escape(n), right)] for (p, _), n in zip(signers, names, strict=True)]
    table = Table(data, colWidths=[post_width, blank_width, name_width], hAlign="LEFT",
                  rowHeights=[row_height] * len(data) if row_height else None)
    table.setStyle(TableStyle([
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def keep_with_previous(story: list[Flowable], block: Sequence[Flowable], count: int = 1) -> None:
    """Append `block` to `story` so that it stays on one page with the `count` flowables
    before it (spacers are not counted). When the first of those is a table with a repeated
    header, only its last TAIL_ROWS rows come along."""
    taken: list[Flowable] = []
    found = 0
    while story and found < count:
        last = story.pop()
        taken[:0] = _unwrap(last)
        if not isinstance(last, Spacer):
            found += 1
    while taken and isinstance(taken[0], Spacer):  # a spacer may stay behind
        story.append(taken.pop(0))
    group = [*taken, *block]
    if taken and isinstance(taken[0], Table) and taken[0].repeatRows:
        story.append(KeepWithRows(taken[0], group[1:], TAIL_ROWS))
    else:
        story.append(KeepTogether(group))


def _unwrap(flowable: Flowable) -> list[Flowable]:
    """The flowables inside a keep-together group, flattened."""
    if isinstance(flowable, KeepWithRows):
        return [flowable.table, *(f for part in flowable.tail for f in _unwrap(part))]
    if isinstance(flowable, KeepTogether):
        return [f for part in flowable._content for f in _unwrap(part)]
    return [flowable]


class KeepWithRows(_ContainerSpace, Flowable):  # type: ignore[misc]
    """A table followed by a block that must not start a page alone: the table breaks where
    the page ends, but its last `rows` rows go with the block. Like KeepTogether it is always
    split, and the frame places the pieces."""

    def __init__(self, table: Table, tail: Sequence[Flowable], rows: int) -> None:
        self.table = table
        self.tail = list(tail)
        self.rows = rows
        self._content = [table, *self.tail]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # force a split, as KeepTogether does

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        canv = getattr(self, "canv", None)
        _w, total = _listWrapOn(self._content, avail_width, canv)
        if total <= avail_height:
            return [self.table, *self.tail]
        heights = list(self.table._rowHeights)
        repeat = self.table.repeatRows
        head = repeat if isinstance(repeat, int) else max(repeat) + 1
        used = sum(heights[:head])
        fitting = 0
        for height in heights[head:]:
            if used + height > avail_height:
                break
            used += height
            fitting += 1
        here = min(fitting, len(heights) - head - self.rows)
        if here >= 1:
            parts = self.table.split(avail_width, sum(heights[:head + here]) + 0.01)
            if len(parts) == 2:
                return [parts[0], KeepWithRows(parts[1], self.tail, self.rows)]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            # Even a fresh page cannot hold the last rows with the block: the table breaks
            # where it must.
            return [self.table, *self.tail]
        return []  # nothing fits here: start on the next page

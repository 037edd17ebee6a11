"""The PDF page engine: reportlab platypus with the PT fonts, no Qt.

    doc = DocumentBuilder(path, "Список наставников", organisation=OrgHeader("МБОУ СОШ № 1", "Пермь"))
    doc.heading("1. Общие сведения")
    doc.paragraph("Текст…")
    doc.table(["№", "ФИО", "Класс"], rows, col_widths=[1, 6, 2])
    doc.signature("Директор", "Сидорова Анна Петровна")   # Директор ____________ А. П. Сидорова
    doc.build(progress=lambda done, total: ..., cancelled=lambda: False)

A4 portrait or landscape; margins left 30 mm (binding), right 15 mm, top and bottom 20 mm.
Paragraphs are PT Serif, tables PT Sans with the header row repeated on every page and every
cell wrapping. Every page carries «Страница N из M». The PDF metadata carries the title only
(author, subject and keywords are left empty, so no child's name leaks into file properties),
and the file names no font but the embedded PT fonts. A signature block never starts a page
alone (documents.blocks).
The file is written atomically: built beside the target under a temporary name and renamed
at the end; a cancelled or failed build leaves nothing behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .atomic import DocumentError, atomic_output
from .blocks import keep_with_previous, signature_lines
from .fonts import TABLE_FONT, register_fonts
from .table_layout import CELL_PADDING, fit_header_words, table_layout
from .wrap import bare_word, break_long_words

LEFT_MARGIN = 30 * mm
RIGHT_MARGIN = 15 * mm
TOP_MARGIN = 20 * mm
BOTTOM_MARGIN = 20 * mm
CREATOR = "MentorDesk"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class DocumentCancelled(DocumentError):
    """The user cancelled the build; no file was written."""

    def __init__(self) -> None:
        super().__init__("Создание документа отменено. Файл не сохранён.")


@dataclass(frozen=True)
class OrgHeader:
    """The organisation's block at the top of the first page: full name, city."""

    name: str
    city: str = ""


def _text(value: object) -> str:
    """Plain text for a Paragraph: markup escaped, line breaks kept."""
    if value is None:
        return ""
    return escape(str(value)).replace("\n", "<br/>")


@dataclass(frozen=True)
class _Styles:
    org: ParagraphStyle
    city: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    signature: ParagraphStyle


def _styles() -> _Styles:
    sans, serif = register_fonts()
    return _Styles(
        org=ParagraphStyle("org", fontName=f"{sans}-Bold", fontSize=11, leading=14,
                           alignment=TA_CENTER),
        city=ParagraphStyle("city", fontName=sans, fontSize=10, leading=13, alignment=TA_CENTER,
                            spaceAfter=8 * mm),
        title=ParagraphStyle("title", fontName=f"{serif}-Bold", fontSize=14, leading=18,
                             alignment=TA_CENTER, spaceAfter=6 * mm),
        heading=ParagraphStyle("heading", fontName=f"{serif}-Bold", fontSize=12, leading=16,
                               spaceBefore=4 * mm, spaceAfter=2 * mm, keepWithNext=1),
        body=ParagraphStyle("body", fontName=serif, fontSize=12, leading=16, alignment=TA_JUSTIFY,
                            firstLineIndent=12.5 * mm, spaceAfter=2 * mm),
        cell=ParagraphStyle("cell", fontName=sans, fontSize=9, leading=11, alignment=TA_LEFT),
        head_cell=ParagraphStyle("head", fontName=f"{sans}-Bold", fontSize=9, leading=11,
                                 alignment=TA_CENTER),
        signature=ParagraphStyle("sign", fontName=serif, fontSize=12, leading=16),
    )


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each can say «Страница N из M»."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        sans, _ = register_fonts()
        # The doc template passes initialFontName=None: without a font of ours the page
        # preamble would name reportlab's unembedded Helvetica.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or sans
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        sans, _ = register_fonts()
        for state in self._pages:
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(sans, 9)
            self.setFillColor(colors.black)
            self.drawCentredString(
                LEFT_MARGIN + (width - LEFT_MARGIN - RIGHT_MARGIN) / 2,
                BOTTOM_MARGIN / 2,
                f"Страница {self._pageNumber} из {total}",
            )
            super().showPage()
        super().save()


class _Template(SimpleDocTemplate):  # type: ignore[misc]
    """Reports progress and honours cancellation between flowables."""

    def __init__(self, filename: str, *, progress: Progress | None, cancelled: Cancelled | None,
                 total: int, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self._progress = progress
        self._cancelled = cancelled
        self._total = total
        self._done = 0

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if self._cancelled is not None and self._cancelled():
            raise DocumentCancelled()
        super().handle_flowable(flowables)
        if self._progress is not None and flowables is not getattr(self, "_hanging", None):
            # A split table puts its rest back into the story: never report going backwards.
            self._done = max(self._done, min(self._total, self._total - len(flowables)))
            self._progress(self._done, self._total)


class DocumentBuilder:
    """Collects a document's content, then writes it as one PDF (see the module docstring)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        title: str,
        orientation: str = "portrait",
        organisation: OrgHeader | None = None,
    ) -> None:
        if orientation not in ("portrait", "landscape"):
            raise ValueError(f"orientation must be 'portrait' or 'landscape', got {orientation!r}")
        self.path = Path(path)
        self.title = title
        self.orientation = orientation
        self.pagesize = landscape(A4) if orientation == "landscape" else A4
        self.styles = _styles()
        self._story: list[Flowable] = []
        if organisation is not None:
            self._story.append(Paragraph(_text(organisation.name), self.styles.org))
            if organisation.city:
                self._story.append(Paragraph(_text(organisation.city), self.styles.city))
            else:
                self._story.append(Spacer(1, 8 * mm))
        if title:
            self._story.append(Paragraph(_text(title), self.styles.title))

    @property
    def frame_width(self) -> float:
        return float(self.pagesize[0] - LEFT_MARGIN - RIGHT_MARGIN)

    def heading(self, text: str) -> DocumentBuilder:
        self._story.append(Paragraph(_text(text), self.styles.heading))
        return self

    def paragraph(self, text: str, *, indent: bool = True) -> DocumentBuilder:
        style = self.styles.body
        if not indent:
            style = ParagraphStyle("body-flat", parent=style, firstLineIndent=0)
        self._story.append(Paragraph(_text(text), style))
        return self

    def table(
        self,
        headers: Sequence[object],
        rows: Iterable[Sequence[object]],
        col_widths: Sequence[float] | None = None,
        keep_whole: Sequence[int] = (),
        names: Iterable[str] = (),
    ) -> DocumentBuilder:
        """A table whose header row repeats on every page. `col_widths` are relative weights
        (e.g. [1, 6, 2]) spread over the text width; equal columns when None. Words are kept
        whole: a column too narrow for its longest word is widened from the others' spare
        room (the font steps down to 7 pt for a wide table), and a word that still does not
        fit is hyphenated where Russian allows (documents.wrap). When not every word can fit,
        the columns in `keep_whole` (names, dates) are served first. Their words, and the
        words of `names` (people's full names) in any column, are never hyphenated: they break
        only after a hyphen of their own («Оглоблина- / Сумарокова»)."""
        ncols = len(headers)
        if ncols == 0:
            raise ValueError("a table needs at least one column")
        weights = list(col_widths) if col_widths is not None else [1.0] * ncols
        if len(weights) != ncols or any(w <= 0 for w in weights):
            raise ValueError("col_widths must give one positive weight per column")
        head_texts = [_plain(h) for h in headers]
        body: list[list[str]] = []
        for row in rows:
            cells = list(row)
            if len(cells) != ncols:
                raise ValueError(f"a row has {len(cells)} cells, the table has {ncols} columns")
            body.append([_plain(c) for c in cells])
        shares = [self.frame_width * w / sum(weights) for w in weights]
        name_words = {bare_word(w) for n in names for w in str(n).split()} - {""}

        def is_name(word: str) -> bool:
            return word in name_words

        head_style, cell_style, shares, minimums = table_layout(
            self.styles.head_cell, self.styles.cell, head_texts, body, shares, keep_whole,
            is_name)
        widths = fit_header_words(shares, minimums)

        def fitted(text: str, style: ParagraphStyle, width: float, whole: bool) -> Paragraph:
            def measure(word: str) -> float:
                return float(stringWidth(word, style.fontName, style.fontSize))

            return Paragraph(_text(break_long_words(
                text, width - 2 * CELL_PADDING, measure,
                _always if whole else is_name)), style)

        data: list[list[Paragraph]] = [
            [fitted(h, head_style, w, False) for h, w in zip(head_texts, widths, strict=True)]]
        data += [[fitted(c, cell_style, w, i in keep_whole)
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
                 for cells in body]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        self._story.append(table)
        return self

    def centred_title(self, text: str) -> DocumentBuilder:
        """A second title in the document (e.g. the mentor base after the mentee base)."""
        self._story.append(Paragraph(_text(text), self.styles.title))
        return self

    def signature(self, position: str, full_name: str, keep_with: int = 1) -> DocumentBuilder:
        """«Директор ____________ И. О. Фамилия»: a long post wraps in its own column, the
        initials and surname stay on one line. Kept on one page with the `keep_with`
        flowables before it (the last paragraph, or the last rows of a table)."""
        lines = signature_lines([(position, full_name)], self.styles.signature, self.frame_width)
        return self.keep_with_previous([Spacer(1, 6 * mm), lines], keep_with)

    def keep_with_previous(self, block: Sequence[Flowable], count: int = 1) -> DocumentBuilder:
        """Append `block` so that it never starts a page alone (documents.blocks)."""
        keep_with_previous(self._story, block, count)
        return self

    def spacer(self, height_mm: float) -> DocumentBuilder:
        self._story.append(Spacer(1, height_mm * mm))
        return self

    def page_break(self) -> DocumentBuilder:
        self._story.append(PageBreak())
        return self

    def build(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> Path:
        """Write the PDF. `progress(done, total)` is called between flowables; when
        `cancelled()` turns true the build stops with DocumentCancelled and no file is left.
        Returns the path written."""
        target = self.path
        story = list(self._story) or [Spacer(1, 1)]
        with atomic_output(target, ".pdf") as tmp:
            doc = _Template(
                str(tmp),
                progress=progress,
                cancelled=cancelled,
                total=len(story),
                pagesize=self.pagesize,
                leftMargin=LEFT_MARGIN,
                rightMargin=RIGHT_MARGIN,
                topMargin=TOP_MARGIN,
                bottomMargin=BOTTOM_MARGIN,
                title=self.title,
                author="",
                subject="",
                keywords="",
                creator=CREATOR,
                producer=CREATOR,
            )
            doc.build(story, canvasmaker=_NumberedCanvas)
            if cancelled is not None and cancelled():
                raise DocumentCancelled()
        return target


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _always(_word: str) -> bool:
    return True

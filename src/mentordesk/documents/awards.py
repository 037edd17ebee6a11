"""Грамоты, сертификаты and благодарственные письма: one sheet per recipient, one PDF.

Certificates and diplomas are A4 landscape, letters A4 portrait; every sheet is centred
inside a decorative border drawn with reportlab. Names come already inflected (the caller
uses documents.names with the person's sex and name_forms):

* грамота: «награждается» + the name in the nominative;
* сертификат: «настоящим подтверждается, что» + nominative, «принял(а) участие…»;
* письмо наставнику: the dative in the address line («Петровой Анне Сергеевне»), then
  «Уважаемая Анна Сергеевна!» and the text in «Вы»;
* письмо родителям: the parents in the dative, «Уважаемые Анна Сергеевна и Сергей Иванович!»,
  and the child in the genitive («за воспитание дочери — Петровой Дарьи Сергеевны»).

Under the name goes the person's post or class in the same case as the name: «обучающийся
9Б класса» under a nominative, «художественному руководителю» under a dative (the caller
declines it, documents.wording; a post it cannot decline is left out). At the bottom, the
director's signature runs across the sheet (a long post wraps in its own column) with the
place and date on the line below, so nothing overlaps.

The file is written atomically; the metadata title names the kind of document, never a person.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .atomic import atomic_output
from .blocks import signature_lines
from .fonts import register_fonts
from .pdf import CREATOR, Cancelled, DocumentCancelled, OrgHeader, Progress, _text
from .wording import programme_name

BORDER = colors.HexColor("#1F4E79")
ACCENT = colors.HexColor("#B8860B")


@dataclass(frozen=True)
class Block:
    text: str
    style: str  # org, heading, number, lead, name, greeting, body, small


@dataclass(frozen=True)
class Sheet:
    landscape: bool
    blocks: Sequence[Block]
    signer_position: str = "Директор"
    signer_name: str = ""
    place_date: str = ""      # «г. Озерногорск, 15.03.2027»


@dataclass(frozen=True)
class Recipient:
    """A person already inflected by the caller."""

    nominative: str
    dative: str = ""
    genitive: str = ""
    first_patronymic: str = ""   # «Анна Сергеевна» for the greeting
    female: bool | None = None
    detail: str = ""             # post or class under a nominative name: «обучающийся 9Б класса»
    detail_dative: str = ""      # the same under a dative name: «обучающемуся 9Б класса»


@dataclass(frozen=True)
class AwardContext:
    organisation: OrgHeader
    org_short: str
    programme_title: str
    academic_years: str
    director_position: str = "Директор"
    director_name: str = ""
    city: str = ""
    issued_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def place_date(self) -> str:
        day = self.issued_on.strftime("%d.%m.%Y") if self.issued_on else ""
        return ", ".join(p for p in (self.city, day) if p)

    @property
    def programme_phrase(self) -> str:
        """«программе наставничества «…» в 2026/2027 учебном году» (the year once only)."""
        text = programme_name(self.programme_title, "prepositional")
        if self.academic_years and self.academic_years not in self.programme_title:
            text += f" в {self.academic_years} учебном году"
        return text


def _verb(female: bool | None, male: str, fem: str) -> str:
    if female is None:
        return f"{male}({fem[len(male):]})" if fem.startswith(male) else f"{male} ({fem})"
    return fem if female else male


def _dear(person: Recipient) -> str:
    word = _verb(person.female, "Уважаемый", "Уважаемая")
    return f"{word} {person.first_patronymic or person.nominative}!"


def certificate_sheet(ctx: AwardContext, person: Recipient, number: str,
                      role: str = "наставника") -> Sheet:
    took = _verb(person.female, "принял", "приняла")
    blocks = [
        Block(ctx.organisation.name, "org"),
        Block("СЕРТИФИКАТ", "heading"),
        Block("участника программы наставничества", "lead"),
        Block(f"№ {number}", "number"),
        Block("Настоящим подтверждается, что", "lead"),
        Block(person.nominative, "name"),
    ]
    if person.detail:
        blocks.append(Block(person.detail, "small"))
    blocks.append(Block(f"{took} участие в {ctx.programme_phrase} в качестве {role}.", "body"))
    return Sheet(True, blocks, ctx.director_position, ctx.director_name, ctx.place_date)


def diploma_sheet(ctx: AwardContext, person: Recipient, number: str = "") -> Sheet:
    blocks = [Block(ctx.organisation.name, "org"), Block("ГРАМОТА", "heading")]
    if number:
        blocks.append(Block(f"№ {number}", "number"))
    blocks += [Block("награждается", "lead"), Block(person.nominative, "name")]
    if person.detail:
        blocks.append(Block(person.detail, "small"))
    blocks.append(Block(
        "в номинации «Лучший наставник» за высокий профессионализм, личный вклад в развитие "
        f"наставляемых и активное участие в {ctx.programme_phrase}.", "body"))
    return Sheet(True, blocks, ctx.director_position, ctx.director_name, ctx.place_date)


def _letter_head(ctx: AwardContext, number: str) -> list[Block]:
    blocks = [Block(ctx.organisation.name, "org"), Block("БЛАГОДАРСТВЕННОЕ ПИСЬМО", "heading")]
    if number:
        blocks.append(Block(f"№ {number}", "number"))
    return blocks


def mentor_letter_sheet(ctx: AwardContext, person: Recipient, number: str = "") -> Sheet:
    blocks = [*_letter_head(ctx, number), Block(person.dative, "name")]
    if person.detail_dative:
        blocks.append(Block(person.detail_dative, "small"))
    blocks += [
        Block(_dear(person), "greeting"),
        Block(f"Администрация {ctx.org_short} выражает Вам искреннюю благодарность за "
              f"добросовестную работу в качестве наставника в {ctx.programme_phrase}, "
              "за внимание, терпение и поддержку, которые Вы дарите своим наставляемым, "
              "за умение вдохновлять и помогать им расти.", "body"),
        Block("Желаем Вам здоровья, благополучия и новых успехов!", "body"),
    ]
    return Sheet(False, blocks, ctx.director_position, ctx.director_name, ctx.place_date)


def parents_letter_sheet(ctx: AwardContext, parents: Sequence[Recipient],
                         child: Recipient, child_class: str = "", number: str = "") -> Sheet:
    if not parents:
        raise ValueError("a letter to parents needs at least one parent")
    dative = " и ".join(p.dative for p in parents)
    if len(parents) == 1:
        greeting = _dear(parents[0])
    else:
        greeting = "Уважаемые " + " и ".join(p.first_patronymic or p.nominative
                                               for p in parents) + "!"
    kin = _verb(child.female, "сына", "дочери") if child.female is not None else "ребёнка"
    pupil = _verb(child.female, "ученика", "ученицы")
    cls = f", {pupil} {child_class} класса" if child_class else ""
    acted = _verb(child.female, "стал", "стала")
    years = ctx.academic_years
    # The year once: not again when the programme's title names it.
    when = f"В {years} учебном году " if years and years not in ctx.programme_title else ""
    blocks = [
        *_letter_head(ctx, number),
        Block(dative, "name"),
        Block(greeting, "greeting"),
        Block(f"Администрация {ctx.org_short} выражает Вам искреннюю благодарность за "
              f"воспитание {kin} — {child.genitive}{cls}.", "body"),
        Block(f"{when}{child.first_patronymic or child.nominative}"
              f" {acted} наставником в {programme_name(ctx.programme_title, 'prepositional')}: "
              "помогал" + ("а" if child.female else "") + " младшим товарищам, делился знаниями "
              "и опытом, проявлял" + ("а" if child.female else "") + " ответственность и "
              "доброжелательность.", "body"),
        Block("Спасибо Вам за воспитание достойного человека!", "body"),
    ]
    return Sheet(False, blocks, ctx.director_position, ctx.director_name, ctx.place_date)


@functools.cache
def _styles(landscape_sheet: bool) -> dict[str, ParagraphStyle]:
    sans, serif = register_fonts()
    big = 1.0 if landscape_sheet else 0.72
    return {
        "org": ParagraphStyle("a-org", fontName=f"{sans}-Bold", fontSize=12, leading=15,
                              alignment=TA_CENTER, spaceAfter=8 * mm, textColor=BORDER),
        "heading": ParagraphStyle("a-head", fontName=f"{serif}-Bold", fontSize=40 * big,
                                  leading=46 * big, alignment=TA_CENTER, textColor=BORDER,
                                  spaceAfter=3 * mm),
        "number": ParagraphStyle("a-num", fontName=sans, fontSize=12, leading=15,
                                 alignment=TA_CENTER, spaceAfter=5 * mm),
        "lead": ParagraphStyle("a-lead", fontName=f"{serif}-Italic", fontSize=16, leading=20,
                               alignment=TA_CENTER, spaceAfter=4 * mm),
        "name": ParagraphStyle("a-name", fontName=f"{serif}-Bold", fontSize=26 * big,
                               leading=32 * big, alignment=TA_CENTER, textColor=ACCENT,
                               spaceAfter=3 * mm),
        "small": ParagraphStyle("a-small", fontName=serif, fontSize=13, leading=16,
                                alignment=TA_CENTER, spaceAfter=5 * mm),
        "greeting": ParagraphStyle("a-greet", fontName=f"{serif}-BoldItalic", fontSize=18,
                                   leading=23, alignment=TA_CENTER, spaceBefore=4 * mm,
                                   spaceAfter=5 * mm),
        "body": ParagraphStyle("a-body", fontName=serif, fontSize=15, leading=21,
                               alignment=TA_CENTER if landscape_sheet else TA_JUSTIFY,
                               firstLineIndent=0 if landscape_sheet else 12.5 * mm,
                               spaceAfter=3 * mm),
        "sign": ParagraphStyle("a-sign", fontName=serif, fontSize=13, leading=16),
    }


def _border(c: Canvas, width: float, height: float) -> None:
    """A double frame with corner squares and a thin inner rule."""
    c.saveState()
    m = 10 * mm
    c.setStrokeColor(BORDER)
    c.setLineWidth(3)
    c.rect(m, m, width - 2 * m, height - 2 * m)
    c.setLineWidth(0.8)
    c.rect(m + 3 * mm, m + 3 * mm, width - 2 * m - 6 * mm, height - 2 * m - 6 * mm)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.6)
    c.rect(m + 5 * mm, m + 5 * mm, width - 2 * m - 10 * mm, height - 2 * m - 10 * mm)
    c.setFillColor(ACCENT)
    s = 5 * mm
    for x, y in ((m, m), (width - m, m), (m, height - m), (width - m, height - m)):
        c.rect(x - s / 2, y - s / 2, s, s, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.rect(x - s / 4, y - s / 4, s / 2, s / 2, stroke=0, fill=1)
        c.setFillColor(ACCENT)
    c.restoreState()


def _draw_sheet(c: Canvas, sheet: Sheet) -> None:
    width, height = landscape(A4) if sheet.landscape else A4
    c.setPageSize((width, height))
    _border(c, width, height)
    styles = _styles(sheet.landscape)
    inner = 25 * mm
    text_width = width - 2 * inner
    # The signature runs across the sheet, the place and date go below it on the left and
    # «М. П.» under the blank: a long post wraps in its own column and never reaches the date.
    # The text block is centred in the room above.
    sign = styles["sign"]
    lines = signature_lines([(sheet.signer_position, sheet.signer_name)], sign, text_width)
    _w, lines_height = lines.wrap(text_width, height)
    base = inner + 2 * mm
    lines_bottom = base + 7 * mm
    bottom_area = lines_bottom - inner + lines_height + 8 * mm
    paragraphs = []
    total = 0.0
    for block in sheet.blocks:
        style = styles[block.style]
        para = Paragraph(_text(block.text.replace("№ ", "№\u00a0")), style)
        _w, h = para.wrap(text_width, height)
        paragraphs.append((para, h, style))
        total += h + style.spaceBefore + style.spaceAfter
    top = height - inner
    available = top - (inner + bottom_area)
    y = top - max(0.0, (available - total) / 2) if total < available else top
    for para, h, style in paragraphs:
        y -= style.spaceBefore + h
        para.drawOn(c, inner, y)
        y -= style.spaceAfter
    lines.drawOn(c, inner, lines_bottom)
    if sheet.place_date:
        c.setFont(sign.fontName, sign.fontSize)
        c.drawString(inner, base, sheet.place_date)
    post_width, blank_width = lines._colWidths[0], lines._colWidths[1]
    c.setFont(sign.fontName, 9)
    c.setFillColor(colors.grey)
    c.drawCentredString(inner + post_width + blank_width / 2, base, "М. П.")
    c.setFillColor(colors.black)


def build_awards(
    path: str | os.PathLike[str],
    sheets: Sequence[Sheet],
    title: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the sheets, one per page, into one PDF (atomically). `title` goes into the
    metadata: the kind of document only. Returns the path written."""
    if not sheets:
        raise ValueError("no sheets to print")
    target = Path(path)
    sans, _serif = register_fonts()
    with atomic_output(target, ".pdf") as tmp:
        c = Canvas(str(tmp), pagesize=A4, initialFontName=sans)
        c.setTitle(title)
        c.setAuthor("")
        c.setSubject("")
        c.setKeywords("")
        c.setCreator(CREATOR)
        c.setProducer(CREATOR)
        for done, sheet in enumerate(sheets):
            if cancelled is not None and cancelled():
                raise DocumentCancelled()
            _draw_sheet(c, sheet)
            c.showPage()
            if progress is not None:
                progress(done + 1, len(sheets))
        c.save()
    return target

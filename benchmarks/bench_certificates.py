"""500 personalised certificates in one PDF through MentorDesk's documents code, against
reportlab drawing the same text bare, in the same run.

Setup (not timed): 500 recipients with names from `demo_names` (male and female, with
patronymics, a post each), the PT fonts registered once, one warm-up build of each kind.

Timed, MentorDesk: `certificate_sheet` for each recipient (the blocks of a certificate: the
organisation, «СЕРТИФИКАТ», the number, the name, the post, the wording with «принял(а)» agreed
with the sex) and `build_awards` writing them into one PDF: Paragraph layout with wrapping,
the text block centred between the border and the signature line, the double border with its
corner squares, the place, date and «Директор ____________ И. О. Фамилия», the metadata, the
atomic write (a temporary file renamed onto the target).
Timed, bare: a reportlab Canvas on A4 landscape with the same fonts, drawing the same strings
of each certificate centred line by line (the long wording wrapped with `simpleSplit`), the
place and date and the signature line; no border, no Paragraph, written straight to the file.
Not measured: reading the database and numbering into the awards register (services).

    .venv/bin/python benchmarks/bench_certificates.py [--count N] [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from mentordesk.documents.awards import (
    AwardContext,
    Recipient,
    Sheet,
    build_awards,
    certificate_sheet,
)
from mentordesk.documents.fonts import register_fonts
from mentordesk.documents.names import initials_first
from mentordesk.documents.pdf import OrgHeader
from mentordesk.services.demo_names import FEMALE_NAMES, MALE_NAMES, SURNAMES

TITLE = "Сертификаты участников программы наставничества"
POSTS = ("учитель математики", "учитель начальных классов", "педагог-психолог",
         "учитель русского языка и литературы", "9А класс", "студент 3 курса")
CTX = AwardContext(
    organisation=OrgHeader("Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                           "общеобразовательная школа № 7»", "г. Озерногорск"),
    org_short="МБОУ СОШ № 7", programme_title="Программа наставничества МБОУ СОШ № 7",
    academic_years="2026/2027", director_name="Медведева Жанна Тимуровна",
    city="г. Озерногорск", issued_on=date(2027, 5, 31))
# The bare canvas: the same fonts and sizes as the sheet's styles, by block style.
BARE_FONTS = {"org": ("PTSans-Bold", 12), "heading": ("PTSerif-Bold", 40),
              "lead": ("PTSerif-Italic", 16), "number": ("PTSans", 12),
              "name": ("PTSerif-Bold", 26), "small": ("PTSerif", 13), "body": ("PTSerif", 15)}


def recipients(count: int, seed: int = 7) -> list[Recipient]:
    rng = random.Random(seed)
    people = []
    for _ in range(count):
        male_surname, female_surname = rng.choice(SURNAMES)
        father = rng.choice(MALE_NAMES)
        if rng.random() < 0.7:
            first, _era = rng.choice(FEMALE_NAMES)
            name, female = f"{female_surname} {first} {father[2]}", True
        else:
            first = rng.choice(MALE_NAMES)[0]
            name, female = f"{male_surname} {first} {father[1]}", False
        people.append(Recipient(nominative=name, female=female, detail=rng.choice(POSTS)))
    return people


def ours(people: list[Recipient], out: Path) -> None:
    sheets = [certificate_sheet(CTX, person, f"С-2027-{n:03d}")
              for n, person in enumerate(people, start=1)]
    build_awards(out, sheets, TITLE)


def bare(sheets: list[Sheet], out: Path) -> None:
    width, height = landscape(A4)
    c = Canvas(str(out), pagesize=(width, height), initialFontName="PTSans")
    c.setTitle(TITLE)
    inner = 25 * mm
    for sheet in sheets:
        y = height - inner - 20 * mm
        for block in sheet.blocks:
            font, size = BARE_FONTS[block.style]
            c.setFont(font, size)
            for line in simpleSplit(block.text, font, size, width - 2 * inner):
                y -= size * 1.25
                c.drawCentredString(width / 2, y, line)
            y -= 3 * mm
        c.setFont("PTSerif", 13)
        c.drawString(inner, inner + 8 * mm, sheet.place_date)
        c.drawRightString(width - inner, inner + 8 * mm,
                          f"{sheet.signer_position} ____________ "
                          f"{initials_first(sheet.signer_name)}")
        c.showPage()
    c.save()


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="md-bench-certificates-"))
    try:
        register_fonts()
        people = recipients(args.count)
        # The bare run draws exactly the strings of MentorDesk's sheets (made untimed here).
        sheets = [certificate_sheet(CTX, p, f"С-2027-{n:03d}")
                  for n, p in enumerate(people, start=1)]
        ours(people[:5], folder / "warm-ours.pdf")
        bare(sheets[:5], folder / "warm-bare.pdf")
        mine, theirs = [], []
        for i in range(args.repeat):
            mine.append(timed(ours, people, folder / f"ours-{i}.pdf"))
            theirs.append(timed(bare, sheets, folder / f"bare-{i}.pdf"))
        o, b = statistics.median(mine), statistics.median(theirs)
        size_o = (folder / "ours-0.pdf").stat().st_size / 1024
        size_b = (folder / "bare-0.pdf").stat().st_size / 1024
        print(f"{args.count} certificates in one PDF (median of {args.repeat}):")
        print(f"  mentordesk (certificate_sheet + build_awards): {o:.0f} ms "
              f"({o / args.count:.2f} ms a certificate, {size_o:.0f} KB)")
        print(f"  bare reportlab canvas, same text and fonts:    {b:.0f} ms "
              f"({b / args.count:.2f} ms a certificate, {size_b:.0f} KB)")
        print(f"  ratio {o / b:.1f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

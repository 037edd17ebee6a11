"""The bases as a printable PDF: the mentee base and the mentor base in the Ministry's
columns, the same rows as the Excel export (services.exports.base_rows)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..documents.pdf import Cancelled, DocumentBuilder, Progress
from ..errors import ValidationError
from .database import Database
from .exports import MENTEE_HEADERS, MENTOR_HEADERS, base_rows
from .printing_common import check_suffix, date_text, header, org_of, programme_of

# Relative column widths; the engine widens a column whose words would not fit.
MENTEE_WIDTHS = (2.6, 2.6, 1.6, 3, 2.1, 2.4, 2.4, 2.9, 2.2, 2.1, 2, 2.2)
MENTOR_WIDTHS = (2.4, 2.4, 2.2, 2.5, 2.4, 1.8, 2.2, 1.9, 2.1, 3.2, 1.8, 1.4, 1.5, 2.2, 2.2)
# Names and dates are never hyphenated, even when the table is tight.
MENTEE_WHOLE = (0, 4, 5, 9)
MENTOR_WHOLE = (0, 8, 9, 12)
# Columns of people's names, and the contacts (which name the parents).
MENTEE_NAMES, MENTOR_NAMES = (0, 5), (0, 9)
CONTACTS = 1
_CAPITALISED = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*[,.:;)]*$")
MENTEE_TITLE = "База наставляемых"
MENTOR_TITLE = "База наставников"


def _cell(value: object) -> str:
    if isinstance(value, date):
        return date_text(value)
    return "" if value is None else str(value)


def _names(rows: Sequence[Sequence[Any]], columns: Sequence[int]) -> set[str]:
    """The people's names in these rows, never to be hyphenated: the name columns' words, and
    the capitalised words of the contacts («Андреева Лидия Аркадьевна (мать): +7…»)."""
    names: set[str] = set()
    for row in rows:
        for i in columns:
            names.update(_cell(row[i]).split())
        names.update(w for w in _cell(row[CONTACTS]).split() if _CAPITALISED.match(w))
    return names


def print_bases(db: Database, out: str | os.PathLike[str], progress: Progress | None = None,
                cancelled: Cancelled | None = None, programme_id: int | None = None,
                today: date | None = None, which: str = "both") -> int:
    """The bases in the Ministry's columns as a landscape PDF: `which` is "both" (the mentee
    base, then the mentor base from a new page), "mentees" or "mentors". Returns the number
    of rows printed."""
    if which not in ("both", "mentees", "mentors"):
        raise ValueError(f"which must be 'both', 'mentees' or 'mentors', got {which!r}")
    out = Path(out)
    check_suffix(out, (".pdf",))
    with db.read() as s:
        programme = programme_of(s, db, programme_id)
        org = header(org_of(s, programme))
        programme_id = programme.id
    rows = base_rows(db, programme_id, today)
    mentees = rows.mentees if which in ("both", "mentees") else []
    mentors = rows.mentors if which in ("both", "mentors") else []
    if not mentees and not mentors:
        raise ValidationError({
            "both": "Базы наставников и наставляемых пусты — печатать нечего.",
            "mentees": "База наставляемых пуста — печатать нечего. Добавьте наставляемых "
                       "на этапе 2.",
            "mentors": "База наставников пуста — печатать нечего. Добавьте наставников "
                       "на этапе 3.",
        }[which])
    first = MENTOR_TITLE if which == "mentors" else MENTEE_TITLE
    doc = DocumentBuilder(out, first, orientation="landscape", organisation=org)
    if which != "mentors":
        doc.table(MENTEE_HEADERS, [[_cell(v) for v in row] for row in mentees],
                  col_widths=MENTEE_WIDTHS, keep_whole=MENTEE_WHOLE,
                  names=_names(mentees, MENTEE_NAMES))
    if which == "both":
        doc.page_break()
        doc.centred_title(MENTOR_TITLE)
    if which != "mentees":
        doc.table(MENTOR_HEADERS, [[_cell(v) for v in row] for row in mentors],
                  col_widths=MENTOR_WIDTHS, keep_whole=MENTOR_WHOLE,
                  names=_names(mentors, MENTOR_NAMES))
    if which == "both":
        doc.title = "Базы наставников и наставляемых"
    doc.build(progress=progress, cancelled=cancelled)
    return len(mentees) + len(mentors)

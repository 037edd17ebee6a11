"""Column widths and font size of a PDF table (DocumentBuilder.table), so that words stay whole.

The caller's relative widths are the starting point. A column never gets wider than its
widest line (an empty «Результаты» gives its room away), and never narrower than its longest
header word or, where the room allows, its longest data word. A wide table steps its font
down from 9 pt until every word fits; when none does, 7 pt (or smaller) is used, the
`keep_whole` columns (names, dates) and the names in any column get room for their longest
words, and the other columns share what is left, their longest words then being hyphenated
(documents.wrap). Names are never hyphenated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from .wrap import bare_word

CELL_PADDING = 3  # points, left and right of a table cell's text


def longest_word_width(text: str, style: ParagraphStyle) -> float:
    return max((stringWidth(w, style.fontName, style.fontSize) for w in text.split()), default=0.0)


# Font sizes tried for a wide table (the bases have 12 and 15 columns) until every word fits;
# when none does, FLOOR_SIZE is used and the longest words are hyphenated.
_TABLE_FONT_SIZES = (9.0, 8.0, 7.5, 7.0, 6.5)
FLOOR_SIZE = 7.0
# A column grows for its longest data word up to this many times its share of the width;
# a longer word (a link, an address) is broken instead.
_MAX_GROWTH = 1.8
# Where a word breaks with no hyphen added: after a hyphen or a dash of its own, and inside a
# link or an address after its separators. A column need not be wider than these parts.
_UNIT_SPLIT = re.compile(r"(?<=[-\u2013\u2014])(?=.)")
_LINK_SPLIT = re.compile(r"(?<=[@./_?&=#-])(?=.)")


def _scaled(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size,
                          leading=style.leading * size / style.fontSize)


def _column_words(body: list[list[str]], ncols: int) -> list[set[str]]:
    """Each column's distinct unbreakable units: words, cut after their own hyphens and
    dashes, and links or addresses cut after their separators."""
    columns: list[set[str]] = [set() for _ in range(ncols)]
    for cells in body:
        for column, text in zip(columns, cells, strict=True):
            for word in text.split():
                column.update(word_units(word))
    return columns


def word_units(word: str) -> list[str]:
    """The parts of a word between which it breaks with nothing added."""
    split = _LINK_SPLIT if "@" in word or "/" in word else _UNIT_SPLIT
    return split.split(word)


def _whole_units(body: list[list[str]], ncols: int, keep_whole: Sequence[int],
                 is_name: Callable[[str], bool]) -> list[set[str]]:
    """Each column's units that must never be hyphenated: every unit of a `keep_whole`
    column, and the units of names anywhere."""
    columns: list[set[str]] = [set() for _ in range(ncols)]
    for cells in body:
        for i, (column, text) in enumerate(zip(columns, cells, strict=True)):
            for word in text.split():
                if i in keep_whole or is_name(bare_word(word)):
                    column.update(word_units(word))
    return columns


def _longest_lines(ncols: int, body: list[list[str]], style: ParagraphStyle) -> list[float]:
    """Each column's widest line of data set on one line."""
    widest = [0.0] * ncols
    for cells in body:
        for i, text in enumerate(cells):
            for line in text.split("\n"):
                if line:
                    widest[i] = max(widest[i], stringWidth(line, style.fontName, style.fontSize))
    return widest


def cap_shares(shares: list[float], maxima: list[float]) -> list[float]:
    """No column wider than its widest line: the room a column cannot use (an empty
    «Результаты», a short «Возраст») goes to the others in proportion to their shares."""
    result = list(shares)
    for _ in range(len(result)):
        over = [i for i, (w, m) in enumerate(zip(result, maxima, strict=True)) if w > m]
        if not over:
            break
        freed = sum(result[i] - maxima[i] for i in over)
        for i in over:
            result[i] = maxima[i]
        takers = {i: result[i] for i in range(len(result)) if result[i] < maxima[i]}
        if not takers:
            break
        room = sum(takers.values())
        for i, w in takers.items():
            result[i] += freed * w / room
    if sum(result) < sum(shares):  # every column is capped: spread what is left evenly
        extra = (sum(shares) - sum(result)) / len(result)
        result = [w + extra for w in result]
    return result


def table_layout(head: ParagraphStyle, cell: ParagraphStyle, headers: list[str],
                  body: list[list[str]], shares: list[float], keep_whole: Sequence[int] = (),
                  is_name: Callable[[str], bool] = lambda word: False,
                  ) -> tuple[ParagraphStyle, ParagraphStyle, list[float], list[float]]:
    """The header and cell styles, the columns' shares of the width (capped at their widest
    line) and each column's minimum width: the largest font size (9 pt down to 6.5 pt) at
    which every header word and every data word fits its column (data words up to
    _MAX_GROWTH times the column's share). When there is none: the largest size from
    FLOOR_SIZE down at which the words that must stay whole fit (the `keep_whole` columns'
    words, and names — `is_name(word)` — in any column); those columns get room for them, the
    others share what is left (`share_out`), and the other long words are hyphenated."""
    width = sum(shares)
    words = _column_words(body, len(headers))
    whole = _whole_units(body, len(headers), keep_whole, is_name)
    pad = 2 * CELL_PADDING
    tried: list[tuple[ParagraphStyle, ParagraphStyle, list[float], list[float], list[float]]] = []
    for size in _TABLE_FONT_SIZES:
        head_try, cell_try = _scaled(head, size), _scaled(cell, size)
        head_min = [longest_word_width(h, head_try) + pad for h in headers]
        need, kept = [], []
        for h_min, share, column, must in zip(head_min, shares, words, whole, strict=True):
            longest = max((stringWidth(w, cell_try.fontName, size) for w in column),
                          default=0.0)
            need.append(max(h_min, min(longest + pad, max(h_min, share * _MAX_GROWTH))))
            unbroken = max((stringWidth(w, cell_try.fontName, size) for w in must),
                           default=0.0)
            kept.append(max(h_min, unbroken + pad if must else 0.0))
        need = [max(n, k) for n, k in zip(need, kept, strict=True)]
        if sum(need) <= width:
            return head_try, cell_try, _capped(headers, body, shares, cell_try, need), need
        tried.append((head_try, cell_try, head_min, kept, need))
    # Not every word fits: the largest size from FLOOR_SIZE down that keeps names whole,
    # else the one that at least fits the header words, else the smallest.
    floor = [t for t in tried if t[1].fontSize <= FLOOR_SIZE]
    choice = next((t for t in floor if sum(t[3]) <= width), None)
    if choice is None:
        choice = next((t for t in tried if sum(t[3]) <= width), None)
    if choice is not None:
        head_try, cell_try, _head_min, kept, need = choice
        need = share_out(kept, need, width)
    else:
        fits = [t for t in tried if sum(t[2]) <= width]
        head_try, cell_try, head_min, _kept, need = (
            next((t for t in floor if t in fits), fits[-1]) if fits else tried[-1])
        need = share_out(head_min, need, width) if sum(head_min) <= width else head_min
    return head_try, cell_try, _capped(headers, body, shares, cell_try, need), need


def share_out(floors: list[float], wishes: list[float], width: float) -> list[float]:
    """Minimum widths between `floors` (the header words) and `wishes` (the data words) that
    add up to `width`: every column gets the same extra room up to its wish, so the columns
    with short words (dates, names) keep them whole and only the longest words break."""
    extras = [max(0.0, w - f) for f, w in zip(floors, wishes, strict=True)]
    room = width - sum(floors)
    level = 0.0
    ordered = sorted(extras)
    for i, extra in enumerate(ordered):
        left = len(ordered) - i
        if sum(ordered[:i]) + extra * left >= room:
            level = (room - sum(ordered[:i])) / left
            break
    else:
        level = ordered[-1] if ordered else 0.0
    return [f + min(e, level) for f, e in zip(floors, extras, strict=True)]


def _capped(headers: list[str], body: list[list[str]], shares: list[float],
            style: ParagraphStyle, need: list[float]) -> list[float]:
    widest = _longest_lines(len(headers), body, style)
    return cap_shares(shares, [max(w + 2 * CELL_PADDING, n) for w, n in zip(widest, need,
                                                                             strict=True)])


def fit_header_words(widths: list[float], minimums: list[float]) -> list[float]:
    """Widen columns whose header has a word longer than the column («Результаты» must not
    print as «Результат / ы»), taking the room from the columns that have some to spare.
    The total width is kept; if there is not enough room for every header, nothing changes."""
    total = sum(widths)
    if sum(minimums) > total:
        return widths
    result = list(widths)
    for _ in range(len(result)):
        short = [i for i, (w, m) in enumerate(zip(result, minimums, strict=True)) if w < m]
        if not short:
            break
        needed = sum(minimums[i] - result[i] for i in short)
        for i in short:
            result[i] = minimums[i]
        spare = {i: result[i] - minimums[i] for i in range(len(result))
                 if i not in short and result[i] > minimums[i]}
        room = sum(spare.values())
        for i, extra in spare.items():
            result[i] -= needed * extra / room
    return result

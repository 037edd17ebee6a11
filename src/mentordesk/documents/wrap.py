"""Breaking words that are wider than a table column, the way a Russian typesetter would.

reportlab cuts a word that does not fit its column wherever the line ends («Алекса / ндровна»,
no hyphen). Here such a word is cut beforehand at a place Russian hyphenation allows, with a
hyphen («Алексан- / дровна»); an address or link is cut after «@», «.», «/», «-», «_» with no
hyphen added. Words that fit are never touched: `break_long_words` only rewrites the tokens
wider than the column, and each piece it makes is as long as the column allows.

The rules (a simplified form of the school rules of переноса):
* a break leaves at least two letters on each side, and each side holds a vowel;
* ь, ъ and й stay with the letter before them (no piece starts with them);
* a consonant is never torn from the vowel after it («Ал-ександр» is wrong, «Алек-сандр» and
  «Але-ксандр» are right), and a double consonant is split between its letters («цион-ные»);
* a syllable is not torn: ь, ъ or й before a consonant closes its syllable, so the break
  comes right after the sign («воспитатель-ной», not «воспитате-льной»; «исследователь-ским»,
  not «исследовательс-ким»; «Май-ская», not «Майс-кая»);
* a word with a hyphen or a dash of its own («педагог-психолог», «14:30–15:30») may break
  after it with nothing added.

Names are never hyphenated: `split_word(..., hyphenate=False)` breaks a word only after a
hyphen of its own («Оглоблина- / Сумарокова»), and leaves it whole otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

VOWELS = frozenset("аеёиоуыэюяaeiouy")
SIGNS = frozenset("ьъй")
# Characters after which a link or an address may break without a hyphen.
_LINK_BREAKS = frozenset("@./_?&=#")
_DASHES = frozenset("-\u2013\u2014")
_SPACES = re.compile(r"( +|\n)")

Measure = Callable[[str], float]


def _vowel(ch: str) -> bool:
    return ch.lower() in VOWELS


def _letter(ch: str) -> bool:
    return ch.isalpha()


def hyphen_points(word: str) -> list[int]:
    """Indexes i where `word` may break as word[:i] + "-" / word[i:], by the rules above."""
    points = []
    for i in range(2, len(word) - 1):
        before, after = word[i - 1], word[i]
        if not (_letter(before) and _letter(after)):
            continue
        start = i
        while start > 0 and _letter(word[start - 1]):
            start -= 1
        end = i
        while end < len(word) and _letter(word[end]):
            end += 1
        head, tail = word[start:i], word[i:end]
        if len(head) < 2 or len(tail) < 2:
            continue
        if not any(_vowel(c) for c in head) or not any(_vowel(c) for c in tail):
            continue
        if after.lower() in SIGNS:
            continue
        if _vowel(after) and not _vowel(before):
            continue
        if i + 1 < len(word) and after.lower() == word[i + 1].lower():
            continue  # a double consonant is split between its letters: «Ал-ла», «цион-ные»
        if _tears_syllable(word, i, end):
            continue
        points.append(i)
    return points


def _tears_syllable(word: str, i: int, end: int) -> bool:
    """True when a break before word[i] tears a syllable closed by ь, ъ or й: before a
    consonant whose sign follows it with a consonant after («воспитате-льной»), or after a
    consonant that follows such a sign («исследовательс-ким», «Майс-кая»)."""
    if not _vowel(word[i]) and i + 1 < end and word[i + 1].lower() in "ьъ" \
            and (i + 2 >= end or not _vowel(word[i + 2])):
        return True
    j = i - 1
    while j >= 0 and word[j].isalpha() and not _vowel(word[j]):
        j -= 1
    cluster = word[j + 1:i].lower()  # the consonants and signs ending the head
    return any(c in SIGNS for c in cluster[:-1])


def _free_points(word: str) -> list[int]:
    """Indexes after a hyphen of the word's own, or after a link's separators: a break there
    adds no hyphen."""
    link = "@" in word or "/" in word or word.count(".") >= 2
    points = []
    for i in range(1, len(word)):
        ch = word[i - 1]
        if ch in _DASHES and i > 1 or link and ch in _LINK_BREAKS:
            points.append(i)
    return points


def split_word(word: str, width: float, measure: Measure, hyphenate: bool = True) -> list[str]:
    """`word` cut into pieces no wider than `width` (as `measure` reports it): hyphenated
    pieces end with «-». A word that fits is returned whole. With `hyphenate=False` (a
    name) the word breaks only after a hyphen of its own, and a piece that is still too wide
    stays whole (the caller gives the column room for it)."""
    if measure(word) <= width:
        return [word]
    free = set(_free_points(word))
    if not hyphenate:
        return _split_at(word, sorted(free), width, measure)
    link = any(c in _LINK_BREAKS for c in word) and bool(free)
    hyphen = set() if link else set(hyphen_points(word))
    pieces: list[str] = []
    rest_start = 0
    while measure(word[rest_start:]) > width:
        best: str | None = None
        best_end = 0
        for end in sorted((free | hyphen), reverse=True):
            if end <= rest_start:
                break
            piece = word[rest_start:end] + ("" if end in free else "-")
            if measure(piece) <= width:
                best, best_end = piece, end
                break
        if best is None:  # no allowed place fits: cut where the column ends
            end = rest_start + 1
            while end < len(word) - 1 and measure(word[rest_start:end + 1] + "-") <= width:
                end += 1
            joint = not link and _letter(word[end - 1]) and _letter(word[end])
            best, best_end = word[rest_start:end] + ("-" if joint else ""), end
        pieces.append(best)
        rest_start = best_end
    pieces.append(word[rest_start:])
    return pieces


def _split_at(word: str, points: list[int], width: float, measure: Measure) -> list[str]:
    """`word` cut at the fewest of `points` (breaks that add nothing) so that each piece is as
    long as `width` allows; a piece with no point inside that fits stays whole."""
    pieces: list[str] = []
    start = 0
    while measure(word[start:]) > width:
        inside = [p for p in points if p > start]
        if not inside:
            break
        fitting = [p for p in inside if measure(word[start:p]) <= width]
        end = fitting[-1] if fitting else inside[0]
        pieces.append(word[start:end])
        start = end
    pieces.append(word[start:])
    return pieces


def bare_word(word: str) -> str:
    """A word without the punctuation around it: «(Иванова,» → «Иванова»."""
    return word.strip(".,;:!?()«»\"'[]")


def break_long_words(text: str, width: float, measure: Measure,
                     whole: Callable[[str], bool] | None = None) -> str:
    """`text` with every word wider than `width` split by `split_word`; the pieces are joined
    by spaces, so the paragraph wraps between them. Other words, spaces and line breaks are
    left as they are. A word for which `whole(bare_word(word))` is true (a name) is never
    hyphenated: it breaks only after a hyphen of its own."""
    parts = _SPACES.split(text)
    changed = False
    for n in range(0, len(parts), 2):
        word = parts[n]
        if word and measure(word) > width:
            hyphenate = whole is None or not whole(bare_word(word))
            parts[n] = " ".join(split_word(word, width, measure, hyphenate))
            changed = True
    return "".join(parts) if changed else text

"""Text normalisation for search and duplicate detection, and the tidying of typed names.

SQLite's LIKE, lower() and NOCASE fold ASCII only, so every searchable row keeps a
precomputed key: case-folded, ё→е, punctuation and runs of spaces collapsed.
The same function normalises the user's query, so matching is a plain LIKE on the key.

A word that mixes Cyrillic and Latin letters («Ивaнов» with a Latin «a», typed on the wrong
layout or copied from a scanned list) is read as Cyrillic: its Latin look-alikes are mapped to
the Cyrillic letters they imitate. Words in one script are never changed.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_JUNK = re.compile(r"[\"'«»“”„`]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HYPHEN = re.compile(r"\s*[-‐‑–—]\s*")

# Latin letters that look like Cyrillic ones, case kept («7A», «Ивaнов»).
LOOKALIKE = str.maketrans("ABCEHKMOPTXYaceopxyk", "АВСЕНКМОРТХУасеорхук")
# The same after case folding: b, h, m and t can only have been B, H, M and T.
_FOLDED_LOOKALIKE = str.maketrans("aceopxykbhmt", "асеорхуквнмт")
APOSTROPHES = "'’ʼ"
# Lower-case words of a full name: particles before a surname, and the «сын/дочь» of
# Turkic patronymics («Рауф оглы»).
SURNAME_PARTICLES = frozenset({"фон", "де", "ван", "дер", "дю", "ди", "да", "ла", "ле", "делла",
                               "дель", "ибн", "аль", "эль", "бен"})
PATRONYMIC_PARTICLES = frozenset({"оглы", "кызы", "улы", "уулу", "гызы"})


def search_key(*parts: object) -> str:
    """Normalised, space-joined key for the given parts (None and empty parts are skipped)."""
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    return normalise(text)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.casefold().replace("ё", "е").replace("\u0451", "е")
    text = _JUNK.sub("", text)
    if not text.isascii() and _LATIN.search(text):
        text = _WORD.sub(_fold_mixed_word, text)
    return _SPACES.sub(" ", text).strip()


def _fold_mixed_word(match: re.Match[str]) -> str:
    word = match.group()
    if _LATIN.search(word) and _CYRILLIC.search(word):
        return word.translate(_FOLDED_LOOKALIKE)
    return word


def to_cyrillic(text: str) -> str:
    """Latin look-alikes in words that also have Cyrillic letters, as Cyrillic; case kept."""
    if text.isascii() or not _LATIN.search(text):
        return text
    return _WORD.sub(_mixed_word_to_cyrillic, text)


def _mixed_word_to_cyrillic(match: re.Match[str]) -> str:
    word = match.group()
    if _LATIN.search(word) and _CYRILLIC.search(word):
        return word.translate(LOOKALIKE)
    return word


def like_pattern(query: str) -> str:
    """A LIKE pattern matching the normalised query anywhere, with wildcards escaped (escape='\\')."""
    q = normalise(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


def clean_name(text: str | None) -> str:
    """Trim stray and non-breaking spaces, read mixed-script words as Cyrillic, and fix words
    typed in CAPITALS or lower case: «ИВАНОВА-ПЕТРОВА» → «Иванова-Петрова», «д'АРТАНЬЯН» →
    «д'Артаньян». Deliberate capitals inside a word («МакКуин») stay; so does a lower-case
    particle among several words («фон Браун», «Рауф оглы»). A dash between two parts of a
    name, spaced or not, is a hyphen."""
    if not text:
        return ""
    text = _SPACES.sub(" ", to_cyrillic(text.replace("\u00a0", " "))).strip()
    text = _HYPHEN.sub("-", text).strip("-")  # «Петрова - Водкина», «Анна–Мария»
    words = text.split(" ")
    several = len(words) > 1
    return " ".join(_case_word(w, several) for w in words)


def _case_word(word: str, several: bool) -> str:
    lower = word.lower()
    if several and (lower in PATRONYMIC_PARTICLES or (lower in SURNAME_PARTICLES
                                                      and word.islower())):
        return lower
    return "-".join(_case_part(p) for p in word.split("-"))


def _case_part(part: str) -> str:
    """One hyphen-separated part; «д'…» and «О'…» keep their short prefix."""
    for mark in APOSTROPHES:
        head, sep, tail = part.partition(mark)
        if sep and 1 <= len(head) <= 2 and tail:
            prefix = head.lower() if head.lower() in ("д", "d", "л", "l") else _capital(head)
            return prefix + sep + _case_part(tail)
    return _capital(part)


def _capital(part: str) -> str:
    if part.isupper() or part.islower():
        return part[:1].upper() + part[1:].lower()
    return part

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


def full_name(last: str, first: str, patronymic: str) -> str:
    """«Фамилия Имя Отчество», without the parts that are empty."""
    return " ".join(p for p in (last, first, patronymic) if p)


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


# --- Key requests -----------------------------------------------------------------------------

_WORDS = re.compile(r"[0-9a-zа-я]+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower().replace("ё", "е"))


def _same_word(a: str, b: str) -> bool:
    """The same word, perhaps with another ending: «олимпиаде» ~ «олимпиадам»."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(len(a), len(b)) - 3 and common >= min(len(a), len(b)) - 2


def starts_with_kind(text: str, kind: str) -> bool:
    """True when the free text already opens with the request's kind, compared without case,
    punctuation and ё, and allowing a changed ending («Подготовка к олимпиадам по физике»
    opens with «Подготовка к олимпиаде»)."""
    kind_words, text_words = _words(kind), _words(text)
    if not kind_words or len(text_words) < len(kind_words):
        return False
    return all(_same_word(k, t) for k, t in zip(kind_words, text_words, strict=False))


def request_line(kind: str | None, text: str | None) -> str:
    """The key request as a document prints it: «ЗПР: трудности…», but the text alone when it
    already starts with the kind («ЗПР: трудности…», «Молодой специалист (стаж 1 год)…»)."""
    kind, text = (kind or "").strip(), (text or "").strip()
    if not kind or not text:
        return kind or text
    if starts_with_kind(text, kind):
        return text
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():  # «Пробелы…» → «пробелы…», «ВсОШ» stays
        text = text[:1].lower() + text[1:]
    return f"{kind}: {text}"

"""Text normalisation for search and duplicate detection.

SQLite's LIKE, lower() and NOCASE fold ASCII only, so every searchable row keeps a
precomputed key: case-folded, ё→е, punctuation and runs of spaces collapsed.
The same function normalises the user's query, so matching is a plain LIKE on the key.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_JUNK = re.compile(r"[\"'«»“”„`]")


def search_key(*parts: object) -> str:
    """Normalised, space-joined key for the given parts (None and empty parts are skipped)."""
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    return normalise(text)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.casefold().replace("ё", "е").replace("\u0451", "е")
    text = _JUNK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def like_pattern(query: str) -> str:
    """A LIKE pattern matching the normalised query anywhere, with wildcards escaped (escape='\\')."""
    q = normalise(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


def clean_name(text: str | None) -> str:
    """Trim stray and non-breaking spaces; fix names typed in CAPITALS or lower case."""
    if not text:
        return ""
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    if text.isupper() or text.islower():
        text = "-".join(part[:1].upper() + part[1:].lower() for part in text.split("-"))
    return text

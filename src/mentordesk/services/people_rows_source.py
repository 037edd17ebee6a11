"""One base as a view reads it, keystroke after keystroke.

Typing in the search box mostly narrows the search: «ков» after «ко», or anything after the
empty box. A narrower search is answered from the rows already read (`refine`, the SQL search's
semantics in memory) instead of reading the database again. A `RowSource` keeps, for the current
filters, the whole base (once it was read with an empty search) and the last answer:

- a search whose every earlier word is part of one of its words narrows the last answer;
- any search narrows the whole base, when it is held;
- a wider search (a letter erased) reads the whole base once, then narrows it;
- the first search after the filters change, or after a change in the database, asks the
  database with the search in SQL (a selective search reads few rows).

What is held is dropped when the filters change, when the day changes, when the database's
change token moves (every write through a session moves it), and when the view says its
curator changed something (`expire`, or `fresh=True`). A database without a change token is never trusted
to be unchanged: every call reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .database import Database
from .people_rows import BaseQuery, mentee_rows_in, mentor_rows_in, refine, search_words


def narrows(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether every row matching the words `after` matches the words `before`: each earlier
    word is part of one of the new words (the empty search is narrowed by any search)."""
    return all(any(old in new for new in after) for old in before)


@dataclass(frozen=True)
class _Answer:
    words: tuple[str, ...]
    rows: list[Any]


class RowSource:
    """The rows of one base (mentees of a programme, or the mentors it sees) for one view.
    Safe to call from any thread, one call at a time."""

    def __init__(self, db: Database, programme_id: int | None, mentees: bool) -> None:
        self.db = db
        self.programme_id = programme_id
        self.mentees = mentees
        self.reads = 0  # how many times the database was read (tests, benchmarks)
        self._lock = threading.Lock()
        self._stamp: tuple[str, date] | None = None
        self._filters: BaseQuery | None = None
        self._whole: list[Any] | None = None  # the base with the filters, empty search
        self._last: _Answer | None = None
        self._expired = False

    def expire(self) -> None:
        """Make the next call read the database (the curator changed something). Returns at
        once, even while another thread is reading."""
        self._expired = True

    def rows(self, query: BaseQuery, today: date | None = None, *,
             fresh: bool = False) -> list[Any]:
        """The rows for the query, sorted by name, as `mentee_rows`/`mentor_rows` give them."""
        today = today or date.today()
        words = search_words(query.text)
        filters = replace(query, text="")
        with self._lock:
            if self._expired:
                self._expired, fresh = False, True
            token = self.db.change_token()
            stamp = (token, today) if token else None
            if fresh or stamp is None or stamp != self._stamp or filters != self._filters:
                self._stamp, self._filters, self._whole, self._last = stamp, filters, None, None
            start = self._start(words)
            if start is None and self._last is not None:  # wider: read the whole base once
                self._whole = start = self._read(filters, today)
            found = self._read(query, today) if start is None else refine(start, words)
            if not words:
                self._whole = found
            self._last = _Answer(words, found)
            return list(found)

    def _start(self, words: tuple[str, ...]) -> list[Any] | None:
        """The held rows that hold every answer to these words: the smaller of the last
        answer (if the search narrows it) and the whole base."""
        last, whole = self._last, self._whole
        if (last is not None and narrows(last.words, words)
                and (whole is None or len(last.rows) <= len(whole))):
            return last.rows
        return whole

    def _read(self, query: BaseQuery, today: date) -> list[Any]:
        self.reads += 1
        with self.db.read() as s:
            if self.mentees:
                assert self.programme_id is not None
                return mentee_rows_in(s, self.programme_id, query, today)
            return mentor_rows_in(s, self.programme_id, query, today)

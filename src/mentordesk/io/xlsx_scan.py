"""A quick pass over a worksheet's XML before openpyxl reads it: which rows hold real values,
and which cells are merged.

Real files carry formatting far below the list (a border drawn down to row 120 000, a space
typed in C150000); openpyxl would build every one of those cells. This pass runs regular
expressions over the raw XML, chunk by chunk, and finds the last row with a value that is not
blank; openpyxl then reads only up to it. It also collects the merged ranges (`<mergeCell>`),
which openpyxl's read-only mode does not give.

Nothing here expands entities or builds a tree: the XML is only searched, and the archive's
sizes were checked before (`xlsx_safe.inspect_zip`); openpyxl, reading through defusedxml,
still refuses a hostile document afterwards.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

from openpyxl.utils.cell import range_boundaries

CHUNK_BYTES = 4 * 1024 * 1024
MAX_MERGES = 100_000  # more merged ranges than that is no list of people

_P = rb"(?:[\w.-]+:)?"  # an optional namespace prefix («x:row»)
_ROW_START = re.compile(rb"<" + _P + rb"row\b([^>]*?)(/?)>")
_SHEET_DATA_END = re.compile(rb"</" + _P + rb"sheetData\s*>|<" + _P + rb"sheetData\b[^>]*/>")
_VALUE_HINT = re.compile(rb"<" + _P + rb"(?:v|t)\b")
_CELL_PART = re.compile(rb"<" + _P + rb"(c|v|t)\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"\br\s*=\s*[\"']\s*(\d+)")
_TYPE = re.compile(rb"\bt\s*=\s*[\"']([^\"']*)")
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z$]{1,4}\$?\d{1,7}"
                    rb"(?::[A-Za-z$]{1,4}\$?\d{1,7})?)[\"']")
_TAIL = 64 * 1024  # bytes searched again after a chunk boundary: a tag cut in two


class TooManyMerges(Exception):
    """The sheet merges more ranges than any list needs."""


@dataclass
class SheetScan:
    """What the pass found: the last row with a real value (0 for none), how many rows have
    one, and the merged ranges as (min_col, min_row, max_col, max_row), 1-based."""

    last_row: int = 0
    value_rows: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def scan_sheet(stream: IO[bytes], shared_strings: Sequence[object],
               cancelled: Callable[[], bool] | None = None,
               on_cancel: Callable[[], None] | None = None) -> SheetScan:
    """Scan a worksheet part (`xl/worksheets/sheetN.xml`) read from `stream`."""
    scanner = _Scanner(shared_strings)
    buffer = b""
    while True:
        chunk = stream.read(CHUNK_BYTES)
        buffer += chunk
        buffer = scanner.feed(buffer, final=not chunk)
        if not chunk:
            break
        if cancelled is not None and on_cancel is not None and cancelled():
            on_cancel()
    return scanner.scan


class _Scanner:
    def __init__(self, shared_strings: Sequence[object]) -> None:
        self.shared = shared_strings
        self.scan = SheetScan()
        self.row_counter = 0
        self.in_rows = True
        # The row whose body is still arriving: its start tag's attributes and «/».
        self.pending: tuple[bytes, bytes] | None = None
        self.resume = 0  # where the search for row tags goes on in the kept buffer

    def feed(self, buffer: bytes, final: bool) -> bytes:
        """Handle what is complete in `buffer`; return what must wait for the next chunk."""
        if self.in_rows:
            buffer = self._rows(buffer, final)
            if self.in_rows:
                return buffer
        return self._merges(buffer, final)

    def _rows(self, buffer: bytes, final: bool) -> bytes:
        end = _SHEET_DATA_END.search(buffer, self.resume)
        limit = end.start() if end else len(buffer)
        body_start = 0
        for match in _ROW_START.finditer(buffer, self.resume, limit):
            if self.pending is not None:
                self._row(self.pending, buffer[body_start:match.start()])
            self.pending = (match.group(1), match.group(2))
            body_start = match.end()
        if end is None and not final:
            # The last row may go on in the next chunk: keep its body whole.
            kept = buffer[body_start:] if self.pending is not None else buffer[-_TAIL:]
            self.resume = max(0, len(kept) - _TAIL)
            return kept
        if self.pending is not None:
            self._row(self.pending, buffer[body_start:limit])
            self.pending = None
        self.in_rows = False
        return buffer[end.end():] if end else b""

    def _row(self, start: tuple[bytes, bytes], body: bytes) -> None:
        attrs, closed = start
        number = _ROW_NUMBER.search(attrs)
        self.row_counter = int(number.group(1)) if number else self.row_counter + 1
        if closed or not _VALUE_HINT.search(body):
            return  # «<row r="5"/>» or cells with formatting only
        if self._has_value(body):
            self.scan.last_row = max(self.scan.last_row, self.row_counter)
            self.scan.value_rows += 1

    def _has_value(self, body: bytes) -> bool:
        cell_type = b"n"
        for part in _CELL_PART.finditer(body):
            tag, attrs, closed = part.groups()
            if tag == b"c":
                found = _TYPE.search(attrs)
                cell_type = found.group(1) if found else b"n"
                continue
            if closed:
                continue
            text_end = body.find(b"<", part.end())
            text = body[part.end():text_end if text_end >= 0 else len(body)]
            if self._real(tag, cell_type, text):
                return True
        return False

    def _real(self, tag: bytes, cell_type: bytes, text: bytes) -> bool:
        if tag == b"v" and cell_type == b"s":
            try:
                value = self.shared[int(text)]
            except (ValueError, IndexError):
                return True  # openpyxl will say what is wrong with it
            return bool(str(value or "").strip())
        if tag == b"t" or cell_type in (b"str", b"inlineStr", b"e"):
            return bool(html.unescape(text.decode("utf-8", "replace")).strip())
        return bool(text.strip())

    def _merges(self, buffer: bytes, final: bool) -> bytes:
        last = 0
        for match in _MERGE.finditer(buffer):
            last = match.end()
            if len(self.scan.merges) >= MAX_MERGES:
                raise TooManyMerges
            try:
                min_col, min_row, max_col, max_row = range_boundaries(
                    match.group(1).decode("ascii").replace("$", ""))
            except (ValueError, TypeError):
                continue
            if None in (min_col, min_row, max_col, max_row):
                continue
            self.scan.merges.append((int(min_col), int(min_row),
                                     int(max_col), int(max_row)))
        if final:
            return b""
        rest = buffer[last:]
        return rest[-_TAIL:] if len(rest) > _TAIL else rest

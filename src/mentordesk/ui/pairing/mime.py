"""The drag payload: the ids of the mentees being moved, and the programme they belong to
(a drop into another window's programme is refused)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QMimeData

MIME_TYPE = "application/x-mentordesk-mentees"


@dataclass(frozen=True)
class Payload:
    programme_id: int
    mentee_ids: tuple[int, ...]
    source: int | None = None  # the mentor card it came from; None: the unassigned list


def encode(programme_id: int, mentee_ids: Sequence[int], source: int | None = None) -> QMimeData:
    data = QMimeData()
    body = {"programme": programme_id, "mentees": [int(i) for i in mentee_ids], "source": source}
    data.setData(MIME_TYPE, QByteArray(json.dumps(body).encode("utf-8")))
    return data


def decode(data: QMimeData | None) -> Payload | None:
    """The payload, or None for anything that is not ours or is damaged."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return None
    try:
        body = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        ids = tuple(int(i) for i in body["mentees"])
        source = body.get("source")
        return Payload(int(body["programme"]), ids, None if source is None else int(source))
    except (ValueError, KeyError, TypeError):
        return None

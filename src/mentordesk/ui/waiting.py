"""Waiting for background work without a running event loop (screenshots only)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

WAIT_SECONDS = 60.0


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Pump Qt events until `condition` holds; a stuck screen fails loudly instead of hanging."""
    app = QApplication.instance()
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"screenshots: gave up waiting for {what}")
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.01)

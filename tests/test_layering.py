"""The Qt-free layers stay Qt-free: import every module of them in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import mentordesk

QT_FREE = ("model", "services", "storage", "io", "documents", "migrations")


def _modules() -> list[str]:
    names = ["mentordesk", "mentordesk.errors", "mentordesk.settings", "mentordesk.cli"]
    for info in pkgutil.walk_packages(mentordesk.__path__, "mentordesk."):
        layer = info.name.split(".")[1]
        if layer in QT_FREE and not info.name.startswith("mentordesk.migrations.env"):
            names.append(info.name)
    return names


def test_qt_free_layers_do_not_import_qt() -> None:
    modules = _modules()
    assert any(n.startswith("mentordesk.services.") for n in modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "ui = sorted(m for m in sys.modules if m.startswith('mentordesk.ui'))\n"
        "print(leaked, ui)\n"
        "sys.exit(1 if leaked or ui else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

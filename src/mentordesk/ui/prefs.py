"""The window's own preferences (geometry, recent files) in QSettings.

With MENTORDESK_HOME set (tests, screenshots, portable installs) they go to an INI file under
`settings.config_dir()`, so nothing touches the user's registry or ~/.config.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from ..settings import HOME_ENV, SETTINGS, config_dir

RECENT_KEY = "recent/files"
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"


def make_settings() -> QSettings:
    if os.environ.get(HOME_ENV):
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return QSettings(str(folder / "mentordesk.ini"), QSettings.Format.IniFormat)
    return QSettings()


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):  # an INI file returns a one-item list as a plain string
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [str(v) for v in value if str(v)]


def add_recent_file(settings: QSettings, target: str) -> list[str]:
    """Put the target first, drop duplicates, keep `SETTINGS.recent_files_kept` entries."""
    key = _same_file_key(target)
    files = [target] + [f for f in recent_files(settings) if _same_file_key(f) != key]
    files = files[: SETTINGS.recent_files_kept]
    settings.setValue(RECENT_KEY, files)
    return files


def remove_recent_file(settings: QSettings, target: str) -> list[str]:
    key = _same_file_key(target)
    files = [f for f in recent_files(settings) if _same_file_key(f) != key]
    settings.setValue(RECENT_KEY, files)
    return files


def _same_file_key(target: str) -> str:
    if "://" in target:
        return target
    return os.path.normcase(str(Path(target).expanduser().absolute()))

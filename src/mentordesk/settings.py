"""Every setting declared once, with its default. Paths come from platformdirs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "MentorDesk"
APP_AUTHOR = "MentorDesk"
# Tests and portable installs point everything elsewhere with this variable.
HOME_ENV = "MENTORDESK_HOME"


@dataclass(frozen=True)
class Settings:
    backups_kept: int = 10
    recent_files_kept: int = 8
    lock_suffix: str = ".lock"
    default_db_name: str = "mentordesk.sqlite"


SETTINGS = Settings()


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "data"
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))


def config_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / SETTINGS.default_db_name


def backups_dir() -> Path:
    return data_dir() / "backups"


def ensure_private_dir(path: Path) -> Path:
    """Create a directory readable by the owner only (children's personal data lives here)."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except OSError:  # e.g. a shared folder that refuses chmod; the data stays, only looser
        pass
    return path

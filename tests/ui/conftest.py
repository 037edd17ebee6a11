"""Qt runs offscreen; every test gets its own MENTORDESK_HOME, so no user settings are touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from mentordesk.services.database import Database, open_database  # noqa: E402
from mentordesk.services.programme import create_programme  # noqa: E402
from mentordesk.ui.app import configure_application  # noqa: E402
from mentordesk.ui.messages import Messenger  # noqa: E402

PROGRAMME_TITLE = "Программа наставничества на 2025/2026 учебный год"


class FakeMessenger(Messenger):
    """Answers at once and remembers what it was asked, so no dialog ever blocks a test."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.infos: list[tuple[str, str]] = []
        self.locked: list[str] = []
        self.read_only_answer = True
        self.open_path: str | None = None
        self.new_path: str | None = None
        self.confirm_answer = True
        self.asked: list[str] = []
        self.save_path: str | None = None
        self.save_asked: list[tuple[str, str, str]] = []

    def error(self, parent: QWidget | None, exc: BaseException) -> None:
        self.errors.append(exc)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.infos.append((title, text))

    def locked_choice(self, parent: QWidget | None, message: str, *, at_startup: bool) -> bool:
        self.locked.append(message)
        return self.read_only_answer

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def ask_save_path(self, parent: QWidget | None, caption: str, suggested: str,
                      filter: str) -> str | None:  # noqa: A002
        self.save_asked.append((caption, suggested, filter))
        return self.save_path

    def ask_open_path(self, parent: QWidget | None, start: str = "") -> str | None:
        return self.open_path

    def ask_new_path(self, parent: QWidget | None, start: str = "") -> str | None:
        return self.new_path


@pytest.fixture(scope="session", autouse=True)
def configured_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def mentordesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MENTORDESK_HOME", str(home))
    return home


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "test-settings.ini"), QSettings.Format.IniFormat)


def make_programme_db(path: Path) -> tuple[Database, int]:
    db = open_database(path)
    programme_id = create_programme(
        db, title=PROGRAMME_TITLE, starts_on=date(2025, 9, 1), ends_on=date(2026, 8, 31),
        organisation_name="МБОУ «СОШ № 12»")
    return db, programme_id


@pytest.fixture
def programme_db(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    """An open database with one programme and the template roadmap."""
    db, programme_id = make_programme_db(tmp_path / "school.sqlite")
    yield db, programme_id
    db.close()


@pytest.fixture
def programme_file(tmp_path: Path) -> Path:
    """A closed database file with one programme, for a window to open."""
    path = tmp_path / "school.sqlite"
    db, _ = make_programme_db(path)
    db.close()
    return path

"""Shared by the services tests: the demonstration school at stage 6, built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mentordesk.services.database import Database, open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.programme import create_programme

DEMO_TODAY = date(2027, 3, 15)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration school at stage 6 as of DEMO_TODAY; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(folder))
        db = open_database(folder / "demo.sqlite")
        build_demo(db, "school", 6, today=DEMO_TODAY)
        db.close()
    return folder / "demo.sqlite"


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "демо.sqlite"
    shutil.copyfile(demo_file, path)
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def programme(db: Database) -> int:
    return create_programme(db, title="Программа наставничества", starts_on=date(2026, 9, 1),
                            ends_on=date(2027, 8, 31), organisation_name="МБОУ СОШ № 5")

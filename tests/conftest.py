"""Fixtures shared by the whole suite: a private MENTORDESK_HOME per test, real SQLite files,
and a real PostgreSQL server when MENTORDESK_TEST_PG_URL names one (.ci/run starts it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "MENTORDESK_TEST_PG_URL"
REQUIRE_PG_ENV = "MENTORDESK_REQUIRE_PG"


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, backups and the default database of each test live in its own folder."""
    path = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MENTORDESK_HOME", str(path))
    return path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated and seeded database, copied for each test that needs one."""
    from mentordesk.services.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    old = os.environ.get("MENTORDESK_HOME")
    os.environ["MENTORDESK_HOME"] = str(path.parent)
    try:
        open_database(path).close()
    finally:
        if old is None:
            os.environ.pop("MENTORDESK_HOME", None)
        else:
            os.environ["MENTORDESK_HOME"] = old
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    """A real SQLite file, already at the newest schema (Cyrillic in the name on purpose)."""
    path = tmp_path / "школа.sqlite"
    shutil.copyfile(migrated_template, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    from mentordesk.services.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get(REQUIRE_PG_ENV):
            pytest.fail(f"{PG_ENV} is not set, but {REQUIRE_PG_ENV} requires PostgreSQL tests")
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (.ci/run does)")
    return url


@pytest.fixture
def pg_url() -> str:
    """A PostgreSQL URL with an empty public schema."""
    from sqlalchemy import create_engine, text

    url = pg_url_or_skip()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:  # a configured but unreachable server is a failure, not a skip
        pytest.fail(f"PostgreSQL at {PG_ENV} is not usable: {exc}")
    finally:
        engine.dispose()
    return url

"""Fixtures shared by the whole suite: a private MENTORDESK_HOME per test, real SQLite files,
and a real PostgreSQL server when MENTORDESK_TEST_PG_URL names one (.ci/run starts it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def pg_session_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Like pg_url, but one schema for the whole session (for tests that roll back)."""
    yield from _private_schema(request)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, private schema.

    A schema of its own per test keeps concurrent runs against one server apart.
    """
    yield from _private_schema(request)


def _private_schema(request: pytest.FixtureRequest) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = pg_url_or_skip()
    schema = f"t{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    engine = create_engine(base)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # a configured but unreachable server is a failure, not a skip
        engine.dispose()
        pytest.fail(f"PostgreSQL at {PG_ENV} is not usable: {exc}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


# --- Demonstration databases, built once per session; each test works on its own copy --------

# The school at stage 6 (approved pairs with their plans and meetings), as of this day.
DEMO_TODAY = date(2027, 3, 15)
# The school at stage 5 (selected and trained mentors, mentees with their requests and
# consents, the general meeting and the questionnaires, no pairs yet), as of this day.
STAGE5_TODAY = date(2026, 11, 20)


def build_demo_file(factory: pytest.TempPathFactory, name: str, stage: int, today: date,
                    seed: int = 1) -> Path:
    """A demonstration school at `stage`, written to a file of its own folder."""
    from mentordesk.services.database import open_database
    from mentordesk.services.demo import build_demo

    folder = factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENTORDESK_HOME", str(folder))
        db = open_database(folder / f"{name}.sqlite")
        build_demo(db, "school", stage, today=today, seed=seed)
        db.close()
    return folder / f"{name}.sqlite"


def open_copy(source: Path, target: Path) -> Iterator[Any]:
    """Open a private copy of `source` at `target` for the test, closed after it."""
    from mentordesk.services.database import open_database

    shutil.copyfile(source, target)
    db = open_database(target)
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_file(tmp_path_factory, "demo", 6, DEMO_TODAY)


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Any]:
    yield from open_copy(demo_file, tmp_path / "демо.sqlite")


@pytest.fixture(scope="session")
def stage5_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_file(tmp_path_factory, "stage5", 5, STAGE5_TODAY, seed=3)


@pytest.fixture
def demo5(stage5_file: Path, tmp_path: Path) -> Iterator[Any]:
    yield from open_copy(stage5_file, tmp_path / "этап5.sqlite")


@pytest.fixture(scope="session")
def final_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The school at stage 7: the register holds the final event's awards."""
    return build_demo_file(tmp_path_factory, "final", 7, date(2027, 7, 15))


@pytest.fixture
def final(final_file: Path, tmp_path: Path) -> Iterator[Any]:
    yield from open_copy(final_file, tmp_path / "итоги.sqlite")

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


# --- A small hand-built school for the pairing tests ---------------------------------------------


def small_school(db: Any) -> dict[str, int]:
    """A teacher mentor for two, a 9th-grade pupil mentor for one; mentees: an 8th-grader, a
    7th-grader and a 10th-grader with consents, and a 6th-grader without one."""
    from datetime import date

    from sqlalchemy import select

    from mentordesk import model as m

    with db.write() as s:
        forms = {f.name: f for f in s.scalars(select(m.MentoringForm))}
        kinds = {k.name: k for k in s.scalars(select(m.RequestKind))}
        programme = m.Programme(title="Программа наставничества", starts_on=date(2026, 9, 1),
                                ends_on=date(2027, 8, 31), training_required=False,
                                forms=[forms["ученик – ученик"], forms["педагог – ученик"]])
        s.add(programme)

        def person(last: str, first: str, kind: m.PersonKind, grade: int | None, born: date,
                   consent: bool = True) -> m.Person:
            p = m.Person(last_name=last, first_name=first, patronymic="Андреевич", kind=kind,
                         grade=grade, group_name=f"{grade}Б" if grade else "", birth_date=born,
                         position="" if grade else "учитель математики")
            if consent:
                p.consents.append(m.Consent(
                    signer=m.ConsentSigner.GUARDIAN if grade else m.ConsentSigner.SELF,
                    guardian_name="Смирнова Ольга Павловна", signed_on=date(2026, 9, 2)))
            s.add(p)
            return p

        ids: dict[str, int] = {"programme": 0}
        for key, last, first, kind, grade, born, form, capacity in (
            ("teacher", "Орлова", "Анна", m.PersonKind.TEACHER, None, date(1982, 3, 1),
             "педагог – ученик", 2),
            ("pupil", "Соколов", "Пётр", m.PersonKind.PUPIL, 9, date(2011, 4, 1),
             "ученик – ученик", 1),
        ):
            mentor = m.MentorProfile(person=person(last, first, kind, grade, born),
                                     programme=programme, capacity=capacity,
                                     status=m.MentorStatus.SELECTED, entered_on=date(2026, 9, 5),
                                     competences=["ликвидация пробелов в знаниях"],
                                     interests=["шахматы"], forms=[forms[form]])
            s.add(mentor)
            s.flush()
            ids[key] = mentor.id
        for key, last, first, grade, born, consent in (
            ("eighth", "Ёлкин", "Семён", 8, date(2012, 5, 1), True),
            ("seventh", "Белов", "Артём", 7, date(2013, 5, 1), True),
            ("tenth", "Громов", "Олег", 10, date(2010, 5, 1), True),
            ("noconsent", "Дронов", "Илья", 6, date(2014, 5, 1), False),
        ):
            mentee = m.MenteeProfile(person=person(last, first, m.PersonKind.PUPIL, grade, born,
                                                   consent),
                                     programme=programme, entered_on=date(2026, 9, 5),
                                     request_kind=kinds["Неуспеваемость"],
                                     request_text="Пробелы по математике", subjects=["математика"],
                                     interests=["шахматы"], status=m.MenteeStatus.WAITING)
            s.add(mentee)
            s.flush()
            ids[key] = mentee.id
        ids["programme"] = programme.id
    return ids


@pytest.fixture
def build_school() -> Any:
    """The builder of the small school, for a database the test opens itself (PostgreSQL)."""
    return small_school


@pytest.fixture
def school(db: Any) -> dict[str, int]:
    return small_school(db)

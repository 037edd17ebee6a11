"""Schema migrations with Alembic, run at start-up, with a refusal of newer schemas."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from .. import migrations
from ..errors import SchemaTooNew, StorageError

SCRIPT_LOCATION = Path(migrations.__file__).resolve().parent


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    return cfg


@functools.cache
def script_directory() -> ScriptDirectory:
    """Loaded once: reading the scripts compiles them, the slowest part of opening a database."""
    return ScriptDirectory.from_config(_config())


@functools.cache
def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in script_directory().walk_revisions())


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def too_new_message(revision: str) -> str:
    return (
        f"Эта база данных создана более новой версией MentorDesk (схема {revision}). "
        "Чтобы не повредить данные, эта версия программы её не открывает. "
        "Обновите MentorDesk до последней версии."
    )


def check_revision(revision: str | None, *, has_tables: bool) -> None:
    """Refuse a database we cannot safely write: a newer schema, or not ours at all."""
    if revision is None:
        if has_tables:
            raise StorageError(
                "Этот файл — база данных, но не MentorDesk: в нём нет сведений о версии схемы. "
                "Откройте файл MentorDesk или создайте новую базу."
            )
        return
    if revision not in known_revisions():
        raise SchemaTooNew(too_new_message(revision))


def inspect_state(engine: Engine) -> tuple[bool, str | None]:
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        revision = current_revision(conn) if "alembic_version" in tables else None
    return bool(tables), revision


def upgrade(engine: Engine, target: str = "head") -> None:
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)

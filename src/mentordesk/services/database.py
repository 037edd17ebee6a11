"""Opening a database: resolve the target, refuse what we must not write, take the writer
lock, back up, migrate, seed the reference data. Every service works through `Database`."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import (
    ConflictError,
    DatabaseCorrupt,
    MentorDeskError,
    ReadOnlyError,
    StorageError,
    WriteProtected,
)
from ..model import AppMeta
from ..model.events import CHANGE_TOKEN_KEY
from ..settings import ensure_private_dir
from ..storage import backup as backups
from ..storage import migrate
from ..storage.engine import (
    corrupt_message,
    create_app_engine,
    display_name,
    probe_sqlite,
    resolve_url,
    sqlite_path,
)
from ..storage.lock import WriterLock

DISK_FULL_MESSAGE = (
    "На диске закончилось место, изменения не сохранены. "
    "Освободите место на диске и повторите действие — введённые данные остались в окне."
)


@dataclass
class Database:
    """An open database: the engine, whether we may write, and the writer lock we hold."""

    url: URL
    engine: Engine
    read_only: bool = False
    lock: WriterLock | None = None
    migrated_from: str | None = None
    backup_made: Path | None = None
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def name(self) -> str:
        return display_name(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed. Closing it (not rolling back)
        leaves the loaded objects readable, detached."""
        with self._factory() as session, _translate_errors(self):
            yield session

    @contextmanager
    def write(self, actor: str = "куратор") -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back whole on any error."""
        if self.read_only:
            raise ReadOnlyError(
                "База открыта только для чтения: изменения сохранить нельзя. "
                "Закройте другое окно MentorDesk с этой базой и откройте её снова."
            )
        with self._factory() as session, _translate_errors(self):
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def change_token(self) -> str:
        with self.read() as s:
            return s.scalar(select(AppMeta.value).where(AppMeta.key == CHANGE_TOKEN_KEY)) or ""

    def backup(self, reason: str = "manual") -> Path | None:
        """A verified backup of a SQLite database; None for a server database."""
        if self.path is None:
            return None
        return backups.make_backup(self.path, reason, token=self.change_token())

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@contextmanager
def _translate_errors(db: Database) -> Iterator[None]:
    try:
        yield
    except MentorDeskError:
        raise
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "disk is full" in text or "database or disk is full" in text:
            raise StorageError(DISK_FULL_MESSAGE) from exc
        if "locked" in text or "busy" in text:
            raise StorageError(
                "База данных занята другим процессом. Подождите несколько секунд и повторите."
            ) from exc
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyError(
                "Файл базы данных защищён от записи. Проверьте права на файл или папку."
            ) from exc
        raise StorageError(f"Ошибка базы данных: {exc.orig}") from exc
    except IntegrityError as exc:
        # Services validate first; this is the safety net under them.
        raise ConflictError(
            "Изменение не сохранено: оно противоречит уже сохранённым данным "
            "(повтор записи или ссылка на удалённую). Обновите окно и повторите.",
            details=str(exc.orig),
        ) from exc
    except DBAPIError as exc:
        if isinstance(exc.orig, sqlite3.DatabaseError) and "malformed" in str(exc.orig):
            raise DatabaseCorrupt(corrupt_message(db.path or Path(db.name))) from exc
        raise


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    startup_backup: bool = False,
    create: bool = True,
) -> Database:
    """Open and upgrade a database, creating a new one when `create` (and not read-only).
    Raises the app's StorageError kinds."""
    url = resolve_url(target)
    path = sqlite_path(url)
    lock: WriterLock | None = None
    if path is not None:
        if path.is_dir():
            raise StorageError(f"«{path}» — это папка, а не файл базы данных. Укажите файл.")
        if path.exists():
            has_tables, revision = probe_sqlite(path)
            migrate.check_revision(revision, has_tables=has_tables)
            if not has_tables and (read_only or not create):
                raise StorageError(f"Файл «{path.name}» пуст: в нём нет базы MentorDesk. "
                                   "Укажите файл базы данных.")
            if not read_only and (not path.stat().st_mode & stat.S_IWUSR
                                  or not os.access(path, os.W_OK)
                                  or not os.access(path.parent, os.W_OK)):
                raise WriteProtected(
                    f"Файл базы данных «{path.name}» (или его папка) защищён от записи. Откройте "
                    "его только для чтения или снимите защиту в свойствах файла.")
        elif read_only or not create:
            raise StorageError(f"Файл базы данных «{path}» не найден.")
        if not read_only:
            ensure_private_dir(path.parent)  # the first start: no data folder yet
            lock = WriterLock(path)
            lock.acquire()
    try:
        return _open(url, read_only=read_only, lock=lock, startup_backup=startup_backup)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open(url: URL, *, read_only: bool, lock: WriterLock | None, startup_backup: bool) -> Database:
    engine = create_app_engine(url, read_only=read_only)
    try:
        has_tables, revision = migrate.inspect_state(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(
            f"Не удалось подключиться к базе данных {display_name(url)}: {exc.orig}"
        ) from exc
    migrate.check_revision(revision, has_tables=has_tables)
    db = Database(url=url, engine=engine, read_only=read_only, lock=lock)
    head = migrate.head_revision()
    if revision != head:
        if read_only:
            engine.dispose()
            raise StorageError(
                "База создана предыдущей версией MentorDesk и требует обновления, "
                "а открыта только для чтения. Откройте её для записи, чтобы обновить."
            )
        if revision is not None and db.path is not None:
            db.backup_made = backups.make_backup(db.path, f"before-upgrade-{revision}")
        migrate.upgrade(engine)
        db.migrated_from = revision
    if not read_only:
        from .reference import ensure_reference_data

        ensure_reference_data(db)
        if startup_backup and db.path is not None:
            token = db.change_token()
            if token and token != backups.last_backup_token(db.path):
                db.backup_made = db.backup("start")
    return db

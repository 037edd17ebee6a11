"""Listing and restoring backups of a SQLite database."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import MentorDeskError, StorageError
from ..storage import backup as store
from ..storage.engine import resolve_url, sqlite_path
from ..storage.lock import WriterLock

_STAMP = re.compile(r"-(\d{8}-\d{6})-\d+-(.+)$")
REASONS = {
    "start": "при запуске",
    "manual": "вручную",
    "before-restore": "перед восстановлением",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime | None
    reason: str
    size: int

    @property
    def label(self) -> str:
        when = self.made_at.strftime("%d.%m.%Y %H:%M:%S") if self.made_at else "?"
        return f"{when} — {self.reason}"


def _describe(path: Path) -> BackupInfo:
    match = _STAMP.search(path.stem)
    made_at = reason = None
    if match:
        made_at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        raw = match.group(2)
        reason = REASONS.get(raw) or (
            "перед обновлением схемы" if raw.startswith("before-upgrade") else raw)
    return BackupInfo(path, made_at, reason or "", path.stat().st_size)


def _db_path(target: str | os.PathLike[str] | None) -> Path:
    path = sqlite_path(resolve_url(target))
    if path is None:
        raise StorageError("Резервные копии базы на сервере PostgreSQL делает администратор сервера.")
    return path


def list_backups(target: str | os.PathLike[str] | None) -> list[BackupInfo]:
    """Newest first."""
    return [_describe(p) for p in reversed(store.list_backups(_db_path(target)))]


def restore_backup(target: str | os.PathLike[str] | None, source: Path | None = None) -> Path:
    """Put a backup in place of the database (the newest one when `source` is None).

    The current file is kept: backed up when it is readable, else moved aside as
    «….damaged-…», so a restore never destroys anything. Returns the backup used.
    """
    db_path = _db_path(target)
    if source is None:
        found = store.list_backups(db_path)
        if not found:
            raise StorageError(f"Для базы «{db_path.name}» нет резервных копий.")
        source = found[-1]
    store.verify(source)
    lock = WriterLock(db_path)
    lock.acquire()
    try:
        if db_path.exists():
            try:
                store.make_backup(db_path, "before-restore", protect=source)
            except MentorDeskError:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                db_path.replace(db_path.with_name(f"{db_path.name}.damaged-{stamp}"))
                for suffix in ("-wal", "-shm"):
                    Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        store.restore(source, db_path)
    finally:
        lock.release()
    return source


def copy_database(target: str | os.PathLike[str], dest: Path) -> Path | None:
    """A consistent private copy of a SQLite database file (None for a server or no file)."""
    path = sqlite_path(resolve_url(target))
    if path is None or not path.is_file():
        return None
    try:
        store.copy_sqlite(path, dest)
    except sqlite3.Error:
        dest.unlink(missing_ok=True)
        return None
    return dest

"""Verified, rotated backups of a SQLite database through SQLite's own backup API."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..errors import StorageError, os_reason
from ..settings import SETTINGS, backups_dir, ensure_private_dir

_LAST = "last.json"


def backup_folder(db_path: Path) -> Path:
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return backups_dir() / f"{db_path.stem}-{digest}"


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_folder(db_path)
    if not folder.exists():
        return []
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.name)


def last_backup_token(db_path: Path) -> str | None:
    try:
        data = json.loads((backup_folder(db_path) / _LAST).read_text(encoding="utf-8"))
        token = data.get("token")
        return token if isinstance(token, str) else None
    except (OSError, ValueError, AttributeError):
        return None


def verify(path: Path) -> None:
    if not path.is_file():
        raise StorageError(f"Резервная копия «{path.name}» не найдена: возможно, её удалили.")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Резервная копия «{path.name}» не открывается: {exc}") from exc
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"Резервная копия «{path.name}» не читается: {exc}") from exc
    finally:
        conn.close()
    if not result or result[0] != "ok":
        raise StorageError(f"Резервная копия «{path.name}» не прошла проверку целостности.")


def make_backup(
    db_path: Path,
    reason: str,
    *,
    token: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    protect: Path | None = None,
) -> Path:
    """Copy the database page by page with the backup API, verify the copy, rotate old ones.

    A file copy would catch a WAL database half-written; the backup API does not.
    """
    ensure_private_dir(backups_dir().parent)
    ensure_private_dir(backups_dir())
    folder = ensure_private_dir(backup_folder(db_path))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    partial = final.with_suffix(".partial")
    try:
        src = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                def _step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                src.backup(dest, pages=256, progress=_step)
                # A standalone copy: no -wal/-shm files beside it.
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            src.close()
        partial.chmod(0o600)
        verify(partial)
        partial.replace(final)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"Не удалось сделать резервную копию базы: {os_reason(exc)}. "
            "Проверьте, что на диске есть свободное место."
        ) from exc
    except StorageError:
        partial.unlink(missing_ok=True)
        raise
    if token is not None:
        (folder / _LAST).write_text(
            json.dumps({"token": token, "file": final.name}), encoding="utf-8"
        )
    rotate(db_path, protect=protect)
    return final


def rotate(db_path: Path, keep: int = SETTINGS.backups_kept, protect: Path | None = None) -> None:
    """Delete all but the newest `keep` backups; `protect` (a copy in use) is never deleted."""
    for old in list_backups(db_path)[:-keep]:
        if protect is None or old.resolve() != protect.resolve():
            old.unlink(missing_ok=True)


def copy_sqlite(source: Path, dest: Path) -> None:
    """Copy a database page by page through the backup API, reading the source read-only."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dest)
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()


def restore(backup: Path, db_path: Path) -> None:
    """Write a verified backup over the database through the backup API (the caller holds the lock)."""
    verify(backup)
    copy_sqlite(backup, db_path)

"""One writer per database file.

The lock is an OS lock (flock / msvcrt) on a file beside the database. The OS drops it
when the process dies, so a lock left by a killed process is simply taken over; the
file's text (pid, host, time) only serves to tell the user who holds a live lock.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..errors import DatabaseLocked, StorageError, os_reason
from ..settings import SETTINGS

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SETTINGS.lock_suffix)


def read_owner(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def describe_owner(owner: dict[str, Any]) -> str:
    if not owner:
        return "другой программой MentorDesk"
    host = owner.get("host", "")
    pid = owner.get("pid", "?")
    since = owner.get("since", "")
    where = "на этом компьютере" if host == socket.gethostname() else f"на компьютере «{host}»"
    try:
        when = f" с {datetime.fromisoformat(since):%d.%m.%Y %H:%M}" if since else ""
    except ValueError:
        when = ""
    return f"другим окном MentorDesk {where} (процесс {pid}){when}"


class WriterLock:
    """Held for as long as a window or command writes to the database."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path_for(db_path)
        self._fh: IO[str] | None = None
        self.took_over_stale = False

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> None:
        if self._fh is not None:
            return
        try:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  (kept open while held)
        except OSError as exc:
            raise StorageError(
                f"Не удалось создать файл блокировки «{self.path}»: {os_reason(exc)}. "
                "Проверьте, что папка с базой доступна для записи, или откройте базу только для чтения."
            ) from exc
        try:
            self.path.chmod(0o600)
        except OSError:
            pass
        if not _try_lock(fh):
            fh.close()
            owner = read_owner(self.path)
            raise DatabaseLocked(
                f"База данных уже открыта {describe_owner(owner)}. "
                "Закройте то окно или откройте базу только для чтения.",
                owner=json.dumps(owner, ensure_ascii=False),
            )
        previous = read_owner(self.path)
        self.took_over_stale = bool(previous) and previous.get("pid") != os.getpid()
        fh.seek(0)
        fh.truncate()
        # On Windows the first byte is the locked region; the text starts after it.
        fh.write(("\n" if sys.platform == "win32" else "") + json.dumps({
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            _unlock(fh)
        finally:
            fh.close()
        # The file stays: unlinking it would let a waiting process lock an orphaned inode.

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

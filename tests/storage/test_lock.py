"""One writer: a second instance is told who holds the file; a killed one's lock is taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mentordesk.errors import DatabaseLocked, ReadOnlyError
from mentordesk.model import Person
from mentordesk.services.database import open_database
from mentordesk.storage.lock import WriterLock, lock_path_for

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from mentordesk.storage.lock import WriterLock
    lock = WriterLock(Path(sys.argv[1]))
    lock.acquire()
    print("held", flush=True)
    time.sleep(120)
""")


def _holder(db_path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_instance_in_this_process_is_refused(db_path: Path) -> None:
    first = open_database(db_path)
    try:
        with pytest.raises(DatabaseLocked) as err:
            open_database(db_path)
        assert "уже открыта" in err.value.message
        assert f"процесс {os.getpid()}" in err.value.message
        assert "только для чтения" in err.value.message
    finally:
        first.close()
    open_database(db_path).close()  # released: free again


def test_second_instance_may_read_but_not_write(db_path: Path) -> None:
    first = open_database(db_path)
    try:
        reader = open_database(db_path, read_only=True)
        try:
            assert reader.read_only
            with reader.read() as s:
                assert s.query(Person).count() == 0
            with pytest.raises(ReadOnlyError), reader.write() as s:
                s.add(Person(last_name="А", first_name="Б", kind="pupil"))
        finally:
            reader.close()
    finally:
        first.close()


def test_another_process_holding_the_lock(db_path: Path) -> None:
    proc = _holder(db_path)
    try:
        with pytest.raises(DatabaseLocked) as err:
            open_database(db_path)
        assert f"процесс {proc.pid}" in err.value.message
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_lock_of_a_killed_process_is_taken_over(db_path: Path) -> None:
    proc = _holder(db_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    owner = json.loads(lock_path_for(db_path).read_text(encoding="utf-8"))
    assert owner["pid"] == proc.pid  # the dead process left its lock file behind
    db = open_database(db_path)
    try:
        assert db.lock is not None and db.lock.took_over_stale
        owner = json.loads(lock_path_for(db_path).read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid()
    finally:
        db.close()


def test_stale_lock_file_with_garbage_is_taken_over(db_path: Path) -> None:
    lock_path_for(db_path).write_text("{not json", encoding="utf-8")
    lock = WriterLock(db_path)
    lock.acquire()
    try:
        assert lock.held
    finally:
        lock.release()
    assert not WriterLock(db_path).held

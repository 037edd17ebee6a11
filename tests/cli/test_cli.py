"""The command line, run as a curator's script would run it: a real process, real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk.storage.lock import WriterLock


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MENTORDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "mentordesk", *args], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("clihome")
    path = home / "демо.sqlite"
    result = run("demo", "--db", str(path), "--stage", "6", home=home)
    assert result.returncode == 0, result.stderr
    assert "Демонстрационная база создана" in result.stdout
    return path


def test_demo_then_stats_json(demo_db: Path, home: Path) -> None:
    result = run("stats", "--db", str(demo_db), "--json", home=home)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("persons", "mentors", "mentees", "pairs", "programmes", "current_stage"):
        assert isinstance(data[key], int), key
    assert data["current_stage"] == 6
    assert data["persons"] >= 340 and data["mentees"] == 60 and data["mentors"] == 25
    assert data["pairs"] > 0 and data["programmes"] == 1


def test_demo_stage_default_is_3(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "d.sqlite"
    assert run("demo", "--db", str(path), home=home).returncode == 0
    data = json.loads(run("stats", "--db", str(path), "--json", home=home).stdout)
    assert data["current_stage"] == 3 and data["pairs"] == 0 and data["mentors"] == 25


def test_demo_refuses_a_database_with_data(demo_db: Path, home: Path) -> None:
    result = run("demo", "--db", str(demo_db), home=home)
    assert result.returncode == 1
    assert "уже содержит данные" in result.stderr


def test_check_good_and_bad(demo_db: Path, tmp_path: Path, home: Path) -> None:
    good = run("check", "--db", str(demo_db), home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "проблем не найдено" in good.stdout

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8192)
    bad = run("check", "--db", str(broken), home=home)
    assert bad.returncode != 0
    assert "повреждён" in bad.stdout

    missing = run("check", "--db", str(tmp_path / "нет.sqlite"), "--json", home=home)
    assert missing.returncode != 0
    assert json.loads(missing.stdout)["ok"] is False


def test_check_finds_a_dangling_reference(demo_db: Path, tmp_path: Path, home: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    src = sqlite3.connect(demo_db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA foreign_keys=OFF")
    dst.execute("UPDATE pair_members SET mentee_id = 987654 WHERE id = (SELECT min(id) FROM pair_members)")
    dst.commit()
    dst.close()
    result = run("check", "--db", str(copy), home=home)
    assert result.returncode == 1
    assert "pair_members" in result.stdout


def test_stats_on_a_missing_file_and_bad_url(tmp_path: Path, home: Path) -> None:
    result = run("stats", "--db", str(tmp_path / "нет.sqlite"), "--json", home=home)
    assert result.returncode == 1 and "не найден" in result.stderr
    assert not (tmp_path / "нет.sqlite").exists()
    result = run("stats", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", home=home)
    assert result.returncode == 1 and "Не удалось подключиться" in result.stderr


def test_stats_works_while_the_app_holds_the_file(demo_db: Path, home: Path) -> None:
    lock = WriterLock(demo_db)
    lock.acquire()
    try:
        assert run("stats", "--db", str(demo_db), "--json", home=home).returncode == 0
        result = run("backup", "--db", str(demo_db), home=home)
        assert result.returncode == 1 and "уже открыта" in result.stderr
    finally:
        lock.release()


def test_backup_command(demo_db: Path, home: Path) -> None:
    result = run("backup", "--db", str(demo_db), home=home)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().split(": ", 1)[1])
    assert path.exists() and path.stat().st_size > 0


def test_usage_errors_are_russian(home: Path) -> None:
    result = run("demo", "--stage", "9", "--db", "x.sqlite", home=home)
    assert result.returncode == 2
    assert "недопустимое значение" in result.stderr
    result = run("stats", home=home)
    assert result.returncode == 2 and "обязательные параметры" in result.stderr


def test_shots_writes_pngs(demo_db: Path, tmp_path: Path, home: Path) -> None:
    out = tmp_path / "shots"
    result = run("shots", str(out), "--db", str(demo_db), home=home)
    assert result.returncode == 0, result.stderr
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= 8
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000

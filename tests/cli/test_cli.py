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


def _school_export(path: Path) -> None:
    """A sheet as a school's record system exports it: title rows, a total line below."""
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "7 классы"
    ws.append(["Список обучающихся МБОУ СОШ № 7 на 01.09.2026"])
    ws.append([])
    ws.append(["№ п/п", "Ф.И.О.", "Класс", "Дата рождения", "Ключевой запрос", "Интересы"])
    ws.append([1, "ЁЛКИНА Алёна Сергеевна", "7 «а»", datetime(2013, 3, 5), "адаптация", "шахматы"])
    ws.append([2, "Петров\u00a0Иван Ильич", "7-б", "12.10.2013", "Неуспеваемость: математика", ""])
    ws.append([3, "", "7А", "01.01.2013", "", ""])
    ws.append([4, "Сидоров Олег Петрович", "7А", "01.01.2030", "", ""])
    ws.append([5, "Ёлкина Алёна Сергеевна", "7А", datetime(2013, 3, 5), "", ""])
    ws.append(["Итого: 5"])
    wb.save(path)


def test_import_json_shape_dry_run_and_reimport(tmp_path: Path, home: Path) -> None:
    from datetime import date

    from mentordesk.services.database import open_database
    from mentordesk.services.programme import create_programme

    db = tmp_path / "import.sqlite"
    database = open_database(db)
    create_programme(database, title="Программа", starts_on=date(2026, 9, 1),
                     ends_on=date(2027, 8, 31))
    database.close()
    sheet = tmp_path / "выгрузка.xlsx"
    _school_export(sheet)

    dry = run("import", "mentees", str(sheet), "--db", str(db), "--dry-run", "--json", home=home)
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert list(data) == ["sheet", "header_row", "data_rows", "valid", "imported", "errors",
                          "duplicates"]
    assert data["sheet"] == "7 классы" and data["header_row"] == 3
    assert data["data_rows"] == 5 and data["valid"] == 2 and data["imported"] == 0
    assert {e["row"] for e in data["errors"]} == {6, 7}
    assert all(set(e) == {"row", "column", "message"} for e in data["errors"])
    assert [d["row"] for d in data["duplicates"]] == [8]
    assert json.loads(run("stats", "--db", str(db), "--json", home=home).stdout)["mentees"] == 0

    real = json.loads(run("import", "mentees", str(sheet), "--db", str(db), "--json",
                          home=home).stdout)
    assert real["imported"] == 2
    again = json.loads(run("import", "mentees", str(sheet), "--db", str(db), "--json",
                           home=home).stdout)
    assert again["imported"] == 0 and len(again["duplicates"]) == 3
    assert json.loads(run("stats", "--db", str(db), "--json", home=home).stdout)["mentees"] == 2

    text = run("import", "mentees", str(sheet), "--db", str(db), "--dry-run", home=home)
    assert "строка 7" in text.stdout and "ещё не наступила" in text.stdout


def test_import_of_a_broken_file(tmp_path: Path, home: Path, demo_db: Path) -> None:
    bad = tmp_path / "список.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_db.read_bytes())
    result = run("import", "mentors", str(bad), "--db", str(copy), "--json", home=home)
    assert result.returncode == 1 and result.stderr.strip().startswith("mentordesk: ")
    assert "Traceback" not in result.stderr


def test_export_bases(demo_db: Path, tmp_path: Path, home: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "базы.xlsx"
    result = run("export", "bases", str(out), "--db", str(demo_db), home=home)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["База наставляемых", "База наставников"]
    mentees = wb["База наставляемых"]
    assert mentees["A1"].value == "ФИО" and mentees["A1"].font.bold
    assert mentees.max_row - 1 == 60
    conn = sqlite3.connect(demo_db)
    (kept,) = conn.execute(
        "SELECT count(*) FROM mentor_profiles WHERE status <> 'rejected'").fetchone()
    conn.close()
    assert wb["База наставников"].max_row - 1 == kept  # rejected mentors are left out


@pytest.mark.parametrize("what,suffix,phrase", [
    ("plans", ".pdf", "Индивидуальный план развития"),
    ("order-pairs", ".pdf", "Об утверждении наставнических пар/групп"),
    ("order-curator", ".pdf", "ПРИКАЗ"),
    ("letters", ".pdf", "БЛАГОДАРСТВЕННОЕ ПИСЬМО"),
    ("letters-parents", ".pdf", "БЛАГОДАРСТВЕННОЕ ПИСЬМО"),
    ("diplomas --ids 1", ".pdf", "ГРАМОТА"),
    ("bases", ".pdf", "База наставляемых"),
])
def test_print_documents(demo_db: Path, tmp_path: Path, home: Path, what: str, suffix: str,
                         phrase: str) -> None:
    import shutil

    copy = tmp_path / "copy.sqlite"  # letters and diplomas write the awards register
    copy.write_bytes(demo_db.read_bytes())
    kind, *extra = what.split()
    out = tmp_path / f"{kind}{suffix}"
    result = run("print", kind, "--db", str(copy), "--out", str(out), *extra, home=home)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.tmp*")) and not list(tmp_path.glob(".*"))
    if kind in ("letters", "letters-parents", "diplomas"):
        conn = sqlite3.connect(copy)
        (registered,) = conn.execute("SELECT count(*) FROM awards WHERE kind IN "
                                     "('thanks', 'thanks_parents', 'diploma')").fetchone()
        conn.close()
        assert registered >= 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert phrase in text


def test_print_order_as_docx_and_certificates_into_the_register(demo_db: Path, tmp_path: Path,
                                                               home: Path) -> None:
    import docx

    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_db.read_bytes())
    out = tmp_path / "приказ.docx"
    assert run("print", "order-pairs", "--db", str(copy), "--out", str(out),
               home=home).returncode == 0
    document = docx.Document(str(out))
    assert document.tables and len(document.tables[0].rows) > 1

    certs = tmp_path / "сертификаты.pdf"
    result = run("print", "certificates", "--db", str(copy), "--out", str(certs), "--ids", "1",
                 home=home)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(copy)
    (awards,) = conn.execute("SELECT count(*) FROM awards WHERE kind = 'certificate'").fetchone()
    conn.close()
    assert awards >= 1

    bad = run("print", "order-pairs", "--db", str(copy), "--out", str(tmp_path / "x.txt"),
              home=home)
    assert bad.returncode == 1 and ".pdf" in bad.stderr and "Traceback" not in bad.stderr


def test_read_only_refuses_writing_commands_and_export_wants_xlsx(demo_db: Path, tmp_path: Path,
                                                                  home: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_db.read_bytes())
    before = copy.read_bytes()
    result = run("--read-only", "print", "certificates", "--db", str(copy), "--out",
                 str(tmp_path / "c.pdf"), home=home)
    assert result.returncode == 2 and "--read-only" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "c.pdf").exists()
    assert copy.read_bytes() == before
    assert run("--read-only", "stats", "--db", str(copy), home=home).returncode == 0
    bad = run("export", "bases", str(tmp_path / "базы.txt"), "--db", str(copy), home=home)
    assert bad.returncode == 1 and ".xlsx" in bad.stderr and not (tmp_path / "базы.txt").exists()

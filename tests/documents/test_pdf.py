"""The PDF engine, checked on real files with poppler's pdftotext / pdfinfo / pdffonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mentordesk.documents.pdf import DocumentBuilder, DocumentCancelled, OrgHeader
from mentordesk.errors import MentorDeskError

CHILD = "Ёлкина Алёна Сергеевна"
ORG = OrgHeader("МБОУ «Средняя общеобразовательная школа № 17»", "г. Пермь")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _text(pdf: Path, page: int | None = None) -> str:
    args = [_tool("pdftotext"), "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _run(*args, str(pdf), "-")


def _pages(pdf: Path) -> int:
    info = _run(_tool("pdfinfo"), str(pdf))
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match
    return int(match.group(1))


def _sample(path: Path, rows: int = 200, orientation: str = "portrait") -> DocumentBuilder:
    doc = DocumentBuilder(path, "База наставляемых", orientation=orientation, organisation=ORG)
    doc.heading("1. Общие сведения")
    doc.paragraph("Благодарность Ёлкиной Алёне Сергеевне — «Лучший наставник» № 7 & <ок>.")
    doc.table(
        ["№", "ФИО наставляемого", "Класс", "Ключевой запрос"],
        [[i, f"{CHILD} {i}", "7А", "Подготовка к олимпиаде по математике и к проектной "
          "деятельности муниципального уровня"] for i in range(1, rows + 1)],
        col_widths=[1, 5, 1.5, 6],
    )
    doc.signature("Директор", "Сидорова Анна Петровна")
    return doc


def test_cyrillic_table_header_footer_signature(tmp_path: Path) -> None:
    pdf = _sample(tmp_path / "база.pdf").build()
    assert pdf == tmp_path / "база.pdf" and pdf.read_bytes().startswith(b"%PDF")
    whole = _text(pdf)
    assert "База наставляемых" in whole
    assert "г. Пермь" in whole and "№ 17»" in whole
    words = " ".join(whole.split())  # the paragraph is justified and wraps
    assert "Благодарность Ёлкиной Алёне Сергеевне — «Лучший наставник» № 7 & <ок>." in words
    assert f"{CHILD} 200" in whole
    assert re.search(r"Директор\s+_{12}\s+А\. П\. Сидорова", whole)

    pages = _pages(pdf)
    assert pages >= 4  # 200 rows cannot fit on fewer
    for n in range(1, pages + 1):
        page = _text(pdf, n)
        assert "ФИО наставляемого" in page, f"no header row on page {n}"
        assert "Ключевой запрос" in page
        assert f"Страница {n} из {pages}" in page
    assert "Директор" in _text(pdf, pages)


def test_rows_all_present_in_order(tmp_path: Path) -> None:
    pdf = _sample(tmp_path / "b.pdf", rows=120).build()
    numbers = [int(m) for m in re.findall(rf"{CHILD} (\d+)", _text(pdf))]
    assert numbers == list(range(1, 121))


def test_metadata_title_only(tmp_path: Path) -> None:
    pdf = _sample(tmp_path / "m.pdf", rows=3).build()
    info = _run(_tool("pdfinfo"), str(pdf))
    fields = dict(
        (k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in info.splitlines() if ":" in line)
    )
    assert fields["Title"] == "База наставляемых"
    assert fields.get("Author", "") == ""
    assert fields.get("Subject", "") == ""
    assert fields.get("Keywords", "") == ""
    assert fields["Creator"] == "MentorDesk"
    assert "Ёлкина" not in info and "Алёна" not in info


def test_fonts_embedded(tmp_path: Path) -> None:
    pdf = _sample(tmp_path / "f.pdf", rows=3).build()
    fonts = _run(_tool("pdffonts"), str(pdf))
    rows = {line.split()[0].split("+")[-1]: line.split() for line in fonts.splitlines()[2:]}
    for name in ("PTSans-Regular", "PTSans-Bold", "PTSerif-Regular", "PTSerif-Bold"):
        assert name in rows, fonts
        assert rows[name][-5] == "yes", f"{name} not embedded:\n{fonts}"  # the emb column


def test_landscape(tmp_path: Path) -> None:
    pdf = _sample(tmp_path / "l.pdf", rows=5, orientation="landscape").build()
    info = _run(_tool("pdfinfo"), str(pdf))
    assert re.search(r"Page size:\s+841\.89 x 595\.27", info)
    with pytest.raises(ValueError):
        DocumentBuilder(tmp_path / "x.pdf", "X", orientation="sideways")


def test_cancelled_build_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out" / "отмена.pdf"
    calls: list[tuple[int, int]] = []
    with pytest.raises(DocumentCancelled) as info:
        _sample(target).build(progress=lambda d, t: calls.append((d, t)),
                              cancelled=lambda: len(calls) >= 3)
    assert isinstance(info.value, MentorDeskError)
    assert "отменено" in info.value.message
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary file either


def test_cancel_keeps_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "old.pdf"
    target.write_bytes(b"old")
    with pytest.raises(DocumentCancelled):
        _sample(target, rows=5).build(cancelled=lambda: True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    pdf = _sample(tmp_path / "p.pdf", rows=50).build(progress=lambda d, t: calls.append((d, t)))
    assert pdf.exists()
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]


def test_failed_build_leaves_no_temp(tmp_path: Path) -> None:
    doc = DocumentBuilder(tmp_path / "bad.pdf", "X")
    with pytest.raises(ValueError):
        doc.table(["a", "b"], [["1"]])

    class Boom(Exception):
        pass

    def explode() -> bool:
        raise Boom

    with pytest.raises(Boom):
        _sample(tmp_path / "bad.pdf", rows=2).build(cancelled=explode)
    assert list(tmp_path.iterdir()) == []


def test_no_qt_in_documents() -> None:
    code = (
        "import sys, mentordesk.documents.pdf, mentordesk.documents.names;"
        "assert 'PySide6' not in sys.modules"
    )
    subprocess.run([__import__("sys").executable, "-c", code], check=True)


def test_header_words_are_never_split_across_lines() -> None:
    from mentordesk.documents.pdf import fit_header_words

    widths = fit_header_words([100.0, 20.0, 80.0], [10.0, 50.0, 10.0])
    assert widths[1] == 50.0 and abs(sum(widths) - 200.0) < 1e-9
    # the room is taken in proportion to what each column had to spare
    assert (widths[0] - 10) / (widths[2] - 10) == pytest.approx(90 / 70)
    assert fit_header_words([10.0, 10.0], [15.0, 15.0]) == [10.0, 10.0]  # no room: unchanged


def test_a_narrow_column_keeps_its_header_word_whole(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    out = tmp_path / "узкая.pdf"
    doc = DocumentBuilder(out, "Таблица", orientation="landscape")
    doc.table(["ФИО", "Результаты", "Ссылка на кейс/отзыв"], [["Иванов Иван", "", ""]],
              col_widths=[20, 1, 1])
    doc.build()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Результаты" in text

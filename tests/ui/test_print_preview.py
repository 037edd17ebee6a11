"""Printing from the GUI: the preview of real generated PDFs (pages, zoom, save, print to a
PDF printer), the «Печать» menu of the main window, and whom to award."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from mentordesk.errors import ValidationError
from mentordesk.model.enums import AwardKind
from mentordesk.model.record import Award
from mentordesk.services.database import Database
from mentordesk.ui.main_window import MainWindow
from mentordesk.ui.print_actions import BY_KEY, KINDS, generate
from mentordesk.ui.print_preview import PrintPreviewDialog

from .conftest import FakeMessenger


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "демо.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def _pages(pdf: Path) -> int:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("pdfinfo is not installed (poppler-utils)")
    info = subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match
    return int(match.group(1))


def _preview(qtbot, db: Database, key: str, tmp_path: Path,
             messenger: FakeMessenger) -> PrintPreviewDialog:
    folder = tmp_path / f"gen-{key}"
    folder.mkdir()
    source = generate(db, key, folder, None)
    dialog = PrintPreviewDialog(source, messenger)
    qtbot.addWidget(dialog)
    dialog.resize(900, 700)
    dialog.show()
    return dialog


def test_preview_pages_and_zoom(qtbot, demo: Database, tmp_path: Path,
                                messenger: FakeMessenger) -> None:
    dialog = _preview(qtbot, demo, "plans", tmp_path, messenger)
    pages = _pages(dialog.source.pdf)
    assert pages > 1 and dialog.page_count == pages
    assert dialog.pages_label.text() == f"из {pages}"
    assert dialog.page_spin.maximum() == pages and dialog.page_spin.value() == 1
    assert not dialog.prev_button.isEnabled() and dialog.next_button.isEnabled()

    dialog.next_page()
    assert dialog.current_page() == 1 and dialog.page_spin.value() == 2
    dialog.page_spin.setValue(pages)
    assert dialog.current_page() == pages - 1 and not dialog.next_button.isEnabled()
    dialog.go_to(0)
    assert dialog.current_page() == 0

    dialog.set_zoom(1.0)
    assert dialog.zoom_label.text() == "100 %" and dialog.fit_button.isEnabled()
    dialog.zoom_in()
    assert dialog.zoom() > 1.0 and dialog.zoom_label.text() == f"{round(dialog.zoom() * 100)} %"
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.zoom() < 1.0
    dialog.fit_width()
    assert not dialog.fit_button.isEnabled()
    assert dialog.source.count > 1


def test_save_copies_the_document(qtbot, demo: Database, tmp_path: Path,
                                  messenger: FakeMessenger) -> None:
    dialog = _preview(qtbot, demo, "order-pairs", tmp_path, messenger)
    assert dialog.source.formats() == [".pdf", ".docx"]
    target = tmp_path / "out" / "приказ.pdf"
    target.parent.mkdir()
    messenger.save_path = str(target)
    assert dialog.save_as() == target
    caption, suggested, filters = messenger.save_asked[-1]
    assert suggested.startswith("Приказ об утверждении") and suggested.endswith(".pdf")
    assert "(*.pdf)" in filters and "(*.docx)" in filters
    assert target.read_bytes() == dialog.source.pdf.read_bytes()
    word = tmp_path / "out" / "приказ.docx"
    assert dialog.save_as(str(word)) == word
    assert word.read_bytes()[:2] == b"PK"  # a Word file, not the PDF renamed
    assert messenger.infos and "сохранён" in messenger.infos[-1][1]
    assert sorted(p.name for p in target.parent.iterdir()) == ["приказ.docx", "приказ.pdf"]
    messenger.save_path = None
    assert dialog.save_as() is None


def test_print_to_a_pdf_printer(qtbot, demo: Database, tmp_path: Path,
                                messenger: FakeMessenger) -> None:
    dialog = _preview(qtbot, demo, "mentor-base", tmp_path, messenger)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "напечатано.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.print_to(printer) == dialog.page_count
    assert _pages(out) == dialog.page_count
    # A range from the print dialog.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    some = tmp_path / "две.pdf"
    printer.setOutputFileName(str(some))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer) == 2 and _pages(some) == 2
    assert not messenger.errors


def test_closing_removes_the_temporary_files(qtbot, demo: Database, tmp_path: Path,
                                             messenger: FakeMessenger) -> None:
    dialog = _preview(qtbot, demo, "order-curator", tmp_path, messenger)
    folder = dialog.source.folder
    assert folder is not None and dialog.source.pdf.exists()
    dialog.reject()
    assert not folder.exists()


# --- the main window ---------------------------------------------------------------------------


def _window(qtbot, messenger, settings, tmp_path: Path) -> MainWindow:
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    window.printing.temp_root = tmp_path / "tmp"
    window.printing.temp_root.mkdir()
    return window


def _open(qtbot, window: MainWindow, path: Path, **kwargs) -> None:
    window.open_at_startup(str(path), **kwargs)
    qtbot.waitUntil(lambda: window.db is not None and window.overview is not None
                    or bool(window.messenger.errors))
    qtbot.waitUntil(lambda: not window.runner.busy)


def test_print_menu_lists_every_document(qtbot, messenger, settings, tmp_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Файл", "&Правка", "П&ечать", "&Справка"]
    texts = [a.text() for a in window.menu_actions.printing.values()]
    for text in ("Индивидуальные планы развития…", "Приказ об утверждении пар/групп…",
                 "Приказ о назначении куратора…", "Сертификаты участников…",
                 "Благодарственные письма…", "Грамоты «Лучший наставник»…",
                 "База наставляемых (PDF)…", "База наставников (PDF)…"):
        assert text in texts
    assert set(window.menu_actions.printing) == {k.key for k in KINDS}
    # No database: nothing to print, and the tooltip says why.
    assert not any(a.isEnabled() for a in window.menu_actions.printing.values())
    assert "Откройте базу" in window.menu_actions.printing["plans"].toolTip()


def test_print_from_the_menu_opens_the_preview(qtbot, messenger, settings, tmp_path,
                                               demo_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    _open(qtbot, window, demo_path)
    assert all(a.isEnabled() for a in window.menu_actions.printing.values())
    window.menu_actions.printing["order-pairs"].trigger()
    qtbot.waitUntil(lambda: window.printing.preview is not None or bool(messenger.errors))
    assert not messenger.errors
    preview = window.printing.preview
    assert preview is window.dialog and preview.isVisible()
    assert preview.page_count == _pages(preview.source.pdf) >= 1
    assert "Приказ об утверждении" in preview.windowTitle()
    folder = preview.source.folder
    assert folder is not None and folder.parent == window.printing.temp_root
    preview.reject()
    assert list(window.printing.temp_root.iterdir()) == []
    assert window.printing.preview is None and window.dialog is None


def test_nothing_to_print_is_said_in_russian(qtbot, messenger, settings, tmp_path,
                                             programme_file) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    _open(qtbot, window, programme_file)
    action = window.menu_actions.printing["plans"]
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: bool(messenger.errors))
    assert isinstance(messenger.errors[0], ValidationError)
    assert "Нет планов для печати" in messenger.errors[0].message
    assert window.printing.preview is None
    assert list(window.printing.temp_root.iterdir()) == []  # the empty folder is gone too


def test_a_cancelled_job_leaves_nothing(qtbot, messenger, settings, tmp_path,
                                        demo_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    _open(qtbot, window, demo_path)
    window.runner.slow_after_ms = 60_000  # no progress dialog in the test
    job = window.printing.generate("plans")
    assert job is not None
    job.cancel()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert window.printing.preview is None and not messenger.errors
    assert list(window.printing.temp_root.iterdir()) == []


def test_diplomas_ask_whom_to_award(qtbot, messenger, settings, tmp_path, demo_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    _open(qtbot, window, demo_path)
    window.menu_actions.printing["diplomas"].trigger()
    qtbot.waitUntil(lambda: window.printing.chooser is not None)
    chooser = window.printing.chooser
    assert chooser.list.count() > 2 and chooser.chosen() == []  # nobody awarded yet
    ok = chooser.buttons.buttons()[0]
    assert not ok.isEnabled()
    for row in (0, 1):
        chooser.list.item(row).setCheckState(Qt.CheckState.Checked)
    assert chooser.count_label.text() == f"Выбрано: 2 из {chooser.list.count()}"
    chosen = chooser.chosen()
    chooser.accept()
    qtbot.waitUntil(lambda: window.printing.preview is not None or bool(messenger.errors))
    assert not messenger.errors
    assert window.printing.preview.page_count == 2
    db = window.db
    with db.read() as s:
        awards = s.scalars(select(Award).where(Award.kind == AwardKind.DIPLOMA)).all()
        assert len(awards) == 2 and len(chosen) == 2


def test_awards_are_disabled_read_only(qtbot, messenger, settings, tmp_path,
                                       demo_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    _open(qtbot, window, demo_path, read_only=True)
    actions = window.menu_actions.printing
    for key, action in actions.items():
        assert action.isEnabled() == (BY_KEY[key].award is None), key
    assert "только для чтения" in actions["certificates"].toolTip()


def test_stage_button_offers_the_stage_documents(qtbot, messenger, settings, tmp_path) -> None:
    window = _window(qtbot, messenger, settings, tmp_path)
    button = window.printing.stage_button(7)
    assert button is not None and button.text() == "Печать…"
    assert [a.text() for a in button.menu().actions()] == [
        BY_KEY[k].menu for k in ("certificates", "letters", "letters-parents", "diplomas")]
    assert window.printing.stage_button(4) is None


@pytest.mark.parametrize("which", ["demo", "new"])
def test_shots(qtbot, tmp_path, demo_path, programme_file, which) -> None:
    from mentordesk.ui import shots_print
    from mentordesk.ui.shots import ShotContext

    target = demo_path if which == "demo" else programme_file
    ctx = ShotContext(str(target), tmp_path / "shots")
    (tmp_path / "shots").mkdir()
    try:
        preview = shots_print.print_preview(ctx)
        assert isinstance(preview, PrintPreviewDialog) and preview.page_count >= 1
        assert ("Приказ" in preview.windowTitle()) == (which == "demo")
        assert not preview.grab().toImage().isNull()
        chooser = shots_print.award_chooser(ctx)
        assert (chooser.list.count() > 0) == (which == "demo")
        preview.close()
        chooser.close()
    finally:
        ctx.close()
    assert not ctx.messenger.errors

"""The import wizard walked page by page on a messy school export, on real SQLite."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from mentordesk.io.import_fields import Field
from mentordesk.services.stats import stats
from mentordesk.ui.import_wizard import ImportWizard
from mentordesk.ui.shots_bases import MESSY_ROWS, write_messy_mentees
from mentordesk.ui.worker import Runner

from .russian import english_words

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def wizard(qtbot, programme_db, messenger):
    db, _ = programme_db
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = Runner(parent, messenger)
    wizard = ImportWizard(db, "mentees", runner, messenger, parent)
    wizard.show()
    yield wizard
    runner.cancel_all()
    runner.wait()


def go_next(qtbot, wizard: ImportWizard, expected: int) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == expected and not wizard.busy)


def walk_to_preview(qtbot, wizard: ImportWizard, path) -> None:
    wizard.file_page.path_edit.setText(str(path))
    go_next(qtbot, wizard, ImportWizard.SHEET)
    go_next(qtbot, wizard, ImportWizard.HEADER)
    go_next(qtbot, wizard, ImportWizard.MAPPING)
    go_next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(lambda: wizard.preview_page.report is not None)


def button_texts(wizard: QWizard) -> list[str]:
    buttons = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
               QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
               QWizard.WizardButton.CommitButton)
    return [wizard.buttonText(b) for b in buttons]


def test_walks_a_messy_file_and_imports_the_valid_rows(qtbot, qtmodeltester, wizard,
                                                        programme_db, tmp_path):
    db, _ = programme_db
    path = write_messy_mentees(tmp_path / "Список.xlsx")
    assert not any(LATIN.search(t) for t in button_texts(wizard)), button_texts(wizard)

    wizard.file_page.path_edit.setText(str(path))
    go_next(qtbot, wizard, ImportWizard.SHEET)
    assert wizard.sheet_page.list.currentItem().text().startswith("Обучающиеся")

    go_next(qtbot, wizard, ImportWizard.HEADER)
    assert wizard.state.header_row == 4
    assert "4" in wizard.header_page.choice.text()
    wizard.header_page.choose(2)  # a click on another row moves the header…
    assert wizard.state.header_row == 2
    wizard.header_page.choose(4)  # …and back

    go_next(qtbot, wizard, ImportWizard.MAPPING)
    mapping = wizard.state.mapping
    assert mapping[Field.FULL_NAME] == 1 and mapping[Field.GROUP] == 2
    assert mapping[Field.BIRTH_DATE] == 3 and mapping[Field.REQUEST] == 6
    assert wizard.mapping_page.combos[Field.FULL_NAME].currentText() == "B: ФИО обучающегося"
    assert wizard.mapping_page.isComplete()
    wizard.mapping_page.combos[Field.FULL_NAME].setCurrentIndex(0)  # no name column: refused
    assert not wizard.mapping_page.isComplete()
    wizard.mapping_page.combos[Field.FULL_NAME].setCurrentIndex(2)

    go_next(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.waitUntil(lambda: wizard.preview_page.report is not None)
    page = wizard.preview_page
    problems = {(r, reason) for r, _, reason in page.model._rows}
    rows = sorted({r for r, _ in problems})
    assert rows == [7, 8, 10, 13]  # future date, bad e-mail, repeat of row 6, no name
    assert (10, "повтор строки 6") in problems
    assert "Будет импортировано: 6 из 10" in page.summary.text()
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == \
        ["Строка", "Столбец", "Что не так"]
    qtmodeltester.check(page.model)
    # Latin letters only in the file's own e-mail addresses, never in the interface.
    data_words = {w for row in MESSY_ROWS for cell in row if isinstance(cell, str)
                  for w in re.findall("[A-Za-z]{2,}", cell)}
    assert english_words(wizard) <= data_words
    assert not any(LATIN.search(t) for t in button_texts(wizard))

    imported: list[int] = []
    wizard.imported.connect(imported.append)
    go_next(qtbot, wizard, ImportWizard.DONE)
    assert imported == [6]
    assert stats(db).mentees == 6
    assert "6 из 10" in wizard.done_page.summary.text()


def test_cancel_during_import_writes_nothing(qtbot, wizard, programme_db, tmp_path):
    db, _ = programme_db
    walk_to_preview(qtbot, wizard, write_messy_mentees(tmp_path / "Список.xlsx"))
    gate = threading.Event()
    # Jobs run one at a time: the import waits behind this one, so the cancel comes first.
    wizard.runner.run(lambda: gate.wait(30))
    wizard.next()
    assert wizard.currentId() == ImportWizard.RUN and wizard.run_page.busy
    wizard.run_page.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not wizard.run_page.busy)
    assert wizard.run_page.cancelled
    assert "Импорт отменён, база не изменилась" in wizard.run_page.status.text()
    assert wizard.currentId() == ImportWizard.RUN
    assert stats(db).mentees == 0 and stats(db).persons == 0

    wizard.run_page.retry_button.click()  # still usable: the import can run again
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.DONE)
    assert stats(db).mentees == 6


@pytest.mark.parametrize("name, content", [
    ("broken.xlsx", b"this is not a workbook" * 50),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
])
def test_a_broken_file_shows_a_russian_error_and_stays(qtbot, wizard, tmp_path, messenger,
                                                       name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    wizard.file_page.path_edit.setText(str(bad))
    wizard.next()
    status = wizard.file_page.status
    qtbot.waitUntil(lambda: status.isVisible() and not wizard.busy)
    assert wizard.currentId() == ImportWizard.FILE
    assert re.search("[А-Яа-я]", status.text()) and "Чтение" not in status.text()
    assert not messenger.errors

    good = write_messy_mentees(tmp_path / "Список.xlsx")
    wizard.file_page.path_edit.setText(str(good))
    assert not status.isVisible()
    go_next(qtbot, wizard, ImportWizard.SHEET)

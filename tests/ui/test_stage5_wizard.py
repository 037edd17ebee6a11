"""The stage-5 wizard on a real demonstration school at stage 5: who takes part, the general
meeting, questionnaires typed from paper and imported, the suggestion, the approval with its
order, and the stage page's button that opens the wizard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk.model import Pair, PairStatus, ProgrammeEvent
from mentordesk.model.text import normalise
from mentordesk.services.database import Database
from mentordesk.services.match_pool import Pool, match_pool
from mentordesk.services.matching import apply_suggestion, load_weights, suggest
from mentordesk.services.preferences import general_meeting, preferences
from mentordesk.services.preferences_drafts import draft_pairs
from mentordesk.ui.stage5 import Stage5Wizard
from mentordesk.ui.stage5.adjustment_page import pairing_view_class
from mentordesk.ui.stage5.meeting_page import qdate
from mentordesk.ui.stage5.preferences_page import PERSON_ROLE
from mentordesk.ui.stage5.wizard import (
    ADJUSTMENT,
    APPROVAL,
    MEETING,
    PARTICIPANTS,
    PREFERENCES,
    SUGGESTION,
)
from mentordesk.ui.stage_page import StagePage

from .conftest import FakeMessenger
from .russian import LATIN_WORD, english_words

STAGE5_TODAY = date(2026, 11, 20)


@pytest.fixture
def programme_id(db5: Database) -> int:
    with db5.read() as s:
        found = s.scalar(select(ProgrammeEvent.programme_id).limit(1))
    assert found is not None
    return found


@pytest.fixture
def pool(db5: Database, programme_id: int) -> Pool:
    return match_pool(db5, programme_id, STAGE5_TODAY)


OpenWizard = Callable[[int], Stage5Wizard]


@pytest.fixture
def open_wizard(qtbot: QtBot, db5: Database, programme_id: int,
                messenger: FakeMessenger) -> Iterator[OpenWizard]:
    made: list[Stage5Wizard] = []

    def make(start: int = PARTICIPANTS) -> Stage5Wizard:
        wizard = Stage5Wizard(db5, programme_id, QUndoStack(), messenger, today=STAGE5_TODAY)
        made.append(wizard)
        wizard.setStartId(start)
        wizard.resize(1000, 700)
        wizard.show()
        wizard.activateWindow()
        qtbot.waitUntil(lambda: not wizard.runner.busy and wizard.currentPage().isComplete())
        return wizard

    yield make
    for wizard in made:
        wizard.close()
        wizard.runner.wait()
        QApplication.processEvents()
        wizard.deleteLater()


def data_words(pool: Pool) -> set[str]:
    """Latin words in the people's own data («IT-студия»): data, not interface."""
    texts = [f"{m.name} {m.detail} {m.form_names}" for m in pool.mentors]
    texts += [f"{m.name} {m.detail} {m.request}" for m in pool.mentees]
    texts += [f"{e.name} {e.reason}" for e in pool.excluded]
    return {w for text in texts for w in LATIN_WORD.findall(text)}


def type_text(widget: QWidget, text: str) -> None:
    """Type Cyrillic as a keyboard would (QTest.keyClicks knows Latin letters only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def press(widget: QWidget, key: Qt.Key) -> None:
    """A key press where the keyboard would send it: to a line edit's completer popup when it
    is open (the completer passes Enter on to the line edit after closing it)."""
    target = widget
    if isinstance(widget, QLineEdit) and widget.completer() is not None:
        popup = widget.completer().popup()
        if popup is not None and popup.isVisible():
            target = popup
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


def test_the_wizard_speaks_russian_and_shows_who_takes_part(
        open_wizard: OpenWizard, pool: Pool) -> None:
    wizard = open_wizard(PARTICIPANTS)
    assert wizard.windowTitle() == "Формирование наставнических пар и групп"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "Далее >"
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< Назад"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "Готово"
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Отмена"
    page = wizard.participants
    assert page.mentors.rowCount() == len(pool.mentors) > 0
    assert page.mentees.rowCount() == len(pool.mentees) > 0
    assert page.excluded.rowCount() == len(pool.excluded) > 0
    names = {page.mentees.text_at(r, 0) for r in range(page.mentees.rowCount())}
    assert names == {m.name for m in pool.mentees}
    reasons = [page.excluded.text_at(r, 2) for r in range(page.excluded.rowCount())]
    assert any("согласи" in r for r in reasons)
    assert f"участвуют {len(pool.mentors)} наставник" in page.summary.text()
    assert english_words(wizard) <= data_words(pool)


def test_the_meeting_is_saved_on_next_and_undone(open_wizard: OpenWizard, db5: Database,
                                                 programme_id: int, qtbot: QtBot) -> None:
    before = general_meeting(db5, programme_id)
    assert before is not None
    wizard = open_wizard(MEETING)
    page = wizard.meeting
    assert page.date.date() == qdate(before.held_on)
    assert page.present_ids() == {p for p in before.present if p in page.invited_ids()}
    page.all_button.click()
    assert page.present_ids() == page.invited_ids()
    assert page.counter.text() == f"Присутствовали: {page.list.count()} из {page.list.count()}"
    page.items()[0].setCheckState(Qt.CheckState.Unchecked)
    absent = int(page.items()[0].data(PERSON_ROLE))
    page.date.setDate(qdate(date(2026, 11, 17)))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PREFERENCES)
    stored = general_meeting(db5, programme_id)
    assert stored is not None and stored.held_on == date(2026, 11, 17)
    assert absent not in stored.present
    assert stored.present & page.invited_ids() == page.invited_ids() - {absent}
    assert wizard.undo_stack.count() == 1
    undo = wizard.button(QWizard.WizardButton.CustomButton1)
    assert undo.text() == "Отменить изменение" and undo.isEnabled()
    assert "общей встречи" in undo.toolTip()
    undo.click()  # the window's own undo is out of reach behind the wizard
    qtbot.waitUntil(lambda: general_meeting(db5, programme_id) == before)
    assert not undo.isEnabled()
    wizard.undo_stack.redo()
    qtbot.waitUntil(lambda: general_meeting(db5, programme_id) != before)
    redone = general_meeting(db5, programme_id)
    assert redone is not None and redone.held_on == date(2026, 11, 17)


def _unique_part(pool: Pool) -> tuple[int, str]:
    """A mentor and the start of their surname that no other mentor's name contains."""
    labels = {m.person_id: normalise(f"{m.name} ({m.detail})") for m in pool.mentors}
    for mentor in pool.mentors:
        part = normalise(mentor.name.split()[0])[:5]
        if sum(part in label for label in labels.values()) == 1:
            return mentor.person_id, part
    raise AssertionError("every mentor shares a surname start")


def test_questionnaires_are_typed_from_paper_by_keyboard(
        open_wizard: OpenWizard, db5: Database, programme_id: int, pool: Pool,
        qtbot: QtBot) -> None:
    before = preferences(db5, programme_id)
    wizard = open_wizard(PREFERENCES)
    page = wizard.preferences
    chooser = next(m for m in pool.mentees if m.person_id not in before)
    type_text(page.filter, chooser.name.split()[0].upper().replace("Ё", "Е"))
    assert page.chooser == chooser.person_id
    press(page.filter, Qt.Key.Key_Return)
    fields = page.fields.fields
    assert fields[0].hasFocus()

    first, part = _unique_part(pool)
    second = next(m for m in pool.mentors if m.person_id != first)
    type_text(fields[0], part)
    press(fields[0], Qt.Key.Key_Return)
    assert normalise(fields[0].text()).startswith(part) and "(" in fields[0].text()
    assert fields[1].hasFocus()
    type_text(fields[1], second.name.upper().replace("Ё", "Е"))
    press(fields[1], Qt.Key.Key_Return)
    assert fields[2].hasFocus()
    press(fields[2], Qt.Key.Key_Return)  # an empty field: on to the next participant

    qtbot.waitUntil(lambda: preferences(db5, programme_id).get(chooser.person_id)
                    == [first, second.person_id])
    assert page.chooser != chooser.person_id and fields[0].hasFocus()
    assert wizard.currentId() == PREFERENCES  # Enter never pressed «Далее»
    qtbot.waitUntil(lambda: wizard.undo_stack.count() == 1)
    wizard.undo_stack.undo()
    qtbot.waitUntil(lambda: chooser.person_id not in preferences(db5, programme_id))


def test_up_and_down_in_the_filter_move_between_participants(open_wizard: OpenWizard) -> None:
    page = open_wizard(PREFERENCES).preferences
    first = page.chooser
    press(page.filter, Qt.Key.Key_Down)
    second = page.chooser
    assert second is not None and second != first
    press(page.filter, Qt.Key.Key_Up)
    assert page.chooser == first


def test_a_name_that_fits_nobody_keeps_the_curator_on_it(
        open_wizard: OpenWizard, db5: Database, programme_id: int) -> None:
    before = preferences(db5, programme_id)
    wizard = open_wizard(PREFERENCES)
    page = wizard.preferences
    chooser = page.chooser
    field = page.fields.fields[0]
    field.clear()
    type_text(field, "Несуществующий Наставник")
    press(field, Qt.Key.Key_Return)
    error = page.fields.errors[0]
    assert not error.isHidden() and "нет среди участников" in error.text()
    rows = page._visible_rows()
    page.list.setCurrentRow(rows[-1])  # trying to leave: refused, the typing is kept
    assert page.chooser == chooser and field.text() == "Несуществующий Наставник"
    wizard.runner.wait()
    QApplication.processEvents()
    assert preferences(db5, programme_id) == before


def _questionnaire_sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Анкеты"
    ws.append(["ФИО", "Класс", "1 выбор", "2 выбор", "3 выбор"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_questionnaires_are_imported_after_a_preview_of_their_problems(
        open_wizard: OpenWizard, db5: Database, programme_id: int, pool: Pool, qtbot: QtBot,
        messenger: FakeMessenger, tmp_path: Path) -> None:
    before = preferences(db5, programme_id)
    a, b = pool.mentees[0], pool.mentees[1]
    m0, m1 = pool.mentors[0], pool.mentors[1]
    path = _questionnaire_sheet(tmp_path / "анкеты.xlsx", [
        [a.name.upper(), a.detail, m0.name, m1.name, None],
        [b.name, b.detail, m1.name, "Неизвестная Ольга", None],
        [m0.name, None, a.name, None, None],
    ])
    wizard = open_wizard(PREFERENCES)
    page = wizard.preferences
    page.import_file(path)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.index(0, 0).data() == "3"
    assert "Неизвестная Ольга" in dialog.problems.index(0, 2).data()
    assert dialog.load_button is not None and dialog.skip_bad_rows
    assert dialog.load_button.text() == "Загрузить 2 анкеты без ошибок"
    assert english_words(dialog) <= data_words(pool) | {"xlsx"}  # the file's own name
    assert preferences(db5, programme_id) == before  # nothing written by the preview
    dialog.load_button.click()
    qtbot.waitUntil(lambda: bool(messenger.infos))
    assert messenger.infos[-1] == ("Импорт анкет", "Загружено 2 анкеты.")
    stored = preferences(db5, programme_id)
    assert stored[a.person_id] == [m0.person_id, m1.person_id]
    assert stored[m0.person_id] == [a.person_id]
    assert stored.get(b.person_id) == before.get(b.person_id)
    qtbot.waitUntil(lambda: wizard.undo_stack.count() == 1)
    wizard.undo_stack.undo()
    qtbot.waitUntil(lambda: preferences(db5, programme_id) == before)


def test_the_suggestion_is_shown_with_reasons_and_applied_as_drafts(
        open_wizard: OpenWizard, db5: Database, programme_id: int, qtbot: QtBot,
        messenger: FakeMessenger) -> None:
    wizard = open_wizard(SUGGESTION)
    page = wizard.suggestion
    qtbot.waitUntil(lambda: page.suggestion is not None and not page.running)
    found = page.suggestion
    assert found is not None and found.assignment
    assert page.pairs.rowCount() == len(found.assignment)
    assert page.unassigned.rowCount() == len(found.unassigned)
    reasons = [page.pairs.text_at(r, 3) for r in range(page.pairs.rowCount())]
    assert all(reasons) and any("запрос" in r for r in reasons)
    assert "Суммарная оценка" in page.summary.text()
    assert not draft_pairs(db5, programme_id)
    page.apply_button.click()
    qtbot.waitUntil(lambda: page.applied)
    assert not messenger.asked  # no drafts to replace: nothing to ask
    mentors = {a.mentor_id for a in found.assignment}
    drafts = draft_pairs(db5, programme_id)
    assert len(drafts) == len(mentors)
    assert sum(len(d.mentees) for d in drafts) == len(found.assignment)
    assert "записано" in page.applied_note.text()
    qtbot.waitUntil(lambda: wizard.undo_stack.count() == 1)
    wizard.undo_stack.undo()
    qtbot.waitUntil(lambda: not draft_pairs(db5, programme_id))
    wizard.undo_stack.redo()
    qtbot.waitUntil(lambda: len(draft_pairs(db5, programme_id)) == len(mentors))

    messenger.confirm_answer = False
    page.apply()  # drafts exist now: the curator is asked, and says no
    assert messenger.asked and "будут заменены" in messenger.asked[-1]


def test_the_weights_are_changed_in_their_dialog_and_the_matcher_reruns(
        open_wizard: OpenWizard, db5: Database, programme_id: int, qtbot: QtBot) -> None:
    wizard = open_wizard(SUGGESTION)
    page = wizard.suggestion
    qtbot.waitUntil(lambda: page.suggestion is not None and not page.running)
    default = load_weights(db5, programme_id)
    page.open_weights()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None and not english_words(dialog)
    dialog.spins["mutual"].setValue(80.0)
    assert dialog.sliders["mutual"].value() == 800
    dialog.defaults_button.click()
    assert dialog.spins["mutual"].value() == default.mutual
    dialog.sliders["interests"].setValue(5)
    assert dialog.spins["interests"].value() == 0.5
    first = page.suggestion
    dialog.accept()
    qtbot.waitUntil(lambda: load_weights(db5, programme_id).interests == 0.5)
    qtbot.waitUntil(lambda: page.suggestion is not first and not page.running)
    assert wizard.undo_stack.count() == 1
    wizard.undo_stack.undo()
    qtbot.waitUntil(lambda: load_weights(db5, programme_id) == default)


def test_the_request_map_is_edited_from_the_suggestion_and_the_matcher_reruns(
        open_wizard: OpenWizard, db5: Database, qtbot: QtBot) -> None:
    from mentordesk.services.request_competences import competence_map

    wizard = open_wizard(SUGGESTION)
    page = wizard.suggestion
    qtbot.waitUntil(lambda: page.suggestion is not None and not page.running)
    page.open_competence_map()
    dialog = page.map_dialog
    assert dialog is not None and dialog.isVisible() and not english_words(dialog)
    row = next(i for i in range(dialog.kind_list.count())
               if dialog.kind_list.item(i).text().startswith("Адаптация"))
    dialog.kind_list.setCurrentRow(row)
    dialog.competences.item(0).setSelected(True)
    dialog.remove_selected()
    adapt = next(k for k in competence_map(db5) if k.kind_name == "Адаптация")
    assert "адаптация в коллективе" not in adapt.competences
    first = page.suggestion
    dialog.reject()
    qtbot.waitUntil(lambda: page.suggestion is not first and not page.running)
    assert wizard.undo_stack.canUndo()


def test_the_adjustment_page_embeds_the_pairing_view(open_wizard: OpenWizard) -> None:
    page = open_wizard(ADJUSTMENT).adjustment
    if pairing_view_class() is None:
        assert page.placeholder is not None and page.view is None
    else:
        assert page.view is not None and page.view.isVisible() and page.placeholder is None


def test_the_approval_approves_the_drafts_and_writes_the_order(
        open_wizard: OpenWizard, db5: Database, programme_id: int, qtbot: QtBot,
        messenger: FakeMessenger, tmp_path: Path, pool: Pool) -> None:
    apply_suggestion(db5, suggest(db5, programme_id, STAGE5_TODAY), STAGE5_TODAY)
    drafts = draft_pairs(db5, programme_id)
    wizard = open_wizard(APPROVAL)
    page = wizard.approval
    assert page.model.rowCount() == len(drafts) > 0
    assert english_words(wizard) <= data_words(pool)
    page.approve_button.click()
    assert not page.number_error.isHidden()  # no number yet: nothing happens
    page.number.setText("312-о")
    out = tmp_path / "приказ.pdf"
    messenger.save_path = str(out)
    page.approve_button.click()
    assert messenger.asked and "приказом № 312-о" in messenger.asked[-1]
    qtbot.waitUntil(lambda: out.exists() and bool(messenger.infos))
    assert out.read_bytes().startswith(b"%PDF")
    assert messenger.save_asked[-1][2].startswith("Документ PDF (*.pdf)")
    assert messenger.infos[-1][0] == "Приказ сохранён"
    mentees = sum(len(d.mentees) for d in drafts)
    assert f"Составлено планов развития: {mentees}" in page.result.text()
    with db5.read() as s:
        statuses = s.scalars(select(Pair.status).where(Pair.programme_id == programme_id)).all()
        numbers = set(s.scalars(select(Pair.order_number)
                                .where(Pair.programme_id == programme_id)))
    assert set(statuses) == {PairStatus.APPROVED} and numbers == {"312-о"}
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)

    docx = tmp_path / "приказ.docx"
    page.save_order(str(docx))
    qtbot.waitUntil(lambda: docx.exists())
    assert docx.read_bytes().startswith(b"PK")


def test_the_stage_page_of_stage_5_opens_the_wizard(qtbot: QtBot) -> None:
    page = StagePage(5)
    qtbot.addWidget(page)
    button = page.findChild(QWidget, "openStage5Wizard")
    assert button is page.wizard_button and button is not None
    assert page.wizard_button.text() == "Открыть мастер формирования пар"
    with qtbot.waitSignal(page.wizardRequested) as signal:
        page.wizard_button.click()
    assert signal.args == [5]
    assert StagePage(4).wizard_button is None


def test_passing_the_meeting_page_without_a_change_writes_nothing(
        open_wizard: OpenWizard, db5: Database, programme_id: int, qtbot: QtBot) -> None:
    from sqlalchemy import func, select

    from mentordesk.model import EventAttendance

    def marks() -> int:
        with db5.read() as s:
            return int(s.scalar(select(func.count()).select_from(EventAttendance)) or 0)

    from datetime import timedelta

    from mentordesk.model import ProgrammeEvent

    # As in a district: a person marked at another school's (earlier) meeting, not at the latest.
    with db5.write() as s:
        latest = s.scalars(select(ProgrammeEvent).where(ProgrammeEvent.kind == "general_meeting")
                           .order_by(ProgrammeEvent.held_on.desc())).first()
        assert latest is not None and latest.attendance
        moved = latest.attendance[0]
        person_id = moved.person_id
        latest.attendance.remove(moved)
        other = ProgrammeEvent(programme_id=programme_id, kind="general_meeting",
                               title="Общая встреча (школа № 2)",
                               held_on=latest.held_on - timedelta(days=3))
        other.attendance.append(EventAttendance(person_id=person_id, present=True))
        s.add(other)
    before = marks()
    wizard = open_wizard(MEETING)
    page = wizard.meeting
    qtbot.waitUntil(lambda: page.loaded)
    assert person_id in page.present_ids(), "present at any general meeting shows as present"
    assert page.validatePage()
    assert marks() == before and wizard.undo_stack.count() == 0


@pytest.fixture
def db5(demo5: Database) -> Database:
    """The stage-5 demonstration school (tests/conftest.py), a private copy."""
    return demo5

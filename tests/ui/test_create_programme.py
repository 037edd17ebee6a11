from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from mentordesk.errors import ValidationError
from mentordesk.services.programme import current_programme_id, programme_summary
from mentordesk.services.reference import FormInfo
from mentordesk.ui.create_programme import CreateProgrammeDialog
from mentordesk.ui.main_window import MainWindow

FORMS = [FormInfo(1, "ученик – ученик", ((1, "равный – равному"),)),
         FormInfo(2, "учитель – учитель", ())]


def run_now(job, on_done, on_error):
    try:
        result = job()
    except Exception as exc:
        if not on_error(exc):
            raise
    else:
        on_done(result)


def make_dialog(qtbot, create):
    dialog = CreateProgrammeDialog(FORMS, create, run_now, today=date(2025, 10, 5))
    qtbot.addWidget(dialog)
    return dialog


def test_defaults_to_the_current_academic_year(qtbot):
    dialog = make_dialog(qtbot, lambda **_: 1)
    assert dialog.start_edit.date() == QDate(2025, 9, 1)
    assert dialog.end_edit.date() == QDate(2026, 8, 31)
    assert [c.text() for c in dialog.form_checks.values()] == ["ученик – ученик", "учитель – учитель"]
    assert dialog.ok_button.text() == "Создать"


def test_an_empty_title_is_refused_in_russian(qtbot):
    calls: list[dict] = []
    dialog = make_dialog(qtbot, lambda **kw: calls.append(kw) or 1)
    dialog.title_edit.setText("   ")
    dialog.submit()
    assert not calls
    assert dialog.errors["title"].text() == "Укажите название программы."
    assert not dialog.errors["title"].isHidden()
    assert dialog.result() == 0


def test_an_end_before_the_start_is_refused(qtbot):
    dialog = make_dialog(qtbot, lambda **_: 1)
    dialog.title_edit.setText("Программа")
    dialog.end_edit.setDate(QDate(2025, 1, 1))
    assert not dialog.validate()
    assert dialog.errors["ends_on"].text() == "Дата окончания программы раньше даты начала."


def test_valid_values_go_to_the_service(qtbot):
    calls: list[dict] = []
    dialog = make_dialog(qtbot, lambda **kw: calls.append(kw) or 42)
    dialog.title_edit.setText("Программа наставничества")
    dialog.org_edit.setText("МБОУ «СОШ № 1»")
    dialog.form_checks[2].setChecked(True)
    with qtbot.waitSignal(dialog.created) as blocker:
        dialog.submit()
    assert blocker.args == [42] and dialog.programme_id == 42
    assert calls[0]["title"] == "Программа наставничества"
    assert calls[0]["organisation_name"] == "МБОУ «СОШ № 1»"
    assert calls[0]["starts_on"] == date(2025, 9, 1) and calls[0]["ends_on"] == date(2026, 8, 31)
    assert calls[0]["form_ids"] == [2]


def test_a_service_refusal_shows_beside_its_field(qtbot):
    def refuse(**_):
        raise ValidationError("Такая программа уже есть.", field="title")

    dialog = make_dialog(qtbot, refuse)
    dialog.title_edit.setText("Программа")
    dialog.submit()
    assert dialog.errors["title"].text() == "Такая программа уже есть."
    assert dialog.ok_button.isEnabled()


def test_the_window_creates_a_programme_and_shows_it(qtbot, messenger, settings, tmp_path):
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    window.open_at_startup(str(tmp_path / "new.sqlite"))
    qtbot.waitUntil(lambda: window.db is not None and not window.runner.busy)
    assert window.central.currentWidget() is window.welcome
    window.welcome.create_button.click()
    qtbot.waitUntil(lambda: isinstance(window.dialog, CreateProgrammeDialog))
    dialog = window.dialog
    assert len(dialog.form_checks) >= 10  # the reference forms of a new database
    dialog.title_edit.setText("Программа наставничества СОШ № 5")
    next(iter(dialog.form_checks.values())).setChecked(True)
    dialog.submit()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace)
    assert window.workspace.header.title.text() == "Программа наставничества СОШ № 5"
    programme_id = current_programme_id(window.db)
    assert programme_id is not None
    assert len(programme_summary(window.db, programme_id).forms) == 1
    assert not messenger.errors


def test_a_new_database_goes_straight_to_the_create_dialog(qtbot, messenger, settings, tmp_path):
    window = MainWindow(messenger=messenger, settings=settings)
    qtbot.addWidget(window)
    messenger.new_path = str(tmp_path / "новая.sqlite")
    window.menu_actions.new_database.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, CreateProgrammeDialog))
    assert window.db is not None and window.db.path == (tmp_path / "новая.sqlite").resolve()
    assert window.central.currentWidget() is window.welcome

"""Application set-up: bundled fonts, Russian translations, settings kept in MENTORDESK_HOME."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from mentordesk.ui import app as ui_app
from mentordesk.ui import prefs

UI = Path(ui_app.__file__).parent


def test_pt_fonts_are_registered_and_used(qapp):
    families = ui_app.load_fonts()
    assert {"PT Sans", "PT Serif"} <= set(families)
    assert QFontInfo(QApplication.font()).family() == "PT Sans"
    assert QFontDatabase.writingSystems("PT Sans").count(QFontDatabase.WritingSystem.Cyrillic)


def test_qt_russian_catalogue_and_locale_are_installed(qapp):
    loaded = ui_app.install_translations(qapp)
    assert any(Path(path).name == "qtbase_ru.qm" for path in loaded)
    assert QLocale().language() == QLocale.Language.Russian
    assert qapp.organizationName() == "MentorDesk" and qapp.applicationName() == "MentorDesk"


def test_settings_stay_in_mentordesk_home(mentordesk_home):
    settings = prefs.make_settings()
    assert Path(settings.fileName()).is_relative_to(mentordesk_home)
    prefs.add_recent_file(settings, "/tmp/а.sqlite")
    prefs.add_recent_file(settings, "/tmp/б.sqlite")
    assert prefs.add_recent_file(settings, "/tmp/а.sqlite") == ["/tmp/а.sqlite", "/tmp/б.sqlite"]
    for i in range(20):
        prefs.add_recent_file(settings, f"/tmp/{i}.sqlite")
    assert len(prefs.recent_files(settings)) == 8


def test_ui_never_touches_the_orm_directly():
    offenders = []
    for path in UI.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("from sqlalchemy", "import sqlalchemy", "Session(", "session."):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert not offenders


def test_pyside_does_not_leak_references_to_none():
    """PySide6 6.12.0 dropped a reference to None on every void call, and Python 3.11 aborted
    ("deallocating None") after some thousands of calls: pyproject.toml excludes it."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "class Emitter(QObject):\n"
        "    done = Signal(bool)\n"
        "app = QApplication([])\n"
        "label, emitter = QLabel(), Emitter()\n"
        "emitter.done.connect(lambda flag: None)\n"
        "none, true = sys.getrefcount(None), sys.getrefcount(True)\n"
        "for i in range(50_000):\n"
        "    label.setText('x')\n"
        "    emitter.done.emit(True)\n"
        "print(sys.getrefcount(None) - none, sys.getrefcount(True) - true)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    lost_none, lost_true = (int(x) for x in result.stdout.split())
    assert lost_none > -1000 and lost_true > -1000, result.stdout


def test_the_window_icon_is_the_shipped_svg(qapp):
    from mentordesk.ui.app import configure_application

    configure_application(qapp)
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).toImage().isNull()

"""Application set-up: names, bundled fonts, Russian translations; and `run_gui` for cli.py."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .. import APP_NAME
from ..resources import FONTS, ICONS, TRANSLATIONS  # type: ignore[import-not-found,unused-ignore]
from . import style
from .messages import Messenger

ORGANISATION = "MentorDesk"
_QT_CATALOGUES = ("qtbase_ru",)
# QTranslator objects must outlive the application, or their strings vanish.
_translators: list[QTranslator] = []
_fonts_loaded: list[str] = []


def load_fonts() -> list[str]:
    """Register PT Sans and PT Serif from the package, so Cyrillic renders on a bare machine."""
    if not _fonts_loaded:
        for path in sorted(FONTS.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _fonts_loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(_fonts_loaded))


def install_translations(app: QCoreApplication) -> list[str]:
    """Qt's own Russian strings (Отмена, Да, Нет, Далее, Готово), then ours if compiled."""
    if _translators:
        return [t.filePath() for t in _translators]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(name, qt_dir) for name in _QT_CATALOGUES]
    candidates.append(("mentordesk_ru", str(TRANSLATIONS)))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
    return [t.filePath() for t in _translators]


def configure_application(app: QApplication) -> None:
    """Everything but the window: safe to call on a QApplication made by pytest-qt."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(ICONS / "mentordesk.svg")))
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    families = load_fonts()
    if style.SANS in families:
        font = QFont(style.SANS)
        font.setPointSize(style.BASE_POINT_SIZE)
        app.setFont(font)
    install_translations(app)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    configure_application(app)
    return app


def run_gui(db_target: str | None, read_only: bool = False) -> int:
    """Open the database (or the welcome screen), show the main window, run the event loop."""
    from .main_window import MainWindow
    from .platform_check import prepare_platform

    problem = prepare_platform()
    if problem is not None:
        print(f"mentordesk: {problem}", file=sys.stderr)
        return 1

    app = create_application()
    messenger = Messenger()
    window = MainWindow(messenger=messenger)
    _route_uncaught_errors(window, messenger)
    window.restore_window_state()
    window.show()
    outcome = {"code": 0}

    def leave() -> None:
        outcome["code"] = 1
        window.close()
        app.quit()

    window.open_at_startup(db_target, read_only=read_only, on_leave=leave)
    code = app.exec()
    return outcome["code"] or code


def _route_uncaught_errors(window: QWidget, messenger: Messenger) -> None:
    """An exception escaping a slot shows the one error dialog instead of vanishing."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        previous(kind, exc, tb)
        if isinstance(exc, KeyboardInterrupt):
            return
        try:
            messenger.error(window, exc)
        except Exception:  # the dialog itself failed; the traceback is printed above
            pass

    sys.excepthook = hook

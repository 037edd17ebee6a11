"""`run_gui`, as cli.py calls it, in a child process: opens the database, shows it, exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from mentordesk.ui.app import run_gui
    from mentordesk.ui.main_window import MainWindow

    def poll():
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].overview is not None and not windows[0].runner.busy:
            print("TITLE", windows[0].workspace.header.title.text(), flush=True)
            print("FONT", app.font().family(), flush=True)
            windows[0].close()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)
    QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang the test suite
    sys.exit(run_gui(sys.argv[1]))
""")


def test_run_gui_opens_the_database_and_exits_cleanly(programme_file, mentordesk_home):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MENTORDESK_HOME": str(mentordesk_home)}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(programme_file)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "TITLE Программа наставничества на 2025/2026 учебный год" in result.stdout
    assert "FONT PT Sans" in result.stdout
    assert (mentordesk_home / "config" / "mentordesk.ini").exists()  # geometry saved there

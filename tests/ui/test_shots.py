from __future__ import annotations

from PySide6.QtGui import QImage

from mentordesk.ui.shots import SCREENS, render_all


def test_render_all_draws_every_screen(qapp, tmp_path, programme_file):
    paths = render_all(tmp_path / "shots", str(programme_file))
    names = [p.name for p in paths]
    assert names[0] == "01-welcome.png"
    assert names[1:8] == [f"{i + 2:02d}-stage-{i + 1}.png" for i in range(7)]
    assert {"about", "create-programme", "database-locked"} <= {n for n, _ in SCREENS}
    assert len(paths) == len(SCREENS)
    for path in paths:
        image = QImage(str(path))
        assert path.stat().st_size > 0 and not image.isNull(), path
        assert image.width() > 200 and image.height() > 100, path
    stage = QImage(str(paths[1]))
    assert (stage.width(), stage.height()) == (1200, 750)

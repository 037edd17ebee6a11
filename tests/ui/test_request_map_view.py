"""The request map view on a real demo database: counts, totals, the chart, the export signal."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mentordesk.services.database import open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.programme import current_programme_id
from mentordesk.services.request_map import request_map
from mentordesk.ui.request_map_view import RequestMapView

from .russian import english_words


def test_shows_the_counts_of_a_demo_database(qtbot, qtmodeltester, tmp_path):
    db = open_database(tmp_path / "demo.sqlite")
    try:
        build_demo(db, "school", 3)
        data = request_map(db, current_programme_id(db))
    finally:
        db.close()
    view = RequestMapView()
    qtbot.addWidget(view)
    exports = []
    view.export_requested.connect(lambda: exports.append(True))
    assert not view.export_button.isEnabled()
    view.show_map(data)

    table = data.by_grade
    model = view.grade_model
    assert model.rowCount() == len(table.row_headers) + 1
    assert model.columnCount() == len(table.column_headers) + 1
    last_row, last_column = model.rowCount() - 1, model.columnCount() - 1
    assert model.index(last_row, last_column).data() == str(table.total) and table.total > 0
    for r, name in enumerate(table.row_headers):
        assert model.headerData(r, Qt.Orientation.Vertical) == name  # vertical header
        assert model.index(r, last_column).data() == str(table.row_totals[r])
    assert model.headerData(last_row, Qt.Orientation.Vertical) == "Итого"
    assert view.chart.bars == data.chart
    assert view.role_model.index(view.role_model.rowCount() - 1,
                                 view.role_model.columnCount() - 1).data() == str(table.total)
    qtmodeltester.check(model)
    qtmodeltester.check(view.role_model)

    view.export_button.click()
    assert exports == [True]
    view.resize(1100, 700)
    view.show()
    assert english_words(view) <= {"Excel"}  # the product name on «Экспорт в Excel…»
    assert not view.grab().isNull()

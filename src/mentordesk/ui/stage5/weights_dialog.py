"""«Веса подбора»: how much each part of the score counts, a slider and a number per part."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...services.matching import COMPONENT_LABELS, COMPONENTS, DEFAULT_WEIGHTS, Weights
from .common import tr

STEPS = 10  # slider steps per unit of weight


class WeightsDialog(QDialog):
    def __init__(self, weights: Weights, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weightsDialog")
        self.setWindowTitle(tr("Веса подбора пар"))
        defaults = DEFAULT_WEIGHTS.as_dict()
        top = max(10.0, 2 * max(defaults.values(), default=1.0), *weights.as_dict().values())
        intro = QLabel(tr(
            "Оценка пары складывается из частей; вес говорит, насколько часть важна. Вес 0 — "
            "часть не учитывается. Жёсткие ограничения (согласие, вместимость, форма, запреты "
            "куратора) действуют при любых весах."))
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.sliders: dict[str, QSlider] = {}
        self.spins: dict[str, QDoubleSpinBox] = {}
        values = weights.as_dict()
        for row, key in enumerate(COMPONENTS):
            label = QLabel(COMPONENT_LABELS.get(key, key))
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"weight_{key}_slider")
            slider.setRange(0, round(top * STEPS))
            slider.setMinimumWidth(220)
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{key}")
            spin.setAccessibleName(COMPONENT_LABELS.get(key, key))
            spin.setRange(0.0, top)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            label.setBuddy(spin)
            slider.valueChanged.connect(lambda v, s=spin: s.setValue(v / STEPS))
            spin.valueChanged.connect(lambda v, s=slider: s.setValue(round(v * STEPS)))
            spin.setValue(values.get(key, 0.0))
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(spin, row, 2)
            self.sliders[key] = slider
            self.spins[key] = spin

        buttons = QDialogButtonBox()
        self.defaults_button = buttons.addButton(tr("По умолчанию"),
                                                 QDialogButtonBox.ButtonRole.ResetRole)
        self.defaults_button.setObjectName("defaultWeights")
        self.defaults_button.clicked.connect(self.reset)
        ok = buttons.addButton(tr("Сохранить и пересчитать"),
                               QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("saveWeights")
        buttons.addButton(tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def reset(self) -> None:
        for key, value in DEFAULT_WEIGHTS.as_dict().items():
            if key in self.spins:
                self.spins[key].setValue(value)

    def weights(self) -> Weights:
        return Weights(**{key: spin.value() for key, spin in self.spins.items()})

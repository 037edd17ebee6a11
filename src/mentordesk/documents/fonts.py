"""PT Sans and PT Serif for reportlab: its built-in fonts have no Cyrillic.

The TTF files ship inside the package (mentordesk.resources), so a PDF prints the same on a
school laptop with no fonts installed. Fonts are embedded (subset) in every PDF, and once they
are registered reportlab's canvases start in PT Sans rather than its built-in Helvetica, which
would otherwise be named, unembedded, in every file.
"""

from __future__ import annotations

import functools

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import FONTS  # type: ignore[import-not-found,unused-ignore]

SANS = "PTSans"
SERIF = "PTSerif"
# Every reportlab table sets its cells' font before drawing them, Helvetica unless told:
# each TableStyle of ours starts with this command.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
_STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register both families with reportlab once; returns (sans, serif) family names."""
    for family in (SANS, SERIF):
        for suffix, style in _STYLES.items():
            pdfmetrics.registerFont(TTFont(f"{family}{suffix}", str(FONTS / f"{family}-{style}.ttf")))
        addMapping(family, 0, 0, f"{family}")
        addMapping(family, 1, 0, f"{family}-Bold")
        addMapping(family, 0, 1, f"{family}-Italic")
        addMapping(family, 1, 1, f"{family}-BoldItalic")
    rl_config.canvas_basefontname = SANS
    return SANS, SERIF

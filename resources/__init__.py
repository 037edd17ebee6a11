"""Files shipped with MentorDesk: fonts, icons and translations (no code)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONTS = ROOT / "fonts"
ICONS = ROOT / "icons"
TRANSLATIONS = ROOT / "translations"

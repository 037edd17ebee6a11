"""The stage-5 wizard: forming mentoring pairs and groups."""

from .wizard import Stage5Wizard

__all__ = ["Stage5Wizard"]

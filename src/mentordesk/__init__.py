"""MentorDesk: the workplace of a curator of a school mentoring programme."""

__version__ = "0.1.0"
APP_NAME = "MentorDesk"
APP_TITLE_RU = "MentorDesk — куратор наставничества"

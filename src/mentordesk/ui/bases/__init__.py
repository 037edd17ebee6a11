"""The mentee base and the mentor base: table models given rows, the views, the filter bar,
the edit dialog and the undo commands. Nothing here queries: every call goes through a Runner."""

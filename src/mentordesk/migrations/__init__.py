"""Alembic migration scripts, shipped inside the package and run at start-up.

Each revision is a numbered step with a one-line docstring. Every released schema keeps a
fixture database under tests/fixtures, and a test upgrades it.
"""

"""Storage: engines, the one-writer lock, migrations, backups and checks. No Qt here."""

"""Use cases. The only layer that opens sessions; used by the CLI and the GUI alike. No Qt."""

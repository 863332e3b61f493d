"""The TUI's widgets, shared by the screens."""

"""sciatica-tui: an offline, terminal-first sciatica self-check. It does not diagnose."""

__version__ = "0.1.0"

"""SteadyScreen, which every screen class mixes in: see tui/compat.py (it
overrides private Textual methods, so it lives there)."""

from __future__ import annotations

from ..compat import SteadyScreen

__all__ = ["SteadyScreen"]

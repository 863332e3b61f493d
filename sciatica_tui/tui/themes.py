"""The two shipped themes: calm (default) and high contrast (WCAG AAA, 7:1 text).

Warning colours (the disposition banners and the emergency screen) are fixed in
app.tcss, the same in every theme, so they always read the same way.
"""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="sciatica-calm",
    primary="#7FB2E5",
    secondary="#9CC9C3",
    accent="#C4A7E7",
    warning="#E8C170",
    error="#F08A8A",
    success="#93C99A",
    foreground="#E8EEF4",
    background="#17202B",
    surface="#1E2936",
    panel="#2A3746",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="sciatica-high-contrast",
    primary="#FFE14D",
    secondary="#7FFFFF",
    accent="#FFE14D",
    warning="#FFE14D",
    error="#FF9A9A",
    success="#9CFF9C",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF10",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#E6E6E6",
        "footer-key-foreground": "#FFE14D",
        "footer-description-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "input-cursor-background": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "border": "#FFFFFF",
    },
)

THEMES = {"calm": CALM, "high-contrast": HIGH_CONTRAST}

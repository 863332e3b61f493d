"""WCAG contrast of what is actually drawn: every text character on the screen."""

from __future__ import annotations


def _luminance(rgb) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb.red) + 0.7152 * channel(rgb.green) + 0.0722 * channel(rgb.blue)


def ratio(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _is_decoration(ch: str) -> bool:
    """Box drawing and block elements (borders, button edges) are not text."""
    return "\u2500" <= ch <= "\u259f" or ch.isspace()


def lowest_contrast(app, region=None) -> tuple[float, str]:
    """(lowest ratio, the text drawn with it) over every text character on screen,
    or only inside `region` (e.g. a dialog, leaving out the dimmed page behind it)."""
    worst = (99.0, "")
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if region is not None and not region.y <= y < region.bottom:
            continue
        x = 0
        for seg in strip:
            start, x = x, x + seg.cell_length
            if region is not None and (x <= region.x or start >= region.right):
                continue
            text = "".join(ch for ch in seg.text if not _is_decoration(ch))
            if not text or seg.style is None:
                continue
            style = seg.style
            fg, bg = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
            if fg is None or bg is None:
                return (0.0, text)  # an undefined colour cannot be checked
            r = ratio(fg.get_truecolor(), bg.get_truecolor())
            if r < worst[0]:
                worst = (r, text)
    return worst

"""Plain mode never breaks a word at the edge of a narrow or dumb terminal (use
review, AWKWARD: "bot/h sides"): every line is wrapped at spaces to the width."""

from __future__ import annotations

import io

import pytest

from sciatica_tui.core.words import Words
from sciatica_tui.plain import PlainSession
from sciatica_tui.reports.formats.text import fit, terminal_width

from .conftest import DISC, clear_screening
from .test_plain import script


def _run(content, width: int | None, lang: str = "en") -> str:
    lines = iter(script(content, {**clear_screening(content), **DISC}))
    out = io.StringIO()
    PlainSession(Words(content, lang, "999"), lambda: next(lines, None), out,
                 width=width).run()
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 40, 80])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_AWKWARD_plain_mode_never_breaks_words_at_narrow_widths(content, width, lang):
    wide = _run(content, 10_000, lang)
    narrow = _run(content, width, lang)
    # The same words in the same order: none split, none joined.
    assert narrow.split() == wide.split()
    assert narrow != wide
    for line in narrow.splitlines():
        while line.startswith("> "):  # the prompt; what follows it here is typed there
            line = line[2:]
        # A line may pass the width only when it is one word that cannot fit.
        assert len(line) <= width or " " not in line.strip(), line


def test_AWKWARD_fit_wraps_at_spaces_and_indents_under_the_text():
    text = "Weak legs on both sides? If so, call 999 now."
    assert fit(text, 20).splitlines() == ["Weak legs on both", "sides? If so, call", "999 now."]
    assert fit("  12. Pain on both sides of the back", 20).splitlines() == [
        "  12. Pain on both", "      sides of the", "      back"]
    assert fit("see https://example.org/a/very/long/path", 20).splitlines() == [
        "see", "https://example.org/a/very/long/path"]
    assert fit("a\n\nb", 20) == "a\n\nb"


def test_AWKWARD_terminal_width_on_a_terminal_else_whole_lines(monkeypatch):
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        with open(follower, "w", closefd=False) as tty:
            monkeypatch.setenv("COLUMNS", "40")
            assert terminal_width(tty) == 39
            monkeypatch.setenv("COLUMNS", "5")
            assert terminal_width(tty) == 20
    finally:
        os.close(leader)
        os.close(follower)
    assert terminal_width(io.StringIO()) is None  # a pipe or file: lines left whole

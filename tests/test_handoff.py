"""Taking the summary away: the QR code scans to its text, Save writes an
owner-only file, Print goes through lp (or says clearly that it cannot)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.handoff import QR_BORDER, qr_for_screen
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import ReportScreen

from .conftest import DISC, clear_screening
from .pilot import loaded, sync

EXAMPLES = Path(__file__).parent.parent / "examples"


def decode_half_blocks(lines: list[str]) -> str:
    """Turn the drawn characters back into pixels and read them as a phone would."""
    import zxingcpp
    from PIL import Image

    top = {"█": 1, "▀": 1, "▄": 0, " ": 0}
    bottom = {"█": 1, "▀": 0, "▄": 1, " ": 0}
    rows = []
    for line in lines:
        rows.append([top[ch] for ch in line])
        rows.append([bottom[ch] for ch in line])
    scale = 6
    img = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                img.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    found = zxingcpp.read_barcodes(img)
    assert found, "no QR code found in the drawing"
    return found[0].text


@pytest.mark.parametrize("name", ["emergency_bladder", "self_care_disc", "mostly_unanswered"])
@pytest.mark.parametrize("size", [(46, 24), (80, 40), (160, 60)])
def test_qr_drawing_scans_to_its_text(content, name, size):
    a = assess(content, json.loads((EXAMPLES / f"{name}.json").read_text()))
    lines, text = qr_for_screen(content, a, Words(content, "en", "999"), *size)
    assert len(lines) <= size[1] and len(lines[0]) <= size[0]
    assert decode_half_blocks(lines) == text
    assert content.disposition(a.disposition).label["en"].upper() in text
    assert text.endswith("NOT A DIAGNOSIS.")


def test_a_bigger_window_carries_more_of_the_summary(content):
    a = assess(content, json.loads((EXAMPLES / "emergency_bladder.json").read_text()))
    words = Words(content, "en", "999")
    small = qr_for_screen(content, a, words, 46, 24)[1]
    big = qr_for_screen(content, a, words, 160, 60)[1]
    assert len(big) > len(small)
    assert "NEW TROUBLE PEEING" in big


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
@pytest.mark.parametrize("size", [(30, 16), (46, 24), (80, 30), (160, 60)])
def test_the_qr_code_holds_as_much_as_trying_every_length_would(content, name, size):
    """The search for the longest summary that fits (a few trial encodes, so a long
    summary no longer blocks the screen for seconds) finds what trying every length
    from the longest down finds."""
    import segno

    from sciatica_tui.reports.handoff import compact_parts, compact_summary

    a = assess(content, json.loads((EXAMPLES / f"{name}.json").read_text()))
    words = Words(content, "en", "999")
    cols, rows = size
    parts = compact_parts(content, a, words)
    expected = None
    for keep in range(len(parts), 1, -1):
        text = compact_summary(parts, words, keep)
        try:
            qr = segno.make(text, error="L", boost_error=False, micro=False)
        except segno.DataOverflowError:
            continue
        if qr.symbol_size(border=0)[0] <= min(cols, rows * 2) - 2 * QR_BORDER:
            expected = text
            break
    if expected is None:
        with pytest.raises(ValueError):
            qr_for_screen(content, a, words, cols, rows)
    else:
        assert qr_for_screen(content, a, words, cols, rows)[1] == expected


def test_a_window_too_small_for_any_code_says_so(content):
    a = assess(content, {})
    with pytest.raises(ValueError):
        qr_for_screen(content, a, Words(content), 20, 8)
    assert QR_BORDER >= 2


async def _report(pilot, app):
    await loaded(pilot, app)
    app.answers.update({**clear_screening(app.words.content), **DISC, "saddle_numbness": "yes"})
    app.show_report()
    await pilot.pause()
    assert isinstance(app.screen, ReportScreen)


@sync
async def test_qr_screen_in_the_app_scans_and_is_dark_on_light():
    app = SciaticaApp(theme="high-contrast")
    async with app.run_test(size=(100, 40)) as pilot:
        await _report(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        qr = app.screen.query_one("#qr")
        region = qr.region
        strips = app.screen._compositor.render_strips()[region.y:region.bottom]
        lines = []
        for strip in strips:
            text, x = "", 0
            for seg in strip:
                if region.x <= x < region.right and seg.text.strip():
                    assert seg.style.color.get_truecolor() == (0, 0, 0)
                    assert seg.style.bgcolor.get_truecolor() == (255, 255, 255)
                text += seg.text
                x += seg.cell_length
            lines.append(text[region.x:region.right])
        assert decode_half_blocks(lines) == app.screen.text
        assert "GET HELP NOW" in app.screen.text


@sync
async def test_save_writes_an_owner_only_file_that_opens(tmp_path):
    app = SciaticaApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await _report(pilot, app)
        await pilot.press("s")
        await pilot.pause()
        folder = app.screen.query_one("#folder")
        folder.value = str(tmp_path)
        await pilot.click("#save")
        await pilot.pause()
        saved = list(tmp_path.iterdir())
        assert len(saved) == 1 and saved[0].suffix == ".html"
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
        assert "Numb skin around the bottom or genitals" in saved[0].read_text()
        assert str(saved[0]) in str(app.screen.query_one("#result").render())
        await pilot.pause(0.4)  # a Button ignores a second press while it shows the first
        await pilot.click("#save")  # a second save never replaces the first
        await pilot.pause()
        assert len(list(tmp_path.iterdir())) == 2
        folder.value = str(tmp_path / "missing")
        await pilot.pause(0.4)
        await pilot.click("#save")
        await pilot.pause()
        assert "Could not save" in str(app.screen.query_one("#result").render())


@sync
async def test_print_without_lp_says_so_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp here
    app = SciaticaApp()
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await _report(pilot, app)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("No printer is set up" in m for m in messages)


@sync
async def test_print_sends_the_summary_pdf_to_lp(tmp_path, monkeypatch):
    """H-S7: the Print button sends the PDF (not the 80-column text) to lp."""
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    monkeypatch.setenv("SCIATICA_TEST_PRINT_JOBS", str(jobs))
    app = SciaticaApp()
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await _report(pilot, app)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Sent to the printer" in n.message for n in app._notifications)
        assert (jobs / "1.data").read_bytes().startswith(b"%PDF-")
        assert "document-format=application/pdf" in (jobs / "1.args").read_text().split()


@sync
async def test_U_B8_the_save_dialog_highlights_the_format_it_will_save(tmp_path):
    """The highlighted format is the one chosen, and Enter on the folder saves that
    one (the dialog highlighted "Text (.txt)" while it saved a web page)."""
    from textual.widgets import Input, RadioButton, RadioSet

    app = SciaticaApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await _report(pilot, app)
        await pilot.press("s")
        await pilot.pause()
        radios = app.screen.query_one("#format", RadioSet)
        highlighted = [b for b in radios.query(RadioButton) if b.has_class("-selected")]
        assert highlighted == [radios.pressed_button]
        folder = app.screen.query_one("#folder", Input)
        folder.value = str(tmp_path)
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        saved = [p.name for p in tmp_path.iterdir()]
        ext = {"Web page (.html)": ".html"}[str(radios.pressed_button.label)]
        assert len(saved) == 1 and saved[0].endswith(ext)

"""`sciatica-tui serve`: loopback by default, a warning for other addresses, and the
app working in a real headless Chromium (Debian's package, driven by Playwright).

The browser draws the terminal on a canvas, so the test finds where to click with a
headless twin of the app at the same size: the twin says where a button or an
answer is, the test clicks that cell in the browser and in the twin, and so both
walk together. The outcome is checked on the browser's own pixels (the colour of the
result banner, the red of the emergency screen)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sciatica_tui.serve import check_host, session_command

from .conftest import DISC, clear_screening

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Screenshots of the browser walks, kept for people to look at after a run.
SHOTS = Path(os.environ.get("SCIATICA_SHOTS", "/tmp"))


def test_loopback_is_the_default_and_other_addresses_need_a_flag():
    assert check_host("127.0.0.1", False) is None
    assert check_host("::1", False) is None
    assert "--allow-remote" in check_host("0.0.0.0", False)
    assert check_host("0.0.0.0", True) is None
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", "--host", "0.0.0.0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--allow-remote" in out.stderr
    assert "Traceback" not in out.stderr


def test_other_addresses_print_a_warning(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sciatica_tui", "serve", "--host",
                             "0.0.0.0", "--allow-remote", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(port)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in err


def test_each_session_runs_the_app_with_the_same_options():
    import argparse

    args = argparse.Namespace(serve_kiosk=True, serve_demo=False, serve_config="k.toml",
                              lang="en", content=None, emergency_number="999")
    cmd = session_command(args)
    assert cmd[:3] == [sys.executable, "-m", "sciatica_tui"]
    assert "--kiosk" in cmd and cmd[cmd.index("--config") + 1].endswith("k.toml")
    assert cmd[cmd.index("--emergency-number") + 1] == "999"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


# --- the real browser ----------------------------------------------------------

CAPTURE_SIZE = """
window.__sizes = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try { const m = JSON.parse(data); if (m[0] === "resize") window.__sizes.push(m[1]); }
  catch (e) {}
  return send.call(this, data);
};
"""
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium); "
                    ".ci/run installs it where it can")
    pytest.importorskip("playwright.async_api", reason="playwright is in the test extra")
    port = _free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path_factory.mktemp("data")),
               LANG="en_GB.UTF-8")
    proc = subprocess.Popen([sys.executable, "-m", "sciatica_tui", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class Twin:
    """The browser page and a headless copy of the app at the same size."""

    def __init__(self, page, pilot, geometry):
        self.page, self.pilot, self.app = page, pilot, pilot.app
        self.x0, self.y0, self.cw, self.ch = geometry

    async def click(self, widget) -> None:
        region = widget.region
        cx, cy = region.x + region.width // 2, region.y + region.height // 2
        await self.page.mouse.click(self.x0 + (cx + 0.5) * self.cw, self.y0 + (cy + 0.5) * self.ch)
        await self.pilot.click(offset=(cx, cy))
        await self.settle()

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.page.keyboard.press({"enter": "Enter"}.get(key, key))
            await self.pilot.press(key)
        await self.settle()

    async def settle(self) -> None:
        await self.pilot.pause()
        await self.page.wait_for_timeout(350)


async def _open(browser, url, tmp_path):
    from sciatica_tui.tui.app import SciaticaApp

    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1")) else outside.append(r.url))
    await page.add_init_script(CAPTURE_SIZE)
    await page.goto(url)
    for _ in range(100):
        sizes = await page.evaluate("window.__sizes")
        first = await page.evaluate("document.body.classList.contains('-first-byte')")
        if sizes and first:
            break
        await page.wait_for_timeout(100)
    else:
        raise AssertionError("the app never drew in the browser")
    await page.wait_for_timeout(800)
    size = sizes[-1]
    cols, rows = size["width"], size["height"]
    box = await page.eval_on_selector(".xterm-screen",
                                      "e => { const r = e.getBoundingClientRect(); "
                                      "return [r.x, r.y, r.width, r.height]; }")
    geometry = (box[0], box[1], box[2] / cols, box[3] / rows)
    return page, SciaticaApp(cursor_blink=False), (cols, rows), geometry, outside


def _share(png: bytes, colour: tuple[int, int, int]) -> float:
    """Share of the screenshot's pixels within a small distance of `colour`."""
    from io import BytesIO

    from PIL import Image

    img = Image.open(BytesIO(png)).convert("RGB").resize((320, 200))
    pixels = [img.getpixel((x, y)) for y in range(200) for x in range(320)]
    near = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, colour, strict=True)) < 40)
    return near / (320 * 200)


def test_in_a_real_browser_to_a_result_and_to_the_emergency_screen(server, tmp_path, content):
    asyncio.run(_browser_walks(server, tmp_path, content))


async def _browser_walks(url, tmp_path, content):
    from playwright.async_api import async_playwright

    from sciatica_tui.tui.alerts import EmergencyScreen
    from sciatica_tui.tui.question import QuestionScreen
    from sciatica_tui.tui.results import ResultsScreen, ReviewScreen

    from .pilot import loaded

    answers = {**clear_screening(content), **DISC}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        # 1. Through every question to the result, by tapping.
        page, twin_app, size, geometry, outside = await _open(browser, url, tmp_path)
        async with twin_app.run_test(size=size) as pilot:
            await loaded(pilot, twin_app)
            t = Twin(page, pilot, geometry)
            await t.click(twin_app.screen.query_one("#start"))
            for _ in range(80):
                screen = twin_app.screen
                if isinstance(screen, ResultsScreen):
                    break
                if isinstance(screen, QuestionScreen):
                    q = screen.q
                    value = answers.get(q.id)
                    if q.type in ("yes_no_unsure", "single"):
                        value = value if value is not None else q.option_ids[-1]
                        choice = next(c for c in screen.query("Choice") if c.name == value)
                        await t.click(choice)
                    elif q.type == "multi":
                        value = value or [sorted(q.unknown_option_ids or q.option_ids)[0]]
                        await t.keys(*(str(q.option_ids.index(o) + 1) for o in value))
                        await t.click(screen.query_one("#next"))
                    else:
                        await t.keys(*str(value), "enter")
                elif isinstance(screen, EmergencyScreen):
                    await t.click(screen.query_one("#continue"))
                elif isinstance(screen, ReviewScreen):
                    await t.click(screen.query_one("#results"))
                else:
                    raise AssertionError(f"unexpected screen {screen!r}")
            assert isinstance(twin_app.screen, ResultsScreen)
            assert twin_app.screen.a.disposition == "self_care"
            shot = await page.screenshot(path=str(SHOTS / "browser-result.png"))
            # The self-care banner (green, the same in every theme) is on the page.
            assert _share(shot, (0xA6, 0xE3, 0xA6)) > 0.005
        await page.close()
        # 2. A new tab: "yes" to the first warning sign interrupts at once.
        page, twin_app, size, geometry, outside2 = await _open(browser, url, tmp_path)
        async with twin_app.run_test(size=size) as pilot:
            await loaded(pilot, twin_app)
            t = Twin(page, pilot, geometry)
            await t.click(twin_app.screen.query_one("#start"))
            yes = next(c for c in twin_app.screen.query("Choice") if c.name == "yes")
            await t.click(yes)
            assert isinstance(twin_app.screen, EmergencyScreen)
            shot = await page.screenshot(path=str(SHOTS / "browser-emergency.png"))
            assert _share(shot, (0x6E, 0x00, 0x00)) > 0.5  # the full-screen red warning
        await browser.close()
    assert outside == [] and outside2 == [], "the page asked for something off this machine"

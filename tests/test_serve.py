"""`sciatica-tui serve`, against a real server on 127.0.0.1 (a subprocess on a free
port, with temporary HOME and XDG folders, always stopped): only its own page may
use it (Host and Origin checked on every request, the WebSocket included), a cap
on sessions, one process a session, a console of single lines, and the app working
in a real headless Chromium (Debian's package, driven by Playwright).

The browser draws the terminal on a canvas, so the test finds where to click with a
headless twin of the app at the same size: the twin says where a button or an
answer is, the test clicks that cell in the browser and in the twin, and so both
walk together. The outcome is checked on the browser's own pixels (the colour of the
result banner, the red of the emergency screen)."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sciatica_tui.cli.serve import check_host, session_command

from .conftest import DISC, clear_screening

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Screenshots of the browser walks, kept for people to look at after a run.
SHOTS = Path(os.environ.get("SCIATICA_SHOTS", "/tmp"))
DEADLINE = 60  # seconds: a bound on every wait, never a measure of speed


def test_loopback_is_the_default_and_other_addresses_need_a_flag():
    assert check_host("127.0.0.1", False) is None
    assert check_host("::1", False) is None
    assert "--allow-remote" in check_host("0.0.0.0", False)
    assert check_host("0.0.0.0", True) is None
    assert "needs an address" in check_host("", True)
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", "--host", "0.0.0.0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--allow-remote" in out.stderr
    assert "Traceback" not in out.stderr


def test_other_addresses_print_a_warning(tmp_path):
    with Serve(tmp_path, "--host", "0.0.0.0", "--allow-remote") as server:
        pass
    assert "warning: listening on 0.0.0.0" in server.console()


def test_each_session_runs_the_app_with_the_same_options():
    import argparse

    args = argparse.Namespace(serve_kiosk=True, serve_demo=False, serve_config="k.toml",
                              lang="en", content=None, emergency_number="999")
    cmd = session_command(args)
    assert cmd[:3] == [sys.executable, "-m", "sciatica_tui"]
    assert "--kiosk" in cmd and cmd[cmd.index("--config") + 1].endswith("k.toml")
    assert cmd[cmd.index("--emergency-number") + 1] == "999"


# --- a real server ------------------------------------------------------------------


def test_global_options_after_serve_reach_every_session():
    from sciatica_tui.cli.parser import build_parser

    args = build_parser().parse_args(["serve", "--lang", "es", "--emergency-number", "112"])
    cmd = session_command(args)
    assert cmd[cmd.index("--lang") + 1] == "es"
    assert cmd[cmd.index("--emergency-number") + 1] == "112"
    before = build_parser().parse_args(["--lang", "es", "serve"])
    assert session_command(before)[-2:] == ["--lang", "es"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(condition: Callable[[], object], what: str, timeout: float = DEADLINE):
    """Poll `condition` until it is true (returned), up to a deadline."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _get(port: int, path: str = "/", headers: dict | None = None,
         timeout: float = 30) -> tuple[int, str]:
    """GET over plain http.client (no proxy from the environment)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), LANG="en_GB.UTF-8")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    return env


class Serve:
    """`sciatica-tui serve ARGS` on 127.0.0.1 and a free port, its console in files;
    on leaving, stopped with SIGTERM (killed if it does not stop)."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        pytest.importorskip("textual_serve", reason="textual-serve is in the test extra")
        self.dir = tmp_path / f"serve-{time.monotonic_ns()}"
        self.dir.mkdir()
        self.extra = args
        self.port = 0
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Serve:
        # A free port is only free until someone binds it: with the tests running in
        # parallel (pytest -n) another worker may take it first. Only that error
        # (serve's own "port is in use" line) is tried again, on another port.
        for _attempt in range(3):
            self.port = _free_port()
            self.args = ["serve", "--port", str(self.port), *self.extra]
            env = _isolated_env(self.dir)
            with open(self.dir / "out", "wb") as out, open(self.dir / "err", "wb") as err:
                self.proc = subprocess.Popen([sys.executable, "-m", "sciatica_tui", *self.args],
                                             stdout=out, stderr=err, env=env,
                                             stdin=subprocess.DEVNULL)
            try:
                _wait_until(self._answers, f"the server on port {self.port}")
            except AssertionError:
                self.stop()
                if "the port is in use" in self.console() and self.proc.poll() is not None:
                    continue
                raise
            except BaseException:
                self.stop()
                raise
            return self
        raise AssertionError(f"three free ports were taken before serve could use them:\n"
                             f"{self.console()}")

    def _answers(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"serve ended early:\n{self.console()}")
        try:
            # A short timeout per try: a port that someone else holds may accept
            # the connection and never answer (the next try comes 50 ms later,
            # within the same deadline).
            return _get(self.port, timeout=2)[0] in (200, 503)
        except OSError:
            return False

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def console(self) -> str:
        return "".join((self.dir / name).read_text("utf-8", "replace")
                       for name in ("out", "err") if (self.dir / name).exists())

    def wait_console(self, text: str) -> str:
        return _wait_until(lambda: text in self.console() and self.console(),
                           f"{text!r} on the console")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with Serve(tmp_path_factory.mktemp("served")) as server:
        yield server


async def _session(server: Serve, origin: str | None, host: str | None = None):
    """A WebSocket session as a browser page opens it; the aiohttp client response
    (the caller closes it) and its ClientSession."""
    import aiohttp

    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    client = aiohttp.ClientSession()
    try:
        ws = await client.ws_connect(f"{server.url}/ws?width=100&height=30", headers=headers,
                                     timeout=aiohttp.ClientWSTimeout(ws_receive=DEADLINE))
    except BaseException:
        await client.close()
        raise
    return client, ws


async def _screen_bytes(ws, until: bytes, limit: int = 4_000_000) -> bytes:
    """What the app draws, until `until` shows (within DEADLINE)."""
    import aiohttp

    seen = b""
    async with asyncio.timeout(DEADLINE):
        while until not in seen and len(seen) < limit:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                  aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"the session closed; it drew {seen[-400:]!r}")
    return seen


async def _ping(ws, token: str) -> None:
    """The session still answers: a ping comes back as a pong."""
    import aiohttp

    await ws.send_str(json.dumps(["ping", token]))
    async with asyncio.timeout(DEADLINE):
        while True:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == [
                    "pong", token]:
                return
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.ERROR):
                raise AssertionError("the session closed instead of answering")


def _refused(server: Serve, origin: str | None, host: str | None = None) -> int:
    """The HTTP status a WebSocket handshake was refused with (fails if accepted)."""
    import aiohttp

    async def attempt() -> int:
        try:
            client, ws = await _session(server, origin, host)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await ws.close()
        await client.close()
        raise AssertionError(f"a WebSocket with Origin {origin!r}, Host {host!r} was accepted")

    return asyncio.run(attempt())


def test_S_F1_websocket_from_another_origin_is_refused(served):
    assert _refused(served, "http://evil.example") == 403
    assert _refused(served, f"http://127.0.0.1:{served.port + 1}") == 403  # another port
    assert _refused(served, f"https://127.0.0.1:{served.port}") == 403  # another scheme
    assert _refused(served, "null") == 403  # a sandboxed frame or a file
    assert _refused(served, None) == 403  # browsers always send an Origin
    console = served.wait_console("Origin 'http://evil.example' is not this server")
    assert "refused a WebSocket for /ws" in console


def test_S_F1_websocket_with_another_host_is_refused(served):
    """DNS rebinding: the attacker's name points at 127.0.0.1, so Origin and Host
    agree with each other but name somebody else's site."""
    rebound = f"rebind.example:{served.port}"
    assert _refused(served, f"http://{rebound}", rebound) == 403
    assert _refused(served, served.origin, rebound) == 403
    served.wait_console(f"Host '{rebound}' is not this server")


def test_S_F1_own_page_is_accepted_and_the_app_answers(served):
    async def walk(origin: str, host: str | None) -> None:
        client, ws = await _session(served, origin, host)
        try:
            drawn = await _screen_bytes(ws, b"Start")
            assert b"Start" in drawn  # the welcome screen's button
            await _ping(ws, "42")
        finally:
            await ws.close()
            await client.close()

    asyncio.run(walk(served.origin, None))
    # The same loopback address by name is the same server.
    asyncio.run(walk(f"http://localhost:{served.port}", f"localhost:{served.port}"))


def test_S_F1_http_with_another_host_or_origin_gets_403(served):
    assert _get(served.port, "/")[0] == 200
    assert _get(served.port, "/static/js/textual.js")[0] == 200
    for path in ("/", "/static/js/textual.js", "/download/x", "/nothing-here"):
        status, body = _get(served.port, path, {"Host": f"rebind.example:{served.port}"})
        assert status == 403 and "Forbidden" in body
    status, _ = _get(served.port, "/", {"Origin": "http://evil.example"})
    assert status == 403
    assert _get(served.port, "/", {"Origin": served.origin})[0] == 200


def test_S_F1_no_other_site_may_frame_the_page(served):
    """A page elsewhere could show the app in a frame (same origin inside it) and
    trick taps on it: every response forbids framing."""
    for path in ("/", "/static/js/textual.js"):
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        assert response.getheader("X-Frame-Options") == "DENY"
        assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")


def test_S_F1_the_page_talks_to_the_address_it_was_loaded_from(served):
    _, page = _get(served.port, "/", {"Host": f"localhost:{served.port}"})
    assert f'data-session-websocket-url="ws://localhost:{served.port}/ws"' in page
    assert f"http://localhost:{served.port}/static/js/textual.js" in page


def test_S_F1_refusals_are_one_clean_short_line(served):
    """What a client sends is never printed raw: no escapes, no line breaks, and cut."""
    evil = "http://e\u202evil\x1b[31m.example/" + "a" * 5000
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as conn:
        conn.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nOrigin: {evil}\r\n"
                     f"Connection: close\r\n\r\n".encode())
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.split(b" ")[1] in (b"400", b"403")
    console = served.console()
    assert "\x1b" not in console and "\u202e" not in console
    assert all(len(line) < 400 for line in console.splitlines())
    assert "aaaaaaaaaa" not in console  # the bad header is not echoed


def test_S_F12_a_malformed_message_leaves_no_traceback(served):
    async def walk() -> None:
        client, ws = await _session(served, served.origin)
        try:
            await _screen_bytes(ws, b"Start")
            for bad in ("not json", "[]", "{}", "[1]", '["resize"]', '["resize", {"width": "x"}]',
                        '["resize", {"width": 99999999999, "height": 5}]', '["stdin", 5]',
                        '["stdin", "\\ud800"]', '["ping"]', "[" * 100_000):
                await ws.send_str(bad)
            await ws.send_bytes(b"\x00\xff")
            await _ping(ws, "still-here")  # the session lives on
        finally:
            await ws.close()
            await client.close()

    asyncio.run(walk())
    console = served.wait_console("ignored a malformed message")
    assert console.count("ignored a malformed message") == 1  # one line a session
    assert "Traceback" not in console and "locals" not in console and "\u2502" not in console


def test_S_F12_sessions_are_capped_with_a_friendly_page(tmp_path):
    async def walk(server: Serve) -> None:
        import aiohttp

        client, ws = await _session(server, server.origin)
        try:
            await _screen_bytes(ws, b"Start")
            # The second session at once is refused, and the page says why.
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await _session(server, server.origin)
            assert refused.value.status == 503
            status, page = _get(server.port, "/")
            assert status == 503
            assert "busy: all its sessions are in use (1 at once)" in page
            assert 'http-equiv="refresh"' in page and 'href="/"' in page
        finally:
            await ws.close()
            await client.close()
        # When it ends, the next person gets in.
        _wait_until(lambda: _get(server.port, "/")[0] == 200, "a free session")
        client, ws = await _session(server, server.origin)
        try:
            await _screen_bytes(ws, b"Start")
        finally:
            await ws.close()
            await client.close()

    with Serve(tmp_path, "--max-sessions", "1") as server:
        asyncio.run(walk(server))
        console = server.wait_console("a new session was turned away")
    assert "all sessions are in use (1 at once): a new page was turned away" in console
    assert "Traceback" not in console


def test_stopping_closes_every_session_and_its_app(tmp_path):
    """SIGTERM with a session open: the page is told the server is going away (1001),
    the session's app ends, and the server exits 0 with no traceback."""

    async def walk(server: Serve) -> int | None:
        client, ws = await _session(server, server.origin)
        try:
            await _screen_bytes(ws, b"Start")
            server.proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(DEADLINE):
                async for _ in ws:
                    pass
            return ws.close_code
        finally:
            await ws.close()
            await client.close()

    with Serve(tmp_path) as server:
        assert asyncio.run(walk(server)) == 1001
        assert server.proc.wait(timeout=DEADLINE) == 0
    console = server.console()
    assert "session ended (0 of 4 in use)" in console and "stopped." in console
    assert "Traceback" not in console


@pytest.mark.parametrize(("option", "value"), [
    ("--max-sessions", "0"), ("--max-sessions", "-1"), ("--max-sessions", "abc"),
    ("--max-sessions", "101"), ("--max-sessions", ""), ("--max-sessions", "1e3"),
    ("--font-size", "0"), ("--font-size", "500"), ("--font-size", "big"),
    ("--kiosk", "--demo")])
def test_S_F12_a_bad_session_cap_is_one_line_and_exit_2(option, value):
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", option, value],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert option in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.startswith("sciatica-tui serve: error: ")
    assert out.stdout == ""


@pytest.mark.parametrize("host", ["a..b", "a" * 300, "x\x01y", "256.1.1.1", "-"])
def test_a_host_that_cannot_be_served_is_one_line_and_exit_2(tmp_path, host):
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", "--allow-remote",
                          "--host", host, "--port", str(_free_port())], capture_output=True,
                         text=True, timeout=60, env=_isolated_env(tmp_path),
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("sciatica-tui: error: ") and "Traceback" not in out.stderr
    assert "\x01" not in out.stderr


def test_S_F12_port_in_use_is_one_line_before_any_banner(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", "--port",
                              str(port)], capture_output=True, text=True, timeout=60,
                             env=_isolated_env(tmp_path), stdin=subprocess.DEVNULL)
    assert out.returncode == 2
    assert out.stdout == ""  # no banner
    assert out.stderr.count("\n") == 1 and "in use" in out.stderr
    assert f"127.0.0.1:{port}" in out.stderr


def test_I19_4_a_port_taken_first_by_another_worker_is_tried_again(tmp_path, monkeypatch):
    """In a parallel run another worker may bind the free port first: the helper
    starts serve again on another port (and only for that error)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], _free_port()])
        monkeypatch.setattr(sys.modules[__name__], "_free_port", lambda: next(ports))
        with Serve(tmp_path) as server:
            assert server.port != taken.getsockname()[1]
            assert _get(server.port)[0] == 200


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_P5_each_session_is_one_process(served):
    """Each browser tab costs one Python process, not a shell and Python."""

    def children() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == served.proc.pid:
                    found.append(int(entry.name))
        return found

    async def walk() -> list[list[str]]:
        client, ws = await _session(served, served.origin)
        try:
            await _screen_bytes(ws, b"Start")
            return [(Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
                    for pid in children()]
        finally:
            await ws.close()
            await client.close()

    _wait_until(lambda: not children(), "the other tests' sessions to end")
    commands = asyncio.run(walk())
    assert len(commands) == 1, commands
    assert Path(commands[0][0].decode()).name.startswith("python")
    assert commands[0][1:3] == [b"-m", b"sciatica_tui"]


def test_kiosk_page_starts_again_by_itself_and_keeps_nothing(tmp_path):
    made = subprocess.run([sys.executable, "-m", "sciatica_tui", "config", "hash-pin"],
                          input="2468\n", capture_output=True, text=True, timeout=60)
    config = tmp_path / "kiosk.toml"
    config.write_text(made.stdout, encoding="utf-8")
    with Serve(tmp_path, "--kiosk", "--config", str(config)) as server:
        status, page = _get(server.port, "/")
    assert status == 200
    assert "const KIOSK = true;" in page and 'data-font-size="24"' in page
    assert "This session has ended. Nothing was kept." in page


def test_personal_page_does_not_claim_nothing_was_kept(served):
    """History may be on in a personal session, so the page does not promise that
    nothing was kept."""
    _, page = _get(served.port, "/")
    assert "const KIOSK = false;" in page and 'data-font-size="16"' in page
    assert "This session has ended." in page and "Nothing was kept" not in page


def test_serve_kiosk_without_a_staff_pin_stops_before_serving(tmp_path):
    """Every kiosk session would fail: say so once, before the banner, exit 2."""
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "serve", "--kiosk", "--port",
                          str(_free_port())], capture_output=True, text=True, timeout=60,
                         env=_isolated_env(tmp_path), stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and out.stdout == ""
    assert "admin_pin_hash" in out.stderr and out.stderr.count("\n") == 1


def test_kiosk_and_demo_sessions_cannot_be_mixed():
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "--kiosk", "serve", "--demo"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--kiosk and --demo" in out.stderr and out.stdout == ""


def test_U_B15_serve_without_its_extra_exits_2_and_says_what_to_install():
    hide = ("import sys; sys.modules['textual_serve'] = None; "
            "from sciatica_tui.cli.main import main; sys.exit(main(['serve']))")
    out = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2
    assert "pip install 'sciatica-tui[serve]'" in out.stderr
    assert "pipx inject sciatica-tui textual-serve" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_addresses_that_mean_this_server():
    pytest.importorskip("textual_serve")
    from sciatica_tui.web.server import Addresses, parse_message

    local = Addresses("127.0.0.1", 8000, ["127.0.0.1"])
    assert local.match("127.0.0.1:8000") and local.match("LOCALHOST:8000")
    for other in ("127.0.0.1:8001", "127.0.0.1", "[::1]:8000", "evil.example:8000",
                  "localhost.evil.example:8000", "127.0.0.1:8000@evil", "0x7f.1:8000",
                  "127.0.0.1:8000:8000", "", " 127.0.0.1:8000", "[::1]:8000x"):
        assert local.match(other) is None, other
    six = Addresses("::1", 8000, ["::1"])
    assert six.match("[::1]:8000") and six.match("[0:0::1]:8000") and six.match("localhost:8000")
    assert six.match("127.0.0.1:8000") is None
    everywhere = Addresses("0.0.0.0", 80, ["0.0.0.0"])
    assert everywhere.match("192.0.2.7") and everywhere.match("localhost")
    assert everywhere.match("rebind.example") is None and everywhere.match("[::1]") is None
    assert parse_message('["resize", {"width": 100, "height": 30}]') == ("resize", (100, 30))
    assert parse_message('["resize", {"width": true, "height": 30}]') is None
    assert parse_message('["something-new"]') == ("", None)


# --- the real browser ----------------------------------------------------------

CAPTURE = """
window.__sizes = [];
window.__rx = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try { const m = JSON.parse(data); if (m[0] === "resize") window.__sizes.push(m[1]); }
  catch (e) {}
  return send.call(this, data);
};
// Keep what the app draws, so the test can read the screen the browser shows.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (e) => {
      if (typeof e.data !== "string") window.__rx.push(new Uint8Array(e.data));
    });
  }
};
"""
# Everything drawn since the last call, as base64.
DRAIN = """() => {
  let text = "";
  for (const chunk of window.__rx.splice(0)) {
    for (let i = 0; i < chunk.length; i += 8192) {
      text += String.fromCharCode.apply(null, chunk.subarray(i, i + 8192));
    }
  }
  return btoa(text);
}"""
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium); "
                    ".ci/run installs it where it can")
    pytest.importorskip("playwright.async_api", reason="playwright is in the test extra")
    # The same language, country and emergency number as the twin, whatever the locale.
    with Serve(tmp_path_factory.mktemp("browser"), "--lang", "en", "--country", "GB",
               "--emergency-number", "999") as running:
        yield f"{running.url}/"


FOOTER = "(the key bar)"


class Twin:
    """The browser page and a headless copy of the app at the same size. The text
    the browser shows is rebuilt from what the app sent it (pyte), so every step
    waits until the browser shows what the twin shows, not for a fixed time."""

    def __init__(self, page, pilot, geometry, size):
        import pyte

        self.page, self.pilot, self.app = page, pilot, pilot.app
        self.x0, self.y0, self.cw, self.ch = geometry
        self.terminal = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.terminal)

    def twin_lines(self) -> list[str]:
        """The twin's screen as text. The key bar is left out: the browser draws it
        only once the page has focus."""
        lines = [strip.text.rstrip() for strip in self.app.screen._compositor.render_strips()]
        for footer in self.app.screen.query("Footer"):
            for y in range(footer.region.y, footer.region.bottom):
                lines[y] = FOOTER
        return lines

    async def browser_lines(self) -> list[str]:
        import base64

        self.stream.feed(base64.b64decode(await self.page.evaluate(DRAIN)))
        return [line.rstrip() for line in self.terminal.display]

    async def sync(self, rows: list[int] | None = None) -> None:
        """Wait (up to DEADLINE) until the browser shows the twin's text on `rows`
        (every row by default)."""
        await self.pilot.pause()
        want = self.twin_lines()
        rows = range(len(want)) if rows is None else rows
        end = time.monotonic() + DEADLINE
        while True:
            shown = await self.browser_lines()
            if all(shown[i] == want[i] or want[i] is FOOTER for i in rows):
                return
            left = end - time.monotonic()
            if left <= 0:
                diff = [f"{i:2} browser {shown[i]!r}\n   twin    {want[i]!r}"
                        for i in rows if shown[i] != want[i] and want[i] is not FOOTER]
                raise AssertionError("the browser never showed the twin's screen:\n"
                                     + "\n".join(diff))
            # Until the app draws something new.
            from playwright.async_api import TimeoutError as Timeout

            try:
                await self.page.wait_for_function("window.__rx.length > 0",
                                                  timeout=max(1, left * 1000))
            except Timeout:
                pass

    async def step(self, action) -> None:
        """Do `action` in both, then wait until the rows the twin changed show the
        same in the browser."""
        before = self.twin_lines()
        await action()
        await self.pilot.pause()
        after = self.twin_lines()
        await self.sync([i for i, (a, b) in enumerate(zip(before, after, strict=True))
                         if a != b])

    async def click(self, widget) -> None:
        region = widget.region
        cx, cy = region.x + region.width // 2, region.y + region.height // 2

        async def both() -> None:
            await self.page.mouse.click(self.x0 + (cx + 0.5) * self.cw,
                                        self.y0 + (cy + 0.5) * self.ch)
            await self.pilot.click(offset=(cx, cy))

        await self.step(both)

    async def keys(self, *keys: str) -> None:
        async def both() -> None:
            for key in keys:
                await self.page.keyboard.press({"enter": "Enter"}.get(key, key))
                await self.pilot.press(key)

        await self.step(both)

    async def screenshot_where(self, path: Path, colour, share: float) -> None:
        """Wait (up to DEADLINE) until the page's pixels are at least `share`
        `colour`; the last screenshot is kept at `path`."""
        end = time.monotonic() + DEADLINE
        while True:
            shot = await self.page.screenshot(path=str(path))
            if _share(shot, colour) > share:
                return
            if time.monotonic() > end:
                raise AssertionError(f"the browser never showed {colour} (see {path})")
            await self.page.evaluate("() => new Promise(r => requestAnimationFrame(r))")


async def _open(browser, url, tmp_path):
    from sciatica_tui.store.config import Config
    from sciatica_tui.tui.app import SciaticaApp

    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1")) else outside.append(r.url))
    await page.add_init_script(CAPTURE)
    await page.goto(url)
    await page.wait_for_function("window.__sizes.length > 0 && "
                                 "document.body.classList.contains('-first-byte')",
                                 timeout=DEADLINE * 1000)
    size = (await page.evaluate("window.__sizes"))[-1]
    cols, rows = size["width"], size["height"]
    box = await page.eval_on_selector(".xterm-screen",
                                      "e => { const r = e.getBoundingClientRect(); "
                                      "return [r.x, r.y, r.width, r.height]; }")
    geometry = (box[0], box[1], box[2] / cols, box[3] / rows)
    twin = SciaticaApp(lang="en", emergency_number="999", cursor_blink=False,
                       config=Config(country="GB"))
    return page, twin, (cols, rows), geometry, outside


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

    from sciatica_tui.tui.screens.alerts import EmergencyScreen
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    from .pilot import loaded

    answers = {**clear_screening(content), **DISC}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        # 1. Through every question to the result, by tapping.
        page, twin_app, size, geometry, outside = await _open(browser, url, tmp_path)
        async with twin_app.run_test(size=size) as pilot:
            await loaded(pilot, twin_app)
            t = Twin(page, pilot, geometry, size)
            await t.sync()
            await t.click(twin_app.screen.query_one("#start"))
            for _ in range(80):
                screen = twin_app.screen
                if isinstance(screen, ResultsScreen):
                    break
                if isinstance(screen, QuestionScreen):
                    q = screen.q  # on a group screen, the line with the focus
                    value = answers.get(q.id)
                    if screen.focused is not None and screen.focused.id == "next":
                        await t.click(screen.query_one("#next"))  # every line answered
                    elif q.type in ("yes_no_unsure", "single"):
                        value = value if value is not None else q.option_ids[-1]
                        await t.keys(str(q.option_ids.index(value) + 1))
                    elif q.type == "multi":
                        value = value or [sorted(q.unknown_option_ids or q.option_ids)[0]]
                        # Ticks, then Enter: on a group screen the Next button may be
                        # below the fold (a click there would land on another line).
                        await t.keys(*(str(q.option_ids.index(o) + 1) for o in value), "enter")
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
            # The self-care banner (green, the same in every theme) is on the page.
            await t.screenshot_where(SHOTS / "browser-result.png", (0xA6, 0xE3, 0xA6), 0.005)
        await page.close()
        # 2. A new tab: "yes" to the first warning sign interrupts at once.
        page, twin_app, size, geometry, outside2 = await _open(browser, url, tmp_path)
        async with twin_app.run_test(size=size) as pilot:
            await loaded(pilot, twin_app)
            t = Twin(page, pilot, geometry, size)
            await t.sync()
            await t.click(twin_app.screen.query_one("#start"))
            await t.keys("1")  # "Yes" to the first line
            assert isinstance(twin_app.screen, EmergencyScreen)
            # The full-screen red warning.
            await t.screenshot_where(SHOTS / "browser-emergency.png", (0x6E, 0x00, 0x00), 0.5)
        await browser.close()
    assert outside == [] and outside2 == [], "the page asked for something off this machine"

"""The web server behind `sciatica-tui serve`: textual-serve's `Server`, with

- one guard (an aiohttp middleware) on every request, the WebSocket included: the
  Host header must name this server and an Origin header, when sent (a browser
  always sends one with a WebSocket), must be this server too. Other pages in the
  browser, and DNS rebinding, get 403 and one line on the console;
- a cap on sessions running at once, with a friendly page when all are in use;
- each session started with `exec`, so a browser tab costs one Python process;
- a console of one-line messages: no tracebacks, no local variables, no control
  characters from the network, no banner before the address is bound.

Needs the optional extra `serve` (textual-serve, which brings aiohttp and jinja2);
`sciatica_tui.cli.serve` checks for it before importing this module."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
import shlex
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ..core.quote import clean

WEB = Path(__file__).parent
log = logging.getLogger("sciatica-tui.serve")
# The terminal's size in cells, as a browser may ask for it.
MAX_CELLS = 2000


class OneLine(logging.Formatter):
    """Every log record as one line: the time and the message. An exception adds its
    type and message, never a traceback or local variables."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            # aiohttp's bad-request errors: the code and the first line of the reason.
            text = str(getattr(error, "message", None) or error).strip().split("\n")[0]
            code = getattr(error, "code", None)
            detail = f"{type(error).__name__}: {f'{code} ' if code else ''}{text}"
            if detail not in message:
                message = f"{message} ({detail})"
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        return f"{stamp} {clean(' '.join(message.split()), 300)}"


_AUTHORITY = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?")


def _host_key(host: str) -> str:
    """A host name or address in one spelling: names lower case, addresses as
    `ipaddress` writes them (no brackets)."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return host.lower()


def parse_authority(value: str) -> tuple[str, int] | None:
    """`host[:port]` (an IPv6 address in brackets) as (host key, port), the port 80
    when absent (we serve http); None for anything else."""
    match = _AUTHORITY.fullmatch(value)
    if match is None:
        return None
    host, port_text = match.groups()
    port = int(port_text) if port_text else 80
    if not 0 < port < 65536:
        return None
    if host.startswith("["):
        try:
            address = ipaddress.ip_address(host[1:-1])
        except ValueError:
            return None
        if address.version != 6:
            return None
    return _host_key(host), port


class Addresses:
    """The host:port values that mean this server: the --host it was given, the
    addresses it bound, "localhost" when it listens on loopback, and this machine's
    own name when it listens on other addresses too. Listening on every address
    (0.0.0.0 or ::), any address of that family is accepted: an address, unlike a
    name, cannot be rebound by someone else's DNS."""

    def __init__(self, host: str, port: int, bound: list[str]) -> None:
        self.port = port
        addresses = [ipaddress.ip_address(a) for a in bound]
        self.any_version = {a.version for a in addresses if a.is_unspecified}
        names = {str(a) for a in addresses if not a.is_unspecified}
        if host:
            names.add(_host_key(host))
        if any(a.is_loopback or a.is_unspecified for a in addresses):
            names.add("localhost")
        if any(not a.is_loopback for a in addresses):
            machine = socket.gethostname().lower()
            names |= {machine, machine.split(".")[0] + ".local"}
        self.names = names
        shown = "localhost" if self.any_version else _host_key(host or bound[0])
        self.url = f"http://{_bracket(shown)}:{port}/"

    def match(self, value: str) -> tuple[str, int] | None:
        """(host key, port) if the Host value `value` means this server, else None."""
        authority = parse_authority(value)
        if authority is None or authority[1] != self.port:
            return None
        host = authority[0]
        if host in self.names:
            return authority
        try:
            version = ipaddress.ip_address(host).version
        except ValueError:
            return None
        return authority if version in self.any_version else None


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for every address `host` names (all of them, or none and
    an OSError), so that a port in use is known before anything is printed."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                               flags=socket.AI_PASSIVE)
    sockets: list[socket.socket] = []
    seen: set[tuple[Any, ...]] = set()
    try:
        for family, kind, proto, _, address in infos:
            if (family, address) in seen:
                continue
            seen.add((family, address))
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(128)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def parse_message(text: str) -> tuple[str, Any] | None:
    """A browser message as (kind, data); ("", None) for a kind we do not know
    (ignored, as textual-serve does); None when it is malformed."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
    if kind in ("stdin", "ping"):
        return (kind, data) if isinstance(data, str) else None
    if kind == "resize":
        if not isinstance(data, dict):
            return None
        size = data.get("width"), data.get("height")
        if not all(type(n) is int and 0 < n <= MAX_CELLS for n in size):
            return None
        return kind, size
    if kind in ("blur", "focus"):
        return kind, None
    return "", None


BUSY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry}">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; background: #0c181f; }}
body {{ display: flex; align-items: center; justify-content: center; }}
div {{ font: 24px monospace; color: #ffffff; background: #12232d; padding: 48px;
       max-width: 36em; text-align: center; line-height: 1.5; }}
a {{ display: inline-block; font: 28px monospace; padding: 24px 48px; margin-top: 24px;
     background: #005fb8; color: #ffffff; text-decoration: none; }}
</style></head>
<body><div>
<p>{title} is busy: all its sessions are in use ({limit} at once).</p>
<p>Close the app in another tab or window, or wait. This page tries again by
itself every {retry} seconds.</p>
<a href="/">Try again</a>
</div></body></html>
"""
RETRY_SECONDS = 10


PRIVATE_HEADERS = {
    # No other site may show the app in a frame (and get taps on it by trickery).
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _private_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(PRIVATE_HEADERS)


class SessionServer(Server):
    """textual-serve's Server with the guard, the cap and a quiet console."""

    def __init__(self, argv: list[str], *, host: str, sockets: list[socket.socket],
                 max_sessions: int, kiosk: bool, font_size: int, title: str) -> None:
        port = sockets[0].getsockname()[1]
        # `exec`: the shell textual-serve starts becomes the app, one process a tab.
        super().__init__("exec " + shlex.join(argv), host=host, port=port, title=title,
                         templates_path=WEB)
        self.sockets = sockets
        self.addresses = Addresses(host, port, [s.getsockname()[0] for s in sockets])
        self.max_sessions = max_sessions
        self.kiosk = kiosk
        self.font_size = font_size
        self.active = 0
        self.websockets: set[web.WebSocketResponse] = set()

    # --- the console ------------------------------------------------------------

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLine())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)

    async def on_startup(self, app: web.Application) -> None:
        kind = "kiosk " if self.kiosk else ""
        print(f"sciatica-tui: serving the {kind}app at {self.addresses.url} "
              f"(up to {self.max_sessions} sessions at once). Press Ctrl+C to stop.",
              flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Stopping: close every session's WebSocket (each app is then told to quit),
        rather than wait for aiohttp to cancel them."""
        for websocket in list(self.websockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")

    def serve(self, debug: bool = False) -> None:
        """Serve on the sockets bound already, until SIGINT or SIGTERM."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), sock=self.sockets, handle_signals=False, loop=loop,
                    print=None, access_log=None, shutdown_timeout=5)

    # --- the guard --------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard())
        app.on_response_prepare.append(_private_headers)
        return app

    def _guard(self) -> Callable[..., Awaitable[web.StreamResponse]]:
        @web.middleware
        async def guard(request: web.Request,
                        handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                        ) -> web.StreamResponse:
            reason = self.refusal(request)
            if reason is None:
                return await handler(request)
            what = ("a WebSocket" if request.headers.get("Upgrade", "").lower() == "websocket"
                    else clean(request.method, 10))
            log.warning("refused %s for %s: %s", what, clean(request.path, 60), reason)
            return web.Response(status=403, text="Forbidden: this app answers only at its own "
                                                 f"address, {self.addresses.url}\n")
        return guard

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused, or None: its Host must be this server, and its
        Origin too when there is one; a WebSocket must have an Origin."""
        hosts = request.headers.getall("Host", [])
        if len(hosts) != 1:
            return "no Host header" if not hosts else "more than one Host header"
        authority = self.addresses.match(hosts[0])
        if authority is None:
            return f"Host '{clean(hosts[0])}' is not this server ({self.addresses.url})"
        origins = request.headers.getall("Origin", [])
        if not origins:
            if request.headers.get("Upgrade", "").lower() == "websocket":
                return "a WebSocket without an Origin header"
            return None
        origin = origins[0]
        scheme, _, rest = origin.partition("://")
        if (len(origins) > 1 or scheme.lower() != "http"
                or parse_authority(rest) != authority):
            return f"Origin '{clean(origin)}' is not this server ({self.addresses.url})"
        return None

    # --- pages and sessions -----------------------------------------------------

    def full(self) -> bool:
        return self.active >= self.max_sessions

    def _busy(self, request: web.Request) -> web.Response:
        log.warning("all sessions are in use (%d at once): a new %s was turned away",
                    self.max_sessions, "session" if request.path == "/ws" else "page")
        headers = {"Retry-After": str(RETRY_SECONDS)}
        if request.path == "/ws":
            return web.Response(status=503, text="All sessions are in use.\n", headers=headers)
        from html import escape

        page = BUSY.format(title=escape(self.title), limit=self.max_sessions,
                           retry=RETRY_SECONDS)
        return web.Response(status=503, text=page, content_type="text/html", headers=headers)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with its addresses on the Host it was asked for (checked by the
        guard), so the page at localhost talks to localhost."""
        if self.full():
            return self._busy(request)
        host = request.headers["Host"]
        context = {
            "font_size": self.font_size,
            "kiosk": self.kiosk,
            "app_websocket_url": f"ws://{host}/ws",
            "config": {"static": {"url": f"http://{host}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self.full():
            return self._busy(request)
        self.active += 1
        log.info("session started (%d of %d in use)", self.active, self.max_sessions)
        try:
            return await super().handle_websocket(request)
        finally:
            self.active -= 1
            log.info("session ended (%d of %d in use)", self.active, self.max_sessions)

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        """textual-serve's message loop, but a malformed message is ignored (one
        console line a session) instead of ending the session with a traceback."""
        self.websockets.add(websocket)
        try:
            await self._messages(websocket, app_service)
        finally:
            self.websockets.discard(websocket)

    async def _messages(self, websocket: web.WebSocketResponse,
                        app_service: AppService) -> None:
        warned = False
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            parsed = parse_message(message.data)
            if parsed is None:
                if not warned:
                    log.warning("ignored a malformed message from a browser session")
                    warned = True
                continue
            kind, data = parsed
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

"""`sciatica-tui serve`: the same app in a web browser on this machine, through
textual-serve (the optional extra `serve`). Each browser tab runs its own app
process with its own answers; closing the tab ends it.

Loopback only unless --allow-remote is given (then a warning is printed). The page
loads nothing from outside the machine (our own template, no web fonts)."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.exit_codes import Exit
from ..core.quote import clean

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_SESSIONS = 100


def add_parser(sub: argparse._SubParsersAction[Any], parser_class: type,
               common: argparse.ArgumentParser | None = None, help: str = "") -> None:
    """`serve` and its options; `common` brings the global options (--lang,
    --content, --emergency-number), which every session is started with; `help`
    is its line in the top-level help (cli.parser.HELP)."""
    p = sub.add_parser(
        "serve", parents=[common] if common else [],
        help=help,
        description="Serve the full-screen app to a web browser with textual-serve "
                    "(install it with: pip install 'sciatica-tui[serve]'). Each browser tab "
                    "is its own session; closing it ends the session. Listens on this "
                    "machine only (127.0.0.1) unless --allow-remote is given.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                   "127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow an address other than this machine's own (prints a warning: "
                        "anyone who can reach it can use the app)")
    p.add_argument("--max-sessions", type=max_sessions, default=4, metavar="N",
                   help="most sessions (browser tabs) at once, 1 to 100 (default 4); "
                        "one more gets a page saying all are in use")
    p.add_argument("--font-size", type=font_size, default=None, metavar="PX",
                   help="text size in the browser, 8 to 72 (default 16, or 24 in kiosk mode)")
    modes = p.add_mutually_exclusive_group()  # as for the app itself
    modes.add_argument("--kiosk", action="store_true", dest="serve_kiosk",
                       help="kiosk sessions (needs admin_pin_hash in the config)")
    modes.add_argument("--demo", action="store_true", dest="serve_demo",
                       help="clinic demo sessions")
    p.add_argument("--config", metavar="PATH", dest="serve_config", help="configuration file")


def session_command(args: argparse.Namespace) -> list[str]:
    """The command each browser session runs."""
    cmd = [sys.executable, "-m", "sciatica_tui"]
    config = getattr(args, "serve_config", None) or getattr(args, "config", None)
    if config:
        cmd += ["--config", str(Path(config).resolve())]
    if getattr(args, "serve_kiosk", False) or getattr(args, "kiosk", False):
        cmd.append("--kiosk")
    if getattr(args, "serve_demo", False) or getattr(args, "demo", False):
        cmd.append("--demo")
    for flag, value in (("--lang", args.lang), ("--content", args.content),
                        ("--emergency-number", args.emergency_number),
                        ("--country", getattr(args, "country", None))):
        if value:
            cmd += [flag, str(value)]
    return cmd


def check_host(host: str, allow_remote: bool) -> str | None:
    """None if the address may be used, else the error message."""
    if not host.strip():
        return "--host needs an address, such as 127.0.0.1"
    if host in LOOPBACK:
        return None
    if not allow_remote:
        return (f"--host {clean(host)} would let other machines use the app. Use "
                "--allow-remote if that is what you want.")
    return None


def max_sessions(text: str) -> int:
    """The --max-sessions value: a whole number from 1 to MAX_SESSIONS."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_SESSIONS:
        raise argparse.ArgumentTypeError(
            f"'{clean(text)}' is not a number of sessions (1 to {MAX_SESSIONS})")
    return value


def font_size(text: str) -> int:
    """The --font-size value: a whole number of pixels from 8 to 72."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 8 <= value <= 72:
        raise argparse.ArgumentTypeError(f"'{clean(text)}' is not a text size (8 to 72)")
    return value


def _check_session_config(args: argparse.Namespace,
                           app_config: Callable[[argparse.Namespace], object]) -> None:
    """The configuration every session will start with, checked once now, as a
    session checks it (a kiosk without a staff PIN, a bad config file): one line
    and exit 2 here, instead of every browser tab failing later. `app_config` is
    the command line's own reader (cli.py hands it in: serve sits below cli)."""
    app_config(argparse.Namespace(
        config=getattr(args, "serve_config", None) or getattr(args, "config", None),
        kiosk=bool(getattr(args, "serve_kiosk", False) or getattr(args, "kiosk", False)),
        demo=bool(getattr(args, "serve_demo", False) or getattr(args, "demo", False)),
        lang=args.lang, emergency_number=args.emergency_number,
        country=getattr(args, "country", None), theme=None))


def _error(message: str) -> int:
    print(f"sciatica-tui: error: {message}", file=sys.stderr)
    return Exit.INPUT


def run(args: argparse.Namespace,
        app_config: Callable[[argparse.Namespace], object]) -> int:
    if args.host.startswith("[") and args.host.endswith("]"):
        args.host = args.host[1:-1]  # an IPv6 address as written in a URL
    problem = check_host(args.host, args.allow_remote)
    if problem:
        return _error(problem)
    if not 0 < args.port < 65536:
        return _error(f"--port {args.port} is not a port number (1 to 65535)")
    try:
        from ..web.server import SessionServer, bind
    except ImportError:
        # Exit 2, not 1: 1 means the content has problems.
        return _error("serving in a browser needs the optional extra 'serve' (textual-serve). "
                      "Install it with: pip install 'sciatica-tui[serve]' "
                      "(or, for a pipx install: pipx inject sciatica-tui textual-serve)")
    kiosk = bool(getattr(args, "serve_kiosk", False) or getattr(args, "kiosk", False))
    if kiosk and (getattr(args, "serve_demo", False) or getattr(args, "demo", False)):
        return _error("--kiosk and --demo cannot be used together")
    _check_session_config(args, app_config)
    try:
        sockets = bind(args.host, args.port)
    except UnicodeError:  # a host name that cannot be a name (empty or long labels)
        return _error(f"cannot listen on {clean(args.host)}: not a host name or address")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = "the port is in use (choose another with --port)"
        else:
            why = clean(exc.strerror or str(exc) or type(exc).__name__, 120)
        return _error(f"cannot listen on {clean(args.host)}:{args.port}: {why}")
    if args.host not in LOOPBACK:
        print(f"sciatica-tui: warning: listening on {clean(args.host)}: anyone who can reach "
              "this address can use the app and see what is typed there. Answers travel "
              "unencrypted (http).", file=sys.stderr)
    server = SessionServer(session_command(args), host=args.host, sockets=sockets,
                           max_sessions=args.max_sessions, kiosk=kiosk,
                           font_size=args.font_size or (24 if kiosk else 16),
                           title="Sciatica self-check")
    try:
        server.serve()
    except Exception as exc:  # one line, never a traceback with local variables
        return _error(f"serving stopped: {clean(f'{type(exc).__name__}: {exc}', 200)}")
    finally:
        for sock in sockets:
            sock.close()
    print("sciatica-tui: stopped.", flush=True)
    return Exit.OK

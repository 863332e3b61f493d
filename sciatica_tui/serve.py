"""`sciatica-tui serve`: the same app in a web browser on this machine, through
textual-serve (the optional extra `serve`). Each browser tab runs its own app
process with its own answers; closing the tab ends it.

Loopback only unless --allow-remote is given (then a warning is printed). The page
loads nothing from outside the machine (our own template, no web fonts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
EXIT_OK, EXIT_PROBLEM, EXIT_INPUT = 0, 1, 2


def add_parser(sub: object, parser_class: type) -> None:
    p = sub.add_parser(  # type: ignore[attr-defined]
        "serve", help="serve the app to a web browser on this machine (touch kiosks)",
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
    p.add_argument("--font-size", type=int, default=None,
                   help="text size in the browser (default 16, or 24 in kiosk mode)")
    p.add_argument("--kiosk", action="store_true", dest="serve_kiosk",
                   help="kiosk sessions (needs admin_pin_hash in the config)")
    p.add_argument("--demo", action="store_true", dest="serve_demo", help="clinic demo sessions")
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
    if host in LOOPBACK:
        return None
    if not allow_remote:
        return (f"--host {host} would let other machines use the app. Use --allow-remote "
                "if that is what you want.")
    return None


def run(args: argparse.Namespace) -> int:
    problem = check_host(args.host, args.allow_remote)
    if problem:
        print(f"sciatica-tui: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    if not 0 < args.port < 65536:
        print(f"sciatica-tui: error: --port {args.port} is not a port number (1 to 65535)",
              file=sys.stderr)
        return EXIT_INPUT
    try:
        from textual_serve.server import Server
    except ImportError:
        print("sciatica-tui: error: serving needs textual-serve. Install it with: "
              "pip install 'sciatica-tui[serve]'", file=sys.stderr)
        return EXIT_PROBLEM
    kiosk = bool(getattr(args, "serve_kiosk", False) or getattr(args, "kiosk", False))
    if args.host not in LOOPBACK:
        print(f"sciatica-tui: warning: listening on {args.host}: anyone who can reach this "
              "address can use the app and see what is typed there. Answers travel "
              "unencrypted (http).", file=sys.stderr)
    import shlex
    import tempfile

    font_size = args.font_size or (24 if kiosk else 16)
    templates = Path(tempfile.mkdtemp(prefix="sciatica-serve-"))
    source = Path(__file__).parent / "web" / "app_index.html"
    text = source.read_text(encoding="utf-8")
    text = text.replace('{{ "true" if kiosk else "false" }}', "true" if kiosk else "false")
    text = text.replace('data-font-size="{{ font_size }}"', f'data-font-size="{font_size}"')
    (templates / "app_index.html").write_text(text, encoding="utf-8")
    server = Server(shlex.join(session_command(args)), host=args.host, port=args.port,
                    title="Sciatica self-check", templates_path=str(templates))
    try:
        server.serve()
    except OSError as exc:
        print(f"sciatica-tui: error: cannot listen on {args.host}:{args.port}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        import shutil

        shutil.rmtree(templates, ignore_errors=True)
    return EXIT_OK

"""`sciatica-tui history ...`: export or delete the personal history, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..core.exit_codes import Exit


def add_parser(sub: Any, parser_class: type, help: str = "") -> None:
    """`history` and its actions; `help` is its line in the top-level help
    (cli.parser.HELP)."""
    p = sub.add_parser("history", help=help,
                       description="Your history (if you turned it on in the app): past "
                                   "assessments and daily check-ins, kept only on this computer.")
    hsub = p.add_subparsers(dest="history_command", metavar="ACTION", parser_class=parser_class)
    hsub.required = True
    file_help = "the history file (default: history.sqlite3 in your data folder)"
    e = hsub.add_parser("export", help="print or save the history as JSON or CSV",
                        description="Print the whole history as JSON or CSV, or save it to a "
                                    "file readable by you only.")
    e.add_argument("--format", choices=["json", "csv"], default="json")
    e.add_argument("--output", "-o", metavar="PATH",
                   help="write to this file instead (- is standard output)")
    e.add_argument("--force", action="store_true", help="replace PATH if it exists")
    e.add_argument("--file", metavar="PATH", help=file_help)
    d = hsub.add_parser("delete", help="delete the history (asks first)",
                        description="Delete the history file and its backups. Asks for 'yes' "
                                    "first, unless --yes is given.")
    d.add_argument("--yes", action="store_true", help="do not ask")
    d.add_argument("--file", metavar="PATH", help=file_help)
    w = hsub.add_parser("where", help="show where the history file is kept")
    w.add_argument("--file", metavar="PATH", help=file_help)


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin) -> int:
    from ..core.safe_read import ReadError, probe
    from ..store.history import History, HistoryError, delete
    from ..store.paths import history_path

    path = Path(args.file).expanduser() if args.file else history_path()
    try:
        probe(path)  # a name too long or a folder that cannot be searched: one line
    except ReadError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.INPUT
    if args.history_command == "where":
        # Read-only: nothing is created, changed or has its mode changed.
        try:
            history = History.open_readonly(path)
        except HistoryError as exc:
            print(f"{path}\nHistory cannot be used: {exc}")
            return Exit.PROBLEM
        if history is None:
            print(f"{path}\nHistory is off (no history kept).")
            return Exit.OK
        history.close()
        print(f"{path}\nHistory is on.")
        return Exit.OK
    if args.history_command == "delete":
        if not path.exists():
            print(f"There is no history to delete ({path} does not exist).")
            return Exit.OK
        if not args.yes:
            print(f"This deletes every saved assessment and check-in in {path}. "
                  "It cannot be undone. Type yes to delete: ", end="", flush=True)
            reply = stdin.readline().strip().lower()
            if reply != "yes":
                print("Nothing was deleted.")
                return Exit.PROBLEM
        try:
            removed = delete(path)
        except OSError as exc:
            print(f"sciatica-tui: error: could not delete {path}: {exc.strerror}",
                  file=sys.stderr)
            return Exit.PROBLEM
        print(f"Deleted {len(removed)} file(s). History is now off.")
        return Exit.OK
    try:
        history = History.open_readonly(path)  # never creates, changes or migrates
    except HistoryError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.PROBLEM
    if history is None:
        print(f"sciatica-tui: error: there is no history ({path} does not exist). Turn it "
              "on in the app first.", file=sys.stderr)
        return Exit.PROBLEM
    try:
        text = history.export(args.format)
    except HistoryError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.PROBLEM
    finally:
        history.close()
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return Exit.OK
    from ..store.private_file import OutputError, write_private

    try:
        target = write_private(args.output, text, overwrite=args.force)
    except OutputError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.INPUT
    print(f"Saved the history to {target} (readable by you only).", file=sys.stderr)
    return Exit.OK

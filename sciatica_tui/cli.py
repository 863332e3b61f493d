"""Command line: `sciatica-tui` starts the app; sub-commands run the engine headless.

Exit codes: 0 success; 1 content problems (`content check`, or broken content);
2 bad input (answers file, arguments). Headless commands never import Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn

from . import __version__
from .formats import FORMATS

EXIT_OK, EXIT_CONTENT, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n"
                              f"Try '{self.prog} --help' for help.\n")


def _common(default: object) -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--lang", default=default,
                        help="language for all text (default: from the locale, else en)")
    common.add_argument("--content", metavar="DIR", default=default,
                        help="use this content directory instead of the shipped one")
    common.add_argument("--emergency-number", metavar="NUMBER", default=default,
                        help="emergency phone number to show (default: from the locale; "
                             "911, 999 or 112)")
    return common


def build_parser() -> argparse.ArgumentParser:
    # Global options work before or after the command; the command's copy must not
    # overwrite a value given before it, hence SUPPRESS there.
    common = _common(argparse.SUPPRESS)

    parser = _Parser(
        prog="sciatica-tui",
        description="Offline sciatica self-check. It does not diagnose. With no command, "
                    "it starts the full-screen app.",
        parents=[_common(None)],
        epilog="Commands print help with: sciatica-tui COMMAND --help",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", metavar="PATH",
                        help="configuration file (default: config.toml in your config folder, "
                             "if it exists)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--demo", action="store_true",
                       help="clinic demo: browse causes, warning signs, first steps and "
                            "sample patients freely, no questions needed")
    modes.add_argument("--kiosk", action="store_true",
                        help="waiting-room kiosk: keeps nothing, resets itself when idle, "
                             "staff leave with the exit keys and PIN (needs admin_pin_hash "
                             "in the config)")
    parser.add_argument("--plain", action="store_true",
                        help="line-by-line mode for screen readers, braille displays and "
                             "scripts (used automatically when input or output is not a "
                             "terminal, or TERM=dumb)")
    parser.add_argument("--theme", choices=["calm", "high-contrast"], default=None,
                        help="colours for the full-screen app (default: calm; high-contrast "
                             "has at least 7:1 text contrast). NO_COLOR is honoured.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("questions", parents=[common], help="list every question, its options "
                       "and when it is asked",
                       description="List the whole question catalogue (ids, prompts, types, "
                                   "options with ids, when asked), to write answers files by hand.")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("assess", parents=[common], help="assess an answers file",
                       description="Assess a JSON answers file: an object mapping question ids "
                                   "to answers (an option id, a list of option ids, or a number).")
    p.add_argument("--answers", required=True, metavar="FILE",
                   help="JSON answers file, or - for standard input")
    p.add_argument("--format", choices=list(FORMATS), default=None,
                   help="default: from the --output file's extension, else text. "
                        "text (80 columns), json, markdown, html (one self-contained file "
                        "that prints on A4 or Letter), pdf (needs the 'pdf' extra), or fhir "
                        "(an R4 Bundle: Questionnaire and QuestionnaireResponse)")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="write to this file (created readable by you only) instead of "
                        "standard output")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = sub.add_parser("config", help="check a configuration file, or make a PIN hash",
                       description="Work with the configuration file.")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    c = csub.add_parser("check", help="validate a configuration file",
                        description="Validate a configuration file; names every bad key and "
                                    "exits 2 if there are any.")
    c.add_argument("path", metavar="PATH")
    csub.add_parser("hash-pin", help="make the admin_pin_hash for kiosk mode",
                    description="Asks for a staff PIN (4 to 12 digits) twice and prints the "
                                "line to put in the config file. From a pipe, reads one line.")

    sub.add_parser("about", parents=[common], help="the content's version, review and sources",
                   description="Show what this tool is, the content version, who checked it, "
                               "and every source it draws on.")

    from .history_cli import add_parser as add_history
    from .serve import add_parser as add_serve

    add_history(sub, _Parser)
    add_serve(sub, _Parser)

    p = sub.add_parser("content", help="work with content files",
                       description="Work with the clinical content files.")
    csub = p.add_subparsers(dest="content_command", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    c = csub.add_parser("check", help="validate a content directory and list every problem",
                        description="Validate a content directory. Lists every problem "
                                    "(file, item, field) and exits 1 if there are any.")
    c.add_argument("directory", nargs="?", metavar="DIR",
                   help="content directory (default: the shipped content)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "questions":
            return _questions(args)
        if args.command == "assess":
            return _assess(args)
        if args.command == "content":
            return _content_check(args)
        if args.command == "config":
            return _config(args)
        if args.command == "about":
            from .about import about_text

            sys.stdout.write(about_text(_words(args, _load(args))))
            return EXIT_OK
        if args.command == "serve":
            from .serve import run as run_serve

            return run_serve(args)
        if args.command == "history":
            from .history_cli import run as run_history

            return run_history(args)
        return _run_app(args)
    except BrokenPipeError:
        # e.g. `sciatica-tui questions | head`; stay quiet like other tools.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def _load(args: argparse.Namespace) -> Any:
    from .loader import ContentError, load_content

    try:
        return load_content(args.content)
    except ContentError as exc:
        print("The content files have problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None


def _words(args: argparse.Namespace, content: Any) -> Any:
    from .i18n import default_emergency_number, locale_language
    from .report import Words

    lang = args.lang or locale_language(content.meta.languages)
    if lang not in content.meta.languages:
        print(f"sciatica-tui: error: language '{lang}' is not available "
              f"(choose from: {', '.join(content.meta.languages)})", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)
    number = args.emergency_number or default_emergency_number()
    return Words(content, lang, number)


def _questions(args: argparse.Namespace) -> int:
    from .catalogue import catalogue, catalogue_text

    content = _load(args)
    words = _words(args, content)
    if args.format == "json":
        print(json.dumps(catalogue(content, words), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(catalogue_text(content, words))
    return EXIT_OK


def _assess(args: argparse.Namespace) -> int:
    from .answers import AnswerError, read_answers_file, validate_answers
    from .engine import assess
    from .formats import render
    from .formats.pdf import PdfUnavailable
    from .output import OutputError, write_private

    content = _load(args)
    words = _words(args, content)
    try:
        answers = validate_answers(content, read_answers_file(args.answers))
    except AnswerError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.format is None:
        args.format = _format_from_name(args.output)
    if args.format == "pdf" and not args.output and sys.stdout.isatty():
        print("sciatica-tui: error: a PDF is binary; write it to a file with --output "
              "FILE.pdf (or pipe it)", file=sys.stderr)
        return EXIT_INPUT
    try:
        data = render(args.format, content, assess(content, answers), words)
    except PdfUnavailable as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.output:
        try:
            path = write_private(args.output, data, overwrite=args.force)
        except OutputError as exc:
            print(f"sciatica-tui: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        print(f"Saved {path}", file=sys.stderr)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return EXIT_OK


def _format_from_name(path: str | None) -> str:
    """text, unless the output file's name says otherwise (x.md, x.html, x.fhir.json...)."""
    from .formats import EXTENSIONS

    name = (path or "").lower()
    for fmt, ext in sorted(EXTENSIONS.items(), key=lambda kv: -len(kv[1])):
        if name.endswith("." + ext):
            return fmt
    return "markdown" if name.endswith(".markdown") else "text"


def _content_check(args: argparse.Namespace) -> int:
    from .loader import ContentError, load_content

    try:
        content = load_content(args.directory, use_cache=False)  # always check in full
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        n = len(exc.problems)
        print(f"\n{n} problem{'s' if n != 1 else ''} found.")
        return EXIT_CONTENT
    print(f"Content OK: version {content.version}, {len(content.questions)} questions, "
          f"{len(content.red_flags)} red flags, {len(content.causes)} causes, "
          f"{len(content.first_steps)} first steps, languages: "
          f"{', '.join(content.meta.languages)}.")
    return EXIT_OK


def _config(args: argparse.Namespace) -> int:
    from .config import ConfigError, hash_pin, load_config, valid_pin

    if args.config_command == "check":
        try:
            cfg = load_config(args.path)
        except ConfigError as exc:
            for problem in exc.problems:
                print(f"{exc.path}: {problem}", file=sys.stderr)
            return EXIT_INPUT
        print(f"Config OK: mode {cfg.mode}, theme {cfg.effective_theme}.")
        return EXIT_OK
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("Staff PIN (4 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("sciatica-tui: error: the two PINs differ", file=sys.stderr)
            return EXIT_INPUT
    else:
        pin = sys.stdin.readline().strip()
    if not valid_pin(pin):
        print("sciatica-tui: error: the PIN must be 4 to 12 digits", file=sys.stderr)
        return EXIT_INPUT
    print(f'admin_pin_hash = "{hash_pin(pin)}"')
    return EXIT_OK


def _app_config(args: argparse.Namespace) -> Any:
    """The config file with command-line options on top; exits 2 if it is bad."""
    import dataclasses

    from .config import ConfigError, load_config

    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"sciatica-tui: config error: {exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT) from None
    changes: dict[str, Any] = {}
    if args.kiosk:
        changes["mode"] = "kiosk"
    if args.demo:
        changes["mode"] = "demo"
    if args.lang:
        changes["language"] = args.lang
    if args.emergency_number:
        changes["emergency_number"] = args.emergency_number
    if args.theme:
        changes["theme"] = args.theme
    cfg = dataclasses.replace(cfg, **changes)
    if cfg.kiosk and not cfg.admin_pin_hash:
        print("sciatica-tui: config error: kiosk mode needs admin_pin_hash in the config file "
              "(make one with: sciatica-tui config hash-pin)", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)
    return cfg


def _run_app(args: argparse.Namespace) -> int:
    cfg = _app_config(args)
    args.lang = cfg.language
    args.emergency_number = cfg.emergency_number
    dumb = os.environ.get("TERM", "") in ("dumb", "")
    web = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # a `serve` session
    if not web and (args.plain or dumb or not sys.stdin.isatty() or not sys.stdout.isatty()):
        if cfg.mode in ("kiosk", "demo"):
            print(f"sciatica-tui: error: {cfg.mode} mode needs a terminal", file=sys.stderr)
            return EXIT_INPUT
        return _run_plain(args)
    from .tui.app import run_app

    return run_app(cfg, content_dir=args.content)


def _run_plain(args: argparse.Namespace) -> int:
    from .plain import run_plain

    content = _load(args)
    return run_plain(_words(args, content), sys.stdin, sys.stdout)

"""The command line's parser: every command, option and its help text.

Built only when there are arguments to parse: a plain `sciatica-tui` takes the
defaults without importing argparse (see cli.parse_arguments).
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from .. import __version__
from ..core.exit_codes import Exit


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the width found without importing shutil:
    argparse makes a formatter for every option it adds (to check the option),
    and shutil brings the bz2, lzma and zlib modules with it (issue 19)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


def _columns() -> int:
    """What shutil.get_terminal_size().columns says: $COLUMNS, else the terminal's
    width, else 80."""
    import os
    import sys

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        # argparse echoes what was typed (e.g. unrecognized arguments) as it is:
        # escape control characters and cut a huge value, as every echo is.
        from ..core.quote import shown

        self.exit(Exit.INPUT, f"{self.prog}: error: {shown(message, 240, quote=False)}\n"
                              f"Try '{self.prog} --help' for help.\n")


def _common(default: object) -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--lang", default=default,
                        help="language for all text (default: from the locale, else en)")
    common.add_argument("--content", metavar="DIR", default=default,
                        help="use this content directory instead of the shipped one")
    common.add_argument("--emergency-number", metavar="NUMBER", default=default,
                        help="emergency phone number to show (default: the country's, from "
                             "content/locales.toml)")
    common.add_argument("--country", metavar="CC", type=_country, default=default,
                        help="two-letter country code for the emergency number and the "
                             "names of health services, e.g. GB, US, ES (default: from the "
                             "locale, e.g. en_GB -> GB; else international)")
    return common


def _country(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise argparse.ArgumentTypeError("must be a two-letter country code, e.g. GB, US or ES")
    return value.upper()


# Each command and its line in the top-level help, in that order.
HELP = {
    "questions": "list every question, its options and when it is asked",
    "assess": "assess an answers file",
    "config": "check a configuration file, or make a PIN hash",
    "about": "the content's version, review and sources",
    "history": "export or delete your saved history",
    "serve": "serve the app to a web browser on this machine (touch kiosks)",
    "content": "work with content files",
}
COMMANDS = tuple(HELP)


def wanted_commands(argv: list[str] | None) -> set[str]:
    """The sub-commands whose parsers `argv` can need: those named in it (a command
    name given as an option's value only adds a parser that is not used). All of
    them when none is named, or when help is asked for before the first one (the
    top-level help and the "invalid choice" error list every command). Building
    only these saves about a third of a headless command's start (issue 19)."""
    if argv is None:
        return set(COMMANDS)
    named = [i for i, arg in enumerate(argv) if arg in COMMANDS]
    if not named or any(arg in ("-h", "--help") for arg in argv[:named[0]]):
        return set(COMMANDS)
    return {argv[i] for i in named}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: every command, or only the ones `argv` names."""
    want = wanted_commands(argv)
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

    # A command not named in `argv` is never the one parsed: its line in the
    # top-level help (and its name in the "invalid choice" error) is all it needs,
    # without its options or the modules they import (a start with only global
    # options, such as a kiosk's --config, saved argparse's sub-parsers and the
    # serve, history and formats modules; issue 19, memory at start).
    named = set(COMMANDS) if argv is None else set(argv) & set(COMMANDS)
    for name in COMMANDS:
        if name not in want:
            continue
        if name in named:
            _BUILD[name](sub, common)
        else:
            sub.add_parser(name, help=HELP[name])
    return parser


def _about(sub: Any, common: _Parser) -> None:
    sub.add_parser("about", parents=[common], help=HELP["about"],
                   description="Show what this tool is, the content version, who checked "
                               "it, and every source it draws on.")


def _history(sub: Any, common: _Parser) -> None:
    from .history import add_parser

    add_parser(sub, _Parser, help=HELP["history"])


def _serve(sub: Any, common: _Parser) -> None:
    from .serve import add_parser

    add_parser(sub, _Parser, common, help=HELP["serve"])


def _questions(sub: Any, common: _Parser) -> None:
    p = sub.add_parser("questions", parents=[common], help=HELP["questions"],
                       description="List the whole question catalogue (ids, prompts, types, "
                                   "options with ids, when asked), to write answers files by hand.")
    p.add_argument("--format", choices=["text", "json"], default="text")


def _assess(sub: Any, common: _Parser) -> None:
    from ..reports.formats import FORMATS

    p = sub.add_parser("assess", parents=[common], help=HELP["assess"],
                       description="Assess a JSON answers file: an object mapping question ids "
                                   "to answers (an option id, a list of option ids, or a number), "
                                   "or a FHIR QuestionnaireResponse (bare or in a Bundle) for the "
                                   "exported Questionnaire.")
    p.add_argument("--answers", required=True, metavar="FILE",
                   help="JSON answers file or FHIR QuestionnaireResponse, or - for "
                        "standard input")
    p.add_argument("--format", choices=list(FORMATS), default=None,
                   help="default: from the --output file's extension, else text. "
                        "text (80 columns), json, markdown, html (one self-contained file "
                        "that prints on A4 or Letter), pdf (A4 or Letter, see --paper), or fhir "
                        "(an R4 Bundle: Questionnaire, CodeSystem, QuestionnaireResponse "
                        "and the outcome as a RiskAssessment)")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="write to this file (created readable by you only) instead of "
                        "standard output; - is standard output")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.add_argument("--paper", choices=["a4", "letter"], default=None,
                   help="PDF page size (default: the config's paper, else Letter in the US, "
                        "Canada, Mexico and other Letter countries, A4 elsewhere)")


def _config(sub: Any, common: _Parser) -> None:
    p = sub.add_parser("config", help=HELP["config"],
                       description="Work with the configuration file.")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    c = csub.add_parser("check", help="validate a configuration file",
                        description="Validate a configuration file as starting with it would "
                                    "(the language against the content, kiosk settings "
                                    "against the staff PIN); names every bad key and "
                                    "exits 2 if there are any.")
    c.add_argument("path", metavar="PATH")
    c.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                   help="check the language against this content directory (default: the "
                        "shipped content)")
    csub.add_parser("hash-pin", help="make the admin_pin_hash for kiosk mode",
                    description="Asks for a staff PIN (4 to 12 digits) twice and prints the "
                                "line to put in the config file. From a pipe, reads one line.")


def _content(sub: Any, common: _Parser) -> None:
    p = sub.add_parser("content", help=HELP["content"],
                       description="Work with the clinical content files.")
    csub = p.add_subparsers(dest="content_command", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    c = csub.add_parser("check", help="validate a content directory and list every problem",
                        description="Validate a content directory. Lists every problem "
                                    "(file, item, field) and exits 1 if there are any.")
    c.add_argument("directory", nargs="?", metavar="DIR",
                   help="content directory (default: the shipped content)")


_BUILD = {"questions": _questions, "assess": _assess, "config": _config, "about": _about,
          "history": _history, "serve": _serve, "content": _content}

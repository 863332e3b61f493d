"""Command line: `sciatica-tui` starts the app; sub-commands run the engine headless.

Exit codes: 0 success; 1 content problems (`content check`, or broken content);
2 bad input (answers file, arguments). Headless commands never import Textual.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from ..core.exit_codes import Exit

if TYPE_CHECKING:
    import argparse



# A plain `sciatica-tui` (no arguments) is the usual start: these are the parser's
# defaults (a test checks), without importing argparse or building every command's
# parser, about 4 ms of the time to the first screen.
NO_ARGUMENTS = {"lang": None, "content": None, "emergency_number": None, "country": None,
                "config": None,
                "demo": False, "kiosk": False, "plain": False, "theme": None, "command": None}


def parse_arguments(argv: list[str] | None = None) -> Any:
    argv = sys.argv[1:] if argv is None else argv
    config = _only_config(argv)
    if not argv or config:
        from types import SimpleNamespace

        return SimpleNamespace(**{**NO_ARGUMENTS, "config": config})
    from .parser import build_parser

    return build_parser(argv).parse_args(argv)


def _only_config(argv: list[str]) -> str | None:
    """The PATH of a command line that is `--config PATH` (or `--config=PATH`) and
    nothing else: a kiosk's launcher. Like no arguments, it skips argparse and
    the parser (about 0.2 MiB of a kiosk's peak memory, issue 19); a test checks
    the result is the parser's. Anything else (a PATH starting with "-" included)
    goes to the parser, for its checks and messages."""
    if len(argv) == 2 and argv[0] == "--config":
        path = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--config="):
        path = argv[0].partition("=")[2]
    else:
        return None
    return path if path and not path.startswith("-") else None


# Commands that read their input, write one report and end. Run from the command
# line, they run with Python's cyclic garbage collector off: in a process this
# short its passes (during the imports, mostly) find almost nothing to free and
# cost about 5 per cent of the whole run; the memory is returned when the process
# ends a moment later. Nor do they share equal short strings in the content
# (core/content.py share_strings), for the same reason. Everything else (the app,
# plain mode, serve, history, the content checks) runs with the collector on, as
# Python starts.
ONE_SHOT = frozenset({"assess", "questions", "about"})


def main(argv: list[str] | None = None) -> int:
    command_line = argv is None  # the command line itself, not a call from Python code
    if command_line:
        gc.disable()
    args = parse_arguments(argv)
    if command_line and args.command not in ONE_SHOT:
        gc.enable()
    elif command_line:
        from ..core.content import share_strings

        share_strings(False)  # memory only a process that goes on would keep
    try:
        problem = _option_problem(args)
        if problem:
            print(f"sciatica-tui: error: {problem}", file=sys.stderr)
            return Exit.INPUT
        if args.command == "questions":
            return _questions(args)
        if args.command == "assess":
            return _assess(args)
        if args.command == "content":
            return _content_check(args)
        if args.command == "config":
            return _config(args)
        if args.command == "about":
            from ..reports.about import about_text

            sys.stdout.write(about_text(_words(args, _load(args))))
            return Exit.OK
        if args.command == "serve":
            # Each browser session starts the app with these options: check the
            # language now, not in every tab.
            problem = _language_in_content(args.lang, args.content)
            if problem:
                print(f"sciatica-tui: error: {problem}", file=sys.stderr)
                return Exit.INPUT
            from .serve import run as run_serve

            return run_serve(args, _app_config)
        if args.command == "history":
            from .history import run as run_history

            return run_history(args)
        return _run_app(args)
    except BrokenPipeError:
        # e.g. `sciatica-tui questions | head`; stay quiet like other tools.
        sys.stderr.close()
        return Exit.OK
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def _option_problem(args: argparse.Namespace) -> str | None:
    """The --lang and --emergency-number values, checked as the config file's are."""
    from ..store.config import emergency_number_problem, language_problem

    lang = getattr(args, "lang", None)
    if lang is not None:
        problem = language_problem(lang)
        if problem:
            return f"--lang: {problem}"
    number = getattr(args, "emergency_number", None)
    if number is not None:
        problem = emergency_number_problem(number)
        if problem:
            return f"--emergency-number: {problem}"
    return None


def _load(args: argparse.Namespace) -> Any:
    from ..contentset.loader import ContentError, load_content

    try:
        return load_content(args.content)
    except ContentError as exc:
        print("The content files have problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(Exit.PROBLEM) from None


def _words(args: argparse.Namespace, content: Any) -> Any:
    from ..core.i18n import locale_country, locale_language
    from ..core.words import Words
    from ..store.config import unavailable_language

    lang = args.lang if args.lang is not None else locale_language(content.meta.languages)
    problem = unavailable_language(lang, content.meta.languages)
    if problem:
        print(f"sciatica-tui: error: {problem}", file=sys.stderr)
        raise SystemExit(Exit.INPUT)
    # The clinic's name, phone and paper size for the summary come from the config.
    from ..core.i18n import paper_for
    from ..store.config import ConfigError, load_config

    try:
        cfg = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"sciatica-tui: config error: {exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(Exit.INPUT) from None
    country = args.country or cfg.country or locale_country()
    words = Words(content, lang, args.emergency_number or cfg.emergency_number, country,
                  clinic_name=cfg.clinic_name, clinic_phone=cfg.clinic_phone)
    words.paper = paper_for(getattr(args, "paper", None) or cfg.paper, country)
    return words


def _questions(args: argparse.Namespace) -> int:
    from ..reports.catalogue import catalogue, catalogue_text

    content = _load(args)
    words = _words(args, content)
    if args.format == "json":
        print(json.dumps(catalogue(content, words), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(catalogue_text(content, words))
    return Exit.OK


def _assess(args: argparse.Namespace) -> int:
    from ..core.answers import AnswerError, read_answers_file, validate_answers
    from ..core.engine import assess
    from ..reports.formats import is_fhir, render
    from ..reports.formats.unavailable import PdfUnavailable
    from ..store.private_file import OutputError, write_private

    content = _load(args)
    words = _words(args, content)
    try:
        raw = read_answers_file(args.answers)
        if is_fhir(raw):  # a FHIR QuestionnaireResponse, bare or in a Bundle
            from ..reports.formats.fhir_import import answers_from_fhir

            raw = answers_from_fhir(content, raw)
        answers = validate_answers(content, raw, words)
    except AnswerError as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.INPUT
    if args.output == "-":  # as with --answers -: standard output, not a file named "-"
        args.output = None
    if args.format is None:
        args.format = _format_from_name(args.output)
    if args.format == "pdf" and not args.output and sys.stdout.isatty():
        print("sciatica-tui: error: a PDF is binary; write it to a file with --output "
              "FILE.pdf (or pipe it)", file=sys.stderr)
        return Exit.INPUT
    try:
        data = render(args.format, content, assess(content, answers), words)
    except PdfUnavailable as exc:
        print(f"sciatica-tui: error: {exc}", file=sys.stderr)
        return Exit.INPUT
    if args.output:
        try:
            path = write_private(args.output, data, overwrite=args.force)
        except OutputError as exc:
            print(f"sciatica-tui: error: {exc}", file=sys.stderr)
            return Exit.INPUT
        print(f"Saved {path}", file=sys.stderr)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return Exit.OK


def _format_from_name(path: str | None) -> str:
    """text, unless the output file's name says otherwise (x.md, x.html, x.fhir.json...)."""
    from ..reports.formats import EXTENSIONS

    name = (path or "").lower()
    for fmt, ext in sorted(EXTENSIONS.items(), key=lambda kv: -len(kv[1])):
        if name.endswith("." + ext):
            return fmt
    return "markdown" if name.endswith(".markdown") else "text"


def _content_check(args: argparse.Namespace) -> int:
    from ..contentset.loader import ContentError, load_content

    try:
        content = load_content(args.directory, use_cache=False)  # always check in full
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        n = len(exc.problems)
        print(f"\n{n} problem{'s' if n != 1 else ''} found.")
        return Exit.PROBLEM
    print(f"Content OK: version {content.version}, {len(content.questions)} questions, "
          f"{len(content.red_flags)} red flags, {len(content.causes)} causes, "
          f"{len(content.first_steps)} first steps, languages: "
          f"{', '.join(content.meta.languages)}.")
    return Exit.OK


def _config(args: argparse.Namespace) -> int:
    from ..store.config import hash_pin, valid_pin

    if args.config_command == "check":
        return _config_check(args)
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("Staff PIN (4 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("sciatica-tui: error: the two PINs differ", file=sys.stderr)
            return Exit.INPUT
    else:
        pin = sys.stdin.readline(100).strip()  # one short line, even from /dev/zero
    if not valid_pin(pin):
        print("sciatica-tui: error: the PIN must be 4 to 12 digits", file=sys.stderr)
        return Exit.INPUT
    print(f'admin_pin_hash = "{hash_pin(pin)}"')
    return Exit.OK


def _config_check(args: argparse.Namespace) -> int:
    """`config check PATH`: every problem, one line each, exit 2; else what the file
    is ready for. It checks what starting with the file checks (and the language
    against the content), so a file that passes starts the app and the kiosk, and it
    never calls OK a setting the file's mode ignores."""
    from ..store.config import KIOSK_ONLY, ConfigError, load_config

    try:
        cfg = load_config(args.path)
        problems = _config_problems(cfg, args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        return Exit.INPUT
    if problems:
        from ..core.quote import shown

        for problem in problems:
            print(f"{shown(args.path, quote=False)}: {problem}", file=sys.stderr)
        return Exit.INPUT
    print(f"Config OK: mode {cfg.mode}, theme {cfg.effective_theme}.")
    kiosk_keys = [key for key in KIOSK_ONLY if key in cfg.given]
    if not cfg.kiosk and kiosk_keys:
        print(f"The kiosk settings ({', '.join(kiosk_keys)}) apply only with --kiosk; "
              "this file is ready for it.")
    return Exit.OK


def _config_problems(cfg: Any, args: argparse.Namespace) -> list[str]:
    """What load_config cannot know alone: the language against the content, and
    kiosk settings without the staff PIN that --kiosk needs."""
    from ..store.config import KIOSK_ONLY

    problems = []
    problem = _language_in_content(cfg.language, getattr(args, "content", None), strict=True)
    if problem:
        problems.append(f'key "language": {problem}')
    kiosk_keys = [key for key in KIOSK_ONLY if key in cfg.given]
    if not cfg.kiosk and kiosk_keys and not cfg.admin_pin_hash:
        problems.append(f'key "admin_pin_hash": missing; this file has kiosk settings '
                        f'({", ".join(kiosk_keys)}), and --kiosk needs a staff PIN '
                        "(make one with: sciatica-tui config hash-pin)")
    return problems


def _language_in_content(lang: str | None, content_dir: str | None,
                         strict: bool = False) -> str | None:
    """unavailable_language against the languages in the content's meta.toml, read
    without validating the content (no pydantic before the first screen); None when
    no language is set. When meta.toml cannot be read, the content load reports
    why; `strict` says so here."""
    from ..contentset.loader import content_languages
    from ..store.config import unavailable_language

    if lang is None:
        return None
    languages = content_languages(content_dir)
    if languages is None:
        return ("cannot check it: the content's meta.toml cannot be read "
                "(run: sciatica-tui content check)" if strict else None)
    return unavailable_language(lang, languages)


def _app_config(args: argparse.Namespace) -> Any:
    """The config file with command-line options on top; exits 2 if it is bad."""
    from ..store.config import ConfigError, load_config

    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"sciatica-tui: config error: {exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(Exit.INPUT) from None
    changes: dict[str, Any] = {}
    if args.kiosk:
        changes["mode"] = "kiosk"
    if args.demo:
        changes["mode"] = "demo"
    if args.lang is not None:
        changes["language"] = args.lang
    if args.emergency_number:
        changes["emergency_number"] = args.emergency_number
    if args.country:
        changes["country"] = args.country
    if args.theme:
        changes["theme"] = args.theme
    cfg = cfg._replace(**changes)
    if cfg.kiosk and not cfg.admin_pin_hash:
        print("sciatica-tui: config error: kiosk mode needs admin_pin_hash in the config file "
              "(make one with: sciatica-tui config hash-pin)", file=sys.stderr)
        raise SystemExit(Exit.INPUT)
    return cfg


def _run_app(args: argparse.Namespace) -> int:
    cfg = _app_config(args)
    # The same rule as headless and plain mode, checked before the first screen (the
    # app must not fall back to English for a language the content lacks).
    problem = _language_in_content(cfg.language, args.content)
    if problem:
        print(f"sciatica-tui: error: {problem}", file=sys.stderr)
        return Exit.INPUT
    args.lang = cfg.language
    args.emergency_number = cfg.emergency_number
    args.country = cfg.country
    dumb = os.environ.get("TERM", "") in ("dumb", "")
    web = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # a `serve` session
    if not web and (args.plain or dumb or not sys.stdin.isatty() or not sys.stdout.isatty()):
        if cfg.mode in ("kiosk", "demo"):
            print(f"sciatica-tui: error: {cfg.mode} mode needs a terminal", file=sys.stderr)
            return Exit.INPUT
        return _run_plain(args)
    from ..tui.app import run_app

    return run_app(cfg, content_dir=args.content)


def _run_plain(args: argparse.Namespace) -> int:
    from ..plain import run_plain

    content = _load(args)
    return run_plain(_words(args, content), sys.stdin, sys.stdout)

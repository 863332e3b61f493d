"""Every file and value read from outside: one clear line and the documented exit
code (2 bad input, 1 content problems), never a traceback, a hang or runaway memory
(review findings S-F4 and S-F12)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_tui.cli.main import main
from sciatica_tui.contentset.loader import default_content_dir

LONG = "a" * 300  # a name over 255 characters: os.stat raises ENAMETOOLONG
GUARD = 60  # seconds: only a hang reaches it (old code); never a timing assertion


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """No test reads the real HOME or config folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


def cli(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # content problems end through SystemExit(1)
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def run(*args: str, cwd: Path | None = None, stdin: int | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in a child process, with its memory capped at 1 GiB (a
    reader that grows without bound fails fast instead of taking the machine)."""
    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "sciatica_tui", *args], capture_output=True,
                          text=True, timeout=GUARD, preexec_fn=cap, stdin=stdin,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    return root


# -- (a) deep nesting ----------------------------------------------------------

def test_S_F4_deeply_nested_answers_json_is_one_line(tmp_path, capsys):
    for doc in ("[" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000, "[" * 40 + "]" * 40):
        path = tmp_path / "answers.json"
        path.write_text(doc)
        rc, out, err = cli(["assess", "--answers", str(path)], capsys)
        assert rc == 2 and out == ""
        assert "nested too deeply" in one_line(err) or "not valid JSON" in err


def test_S_F4_deeply_nested_config_toml_is_one_line(tmp_path, capsys):
    for doc in ("a = " + "[" * 2_000 + "]" * 2_000, "a = " + "{b = " * 600 + "1" + "}" * 600,
                "mode." + "x." * 3_000 + "y = 1"):
        path = tmp_path / "config.toml"
        path.write_text(doc)
        rc, _, err = cli(["config", "check", str(path)], capsys)
        assert rc == 2
        assert "nested too deeply" in one_line(err)
        rc, _, err = cli(["--config", str(path), "--plain"], capsys)
        assert rc == 2 and "nested too deeply" in one_line(err)


def test_S_F4_deeply_nested_content_toml_is_a_content_problem(tmp_path, capsys):
    root = content_copy(tmp_path)
    (root / "rules.toml").write_text("x = " + "[" * 2_000 + "]" * 2_000)
    rc, out, _ = cli(["content", "check", str(root)], capsys)
    assert rc == 1 and "rules.toml: not accepted: it is nested too deeply" in out
    rc, _, err = cli(["--content", str(root), "questions"], capsys)
    assert rc == 1 and "Traceback" not in err and "nested too deeply" in err


def test_S_F4_deeply_nested_content_cache_entry_is_a_miss(tmp_path, capsys, monkeypatch):
    import hashlib

    from sciatica_tui.contentset.cache import (
        SCHEMA_VERSION,
        _user_entry,
        cached_content,
        content_key,
    )

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = content_copy(tmp_path)
    assert cli(["--content", str(root), "questions"], capsys)[0] == 0  # writes the entry
    key = content_key(root)
    entry = _user_entry(key)
    assert entry.exists() and cached_content(root, key, user_cache=True) is not None
    entry.write_text('{"format": 1, "data": ' + "[" * 100_000 + "}")
    assert cached_content(root, key, user_cache=True) is None
    # A well-formed entry (right format, key and checksum) whose data nests too deeply.
    payload = "[" * 100_000
    entry.write_text(json.dumps({"format": SCHEMA_VERSION, "key": key, "data": payload,
                                 "sha256": hashlib.sha256(payload.encode()).hexdigest()}))
    assert cached_content(root, key, user_cache=True) is None
    rc, out, err = cli(["--content", str(root), "questions"], capsys)
    assert rc == 0 and err == "" and "saddle_numbness" in out


# -- (b) huge integers ---------------------------------------------------------

@pytest.mark.parametrize("digits", [20, 400, 4_299, 5_000, 100_000])
def test_S_F4_huge_integer_answers_are_one_line(tmp_path, capsys, digits):
    path = tmp_path / "answers.json"
    path.write_text('{"age": ' + "9" * digits + "}")
    rc, out, err = cli(["assess", "--answers", str(path)], capsys)
    assert rc == 2 and out == ""
    line = one_line(err)
    assert "too large" in line or "Please give your age" in line
    assert len(line) < 300


def test_S_F4_huge_numbers_in_the_core_and_from_a_person(content):
    from sciatica_tui.core.answers import AnswerError, parse_number, validate_answer

    age = content.question("age")
    for value in (10**400, -(10**400), 10**4000):
        with pytest.raises(AnswerError, match="Please give your age"):
            validate_answer(age, value)
    for text in ("9" * 5_000, "1e400", "nan", "-inf"):
        with pytest.raises(AnswerError, match="Please give your age"):
            parse_number(age, text)


def test_S_F4_huge_integer_in_config_and_content(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text("idle_seconds = " + "9" * 5_000 + "\n")
    rc, _, err = cli(["config", "check", str(path)], capsys)
    assert rc == 2 and "too large" in one_line(err)
    root = content_copy(tmp_path)
    text = (root / "questions.toml").read_text().replace("max = 110", "max = " + "9" * 5_000)
    (root / "questions.toml").write_text(text)
    rc, out, _ = cli(["content", "check", str(root)], capsys)
    assert rc == 1 and "questions.toml: not accepted: a number in it is too large" in out


# -- (c) names the system refuses ----------------------------------------------

def test_S_F4_names_over_255_characters_everywhere(tmp_path, capsys):
    long = str(tmp_path / LONG)
    answers = tmp_path / "a.json"
    answers.write_text("{}")
    cases = [
        (["config", "check", long], 2),
        (["--config", long, "--plain"], 2),
        (["content", "check", long], 1),
        (["--content", long, "questions"], 1),
        (["assess", "--answers", long], 2),
        (["assess", "--answers", str(answers), "-o", long], 2),
        (["history", "export", "--file", long], 2),
        (["history", "where", "--file", long], 2),
    ]
    for argv, code in cases:
        rc, out, err = cli(argv, capsys)
        assert rc == code, (argv, err)
        assert "Traceback" not in err
        assert "the name is too long" in out + err, (argv, out, err)


def test_S_F4_an_unsearchable_folder_is_one_line(tmp_path, monkeypatch):
    """Root can search any folder, so the refusal is simulated at os.stat."""
    from sciatica_tui.core import safe_read

    real = os.stat

    def stat(path, *a, **kw):
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(os, "stat", stat)
    with pytest.raises(safe_read.ReadError, match="permission denied"):
        safe_read.probe(tmp_path / "locked" / "x")
    with pytest.raises(safe_read.ReadError, match="permission denied"):
        safe_read.read_bytes(tmp_path / "locked" / "x", 10)


# -- (d) devices and (e) FIFOs: refused without reading --------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_S_F4_devices_as_answers_config_and_content(tmp_path, device):
    done = run("assess", "--answers", device)
    assert done.returncode == 2 and "a device, not a file" in one_line(done.stderr)
    done = run("config", "check", device)
    assert done.returncode == 2 and "a device, not a file" in one_line(done.stderr)
    done = run("--config", device, "--plain")
    assert done.returncode == 2 and "a device, not a file" in one_line(done.stderr)
    with open(device, "rb") as fh:
        done = run("assess", "--answers", "-", stdin=fh.fileno())
    assert done.returncode == 2 and "too big" in one_line(done.stderr)
    root = content_copy(tmp_path)
    (root / "ui.toml").unlink()
    (root / "ui.toml").symlink_to(device)
    done = run("content", "check", str(root))
    assert done.returncode == 1 and "ui.toml: cannot be read: it is a device" in done.stdout
    done = run("--content", str(root), "questions")
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_S_F4_an_extra_toml_symlink_to_a_device_is_never_read(tmp_path):
    """The cache key reads only the content's own files."""
    root = content_copy(tmp_path)
    (root / "extra.toml").symlink_to("/dev/zero")
    done = run("content", "check", str(root))
    assert done.returncode == 0 and done.stdout.startswith("Content OK"), done.stdout
    done = run("--content", str(root), "questions")
    assert done.returncode == 0 and "saddle_numbness" in done.stdout


def test_S_F4_a_fifo_as_answers_config_or_content_does_not_hang(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = run("assess", "--answers", str(fifo))
    assert done.returncode == 2 and "a pipe (FIFO), not a file" in one_line(done.stderr)
    done = run("config", "check", str(fifo))
    assert done.returncode == 2 and "a pipe (FIFO)" in one_line(done.stderr)
    root = content_copy(tmp_path)
    (root / "meta.toml").unlink()
    os.mkfifo(root / "meta.toml")
    done = run("content", "check", str(root))
    assert done.returncode == 1 and "meta.toml: cannot be read: it is a pipe" in done.stdout
    done = run("--content", str(root), "questions")
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_S_F4_a_fifo_as_the_default_config_does_not_hang(tmp_path):
    config = tmp_path / "cfg" / "sciatica-tui"
    config.mkdir(parents=True)
    os.mkfifo(config / "config.toml")
    done = run("--plain", env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")},
               stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "a pipe (FIFO)" in one_line(done.stderr)


def test_S_F4_the_quick_welcome_words_refuse_a_fifo(tmp_path):
    """The TUI's first frame reads ui.toml before the full load: no hang there."""
    root = content_copy(tmp_path)
    (root / "ui.toml").unlink()
    os.mkfifo(root / "ui.toml")
    code = ("import sys; from sciatica_tui.store.paths import quick_ui_strings; "
            "print(quick_ui_strings(sys.argv[1], 'en', remember=False))")
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True,
                          text=True, timeout=GUARD)
    assert done.returncode == 0 and done.stdout.strip() == "None", done.stderr


@pytest.mark.parametrize(("limit_name", "argv"), [
    ("ANSWERS_LIMIT", ["assess", "--answers", "{path}"]),
    ("CONFIG_LIMIT", ["config", "check", "{path}"]),
])
def test_S_F4_size_limits(tmp_path, capsys, limit_name, argv):
    from sciatica_tui.core import safe_read

    limit = getattr(safe_read, limit_name)
    path = tmp_path / "big"
    path.write_text(" " * limit + "{}")
    rc, _, err = cli([a.replace("{path}", str(path)) for a in argv], capsys)
    assert rc == 2 and "too big" in one_line(err)


def test_S_F4_content_file_size_limit(tmp_path, capsys, monkeypatch):
    from sciatica_tui.core import safe_read

    monkeypatch.setattr(safe_read, "CONTENT_FILE_LIMIT", 40_000)  # questions.toml is ~32 KB
    root = content_copy(tmp_path)
    with (root / "glossary.toml").open("a") as fh:
        fh.write("#" * 40_000 + "\n")
    rc, out, _ = cli(["content", "check", str(root)], capsys)
    assert rc == 1 and "glossary.toml: cannot be read: it is too big" in out


def test_S_F4_the_reader_stops_at_the_limit_for_a_growing_file(tmp_path):
    """A file longer than its stat said (still growing) is cut off at limit + 1."""
    import io

    from sciatica_tui.core import safe_read

    assert safe_read._read_at_most(io.BytesIO(b"x" * 100), 99) is None
    assert safe_read._read_at_most(io.BytesIO(b"x" * 99), 99) == b"x" * 99


# -- S-F12: echoed values, --lang, duplicate keys --------------------------------

def test_S_F12_lang_errors_escape_control_characters_and_are_capped(capsys):
    rc, _, err = cli(["--lang", "e\x1b[31mn\nRED", "questions"], capsys)
    line = one_line(err)
    assert rc == 2 and "\x1b" not in err and "\\u001b" in line
    huge = "x" * 10_000_000
    rc, _, err = cli(["--lang", huge, "questions"], capsys)
    assert rc == 2 and len(one_line(err)) < 200 and "\u2026" in err


def test_S_F12_empty_lang_is_an_error_everywhere(capsys, monkeypatch):
    for argv in (["--lang", "", "questions"], ["questions", "--lang", ""],
                 ["--lang", "", "--plain"], ["--lang", "", "about"]):
        rc, out, err = cli(argv, capsys)
        assert rc == 2 and "--lang: no language given" in one_line(err) and out == ""


def test_S_F12_unknown_lang_is_exit_2_in_the_tui_too(capsys, monkeypatch):
    """Headless, plain mode and the full-screen app follow the same rule: the app is
    never started with a language the content lacks (no silent English)."""
    import sciatica_tui.tui.app as tui

    def must_not_start(*a, **kw):
        raise AssertionError("the app must not start")

    monkeypatch.setattr(tui, "run_app", must_not_start)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for argv in (["--lang", "xx"], ["--lang", "xx", "--plain"], ["--lang", "xx", "questions"],
                 ["--lang", "xx", "serve"]):
        rc, _, err = cli(argv, capsys)
        assert rc == 2 and 'language "xx" is not available (choose from: en, es)' in err


def test_S_F12_config_language_follows_the_same_rule(tmp_path, capsys, monkeypatch):
    import sciatica_tui.tui.app as tui

    monkeypatch.setattr(tui, "run_app", lambda *a, **kw: pytest.fail("the app started"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    path = tmp_path / "config.toml"
    path.write_text('language = "fr"\n')
    rc, _, err = cli(["--config", str(path)], capsys)
    assert rc == 2 and 'language "fr" is not available' in one_line(err)


def test_S_F12_duplicate_json_keys_are_an_error(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text('{"fever": "no", "fever": "yes"}')
    rc, _, err = cli(["assess", "--answers", str(path)], capsys)
    assert rc == 2 and 'the key "fever" appears twice' in one_line(err)
    path.write_text('{"pain_where": ["buttock"], "x": {"a": 1, "a": 2}}')
    rc, _, err = cli(["assess", "--answers", str(path)], capsys)
    assert rc == 2 and 'the key "a" appears twice' in one_line(err)


def test_S_F12_echoed_file_names_are_escaped_and_capped(tmp_path, capsys):
    name = "evil\x1b]0;title\x07" + "n" * 500 + ".json"
    rc, _, err = cli(["assess", "--answers", str(tmp_path / name)], capsys)
    line = one_line(err)
    assert rc == 2 and "\x1b" not in err and "\x07" not in err and len(line) < 300


def test_S_F4_hash_pin_reads_one_short_line_even_from_dev_zero():
    with open("/dev/zero", "rb") as fh:
        done = run("config", "hash-pin", stdin=fh.fileno())
    assert done.returncode == 2 and "the PIN must be 4 to 12 digits" in one_line(done.stderr)


def test_S_F12_argument_errors_escape_and_cap_what_was_typed(capsys):
    for argv in (["questions", "\x1b]0;evil\x07"], ["z" * 100_000]):
        rc, _, err = cli(argv, capsys)
        assert rc == 2 and "\x1b" not in err and "\x07" not in err
        first = err.splitlines()[0]
        assert first.startswith("sciatica-tui: error:") and len(first) < 300

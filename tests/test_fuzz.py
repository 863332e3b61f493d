"""Fuzzing every input: answers, config and content files, file kinds, option
values and output paths. A malformed input gets a clear message and the documented
exit code; never a traceback, a hang or runaway memory.

FUZZ_EXAMPLES sets the examples per test (default 150); release checks run
FUZZ_EXAMPLES=5000 (see the README's Testing section)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.cli.main import main
from sciatica_tui.contentset.loader import ContentError, default_content_dir, load_content
from sciatica_tui.store.config import ConfigError, load_config

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Plain mode and the app read the default config: never the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=12,
)
question_ids = st.sampled_from(["saddle_numbness", "age", "pain_where", "leg_pain", "side",
                                "weakness_change", "nope", ""])
answer_objects = st.dictionaries(question_ids | st.text(max_size=10), json_values, max_size=8)


def _run(argv: list[str], capsys) -> tuple[int, str]:
    rc = main(argv)
    err = capsys.readouterr().err
    return rc, err


@FUZZ
@given(doc=answer_objects | json_values)
def test_any_json_answers_file(doc, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        rc, err = _run(["assess", "--answers", str(path), "--format", "json"], capsys)
    assert rc in (0, 2)
    if rc == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("sciatica-tui: error:"), err


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_an_answers_file(raw, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_bytes(raw)
        rc, err = _run(["assess", "--answers", str(path)], capsys)
    assert rc in (0, 2)
    assert "Traceback" not in err


toml_values = st.one_of(st.integers(-10, 5000), st.booleans(), st.text(max_size=20),
                        st.lists(st.text(max_size=8), max_size=4),
                        st.sampled_from(['"kiosk"', '"demo"', '"calm"', "nan"]))
config_keys = st.sampled_from(["mode", "language", "emergency_number", "theme", "idle_seconds",
                               "countdown_seconds", "clinic_name", "clinic_phone", "printer",
                               "admin_pin_hash", "exit_keys", "colour", "Mode"])


@FUZZ
@given(pairs=st.dictionaries(config_keys, toml_values, max_size=6), junk=st.text(max_size=30))
def test_any_config_file(pairs, junk, capsys):
    lines = [f"{k} = {json.dumps(v) if not isinstance(v, str) or not v.startswith(chr(34)) else v}"
             for k, v in pairs.items()]
    text = "\n".join(lines) + ("\n" + junk if junk else "")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load_config(path)
        except ConfigError as exc:
            assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        rc, err = _run(["config", "check", str(path)], capsys)
    assert rc in (0, 2)
    if rc == 2:
        assert err.strip() and all(line.startswith(str(path)) for line in err.strip().splitlines())


CONTENT_FILES = sorted(p.name for p in Path(default_content_dir()).glob("*.toml"))


@FUZZ
@given(name=st.sampled_from(CONTENT_FILES), data=st.data())
def test_any_mutation_of_a_content_file(name, data, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(default_content_dir(), root)
        path = root / name
        lines = path.read_text(encoding="utf-8").splitlines()
        for _ in range(data.draw(st.integers(1, 3))):
            i = data.draw(st.integers(0, len(lines) - 1))
            kind = data.draw(st.sampled_from(["delete", "duplicate", "value", "junk", "cut"]))
            if kind == "delete":
                del lines[i]
            elif kind == "duplicate":
                lines.insert(i, lines[i])
            elif kind == "value" and "=" in lines[i]:
                key = lines[i].split("=", 1)[0]
                new = data.draw(st.sampled_from(['""', "1", "true", "[]", '"zzz"', "{}",
                                                 '["x"]', "-5", '{ q = "nope", is = "x" }']))
                lines[i] = f"{key}= {new}"
            elif kind == "junk":
                lines.insert(i, data.draw(st.text(max_size=20)))
            elif kind == "cut":
                lines = lines[:i]
            if not lines:
                lines = [""]
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            load_content(root)
        except ContentError as exc:
            assert exc.problems
            for p in exc.problems:
                assert p.file and p.message  # names the file, and says what is wrong
        rc, _ = _run(["content", "check", str(root)], capsys)
    assert rc in (0, 1)


# -- each input class of review finding S-F4 and S-F12 -----------------------------

def _one_clear_line(rc: int, err: str, codes: tuple[int, ...] = (0, 2)) -> None:
    assert rc in codes, err
    assert "Traceback" not in err and "\x1b" not in err
    lines = err.strip().splitlines()
    if lines and lines[0] == "The content files have problems:":  # exit 1: then the list
        assert rc == 1 and all(line.startswith("  ") for line in lines[1:]), err
    elif rc != 0:
        assert len(lines) == 1 and len(lines[0]) < 1_000, err


def _main(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


brackets = st.lists(st.sampled_from(["[", "{\"a\":", "[1,", "{\"age\":"]), min_size=1,
                    max_size=3)


@FUZZ
@given(depth=st.integers(1, 3_000), opening=brackets, close=st.booleans())
def test_S_F4_fuzz_deep_json_answers(depth, opening, close, capsys):
    body = "".join(opening) * depth
    if close:
        body += "1" + "".join("]" if o.startswith("[") else "}" for o in reversed(opening)) * depth
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(body)
        rc, _, err = _main(["assess", "--answers", str(path), "--format", "json"], capsys)
    _one_clear_line(rc, err)


@FUZZ
@given(depth=st.integers(1, 1_500), kind=st.sampled_from(["array", "table", "dotted"]),
       key=config_keys)
def test_S_F4_fuzz_deep_toml_config(depth, kind, key, capsys):
    if kind == "array":
        text = f"{key} = " + "[" * depth + "1" + "]" * depth
    elif kind == "table":
        text = f"{key} = " + "{a = " * depth + "1" + "}" * depth
    else:
        text = f"{key}." + "a." * depth + "b = 1"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        path.write_text(text)
        rc, _, err = _main(["config", "check", str(path)], capsys)
    _one_clear_line(rc, err)


@FUZZ
@given(digits=st.integers(1, 6_000), sign=st.sampled_from(["", "-"]),
       tail=st.sampled_from(["", ".0", "e5", ".5e-3", "e400"]),
       qid=st.sampled_from(["age", "leg_pain", "back_pain", "saddle_numbness"]))
def test_S_F4_fuzz_huge_numbers_in_answers(digits, sign, tail, qid, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(f'{{"{qid}": {sign}{"7" * digits}{tail}}}')
        rc, _, err = _main(["assess", "--answers", str(path), "--format", "json"], capsys)
    _one_clear_line(rc, err)


@FUZZ
@given(digits=st.integers(1, 6_000), key=st.sampled_from(["idle_seconds",
                                                           "countdown_seconds", "mode"]))
def test_S_F4_fuzz_huge_numbers_in_config(digits, key, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        path.write_text(f"{key} = {'9' * digits}\n")
        rc, _, err = _main(["config", "check", str(path)], capsys)
    _one_clear_line(rc, err)


FILE_KINDS = ["missing", "folder", "fifo", "zero", "urandom", "null", "long_name", "empty",
              "symlink_loop", "not_utf8"]


def _make(kind: str, where: Path) -> Path:
    path = where / "input"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind in ("zero", "urandom", "null"):
        path.symlink_to(f"/dev/{kind}")
    elif kind == "long_name":
        path = where / ("n" * 300)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "symlink_loop":
        path.symlink_to(path)
    elif kind == "not_utf8":
        path.write_bytes(b"\xff\xfe{}")
    return path


@FUZZ
@given(kind=st.sampled_from(FILE_KINDS),
       reader=st.sampled_from(["answers", "config", "config_option", "content_file",
                               "content_dir", "output", "history"]))
def test_S_F4_fuzz_every_file_kind_for_every_reader(kind, reader, capsys, monkeypatch):
    """Each kind of file or name, at each place a file is read (or written)."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        if reader == "content_file":
            root = where / "content"
            shutil.copytree(default_content_dir(), root)
            (root / "ui.toml").unlink()
            path = _make(kind, root)
            if kind != "long_name" and kind != "missing":
                path.rename(root / "ui.toml")
            rc, _, err = _main(["content", "check", str(root)], capsys)
            assert rc == 1 and "Traceback" not in err
            return
        path = _make(kind, where)
        answers = where / "a.json"
        answers.write_text("{}")
        argv = {
            "answers": ["assess", "--answers", str(path)],
            "config": ["config", "check", str(path)],
            "config_option": ["--config", str(path), "--plain"],
            "content_dir": ["--content", str(path), "questions"],
            "output": ["assess", "--answers", str(answers), "-o", str(path)],
            "history": ["history", "export", "--file", str(path)],
        }[reader]
        rc, _, err = _main(argv, capsys)
    if reader == "config_option" and kind == "empty":  # a valid config: plain mode ran
        assert "Traceback" not in err
        return
    codes = {"content_dir": (1,), "history": (0, 1, 2), "config_option": (0, 2),
             "output": (0, 2)}.get(reader, (2,))
    if reader == "config" and kind == "empty":
        codes = (0,)
    if reader == "answers" and kind == "null":
        codes = (2,)
    _one_clear_line(rc, err, codes + ((1,) if reader in ("content_dir", "history") else ()))


@FUZZ
@given(value=st.text(max_size=300) | st.binary(max_size=50).map(
    lambda b: b.decode("latin-1")), option=st.sampled_from(["--lang", "--emergency-number"]),
    command=st.sampled_from([["questions"], ["about"], ["--plain"]]))
def test_S_F12_fuzz_option_values_are_echoed_safely(value, option, command, capsys,
                                                     monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    if "\x00" in value:
        return  # a command line cannot hold NUL
    rc, _, err = _main([f"{option}={value}", *command], capsys)
    _one_clear_line(rc, err)
    message = err.removesuffix("\n")  # the line's own end
    for ch in set(value):
        if ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0:
            assert ch not in message


@FUZZ
@given(keys=st.lists(st.sampled_from(["fever", "age", "side", "x"]), min_size=2, max_size=6))
def test_S_F12_fuzz_duplicate_json_keys(keys, capsys):
    body = "{" + ", ".join(f'"{k}": null' for k in keys) + "}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        path.write_text(body)
        rc, _, err = _main(["assess", "--answers", str(path), "--format", "json"], capsys)
    _one_clear_line(rc, err)
    if len(set(keys)) < len(keys):
        assert rc == 2 and "appears twice" in err

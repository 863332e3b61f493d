"""Fuzzing every input file: answers, config and content. A malformed file gets a
clear message and the documented exit code; never a traceback."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.cli import main
from sciatica_tui.config import ConfigError, load_config
from sciatica_tui.loader import ContentError, default_content_dir, load_content

FUZZ = settings(max_examples=150, deadline=None,
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

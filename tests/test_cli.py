"""The command line: output formats, exit codes, and no Textual on headless paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_tui.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "sciatica_tui", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def test_assess_json_has_the_documented_fields(capsys):
    assert main(["assess", "--answers", str(EXAMPLES / "urgent_weakness.json"),
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("disposition", "red_flags", "likely_causes", "first_steps", "withheld_steps",
                "unanswered_red_flag_questions", "content_version"):
        assert key in data
    assert data["disposition"] == "urgent"
    flag = data["red_flags"][0]
    assert set(flag) >= {"id", "label", "disposition", "because"}
    assert flag["because"][0]["question"] == "weakness_change"
    # A warning sign needs checking first: no causes for the person, the pattern
    # for the clinician.
    assert data["causes_hidden"] is True and data["likely_causes"] == []
    assert data["checking_first"][0]["concern"] == "nerve"
    assert set(data["all_causes"][0]) >= {"id", "label", "likelihood", "because", "against"}
    assert all(set(w) >= {"id", "why"} for w in data["withheld_steps"])


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_assess_text_fits_80_columns(capsys, name):
    assert main(["assess", "--answers", str(EXAMPLES / name)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sciatica self-check summary")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_emergency_number_is_filled_in(capsys):
    main(["--emergency-number", "999", "assess", "--answers",
          str(EXAMPLES / "emergency_bladder.json")])
    out = capsys.readouterr().out
    assert "Call 999" in out and "{emergency_number}" not in out


def test_questions_json_lists_every_question_with_option_ids(capsys, content):
    assert main(["questions", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [q["id"] for q in data["questions"]]
    assert ids == [q.id for q in content.questions]
    by_id = {q["id"]: q for q in data["questions"]}
    assert [o["id"] for o in by_id["weakness_change"]["options"]][:2] == ["worse", "new"]
    assert by_id["weakness_change"]["asked_when"] == "weakness is yes or unsure"
    assert by_id["age"]["min"] == 16


def test_assess_reads_standard_input():
    result = run("assess", "--answers", "-", "--format", "json",
                 stdin=(EXAMPLES / "self_care_disc.json").read_text())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["disposition"] == "self_care"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (None, "answers file not found"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"fevr": "yes"}', 'unknown question id "fevr"'),
        ('{"fever": "maybe"}', 'has no option "maybe"'),
        ('{"age": 200}', "Please give your age as a whole number from 16 to 110."),
        ('{"leg_pain": 4.5}', "whole number"),
        ('{"age": "old"}', 'answer to "age": Please give your age as a whole number'),
        ('{"age": true}', 'answer to "age": Please give your age as a whole number'),
        ('{"worse_with": "sitting"}', "must be a list"),
        ('{"worse_with": ["none", "sitting"]}', "cannot be chosen with other answers"),
        ('{"worse_with": []}', "empty list"),
    ],
)
def test_bad_answers_exit_2_with_one_clear_line(tmp_path, answers, message):
    path = tmp_path / "answers.json"
    if answers is not None:
        path.write_text(answers)
    result = run("assess", "--answers", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_arguments_exit_2_without_traceback():
    for args in (["assess"], ["assess", "--answers", "x", "--format", "xml"], ["nonsense"],
                 ["--lang", "xx", "questions"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and "error" in result.stderr


def test_content_check_reports_problems_and_exits_1(tmp_path, content_dir):
    import shutil

    root = tmp_path / "c"
    shutil.copytree(content_dir, root)
    path = root / "red_flags.toml"
    text = path.read_text().replace('sources = ["NHS-AAA", "NHS-AD"]', 'sources = ["NOPE"]', 1)
    path.write_text(text)
    result = run("content", "check", str(root))
    assert result.returncode == 1
    assert 'red_flags.toml: red_flag "sudden_severe", field "sources"' in result.stdout
    assert "1 problem found." in result.stdout
    ok = run("content", "check")
    assert ok.returncode == 0 and ok.stdout.startswith("Content OK")


def test_broken_content_for_assess_exits_1_without_traceback(tmp_path):
    result = run("--content", str(tmp_path / "nowhere"), "assess", "--answers", "-", stdin="{}")
    assert result.returncode == 1
    assert "content directory not found" in result.stderr and "Traceback" not in result.stderr


def test_headless_commands_do_not_import_textual():
    code = (
        "import sys\n"
        "from sciatica_tui.cli.main import main\n"
        f"main(['assess', '--answers', {str(EXAMPLES / 'self_care_disc.json')!r}])\n"
        "main(['questions', '--format', 'json'])\n"
        "main(['content', 'check'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_engine_modules_do_not_import_textual():
    import ast

    package = ROOT / "sciatica_tui"
    paths = [p for p in package.rglob("*.py") if "tui" not in p.relative_to(package).parts]
    assert len(paths) > 40  # core/, contentset/, reports/, store/, cli/, web/ and the rest
    for path in paths:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "textual" for n in names), path.name


def test_version_and_help():
    from sciatica_tui import __version__

    assert run("--version").stdout.strip() == f"sciatica-tui {__version__}"
    for args in (["--help"], ["questions", "--help"], ["assess", "--help"],
                 ["content", "check", "--help"]):
        result = run(*args)
        assert result.returncode == 0 and "usage:" in result.stdout


def test_no_arguments_take_the_parsers_defaults_without_argparse():
    """A plain `sciatica-tui` skips building the parser (start-up time): its
    defaults must be exactly the parser's, and argparse is not even imported."""
    from sciatica_tui.cli.main import parse_arguments
    from sciatica_tui.cli.parser import build_parser

    assert vars(parse_arguments([])) == vars(build_parser().parse_args([]))
    code = ("import sys; from sciatica_tui.cli.main import parse_arguments; parse_arguments([]); "
            "print('argparse' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_I19_a_config_path_alone_takes_the_parsers_result_without_argparse():
    """`sciatica-tui --config PATH` (a kiosk's launcher) skips the parser too:
    the same result as the parser's, argparse not imported; any other shape goes
    to the parser (its errors included)."""
    from sciatica_tui.cli.main import _only_config, parse_arguments
    from sciatica_tui.cli.parser import build_parser

    for argv in (["--config", "kiosk.toml"], ["--config=/etc/sciatica/kiosk.toml"],
                 ["--config", "a b.toml"], ["--config", "k=1.toml"]):
        assert vars(parse_arguments(argv)) == vars(build_parser(argv).parse_args(argv)), argv
    for argv in (["--config"], ["--config", "-x"], ["--config="], ["--config", ""],
                 ["--config", "k.toml", "--kiosk"], ["--conf", "k.toml"],
                 ["--kiosk", "--config", "k.toml"], ["x", "--config"]):
        assert _only_config(argv) is None, argv
    code = ("import sys; from sciatica_tui.cli.main import parse_arguments; "
            "parse_arguments(['--config', 'k.toml']); print('argparse' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "False", out.stderr



@pytest.mark.parametrize("argv", [["--config="], ["--config", ""], ["--config", " "],
                                  ["--config=", "assess", "--answers", "x.json"]])
def test_an_empty_config_path_says_so(argv, capsys, tmp_path, monkeypatch):
    """`--config=` (a launcher with an empty variable) names no file: it was read
    as the folder "." ("it is a folder, not a file")."""
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # (main's helpers end the run this way too)
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert "the path is empty" in err and "folder" not in err, err


def test_U_B14_age_errors_are_plain_words_with_advice_in_every_mode(content):
    """One wording from the core's validation: the CLI (answers file), plain mode and
    the app (typed numbers), in the person's language."""
    from sciatica_tui.core.answers import AnswerError, parse_number, validate_answers
    from sciatica_tui.core.words import Words

    age = content.question("age")
    en, es = Words(content, "en", "112"), Words(content, "es", "112")
    advice = "Please give your age as a whole number from 16 to 110."
    under = "This check is for people aged 16 and over."
    for text in ("200", "abc", "", "35,5x"):
        with pytest.raises(AnswerError) as caught:
            parse_number(age, text, en)
        assert str(caught.value) == advice
    with pytest.raises(AnswerError) as caught:
        parse_number(age, "15", en)
    assert str(caught.value).startswith(advice + " " + under)
    with pytest.raises(AnswerError) as caught:
        parse_number(age, "15", es)
    assert str(caught.value).startswith("Escriba su edad con un número entero del 16 al 110.")
    assert "16 años o más" in str(caught.value)
    with pytest.raises(AnswerError) as caught:
        validate_answers(content, {"age": 12}, en)
    assert str(caught.value).startswith(f'answer to "age": {advice} {under}')
    assert parse_number(age, "42", en) == 42


def test_a_pdf_on_standard_output_is_the_pdf_and_nothing_else(tmp_path):
    """`assess --format pdf > file` gives a PDF and nothing else on standard output
    (fpdf2 2.7.0 to 2.7.2, the PDF library once used, printed a debug line first)."""
    done = subprocess.run(
        [sys.executable, "-m", "sciatica_tui", "assess", "--format", "pdf", "--answers",
         str(EXAMPLES / "emergency_bladder.json")],
        capture_output=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
             "XDG_CACHE_HOME": str(tmp_path / "k"), "XDG_DATA_HOME": str(tmp_path / "d")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-"), done.stdout[:120]
    assert done.stdout.rstrip().endswith(b"%%EOF")
    assert not list(tmp_path.glob("*.pdf"))  # nothing written beside it


def test_output_dash_is_standard_output_not_a_file(tmp_path):
    """`--answers -` reads standard input; `--output -` writes standard output (it
    used to save a file named "-")."""
    done = run("assess", "--answers", str(EXAMPLES / "self_care_disc.json"), "--output", "-",
               "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["disposition"] == "self_care"
    assert not (tmp_path / "-").exists()

"""One interview core (issue 15, H-C1): every front end follows the session, and
plain-mode end-of-input at the review (U-B10)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sciatica_tui.session import Session

from .conftest import DISC, clear_screening

PACKAGE = Path(__file__).parent.parent / "sciatica_tui"
# The engine's walking functions: only the session (and the engine itself, and
# the content checks, which prove every question reachable) may call them.
WALKERS = {"next_question", "asked_questions", "new_emergency_flags", "next_checkin_question",
           "urgent_flags"}
# content_checks proves every question reachable: a check on content, not a front end.
ALLOWED = {"session.py", "engine.py", "content_checks.py"}


def _walker_uses(path: Path) -> list[str]:
    """Every import or call of a walking function in one module (at any depth,
    inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [f"imports {a.name}" for a in node.names if a.name in WALKERS]
        elif isinstance(node, ast.Attribute) and node.attr in WALKERS:
            found.append(f"uses .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in WALKERS:
            found.append(f"uses {node.id}")
    return found


def test_H_C1_no_front_end_walks_the_questions_itself():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if str(rel) in ALLOWED:
            continue
        uses = _walker_uses(path)
        if uses:
            offenders[str(rel)] = uses
    assert offenders == {}, f"only session.py may walk the questions: {offenders}"


def test_H_C1_the_scan_can_fail(tmp_path):
    """The scan above sees a call hidden inside a function."""
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f(c, a):\n    from .engine import next_question\n"
                      "    return next_question(c, a)\n", encoding="utf-8")
    assert _walker_uses(sneaky)


def _answers_for(content) -> dict:
    return {**clear_screening(content), **DISC}


def _run(lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sciatica_tui", "--plain",
                           "--emergency-number", "999"],
                          input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, timeout=120)


def _lines(content, answers: dict) -> tuple[list[str], list[str]]:
    """(what a person types, the question ids in the order the session asks them)."""
    from .test_plain import script

    lines = script(content, answers)
    order: list[str] = []
    s = Session()
    while (step := s.next_step(content)).kind != "review":
        for qid in step.qids or ((step.qid,) if step.qid else ()):
            order.append(qid)
            s.record(content, qid, answers.get(qid, _default(content, qid)))
    return lines, order


def _default(content, qid):
    q = content.question(qid)
    unsure = sorted(q.unknown_option_ids)
    if unsure:
        return [unsure[0]] if q.type == "multi" else unsure[0]
    return None


def test_U_B10_input_that_ends_at_the_review_gives_the_results(content):
    lines, _ = _lines(content, _answers_for(content))
    assert lines[-1] == ""  # the Enter at the review...
    done = _run(lines[:-1])  # ...is not typed: the input ends at the review prompt
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "The input ended" not in done.stdout
    assert "Your results" in done.stdout and "Sciatica self-check summary" in done.stdout
    assert "Traceback" not in done.stderr


def test_H_C1_plain_mode_asks_what_the_session_asks_in_its_order(content):
    lines, order = _lines(content, _answers_for(content))
    out = _run(lines).stdout
    prompts = [content.question(q).prompt["en"] for q in order]
    at = 0
    for qid, prompt in zip(order, prompts, strict=True):
        found = out.find("\n" + prompt, at)
        assert found >= 0, f"{qid} not asked after position {at}"
        at = found + 1

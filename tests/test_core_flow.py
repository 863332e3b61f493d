"""One interview core (issue 15, H-C1): every front end follows the session, and
plain-mode end-of-input at the review (U-B10)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sciatica_tui.core.session import Session

from .conftest import DISC, clear_screening

PACKAGE = Path(__file__).parent.parent / "sciatica_tui"
# The engine's walking functions: only the session (and the engine itself, and
# the content checks, which prove every question reachable) may call them.
WALKERS = {"next_question", "asked_questions", "new_emergency_flags", "next_checkin_question",
           "screening_notice"}
# contentset/checks.py proves every question reachable: a check on content, not a front end.
ALLOWED = {"core/session.py", "core/engine.py", "contentset/checks.py"}


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


# --- U-S1: one rule for exclusive options, the same words everywhere ------------

EXCLUSIVE_WORDS = "'None of these' cannot be chosen with other answers."


def test_U_S1_answer_files_refuse_none_with_a_real_choice(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"infection_risk": ["injects_drugs", "none"]}', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sciatica_tui", "assess", "--answers",
                           str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f'sciatica-tui: error: answer to "infection_risk": {EXCLUSIVE_WORDS}']


def test_U_S1_plain_mode_refuses_none_with_a_real_choice_in_the_same_words(content):
    lines, order = _lines(content, _answers_for(content))
    at = order.index("infection_risk")
    q = content.question("infection_risk")
    both = f"{q.option_ids.index('injects_drugs') + 1} {q.option_ids.index('none') + 1}"
    # Calm answers raise no interruption, so line k answers order[k]. Before the
    # answer to infection_risk ("none"), both together: refused, then asked again.
    assert "continue" not in lines
    lines[at:at] = [both]
    out = _run(lines).stdout
    assert out.count(EXCLUSIVE_WORDS) == 1
    assert "Your results" in out


def test_U_S1_the_core_refuses_what_the_screens_must_prevent(content):
    from sciatica_tui.core.answers import AnswerError, combine

    s = Session()
    with __import__("pytest").raises(AnswerError, match="cannot be chosen with other"):
        s.record(content, "infection_risk", ["injects_drugs", "none"])
    assert "infection_risk" not in s.answers  # nothing kept
    q = content.question("infection_risk")
    assert combine(q, ["injects_drugs"], "none") == ["none"]
    assert combine(q, ["none"], "injects_drugs") == ["injects_drugs"]
    assert combine(q, ["injects_drugs"], "diabetes") == ["injects_drugs", "diabetes"]


def test_U_S1_the_checklist_clears_the_other_choice_visibly(content):
    import asyncio

    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.question import QuestionScreen

    from .pilot import started

    q = content.question("infection_risk")
    drugs, none = (str(q.option_ids.index(o) + 1) for o in ("injects_drugs", "none"))

    async def run() -> None:
        app = SciaticaApp()
        async with app.run_test(size=(100, 40)) as pilot:
            await started(pilot, app)
            app.edit("infection_risk")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen) and screen.q.id == "infection_risk"
            ticks = screen.query_one("#answer")
            await pilot.press(drugs)
            await pilot.pause()
            assert list(ticks.selected) == ["injects_drugs"]
            await pilot.press(none)  # "None of these" clears the real choice, on screen
            await pilot.pause()
            assert list(ticks.selected) == ["none"]
            await pilot.press(drugs)  # a real choice clears "None of these"
            await pilot.pause()
            assert list(ticks.selected) == ["injects_drugs"]
            await pilot.click("#next")
            await pilot.pause()
            assert app.answers["infection_risk"] == ["injects_drugs"]

    asyncio.run(run())


def test_H_C1_the_tui_asks_what_the_session_asks_in_its_order(content):
    """Same answers, same questions in the same order as plain mode (both follow
    the session): the TUI shows a group's rows one by one until its group screen
    lands, so each screen here is one question."""
    import asyncio

    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.alerts import EmergencyScreen
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ReviewScreen

    from .pilot import answer, started

    answers = _answers_for(content)
    _, order = _lines(content, answers)
    asked: list[str] = []

    async def run() -> None:
        app = SciaticaApp()
        async with app.run_test(size=(100, 40)) as pilot:
            await started(pilot, app)
            for _ in range(len(order) + 10):
                screen = app.screen
                if isinstance(screen, ReviewScreen):
                    return
                if isinstance(screen, EmergencyScreen):
                    await pilot.click("#continue")
                    await pilot.pause()
                    continue
                assert isinstance(screen, QuestionScreen)
                asked.append(screen.q.id)
                value = answers.get(screen.q.id, _default(content, screen.q.id))
                if value is None:
                    await pilot.click("#skip")
                    await pilot.pause()
                else:
                    await answer(pilot, screen, value)

    asyncio.run(run())
    assert asked == order

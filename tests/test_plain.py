"""Plain mode end to end through pipes: the real command, answers piped in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.session import Session

EXAMPLES = Path(__file__).parent.parent / "examples"


# The first three warning-sign questions (a burst blood vessel, asked first since
# issue 14) answered "No", "No" and "None of these" (its checklist line, option 3):
# on the same first screen (groups.toml), the next row is saddle numbness.
AORTA_CLEAR = ["2", "2", "3"]


def run(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sciatica_tui", "--emergency-number", "999",
                           *args], input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, timeout=60)


def script(content, answers: dict) -> list[str]:
    """The lines a person would type to give these answers: each step the
    interview session gives (the one walker every front end follows), row by row
    for a group, acknowledging each interruption with "continue"."""
    session = Session()
    lines: list[str] = []
    while (step := session.next_step(content)).kind != "review":
        if step.kind == "urgent":
            lines.append("continue")
            continue
        for qid in step.qids or (step.qid,):
            q = content.question(qid)
            value = answers.get(q.id)
            if value is None:
                unsure = sorted(q.unknown_option_ids)
                if unsure:
                    lines.append(str(q.option_ids.index(unsure[0]) + 1))
                    value = [unsure[0]] if q.type == "multi" else unsure[0]
                elif step.kind == "group" and q.min is not None:  # a row must be answered
                    value = int(q.min)
                    lines.append(str(value))
                elif step.kind == "group":  # a row with no "not sure": its last option
                    lines.append(str(len(q.option_ids)))
                    value = [q.option_ids[-1]] if q.type == "multi" else q.option_ids[-1]
                else:
                    lines.append("skip")
            elif q.type in ("yes_no_unsure", "single"):
                lines.append(str(q.option_ids.index(value) + 1))
            elif q.type == "multi":
                lines.append(" ".join(str(q.option_ids.index(v) + 1) for v in value))
            else:
                lines.append(str(value))
            if session.record(content, q.id, value):
                lines.append("continue")
    GIVEN.clear()
    GIVEN.update(session.answers)
    return [*lines, ""]  # Enter at the review: see the results


GIVEN: dict = {}  # what the last script() answered, as the session kept it


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_each_example_through_a_pipe(content, name):
    answers = json.loads((EXAMPLES / f"{name}.json").read_text())
    done = run(script(content, answers))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    expected = assess(content, GIVEN)
    assert expected.disposition == assess(content, answers).disposition
    label = content.disposition(expected.disposition).label["en"].upper()
    results = done.stdout.split("Your results", 1)[1]
    assert f">> {label}" in results
    assert "Sciatica self-check summary" in results
    assert "\x1b" not in done.stdout  # no escape codes, no cursor tricks
    assert not any(ch in done.stdout for ch in "─│┌┐└┘═║")  # no box drawing
    assert done.stderr == ""


def test_emergency_interrupts_at_once_and_continue_carries_on(content):
    done = run([*AORTA_CLEAR, "1", "continue", "2"])  # saddle numbness yes, continue, bladder no
    out = done.stdout
    first_question = out.index("Is the skin around your bottom")
    alert = out.index("!! GET HELP NOW !!")
    second_question = out.index("new trouble peeing?")
    assert first_question < alert < second_question
    assert "Call 999" in out[alert:second_question]
    assert "Type summary to see the summary" in out[alert:second_question]


def test_summary_from_the_emergency_screen_then_quit(content):
    done = run([*AORTA_CLEAR, "1", "summary", "quit"])
    assert done.returncode == 0
    assert done.stdout.count("Sciatica self-check summary") == 2  # shown, and on leaving
    assert "Numb skin around the bottom or genitals" in done.stdout


def test_back_goes_to_the_previous_question_and_shows_the_earlier_answer():
    done = run([*AORTA_CLEAR, "2", "back", "3"])
    out = done.stdout
    # Asked twice (the summary at the end may quote it as not ruled out).
    assert out.count("\nIs the skin around your bottom") == 2
    assert "Your answer before was: No" in out
    assert "Your answer: Not sure" in out


def test_help_and_why_then_answer():
    done = run([*AORTA_CLEAR, "help", "why", "2"])
    assert "Other words: back" in done.stdout
    assert "Why we ask: Numb skin here" in done.stdout
    assert "Your answer: No" in done.stdout


def test_bad_input_gets_a_clear_message_and_the_question_again():
    done = run([*AORTA_CLEAR, "7", "maybe", "2"])
    assert done.stdout.count("Please type a number from 1 to 3, or help.") == 2
    assert "Your answer: No" in done.stdout


def test_end_of_input_says_so_keeps_the_answers_and_exits_2():
    done = run([*AORTA_CLEAR, "2", "2"])
    assert done.returncode == 2
    assert "The input ended before the questions were finished" in done.stdout
    assert "New bladder change: No" in done.stdout  # what was answered is not lost
    assert "Traceback" not in done.stderr


def test_empty_input_exits_2_without_a_summary():
    done = run([])
    assert done.returncode == 2
    assert "Sciatica self-check summary" not in done.stdout


def test_number_questions_accept_skip_and_reject_out_of_range(content):
    answers = {q.id: ("no" if q.type == "yes_no_unsure" else ["none"])
               for q in content.questions if q.section == "red_flags" and q.when is None
               and q.type in ("yes_no_unsure", "multi")}
    lines = script(content, {**answers, "pregnant": "no"})
    age_at = lines.index("skip")  # age is not in the answers: skipped
    lines[age_at:age_at] = ["200", "abc", "15"]
    done = run(lines[:age_at + 4])
    # U-B14: plain words with advice, from the core's validation (not developer wording)
    advice = "Please give your age as a whole number from 16 to 110."
    assert done.stdout.count(advice) == 3
    assert "outside 16 to 110" not in done.stdout
    assert "This check is for people aged 16 and over." in done.stdout
    assert "Your answer: (no answer)" in done.stdout

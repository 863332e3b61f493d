"""Grouped questions (content/groups.toml, issue 16 item 1): the model, its checks
on load, and how the interview session presents a group."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sciatica_tui.contentset.loader import ContentError, load_content
from sciatica_tui.core.engine import asked_questions, settled
from sciatica_tui.core.session import Session

from .conftest import clear_screening

# The most time-critical warning signs (aneurysm, cauda equina) are the first screen.
FIRST_SCREEN = {"sudden_severe", "saddle_numbness", "bladder_change", "bowel_change",
                "both_legs"}


@pytest.fixture
def broken(tmp_path, content_dir):
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)

    def edit(old: str, new: str) -> Path:
        path = root / "groups.toml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return root

    return edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root, use_cache=False)
    return [str(p) for p in info.value.problems]


PAIN_NOW = 'questions = ["side", "leg_pain", "back_pain", "leg_vs_back", "numbness", "walk_limit"]'


@pytest.mark.parametrize(("old", "new", "expect"), [
    pytest.param(PAIN_NOW, PAIN_NOW.replace('"back_pain"', '"back_pian"'),
                 ['group "pain_now"', "questions[2]", 'unknown question "back_pian"'],
                 id="unknown-question"),
    pytest.param(PAIN_NOW, PAIN_NOW.replace('"back_pain"', '"fever"'),
                 ['group "pain_now"', "questions[2]", '"fever" is already in group "health_signs"',
                  ], id="in-two-groups"),
    pytest.param(PAIN_NOW, PAIN_NOW.replace('"side", ', '"age", '),
                 ['group "pain_now"', "questions[0]", "number question"], id="number-row"),
    pytest.param('"major_injury", "weakness", "fall_or_strain"',
                 '"major_injury", "major_injury_when", "fall_or_strain"',
                 ['group "injury_weakness"', "questions[2]", 'after "major_injury"'],
                 id="row-depends-on-row"),
    pytest.param(PAIN_NOW, PAIN_NOW.replace('"back_pain"', '"night_pain"'),
                 ['group "pain_now"'], id="in-two-groups-or-mixed"),
    pytest.param('title.es = "¿Cuánto le duele?"\n', "",
                 ['group "pain_now"', "title.es", "missing es translation"], id="translation"),
    pytest.param('questions = ["pregnancy_danger", "pregnancy_signs"]',
                 'questions = ["pregnancy_danger"]',
                 ['group "pregnancy"', "questions"], id="one-row-pregnancy"),
    pytest.param('id = "pain_now"', 'id = "walk_limit"',
                 ['group "walk_limit"', "id", "also a question id"], id="group-named-as-question"),
    pytest.param(PAIN_NOW, 'questions = ["leg_pain"]',
                 ['group "pain_now"', "questions"], id="one-row"),
])
def test_a_bad_group_is_one_clear_message(broken, old, new, expect):
    found = [p for p in problems(broken(old, new)) if "groups.toml" in p]
    assert found, "no groups.toml problem reported"
    assert any(all(part in p for part in expect) for p in found), found


def test_mixed_sections_are_refused(broken):
    root = broken(PAIN_NOW, PAIN_NOW)
    path = root / "groups.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"first_episode",\n]', ']').replace(
        PAIN_NOW, PAIN_NOW.replace('"walk_limit"]', '"walk_limit", "first_episode"]'))
    path.write_text(text, encoding="utf-8")
    found = problems(root)
    assert any('group "pain_now"' in p and "mixes warning signs" in p for p in found), found


def test_the_shipped_groups(content):
    first = content.groups[0]
    assert FIRST_SCREEN <= set(first.questions)
    assert content.group_of("leg_pain") is content.group_of("back_pain") is not None
    assert all(g.title.get("en") and g.title.get("es") for g in content.groups)


def test_the_first_screen_is_the_time_critical_group(content):
    step = Session().next_step(content)
    assert step.kind == "group" and step.group == content.groups[0].id
    assert step.qid == step.qids[0] and FIRST_SCREEN <= set(step.qids)


def test_an_emergency_row_interrupts_before_the_screen_is_finished(content):
    s = Session()
    step = s.next_step(content)
    assert step.kind == "group"
    new = s.record(content, "saddle_numbness", "yes")
    assert [f.id for f in new] == ["ces_saddle"]  # at once: the other rows wait
    after = s.next_step(content)  # "continue": the rest of the same screen
    assert after.kind == "group" and after.group == step.group
    assert "saddle_numbness" not in after.qids and set(after.qids) < set(step.qids)


def _calm(q):
    """An answer of no concern, for walking past a question."""
    if q.type == "yes_no_unsure":
        return "no"
    if q.type == "single":
        return "no" if "no" in q.option_ids else q.option_ids[-1]
    if q.type == "multi":
        return [next((o for o in q.option_ids if o in q.exclusive), q.option_ids[-1])]
    return 40 if q.id == "age" else q.min


def _walk_to_group(content, s, gid):
    """Answer the singles before the group `gid` calmly; return its step."""
    for _ in range(len(content.questions)):
        step = s.next_step(content)
        if step.kind == "group" and step.group == gid:
            return step
        for qid in step.qids or ((step.qid,) if step.qid else ()):
            s.record(content, qid, _calm(content.question(qid)))
    raise AssertionError(f"never reached {gid}")


def test_a_row_waits_for_an_unanswered_parent(content):
    """The documented rule: a question whose "when" looks at a question still to
    be asked is not a row of the screen; it comes once its parent is answered."""
    s = Session()
    for qid in s.next_step(content).qids:
        s.record(content, qid, _calm(content.question(qid)))
    _walk_to_group(content, s, "injury_weakness")
    s.record(content, "major_injury", "yes")
    # major_injury_when (after major_injury) is not on this screen, and the
    # screen is finished before it comes.
    rest = s.next_step(content)
    assert rest.kind == "group" and rest.qids == ("weakness", "fall_or_strain", "bone_risk")
    for qid in rest.qids:
        s.record(content, qid, _calm(content.question(qid)))
    # The follow-up opens the next screen (groups.toml), at its top.
    after = s.next_step(content)
    assert after.kind == "group" and after.group == "health_signs"
    assert after.qids[0] == "major_injury_when" and "cancer_details" not in after.qids


def test_back_from_a_group_goes_to_the_previous_screen(content):
    s = Session()
    first = s.next_step(content)
    for qid in first.qids:
        s.record(content, qid, _calm(content.question(qid)))
    singles = []
    while (second := s.next_step(content)).kind == "question":
        singles.append(second.qid)
        s.record(content, second.qid, _calm(content.question(second.qid)))
    assert singles and second.kind == "group"
    s.record(content, second.qids[0], "no")  # one row of the second screen answered
    for qid in reversed(singles):  # each question before it, one at a time
        back = s.back(content)
        assert back is not None and back.kind == "question" and back.qid == qid
    back = s.back(content)  # the whole first screen, as one step
    assert back is not None and back.kind == "group" and back.qids == first.qids
    assert s.back(content) is None  # nothing before the first screen
    assert s.answers[first.qids[0]] == "no"  # answers are kept, to show as chosen


def test_grouping_does_not_change_what_is_asked(content):
    """Grouping is presentation: walking by screens gives every question the
    engine asks, each once."""
    s = Session()
    answers = {**clear_screening(content)}
    seen: list[str] = []
    while (step := s.next_step(content)).kind != "review":
        if step.kind == "urgent":
            continue
        for qid in step.qids or (step.qid,):
            q = content.question(qid)
            value = answers.get(qid)
            if value is None:
                value = (q.option_ids[-1] if q.type in ("yes_no_unsure", "single")
                         else [q.option_ids[-1]] if q.type == "multi" else q.min)
                if q.type == "multi" and q.option_ids[-1] in q.exclusive:
                    value = [q.option_ids[-1]]
            seen.append(qid)
            s.record(content, qid, value)
    # Every question asked once; the walk may stop early once the outcome is
    # settled (engine.settled), never before.
    asked = asked_questions(content, s.answers)
    assert set(seen) <= set(asked) and len(seen) == len(set(seen))
    assert set(seen) == set(asked) or settled(content, s.answers)


def test_the_questions_command_shows_the_groups(capsys):
    import json

    from sciatica_tui.cli.main import main

    assert main(["questions", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["leg_pain"]["group"] == by_id["back_pain"]["group"] == "pain_now"
    assert "group" not in by_id["age"]
    pain = next(g for g in data["groups"] if g["id"] == "pain_now")
    assert pain["questions"][1:3] == ["leg_pain", "back_pain"] and pain["title"]
    assert main(["questions"]) == 0
    text = capsys.readouterr().out
    assert "shown with group: pain_now" in text and "- urgent_signs (" in text


def test_an_answers_file_may_give_a_group_as_one_object(content):
    from sciatica_tui.core.answers import AnswerError, validate_answers

    flat = validate_answers(content, {"leg_pain": 6, "back_pain": 2, "age": 40})
    grouped = validate_answers(content, {"pain_now": {"leg_pain": 6, "back_pain": 2},
                                         "age": 40})
    assert grouped == flat
    for bad, words in (({"pain_now": {"fever": "no"}}, 'group "pain_now" has no question'),
                       ({"pain_now": 6}, "must be an object"),
                       ({"pain_now": {"leg_pain": 6}, "leg_pain": 5}, "given twice")):
        with pytest.raises(AnswerError, match=words):
            validate_answers(content, bad)


def test_walking_by_screens_asks_what_the_engine_asks_for_every_vignette(content):
    """For each golden vignette, the session (groups and all) asks every question
    the engine asks for those answers, each once, reaches the same assessment, and
    has interrupted for every emergency warning sign found."""
    from sciatica_tui.core.engine import assess

    from .test_vignettes import VIGNETTES, vignette_answers

    for v in VIGNETTES:
        answers = vignette_answers(v)
        s = Session()
        seen: list[str] = []
        while (step := s.next_step(content)).kind != "review":
            if step.kind == "urgent":
                continue
            for qid in step.qids or (step.qid,):
                seen.append(qid)
                s.record(content, qid, answers.get(qid))
        assert len(seen) == len(set(seen)), v["id"]
        given = {k: answers[k] for k in seen if answers.get(k) is not None}
        asked = asked_questions(content, given)
        assert set(seen) <= set(asked), v["id"]
        assert set(seen) == set(asked) or settled(content, s.answers), v["id"]
        result = assess(content, s.answers)
        assert result.disposition == assess(content, answers).disposition, v["id"]
        assert s.alerted == {f.id for f in result.red_flags if f.tier == "emergency"}, v["id"]

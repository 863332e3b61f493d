"""Demo search a physiotherapist can use (issue 18.7, use review U-B12): typing
searches at once, and results are ranked, title matches first."""

from __future__ import annotations

from sciatica_tui.core.demo import Entry, entries, search
from sciatica_tui.core.words import Words
from sciatica_tui.store.config import Config
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync


def test_U_B12_search_ranks_title_matches_before_body_matches():
    pages = [Entry("cause", "a", "Back pain", "the sciatic nerve is long"),
             Entry("anatomy", "b", "Where the nerve runs", "the sciatic path"),
             Entry("anatomy", "c", "The sciatic nerve", "its path"),
             Entry("cause", "d", "Nerve roots and the sciatic area", "text")]
    assert [e.id for e in search(pages, "sciatic nerve")] == ["c", "d", "b", "a"]
    assert [e.id for e in search(pages, "")] == ["a", "b", "c", "d"]
    assert search(pages, "knee") == []


def test_U_B12_the_real_content_puts_the_nerve_path_page_first(content):
    found = search(entries(Words(content)), "sciatic nerve")
    assert (found[0].kind, found[0].id) == ("anatomy", "nerve_path")


@sync
async def test_U_B12_typing_on_the_index_searches_without_slash_and_keeps_the_ranking():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        screen = app.screen
        assert type(screen).__name__ == "DemoScreen"
        assert screen.query_one("#demo-index").has_focus
        await pilot.press(*"sciatic nerve")
        await pilot.pause()
        assert screen.query_one("#demo-search").value == "sciatic nerve"
        index = screen.query_one("#demo-index")
        ids = [o.id for o in index.options if o.id]
        assert ids[0] == "anatomy:nerve_path"
        assert ids == [f"{e.kind}:{e.id}" for e in screen.shown]
        assert index.highlighted_option.id == "anatomy:nerve_path"  # the best match


@sync
async def test_U_B12_enter_after_a_search_opens_the_best_match():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        index = app.screen
        await pilot.press("down")  # the highlight moves off the first item...
        await pilot.press(*"sitt", "enter")  # ...typing puts it on the best match
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not index
        assert app.screen.entry.kind == "first_step"
        assert "lumbar roll" in app.screen.entry.title.lower()


def test_U_B12_no_replay_ends_on_no_answer(content):
    from sciatica_tui.core.demo import replay

    w = Words(content)
    for s in content.samples:
        steps = replay(w, s)
        assert steps[-1].answer != w.ui("answer.none"), s.id


@sync
async def test_U_B12_replay_jumps_to_any_question_and_a_changed_answer_moves_the_result():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.open_demo("sample:desk_worker")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "ReplayScreen"
        before = screen.steps[-1].assessment.disposition
        # Jump: choose a question from the list instead of pressing Right 30 times.
        await pilot.press("j")
        steps = screen.query_one("#replay-steps")
        target = [st.qid for st in screen.steps].index("saddle_numbness")
        steps.highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        assert screen.at == target
        # Change the answer: numb saddle area "Yes".
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "ChangeAnswer"
        await pilot.press("enter")  # the first option: Yes
        await pilot.pause()
        assert app.screen is screen
        assert screen.changed == {"saddle_numbness": "yes"}
        assert before != "emergency"
        assert screen.steps[screen.at].assessment.disposition == "emergency"
        shown = str(screen.query_one("#replay-step").render())
        assert app.words.t(app.words.content.disposition("emergency").label) in shown


def test_issue_18_7_dermatome_drawing_has_one_stated_viewpoint_and_its_source(content):
    """Both panels are drawn as someone else sees the person (stated on the figure
    and in the text), from sources (the layout itself is checked by C-L6 in
    test_locale.py)."""
    topic = next(t for t in content.topics if t.id == "nerve_roots")
    figure = (topic.figure or {})["en"]
    assert "as someone else sees it" in figure.strip().splitlines()[0]
    assert {"HAR", "ISNCSCI"} <= set(topic.sources)
    en = Words(content).tl(topic.body)[0]
    assert "as someone else sees it" in en

"""The use review's screen findings (use.md): keyboard reach, typed-ahead keys,
true words on leaving, the kiosk's emergency, NO_COLOR and focused buttons."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events

from sciatica_tui.tui.app import SciaticaApp

from .pilot import AORTA_CLEAR, started, sync


async def settle(pilot, app) -> None:
    """Until no typed-ahead key is held and no switch of step is under way."""
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if getattr(app, "held_keys", None) is None and not app.workers:
            await pilot.pause()
            return


@sync
async def test_U_B3_keys_typed_ahead_answer_the_questions_they_were_typed_for():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        # Typed faster than a screen can be replaced: all queued at once. Every
        # row of the first group screen ("No"; its checklist line "None of these"
        # and Enter), Enter (Next), then an age typed and Enter.
        content = app.words.content
        rows = content.group(content.groups[0].id).questions
        none = str(content.question("aorta_signs").option_ids.index("none") + 1)
        keys = []
        for q in rows:
            keys += [(none, none), ("enter", "\r")] if q == "aorta_signs" else [("2", "2")]
        keys += [("enter", "\r"), ("4", "4"), ("0", "0"), ("enter", "\r")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        await settle(pilot, app)
        assert app.answers == {**{q: "no" for q in rows}, "aorta_signs": ["none"], "age": 40}
        assert app.screen.q.id == "sex"
        assert list(AORTA_CLEAR) == ["sudden_severe", "faint_clammy", "aorta_signs"]


# -- helpers ---------------------------------------------------------------------
def kiosk_config(**kw):
    from .test_kiosk import kiosk

    return kiosk(**kw)


def texts(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("Static"))


async def to_emergency(pilot, app) -> None:
    from sciatica_tui.tui.screens.alerts import EmergencyScreen

    await started(pilot, app)
    await pilot.press("1")  # "Yes": sudden very bad pain, an emergency sign
    await pilot.pause()
    assert isinstance(app.screen, EmergencyScreen)


ACTION = "Call 112 for an ambulance now"


# -- U-B1, U-B2: results and review by keyboard ------------------------------------
@sync
async def test_U_B1_results_scroll_by_keyboard(content):
    from sciatica_tui.tui.screens.results import ResultsScreen

    from .conftest import DISC, clear_screening
    from .pilot import to_results

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await to_results(pilot, app, {**clear_screening(content), **DISC})
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        body = app.screen.query_one("#body")
        assert body.max_scroll_y > 0  # more than a window of results
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert body.scroll_y < body.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        # The summary button is in sight without scrolling.
        button = app.screen.query_one("#summary")
        assert button.region.bottom <= app.screen.size.height and button.region.height > 0


@sync
async def test_U_B2_enter_on_the_review_shows_the_results(content):
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    from .conftest import DISC, clear_screening
    from .pilot import answer

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        answers = {**clear_screening(content), **DISC}
        for _ in range(200):  # answer until the review (walk() would go past it)
            screen = app.screen
            if isinstance(screen, ReviewScreen):
                break
            assert isinstance(screen, QuestionScreen), screen
            q = screen.q
            value = answers.get(q.id)
            if value is None and q.type == "yes_no_unsure":
                value = "unsure"
            elif value is None and q.unknown_option_ids:
                unsure = sorted(q.unknown_option_ids)[0]
                value = [unsure] if q.type == "multi" else unsure
            await answer(pilot, screen, value)
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and focused.id == "results"
        assert focused.region.bottom <= app.screen.size.height
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


# -- U-S9, U-B13: the kiosk ----------------------------------------------------------
@sync
async def test_U_S9_kiosk_emergency_tells_reception_and_outlives_the_idle_reset():
    from sciatica_tui.tui.screens.alerts import EmergencyScreen

    from .test_kiosk import Clock

    for lang, tell in (("en", "Tell the reception desk now"), ("es", "Avise ahora en recepción")):
        clock = Clock()
        app = SciaticaApp(lang=lang, config=kiosk_config(idle_seconds=60), clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await to_emergency(pilot, app)
            assert tell in texts(app.screen)
            for _ in range(3):  # long past idle_seconds and the countdown
                clock.advance(600)
                app.idle_tick()
                await pilot.pause()
            assert isinstance(app.screen, EmergencyScreen) and app.answers
            # Finish is there for the person who has read it; it clears the turn.
            finish = app.screen.query_one("#finish")
            assert finish.region.bottom <= 24
            await pilot.click("#finish")
            await pilot.pause()
            assert app.session.empty and len(app.screen_stack) == 1


@sync
async def test_U_B13_no_quit_in_the_kiosk_footer_and_finish_in_sight_at_80x24(content):
    from textual.widgets._footer import FooterKey

    from sciatica_tui.tui.screens.results import ResultsScreen

    from .conftest import DISC, clear_screening
    from .pilot import to_results

    app = SciaticaApp(config=kiosk_config(idle_seconds=6000))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await to_results(pilot, app, {**clear_screening(content), **DISC})
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        actions = [k.action for k in app.screen.query(FooterKey)]
        assert actions and "app.quit" not in actions and "quit" not in actions
        finish = app.screen.query_one("#finish")
        assert 0 < finish.region.bottom <= 24 and finish.region.height > 0
        await pilot.press("s")  # the summary, then Esc: back to the results
        await pilot.pause()
        assert "app.quit" not in [k.action for k in app.screen.query(FooterKey)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.answers



@sync
async def test_keys_help_fits_the_screen_and_offers_no_quit_in_a_kiosk():
    """F1 says the keys of the screen it is opened on (a screen of several lines
    has its own), and Ctrl+Q ("leave") only where Ctrl+Q leaves: not in a kiosk,
    where it does nothing."""
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.screens.modals import HelpScreen

    for kiosk in (False, True):
        app = SciaticaApp(config=kiosk_config(idle_seconds=6000) if kiosk else None)
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            assert isinstance(app.screen, GroupScreen)
            w = app.words
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = texts(app.screen)
            assert w.ui("tui.help_keys_group") in shown
            assert w.ui("tui.help_keys_question") not in shown
            assert w.ui("tui.help_keys") in shown
            assert ("Ctrl+Q" in shown) is (not kiosk), shown
            assert w.ui("tui.help_keys_demo") not in shown  # F3 is the demo's


@sync
async def test_keys_help_says_the_keys_of_each_kind_of_screen(content):
    """A choice, a number box (where letters and ? are typed into the box), a
    0-10 scale, and a screen that is not a question (the review): each has its
    own first lines, and the keys of every screen after them."""
    from sciatica_tui.tui.screens.modals import HelpScreen
    from sciatica_tui.tui.screens.question import QuestionScreen

    from .conftest import DISC, clear_screening

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        w = app.words
        kinds = {"sex": "question", "age": "number", "leg_pain": "scale"}
        for qid, kind in kinds.items():
            app.edit(qid)
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.q.id == qid
            app.action_help()
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = texts(app.screen)
            assert shown.index(w.ui(f"tui.help_keys_{kind}")) < shown.index(
                w.ui("tui.help_keys")), (qid, shown)
            others = [k for k in HelpScreen.KINDS if k != kind]
            assert not [k for k in others if w.ui(f"tui.help_keys_{k}") in shown], qid
            await pilot.press("escape")
            await pilot.pause()
        app.answers.update({**clear_screening(content), **DISC})
        app.ask_next()
        await pilot.pause()
        app.action_help()
        await pilot.pause()
        shown = texts(app.screen)
        assert w.ui("tui.help_keys_other") in shown
        assert "F2" not in shown and "1 to 9" not in shown


@sync
async def test_kiosk_leaving_the_palette_summary_keeps_the_turn():
    from sciatica_tui.tui.screens.question import QuestionScreen

    app = SciaticaApp(config=kiosk_config(idle_seconds=6000))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        app.show_report()  # what the palette's "Summary for a clinician" does
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.answers


@sync
async def test_empty_staff_pin_is_not_a_wrong_try():
    from sciatica_tui.tui.screens.kiosk import StaffPin

    app = SciaticaApp(config=kiosk_config(idle_seconds=6000))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
        for _ in range(4):
            await pilot.press("enter")
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.pin_guard.failures == 0 and app.pin_guard.wait() == 0
        assert "Type the PIN first" in texts(app.screen)


def test_exit_keys_one_rule():
    from sciatica_tui.store.config import exit_keys_problem, usable_exit_keys

    assert exit_keys_problem(("f12", "escape")) is None
    assert exit_keys_problem(("escape", "f12")) == "escape"  # Esc is Back
    assert exit_keys_problem(("ctrl+p",)) == "ctrl+p"
    assert usable_exit_keys(("nonsense",)) == ("ctrl+x", "ctrl+k")
    assert usable_exit_keys(("f12", "escape")) == ("f12", "escape")


# -- U-S6, U-S7: what to do now stays in sight ----------------------------------------
@sync
async def test_U_S6_tui_exit_prints_the_emergency_action_last():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_emergency(pilot, app)
        printed = app.summary_on_exit
    lines = printed.rstrip().splitlines()
    # The action is the last thing printed (wrapped to the terminal's width).
    tail = " ".join(x.strip() for x in lines[-3:])
    assert ACTION in tail and tail.endswith("until help comes."), lines[-6:]
    assert "!! GET HELP NOW !!" in lines[-4:]
    assert printed.index("!! GET HELP NOW !!") > printed.rindex("NICE")  # after the sources


def test_U_S6_plain_quit_prints_the_emergency_action_last(content):
    import io

    from sciatica_tui.core.words import Words
    from sciatica_tui.plain import run_plain

    words = Words(content, "en", "112", "GB")
    out = io.StringIO()
    run_plain(words, io.StringIO("1\nquit\n"), out)
    lines = [x for x in out.getvalue().rstrip().splitlines() if x.strip()]
    tail = " ".join(x.strip() for x in lines[-3:])
    assert ACTION in tail and tail.endswith("until help comes."), lines[-3:]
    assert any("GET HELP NOW" in x for x in lines[-4:])


@sync
async def test_U_S7_below_the_minimum_size_the_emergency_action_stays_in_plain_text():
    from sciatica_tui.tui.screens.modals import TooSmall

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_emergency(pilot, app)
        await pilot.resize_terminal(44, 16)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        shown = texts(app.screen)
        assert ACTION in shown and "GET HELP NOW" in shown
        assert "sciatica-tui --plain" in shown
        assert shown.index(ACTION) < shown.index("bigger")  # the action comes first


# -- U-B5, U-S10: true words ------------------------------------------------------------
@sync
async def test_U_B5_quit_dialog_says_the_history_keeps_the_answers(tmp_path):
    from sciatica_tui.tui.screens.modals import ConfirmQuit

    from .test_tui_diary import settled

    path = tmp_path / "h.sqlite3"
    app = SciaticaApp(history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")
        await settled(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        said = texts(app.screen)
        assert "will be lost" in said  # history is off: nothing is kept
        await pilot.press("escape")
        await pilot.pause()
        app.restart()
        await settled(pilot, app)
        await pilot.click("#history-toggle")
        await pilot.pause()
        enable = texts(app.screen)
        assert "not encrypted" in enable and str(path) in enable  # U-S10
        assert "Only you" not in enable
        await pilot.click("#yes")
        await settled(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        await pilot.press("2")
        await settled(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        said = texts(app.screen)
        assert "kept in your history" in said and "lost" not in said


@sync
async def test_U_S10_personal_palette_has_no_developer_commands(monkeypatch):
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for dev in ("screenshot", "maximize", "keys", "theme"):
            assert app.words.ui(f"textual.{dev}") not in titles and dev.title() not in titles
        assert "Quit" in titles
        monkeypatch.setenv("SCIATICA_TUI_DEV_COMMANDS", "1")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        words = app.words
        assert words is not None
        # Textual's commands, in the person's words (U-B4).
        assert words.ui("textual.screenshot") in titles and words.ui("textual.theme") in titles


# -- U-S11: NO_COLOR and focus ------------------------------------------------------------
@sync
async def test_U_S11_no_color_never_dims_the_warning(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        from .pilot import loaded

        await loaded(pilot, app)
        line = app.screen.query_one("#emergency")
        assert str(line.render()).startswith("!!")
        style = line.rich_style
        assert style.reverse and style.bold
        body = app.screen.query_one("#welcome").rich_style
        # Same text colour as the body (only reversed), never a dimmer grey.
        assert style.color == body.color


@sync
async def test_U_S11_focused_buttons_have_no_reversed_band():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        from .pilot import loaded

        await loaded(pilot, app)
        start = app.screen.query_one("#start")
        assert start.has_focus
        style = start.rich_style
        assert style.bold and style.underline and not style.reverse


# -- AWKWARD: QR text, large text ----------------------------------------------------------
def test_qr_text_says_in_words_what_was_left_out(content):
    from sciatica_tui.core.engine import assess
    from sciatica_tui.core.words import Words
    from sciatica_tui.reports.handoff import compact_parts, compact_summary

    examples = Path(__file__).parent.parent / "examples"
    answers = json.loads((examples / "mostly_unanswered.json").read_text())
    words = Words(content, "en", "112", "GB")
    parts = compact_parts(content, assess(content, answers), words)
    text = compact_summary(parts, words, keep=2)
    assert f"{len(parts) - 2} MORE NOT SHOWN" in text
    assert f"+{len(parts) - 2}" not in text


@sync
async def test_large_text_is_a_palette_toggle_and_shortens_lines(monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_LARGE_TEXT", "1")
    app = SciaticaApp(config=kiosk_config(idle_seconds=6000))
    async with app.run_test(size=(120, 36)) as pilot:
        await to_emergency(pilot, app)
        assert app.has_class("-large")
        assert app.screen.query_one("#body").size.width <= 66  # room for a 60-column drawing
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Large text on or off" in titles
        app.action_toggle_large()
        await pilot.pause()
        assert app.screen.query_one("#body").size.width > 66

"""What issue 18's snapshot review found: on an 80-column results screen in Spanish,
a likely cause's title ("Un disco que presiona una raíz nerviosa (encaja bien con
sus respuestas)") ran past the right edge and was cut off; on a tall window the
review list stopped at 60% of the height with the rest of the window empty."""

from __future__ import annotations

from sciatica_tui.tui.app import SciaticaApp

from .conftest import DISC, clear_screening
from .pilot import loaded, sync


@sync
async def test_issue_18_results_titles_wrap_inside_the_window():
    for lang in ("es", "en"):
        app = SciaticaApp(lang=lang, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            app.answers.update({**clear_screening(app.words.content), **DISC})
            app.show_results()
            await pilot.pause()
            titles = list(app.screen.query("CollapsibleTitle"))
            assert titles
            for title in titles:
                inside = title.parent.content_region  # type: ignore[union-attr]
                assert title.region.right <= inside.right, (lang, str(title.render()))
            if lang == "es":
                assert any(t.region.height > 1 for t in titles)  # the long one wrapped


@sync
async def test_issue_18_review_list_fills_the_window_above_see_my_results():
    for size in ((200, 60), (80, 24)):
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot, app)
            app.answers.update({**clear_screening(app.words.content), **DISC})
            app.ask_next()  # every question answered: the review
            await pilot.pause()
            review, button = app.screen.query_one("#review"), app.screen.query_one("#results")
            assert review.virtual_size.height > review.size.height  # more rows than room
            assert button.region.y - review.region.bottom <= 2, size  # no empty band
            assert button.region.bottom <= size[1] - 1  # See my results in sight

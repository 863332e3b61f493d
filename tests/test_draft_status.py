"""Draft status (issue 14 acceptance): "not yet signed off by a clinician", from
meta.toml, on the welcome screen, the kiosk welcome, plain mode's welcome and every
summary format; and gone (replaced by who checked it) once signed off."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from sciatica_tui.contentset.loader import ContentError, load_content
from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import render

from .pilot import loaded, sync

DRAFT = "not yet signed off by a clinician"


@pytest.fixture
def signed(tmp_path, content_dir):
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    meta = root / "meta.toml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace(
        'reviewer_role = "Not yet signed off by a clinician: draft written from the cited '
        'guidelines"', 'reviewer_role = "MSK physiotherapist (test sign-off)"')
    meta.write_text(text.replace("signed_off = false", "signed_off = true"), encoding="utf-8")
    return root


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "pdf"])
def test_draft_status_in_every_summary_format(content, disc, fmt):
    w = Words(content, "en", "999")
    out = render(fmt, content, assess(content, disc), w)
    text = _pdf_text(out) if isinstance(out, bytes) else out
    assert DRAFT in " ".join(text.split())
    if fmt == "json":
        assert DRAFT in json.loads(text)["content_status"]


def test_draft_status_in_spanish(content, disc):
    w = Words(content, "es", "112")
    out = render("text", content, assess(content, disc), w)
    assert "Borrador" in out


def test_signed_off_content_names_the_reviewer_instead(signed, disc):
    content = load_content(signed, use_cache=False, user_cache=False)
    w = Words(content, "en", "999")
    for fmt in ("text", "markdown", "html"):
        out = render(fmt, content, assess(content, disc), w)
        assert isinstance(out, str)
        assert DRAFT not in out and "MSK physiotherapist (test sign-off)" in out


def test_signed_off_with_a_draft_reviewer_role_is_a_content_error(tmp_path, content_dir):
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    meta = root / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("signed_off = false",
                                                             "signed_off = true"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, use_cache=False, user_cache=False)
    assert "meta.toml" in str(info.value) and "signed_off" in str(info.value)


def test_draft_status_in_plain_mode_welcome(content):
    from sciatica_tui.plain import PlainSession

    out = io.StringIO()
    lines = iter([])
    PlainSession(Words(content, "en", "999"), lambda: next(lines, None), out).run()
    assert DRAFT in out.getvalue().split("\n\n")[0]


async def _welcome_draft(app) -> str:
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        return str(app.screen.query_one("#draft").render())


@sync
async def test_U_S4_draft_status_on_the_welcome_screen():
    from sciatica_tui.tui.app import SciaticaApp

    assert DRAFT in await _welcome_draft(SciaticaApp(emergency_number="999"))


@sync
async def test_U_S4_draft_status_on_the_kiosk_welcome():
    from sciatica_tui.store.config import Config, hash_pin
    from sciatica_tui.tui.app import SciaticaApp

    config = Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000))
    assert DRAFT in await _welcome_draft(SciaticaApp(config=config, emergency_number="999"))


@sync
async def test_signed_off_welcome_screen_names_the_reviewer(signed):
    from sciatica_tui.tui.app import SciaticaApp

    shown = await _welcome_draft(SciaticaApp(content_dir=str(signed), emergency_number="999"))
    assert DRAFT not in shown and "MSK physiotherapist" in shown

"""Shared fixtures: the shipped content, and answer sets built from it."""

from __future__ import annotations

import pytest

from sciatica_tui.loader import default_content_dir, load_content
from sciatica_tui.model import Content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def content_dir():
    return default_content_dir()


def clear_screening(content: Content) -> dict:
    """Every red-flag screening question answered with no concern."""
    answers: dict = {}
    for q in content.questions:
        if q.section != "red_flags" or q.when is not None:
            continue
        if q.type == "yes_no_unsure":
            answers[q.id] = "no"
        elif q.type == "multi":
            answers[q.id] = ["none"]
        elif q.type == "single":
            answers[q.id] = "no"
        else:
            answers[q.id] = 35
    return answers


DISC = {
    "pain_where": ["buttock", "thigh", "below_knee"], "side": "left", "how_long": "weeks",
    "leg_pain": 6, "back_pain": 3, "leg_vs_back": "leg", "worse_with": ["sitting", "cough_sneeze"],
    "better_with": ["lying_down", "moving"], "numbness": "yes", "numbness_change": "same",
    "numb_where": ["outer_calf_top_foot"], "walk_limit": "long", "onset": "sudden",
    "sitting_buttock": "no", "pelvis_spot": "no", "spasm": "no", "trend": "better",
    "daily_life": "no", "impact": ["none"],
}


@pytest.fixture
def clear(content) -> dict:
    return clear_screening(content)


@pytest.fixture
def disc(content) -> dict:
    return {**clear_screening(content), **DISC}


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("content-cache")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch, _cache_dir):
    """The app looks for a personal history in the user data folder, and keeps a
    content cache: point both at temp folders, so no test reads or writes the real
    ones (the cache is shared by the session's tests)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(_cache_dir))

"""Issue 19 item 4: the suite's own speed knobs (the dependency floor's shorter
property runs, and the longest tests first under pytest-xdist)."""

from __future__ import annotations

from .conftest import LONG_FIRST, _long_first
from .strategies import examples


def test_I19_4_property_examples_scale_only_when_asked(monkeypatch):
    monkeypatch.delenv("PROPERTY_EXAMPLES_PERCENT", raising=False)
    assert examples(400) == 400  # the exact-pins pass: every example
    monkeypatch.setenv("PROPERTY_EXAMPLES_PERCENT", "10")  # as .ci/floor sets it
    assert examples(400) == 40
    assert examples(50) == 10  # never fewer than 10


def test_I19_4_the_longest_tests_are_collected_first(request):
    """In this run's collection, every test LONG_FIRST names comes before every
    other test (a renamed test would only lose its place, so this reads the order
    pytest made, not the names)."""
    ranks = [_long_first(item) for item in request.session.items]
    assert ranks == sorted(ranks)
    assert all(isinstance(p, str) and "::" in p for p in LONG_FIRST)

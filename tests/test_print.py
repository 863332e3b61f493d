"""Printing (issue 17 item 3, H-S7): the PDF through lp with its document format,
the job title in the person's language, text when no PDF can be made, and a clear
answer when there is no printer. Every job goes to the stand-in lp of conftest.py,
which records its arguments and exact bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.handoff import print_summary

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def jobs(tmp_path, monkeypatch):
    folder = tmp_path / "jobs"
    folder.mkdir()
    monkeypatch.setenv("SCIATICA_TEST_PRINT_JOBS", str(folder))
    return folder


def _job(folder: Path, n: int = 1) -> tuple[list[str], bytes]:
    return ((folder / f"{n}.args").read_text().splitlines(), (folder / f"{n}.data").read_bytes())


def _case(content, name="urgent_weakness"):
    return assess(content, json.loads((EXAMPLES / f"{name}.json").read_text()))


def test_H_S7_prints_the_pdf_with_its_format_and_a_spanish_title(content, jobs):
    words = Words(content, "es", country="ES")
    ok, detail = print_summary(content, _case(content), words)
    assert ok, detail
    args, data = _job(jobs)
    assert data.startswith(b"%PDF-")
    assert "document-format=application/pdf" in args
    title = args[args.index("-t") + 1]
    assert title == words.ui("out.print_title") != Words(content).ui("out.print_title")
    assert not (jobs / "2.args").exists()  # one job


def test_H_S7_the_named_printer_gets_the_job(content, jobs):
    ok, _ = print_summary(content, _case(content), Words(content), printer="desk")
    assert ok
    args, _ = _job(jobs)
    assert args[args.index("-d") + 1] == "desk"


def test_H_S7_text_when_no_pdf_can_be_made(content, jobs, monkeypatch, tmp_path):
    from sciatica_tui.reports.formats import pdf_fonts

    monkeypatch.setattr(pdf_fonts, "FONTS", tmp_path / "gone")  # a broken installation
    ok, _ = print_summary(content, _case(content), Words(content))
    assert ok
    args, data = _job(jobs)
    assert "document-format=application/pdf" not in args
    assert data.decode("utf-8").startswith("Sciatica self-check summary")


def test_H_S7_no_printer_says_so(content, jobs, monkeypatch):
    monkeypatch.setenv("SCIATICA_TEST_NO_PRINTER", "1")
    assert print_summary(content, _case(content), Words(content)) == (False, "no-printer")
    assert list(jobs.iterdir()) == []


def test_H_S7_no_lp_says_so(content, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert print_summary(content, _case(content), Words(content)) == (False, "no-lp")


def test_H_S7_every_test_prints_to_the_stand_in_only():
    """The monkey (tests/test_monkey.py) presses "p" on the summary screen: like every
    test, it finds the stand-in lp and lpstat first on PATH, never a real printer."""
    import shutil

    from .conftest import STUB_PRINTER

    for command in ("lp", "lpstat"):
        found = shutil.which(command)
        assert found is not None and Path(found).read_text() == STUB_PRINTER

"""Issue 19 (pdf): the letter drawn by our own PDF writer (reports/formats/pdfwriter.py),
read back with pypdf in strict mode: the words (accents, Greek, Cyrillic), the
pages and their footers, headings kept with what follows, text inside the
margins, the page sizes, the document's info and reproducible bytes. Nothing
here uses the writer's own code to check its output: positions and widths come
from what the PDF itself declares (its /W arrays and ToUnicode maps)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import render
from sciatica_tui.reports.summary import Item, Summary

from .test_formats import _every_flag

EXAMPLES = Path(__file__).parent.parent / "examples"
FONTS = Path(__file__).parent.parent / "sciatica_tui" / "fonts"
MM = 72 / 25.4
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture(autouse=True)
def _fixed(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def _case(content, name):
    return assess(content, json.loads((EXAMPLES / f"{name}.json").read_text()))


def _letter(s: Summary) -> bytes:
    from sciatica_tui.reports.formats import pdf

    return pdf.render(s)


def _font_widths(font) -> dict[str, float]:
    """Each character's width (1/1000 em) as the PDF declares it: the font's
    ToUnicode map from glyph code to character, and its /W array."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    chars = {int(code, 16): bytes.fromhex(uni).decode("utf-16-be")
             for code, uni in re.findall(r"^<([0-9A-F]{4})> <([0-9A-F]+)>$", cmap, re.M)}
    cid = font["/DescendantFonts"][0].get_object()
    w, widths, i = list(cid["/W"]), {}, 0
    while i < len(w):
        start = int(w[i])
        if isinstance(w[i + 1], list):
            widths.update({start + k: float(x) for k, x in enumerate(w[i + 1])})
            i += 2
        else:
            widths.update({k: float(w[i + 2]) for k in range(start, int(w[i + 1]) + 1)})
            i += 3
    return {chars[code]: width for code, width in widths.items() if code in chars}


def _runs(data: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Per page: each text run shown, as (x, baseline y, width, text) in points,
    the width from the PDF's own font widths."""
    reader = PdfReader(io.BytesIO(data), strict=True)
    pages = []
    for page in reader.pages:
        fonts = {name: ref.get_object() for name, ref in page["/Resources"]["/Font"].items()}
        widths = {name: _font_widths(font) for name, font in fonts.items()}
        runs: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs, widths=widths, fonts=fonts):
            # pypdf puts a space before a run that follows another on its line.
            text = text.strip("\n").lstrip(" ")
            if not text:
                return
            key = next(k for k, f in fonts.items() if f == font)
            width = sum(widths[key][c] for c in text) * size / 1000
            runs.append((tm[4], tm[5], width, text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=True)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_19_pdf_opens_in_strict_mode_and_gives_back_the_english_and_spanish_words(content):
    a = _case(content, "emergency_bladder")
    english = render("pdf", content, a, Words(content, "en", "999"))
    text = _text(english)
    for words in ("Sciatica self-check summary", "Name:", "Date of birth:", "GET HELP NOW",
                  "Warning signs found"):
        assert words in text
    es = Words(content, "es", country="ES", clinic_name="Clínica ¡Salud! ¿Dónde? Niño",
               clinic_phone="+34 91 000 0000")
    spanish = render("pdf", content, a, es)
    text = _text(spanish)
    for words in ("Resumen de la autoevaluación de ciática", "Señales de alarma encontradas",
                  "Clínica ¡Salud! ¿Dónde? Niño", "Fecha de nacimiento:", "Versión del contenido"):
        assert words in text, words
    info = PdfReader(io.BytesIO(spanish), strict=True)
    assert info.metadata.title == "Resumen de la autoevaluación de ciática"
    assert info.metadata.creator == "sciatica-tui"
    assert info.trailer["/Root"]["/Lang"] == "es"


def test_19_pdf_xref_points_at_every_object(content):
    data = render("pdf", content, _case(content, "self_care_disc"), Words(content))
    assert data.startswith(b"%PDF-1.") and data.endswith(b"%%EOF\n")
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[start:start + 5] == b"xref\n"
    head = re.match(rb"xref\n0 (\d+)\n", data[start:])
    count = int(head.group(1))
    entries = data[start + head.end():].split(b"trailer")[0]
    rows = [entries[i:i + 20] for i in range(0, 20 * count, 20)]
    assert rows[0] == b"0000000000 65535 f \n" and len(entries) == 20 * count
    for number, row in enumerate(rows[1:], 1):
        assert row.endswith(b" 00000 n \n"), row
        offset = int(row[:10])
        assert data[offset:].startswith(f"{number} 0 obj\n".encode()), number
    assert re.search(rb"/Size %d\b" % count, data[start:])
    # The streams are compressed, the fonts embedded (FontFile2) with ToUnicode maps.
    assert data.count(b"/FlateDecode") == data.count(b">>\nstream\n") >= 3
    assert b"/FontFile2" in data and b"/ToUnicode" in data and b"/Identity-H" in data


def test_19_pdf_a_greek_or_cyrillic_clinic_name_prints_from_the_whole_font(content):
    words = Words(content, "en", country="GB", clinic_name="Ιατρείο Αθήνα · Клиника Москва")
    data = render("pdf", content, _case(content, "urgent_weakness"), words)
    text = _text(data)
    assert "Ιατρείο Αθήνα · Клиника Москва" in text
    reader = PdfReader(io.BytesIO(data), strict=True)
    whole = {(FONTS / name).stat().st_size for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")}
    embedded = set()
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = ref.get_object()["/DescendantFonts"][0].get_object()
        embedded.add(descendant["/FontDescriptor"]["/FontFile2"].get_object()["/Length1"])
    assert embedded == whole
    # Without such a character, the cut-down fonts (a subset: their name is tagged).
    data = render("pdf", content, _case(content, "urgent_weakness"), Words(content))
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", str(f.get_object()["/BaseFont"]))
               for f in fonts)


def test_19_pdf_a_character_no_font_has_does_not_stop_the_letter(content):
    words = Words(content, "en", clinic_name="診療所 Clinic")
    text = _text(render("pdf", content, _case(content, "urgent_weakness"), words))
    assert "Clinic" in text and "Sciatica self-check summary" in text


def test_19_pdf_a_long_letter_has_its_page_and_total_in_every_footer(content):
    for lang in ("en", "es"):
        words = Words(content, lang, "112")
        data = render("pdf", content, assess(content, _every_flag(content)), words)
        pages = _runs(data)
        assert len(pages) >= 4
        width = SIZES["a4"][0]
        for n, runs in enumerate(pages, 1):
            footer = [r for r in runs if r[1] < 18 * MM]
            assert [r[3] for r in footer] == [f'{words.ui("out.title")}   {n}/{len(pages)}']
            x, _, w, _ = footer[0]
            assert abs(x + w - (width - 19 * MM)) < 0.1  # right-aligned, inside the margin
            body = [r for r in runs if r[1] >= 18 * MM]
            assert min(r[1] for r in body) >= 18 * MM  # nothing below the bottom margin


def _headings_summary(before: int) -> Summary:
    s = Summary(title="Headings test", paper="a4")
    s.add("title", text=s.title)
    for i in range(before):
        s.add("para", text=f"Line {i} of the filler before the heading.")
    for k in range(3):
        s.add("heading", text=f"HEADING {k}")
        s.add("para", text="First line under the heading. " * 12)
        s.add("section", text=f"Section {k}")
        s.add("heading", text=f"HEADING {k} under a section")
        s.add("items", items=(Item("One point", "*"), Item("Another", "!")))
    return s


@pytest.mark.parametrize("before", range(0, 56, 1))
def test_19_pdf_a_heading_is_never_the_last_line_of_a_page(before):
    pages = _runs(_letter(_headings_summary(before)))
    for runs in pages[:-1]:
        body = [r for r in runs if r[1] >= 18 * MM]
        last = min(body, key=lambda r: r[1])
        assert not last[3].startswith(("HEADING", "SECTION")), (before, last)


def test_19_pdf_is_the_same_bytes_twice_and_dated_by_source_date_epoch(content, monkeypatch):
    a = _case(content, "soon_stenosis")
    one = render("pdf", content, a, Words(content, "es"))
    two = render("pdf", content, a, Words(content, "es"))
    assert one == two
    assert PdfReader(io.BytesIO(one)).metadata["/CreationDate"] == "D:20261118110640Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000060")
    three = render("pdf", content, a, Words(content, "es"))
    assert PdfReader(io.BytesIO(three)).metadata["/CreationDate"] == "D:20261118110740Z"


def test_19_pdf_two_processes_write_the_same_bytes(tmp_path):
    """`assess --format pdf` run twice (different string hashing) gives the same file."""
    outs = []
    for seed in ("1", "2"):
        env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
               "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "k"),
               "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795000000",
               "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "sciatica_tui", "assess", "--format", "pdf", "--lang", "es",
             "--answers", str(EXAMPLES / "emergency_bladder.json"), "--output", "-"],
            capture_output=True, env=env, cwd=tmp_path, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        outs.append(done.stdout)
    assert outs[0] == outs[1] and outs[0].startswith(b"%PDF-")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_19_pdf_page_sizes_and_every_line_inside_the_margins(content, paper):
    words = Words(content, "es", "112")
    words.paper = paper
    data = render("pdf", content, assess(content, _every_flag(content)), words)
    reader = PdfReader(io.BytesIO(data), strict=True)
    width, height = SIZES[paper]
    for page in reader.pages:
        assert [round(float(v), 2) for v in page.mediabox] == [0, 0, width, height]
    for runs in _runs(data):
        for x, y, w, text in runs:
            assert x >= 18 * MM - 0.01 and x + w <= width - 18 * MM + 0.01, text
            assert y <= height - 15 * MM, text


def test_19_pdf_an_over_long_word_is_broken_inside_the_margins():
    word = "Wx" * 150
    s = Summary(title="Long", paper="a4")
    s.add("para", text=f"Before {word} after")
    s.add("items", items=(Item(f"Mark {word}", "!"),))
    runs = _runs(_letter(s))[0]
    right = SIZES["a4"][0] - 18 * MM
    body = [r for r in runs if r[1] >= 18 * MM]
    texts = [r[3] for r in body]
    assert texts[0] == "Before"
    para = texts[1:texts.index("!")]
    assert "".join(para[:-1]) + para[-1].removesuffix(" after") == word and len(para) >= 3
    for x, _, w, text in body:
        assert x + w <= right - 1 * MM + 0.01, text  # the line's own 1 mm padding too
    # Every broken piece but the last fills its line: one more letter would not fit.
    pieces = [r for r in body if r[3] in para[:-1]]
    for x, _, w, text in pieces:
        assert x + w + 9 >= right - 1 * MM, text  # "W" is about 9 pt at 10 pt
    # The item's text hangs right of its mark, also when it is broken.
    mark = next(r for r in body if r[3] == "!")
    item = [r for r in body if r[1] < mark[1] + 0.01 and r[3] != "!"]
    assert item and all(abs(r[0] - (mark[0] + 4 * MM)) < 0.01 for r in item)


def test_19_pdf_a_missing_font_file_is_one_clear_line(content, monkeypatch, tmp_path, capsys):
    from sciatica_tui.cli.main import main
    from sciatica_tui.reports.formats import pdf_fonts
    from sciatica_tui.reports.formats.unavailable import PdfUnavailable

    monkeypatch.setattr(pdf_fonts, "FONTS", tmp_path / "gone")
    with pytest.raises(PdfUnavailable, match="DejaVuSans.ttf"):
        render("pdf", content, _case(content, "self_care_disc"), Words(content))
    code = main(["assess", "--answers", str(EXAMPLES / "self_care_disc.json"), "--format", "pdf",
                 "--output", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err
    assert code != 0 and not (tmp_path / "out.pdf").exists()
    assert err.count("\n") == 1 and err.startswith("sciatica-tui: error: cannot read the PDF font")
    assert "reinstall" in err and "Traceback" not in err


def test_19_pdf_needs_no_third_party_library(tmp_path):
    """`assess --format pdf` makes the letter with fpdf2 (and fontTools) blocked: the
    writer is standard library only; and neither Textual nor pydantic is imported."""
    code = (
        "import sys\n"
        "for name in ('fpdf', 'fontTools', 'PIL', 'defusedxml'):\n"
        "    sys.modules[name] = None\n"
        "from sciatica_tui.cli.main import main\n"
        f"rc = main(['assess', '--answers', {str(EXAMPLES / 'self_care_disc.json')!r},"
        f" '--format', 'pdf', '--output', {str(tmp_path / 'a.pdf')!r}])\n"
        "bad = [m for m in ('textual', 'pydantic', 'fpdf') if sys.modules.get(m)]\n"
        "sys.exit(rc or (3 if bad else 0))\n")
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "k"),
           "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795000000"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")


def test_19_pdf_the_banner_is_filled_and_bordered_in_the_tier_colours():
    """Each tier's banner: a filled rectangle in its colour with a black border, and
    its words in the tier's ink, as the app and the HTML show it."""
    from sciatica_tui.reports.formats.pdf import TIER_COLOURS

    for tier, (fill, ink) in TIER_COLOURS.items():
        s = Summary(title="Banner", paper="a4")
        s.add("banner", tier=tier, text="GET HELP " * 20)  # two lines
        page = PdfReader(io.BytesIO(_letter(s))).pages[0]
        ops = page.get_contents().get_data().decode("latin-1")
        rgb = " ".join(f"{c / 255:.4f}".rstrip("0").rstrip(".") for c in fill)
        ink_rgb = " ".join(f"{c / 255:.4f}".rstrip("0").rstrip(".") for c in ink)
        fills = re.findall(rf"{re.escape(rgb)} rg\n((?:[\d.]+ ){{4}}re f)", ops)
        assert fills, tier
        assert f"{ink_rgb} rg\nBT" in ops, tier
        assert re.search(r"(?:[\d.]+ ){4}re S|m [\d.]+ [\d.]+ l S", ops), tier  # the border


@pytest.mark.parametrize("damage", ["empty", "truncated", "not a font", "no cmap"])
def test_19_pdf_a_damaged_font_file_is_a_clear_error(content, monkeypatch, tmp_path, damage):
    import shutil

    from sciatica_tui.reports.formats import pdf_fonts
    from sciatica_tui.reports.formats.pdfwriter import FontError, TrueType
    from sciatica_tui.reports.formats.unavailable import PdfUnavailable

    shutil.copytree(FONTS, tmp_path / "fonts")
    target = tmp_path / "fonts" / pdf_fonts.CUT[""]
    data = target.read_bytes()
    broken = {"empty": b"", "truncated": data[:3000], "not a font": b"%PDF-1.4\n" * 50,
              "no cmap": data.replace(b"cmap", b"cmaq", 1)}[damage]
    target.write_bytes(broken)
    with pytest.raises(FontError):
        TrueType(broken)
    monkeypatch.setattr(pdf_fonts, "FONTS", tmp_path / "fonts")
    with pytest.raises(PdfUnavailable, match=r"DejaVuSans-subset\.ttf: .*reinstall"):
        render("pdf", content, _case(content, "self_care_disc"), Words(content))


def test_19_pdf_tabs_and_carriage_returns_are_spaces_and_line_ends():
    s = Summary(title="T", paper="a4")
    s.add("para", text="One\tTwo\r\nThree")
    runs = [r[3] for r in _runs(_letter(s))[0]]
    assert runs[:2] == ["One Two", "Three"]


def test_19_pdf_the_truetype_reader_reads_dejavu():
    """Names, units, weights and both Unicode maps of the shipped fonts: the full map
    (format 12) and the BMP one (format 4) agree on every BMP character."""
    import struct

    from sciatica_tui.reports.formats.pdfwriter import TrueType, _cmap_4, _cmap_12

    regular = TrueType((FONTS / "DejaVuSans.ttf").read_bytes())
    bold = TrueType((FONTS / "DejaVuSans-Bold.ttf").read_bytes())
    assert (regular.name, bold.name) == ("DejaVuSans", "DejaVuSans-Bold")
    assert regular.units == bold.units == 2048 and (regular.weight, bold.weight) == (400, 700)
    assert regular.advance(regular.glyph(" ")) == 651 and regular.glyph("\u0378") == 0
    table = regular._table("cmap")
    count = struct.unpack_from(">H", table, 2)[0]
    maps = {}
    for i in range(count):
        offset = struct.unpack_from(">I", table, 8 + 8 * i)[0]
        fmt = struct.unpack_from(">H", table, offset)[0]
        if fmt in (4, 12):
            maps.setdefault(fmt, (_cmap_4 if fmt == 4 else _cmap_12)(table, offset))
    assert len(maps[12]) > len(maps[4]) > 5000
    assert {c: g for c, g in maps[12].items() if c <= 0xFFFF} == maps[4]
    assert regular.cmap == maps[12]
    cut = TrueType((FONTS / "DejaVuSans-subset.ttf").read_bytes())
    assert cut.name == "DejaVuSans" and ord("ñ") in cut.cmap and ord("Ω") not in cut.cmap


def test_19_pdf_a_character_beyond_the_bmp_reads_back(content):
    """Old Italic letters (U+10300...), in DejaVu's format 12 map only: drawn from the
    whole font, and read back through a UTF-16 surrogate pair in the ToUnicode map."""
    words = Words(content, "en", clinic_name="Clinic \U00010300\U00010301\U00010302")
    text = _text(render("pdf", content, _case(content, "self_care_disc"), words))
    assert "Clinic \U00010300\U00010301\U00010302" in text

"""The PDF's fonts: DejaVu Sans (regular and bold) as shipped, and the same two
fonts cut down to the characters sciatica-tui itself can print.

The PDF embeds a font file as it is (pdfwriter.py): the cut-down files (a few
hundred glyphs, about 35 KB each in the PDF) rather than the whole ones (about
6,000 glyphs, 380 KB each), which also take longer to read and compress
(issue 19). The cut-down fonts hold every character of every content file (all
languages), of the modules that write the summary's own words, and the ASCII,
Latin-1 and Latin Extended-A letters and common punctuation (for a clinic's name
or phone from the config). A summary with any other character (say, a clinic
name in Greek) uses the whole fonts, so nothing is ever dropped.

    python -m sciatica_tui.reports.formats.pdf_fonts

remakes the cut-down fonts and their character list (a maintainer's command: it
needs fontTools, `pip install fonttools`, which the program itself never
imports); tests/test_formats.py fails, naming that command, when a character of
content/ is missing from them. The DejaVu licence (fonts/LICENSE)
allows modified copies under names without "Bitstream" or "Vera".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

FONTS = Path(__file__).resolve().parents[2] / "fonts"
WHOLE = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CUT = {"": "DejaVuSans-subset.ttf", "B": "DejaVuSans-Bold-subset.ttf"}
CHARACTERS = "subset-characters.txt"
REBUILD = "python -m sciatica_tui.reports.formats.pdf_fonts"
# Beside the files' own characters: printable ASCII, Latin-1, Latin Extended-A,
# and punctuation a clinic's details or a translation may use.
EXTRA = ("".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x180)))
         + "\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021"
         "\u2022\u2026\u2030\u2032\u2033\u2039\u203a\u20ac\u2122\u2190\u2191\u2192\u2193"
         "\u2212\u2264\u2265\u2713\u2717\u00b7\u25cf\u25cb\u25a0\u25a1")


def cut_characters() -> frozenset[str] | None:
    """The characters the cut-down fonts hold; None if they are not there."""
    try:
        text = (FONTS / CHARACTERS).read_text(encoding="utf-8")
    except OSError:
        return None
    if not all((FONTS / name).is_file() for name in CUT.values()):
        return None
    return frozenset(text) - {"\n"}


def font_paths(texts: Iterable[str]) -> dict[str, str]:
    """The font file for each style ("" and "B"): the cut-down ones when they hold
    every character of `texts`, else the whole ones."""
    held = cut_characters()
    if held is not None:
        used: set[str] = set()
        for text in texts:
            used.update(text)
        used -= {"\n", "\r", "\t"}
        if used <= held:
            return {style: str(FONTS / name) for style, name in CUT.items()}
    return {style: str(FONTS / name) for style, name in WHOLE.items()}


def needed_characters(root: Path | None = None) -> set[str]:
    """Every character the content files and the summary's modules can print (the
    files' whole text, comments included: more than needed, never less)."""
    package = Path(__file__).resolve().parents[2]
    if root is None:  # the shipped content, as store.paths finds it (not imported here)
        root = package / "content" if (package / "content").is_dir() \
            else package.parent / "content"
    files = sorted(root.glob("*.toml")) + sorted((package / "reports").rglob("*.py")) \
        + sorted((package / "core").glob("*.py"))
    chars = set(EXTRA)
    for path in files:
        chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == "\u00a0"} - {"\n"}


def rebuild() -> None:
    """Cut both fonts down to needed_characters() and write the character list."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = needed_characters()
    options = subset.Options()
    # The PDF places glyphs by their advance widths alone (no text shaping), so the
    # layout tables (substitutions, positioning, kerning) are never read: dropped,
    # as PDF viewers never apply them either. Names, outlines and hinting are kept.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = True
    for style, name in WHOLE.items():
        font = TTFont(FONTS / name, recalcTimestamp=False)
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=sorted(ord(c) for c in chars))
        cutter.subset(font)
        held = {chr(code) for code in font.getBestCmap()}
        font.save(FONTS / CUT[style])
        chars &= held  # a character neither font has is left to the whole fonts
    (FONTS / CHARACTERS).write_text("".join(sorted(chars)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    rebuild()
    print(f"Wrote {', '.join(CUT.values())} and {CHARACTERS} in {FONTS}")

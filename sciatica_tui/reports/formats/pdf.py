"""PDF: a referral letter a clinic can file, drawn with our own small writer
(pdfwriter.py, standard library only; no extra to install).

- The font is DejaVu Sans, shipped in sciatica_tui/fonts/ (licence there) and
  embedded, so every language's characters print (Spanish accents, Greek,
  Cyrillic...). The copies cut down to the characters the program can print are
  embedded (pdf_fonts.py), the whole files only for any other character.
- A4 or US Letter (Summary.paper: config `paper`, `assess --paper`, else by
  country); margins 18 mm left and right, 15 mm at the top, and a page ends
  18 mm above the bottom edge. Each page has a footer: the title and "page/total".
- Paragraphs are left-aligned (not justified) and wrapped by the font's advance
  widths; a word longer than the line is broken. A heading never ends a page: if
  it and the first lines after it do not fit, it starts the next page.
- Reproducible: the creation date is report.now() (SOURCE_DATE_EPOCH when set)
  and nothing else varies, so two runs give the same bytes.
"""

from __future__ import annotations

from ..summary import Block, Summary
from .pdfwriter import BLACK, MM, Colour, Document, Font, FontError, Page
from .unavailable import PdfUnavailable

# Fixed banner colours, the same as the app and the HTML (each at least 7:1).
TIER_COLOURS: dict[str, tuple[Colour, Colour]] = {
    "emergency": ((110, 0, 0), (255, 255, 255)),
    "urgent": ((255, 194, 77), (0, 0, 0)),
    "soon": ((11, 61, 112), (255, 255, 255)),
    "self_care": ((166, 227, 166), (0, 0, 0))}
OTHER_TIER: tuple[Colour, Colour] = ((230, 230, 230), (0, 0, 0))
FOOTER_GREY: Colour = (60, 60, 60)
LEFT, TOP, RIGHT, BOTTOM = 18.0, 15.0, 18.0, 18.0  # margins, mm
PAD = 1.0  # space between a line's box and its text, mm (either side)
# Space a heading needs below it before the page ends (mm): itself and about two
# lines of what it heads.
KEEP_WITH_NEXT = 22.0


def _texts(s: Summary) -> list[str]:
    """Every text the letter prints (section titles upper-cased as well)."""
    texts = [s.title]
    for b in s.blocks:
        texts += [b.text, b.text.upper()]
        texts += [part for pair in b.pairs for part in pair]
        for item in b.items:
            texts += [item.mark, item.text, *item.details]
    return texts


def wrap(font: Font, size: float, text: str, width: float) -> list[str]:
    """`text` in lines no wider than `width` mm: broken at spaces (the space at a
    break is dropped), a word wider than the line broken between characters, and
    a new line at each line end (LF, CRLF or CR; a tab is a space)."""
    lines: list[str] = []
    space = font.width(" ", size)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for i, word in enumerate(paragraph.split(" ")):
            w = font.width(word, size)
            if i and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
                continue
            if i:
                lines.append(line.rstrip(" "))
            line, used = word, w
            while used > width and len(line) > 1:  # longer than a line: cut it
                cut, cut_width = 1, font.width(line[0], size)
                while cut < len(line):
                    next_width = cut_width + font.width(line[cut], size)
                    if next_width > width:
                        break
                    cut, cut_width = cut + 1, next_width
                lines.append(line[:cut])
                line = line[cut:]
                used = font.width(line, size)
        lines.append(line.rstrip(" "))
    return lines


class _Letter:
    """The letter's layout: a position on the current page and page breaks."""

    def __init__(self, s: Summary, doc: Document, regular: Font, bold: Font) -> None:
        self.s, self.doc = s, doc
        self.fonts = {"": regular, "B": bold}
        self.width = doc.width - LEFT - RIGHT
        self.trigger = doc.height - BOTTOM  # a line going below this starts a page
        self.page: Page = doc.add_page()
        self.y = TOP

    def new_page(self) -> None:
        self.page = self.doc.add_page()
        self.y = TOP

    def room(self, height: float) -> None:
        """A new page unless a line `height` mm high fits above the bottom margin."""
        if self.y + height > self.trigger:
            self.new_page()

    def ln(self, height: float) -> None:
        self.y += height

    def put(self, x: float, height: float, text: str, size: float, style: str = "",
            colour: Colour = BLACK) -> None:
        """Text in a line box `height` mm high at the current y, vertically centred as
        before (baseline at half the box plus 0.3 of the font size)."""
        self.page.text(x + PAD, self.y + height / 2 + 0.3 * size / MM, self.fonts[style], size,
                       text, colour)

    def cell_lines(self, text: str, size: float, style: str = "", indent: float = 0,
                   height: float | None = None, fill: Colour | None = None,
                   ink: Colour = BLACK) -> None:
        """`text` wrapped in the width left of `indent`, one line box after another,
        each starting a new page when it does not fit. With `fill`: on a filled
        rectangle with a border round the whole (open where a page break cuts it)."""
        h = size * 0.5 if height is None else height
        x, w = LEFT + indent, self.width - indent
        lines = wrap(self.fonts[style], size, text, w - 2 * PAD)
        top, first = self.y, True  # where the border's current part starts
        for i, line in enumerate(lines):
            if self.y + h > self.trigger:
                if fill is not None and not first:
                    self._border(x, top, w, self.y - top, False, first)
                self.new_page()
                top, first = self.y, False
            if fill is not None:
                self.page.rect(x, self.y, w, h, fill=fill)
            self.put(x, h, line, size, style, ink)
            self.y += h
            if fill is not None and i == len(lines) - 1:
                self._border(x, top, w, self.y - top, True, first)

    def _border(self, x: float, y: float, w: float, h: float, bottom: bool, top: bool) -> None:
        """The banner's border on one page: its sides, and its top and bottom edges
        where the banner starts or ends there."""
        if bottom and top:
            self.page.rect(x, y, w, h, border=BLACK)
            return
        self.page.line(x, y, x, y + h)
        self.page.line(x + w, y, x + w, y + h)
        if top:
            self.page.line(x, y, x + w, y)
        if bottom:
            self.page.line(x, y + h, x + w, y + h)

    def keep_with_next(self) -> None:
        """Start a new page rather than leave a heading at the foot of this one."""
        if self.y + KEEP_WITH_NEXT > self.trigger:
            self.new_page()

    def block(self, b: Block, follows_section: bool) -> None:
        if b.kind == "title":
            self.cell_lines(b.text, 16, "B")
            self.ln(1)
        elif b.kind == "clinic":
            self.cell_lines(b.text, 11, "B")
        elif b.kind == "fill":
            self.fill(b)
        elif b.kind == "note":
            self.cell_lines(b.text, 9)
        elif b.kind == "banner":
            self.ln(1)
            fill, ink = TIER_COLOURS.get(b.tier, OTHER_TIER)
            self.cell_lines(b.text, 12, "B", height=7, fill=fill, ink=ink)
            self.ln(1)
        elif b.kind == "section":
            self.ln(3)
            self.keep_with_next()
            self.cell_lines(b.text.upper(), 12.5, "B")
            self.page.line(LEFT, self.y, self.doc.width - RIGHT, self.y, width=0.5)
            self.ln(1)
        elif b.kind == "heading":
            self.ln(2)
            if not follows_section:  # a heading right under a section title was kept with it
                self.keep_with_next()
            self.cell_lines(b.text, 11, "B")
        elif b.kind == "para":
            self.cell_lines(b.text, 10)
        elif b.kind == "items":
            for item in b.items:  # the mark hangs left of the wrapped text
                style = "B" if item.mark in "!?" else ""
                self.room(5)
                self.put(LEFT + 2, 5, item.mark, 10, style)
                self.cell_lines(item.text, 10, style, indent=6)
                for line in item.details:
                    self.cell_lines(line, 9.5, "", 8)
        elif b.kind == "compact_pairs":
            self.cell_lines("; ".join(f"{label}: {value}" for label, value in b.pairs), 9.5,
                            "", 2)
        elif b.kind == "pairs":
            for label, value in b.pairs:
                self.cell_lines(f"{label}: {value}", 9.5, "", 2)

    def fill(self, b: Block) -> None:
        """Labels with a line to write on, every line ending at the same place."""
        self.ln(2)
        font = self.fonts[""]
        for label, _ in b.pairs:
            self.room(8)
            self.put(LEFT, 8, f"{label}:", 10.5)
            x = LEFT + font.width(f"{label}: ", 10.5) + 1
            self.page.line(x, self.y + 6.5, LEFT + 130, self.y + 6.5)
            self.ln(9)
        self.ln(1)

    def footers(self) -> None:
        """The title and "page/total" at the foot of every page, right-aligned, grey."""
        font, size, total = self.fonts[""], 8, len(self.doc.pages)
        for number, page in enumerate(self.doc.pages, 1):
            text = f"{self.s.title}   {number}/{total}"
            x = self.doc.width - RIGHT - PAD - font.width(text, size)
            page.text(x, self.doc.height - 12 + 2.5 + 0.3 * size / MM, font, size, text,
                      FOOTER_GREY)


def render(s: Summary) -> bytes:
    from ...core.words import now
    from .pdf_fonts import CUT, font_paths

    doc = Document(s.paper)
    # The cut-down fonts when they hold every character printed (pdf_fonts.py).
    paths = font_paths(_texts(s))
    fonts = []
    for style in ("", "B"):
        path = paths[style]
        try:
            with open(path, "rb") as f:
                data = f.read()
            fonts.append(doc.add_font(data, path, subset=path.endswith(CUT[style])))
        except (OSError, FontError) as exc:  # a damaged or partial installation
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise PdfUnavailable(f"cannot read the PDF font {path}: {why} "
                                 "(reinstall sciatica-tui)") from exc
    letter = _Letter(s, doc, *fonts)
    for i, b in enumerate(s.blocks):
        letter.block(b, i > 0 and s.blocks[i - 1].kind == "section")
    letter.footers()
    return doc.output(s.title, s.lang, now())

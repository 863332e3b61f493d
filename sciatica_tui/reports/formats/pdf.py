"""PDF with fpdf2 (the optional extra `pdf`): a referral letter a clinic can file.

- The font is DejaVu Sans, shipped in sciatica_tui/fonts/ (licence there) and
  embedded as a subset, so every language's characters print (Spanish accents,
  Greek, Cyrillic...). It is read from copies cut down to the characters the
  program can print (pdf_fonts.py), the whole files only for any other character.
- A4 or US Letter (Summary.paper: config `paper`, `assess --paper`, else by
  country); the same margins on both.
- Paragraphs are left-aligned (not justified). A heading never ends a page: if
  it and the first lines after it do not fit, it starts the next page.
- Reproducible: the creation date is report.now() (SOURCE_DATE_EPOCH when set)
  and nothing else varies, so two runs give the same bytes.
"""

from __future__ import annotations

from ..summary import Block, Summary
from .unavailable import PdfUnavailable

# Fixed banner colours, the same as the app and the HTML (each at least 7:1).
TIER_COLOURS = {"emergency": ((110, 0, 0), (255, 255, 255)),
                "urgent": ((255, 194, 77), (0, 0, 0)),
                "soon": ((11, 61, 112), (255, 255, 255)),
                "self_care": ((166, 227, 166), (0, 0, 0))}
FONT = "DejaVu"
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}
# Space a heading needs below it before the page ends (mm): itself and about two
# lines of what it heads.
KEEP_WITH_NEXT = 22.0


def font_path(style: str = "") -> str:
    """The whole font file of a style ("" or "B")."""
    from .pdf_fonts import FONTS, WHOLE

    return str(FONTS / WHOLE[style])


def _texts(s: Summary) -> list[str]:
    """Every text the letter prints (section titles upper-cased as well)."""
    texts = [s.title]
    for b in s.blocks:
        texts += [b.text, b.text.upper()]
        texts += [part for pair in b.pairs for part in pair]
        for item in b.items:
            texts += [item.mark, item.text, *item.details]
    return texts


def render(s: Summary) -> bytes:
    try:
        from fpdf import FPDF
    except ImportError as exc:  # optional extra
        raise PdfUnavailable("PDF output needs fpdf2: pip install 'sciatica-tui[pdf]'") from exc
    from ...core.words import now
    from .pdf_fonts import font_paths

    class Letter(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.set_text_color(60, 60, 60)
            self.cell(0, 5, f"{s.title}   {self.page_no()}/{{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = Letter(format=PAGE_SIZES.get(s.paper, "A4"))
    # The cut-down fonts when they hold every character printed (pdf_fonts.py).
    fonts = font_paths(_texts(s))
    pdf.add_font(FONT, "", fonts[""])
    pdf.add_font(FONT, "B", fonts["B"])
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, 18)
    pdf.set_title(s.title)
    pdf.set_lang(s.lang)
    pdf.set_creator("sciatica-tui")
    pdf.set_creation_date(now())
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw

    def text(t: str, size: float = 10, style: str = "", indent: float = 0) -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, t, align="L", new_x="LMARGIN", new_y="NEXT")

    def keep_with_next() -> None:
        """Start a new page rather than leave a heading at the foot of this one."""
        if pdf.will_page_break(KEEP_WITH_NEXT):
            pdf.add_page()

    for i, b in enumerate(s.blocks):
        if b.kind == "title":
            text(b.text, 16, "B")
            pdf.ln(1)
        elif b.kind == "clinic":
            text(b.text, 11, "B")
        elif b.kind == "fill":
            pdf.ln(2)
            pdf.set_font(FONT, "", 10.5)
            for label, _ in b.pairs:
                pdf.cell(pdf.get_string_width(f"{label}: ") + 1, 8, f"{label}:")
                x, y = pdf.get_x(), pdf.get_y() + 6.5
                pdf.line(x, y, pdf.l_margin + 130, y)  # every line ends at the same place
                pdf.ln(9)
            pdf.ln(1)
        elif b.kind == "note":
            text(b.text, 9)
        elif b.kind == "banner":
            pdf.ln(1)
            fill, ink = TIER_COLOURS.get(b.tier, ((230, 230, 230), (0, 0, 0)))
            pdf.set_fill_color(*fill)
            pdf.set_text_color(*ink)
            pdf.set_font(FONT, "B", 12)
            pdf.multi_cell(width, 7, b.text, fill=True, border=1, align="L",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)
        elif b.kind == "section":
            pdf.ln(3)
            keep_with_next()
            text(b.text.upper(), 12.5, "B")
            y = pdf.get_y()
            pdf.set_line_width(0.5)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_line_width(0.2)
            pdf.ln(1)
        elif b.kind == "heading":
            pdf.ln(2)
            if not _follows_section(s.blocks, i):
                keep_with_next()
            text(b.text, 11, "B")
        elif b.kind == "para":
            text(b.text)
        elif b.kind == "items":
            for item in b.items:  # the mark hangs left of the wrapped text
                style = "B" if item.mark in "!?" else ""
                pdf.set_font(FONT, style, 10)
                pdf.set_x(pdf.l_margin + 2)
                pdf.cell(4, 5, item.mark)
                pdf.multi_cell(width - 6, 5, item.text, align="L", new_x="LMARGIN",
                               new_y="NEXT")
                for line in item.details:
                    text(line, 9.5, "", 8)
        elif b.kind == "compact_pairs":
            text("; ".join(f"{label}: {value}" for label, value in b.pairs), 9.5, "", 2)
        elif b.kind == "pairs":
            for label, value in b.pairs:
                text(f"{label}: {value}", 9.5, "", 2)
    return bytes(pdf.output())


def _follows_section(blocks: list[Block], i: int) -> bool:
    """A heading right under a section title was already kept with it."""
    return i > 0 and blocks[i - 1].kind == "section"

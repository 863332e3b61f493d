"""PDF with fpdf2 (the optional extra `pdf`). Core fonts only, so the file needs
no font files; text outside Latin-1 is replaced rather than failing."""

from __future__ import annotations

from ..summary import Summary

# Fixed banner colours, the same as the app and the HTML (each at least 7:1).
TIER_COLOURS = {"emergency": ((110, 0, 0), (255, 255, 255)),
                "urgent": ((255, 194, 77), (0, 0, 0)),
                "soon": ((11, 61, 112), (255, 255, 255)),
                "self_care": ((166, 227, 166), (0, 0, 0))}


class PdfUnavailable(Exception):
    pass


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def render(s: Summary) -> bytes:
    try:
        from fpdf import FPDF
    except ImportError as exc:  # optional extra
        raise PdfUnavailable("PDF output needs fpdf2: pip install 'sciatica-tui[pdf]'") from exc

    pdf = FPDF(format="A4")  # A4 content area also fits Letter with these margins
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, 15)
    pdf.set_title(_latin1(s.title))
    pdf.set_creator("sciatica-tui")
    pdf.add_page()
    width = pdf.epw

    def text(t: str, size: float = 10, style: str = "", indent: float = 0) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, _latin1(t), new_x="LMARGIN", new_y="NEXT")

    for b in s.blocks:
        if b.kind == "title":
            text(b.text, 16, "B")
            pdf.ln(1)
        elif b.kind == "note":
            text(b.text, 9)
        elif b.kind == "banner":
            pdf.ln(2)
            fill, ink = TIER_COLOURS.get(b.tier, ((230, 230, 230), (0, 0, 0)))
            pdf.set_fill_color(*fill)
            pdf.set_text_color(*ink)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, _latin1(b.text), fill=True, border=1,
                           new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)
        elif b.kind == "heading":
            pdf.ln(2)
            text(b.text, 11.5, "B")
        elif b.kind == "para":
            text(b.text)
        elif b.kind == "items":
            for item in b.items:
                text(f"{item.mark} {item.text}", 10, "B" if item.mark in "!?" else "", 2)
                for line in item.details:
                    text(line, 9.5, "", 8)
        elif b.kind in ("pairs", "compact_pairs"):
            for label, value in b.pairs:
                text(f"{label}: {value}", 9.5, "", 2)
    return bytes(pdf.output())

"""PdfUnavailable in a module of its own: `assess` catches it without importing the
PDF renderer (and so fpdf2's import chain) for the other formats."""


class PdfUnavailable(Exception):
    """PDF output asked for without fpdf2 installed (pdf.render raises it)."""

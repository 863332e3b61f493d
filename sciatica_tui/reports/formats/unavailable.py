"""PdfUnavailable in a module of its own: `assess` catches it without importing the
PDF renderer for the other formats."""


class PdfUnavailable(Exception):
    """No PDF can be made: a font file it embeds is missing or damaged (a broken
    installation; pdf.render raises it with the file's name)."""

"""A small PDF writer, standard library only (struct, zlib): pages of text in an
embedded TrueType font, lines and rectangles. Enough for the referral letter
(pdf.py), and quick: it reads only the font tables it needs and embeds the font
file as it is.

- Fonts: a TrueType file is embedded whole (FontFile2) as a Type0 font with a
  CIDFontType2 descendant, Identity-H encoding and CIDToGIDMap Identity, so the
  two-byte codes in the page are the font's own glyph ids. /W gives the widths of
  the glyphs used and a /ToUnicode CMap maps them back to their characters, so
  the text can be searched and copied.
- Coordinates are millimetres from the page's top-left corner (as a letter is
  laid out); text is placed by its baseline.
- Nothing varies between runs: the creation date is given by the caller, objects
  are written in a fixed order, and there is no file /ID.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from datetime import datetime

MM = 72 / 25.4  # points per millimetre
PAPER = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}  # mm
Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


class FontError(ValueError):
    """A font file that cannot be read as TrueType (missing, truncated, not a font)."""


class TrueType:
    """The parts of a TrueType font a PDF needs: metrics, widths, the character
    map and the PostScript name, read from the file's tables."""

    def __init__(self, data: bytes, label: str = "font") -> None:
        self.data = data
        try:
            self._read()
        except (struct.error, KeyError, IndexError, UnicodeDecodeError) as exc:
            raise FontError(f"{label} is not a readable TrueType font") from exc

    def _read(self) -> None:
        data = self.data
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise KeyError("sfnt version")
        (count,) = struct.unpack_from(">H", data, 4)
        self.tables: dict[str, tuple[int, int]] = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            if offset + length > len(data):
                raise IndexError(tag)
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self._table("head")
        self.units = struct.unpack_from(">H", head, 18)[0] or 1000
        self.checksum = struct.unpack_from(">I", head, 8)[0]
        self.bbox = struct.unpack_from(">4h", head, 36)
        hhea = self._table("hhea")
        self.ascent, self.descent = struct.unpack_from(">hh", hhea, 4)
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        glyphs = struct.unpack_from(">H", self._table("maxp"), 4)[0]
        hmtx = struct.unpack_from(f">{2 * metrics}H", self._table("hmtx"))
        advances: list[int] = list(hmtx[0::2])
        self.advances: list[int] = advances + [advances[-1]] * max(0, glyphs - metrics)
        self.cap_height = 0
        self.weight = 400
        if "OS/2" in self.tables:
            os2 = self._table("OS/2")
            version, _, self.weight = struct.unpack_from(">HhH", os2, 0)
            ascent, descent = struct.unpack_from(">hh", os2, 68)
            if ascent or descent:
                self.ascent, self.descent = ascent, descent
            if version >= 2 and len(os2) >= 90:
                self.cap_height = struct.unpack_from(">h", os2, 88)[0]
        self.cap_height = self.cap_height or self.ascent  # older OS/2 tables lack it
        self.italic_angle = 0.0
        self.fixed_pitch = False
        if "post" in self.tables:
            post = self._table("post")
            self.italic_angle = struct.unpack_from(">i", post, 4)[0] / 65536
            self.fixed_pitch = struct.unpack_from(">I", post, 12)[0] != 0
        self.name = self._postscript_name()
        self.cmap = self._read_cmap()

    def _table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def _postscript_name(self) -> str:
        names = self._table("name")
        count, strings = struct.unpack_from(">2H", names, 2)
        found = ""
        for i in range(count):
            platform, _, _, name_id, length, offset = struct.unpack_from(">6H", names, 6 + 12 * i)
            if name_id != 6:
                continue
            raw = names[strings + offset:strings + offset + length]
            text = raw.decode("utf-16-be") if platform in (0, 3) else raw.decode("latin-1")
            found = found or text
        # A PDF name: printable ASCII without delimiters (the spec's PostScript name is).
        name = "".join(c for c in found if "!" <= c <= "~" and c not in "()<>[]{}/%#")
        return name or "Font"

    def _read_cmap(self) -> dict[int, int]:
        cmap = self._table("cmap")
        count = struct.unpack_from(">H", cmap, 2)[0]
        by_kind: dict[tuple[int, int], int] = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            by_kind[(platform, encoding)] = offset
        # Prefer the full Unicode map (format 12), then the BMP one (format 4).
        for kind in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
            if kind not in by_kind:
                continue
            offset = by_kind[kind]
            fmt = struct.unpack_from(">H", cmap, offset)[0]
            if fmt == 12:
                return _cmap_12(cmap, offset)
            if fmt == 4:
                return _cmap_4(cmap, offset)
        raise KeyError("no Unicode cmap of format 4 or 12")

    def glyph(self, char: str) -> int:
        """The glyph id of a character; 0 (.notdef) when the font lacks it."""
        return self.cmap.get(ord(char), 0)

    def advance(self, gid: int) -> int:
        return self.advances[gid] if gid < len(self.advances) else self.advances[-1]


def _cmap_4(cmap: bytes, offset: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
    base = offset + 14
    ends = struct.unpack_from(f">{segments}H", cmap, base)
    starts = struct.unpack_from(f">{segments}H", cmap, base + 2 * segments + 2)
    deltas = struct.unpack_from(f">{segments}h", cmap, base + 4 * segments + 2)
    ranges_at = base + 6 * segments + 2
    ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)
    out: dict[int, int] = {}
    for i in range(segments):
        start, end, delta, rng = starts[i], ends[i], deltas[i], ranges[i]
        if start == 0xFFFF:
            continue
        if rng == 0:
            for code in range(start, end + 1):
                out[code] = (code + delta) & 0xFFFF
        else:
            at = ranges_at + 2 * i + rng
            ids = struct.unpack_from(f">{end - start + 1}H", cmap, at)
            for code, gid in zip(range(start, end + 1), ids, strict=True):
                if gid:
                    out[code] = (gid + delta) & 0xFFFF
    return {code: gid for code, gid in out.items() if gid}


def _cmap_12(cmap: bytes, offset: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", cmap, offset + 12)[0]
    out: dict[int, int] = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">3I", cmap, offset + 16 + 12 * i)
        for code in range(start, end + 1):
            out[code] = gid + code - start
    return out


class Font:
    """A font in the document: its TrueType data and the glyphs used so far."""

    def __init__(self, key: str, font: TrueType, tag: str = "") -> None:
        self.key, self.ttf = key, font
        # A cut-down font file is a subset: its name gets a six-letter tag (PDF 9.6.4).
        self.base_name = f"{tag}+{font.name}" if tag else font.name
        self.used: dict[int, str] = {}  # glyph id -> the character it shows
        self._advances: dict[str, int] = {}  # char -> advance width (font units)
        self._hexes: dict[str, str] = {}  # char -> its glyph id in hexadecimal

    def _advance(self, char: str) -> int:
        advance = self._advances.get(char)
        if advance is None:
            advance = self._advances[char] = self.ttf.advance(self.ttf.glyph(char))
        return advance

    def width(self, text: str, size: float) -> float:
        """The text's width in millimetres at `size` points."""
        advance = self._advance
        return sum(advance(c) for c in text) * size / self.ttf.units / MM

    def encode(self, text: str) -> str:
        """The text as hexadecimal glyph ids, noting each glyph used (a character
        the font lacks shows .notdef, which reads back as U+FFFD)."""
        hexes = self._hexes
        for char in [c for c in dict.fromkeys(text) if c not in hexes]:  # in text order
            gid = self.ttf.glyph(char)
            if gid not in self.used:
                self.used[gid] = char if gid else "\ufffd"
            hexes[char] = f"{gid:04X}"
        return "".join([hexes[char] for char in text])


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _rgb(colour: Colour) -> str:
    return " ".join(f"{c / 255:.4f}".rstrip("0").rstrip(".") for c in colour)


class Page:
    """One page's drawing operators. Millimetres from the top-left corner."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.ops: list[str] = ["2 J"]  # lines end in square caps (the letter always had them)
        self._fill: Colour | None = None
        self._stroke: Colour | None = None
        self._line_width: float | None = None

    def _set_fill(self, colour: Colour) -> None:
        if colour != self._fill:
            self.ops.append(f"{_rgb(colour)} rg")
            self._fill = colour

    def _set_stroke(self, colour: Colour, width: float) -> None:
        if colour != self._stroke:
            self.ops.append(f"{_rgb(colour)} RG")
            self._stroke = colour
        if width != self._line_width:
            self.ops.append(f"{_num(width * MM)} w")
            self._line_width = width

    def text(self, x: float, baseline: float, font: Font, size: float, text: str,
             colour: Colour = BLACK) -> None:
        if not text:
            return
        self._set_fill(colour)
        self.ops.append(f"BT /{font.key} {_num(size)} Tf {_num(x * MM)} "
                        f"{_num((self.height - baseline) * MM)} Td <{font.encode(text)}> Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2,
             colour: Colour = BLACK) -> None:
        self._set_stroke(colour, width)
        h = self.height
        self.ops.append(f"{_num(x1 * MM)} {_num((h - y1) * MM)} m "
                        f"{_num(x2 * MM)} {_num((h - y2) * MM)} l S")

    def rect(self, x: float, y: float, w: float, h: float, fill: Colour | None = None,
             border: Colour | None = None, width: float = 0.2) -> None:
        """A rectangle from its top-left corner: filled, bordered, or both."""
        if fill is None and border is None:
            return
        if fill is not None:
            self._set_fill(fill)
        if border is not None:
            self._set_stroke(border, width)
        op = "B" if fill is not None and border is not None else ("f" if border is None else "S")
        self.ops.append(f"{_num(x * MM)} {_num((self.height - y - h) * MM)} "
                        f"{_num(w * MM)} {_num(h * MM)} re {op}")


class Document:
    """Pages and fonts, written out as one PDF by output()."""

    def __init__(self, paper: str = "a4") -> None:
        self.width, self.height = PAPER.get(paper, PAPER["a4"])
        self.pages: list[Page] = []
        self.fonts: list[Font] = []

    def add_font(self, data: bytes, label: str = "font", subset: bool = False) -> Font:
        ttf = TrueType(data, label)
        tag = "".join(chr(65 + (ttf.checksum >> (5 * i)) % 26) for i in range(6)) \
            if subset else ""
        font = Font(f"F{len(self.fonts) + 1}", ttf, tag)
        self.fonts.append(font)
        return font

    def add_page(self) -> Page:
        page = Page(self.width, self.height)
        self.pages.append(page)
        return page

    def output(self, title: str, lang: str, created: datetime, creator: str = "sciatica-tui"
               ) -> bytes:
        objects: list[bytes] = []

        def reserve() -> int:
            objects.append(b"")
            return len(objects)

        def put(number: int, body: str | bytes) -> None:
            objects[number - 1] = body.encode("latin-1") if isinstance(body, str) else body

        def stream(number: int, data: bytes, extra: str = "") -> None:
            packed = zlib.compress(data, 6)
            put(number, f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n"
                .encode("latin-1") + packed + b"\nendstream")

        catalog, info, tree = reserve(), reserve(), reserve()
        fonts = [f for f in self.fonts if f.used]
        font_refs = {f.key: reserve() for f in fonts}
        resources = " ".join(f"/{key} {ref} 0 R" for key, ref in font_refs.items())
        kids = []
        for page in self.pages:
            number, contents = reserve(), reserve()
            kids.append(number)
            put(number, f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 "
                        f"{_num(page.width * MM)} {_num(page.height * MM)}] "
                        f"/Resources << /Font << {resources} >> >> /Contents {contents} 0 R >>")
            stream(contents, "\n".join(page.ops).encode("latin-1"))
        put(tree, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                  f"/Count {len(kids)} >>")
        for font in fonts:
            self._write_font(font, font_refs[font.key], reserve, put, stream)
        first = f" /OpenAction [{kids[0]} 0 R /FitH null]" if kids else ""
        put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R /Lang {_string(lang)}"
                     f" /PageLayout /OneColumn{first} >>")
        put(info, f"<< /Title {_string(title)} /Creator {_string(creator)} "
                  f"/CreationDate {_string(_date(created))} >>")

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode("latin-1") + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
        out += "".join(f"{at:010d} 00000 n \n" for at in offsets).encode("latin-1")
        out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode("latin-1")
        return bytes(out)

    @staticmethod
    def _write_font(font: Font, ref: int, reserve: Callable[[], int],
                    put: Callable[[int, str], None], stream: Callable[..., None]) -> None:
        ttf = font.ttf
        cid, descriptor, file, to_unicode = reserve(), reserve(), reserve(), reserve()

        def scaled(v: float) -> int:
            return round(v * 1000 / ttf.units)

        name = "/" + font.base_name
        put(ref, f"<< /Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
                 f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>")
        put(cid, f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {name} "
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                 f"/FontDescriptor {descriptor} 0 R /DW {scaled(ttf.advance(0))} "
                 f"/W [{_widths(font.used, lambda g: scaled(ttf.advance(g)))}] "
                 "/CIDToGIDMap /Identity >>")
        flags = 32 | (1 if ttf.fixed_pitch else 0) | (64 if ttf.italic_angle else 0)
        put(descriptor, f"<< /Type /FontDescriptor /FontName {name} /Flags {flags} "
                        f"/FontBBox [{' '.join(str(scaled(v)) for v in ttf.bbox)}] "
                        f"/ItalicAngle {_num(ttf.italic_angle)} /Ascent {scaled(ttf.ascent)} "
                        f"/Descent {scaled(ttf.descent)} /CapHeight {scaled(ttf.cap_height)} "
                        f"/StemV {50 + int((ttf.weight / 65) ** 2)} "
                        f"/MissingWidth {scaled(ttf.advance(0))} /FontFile2 {file} 0 R >>")
        stream(file, ttf.data, f" /Length1 {len(ttf.data)}")
        stream(to_unicode, _to_unicode(font.used).encode("latin-1"))


def _widths(used: dict[int, str], width: Callable[[int], int]) -> str:
    """The /W array: runs of consecutive glyph ids with their widths."""
    parts: list[str] = []
    run: list[int] = []
    start = -2
    for gid in sorted(used):
        if gid != start + len(run):
            if run:
                parts.append(f"{start} [{' '.join(map(str, run))}]")
            start, run = gid, []
        run.append(width(gid))
    if run:
        parts.append(f"{start} [{' '.join(map(str, run))}]")
    return " ".join(parts)


def _to_unicode(used: dict[int, str]) -> str:
    """A CMap from each glyph id used to its character (UTF-16BE)."""
    pairs = [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>"
             for gid, char in sorted(used.items())]
    blocks = []
    for i in range(0, len(pairs), 100):  # at most 100 entries a block
        chunk = pairs[i:i + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")


def _string(text: str) -> str:
    """A PDF text string: a literal in ASCII, else UTF-16BE with its byte-order mark."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return "(" + "".join(c if " " <= c <= "~" else f"\\{ord(c):03o}" for c in escaped) + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _date(when: datetime) -> str:
    """A PDF date, e.g. D:20261118110640Z or D:20261118110640+01'00'."""
    stamp = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.utcoffset()
    if offset is None or not offset:
        return stamp + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{stamp}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"

"""Taking the summary away: a QR code with a compact summary, and printing.
No UI imports; the app and tests share these."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

from ..core.content import Content
from ..core.engine import Assessment
from ..core.words import Words
from .result_view import build_view

# Symptom answers worth a place in the QR code, most useful first.
KEY_SYMPTOMS = ("leg_pain", "back_pain", "side", "pain_where", "how_long", "walk_limit",
                "numbness", "trend")
QR_BORDER = 2  # quiet zone in modules; phone scanners read 2 reliably


def _qr_safe(text: str) -> str:
    """Upper case, and only characters QR alphanumeric mode holds where possible
    (A-Z 0-9 space $ % * + - . / :), so more fits in a small code."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = re.sub(r"[,;()\"'!?]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def compact_parts(content: Content, a: Assessment, words: Words) -> list[str]:
    """The compact summary as parts, most important first, in the result view
    model's words (one rule with the letter): the disposition, what needs checking
    first, the warning signs found, key symptoms, the signs not ruled out, the
    signs not asked about."""
    v = build_view(content, a, words)
    parts = [f"{words.ui('tui.title')} V{v.content_version} {v.generated[:16]}",
             f"{v.label} - {v.timeframe}"]
    # What needs checking first (e.g. cauda equina), the letter's own first
    # section after the action: it is what a clinician reads for.
    concerns = [c.label for c in v.checking_first]
    parts += [f"{words.ui('out.checking_first')}: {x}" if i == 0 else x
              for i, x in enumerate(concerns)]
    # One part per warning sign, so as many as fit are kept, most serious first.
    for heading, labels in ((words.ui("out.red_flags"), [f.label for f in v.flags_found]),):
        parts += [f"{heading}: {x}" if i == 0 else x for i, x in enumerate(labels)]
    for qid in KEY_SYMPTOMS:
        if qid in a.answers and content.has_question(qid):
            q = content.question(qid)
            parts.append(f"{words.t(q.short)}: {words.answer(q, a.answers[qid])}")
    for heading, labels in ((words.ui("out.possible_red_flags"),
                             [f.label for f in v.flags_not_ruled_out]),
                            (words.ui("out.not_asked"), list(v.not_asked))):
        parts += [f"{heading}: {x}" if i == 0 else x for i, x in enumerate(labels)]
    return parts


def compact_summary(parts: list[str], words: Words, keep: int | None = None) -> str:
    """The first `keep` parts (all by default), ending with "not a diagnosis"."""
    shown = parts if keep is None else parts[:keep]
    if len(shown) < len(parts):
        # Said in words: a bare "+16" meant nothing to the reader.
        shown = [*shown, words.ui("out.qr_more").format(n=len(parts) - len(shown))]
    return _qr_safe(" // ".join([*shown, words.ui("out.not_diagnosis")]))


def qr_for_screen(content: Content, a: Assessment, words: Words, cols: int, rows: int
                  ) -> tuple[list[str], str]:
    """(text lines drawing the biggest QR code that fits cols x rows, its text).

    Each character is two modules tall: '█' both dark, '▀' top, '▄' bottom. The
    lines must be drawn dark on light. The summary is cut from the end until the
    code fits; the disposition always stays."""
    import segno

    max_modules = min(cols, rows * 2) - 2 * QR_BORDER
    parts = compact_parts(content, a, words)

    def fits(keep: int) -> bool:
        # A fixed mask: the mask never changes the size, and choosing the best one
        # (segno scores all eight) is what makes an encode slow.
        try:
            probe = segno.make(compact_summary(parts, words, keep), error="L",
                               boost_error=False, micro=False, mask=0)
        except segno.DataOverflowError:
            return False
        return bool(probe.symbol_size(border=0)[0] <= max_modules)

    # The most parts that fit: a longer text never makes a smaller code, so a binary
    # search finds it in a few trial encodes (one per part took seconds with many).
    low, high, best = 2, len(parts), 0
    while low <= high:
        mid = (low + high) // 2
        if fits(mid):
            best, low = mid, mid + 1
        else:
            high = mid - 1
    if best:
        text = compact_summary(parts, words, best)
        return _half_blocks(segno.make(text, error="L", boost_error=False, micro=False)), text
    raise ValueError("the window is too small for a QR code")


def _half_blocks(qr) -> list[str]:  # type: ignore[no-untyped-def]
    matrix = [list(row) for row in qr.matrix]
    size = len(matrix)
    light = [0] * size
    rows = [light] * QR_BORDER + matrix + [light] * (QR_BORDER + (size + 2 * QR_BORDER) % 2)
    pad = [0] * QR_BORDER
    rows = [pad + list(r) + pad for r in rows]
    glyph = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    return ["".join(glyph[(bool(t), bool(b))] for t, b in zip(top, bottom, strict=True))
            for top, bottom in zip(rows[::2], rows[1::2], strict=True)]


def printer_ready(printer: str | None = None) -> bool:
    """False when CUPS says there is nowhere to print: no printer named and no
    default destination (`lpstat -d -p`). Without lpstat, assume lp knows."""
    lpstat = shutil.which("lpstat")
    if lpstat is None or printer:
        return True
    try:
        done = subprocess.run([lpstat, "-d", "-p"], capture_output=True, timeout=10,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return True
    out = done.stdout.decode("utf-8", "replace")
    has_default = re.search(r"^system default destination: \S", out, re.M) is not None
    has_printer = re.search(r"^printer \S", out, re.M) is not None
    return has_default or has_printer


def print_summary(content: Content, a: Assessment, words: Words,
                  printer: str | None = None) -> tuple[bool, str]:
    """Print the summary: the PDF where it can be made (CUPS converts it for the
    printer), else the text. The job title is in the person's language.
    (ok, detail): detail is "no-lp" or "no-printer" when there is nowhere to print."""
    from .formats import render

    lp = shutil.which("lp")
    if lp is None:
        return False, "no-lp"
    if not printer_ready(printer):
        return False, "no-printer"
    title = words.ui("out.print_title")
    try:
        pdf = render("pdf", content, a, words)
    except Exception:  # noqa: BLE001 - a PDF problem (say, a font file gone): the text still prints
        pdf = None
    if isinstance(pdf, bytes):
        ok, detail = _lp(lp, title, printer, pdf, ["-o", "document-format=application/pdf"])
        if ok:
            return ok, detail
    text = render("text", content, a, words)
    return _lp(lp, title, printer, str(text).encode("utf-8"), [])


def print_text(text: str, printer: str | None = None, title: str = "Sciatica self-check summary"
               ) -> tuple[bool, str]:
    """Send plain text to the system's `lp`. (ok, a message for the person)."""
    lp = shutil.which("lp")
    if lp is None:
        return False, "no-lp"
    return _lp(lp, title, printer, text.encode("utf-8"), [])


def _lp(lp: str, title: str, printer: str | None, data: bytes, options: list[str]
        ) -> tuple[bool, str]:
    args = [lp, "-t", title, *options]
    if printer:
        args += ["-d", printer]
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    if done.returncode != 0:
        first = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        return False, first[0] if first else f"lp exit code {done.returncode}"
    return True, done.stdout.decode("utf-8", "replace").strip()

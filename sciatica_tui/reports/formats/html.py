"""One self-contained HTML file: no scripts, no external files, and print CSS
that fits A4 and Letter (margins only; the page size is left to the printer)."""

from __future__ import annotations

from ..summary import Summary
from .encode import escape

CSS = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
       color: #000; background: #fff; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .3em; border-bottom: 2px solid #000;
     text-transform: uppercase; letter-spacing: .04em;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.02em; margin: .8em 0 .2em; break-after: avoid; page-break-after: avoid; }
.clinic { font-weight: bold; margin: .2em 0; white-space: pre-wrap; }
.fill { margin: .5em 0; }
.compact { font-size: .92em; }
.fill .line { display: inline-block; width: 20em; border-bottom: 1px solid #000; }
.note { margin: 0; color: #222; }
.banner { font-weight: bold; font-size: 1.15em; padding: .4em .6em; margin: .8em 0 .4em;
          border: 3px solid #000; }
.tier-emergency { background: #6e0000; color: #fff; }
.tier-urgent { background: #ffc24d; color: #000; }
.tier-soon { background: #0b3d70; color: #fff; }
.tier-self_care { background: #a6e3a6; color: #000; }
ul { margin: .2em 0 .4em; padding-left: 1.4em; }
li { break-inside: avoid; page-break-inside: avoid; }
li.flag { font-weight: bold; list-style: none; text-indent: -1.2em; }
li.flag ul { text-indent: 0; }
li.flag ul { font-weight: normal; }
.mark { font-family: monospace; display: inline-block; width: 1.2em; text-indent: 0; }
table { border-collapse: collapse; margin: .3em 0; }
th, td { text-align: left; vertical-align: top; padding: .1em .8em .1em 0;
         border-bottom: 1px solid #ccc; }
th { font-weight: 600; white-space: nowrap; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(s: Summary) -> str:
    out = ["<!DOCTYPE html>", f'<html lang="{escape(s.lang)}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(s.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>"]
    for b in s.blocks:
        if b.kind == "title":
            out.append(f"<h1>{escape(b.text)}</h1>")
        elif b.kind == "note":
            out.append(f'<p class="note">{escape(b.text)}</p>')
        elif b.kind == "clinic":
            out.append(f'<p class="clinic">{escape(b.text)}</p>')
        elif b.kind == "fill":  # blank lines to write on
            out.extend(f'<p class="fill">{escape(label)}: <span class="line"></span></p>'
                       for label, _ in b.pairs)
        elif b.kind == "section":
            out.append(f"<h2>{escape(b.text)}</h2>")
        elif b.kind == "banner":
            out.append(f'<p class="banner tier-{escape(b.tier)}">{escape(b.text)}</p>')
        elif b.kind == "heading":
            out.append(f"<h3>{escape(b.text)}</h3>")
        elif b.kind == "para":
            out.append(f"<p>{escape(b.text)}</p>")
        elif b.kind == "items":
            out.append("<ul>")
            for item in b.items:
                cls = ' class="flag"' if item.mark in "!?" else ""
                mark = f'<span class="mark">{escape(item.mark)}</span> ' if item.mark in "!?" \
                    else ""
                details = "".join(f"<li>{escape(d)}</li>" for d in item.details)
                out.append(f"<li{cls}>{mark}{escape(item.text)}"
                           + (f"<ul>{details}</ul>" if details else "") + "</li>")
            out.append("</ul>")
        elif b.kind == "compact_pairs":  # the negatives: one paragraph, as on paper
            out.append('<p class="compact">' + escape("; ".join(f"{k}: {v}" for k, v in b.pairs))
                       + "</p>")
        elif b.kind == "pairs":
            rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>"
                           for k, v in b.pairs)
            out.append(f"<table>{rows}</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"

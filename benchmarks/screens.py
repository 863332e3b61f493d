"""Screens to a result (issue 16): how many screens each golden vignette takes.

    python benchmarks/screens.py                      # every vignette, Markdown
    python benchmarks/screens.py --only a,b           # just these vignettes

Not a timing benchmark: it counts. Each vignette in tests/vignettes.toml is
walked through the interview `Session` (the walker the TUI uses) as its person
would answer; a question the vignette does not answer is skipped (unknown). A
screen is one question, one group of questions (`Step.kind == "group"`, once
grouping lands), the urgent notice, or the review; the results screen that
follows is not counted. For an emergency, the table also gives the screen whose
answer interrupts with the emergency alert (the walk then goes on, as "continue
the questions" does, to count the rest).

The summary gives the median and maximum for the self-care vignettes, and each
emergency's interrupt screen.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from sciatica_tui.contentset.loader import load_content  # noqa: E402
from sciatica_tui.core.engine import assess  # noqa: E402
from sciatica_tui.core.session import Session  # noqa: E402

VIGNETTES = ROOT / "tests" / "vignettes.toml"


def vignettes(path: Path = VIGNETTES) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, expected disposition, answers) for every vignette, as the tests build them."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for v in data["vignette"]:
        answers = {**data["base"], **v.get("answers", {})}
        for qid in v.get("drop", []):
            answers.pop(qid, None)
        out.append((v["id"], v["expect"], answers))
    return out


def _rows(step: Any) -> list[str]:
    """The questions of a step: one for a question, every row for a group."""
    if step.kind == "question":
        return [step.qid]
    for name in ("qids", "rows", "questions"):
        rows = getattr(step, name, None)
        if rows:
            return [r if isinstance(r, str) else r.id for r in rows]
    raise SystemExit(f"benchmarks/screens.py: cannot read the rows of a {step.kind!r} step")


def walk(content: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """Walk one person's interview; count the screens."""
    session = Session()
    screens = 0
    interrupt: int | None = None
    for _ in range(10 * len(content.questions)):
        step = session.next_step(content)
        screens += 1
        if step.kind == "review":
            break
        if step.kind not in ("question", "group"):
            continue  # a notice: one screen
        for qid in _rows(step):
            raised = session.record(content, qid, answers.get(qid))
            if interrupt is None and any(f.tier == "emergency" for f in raised):
                interrupt = screens
    else:
        raise SystemExit("benchmarks/screens.py: the interview did not end")
    got = assess(content, session.answers).disposition
    full = assess(content, answers).disposition
    return {"screens": screens, "interrupt": interrupt, "disposition": got,
            "same": got == full}


def report(only: set[str] | None = None) -> str:
    content = load_content()
    lines = ["| Vignette | Expected | Result | Screens to the result | Emergency alert at screen |",
             "|---|---|---|---|---|"]
    self_care: list[int] = []
    emergencies: list[tuple[str, int | None]] = []
    for vid, expect, answers in vignettes():
        if only is not None and vid not in only:
            continue
        r = walk(content, answers)
        mark = "" if r["same"] else " (differs from all answers!)"
        alert = "" if r["interrupt"] is None else str(r["interrupt"])
        lines.append(f"| {vid} | {expect} | {r['disposition']}{mark} | {r['screens']} | {alert} |")
        if expect == "self_care":
            self_care.append(r["screens"])
        if expect == "emergency":
            emergencies.append((vid, r["interrupt"]))
    lines.append("")
    if self_care:
        lines.append(f"Self-care vignettes: {len(self_care)}; screens to the result: median "
                     f"{statistics.median(self_care):g}, maximum {max(self_care)}.")
    if emergencies:
        at = [i for _, i in emergencies if i is not None]
        lines.append(f"Emergency vignettes: {len(emergencies)}; alert at screen: first "
                     f"{min(at, default=0)}, median {statistics.median(at) if at else 0:g}, "
                     f"latest {max(at, default=0)}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated vignette ids")
    parser.add_argument("--quick", action="store_true",
                        help="two vignettes only (a self-care case and an emergency)")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    if args.quick:
        only = {"control_disc_self_care", "aaa_sudden_severe_not_faint"}
    print(report(only))
    return 0


if __name__ == "__main__":
    sys.exit(main())

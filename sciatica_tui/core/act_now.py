"""What to do now, as the last words on the terminal (U-S6). No UI imports.

After an emergency or urgent warning sign, the summary printed when a mode ends
finishes with its sources, so the action ("call 112 now") had scrolled out of
sight. Every mode that prints on leaving (the TUI's exit, plain mode's `quit`)
prints this block after everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .engine import Assessment, FlagResult
    from .words import Words


def act_now(words: Words, a: Assessment) -> str:
    """The warning signs found and what to do about them, most urgent first; ""
    when none was found. Each action is said once, after the signs that need it."""
    flags = {f.id: f for f in words.content.red_flags}
    found = [flags[f.id] for f in a.red_flags if f.id in flags]
    if not found:
        return ""
    emergency = [f for f in found if f.tier == "emergency"]
    title = (words.ui("tui.get_help_now").upper() if emergency
             else words.ui("tui.urgent_title"))
    actions: dict[str, list[str]] = {}
    for flag in emergency + [f for f in found if f.tier != "emergency"]:
        actions.setdefault(words.t(flag.action), []).append(words.t(flag.label))
    lines = [f"!! {title} !!"]
    for action, labels in actions.items():
        lines += [f"- {label}" for label in labels]
        lines.append(f"  {action}")
    return "\n".join(lines) + "\n"


def alert_blocks(words: Words, flags: Sequence[FlagResult], unsure: Sequence[FlagResult] = (),
                 rules: Sequence[str] = ()) -> list[tuple[str, ...]]:
    """The words of a warning screen, a block of lines each, the same in every
    front end: each warning sign found (what it is, what to do, why); the signs a
    "not sure" left open (with the urgent action when no sign found or rule gives
    one); then each urgent rule that holds (why, and its own action)."""
    content = words.content
    t = words.t
    by_id = {f.id: f for f in content.red_flags}
    blocks: list[tuple[str, ...]] = [
        (t(by_id[f.id].label), t(by_id[f.id].action), t(by_id[f.id].why)) for f in flags]
    by_rule = {r.id: r for r in content.rules}
    acted = bool(flags) or any(by_rule[rid].action is not None for rid in rules)
    if unsure:
        lines = [f"{words.ui('out.why_not_ruled_out')}: {t(by_id[f.id].label)}" for f in unsure]
        if not acted:
            lines.append(t(content.disposition("urgent").action))
        blocks.append(tuple(lines))
    for rid in rules:
        action = by_rule[rid].action
        blocks.append((t(by_rule[rid].reason), t(action)) if action else (t(by_rule[rid].reason),))
    return blocks

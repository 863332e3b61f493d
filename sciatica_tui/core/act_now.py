"""What to do now, as the last words on the terminal (U-S6). No UI imports.

After an emergency or urgent warning sign, the summary printed when a mode ends
finishes with its sources, so the action ("call 112 now") had scrolled out of
sight. Every mode that prints on leaving (the TUI's exit, plain mode's `quit`)
prints this block after everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Assessment
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

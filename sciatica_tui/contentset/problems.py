"""A problem found in a content set, and the error that lists every one.

Each problem names the file, the item id and the field, e.g.

    red_flags.toml: red_flag "ces_bladder", field "when.q": unknown question "bladdr"
"""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.item}" if self.item else self.file
        if self.field:
            where += f', field "{self.field}"'
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content set has problems; .problems lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

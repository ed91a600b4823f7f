"""What every front-matter parser produces: leaves (path, typed value, offsets) and their canonical names.

Nested mappings and flat keys meet on one name:

`og: {image: {url: U, width: 600}}`, `og:image: U` and `<meta property="og:image">` all give `og:image`;
`article: {published_time: T}` gives `article:published_time`. List indices drop out of the name (a list
gives repeated fields, in order) but stay in the `key`, the path as written (`og.image[1].url`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Union

PathPart = Union[str, int]
# A leaf of parsed front matter: path as written, typed value, and the value's start/end offsets in the block.
Leaf = tuple[tuple[PathPart, ...], Any, int, int]
# A problem that did not stop the reading: (code, message, start, end), offsets within the block.
Issue = tuple[str, str, int, int]

# Another place an Issue's message names (`line_at`), marked by its offset in the block: only the caller, which
# knows where the block sits in the document and how its lines end, can say on which line it is (`name_lines`).
# A NUL cannot come from the document itself: messages quote its text with repr().
_LINE_AT = re.compile("\0([0-9]+)\0")


def line_at(offset: int) -> str:
    return f"\0{offset}\0"


def name_lines(message: str, line: Callable[[int], int]) -> str:
    """The message with each `line_at` mark replaced by the line `line(offset)` gives."""
    return _LINE_AT.sub(lambda m: str(line(int(m[1]))), message)

# Bounds that keep hostile front matter from exhausting time or memory (alias bombs, deep nesting).
MAX_DEPTH = 64
MAX_LEAVES = 20_000
MAX_ISSUES = 100  # problems reported per front matter (200,000 duplicate keys are one problem, not 200,000)


class ParseError(Exception):
    """Raised by a front-matter parser: args are (code, message, start, end), offsets within the block."""


# Structured properties whose `url` child is the root itself (ogp.me: og:image:url is identical to og:image).
STRUCTURED_ROOTS = frozenset({"og:image", "og:video", "og:audio"})


@lru_cache(maxsize=8192)  # documents of a site share their paths: computed once, not once per leaf
def canonical_name(path: tuple[PathPart, ...]) -> str:
    name = ":".join(p for p in path if isinstance(p, str))
    root, _, last = name.rpartition(":")
    if last == "url" and root in STRUCTURED_ROOTS:
        return root
    return name


@lru_cache(maxsize=8192)
def key_text(path: tuple[PathPart, ...]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def capped(issues: list[Issue]) -> list[Issue]:
    """At most MAX_ISSUES problems, then one FM012 at the first left out that says how many were left out."""
    if len(issues) <= MAX_ISSUES:
        return issues
    _, _, start, end = issues[MAX_ISSUES]
    return issues[:MAX_ISSUES] + [("FM012", f"{len(issues) - MAX_ISSUES} more problems in this front matter are "
                                   f"not reported (at most {MAX_ISSUES})", start, end)]

"""TOML front matter (Hugo, Zola). tomllib gives the values; it gives no positions, so a light line scanner
finds where each key's value starts: table headers set the prefix, `key = value` lines give the value's
offset. An array's elements point at the array. Values TOML parses but the scanner cannot place (multi-line
constructs) point at their table or at the block's start, never at a wrong key.
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from oglint.readers.tree import MAX_DEPTH, MAX_LEAVES, Issue, Leaf, ParseError, PathPart

_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^[ \t]*\[\[?\s*(?P<key>[^\]]+?)\s*\]\]?[ \t]*(#.*)?$")
_ASSIGN = re.compile(r"^[ \t]*(?P<key>(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:[ \t]*\.[ \t]*(?:\"[^\"]*\"|'[^']*'|"
                     r"[A-Za-z0-9_-]+))*)[ \t]*=[ \t]*(?P<value>.*)$")
# Text up to a '#' outside quotes: runs of other characters, and quoted strings (closed or not) whole.
_BEFORE_COMMENT = re.compile(r"""(?:[^"'#]+|"[^"]*"?|'[^']*'?)*""")
_PART = re.compile(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)")


# tomllib is pure Python and reads about 1 MB a second; real TOML front matter is a few KB. A larger block
# would let each 10 MB file cost ~10 s, so it is not read.
MAX_BLOCK = 1024 * 1024


def leaves(block: str) -> tuple[list[Leaf], list[Issue]]:
    if len(block) > MAX_BLOCK:
        raise ParseError("FM012", f"the TOML front matter is {len(block):,} characters long, over the {MAX_BLOCK:,} "
                         "that are read", 0, 1)
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        start = _error_offset(block, str(exc))
        message = _ERROR_AT.sub("", str(exc)).replace("(at end of document)", "at the end of the block").strip()
        raise ParseError("FM001", f"TOML syntax error: {message}", start, start + 1) from None
    except RecursionError:
        raise ParseError("FM012", "the TOML is nested too deeply to read", 0, 0) from None
    positions = _positions(block)
    out: list[Leaf] = []
    _walk(data, (), positions, out)
    return out, []


def _walk(value: Any, path: tuple[PathPart, ...], positions: dict[tuple[str, ...], tuple[int, int]],
          out: list[Leaf]) -> None:
    if len(path) > MAX_DEPTH:
        raise ParseError("FM012", f"the front matter is nested more than {MAX_DEPTH} levels deep", 0, 0)
    if isinstance(value, dict):
        for key, child in value.items():
            _walk(child, path + (key,), positions, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, path + (i,), positions, out)
    else:
        start, end = _lookup(positions, path)
        if len(out) >= MAX_LEAVES:
            raise ParseError("FM012", f"the front matter holds more than {MAX_LEAVES} values", start, end)
        out.append((path, value, start, end))


def _lookup(positions: dict[tuple[str, ...], tuple[int, int]], path: tuple[PathPart, ...]) -> tuple[int, int]:
    keys = tuple(p for p in path if isinstance(p, str))
    while keys:  # the value itself, else the nearest enclosing key or table that the scanner placed
        if keys in positions:
            return positions[keys]
        keys = keys[:-1]
    return 0, 0


def _positions(block: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Start/end offsets of each `key = value` value on its line, by full key path."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    prefix: tuple[str, ...] = ()
    offset = 0
    for line in block.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        header = _HEADER.match(body)
        assign = None if header else _ASSIGN.match(body)
        if header:
            prefix = _parts(header.group("key"))
            found.setdefault(prefix, (offset + header.start("key"), offset + header.end("key")))
        elif assign:
            value = _strip_comment(assign.group("value"))
            start = offset + assign.start("value")
            found.setdefault(prefix + _parts(assign.group("key")), (start, start + len(value)))
        offset += len(line)
    return found


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(next(g for g in m.groups() if g is not None) for m in _PART.finditer(dotted))


def _strip_comment(value: str) -> str:
    """The value text without a trailing comment (a '#' outside quotes)."""
    return _BEFORE_COMMENT.match(value).group().rstrip()  # type: ignore[union-attr]  # always matches


def _error_offset(block: str, message: str) -> int:
    m = _ERROR_AT.search(message)
    if not m:
        return len(block) if "(at end of document)" in message else 0
    line, column = int(m.group(1)), int(m.group(2))
    lines = block.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + column - 1

"""JSON front matter (Hugo): a JSON object at the very top of the file. `json` gives the values and the
errors; a short walk over the same text with the decoder's own scanners gives each value's exact offsets.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]

from oglint.readers.tree import MAX_DEPTH, MAX_LEAVES, Issue, Leaf, ParseError, PathPart, capped
from oglint.rulekit import quote

_decoder = json.JSONDecoder()
_WS = re.compile(r"[ \t\r\n]*")
# What json leaves of a \u escape that names half a surrogate pair: no character, and no encoder takes it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def extent(text: str) -> tuple[int, int]:
    """(end of the JSON object, start of the body). A syntax error is reported by `leaves`."""
    try:
        _, end = _decoder.raw_decode(text)
    except (ValueError, RecursionError):
        return len(text), len(text)
    body = end
    while body < len(text) and text[body] in " \t":
        body += 1
    if text.startswith("\r\n", body):
        body += 2
    elif body < len(text) and text[body] in "\r\n":
        body += 1
    return end, body


def leaves(block: str) -> tuple[list[Leaf], list[Issue]]:
    try:
        _decoder.raw_decode(block)
    except json.JSONDecodeError as exc:
        raise ParseError("FM001", f"JSON syntax error: {exc.msg.removesuffix(' at')}", exc.pos, exc.pos + 1) from None
    except RecursionError:
        raise ParseError("FM012", "the JSON is nested too deeply to read", 0, 0) from None
    out: list[Leaf] = []
    issues: list[Issue] = []
    _value(block, 0, (), out, issues)
    return out, capped(issues)


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]  # always matches


def _clean(value: object, start: int, end: int, issues: list[Issue]) -> object:
    """A string with lone surrogates read as U+FFFD, as HTML reads `&#xD800;`; the escape is reported."""
    if isinstance(value, str) and _SURROGATE.search(value):
        issues.append(("FM001", "a \\u escape names half of a UTF-16 surrogate pair, not a character; it is read "
                       "as U+FFFD", start, end))
        return _SURROGATE.sub("\ufffd", value)
    return value


def _value(text: str, i: int, path: tuple[PathPart, ...], out: list[Leaf], issues: list[Issue]) -> int:
    """Read the value at text[i] (already valid JSON), append its leaves, return the offset after it."""
    if len(path) > MAX_DEPTH:
        raise ParseError("FM012", f"the front matter is nested more than {MAX_DEPTH} levels deep", i, i + 1)
    i = _skip(text, i)
    if text[i] == "{":
        seen: set[str] = set()
        i = _skip(text, i + 1)
        while text[i] != "}":
            key, after = scanstring(text, i + 1)
            key = _clean(key, i, after, issues)
            if key in seen:
                issues.append(("FM001", f"duplicate key {quote(key)}; JSON readers keep only the last value", i, after))
            seen.add(key)
            i = _skip(text, _skip(text, after) + 1)  # past ':'
            i = _skip(text, _value(text, i, path + (key,), out, issues))
            if text[i] == ",":
                i = _skip(text, i + 1)
        return i + 1
    if text[i] == "[":
        i = _skip(text, i + 1)
        n = 0
        while text[i] != "]":
            i = _skip(text, _value(text, i, path + (n,), out, issues))
            n += 1
            if text[i] == ",":
                i = _skip(text, i + 1)
        return i + 1
    if len(out) >= MAX_LEAVES:
        raise ParseError("FM012", f"the front matter holds more than {MAX_LEAVES} values", i, i + 1)
    value, end = _decoder.raw_decode(text, i)
    out.append((path, _clean(value, i, end, issues), i, end))
    return end

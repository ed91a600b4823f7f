"""TOML front matter (Hugo, Zola). tomllib gives the values and the errors but no positions, so a small
tokenizer of TOML's lexical structure walks the text tomllib has just accepted and records where each value
starts and ends, by its full path: the path tomllib's data gives, with the index of each array element and of
each array-of-tables element (`[[og.image]]` twice: og.image[0], then og.image[1]). It knows the four kinds of
strings (multi-line ones included, so an `[og]` or `url = …` line inside one is text), comments, arrays over
several lines, inline tables, dotted and quoted keys, and table headers. Each leaf thus points at its own value,
as in the YAML and JSON readers: a string with its quotes (rules find `&amp;` inside it; oglint.textkit traces
its characters, escapes and line joins included), a number, boolean or date as written. It is one pass with a
regex match or string search per token: linear in the block.

The tokenizer does not validate. On text it does not expect it stops, keeping what it placed; a value it did
not place points at the nearest enclosing value or table header it placed, else at the block's start: never
at another key.

TOML allows LF and CR LF line ends only. A lone CR is a line end to editors, to oglint's line numbers and to
the YAML and JSON readers, so it is read as LF here too (one character for one: no offset moves).
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
_LONE_CR = re.compile(r"\r(?!\n)")
_SPACE = re.compile(r"[ \t]*")
_BLANK = re.compile(r"[ \t\r\n]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A number, boolean, date or time: up to the next delimiter. A date and a time may be separated by a space.
_SCALAR = re.compile(r"[^\s,\]}#]+")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_SPACE_TIME = re.compile(r" \d\d:")
_QUOTE_OR_ESCAPE = re.compile(r'["\\]')

# tomllib is pure Python and reads about 1 MB a second; real TOML front matter is a few KB. A larger block
# would let each 10 MB file cost ~10 s, so it is not read.
MAX_BLOCK = 1024 * 1024
# Positions kept at most (values, arrays, tables): the walk stops at MAX_LEAVES values anyway, and a 1 MB block
# of `[],` would otherwise hold ~300,000 of them.
_MAX_PLACED = 2 * MAX_LEAVES


def leaves(block: str) -> tuple[list[Leaf], list[Issue]]:
    if len(block) > MAX_BLOCK:
        raise ParseError("FM012", f"the TOML front matter is {len(block):,} characters long, over the {MAX_BLOCK:,} "
                         "that are read", 0, 1)
    if "\r" in block:
        block = _LONE_CR.sub("\n", block)
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        start = _error_offset(block, exc)
        message = _ERROR_AT.sub("", str(exc)).replace("(at end of document)", "at the end of the block").strip()
        raise ParseError("FM001", f"TOML syntax error: {message}", start, start + 1) from None
    except RecursionError:
        raise ParseError("FM012", "the TOML is nested too deeply to read", 0, 0) from None
    positions = _Tokenizer(block).positions()
    out: list[Leaf] = []
    _walk(data, (), positions, out)
    return out, []


def _walk(value: Any, path: tuple[PathPart, ...], positions: dict[tuple[PathPart, ...], tuple[int, int]],
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


def _lookup(positions: dict[tuple[PathPart, ...], tuple[int, int]], path: tuple[PathPart, ...]) -> tuple[int, int]:
    while path:  # the value itself, else the nearest enclosing value or table the tokenizer placed
        if path in positions:
            return positions[path]
        path = path[:-1]
    return 0, 0


class _Stop(Exception):
    """The tokenizer met text it does not expect, or placed _MAX_PLACED values: it keeps what it has."""


class _Tokenizer:
    """Offsets of the values of a block tomllib has accepted, by full path (the path tomllib's data gives)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[PathPart, ...], tuple[int, int]] = {}

    def positions(self) -> dict[tuple[PathPart, ...], tuple[int, int]]:
        try:
            self._document()
        except (_Stop, IndexError, ValueError, RecursionError, tomllib.TOMLDecodeError):  # text it did not expect
            pass
        return self.found

    def _place(self, path: tuple[PathPart, ...], start: int, end: int) -> None:
        if len(self.found) >= _MAX_PLACED:
            raise _Stop
        self.found.setdefault(path, (start, end))

    def _document(self) -> None:
        text = self.text
        table: tuple[PathPart, ...] = ()  # the path `key = value` lines are under
        arrays: dict[tuple[PathPart, ...], int] = {}  # each array of tables (full path): elements so far
        i = self._blank(0)
        while i < len(text):
            if text[i] == "[":
                many = text.startswith("[[", i)
                start = self._space(i + 2 if many else i + 1)
                keys, end = self._key(start)
                table = _table_path(keys, arrays, many)
                self._place(table, start, end)  # where its values point when they are not placed
                i = self._space(end)
                if not text.startswith("]]" if many else "]", i):
                    raise _Stop
                i += 2 if many else 1
            else:
                keys, i = self._assignment(i)
                i = self._value(i, table + keys)
            i = self._blank(i)  # a comment, the line end, blank lines

    def _assignment(self, i: int) -> tuple[tuple[str, ...], int]:
        """The keys of the `key =` at i, and where its value starts."""
        keys, i = self._key(i)
        i = self._space(i)
        if not self.text.startswith("=", i):
            raise _Stop
        return keys, self._space(i + 1)

    def _value(self, i: int, path: tuple[PathPart, ...]) -> int:
        """Place the value at text[i] and everything in it; return the offset after it."""
        text = self.text
        c = text[i]
        if c == "[":
            j, n = self._blank(i + 1), 0  # arrays may span lines and hold comments
            while text[j] != "]":
                j = self._blank(self._value(j, path + (n,)))
                n += 1
                if text[j] == ",":
                    j = self._blank(j + 1)
            end = j + 1
        elif c == "{":
            j = self._blank(i + 1)  # TOML 1.0 keeps an inline table on one line, 1.1 does not
            while text[j] != "}":
                keys, j = self._assignment(j)
                j = self._blank(self._value(j, path + keys))
                if text[j] == ",":
                    j = self._blank(j + 1)
            end = j + 1
        elif c in "\"'":
            end = self._string(i)
        else:
            m = _SCALAR.match(text, i)
            if not m:
                raise _Stop
            end = m.end()
            if _DATE.fullmatch(m.group()) and _SPACE_TIME.match(text, end):  # `1979-05-27 07:32:00`
                end = _SCALAR.match(text, end + 1).end()  # type: ignore[union-attr]  # ' dd:' matches
        self._place(path, i, end)
        return end

    def _string(self, i: int) -> int:
        """The offset after the string that starts at text[i] (a quote)."""
        text = self.text
        quote = text[i]
        if not text.startswith(quote * 3, i):
            if quote == "'":
                return text.index("'", i + 1) + 1  # a literal string has no escape
            return self._basic_end(i + 1, '"')
        if quote == "'":
            end = text.index("'''", i + 3) + 3
        else:
            end = self._basic_end(i + 3, '"""')
        # Up to two quotes right before the closing three belong to the string: `"""say "hi""""` ends in `"`.
        for _ in range(2):
            if text.startswith(quote, end):
                end += 1
        return end

    def _basic_end(self, i: int, delimiter: str) -> int:
        """The offset after `delimiter` that ends a basic string whose body starts at i. One search per quote
        or backslash, not a regex over the whole string: a long one would cost the regex engine a frame per
        escape."""
        text = self.text
        while True:
            m = _QUOTE_OR_ESCAPE.search(text, i)
            if not m:
                raise _Stop
            if m.group() == "\\":
                i = m.end() + 1  # the escaped character, which may be a quote or a line end
            elif text.startswith(delimiter, m.start()):
                return m.start() + len(delimiter)
            else:
                i = m.end()  # one or two quotes inside a multi-line string

    def _key(self, i: int) -> tuple[tuple[str, ...], int]:
        """The dotted key at i as its parts, and the offset after it."""
        text = self.text
        parts = []
        while True:
            c = text[i]
            if c in "\"'":
                end = self._string(i)
                token = text[i:end]
                # an escape is decoded by tomllib itself (rare in keys)
                parts.append(next(iter(tomllib.loads(token + "=0"))) if "\\" in token else token[1:-1])
            else:
                m = _BARE_KEY.match(text, i)
                if not m:
                    raise _Stop
                end = m.end()
                parts.append(m.group())
            j = self._space(end)
            if not text.startswith(".", j):
                return tuple(parts), end
            i = self._space(j + 1)

    def _space(self, i: int) -> int:
        return _SPACE.match(self.text, i).end()  # type: ignore[union-attr]  # always matches

    def _blank(self, i: int) -> int:
        """Past white space, line ends and comments (one search per comment: linear)."""
        text = self.text
        while True:
            i = _BLANK.match(text, i).end()  # type: ignore[union-attr]  # always matches
            if not text.startswith("#", i):
                return i
            line_end = text.find("\n", i)
            i = len(text) if line_end < 0 else line_end


def _table_path(keys: tuple[str, ...], arrays: dict[tuple[PathPart, ...], int], many: bool) -> tuple[PathPart, ...]:
    """The full path of a `[keys]` or `[[keys]]` header. A key naming an array of tables means its last element,
    so `[[og.image]]` twice gives og.image[0], then og.image[1]; `[[keys]]` itself opens a new element."""
    path: tuple[PathPart, ...] = ()
    for n, key in enumerate(keys):
        path += (key,)
        if many and n == len(keys) - 1:
            arrays[path] = arrays.get(path, 0) + 1
        if path in arrays:
            path += (arrays[path] - 1,)
    return path


def _error_offset(block: str, exc: tomllib.TOMLDecodeError) -> int:
    pos = getattr(exc, "pos", None)  # Python 3.14's tomllib and recent tomli say where
    if isinstance(pos, int):
        return min(pos, len(block))
    m = _ERROR_AT.search(str(exc))
    if not m:
        return len(block) if "(at end of document)" in str(exc) else 0
    # tomllib counts lines by LF alone (str.splitlines would also split at U+2028, FF… in strings and comments)
    line, column = int(m.group(1)), int(m.group(2))
    return sum(len(x) + 1 for x in block.split("\n", line - 1)[: line - 1]) + column - 1

"""A fast reader for the common, simple shape of YAML front matter, with exactly the result of yaml_fm.leaves.

Why: libyaml composes a typical 1 KB block in ~130 µs, most of it calling PyYAML's Python resolver once per
node, and walking the node tree costs as much again. Most front matter is a few block mappings and lists of
one-line scalars: a few string methods per line read it in about a third of that time.

How it stays right: it accepts only a small subset of YAML that it reproduces exactly (values, types, paths,
offsets, order, duplicate-key problems) and answers None -- "not sure, ask libyaml" -- on anything else:
tabs, CR or other line breaks, control or unusual characters, flow mappings, anchors, aliases, tags, `?` keys,
quoted keys, multi-line plain or quoted scalars, directives and document markers, odd indentation, unusual
block scalars, escapes it does not know, keys too long for libyaml. Typing reuses PyYAML's own implicit
resolvers and safe constructors, so YAML 1.1 quirks (`yes`, `017`, `1_000`, `2024-01-01`) stay identical.
tests/test_yaml_fast.py compares both readers on fixtures, generated corpora and built blocks.

The accepted shape:
- block mappings `key: value` with plain keys (`og:title` included) and block lists `- item` and
  `- key: value`, nested by indentation with spaces; a list may sit at its parent key's indentation;
- one-line values: plain scalars, single- and double-quoted scalars, empty values (null), `[a, b c]` lists of
  plain words (the only flow collection: half the generated documents write `tags: [a, b]`); `>` and `|`
  block scalars (clip or strip chomping, no indentation indicator, no leading blank
  line; folded ones without more-indented lines);
- full-line comments and trailing ` #` comments.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Container

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from oglint.readers.tree import MAX_DEPTH, MAX_LEAVES, Issue, Leaf, PathPart, capped, line_at
from oglint.rulekit import quote

# The safe loader, C where libyaml is there (~10× faster, ARCHITECTURE.md): yaml_fm composes with it, and its
# resolvers and constructors are the ones this reader reproduces.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# First character of a plain scalar -> the (tag, pattern) pairs to try in order, wildcard resolvers included.
_WILDCARDS = tuple(SAFE_LOADER.yaml_implicit_resolvers.get(None, ()))
_BY_FIRST = {first: tuple(resolvers) + _WILDCARDS
             for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items() if first is not None}
_CONSTRUCTOR = SafeConstructor()  # stateless for scalars: their constructors only read node.value
_STR = "tag:yaml.org,2002:str"


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()
_NONE = [-1, (), None, 0]  # no collection: a stack frame no line matches (see _Reader.stack)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TYPED = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))

_MAX_BLOCK = 65_536  # larger blocks go to libyaml, which bounds their nesting and size (yaml_fm._SMALL_BLOCK)
_MAX_KEY = 1_000  # libyaml refuses a key longer than 1024 characters

# Characters this reader does not model: all but LF, printable ASCII and the non-ASCII ranges libyaml accepts,
# minus NEL, LS, PS (line breaks to YAML) and the BOM. Tabs and CR are refused with the rest.
_REFUSED = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"

# Characters that cannot start a plain scalar (YAML's indicators; `-`, `?`, `:` sometimes can: refused,
# except `-` before a non-space, as in `-1`, in a value) nor, here, a key (`...` would end the document).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_PLAIN_START = _INDICATORS | {"."}
# What may follow a quoted scalar or flow list on its line: spaces, and a comment after at least one space.
_TAIL = re.compile(r"(?: +#.*)? *\Z")
_HEADER = re.compile(r"([>|])(-?)(?: +#.*)? *\Z")
# Items of a one-line flow list: plain words only (no quotes, no nesting, no `:` or `#`).
_FLOW_ITEM = re.compile(r" *([^ ,\[\]{}#:'\"&*!|>%@`?\-][^,\[\]{}#:'\"]*?) *(?:,|\Z)")
# The escapes of a double-quoted scalar decoded here; any other `\` sequence: not sure.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")

KeyPath = tuple[PathPart, ...]


class _Unsure(Exception):
    """This block is outside the accepted shape: the libyaml reader decides."""


def leaves(block: str) -> tuple[list[Leaf], list[Issue]] | None:
    """The block's leaves and duplicate-key problems exactly as yaml_fm.leaves gives them, or None when the
    block is not of the simple shape this reader reproduces."""
    if len(block) > _MAX_BLOCK or _refused(block):
        return None
    try:
        return _read(block)
    except _Unsure:
        return None


def _refused(block: str) -> bool:
    """Whether the block holds a character this reader does not model. A regex over the whole block costs
    ~10 µs a KB; deleting the common ASCII bytes in C first leaves only the few other characters to look at."""
    rest = block.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    return bool(rest) and _REFUSED.search(rest.decode("utf-8", "surrogatepass")) is not None


def _read(block: str) -> tuple[list[Leaf], list[Issue]] | None:
    """Reads line by line. The common lines -- `key: value` among its siblings or after a closed collection,
    `key:` opening a collection, `- item` among its siblings, with a one-line value -- are read inline here
    with a few string methods: a Python step costs about as much as libyaml spends on a character, so this
    loop is what makes the reader fast. Any other line, and any line the inline checks doubt, goes to
    _Reader.line, which reads every accepted line shape (and would read these the same way)."""
    reader = _Reader(block)
    out = reader.out
    append = out.append
    typed_firsts = reader.typed_firsts
    frame = reader.stack[0]  # the innermost collection
    indent, base, firsts = 0, (), frame[2]  # its column (-1 while an empty value waits), path, keys
    scalar: _BlockScalar | None = None
    hashes = " #" in block  # without, no line holds a comment after its content: fewer checks per line
    end = 0
    for line in block.split("\n"):
        size = len(line)
        end += size + 1  # the next line's offset
        stop = end - 1  # this line's end
        text = line.lstrip(" ")
        if scalar is not None:
            if scalar.takes(line, text, end <= len(block)):
                continue
            append(scalar.leaf(stop - size))
            scalar = None
            indent = frame[0]
        if text[:1] in "#":  # blank or comment
            continue
        col = size - len(text)
        if col != indent:  # after an empty value, or a line closing collections: find the innermost
            dash = text[0] == "-" and text[1:2] in ("", " ")
            if reader.pending is not None:
                reader.resolve(col, dash)
            frame = reader.close(col, dash)
            indent, base, firsts = frame[0], frame[1], frame[2]
        if col != indent:
            pass
        elif firsts is None:  # a list
            if text[:2] != "- ":
                pass
            elif (value := text[2:].lstrip(" ")) and value[0] not in _NOT_PLAIN_START:
                if _key_end(value) < 0:  # `- item`, plain when the rest of the line is all it
                    if not (hashes and " #" in value) and value[-1] not in " :" and ": " not in value:
                        n = frame[3]
                        frame[3] = n + 1
                        append((base + (n,), _construct(value) if value[0] in typed_firsts else value,
                                stop - len(value), stop))
                        continue
                elif len(base) < MAX_DEPTH - 1:  # `- key: value`: a mapping at the key's column, read below
                    n = frame[3]
                    frame[3] = n + 1
                    text, col = value, size - len(value)
                    frame = [col, base + (n,), {}, 0]
                    reader.stack.append(frame)
                    indent, base, firsts = frame[0], frame[1], frame[2]
        if col == indent and firsts is not None and text[0] not in _NOT_PLAIN_START:  # `key: value`
            colon = text.find(": ")
            if colon < 0 and text[-1] == ":":
                colon = len(text) - 1
            key = text[:colon]
            if (0 < colon <= _MAX_KEY and key not in firsts and key[-1] not in " :" and not (hashes and " #" in key)
                    and (key[0] not in typed_firsts or _plain_key(key))):
                value = text[colon + 2:].lstrip(" ")
                first = value[:1]
                if not first:  # `key:` -- a collection follows, or the value is null
                    firsts[key] = stop - len(text)  # where the key starts
                    reader.pending = (base + (key,), stop - len(text) + colon + 1, col, False)
                    indent = -1
                    continue
                if first not in _NOT_PLAIN_START:  # plain, when the rest of the line is all it
                    if not (hashes and " #" in value) and value[-1] not in " :" and ": " not in value:
                        firsts[key] = stop - len(text)
                        append((base + (key,), _construct(value) if first in typed_firsts else value,
                                stop - len(value), stop))
                        continue
                elif first in "'\"" and value.find(first, 1) == len(value) - 1 and "\\" not in value:
                    firsts[key] = stop - len(text)  # quoted to the line's end, no escape ('' or \) inside: as written
                    append((base + (key,), value[1:-1], stop - len(value), stop))
                    continue
                elif first in "'\"[":  # quoted, or a flow list
                    firsts[key] = stop - len(text)
                    _value(value, stop - len(value), base + (key,), out, typed_firsts)
                    continue
                elif first in ">|" and (m := _HEADER.match(value)):  # a block scalar on the next lines
                    firsts[key] = stop - len(text)
                    scalar = _BlockScalar(m[1] + m[2], stop - len(value), base + (key,), col)
                    indent = -1
                    continue
        reader.line(line, text, stop - size, col)
        scalar = reader.scalar
        reader.scalar = None
        frame = reader.stack[-1]
        indent = -1 if reader.pending is not None or scalar is not None else frame[0]
        base, firsts = frame[1], frame[2]
    if scalar is not None:  # at the end of the block: libyaml's scalar ends after the last break it read
        append(scalar.leaf(block.rfind("\n") + 1 if scalar.broke else len(block)))
    return reader.finish()


class _Reader:
    """The state of the reading: a stack of open collections. A line less indented than the innermost
    collection closes it; a line deeper than any collection can take is refused, so a multi-line plain
    scalar or any other continuation line is never read as something else."""

    def __init__(self, block: str) -> None:
        self.block = block
        self.out: list[Leaf] = []
        self.issues: list[Issue] = []
        resolvers = SAFE_LOADER.yaml_implicit_resolvers
        # The first characters some resolver may match (the wildcard key None: every character).
        self.typed_firsts: Container[str] = _EVERYTHING if None in resolvers else resolvers
        # Open collections, outermost first: [indentation, path, keys seen (where each starts) or None for a
        # list, number of items so far]. The root mapping is at column 0.
        self.stack: list[list] = [[0, (), {}, 0]]
        # After `key:` or `-` with nothing after it: (path, offset of the null it may be, column, is an item).
        self.pending: tuple[KeyPath, int, int, bool] | None = None
        self.scalar: _BlockScalar | None = None  # a block scalar opened by the last line read

    def resolve(self, col: int, dash: bool) -> None:
        """The line after an empty value, at column `col`, opens its nested collection, or the value is null."""
        assert self.pending is not None
        path, mark, at, is_item = self.pending
        self.pending = None
        if is_item or not (col > at or col == at and dash):
            if col > at:
                raise _Unsure  # a collection nested under `-`, or a continuation line
            self.out.append((path, None, mark, mark))
        elif len(path) >= MAX_DEPTH:
            raise _Unsure
        else:
            self.stack.append([col, path, None if dash else {}, 0])

    def close(self, col: int, dash: bool) -> list:
        """Closes the collections that a line at column `col` (a list item when `dash`) ends: those deeper, and
        a list at its column when the line is a key. The collection the line belongs to, or _NONE when it fits
        none (deeper than expected, a list item among keys): the line is then refused by `line`."""
        stack = self.stack
        top = stack[-1]
        while col < top[0] or col == top[0] and top[2] is None and not dash:
            stack.pop()
            top = stack[-1]
        return top if col == top[0] and (top[2] is None) == dash else _NONE

    def line(self, line: str, text: str, start: int, col: int) -> None:
        """Reads a line holding content at column `col`: `text` is the line from there, `start` its offset."""
        dash = text[0] == "-" and text[1:2] in ("", " ")
        top = self.close(col, dash)
        if top is _NONE:
            raise _Unsure
        if dash:  # `- item` or `- key: value`
            path = top[1] + (top[3],)
            top[3] += 1
            text = text[1:].lstrip(" ")
            if not text or text[0] == "#":
                self.pending = (path, start + col + 1, col, True)  # `-` alone: null, at the `-`'s end
                return
            col = len(line) - len(text)
            if text[0] in "'\"[" or _key_end(text) < 0:
                _value(text, start + col, path, self.out, self.typed_firsts)
                return
            if len(path) >= MAX_DEPTH:
                raise _Unsure
            top = [col, path, {}, 0]  # a mapping at the key's column
            self.stack.append(top)
        self.entry(text, start, col, top)

    def entry(self, text: str, start: int, col: int, top: list) -> None:
        """`key: value` at column `col` of the line at `start`, in the mapping `top`."""
        colon = _key_end(text)
        if colon <= 0:
            raise _Unsure  # not a `key: value` line
        key = text[:colon]
        if key[-1] == " ":
            key = key.rstrip(" ")
        if key[0] in _NOT_PLAIN_START or key[-1] == ":" or colon > _MAX_KEY:
            raise _Unsure  # not a plain key; libyaml's key length limit
        if key[0] in self.typed_firsts:
            _plain_key(key)
        firsts = top[2]
        key_start = start + col
        if key in firsts:
            self.issues.append(("FM001", f"duplicate key {quote(key)} (first at line {line_at(firsts[key])}); "
                                "YAML readers silently keep only the last value", key_start, key_start + len(key)))
        else:
            firsts[key] = key_start
        path = top[1] + (key,)
        value = text[colon + 1:].lstrip(" ")
        value_start = key_start + len(text) - len(value)
        if not value or value[0] == "#":  # empty: libyaml puts the null just after the `:`
            self.pending = (path, key_start + colon + 1, col, False)
        elif value[0] in ">|":
            m = _HEADER.match(value)
            if not m:
                raise _Unsure
            self.scalar = _BlockScalar(m[1] + m[2], value_start, path, col)
        else:
            _value(value, value_start, path, self.out, self.typed_firsts)

    def finish(self) -> tuple[list[Leaf], list[Issue]] | None:
        if self.pending is not None:
            path, mark, _, _ = self.pending
            self.out.append((path, None, mark, mark))
        if len(self.out) > MAX_LEAVES:
            return None
        return self.out, capped(self.issues)


@lru_cache(maxsize=1024)  # keys repeat from document to document
def _plain_key(key: str) -> bool:
    """True for a key libyaml types like any other; refuses one it cannot type (`2024-02-30`, `<<`), which
    yaml_fm reports or merges. (A typed key is kept as written: yaml_fm's _key.)"""
    _construct(key)
    return True


def _key_end(text: str) -> int:
    """The index of the `:` ending the key at the start of `text` (the first `:` followed by a space or the
    end of the line, before any comment), or -1."""
    colon = text.find(": ")
    if colon < 0:
        colon = len(text) - 1 if text[-1] == ":" else -1
    hash_ = text.find(" #", 0, colon)
    return -1 if hash_ >= 0 else colon


def _value(text: str, start: int, path: KeyPath, out: list[Leaf], typed_firsts: Container[str]) -> None:
    """Appends the leaves of the value `text` (running to the end of its line) at offset `start`: any but a
    block scalar. `typed_firsts`: as in _read."""
    first = text[0]
    if first in "'\"":
        close = _closing_quote(text)
        content = text[1:close]
        if first == "'":
            content = content.replace("''", "'")
        elif "\\" in content:
            content = _unescape(content)
        out.append((path, content, start, start + close + 1))
        tail = text[close + 1:]
    elif first == "[":
        close = text.find("]")
        if close < 0:
            raise _Unsure
        out += _flow_items(text[1:close], start + 1, path, typed_firsts)
        tail = text[close + 1:]
    elif first in _INDICATORS and not (first == "-" and text[1:2] not in ("", " ")):  # `-1` is plain
        raise _Unsure
    else:
        hash_ = text.find(" #")
        plain = (text if hash_ < 0 else text[:hash_]).rstrip(" ")
        if ": " in plain or plain[-1] == ":":
            raise _Unsure
        out.append((path, _construct(plain) if first in typed_firsts else plain, start,
                    start + len(plain)))
        return
    if tail and not _TAIL.match(tail):
        raise _Unsure


def _closing_quote(text: str) -> int:
    """The index of the quote closing the quoted scalar that starts `text` (str.find, not a regex: ~20 times
    faster on a long description). In single quotes `''` is a quote; in double quotes `\\"` is, when an odd
    number of backslashes precedes it."""
    quote_ = text[0]
    close = text.find(quote_, 1)
    while close > 0:
        if quote_ == "'":
            if text[close + 1:close + 2] != "'":
                return close
            close = text.find(quote_, close + 2)
        else:
            backslashes = close - 1 - len(text[1:close].rstrip("\\"))
            if backslashes % 2 == 0:
                return close
            close = text.find(quote_, close + 1)
    raise _Unsure  # not closed on its line: a multi-line scalar


class _BlockScalar:
    """A `>` (folded) or `|` (literal) block scalar being read, one line at a time."""

    __slots__ = ("folded", "clip", "start", "path", "key_col", "indent", "parts", "kept", "broke")

    def __init__(self, header: str, start: int, path: KeyPath, key_col: int) -> None:
        self.folded = header[0] == ">"
        self.clip = len(header) == 1  # clip chomping keeps the last line break; strip (`-`) drops it
        self.start, self.path, self.key_col = start, path, key_col
        self.indent = -1  # set by the first line
        self.parts: list[str] = []  # the lines without their indentation; "" for a blank line
        self.kept = 0  # parts up to the last content line (trailing blank lines are chomped)
        self.broke = False  # whether the last content line ends with a line break

    def takes(self, line: str, text: str, broke: bool) -> bool:
        """Whether the line belongs to the scalar (then it is read), or ends it. `text`: the line without its
        indentation; `broke`: whether a line break follows it."""
        indent = len(line) - len(text)
        if self.indent < 0:
            if not text or indent <= self.key_col:
                raise _Unsure  # a leading blank line (libyaml's indentation detection is subtle), or no content
            self.indent = indent
        if not text:  # spaces only: an empty line, unless it has more spaces than the indentation
            if len(line) > self.indent:
                raise _Unsure
            self.parts.append("")
            return True
        if indent < self.indent:
            return False
        text = line[self.indent:]
        if self.folded and text[0] == " ":
            raise _Unsure  # more-indented lines keep their line breaks when folding: not modelled
        self.parts.append(text)
        self.kept, self.broke = len(self.parts), broke
        return True

    def leaf(self, end: int) -> Leaf:
        if not self.kept:
            raise _Unsure  # the block ended on the header line
        parts = self.parts[:self.kept]
        if self.folded:  # a break between two lines folds to a space; n blank lines between them give n breaks
            value, blanks = parts[0], 0
            for part in parts[1:]:
                if part:
                    value += ("\n" * blanks if blanks else " ") + part
                    blanks = 0
                else:
                    blanks += 1
        else:
            value = "\n".join(parts)
        if self.clip and self.broke:
            value += "\n"
        return self.path, value, self.start, end


def _flow_items(flow: str, base: int, path: KeyPath, typed_firsts: Container[str]) -> list[Leaf]:
    """The items of a one-line flow list `[a, b c]` of plain words; `base`: the offset of its content."""
    items: list[Leaf] = []
    if not flow.strip(" "):
        return items
    pos = 0
    while pos < len(flow):
        m = _FLOW_ITEM.match(flow, pos)
        if not m:
            raise _Unsure
        text = m[1]
        value = _construct(text) if text[0] in typed_firsts else text
        items.append((path + (len(items),), value, base + m.start(1), base + m.end(1)))
        pos = m.end()
    if flow.rstrip(" ").endswith(","):
        raise _Unsure  # a trailing comma: valid YAML, but not ours
    return items


def plain_tag(value: str) -> str:
    """The tag the safe loader gives a plain (unquoted, untagged) scalar."""
    for tag, pattern in _BY_FIRST.get(value[:1], _WILDCARDS):  # "" keys the empty value
        if pattern.match(value):
            return tag
    return _STR


@lru_cache(maxsize=4096)  # documents repeat their dates, booleans and numbers; the values are immutable
def _construct(text: str) -> object:
    """A plain scalar's value as PyYAML's safe loader resolves (Resolver.resolve) and constructs it."""
    tag = plain_tag(text)
    if tag == _STR:
        return text
    if tag not in _TYPED:  # `<<` (merge), `=` (value): libyaml's reader handles or refuses them
        raise _Unsure
    if tag == _TIMESTAMP and len(text) == 10:  # YYYY-MM-DD, the only 10-character timestamp: a date, as
        try:  # construct_yaml_timestamp builds it, without its regex and groupdict (~10 times slower)
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:  # e.g. 2024-02-30: yaml_fm reports it, in its own words
            raise _Unsure from None
    try:
        return SAFE_LOADER.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    except Exception:  # e.g. the timestamp 2024-02-30: yaml_fm reports it, in its own words
        raise _Unsure from None


@lru_cache(maxsize=1024)  # a title is often repeated as og:title, twitter:title
def _unescape(text: str) -> str:
    """A double-quoted scalar's content with its escapes decoded as libyaml does."""
    return _ESCAPE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    if m[4] is not None:
        if m[4] not in _ESCAPES:
            raise _Unsure
        return _ESCAPES[m[4]]
    code = int(m[1] or m[2] or m[3], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Unsure  # libyaml: "found invalid Unicode character escape code"
    return chr(code)

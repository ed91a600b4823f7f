"""A fast reader for the common, simple shape of YAML front matter, with exactly the result of yaml_fm.leaves.

Why: libyaml composes a typical 1 KB block in ~130 µs, most of it calling PyYAML's Python resolver once per
node, and the walk over the node tree costs as much again. Most front matter is a few block mappings and lists
of one-line scalars, which a line-by-line reader handles in a fraction of that.

How it stays right: it accepts only a small subset of YAML that it reproduces exactly (values, types, paths,
offsets, order, duplicate-key problems), and answers None -- "not sure, ask libyaml" -- on anything else:
tabs, CR or other line breaks, control or unusual characters, flow mappings, anchors, aliases, tags, `?` keys,
quoted keys, multi-line plain or quoted scalars, directives and document markers, odd indentation, unusual
block scalars, escapes it does not know, keys or values that are not plain one-line text.
Typing reuses PyYAML's own implicit resolvers and safe constructors, so YAML 1.1 quirks (`yes`, `0o17`,
`1_000`, `2024-01-01`) stay identical. tests/test_yaml_fast.py compares both readers on many blocks.

Accepted shape (everything within one line unless said):
- block mappings `key: value` (plain keys, `og:title` included) and block lists `- item`, `- key: value`,
  nested by indentation with spaces; a list may sit at its parent key's indentation;
- values: plain scalars, single- and double-quoted scalars, empty values (null), `[a, b]` lists of plain
  words, and `>`/`|` block scalars (clip or strip chomping, no indentation indicator, no leading blank
  lines; folded ones without more-indented lines);
- full-line comments and trailing ` #` comments.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from oglint.readers.tree import MAX_DEPTH, MAX_LEAVES, Issue, Leaf, PathPart, capped
from oglint.rulekit import quote

# Larger blocks go to libyaml, which also bounds their nesting and size (yaml_fm._SMALL_BLOCK).
_MAX_BLOCK = 65_536
# libyaml refuses a simple key longer than 1024 characters; stay well below.
_MAX_KEY = 1_000

# Characters this reader does not model: all but LF, printable ASCII and the non-ASCII ranges libyaml accepts,
# minus NEL, LS, PS (line breaks to YAML) and the BOM. Tabs and CR are refused with the rest.
_REFUSED = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
# Characters that cannot start a plain scalar (YAML's indicators; `-`, `?`, `:` may in some cases: refused).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What may follow a scalar on its line: spaces, and a comment after at least one space.
_TAIL = re.compile(r"(?: +#.*)? *\Z")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_BLOCK_HEADER = re.compile(r"([>|])(-?)(?: +#.*)? *\Z")
# The escapes of a double-quoted scalar this reader decodes; any other `\` sequence: not sure.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
# Items of a one-line flow list: plain words only (no quotes, no nesting, no `:` or `#`).
_FLOW_ITEM = re.compile(r" *([^ ,\[\]{}#:'\"&*!|>%@`?\-][^,\[\]{}#:'\"]*?) *(?:,|\Z)")

_STR = "tag:yaml.org,2002:str"
_TYPED = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))
# The loader yaml_fm uses (same expression): its resolvers and constructors are the ones to reproduce.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = SafeConstructor()  # stateless for scalars: construct_scalar only reads node.value


class _Unsure(Exception):
    """This block is outside the accepted shape: the libyaml reader decides."""


def leaves(block: str) -> tuple[list[Leaf], list[Issue]] | None:
    """The block's leaves and duplicate-key problems exactly as yaml_fm.leaves gives them, or None when the
    block is not of the simple shape this reader reproduces."""
    if len(block) > _MAX_BLOCK or _refused(block):
        return None
    reader = _Reader(block)
    try:
        reader.read()
    except _Unsure:
        return None
    return reader.out, capped(reader.issues)


class _Reader:
    """Reads line by line. Each container loop stops at a line less indented than its own items, and refuses
    a more indented one, so a multi-line plain scalar or a stray line is never read as something else."""

    def __init__(self, block: str) -> None:
        self.block = block
        self.lines = block.split("\n")
        self.texts = [line.lstrip(" ") for line in self.lines]  # each line without its indentation
        self.offsets = [0, *accumulate(len(line) + 1 for line in self.lines)]
        self.i = 0  # the next line to read
        self.out: list[Leaf] = []
        self.issues: list[Issue] = []

    def read(self) -> None:
        if self.peek() != 0:  # empty, or a root indented or not a mapping: rare, left to libyaml
            raise _Unsure
        self.mapping(0, (), {})
        if self.peek() is not None:
            raise _Unsure

    def peek(self) -> int | None:
        """The indentation of the next line holding content (skipping blank and comment lines), or None."""
        texts = self.texts
        while self.i < len(texts):
            text = texts[self.i]
            if text and text[0] != "#":
                return len(self.lines[self.i]) - len(text)
            self.i += 1
        return None

    def mapping(self, indent: int, path: tuple[PathPart, ...], firsts: dict[str, int]) -> None:
        """The entries at this indentation (`firsts`: line of each key already read, for duplicates)."""
        if len(path) >= MAX_DEPTH:
            raise _Unsure
        while (col := self.peek()) is not None and col >= indent:
            text = self.texts[self.i]
            if col > indent or text[0] == "-" and (len(text) == 1 or text[1] == " "):
                raise _Unsure  # deeper than a key here, or a list item where a key belongs
            self.i += 1
            self.entry(text, col, self.i - 1, path, firsts)

    def sequence(self, indent: int, path: tuple[PathPart, ...]) -> None:
        if len(path) >= MAX_DEPTH:
            raise _Unsure
        n = 0
        while (col := self.peek()) is not None and col >= indent:
            text = self.texts[self.i]
            if not (text[0] == "-" and (len(text) == 1 or text[1] == " ")):
                if col == indent:  # the parent mapping's next key (a list may share its key's indentation)
                    return
                raise _Unsure
            if col > indent:
                raise _Unsure
            line = self.i
            self.i += 1
            self.item(text, col, line, path + (n,))
            n += 1

    def item(self, text: str, col: int, line: int, path: tuple[PathPart, ...]) -> None:
        """A list item `- ...` at column `col` of the line."""
        body = text[1:].lstrip(" ")
        if not body or body[0] == "#":  # `-` alone: null, unless a nested collection follows (not handled)
            nxt = self.peek()
            if nxt is not None and nxt > col:
                raise _Unsure
            mark = self.offsets[line] + col + 1
            self.leaf(path, None, mark, mark)
            return
        body_col = col + len(text) - len(body)
        if body[0] not in "'\"[" and _key_end(body) >= 0:  # `- key: value`: a mapping at the key's column
            firsts: dict[str, int] = {}
            self.entry(body, body_col, line, path, firsts)
            self.mapping(body_col, path, firsts)
        else:
            self.value(body, self.offsets[line] + body_col, path, None)

    def entry(self, text: str, col: int, line: int, path: tuple[PathPart, ...], firsts: dict[str, int]) -> None:
        """`key: value` starting at column `col` of the line."""
        colon = _key_end(text)
        if colon <= 0 or colon > _MAX_KEY:
            raise _Unsure
        key = text[:colon].rstrip(" ")
        if key[0] in _INDICATORS or key[-1] == ":" or key.startswith("..."):
            raise _Unsure  # `---`, `...` and `%` at the start of a line are document markers and directives
        _typed(key)  # a key is kept as written, but one libyaml cannot type (e.g. `2024-02-30`) is not ours
        start = self.offsets[line] + col
        if key in firsts:
            self.issues.append(("FM001", f"duplicate key {quote(key)} (first at line {firsts[key] + 1}); YAML "
                                "readers silently keep only the last value", start, start + len(key)))
        else:
            firsts[key] = line
        path = path + (key,)
        rest = text[colon + 1:]
        body = rest.lstrip(" ")
        if body and body[0] != "#":
            self.value(body, start + len(text) - len(body), path, col)
            return
        nxt = self.peek()  # an empty value: a nested collection on the next lines, or null
        if nxt is not None and nxt >= col:
            nested = self.texts[self.i]
            if nested[0] == "-" and (len(nested) == 1 or nested[1] == " "):
                self.sequence(nxt, path)
                return
            if nxt > col:
                self.mapping(nxt, path, {})
                return
        mark = start + colon + 1  # libyaml puts an empty value just after its `:`
        self.leaf(path, None, mark, mark)

    def value(self, body: str, start: int, path: tuple[PathPart, ...], key_col: int | None) -> None:
        """A scalar or flow list starting at `start`; `body` runs from there to the end of its line. `key_col`:
        the column of the key owning it (None for a list item, whose block scalars are not handled)."""
        first = body[0]
        if first == "'":
            m = _SINGLE.match(body)
            if not m:
                raise _Unsure
            self.leaf(path, m[1].replace("''", "'"), start, start + m.end())
            tail = body[m.end():]
        elif first == '"':
            m = _DOUBLE.match(body)
            if not m:
                raise _Unsure
            self.leaf(path, _unescape(m[1]), start, start + m.end())
            tail = body[m.end():]
        elif first == "[":
            tail = self.flow_list(body, start, path)
        elif first in ">|" and key_col is not None:
            self.block_scalar(body, start, path, key_col)
            return
        elif first in _INDICATORS and not (first == "-" and body[1:2] not in ("", " ")):  # `-1` is plain
            raise _Unsure
        else:
            hash_ = body.find(" #")
            text = (body if hash_ < 0 else body[:hash_]).rstrip(" ")
            if ": " in text or text[-1] == ":":
                raise _Unsure  # libyaml: "mapping values are not allowed here"
            self.leaf(path, _typed(text), start, start + len(text))
            return
        if tail and not _TAIL.match(tail):
            raise _Unsure

    def flow_list(self, body: str, start: int, path: tuple[PathPart, ...]) -> str:
        """`[a, b c, d]` of plain words on one line; returns what follows the `]`."""
        close = body.find("]")
        if close < 0:
            raise _Unsure
        inner = body[1:close]
        if inner.strip(" "):
            pos, n = 0, 0
            while pos < len(inner):
                m = _FLOW_ITEM.match(inner, pos)
                if not m:
                    raise _Unsure
                self.leaf(path + (n,), _typed(m[1]), start + 1 + m.start(1), start + 1 + m.end(1))
                pos, n = m.end(), n + 1
            if inner.rstrip(" ").endswith(","):  # a trailing comma: valid YAML, but not ours
                raise _Unsure
        return body[close + 1:]

    def block_scalar(self, header: str, start: int, path: tuple[PathPart, ...], key_col: int) -> None:
        """`>` (folded) or `|` (literal), clip or strip (`-`) chomping, on the lines more indented than the key."""
        m = _BLOCK_HEADER.match(header)
        if not m:
            raise _Unsure
        folded, keep_last_break = m[1] == ">", not m[2]
        lines, texts = self.lines, self.texts
        first = self.i
        if first >= len(lines) or not texts[first]:
            raise _Unsure  # leading blank lines (indentation detection is subtle), or nothing
        indent = len(lines[first]) - len(texts[first])
        if indent <= key_col:
            raise _Unsure  # an empty block scalar
        parts: list[str] = []  # content lines without indentation; "" for a blank line
        last = first  # the last content line
        i = first
        while i < len(lines):
            line = lines[i]
            if not texts[i]:  # blank: no more spaces than the indentation, or it would be content
                if len(line) > indent:
                    raise _Unsure
                parts.append("")
            elif len(line) - len(texts[i]) < indent:
                break
            else:
                content = line[indent:]
                if folded and content[0] == " ":
                    raise _Unsure  # more-indented lines keep their breaks when folding: not modelled
                parts.append(content)
                last = i
            i += 1
        parts = parts[:last - first + 1]  # trailing blank lines: dropped by clip and strip chomping alike
        if folded:
            value, blanks = parts[0], 0
            for part in parts[1:]:  # a break between two lines folds to a space; n blank lines give n breaks
                if part:
                    value += ("\n" * blanks if blanks else " ") + part
                    blanks = 0
                else:
                    blanks += 1
        else:
            value = "\n".join(parts)
        if keep_last_break and last + 1 < len(lines):  # clip: the last content line's break, if it has one
            value += "\n"
        # libyaml ends the scalar after the last line break it read: at the start of the line that ends it
        # (or the last, blank, line of the block), or at the very end if the last content line has no break.
        end = self.offsets[i] if i < len(lines) else (self.offsets[-2] if last + 1 < len(lines) else len(self.block))
        self.leaf(path, value, start, end)
        self.i = i

    def leaf(self, path: tuple[PathPart, ...], value: object, start: int, end: int) -> None:
        if len(self.out) >= MAX_LEAVES:
            raise _Unsure
        self.out.append((path, value, start, end))


def _refused(block: str) -> bool:
    """Whether the block holds a character this reader does not model. A regex over the whole block costs
    ~10 µs a KB; deleting the common ASCII bytes in C first leaves only the few other characters to look at."""
    rest = block.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    return bool(rest) and _REFUSED.search(rest.decode("utf-8", "surrogatepass")) is not None


def _key_end(text: str) -> int:
    """The index of the `:` ending the key at the start of `text` (the first `:` followed by a space or the
    end of the line, before any comment), or -1."""
    colon = text.find(": ")
    if colon < 0:
        colon = len(text) - 1 if text.endswith(":") else -1
    hash_ = text.find(" #")
    return -1 if colon < 0 or 0 <= hash_ < colon else colon


def _typed(text: str) -> object:
    """A plain scalar's value as PyYAML's safe loader types it."""
    resolvers = _LOADER.yaml_implicit_resolvers
    if text[0] not in resolvers and None not in resolvers:  # most text: no resolver can match
        return text
    return _construct(text)


@lru_cache(maxsize=4096)  # documents repeat their dates, booleans and numbers; the values are immutable
def _construct(text: str) -> object:
    resolvers = _LOADER.yaml_implicit_resolvers
    tag = _STR
    for tag_, regexp in resolvers.get(text[0], []) + resolvers.get(None, []):  # as Resolver.resolve does
        if regexp.match(text):
            tag = tag_
            break
    if tag == _STR:
        return text
    if tag not in _TYPED:  # `<<` (merge), `=` (value): libyaml's reader handles or refuses them
        raise _Unsure
    try:
        return _LOADER.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    except Exception:  # e.g. the timestamp 2024-02-30: yaml_fm reports it, in its own words
        raise _Unsure from None


def _unescape(text: str) -> str:
    """A double-quoted scalar's content with its escapes decoded as libyaml does them."""
    if "\\" not in text:
        return text
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

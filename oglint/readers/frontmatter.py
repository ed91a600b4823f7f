"""Front matter: find the metadata block at the top of a text file and read it into Fields.

Recognised openings (first line of the file, after an optional BOM):
```` ```yaml ```` / ```` ```yml ```` … ```` ``` ```` (the seed layout; as in CommonMark, a fence of more backticks
closes with as many or more), `---` … `---` or `...` (YAML, Jekyll/Hugo/Astro), `+++` … `+++` (TOML,
Hugo/Zola), and a leading JSON object `{ … }` (Hugo).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from oglint import presets
from oglint.model import Document, Field, LineIndex, ReadProblem
from oglint.readers.tree import Leaf, ParseError, key_text, name_lines

_FENCED = re.compile(r"(`{3,})[ \t]*(yaml|yml)[ \t]*(?:\r\n|\r|\n)", re.I)
_LINE_END = re.compile(r"\r\n|\r|\n")
_HEAD = re.compile(r"<head[\s>]", re.I)
# A closing fence: a line break, then a line holding the fence and trailing white space. One regex search
# (led by a character class, which the engine scans for quickly), not a loop over lines: a 10 MB file of
# short lines without a closing fence is read in milliseconds.
_CLOSERS = {fence: re.compile(rf"[\r\n](?:{alternatives})[^\S\r\n]*(?=[\r\n]|\Z)")
            for fence, alternatives in (("---", r"---|\.\.\."), ("+++", r"\+\+\+"))}


@lru_cache(maxsize=8)
def _closer(fence: str) -> re.Pattern[str]:
    """The closing fence for an opening one: a backtick fence closes with as many backticks or more
    (CommonMark)."""
    if fence in _CLOSERS:
        return _CLOSERS[fence]
    return re.compile(rf"[\r\n]`{{{len(fence)},}}[^\S\r\n]*(?=[\r\n]|\Z)")


def read(path: str, text: str, preset: presets.Preset | None = None) -> Document:
    preset = preset or presets.PRESETS["default"]
    index = LineIndex(text)
    opened = _opening(text)
    if opened is None:
        doc = Document(path, "text", text, index, body=text)
        doc.problems.append(ReadProblem("FM011", "no front matter: the file does not start with a ```yaml, "
                                        "---, +++ or { metadata block", index.span(0, 0)))
        return doc
    fmt, fence, block_start = opened
    first_line_end = _line_end(text, 0)
    doc = Document(path, fmt, text, index, anchor=index.span(0, first_line_end), fence=fence,
                   generator="" if preset.name == "default" else preset.name, generated=preset.writes)
    if fmt == "json":
        from oglint.readers import json_fm as parser
        block_end, body_start = parser.extent(text)
    else:
        closing = _closing(text, block_start, fence)
        if closing is None:
            doc.problems.append(ReadProblem("FM001", f"the front matter opened by {fence!r} on line 1 is never "
                                            "closed", doc.anchor))
            return doc
        block_end, body_start = closing
        if fmt == "yaml":
            from oglint.readers import yaml_fm as parser
        else:
            from oglint.readers import toml_fm as parser
    doc.body, doc.body_start = text[body_start:], body_start
    block = text[block_start:block_end]
    try:
        leaves, issues = parser.leaves(block)
        doc.fields = preset.with_fallbacks(list(_fields(leaves, text, block_start, index, preset)))
        def line(offset: int) -> int:
            return index.position(block_start + offset)[0]

        doc.problems += [ReadProblem(code, name_lines(message, line),
                                     index.span(block_start + start, block_start + end))
                         for code, message, start, end in issues]
    except ParseError as exc:  # a syntax error or a bound exceeded: a finding at the place the parser names
        code, message, start, end = exc.args
        doc.problems.append(ReadProblem(code, message, index.span(block_start + start, block_start + end)))
    if not doc.fields and not doc.problems:
        doc.problems.append(ReadProblem("FM011", "the front matter holds no metadata", doc.anchor))
    return doc


def fenced(text: str) -> bool:
    """Whether the text opens with a `---` or `+++` line and writes no `<head>` of its own: a site generator's
    source page whose layout writes the card from its front matter, even when it is named .html (Jekyll and
    Hugo take front matter from pages of any suffix; a rendered page never starts so). A source page with
    its own head (`layout: null`) is read for that head, as its page will be."""
    opening = _opening(text)
    return opening is not None and opening[1] in ("---", "+++") and _HEAD.search(text, opening[2]) is None


def _opening(text: str) -> tuple[str, str, int] | None:
    """(format, fence, offset where the block starts) for a recognised opening line."""
    m = _FENCED.match(text)
    if m:
        return "yaml", m.group(1), m.end()
    for fence, fmt in (("---", "yaml"), ("+++", "toml")):
        if text.startswith(fence):
            end = _line_end(text, 0)
            if text[len(fence):end].strip() == "":
                return fmt, fence, _next_line(text, end)
    if text.startswith("{"):
        return "json", "{", 0
    return None


def _closing(text: str, start: int, fence: str) -> tuple[int, int] | None:
    """(end of the block, start of the body) at the first closing fence line from `start`, a line start just
    after the opening line's break."""
    m = _closer(fence).search(text, start - 1)
    return (m.start() + 1, _next_line(text, m.end())) if m else None


def _line_end(text: str, pos: int) -> int:
    m = _LINE_END.search(text, pos)
    return m.start() if m else len(text)


def _next_line(text: str, line_end: int) -> int:
    m = _LINE_END.match(text, line_end)
    return m.end() if m else line_end


def _fields(leaves: Iterable[Leaf], text: str, base: int, index: LineIndex,
            preset: presets.Preset) -> Iterator[Field]:
    for path, value, start, end in leaves:
        start, end = base + start, base + end
        yield Field(preset.name_of(path), value, text[start:end], start, None, key_text(path), index=index)

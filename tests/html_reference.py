"""The HTML reader as it was before it was made faster (commit ea42766): a plain, obviously linear version kept
as the oracle that tests/test_readers.py compares oglint.readers.html with, field by field. Do not optimise it.

HTML pages: the `<head>` is read by a small tokenizer that follows the HTML5 rules that matter here
(comments, `<!…>`/`<?…>` declarations, end tags, raw-text elements like `<script>` and `<title>`, quoted
attribute values that hold `>`), and each metadata tag's attributes are then read from the source, so that
values are decoded by the HTML5 rule (`?a=1&copy=2` stays literal, unlike CPython's html.parser, gh-69426)
and spans point at the exact attribute value. The rest of the page is scanned for metadata tags that sit
outside the head, which consumers ignore.

Every step is linear in the size of the page, whatever it holds: CPython's html.parser (which bs4 drives)
is quadratic on inputs such as `<a<a<a…` or unclosed `<![CDATA[` before Python 3.13.4 (CVE-2025-6069; 160 KB
of `<a` took 35 s), and is not used. Tags with more than MAX_ATTRIBUTES attributes are read up to the bound.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterator

from oglint.entities import decode_attribute, decode_text
from oglint.model import Document, Field, LineIndex, ReadProblem
from oglint.readers.tree import MAX_LEAVES, canonical_name

MAX_ATTRIBUTES = 1_000
_WANTED = frozenset({"html", "head", "title", "meta", "link", "base"})
# Elements whose content is text, not markup, up to their end tag (HTML5 raw text and RCDATA elements).
_RAW_TEXT = frozenset({"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"})
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_NAME_CHARS = re.compile(r"[^\s/>]*")
_TAG_STOP = re.compile(r"[>=]")
_SEPARATORS = re.compile(r"[\s/]*")
_VALUE_QUOTE = re.compile(r"""[ \t\n\r\f]*(["'])""")
_ATTR = re.compile(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# A match never runs past the next `<`, so the scan stays linear on thousands of unclosed `<meta` (the price:
# a tag after the head with a `<` inside an attribute value is not seen).
_BODY_TAG = re.compile(r"<(?:meta|link)\b[^<>]*?(?:og:|twitter:|canonical)[^<>]*>", re.I)
_TITLE_END = re.compile(r"</title\s*>", re.I)

# Attribute, as (name, value, value start offset, value end offset).
Attr = tuple[str, str, int, int]


def read(path: str, text: str) -> Document:
    index = LineIndex(text)
    doc = Document(path, "html", text, index)
    tags, head_end = _head_tags(text)
    if len(tags) > MAX_LEAVES:  # like front matter: the tags past the bound are not read
        start = tags[MAX_LEAVES][1]
        doc.problems.append(ReadProblem("FM012", f"the head holds more than {MAX_LEAVES} metadata tags; the rest "
                                        "are not read", index.span(start, start + 1)))
        del tags[MAX_LEAVES:]
    for name, start in tags:
        if name == "head" or (name == "html" and doc.anchor.line == 1 == doc.anchor.column):
            doc.anchor = index.span(start, start + len(name) + 1)
        doc.fields += _fields(name, text, start, index)
    for m in islice(_outside_comments(text, _BODY_TAG.finditer(text, head_end), head_end), MAX_LEAVES):
        doc.outside_head += _fields(m.group(0)[1:5].lower().strip(), text, m.start(), index)
    return doc


def _head_tags(text: str) -> tuple[list[tuple[str, int]], int]:
    """The head's metadata start tags as (name, offset of `<`), in order, and the offset where the head ends:
    the first `</head>` or `<body>` tag, else the end of the text. A tag that the text ends inside is dropped."""
    tags: list[tuple[str, int]] = []
    pos, n = 0, len(text)
    while (lt := text.find("<", pos)) >= 0:
        if text.startswith("<!--", lt):  # a comment ends at the first -->, which may follow <! at once (<!-->)
            close = text.find("-->", lt + 2)
            pos = n if close < 0 else close + 3
            continue
        closing = text.startswith("</", lt)
        name = _TAG_NAME.match(text, lt + 2 if closing else lt + 1)
        if name is None:
            if closing or text.startswith(("<!", "<?"), lt):  # a declaration or bogus comment, up to >
                close = text.find(">", lt)
                pos = n if close < 0 else close + 1
            else:  # a `<` that starts no tag is text
                pos = lt + 1
            continue
        tag = name.group().lower()
        end = _tag_end(text, name.end())
        if end is None:
            break
        if closing or tag == "body":
            if tag in ("head", "body"):
                return tags, lt
        elif tag in _WANTED:
            tags.append((tag, lt))
        pos = end
        if not closing and tag in _RAW_TEXT:
            close = re.compile(rf"</{tag}[\s/>]", re.I).search(text, end)
            pos = close.start() if close else n
    return tags, n


def _tag_end(text: str, i: int) -> int | None:
    """The offset just past the `>` that ends a tag whose attributes start at `i`, or None if the text ends
    first. A quote opens a value only after `=`, and a `>` inside a quoted value does not end the tag."""
    while m := _TAG_STOP.search(text, i):
        if m.group() == ">":
            return m.end()
        quote = _VALUE_QUOTE.match(text, m.end())
        if quote is None:
            i = m.end()
            continue
        close = text.find(quote.group(1), quote.end())
        if close < 0:
            return None
        i = close + 1
    return None


def _outside_comments(text: str, matches: Iterator[re.Match[str]], start: int) -> Iterator[re.Match[str]]:
    """The matches that do not start inside an HTML comment. One forward pass: every comment is looked up once."""
    cursor = start  # comments that open before the cursor have closed at or before it
    for m in matches:
        if m.start() < cursor:
            continue
        while (opened := text.find("<!--", cursor, m.start())) >= 0:
            close = text.find("-->", opened + 2)
            cursor = len(text) if close < 0 else close + 3
            if cursor > m.start():
                break
        if m.start() >= cursor:
            cursor = m.start()
            yield m


def _fields(tag: str, text: str, start: int, index: LineIndex) -> list[Field]:
    attrs = list(islice(_attributes(text, start), MAX_ATTRIBUTES))
    first: dict[str, Attr] = {}
    for a in attrs:
        first.setdefault(a[0], a)  # HTML5: the first of duplicate attributes wins
    values = {name: a[1] for name, a in first.items()}
    tag_end = text.find(">", start)
    tag_span = index.span(start, tag_end + 1 if tag_end >= 0 else len(text))

    def field(name: str, attr: str | None, key: str) -> Field:
        a = first.get(attr) if attr else None
        if a is None:  # no such attribute: the value is missing, the finding points at the tag
            return Field(name, None, "", start, tag_span, key, values)
        return Field(name, a[1], text[a[2]:a[3]], a[2], index.span(a[2], a[3]), key, values)

    if tag == "meta":
        key = values.get("property") or values.get("name") or values.get("itemprop")
        return [field(canonical_name((key.strip().lower(),)), "content", key)] if key else []
    if tag == "link":
        rels = values.get("rel", "").lower().split()
        if "canonical" in rels:
            return [field("canonical", "href", "canonical")]
        if "alternate" in rels and "hreflang" in values:
            return [field("hreflang", "href", "hreflang")]
        return []
    if tag == "html":
        out = [field("lang", "lang", "lang")] if "lang" in values else []
        return out + ([field("prefix", "prefix", "prefix")] if "prefix" in values else [])
    if tag == "head":
        return [field("prefix", "prefix", "prefix")] if "prefix" in values else []
    if tag == "base":
        return [field("base", "href", "base")] if "href" in values else []
    # <title>: its text, decoded as text content
    inner = tag_end + 1
    m = _TITLE_END.search(text, inner)
    end = m.start() if m else inner
    return [Field("title", decode_text(text[inner:end]), text[inner:end], inner, index.span(inner, end), "title",
                  values)]


def _attributes(text: str, start: int) -> Iterator[Attr]:
    """The start tag's attributes at `start` (`<name ...>`), values decoded by the HTML5 attribute rule."""
    i = _NAME_CHARS.match(text, start + 1).end()  # type: ignore[union-attr]  # past the tag name
    while i < len(text):
        i = _SEPARATORS.match(text, i).end()  # type: ignore[union-attr]  # always matches
        if i >= len(text) or text[i] == ">":
            return
        m = _ATTR.match(text, i)
        if not m:
            return
        name = m.group(1).lower()
        group = next((g for g in (2, 3, 4) if m.group(g) is not None), None)
        if group is None:
            yield name, "", m.end(), m.end()
        else:
            yield name, decode_attribute(m.group(group)), m.start(group), m.end(group)
        i = m.end()

"""HTML pages: the `<head>` is read by a small tokenizer that follows the HTML5 rules that matter here
(comments, `<!…>`/`<?…>` declarations, end tags, raw-text elements like `<script>` and `<title>`, quoted
attribute values that hold `>`), and each metadata tag's attributes are then read from the source, so that
values are decoded by the HTML5 rule (`?a=1&copy=2` stays literal, unlike CPython's html.parser, gh-69426)
and spans point at the exact attribute value. The rest of the page is scanned for metadata tags that sit
outside the head, which consumers ignore.

Every step is linear in the size of the page, whatever it holds: CPython's html.parser (which bs4 drives)
is quadratic on inputs such as `<a<a<a…` or unclosed `<![CDATA[` before Python 3.13.4 (CVE-2025-6069; 160 KB
of `<a` took 35 s), and is not used. Tags with more than MAX_ATTRIBUTES attributes are read up to the bound.

Speed: the scanning is done by the regex engine in C, one search per piece of markup and one match per
attribute, so Python code runs per tag, not per character; values are decoded only when they hold `&`.
tests/html_reference.py keeps the plainer reader this replaced, and tests/test_readers.py checks that both
read any text alike.
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
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}[\s/>]", re.I) for tag in _RAW_TEXT}
# The rest of a tag after its name up to the `>` that ends it, as _tag_end reads it, for a tag with at most 8
# `=` (nearly all tags). Each `=` starts exactly one branch, so there is one way to match and a failure costs
# one linear pass. The bound matters: the regex engine keeps a frame per repetition of a group (5 MB of `=`
# took 1.7 GB unbounded); other tags, and tags the text ends inside, are left to _tag_end.
_WS = "[ \t\n\r\f]"
_TAG_REST = rf"""[^>=]*(?:(?:={_WS}*"[^"]*"|={_WS}*'[^']*'|=(?!{_WS}*["']))[^>=]*){{0,8}}>"""
# The next piece of markup, in one C-level search: a comment opening (group 1); a start or end tag (`/` in
# group 2) with its name (3) and, in most cases, the rest up to its `>` (4); or a declaration or bogus comment
# (`<!…`, `<?…`, `</` not followed by a letter), which runs up to the next `>`. A `<` that starts none of
# these is text, and the search passes over it.
_MARKUP = re.compile(rf"<(?:(!--)|(/?)([A-Za-z][^\s/>]*)({_TAG_REST})?|[!?/])")
_TAG_STOP = re.compile(r"[>=]")
_VALUE_QUOTE = re.compile(r"""[ \t\n\r\f]*(["'])""")
_NAME_CHARS = re.compile(r"[^\s/>]*")
# One attribute with the separators before it: name (group 1), then a double-quoted (2), single-quoted (3)
# or unquoted (4) value. Reading stops where this does not match: at the `>`, the end, or a stray quote or `=`.
_ATTR = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
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
    while m := _MARKUP.search(text, pos):
        lt = m.start()
        comment, closing, name, rest = m.groups()
        if comment:  # a comment ends at the first -->, which may follow <! at once (<!-->)
            close = text.find("-->", lt + 2)
            pos = n if close < 0 else close + 3
            continue
        if name is None:  # a declaration or bogus comment, up to >
            close = text.find(">", lt)
            pos = n if close < 0 else close + 1
            continue
        if rest is not None:
            end = m.end()
        elif (end := _tag_end(text, m.end(3))) is None:  # the text ends inside this tag
            break
        tag = name.lower()
        if closing or tag == "body":
            if tag in ("head", "body"):
                return tags, lt
        elif tag in _WANTED:
            tags.append((tag, lt))
        pos = end
        if not closing and tag in _RAW_TEXT:
            close = _RAW_TEXT_END[tag].search(text, pos)
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
    values: dict[str, str] = {}  # attribute name -> decoded value
    spans: dict[str, tuple[int, int]] = {}  # attribute name -> (start, end) of its value as written
    for name, value, value_start, value_end in islice(_attributes(text, start), MAX_ATTRIBUTES):
        if name not in values:  # HTML5: the first of duplicate attributes wins
            values[name], spans[name] = value, (value_start, value_end)

    def field(name: str, attr: str, key: str) -> Field:
        span = spans.get(attr)
        if span is None:  # no such attribute: the value is missing, the finding points at the tag
            tag_end = text.find(">", start)
            return Field(name, None, "", start, index.span(start, tag_end + 1 if tag_end >= 0 else len(text)), key,
                         values)
        value_start, value_end = span
        return Field(name, values[attr], text[value_start:value_end], value_start, None, key, values, index=index)

    if tag == "meta":
        key = values.get("property") or values.get("name") or values.get("itemprop")
        if not key and values.get("http-equiv", "").strip().lower() == "refresh":
            return [field("http-equiv:refresh", "content", "http-equiv")]  # a redirect stub's (rulekit.redirects)
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
    inner = text.find(">", start) + 1
    m = _TITLE_END.search(text, inner)
    end = m.start() if m else inner
    return [Field("title", decode_text(text[inner:end]), text[inner:end], inner, None, "title", values, index=index)]


def _attributes(text: str, start: int) -> Iterator[Attr]:
    """The start tag's attributes at `start` (`<name ...>`), values decoded by the HTML5 attribute rule; a name
    without a value has "" at the end of the name. rules/structure.py re-reads tags with it too."""
    i = _NAME_CHARS.match(text, start + 1).end()  # type: ignore[union-attr]  # past the tag name
    while m := _ATTR.match(text, i):
        i = m.end()
        group = m.lastindex  # the value's group (2, 3 or 4), or 1 (the name) when there is no value
        if group == 1:
            yield m.group(1).lower(), "", i, i
        else:
            raw = m.group(group)
            # only a `&` starts a character reference: most values need no decoding
            yield m.group(1).lower(), decode_attribute(raw) if "&" in raw else raw, *m.span(group)

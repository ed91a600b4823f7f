"""HTML pages: the `<head>` is parsed with beautifulsoup4 (html.parser, which reports tag positions), and
each tag's attributes are then re-read from the source at that position, so that values are decoded by the
HTML5 rule (`?a=1&copy=2` stays literal, unlike CPython's html.parser, gh-69426) and spans point at the exact
attribute value. Only the head is parsed (bs4 over whole pages is ~15× slower); the rest of the page is
scanned for metadata tags that sit outside the head, which consumers ignore.
"""

from __future__ import annotations

import re
from typing import Iterator

from oglint.entities import decode_attribute, decode_text
from oglint.model import Document, Field, LineIndex
from oglint.readers.tree import canonical_name

_HEAD_END = re.compile(r"<(?:/head|body)[\s>/]", re.I)
_ATTR = re.compile(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_BODY_TAG = re.compile(r"<(?:meta|link)\b[^>]*?(?:og:|twitter:|canonical)[^>]*>", re.I)
_TITLE_END = re.compile(r"</title\s*>", re.I)
_LF = re.compile(r"\n")

# Attribute, as (name, value, value start offset, value end offset).
Attr = tuple[str, str, int, int]


def read(path: str, text: str) -> Document:
    from bs4 import BeautifulSoup  # heavy import (~140 ms): only when there is HTML to read

    index = LineIndex(text)
    doc = Document(path, "html", text, index)
    m = _HEAD_END.search(text)
    head_end = m.start() if m else len(text)
    soup = BeautifulSoup(text[:head_end], "html.parser")
    lf_starts = [0] + [x.end() for x in _LF.finditer(text, 0, head_end)]
    for tag in soup.find_all(["html", "head", "title", "meta", "link", "base"]):
        if tag.sourceline is None:
            continue
        start = lf_starts[tag.sourceline - 1] + tag.sourcepos  # html.parser counts LF-separated lines
        if tag.name == "head" or (tag.name == "html" and doc.anchor.line == 1 == doc.anchor.column):
            doc.anchor = index.span(start, start + len(tag.name) + 1)
        doc.fields += _fields(tag.name, text, start, index)
    for m in _BODY_TAG.finditer(text, head_end):
        if text.rfind("<!--", 0, m.start()) <= text.rfind("-->", 0, m.start()):  # not inside a comment
            doc.outside_head += _fields(m.group(0)[1:5].lower().strip(), text, m.start(), index)
    return doc


def _fields(tag: str, text: str, start: int, index: LineIndex) -> list[Field]:
    attrs = list(_attributes(text, start))
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
    i = start + 1
    while i < len(text) and not (text[i].isspace() or text[i] in "/>"):
        i += 1  # past the tag name
    while i < len(text):
        while i < len(text) and (text[i].isspace() or text[i] == "/"):
            i += 1
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

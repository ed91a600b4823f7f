"""Text values (titles, descriptions, alt texts): where a character of a decoded value sits in the source, and
how alike two texts are.

A rule that finds a problem in `field.value` (a double space, the part of a title that differs) wants to point
at those characters in `field.raw`, which may hold quotes, YAML/JSON/TOML escapes or HTML character references.
`raw_range` traces value offsets back to the source; when the value cannot be traced exactly (e.g. a folded
multi-line scalar), it says so and the rule points at the whole value instead — never at the wrong place.
"""

from __future__ import annotations

import re
from typing import Iterator

from oglint.entities import find_references, find_unterminated
from oglint.model import Document, Field, Problem

# The page's human-readable texts: search-head, Open Graph and X card titles, descriptions and alt texts.
TEXT_FIELDS = frozenset({
    "title", "description", "og:title", "og:description", "og:site_name", "twitter:title",
    "twitter:description", "og:image:alt", "twitter:image:alt",
})

# Separators between a page title and the site name ("Post | Site", "Post » Site"): those Yoast SEO offers.
SEPARATORS = "|-–—·:•*⋆~«»<>"

# One unit of a value's source: (raw start, raw end, the text it stands for in the value).
Unit = tuple[int, int, str]

_YAML_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
                 "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
                 "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _plain(raw: str, start: int, end: int) -> Iterator[Unit]:
    for i in range(start, end):
        yield i, i + 1, raw[i]


def _html_units(raw: str, in_attribute: bool) -> Iterator[Unit]:
    refs = {r.start: r for r in find_references(raw) if r.decoded}
    refs.update({r.start: r for r in find_unterminated(raw, in_attribute) if r.decoded})
    i = 0
    while i < len(raw):
        ref = refs.get(i)
        if ref:
            yield ref.start, ref.end, ref.decoded
            i = ref.end
        else:
            yield i, i + 1, raw[i]
            i += 1


def _escaped_units(raw: str, start: int, end: int) -> Iterator[Unit]:
    """A double-quoted YAML/JSON/TOML string body: backslash escapes become their character."""
    i = start
    while i < end:
        if raw[i] != "\\" or i + 1 >= end:
            yield i, i + 1, raw[i]
            i += 1
            continue
        kind = raw[i + 1]
        size = _HEX_ESCAPES.get(kind)
        if size and re.fullmatch(r"[0-9A-Fa-f]+", raw[i + 2:i + 2 + size] or "-"):
            code, stop = int(raw[i + 2:i + 2 + size], 16), i + 2 + size
            low = re.match(r"\\u(d[c-f][0-9a-f]{2})", raw[stop:end], re.I)
            if 0xD800 <= code <= 0xDBFF and low:  # JSON: a surrogate pair is one character
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                stop += 6
            yield i, stop, chr(code) if code <= 0x10FFFF else ""
            i = stop
        else:
            yield i, i + 2, _YAML_ESCAPES.get(kind, kind)
            i += 2


def _single_quoted_units(raw: str, start: int, end: int) -> Iterator[Unit]:
    """A YAML single-quoted body: `''` is one quote."""
    i = start
    while i < end:
        step = 2 if raw.startswith("''", i) and i + 1 < end else 1
        yield i, i + step, raw[i]
        i += step


# In a TOML multi-line string: the line end right after the opening quotes (left out of the value); in a basic one,
# a backslash that ends a line, with the white space and line ends after it (it stands for nothing).
_TOML_FIRST_LINE_END = re.compile(r"(?:\r\n|\r|\n)?")
_TOML_LINE_JOIN = re.compile(r"\\[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")


def _toml_multi_line_units(raw: str) -> Iterator[Unit]:
    """A TOML multi-line string, basic or literal: the first line end is left out if it comes right after the
    opening quotes, every line end stands for LF (CR LF and, as the reader reads it, a lone CR), and in a basic
    string escapes are decoded and a line-ending backslash joins the lines."""
    basic, end = raw[0] == '"', len(raw) - 3  # the last three quotes close it (any more belong to the body)
    i = _TOML_FIRST_LINE_END.match(raw, 3).end()  # type: ignore[union-attr]  # always matches
    while i < end:
        if basic and raw[i] == "\\":
            join = _TOML_LINE_JOIN.match(raw, i, end)
            unit = (i, join.end(), "") if join else next(_escaped_units(raw, i, end))
        elif raw[i] in "\r\n":
            unit = (i, i + 2 if raw.startswith("\r\n", i) else i + 1, "\n")
        else:
            unit = (i, i + 1, raw[i])
        yield unit
        i = unit[1]


def units(doc: Document, f: Field) -> list[Unit] | None:
    """The source units of a text value, in order, or None when they do not spell exactly `f.value`."""
    raw, value = f.raw, f.value
    if not isinstance(value, str):
        return None
    if doc.is_html:
        found = list(_html_units(raw, in_attribute=f.name != "title"))
    elif raw[:3] in ('"""', "'''") and doc.kind == "toml":
        found = list(_toml_multi_line_units(raw))
    elif raw[:1] == '"' and len(raw) >= 2:
        found = list(_escaped_units(raw, 1, len(raw) - 1))
    elif raw[:1] == "'" and len(raw) >= 2:
        body = _plain if doc.kind == "toml" else _single_quoted_units
        found = list(body(raw, 1, len(raw) - 1))
    else:
        found = list(_plain(raw, 0, len(raw)))
    return found if "".join(u[2] for u in found) == value else None


def _verbatim_at(doc: Document, f: Field) -> int | None:
    """Where the value stands in its source character for character (0, or 1 after an opening quote), or None
    when it has to be traced unit by unit. Most values hold no escape, quote or reference: this spares them
    tracing (`_runs`)."""
    raw, value = f.raw, f.value
    if not isinstance(value, str):
        return None
    if doc.is_html:  # without '&' there is no reference, so each character stands for itself
        return 0 if "&" not in raw and raw == value else None
    if raw[:1] == '"' and len(raw) >= 2:  # also TOML's '"""', which then cannot equal its body
        return 1 if "\\" not in raw and raw[1:-1] == value else None
    if raw[:1] == "'" and len(raw) >= 2:  # YAML's "''" is one quote; TOML's literal strings have no escape
        return 1 if "''" not in raw[1:-1] and raw[1:-1] == value else None
    return 0 if raw == value else None


# A unit, or a run of characters that stand for themselves one by one (verbatim=True): an offset inside a
# run maps straight to the source.
Run = tuple[int, int, str, bool]


def _verbatim_run(raw: str, start: int, end: int) -> list[Run]:
    """raw[start:end] as one run of characters that stand for themselves (none when it is empty)."""
    return [(start, end, raw[start:end], True)] if start < end else []


def _html_runs(raw: str, in_attribute: bool) -> list[Run]:
    """_html_units, with the text between two references as one verbatim run."""
    refs = {r.start: r for r in find_references(raw) if r.decoded}  # the references _html_units decodes
    refs.update({r.start: r for r in find_unterminated(raw, in_attribute) if r.decoded})
    runs: list[Run] = []
    i = 0
    for start in sorted(refs):
        if start < i:  # inside the reference before: _html_units skips it the same way
            continue
        runs += _verbatim_run(raw, i, start)
        ref = refs[start]
        runs.append((ref.start, ref.end, ref.decoded, False))
        i = ref.end
    return runs + _verbatim_run(raw, i, len(raw))


def _escaped_runs(raw: str, start: int, end: int) -> list[Run]:
    """_escaped_units, with the text between two escapes as one verbatim run."""
    runs: list[Run] = []
    i = start
    # A backslash escapes the next character; one in the last place has none and stands for itself.
    while (slash := raw.find("\\", i, end - 1)) >= 0:
        runs += _verbatim_run(raw, i, slash)
        unit = next(_escaped_units(raw, slash, end))  # what tracing unit by unit finds at the backslash
        runs.append((*unit, False))
        i = unit[1]
    return runs + _verbatim_run(raw, i, end)


def _single_quoted_runs(raw: str, start: int, end: int) -> list[Run]:
    """_single_quoted_units, with the text between two `''` as one verbatim run."""
    runs: list[Run] = []
    i = start
    while (pair := raw.find("''", i, end)) >= 0:
        runs += _verbatim_run(raw, i, pair)
        runs.append((pair, pair + 2, "'", False))
        i = pair + 2
    return runs + _verbatim_run(raw, i, end)


def _runs(doc: Document, f: Field) -> list[Run] | None:
    """`units`, except that the characters between two references or escapes are one verbatim run: tracing a
    long description then takes a step per reference or escape instead of a tuple and a step per character."""
    raw, value = f.raw, f.value
    if not isinstance(value, str):
        return None
    if doc.is_html:
        found = _html_runs(raw, in_attribute=f.name != "title")
    elif raw[:3] in ('"""', "'''") and doc.kind == "toml":  # rare: unit by unit
        found = [(*unit, False) for unit in _toml_multi_line_units(raw)]
    elif raw[:1] == '"' and len(raw) >= 2:
        found = _escaped_runs(raw, 1, len(raw) - 1)
    elif raw[:1] == "'" and len(raw) >= 2:
        body = _verbatim_run if doc.kind == "toml" else _single_quoted_runs
        found = body(raw, 1, len(raw) - 1)
    else:
        found = _verbatim_run(raw, 0, len(raw))
    return found if "".join(run[2] for run in found) == value else None


def raw_range(doc: Document, f: Field, start: int, end: int) -> tuple[int, int] | None:
    """The raw offsets of value[start:end], or None when the value cannot be traced to its source."""
    at = _verbatim_at(doc, f)
    if at is not None:  # what `units` would find, without building them
        return (at + start, at + end) if 0 <= start < end <= len(f.value) else None
    found = _runs(doc, f)
    if found is None or not 0 <= start < end:
        return None
    position = 0
    raw_start = raw_end = None
    for u_start, u_end, text, verbatim in found:
        following = position + len(text)
        if raw_start is None and following > start:
            raw_start = u_start + (start - position if verbatim else 0)
        if following >= end:
            raw_end = u_start + (end - position) if verbatim else u_end
            break
        position = following
    return (raw_start, raw_end) if raw_start is not None and raw_end is not None else None


def problem_at(doc: Document, f: Field, start: int, end: int, message: str) -> Problem:
    """A problem at value[start:end] of a text field, or at the whole value when it cannot be traced."""
    where = raw_range(doc, f, start, end)
    return doc.problem_in(f, *where, message) if where else doc.problem(message, f)


def head_fields(doc: Document, name: str) -> list[Field]:
    """The page's `title` or `description` as search engines read them: in HTML only the `<title>` element
    and `<meta name="description">` (not `<meta name="title">` or microdata `itemprop="description"`, which
    read into the same field names); in front matter, the keys."""
    found = doc.by_name().get(name, [])  # the per-document index: rules ask this of every document, often
    if not doc.is_html:
        return list(found)
    if name == "title":
        return [f for f in found if "content" not in (f.attrs or {}) and "name" not in (f.attrs or {})]
    return [f for f in found if (f.attrs or {}).get("name", "").strip().lower() == name]


def head_field(doc: Document, name: str) -> Field | None:
    found = head_fields(doc, name)
    return found[0] if found else None


def text_of(f: Field | None) -> str:
    """A field's value as stripped text ("" when absent)."""
    return f.text.strip() if f else ""


_SITE_AFTER = re.compile(rf"\s*[{re.escape(SEPARATORS)}]\s*(\S.*)", re.S)  # " | Site"
_SITE_BEFORE = re.compile(rf"(.*\S)\s*[{re.escape(SEPARATORS)}]\s*", re.S)  # "Site | "


def split_site_suffix(title: str, page_title: str) -> str | None:
    """The site name in `title` when it is `page_title` followed by a separator and a name, else None."""
    if not page_title or not title.startswith(page_title):
        return None
    m = _SITE_AFTER.fullmatch(title, len(page_title))
    return m.group(1).strip() if m else None


def split_site_prefix(title: str, page_title: str) -> str | None:
    """The site name in `title` when it is a name, a separator and then `page_title`, else None."""
    if not page_title or not title.endswith(page_title):
        return None
    m = _SITE_BEFORE.fullmatch(title[: len(title) - len(page_title)])
    return m.group(1).strip() if m else None


_WORD = re.compile(r"\w+")
# Words too common to make two texts related.
_STOP = frozenset("a an and are as at be by for from has have in is it its of on or our the this to was we "
                  "with you your".split())


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP}


def unrelated(a: str, b: str, threshold: float = 0.34) -> bool:
    """Whether two texts share almost nothing: neither contains the other and fewer than `threshold` of the
    shorter text's words appear in the other one (a stale template copy, a different page's text)."""
    fa, fb = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    if not fa or not fb or fa in fb or fb in fa:
        return False
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) < threshold

"""ENT: HTML character references where they do not belong — left escaped in front matter, escaped twice
in HTML (RULES.md §1.8: decode once, then look only for `;`-terminated references) — and text that went
through the wrong encoding on its way (mojibake) or carries invisible characters.

Only `;`-terminated references and the tokenizer's legacy names count, so `R&D`, `AT&T` and `this&that` are
never entities. URL values are left to the URL rules (URL010, URL021) where those cover the same ground.
"""

from __future__ import annotations

import re
import unicodedata
from html.entities import html5
from typing import Any, Iterator, Mapping

from oglint.entities import EntityRef, find_references, find_unterminated
from oglint.model import Document, Field, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import URL_PROPERTIES, decodable_residue, entity_residue, listing, quote


def _texts(doc: Document) -> list[Field]:
    """Fields holding text (not URLs) whose source is a string: worked out once per document, as several
    rules walk them (callers must not change the list)."""
    return doc.derived(_text_values)


def _text_values(doc: Document) -> list[Field]:
    return [f for f in doc.fields if f.name not in URL_PROPERTIES and isinstance(f.value, str) and f.raw]


# Every character reference starts with '&', and a quarter of front-matter documents hold none: one search of
# the block all fields come from proves it for the whole document, before any per-field work. (Not worth it
# for ENT007 and ENT008: a regex search of the whole block costs as much as their per-field work.)

def _block_end(doc: Document) -> int | None:
    """Where a front-matter block ends: every field's source (Field.raw) is a slice of doc.text before it, where
    the body starts. None in HTML, whose fields may be anywhere in the page: searching all of it would cost
    more than looking at each field."""
    return doc.body_start if not doc.is_html and doc.body_start else None


def _no_source_holds(doc: Document, text: str) -> bool:
    """Whether no field's source holds `text` (False: it may, look at each field)."""
    end = _block_end(doc)
    return end is not None and doc.text.find(text, 0, end) < 0


def _with_ampersand(doc: Document) -> list[Field]:
    """The text fields whose source holds an '&': no character reference can be anywhere else."""
    if _no_source_holds(doc, "&"):
        return []
    # '&' first: it rules out most fields at the cost of one substring search
    return [f for f in doc.fields if "&" in f.raw and f.name not in URL_PROPERTIES and isinstance(f.value, str)]


def _in_attribute(doc: Document, f: Field) -> bool:
    """HTML attribute values and front matter follow the attribute rule; <title> text is text content."""
    return not (doc.is_html and doc.text[f.start - 1:f.start] == ">")


@rule("ENT001", "double-escaped", Severity.ERROR, inputs="H", fixable=True)
def double_escaped(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an HTML value that is escaped twice. After the one decode consumers do it still holds a
    character reference: `AT&amp;amp;T`, `Don&amp;#39;t`. URL values are URL010's.

    ## Why is this bad?
    The share card shows the entity: "AT&amp;T", "Don&#39;t". The template escaped text that was already
    escaped (openfoodnetwork#8401, kpumuk/meta-tags#69).

    ## Example
    ```html
    <head>
      <meta property="og:title" content="Don&amp;#39;t panic">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:title" content="Don&#39;t panic">
    </head>
    ```
    """
    for f in _with_ampersand(doc):
        found = decodable_residue(doc, f)
        if found:
            start, end, _ = found[0]
            yield doc.problem_in(f, start, end, f"{f.name} is escaped twice: after one decode it still shows "
                                 f"{listing(t for _, _, t in found)} to readers")


_TRAP_MESSAGE = ("is a query-string trap: HTML5 keeps '{text}=' literal in attributes, but many parsers "
                 "(CPython's among them) decode it to '{decoded}='; write '&amp;'")


@rule("ENT003", "entity-no-semicolon", Severity.WARNING)
def entity_no_semicolon(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a character reference without its `;`, and query-string traps in HTML attributes. Browsers
    decode `&copy 2024`, `&amp ` or `&#38` only by legacy rules; in attributes `&copy=`, `&para=`, `&reg=`,
    `&not=`, `&lang=` are a raw `&` followed by a legacy entity name.

    ## Why is this bad?
    Parsers disagree: `?a=1&copy=2` stays literal in HTML5 attributes but CPython's parser (and others)
    turn it into `?a=1©=2` (gh-69426); in front matter, `&copy 2024` is printed as typed.

    ## Example
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png?w=1200&copy=1">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png?w=1200&amp;copy=1">
    </head>
    ```
    """
    if _no_source_holds(doc, "&"):  # every reference starts with '&'
        return
    for f in doc.fields:
        # a front-matter URL is plain text the template escapes: '?id=1&para' there is a parameter
        if "&" not in f.raw or not isinstance(f.value, str) or (not doc.is_html and f.name in URL_PROPERTIES):
            continue
        in_attribute = _in_attribute(doc, f)
        for ref in find_unterminated(f.raw, in_attribute):
            if ref.trap and doc.is_html:
                message = _TRAP_MESSAGE.format(text=ref.text, decoded=_unescaped(ref.text))
            elif ref.decoded:
                message = f"has no ';': write '{ref.text};'" if doc.is_html else \
                    f"has no ';' and front matter is plain text: write the character {quote(ref.decoded)}"
            else:
                continue
            yield doc.problem_in(f, ref.start, ref.end, f"{f.name}: {quote(ref.text)} {message}")


def _unescaped(name_ref: str) -> str:
    """What a legacy reference without ';' ('&copy') decodes to."""
    return html5.get(name_ref[1:], name_ref)


_NAMED = re.compile(r"&([A-Za-z0-9]+);")


def _unknown(raw: str) -> Iterator[re.Match[str]]:
    """`&run;` where run names no HTML5 character reference (case-sensitive: `&EACUTE;` is unknown)."""
    if "&" not in raw:  # most values: no reference at all
        return iter(())
    return (m for m in _NAMED.finditer(raw) if m[1][0].isalpha() and m[1] + ";" not in html5
            or m[1][0].isdigit())


def _may_hold_unknown(doc: Document) -> bool:
    """Whether a field may hold an `&run;` that names no HTML5 reference. Each `&run;` in a field's source is
    one in the front-matter block it is a slice of (the match lies within it), so where the block names only
    known references (nearly always just '&amp;'), no field holds an unknown one: one scan, not one a field."""
    end = _block_end(doc)
    if end is None:
        return True
    return any(m[1][0].isalpha() and m[1] + ";" not in html5 for m in _NAMED.finditer(doc.text, 0, end))


@rule("ENT004", "entity-unknown", Severity.ERROR)
def entity_unknown(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a named character reference that HTML5 does not define. For example a typo (`&rsqou;`) or
    the wrong case (`&EACUTE;`; names are case-sensitive). URL values are left to ENT006.

    ## Why is this bad?
    Nothing decodes it: readers see `&rsqou;` in the title or description.

    ## Example
    ```html
    <head>
      <meta property="og:title" content="Caf&EACUTE; opening hours">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:title" content="Caf&eacute; opening hours">
    </head>
    ```
    """
    if not _may_hold_unknown(doc):
        return
    for f in _with_ampersand(doc):
        found = [m for m in _unknown(f.raw) if m[1][0].isalpha()]
        if found:
            hint = _suggest(found[0][1])
            yield doc.problem_in(f, found[0].start(), found[0].end(),
                                 f"{f.name} holds {listing(m[0] for m in found)}, which is not an HTML character "
                                 f"reference{hint}: readers will see it as typed")


def _suggest(name: str) -> str:
    """' (did you mean &eacute;?)' for a name that differs from a real one only in case."""
    for known in (name.lower(), name.capitalize()):
        if known + ";" in html5:
            return f" (did you mean &{known};?)"
    return ""


_CHARREF_PROBLEMS = {
    "null": "is a null character reference (decoded as U+FFFD)",
    "c1-remapped": "names a C1 control code that HTML5 remaps to windows-1252 ({decoded})",
    "surrogate": "names a UTF-16 surrogate, which is not a character (decoded as U+FFFD)",
    "out-of-range": "is beyond U+10FFFF (decoded as U+FFFD)",
}


@rule("ENT005", "charref-invalid", Severity.WARNING)
def charref_invalid(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a numeric character reference that names no valid character. That is `&#0;`,
    `&#128;`–`&#159;` (C1 controls), surrogates (`&#xD800;`) and anything above `&#x10FFFF;`.

    ## Why is this bad?
    Browsers turn them into U+FFFD or silently remap them to windows-1252 (`&#146;` becomes ’); other
    consumers drop them or show boxes. It is usually text that went through the wrong encoding.

    ## Example
    ```html
    <head>
      <meta property="og:title" content="Don&#146;t panic">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:title" content="Don&#8217;t panic">
    </head>
    ```
    """
    if _no_source_holds(doc, "&#"):  # every numeric reference starts with '&#'
        return
    for f in doc.fields:
        if "&#" not in f.raw or not isinstance(f.value, str):
            continue
        refs: list[EntityRef] = find_references(f.raw) + [
            r for r in find_unterminated(f.raw, _in_attribute(doc, f)) if r.kind != "named"]
        for ref in sorted(refs, key=lambda r: r.start):
            if ref.problem in _CHARREF_PROBLEMS:
                why = _CHARREF_PROBLEMS[ref.problem].format(decoded=quote(ref.decoded))
                yield doc.problem_in(f, ref.start, ref.end, f"{f.name}: {quote(ref.text)} {why}")


@rule("ENT006", "ambiguous-ampersand", Severity.WARNING, inputs="H")
def ambiguous_ampersand(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an ambiguous ampersand in an HTML attribute. That is a raw `&` followed by letters or digits
    and a `;` that form no known reference: in URLs (`?a=1&b;c`) and wherever the name starts with a digit
    (`&1st;`). Unknown names in text are ENT004's.

    ## Why is this bad?
    HTML5 keeps it literal, but it is a parse error, and a consumer that decodes more loosely, or a later
    edit that makes the name a real one, changes the value.

    ## Example
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png?size=l&v2;fmt=png">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png?size=l&amp;v2;fmt=png">
    </head>
    ```
    """
    if _no_source_holds(doc, "&"):
        return
    for f in doc.fields:
        if "&" not in f.raw or not isinstance(f.value, str) or not _in_attribute(doc, f):
            continue
        is_url = f.name in URL_PROPERTIES
        found = [m for m in _unknown(f.raw) if is_url or m[1][0].isdigit()]
        if found:
            yield doc.problem_in(f, found[0].start(), found[0].end(),
                                 f"{f.name}: {listing(m[0] for m in found)} is an ambiguous ampersand (a raw '&' "
                                 "that looks like a character reference): write '&amp;'")


# --- mojibake: UTF-8 bytes read as windows-1252 or latin-1 ----------------------------------------------------

def _byte_of() -> dict[str, int]:
    """Each character that windows-1252 or latin-1 decodes a byte 0x80-0xFF into, with that byte."""
    table: dict[str, int] = {}
    for b in range(0x80, 0x100):
        table[chr(b)] = b  # latin-1 (and windows-1252's five undefined bytes)
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return table


_BYTE = _byte_of()


def _class(lo: int, hi: int) -> str:
    return "[" + "".join(re.escape(c) for c, b in _BYTE.items() if lo <= b <= hi) + "]"


_CONT = _class(0x80, 0xBF)
# Every sequence starts with one of these (0xC2-0xF4 read as latin-1 or windows-1252, which agree there): one
# quick search settles the many non-ASCII values without mojibake.
_LEAD = re.compile(_class(0xC2, 0xF4))
# A whole UTF-8 sequence, each byte shown as its windows-1252/latin-1 character: 'Ã©' (é), 'â€™' (’).
_MOJIBAKE = re.compile(
    f"(?:{_class(0xC2, 0xDF)}{_CONT}|{_class(0xE0, 0xEF)}{_CONT}{{2}}|{_class(0xF0, 0xF4)}{_CONT}{{3}})+")


def mojibake(text: str) -> list[tuple[int, int, str]]:
    """(start, end, repaired text) of each run that is UTF-8 read as windows-1252 or latin-1."""
    found: list[tuple[int, int, str]] = []
    if not _LEAD.search(text):
        return found
    for m in _MOJIBAKE.finditer(text):
        try:
            fixed = bytes(_BYTE[c] for c in m[0]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.append((m.start(), m.end(), fixed))
    return found


@rule("ENT007", "mojibake", Severity.WARNING, fixable=True)
def mojibake_text(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports text that went through the wrong encoding (mojibake). That is UTF-8 read as windows-1252 or
    latin-1, such as `Donâ€™t` (Don’t), `CafÃ©` (Café) or `Â ` (a no-break space); the finding says what it
    should read.

    ## Why is this bad?
    The share card shows the garbage to every reader; it usually comes from an import or a database
    connection with the wrong character set.

    ## Example
    ```yaml
    og:
      title: "Donâ€™t miss the CafÃ© opening"
    ```

    ## Use instead
    ```yaml
    og:
      title: "Don’t miss the Café opening"
    ```
    """
    for f in _texts(doc):
        found = [] if f.value.isascii() else mojibake(f.value)
        if found:
            start, end, fixed = found[0]
            bad = f.value[start:end]
            message = (f"{f.name} holds mojibake: {quote(bad)} is {quote(fixed)} read in the wrong encoding"
                       + (f" ({len(found)} places)" if len(found) > 1 else ""))
            at = f.raw.find(bad)
            yield doc.problem_in(f, at, at + len(bad), message) if at >= 0 else doc.problem(message, f)


# Invisible or broken characters no metadata value needs. Zero-width joiners (emoji, Indic and Persian
# scripts) and the LRM/RLM marks (right-to-left text) are left alone: they are used on purpose.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufeff\u200b\u2060\u202a-\u202e\u2066-\u2069]")


@rule("ENT008", "bad-chars", Severity.WARNING)
def bad_chars(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports invisible or broken characters in a text value. That is U+FFFD (a character lost in
    decoding), C0 and C1 control characters, a byte-order mark, zero-width spaces, and bidirectional
    embedding, override and isolate controls. Characters written as references (`&#0;`) are ENT005's.

    ## Why is this bad?
    Consumers show boxes or question marks, cut the text at a control character, or reorder it (bidi
    controls); invisible characters also break duplicate checks.

    ## Example
    ```yaml
    og:
      title: "Summer\u200b sale"
    ```

    ## Use instead
    ```yaml
    og:
      title: "Summer sale"
    ```
    """
    is_html = doc.is_html
    for f in _texts(doc):
        text = f.raw if is_html else f.value  # in HTML a character written as a reference is ENT005's
        if _BAD_CHARS.search(text) is None:  # nearly every value: one search, no list
            continue
        found = [m[0] for m in _BAD_CHARS.finditer(text)]
        names = listing(f"U+{ord(c):04X} {unicodedata.name(c, 'control').lower()}" for c in found)
        message = f"{f.name} holds invisible or broken characters ({names}): consumers show boxes or reorder the text"
        at = f.raw.find(found[0])
        yield doc.problem_in(f, at, at + 1, message) if at >= 0 else doc.problem(message, f)


@rule("ENT002", "entity-in-plain-source", Severity.WARNING, inputs="F", fixable=True)
def entity_in_plain_source(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports HTML character references (`&amp;`, `&#39;`, `&rsquo;`) in front-matter values. Only
    `;`-terminated references count, so `R&D`, `AT&T` and `this&that` are fine. URL values are left to
    URL010.

    ## Why is this bad?
    Front matter is plain text: the template escapes it when it writes the HTML, so `Fire &amp; Rescue`
    reaches the share card as `Fire &amp;amp; Rescue` and shows the entity to readers. Open Graph strings
    carry "no escape characters" (ogp.me).

    ## Example
    ```yaml
    og:
      description: "Fire &amp; Rescue Services"
    ```

    ## Use instead
    ```yaml
    og:
      description: "Fire & Rescue Services"
    ```
    """
    if _no_source_holds(doc, "&"):  # every reference in the source starts with '&'
        return
    for f in doc.fields:
        if "&" not in f.raw or f.name in URL_PROPERTIES:
            continue
        found = entity_residue(doc, f)
        if found:
            start, end, _ = found[0]
            yield doc.problem_in(f, start, end, f"{f.name} holds {listing(t for _, _, t in found)} left escaped: "
                                 "front matter is plain text and the template will escape it again")

"""HTML character references: find them and decode them the way an HTML5 tokenizer does.

CPython's ``html.unescape`` is close but not exact: it decodes ``&copy=`` inside attribute values (gh-69426)
and silently drops control/noncharacter code points (``&#1;`` -> ``""``) where HTML5 keeps them. Rules that
point at the source span (ENT001-ENT006, URL010) need the exact behaviour, so this module re-implements the
character-reference states of the HTML5 tokenizer on top of the ``html.entities.html5`` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import html5

__all__ = [
    "EntityRef",
    "decode_attribute",
    "decode_once_residue",
    "decode_text",
    "find_references",
    "find_unterminated",
]


@dataclass(frozen=True)
class EntityRef:
    """One character reference. ``decoded == ""`` means HTML5 leaves the source text literal."""

    start: int  # offset of '&' in the scanned string
    end: int  # offset just past the reference (past ';' when terminated)
    text: str  # source text, e.g. '&amp;', '&#x2F;', '&copy'
    kind: str  # "named" | "decimal" | "hex"
    terminated: bool  # ends with ';'
    known: bool  # named: text[1:] is in html5; numeric: always True
    decoded: str  # HTML5 result: U+FFFD for invalid code points, "" when not decoded
    problem: str | None  # numeric only: null | c1-remapped | surrogate | out-of-range | noncharacter
    trap: bool = False  # attribute value: legacy name directly followed by '=' ('?a=1&copy=2')


# Both patterns number groups alike (1 hex digits, 2 decimal digits, 3 name) so _numeric_ref takes either.
# RULES.md §5: what "still contains an entity" means for ENT001 (only ';'-terminated, letter-first names).
_TERMINATED = re.compile(r"&(?:#[xX]([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));")
# What the tokenizer consumes after '&': hex digits, decimal digits or an alphanumeric run (the named state
# starts on any ASCII alphanumeric), then an optional ';'. '&#' / '&#x' without digits stays literal.
_CANDIDATE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z0-9]+))(;?)")
_LONGEST_NAME = max(map(len, html5))  # 32: bounds the longest-prefix search


def _numeric(digits: str, base: int) -> tuple[str, str | None]:
    """HTML5 "numeric character reference end state": (decoded text, problem)."""
    digits = digits.lstrip("0") or "0"
    # Anything this long is > 0x10FFFF; checking length first also avoids int()'s 4300-digit limit.
    code = int(digits, base) if len(digits) <= 8 else 0x110000
    if code == 0:
        return "\ufffd", "null"
    if code > 0x10FFFF:
        return "\ufffd", "out-of-range"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd", "surrogate"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return chr(code), "noncharacter"  # a parse error, but HTML5 still emits the code point
    if 0x80 <= code <= 0x9F:
        # The HTML5 remap table is exactly windows-1252; its five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        # are emitted unchanged, as C1 controls.
        try:
            return bytes([code]).decode("cp1252"), "c1-remapped"
        except UnicodeDecodeError:
            return chr(code), "c1-remapped"
    return chr(code), None


def _numeric_ref(m: re.Match[str], terminated: bool) -> EntityRef:
    hexdigits, decdigits = m.group(1), m.group(2)
    kind = "hex" if hexdigits else "decimal"
    decoded, problem = _numeric(hexdigits or decdigits, 16 if hexdigits else 10)
    return EntityRef(m.start(), m.end(), m.group(0), kind, terminated, True, decoded, problem)


def _tokenize_ref(m: re.Match[str], in_attribute: bool) -> EntityRef | None:
    """What the tokenizer makes of the '&' at m.start(); None when it stays literal for lack of any match.

    The returned ref may cover only a prefix of the match (legacy names: '&not' in '&notit;').
    """
    if m.group(3) is None:
        return _numeric_ref(m, terminated=bool(m.group(4)))
    run, start, source = m.group(3), m.start(), m.string
    if m.group(4) and run + ";" in html5:
        return EntityRef(start, m.end(), m.group(0), "named", True, True, html5[run + ";"], None)
    # "Consume the maximum number of characters possible": only the legacy names exist without ';'.
    for size in range(min(len(run), _LONGEST_NAME), 0, -1):
        name = run[:size]
        if name in html5:
            end = start + 1 + size
            following = source[end : end + 1]
            # HTML5 leaves these literal in attributes for the sake of URLs like '?a=1&copy=2'.
            literal = in_attribute and (following == "=" or (following.isascii() and following.isalnum()))
            decoded = "" if literal else html5[name]
            trap = literal and following == "="
            return EntityRef(start, end, "&" + name, "named", False, True, decoded, None, trap)
    return None


def find_references(text: str) -> list[EntityRef]:
    """Every ';'-terminated reference in ``text``, in order; unknown names get known=False and decoded=""."""
    refs: list[EntityRef] = []
    for m in _TERMINATED.finditer(text):
        if m.group(3) is None:
            refs.append(_numeric_ref(m, terminated=True))
        else:
            name = m.group(3) + ";"
            known, decoded = name in html5, html5.get(name, "")
            refs.append(EntityRef(m.start(), m.end(), m.group(0), "named", True, known, decoded, None))
    return refs


def find_unterminated(text: str, in_attribute: bool) -> list[EntityRef]:
    """References without ';' that the tokenizer acts on: legacy names by longest prefix ('&copy' in
    '&copyright') and numeric refs ('&#38'). In attribute values a legacy name followed by '=' or an ASCII
    alphanumeric is left literal by HTML5 (decoded=""), but is still reported; trap=True when followed by '='.
    """
    refs: list[EntityRef] = []
    for m in _CANDIDATE.finditer(text):
        if m.group(4) and (m.group(3) is None or m.group(3) + ";" in html5):
            continue  # what _tokenize_ref would make a terminated reference ('&amp;', '&#39;'): not built
        ref = _tokenize_ref(m, in_attribute)
        if ref is not None and not ref.terminated:
            refs.append(ref)
    return refs


def _decode(raw: str, in_attribute: bool) -> str:
    if "&" not in raw:  # most values: no reference, nothing to decode
        return raw

    def replace(m: re.Match[str]) -> str:
        ref = _tokenize_ref(m, in_attribute)
        if ref is None:
            return m.group(0)
        # Characters matched beyond the reference (the 'it;' of '&notit;') are ordinary text.
        return (ref.decoded or ref.text) + m.group(0)[len(ref.text) :]

    return _CANDIDATE.sub(replace, raw)


def decode_attribute(raw: str) -> str:
    """Decode an attribute value as the HTML5 attribute-value states do ('?a=1&copy=2' stays literal)."""
    return _decode(raw, in_attribute=True)


def decode_text(raw: str) -> str:
    """Decode text content (e.g. <title>): legacy names decode even before '=' or alphanumerics."""
    return _decode(raw, in_attribute=False)


def decode_once_residue(raw: str, in_attribute: bool = True) -> list[EntityRef]:
    """References still present after one decode, i.e. double escaping (ENT001/URL010).

    Offsets refer to the decoded string: 'AT&amp;amp;T' -> [&amp; at 2]; 'R&amp;D' -> [].
    """
    return find_references(_decode(raw, in_attribute))

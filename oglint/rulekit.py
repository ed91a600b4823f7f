"""Small helpers shared by rule modules, so each rule stays a few obvious lines."""

from __future__ import annotations

import re
from collections import Counter
from html.entities import html5
from typing import Iterable

from oglint.entities import find_references
from oglint.model import Document, Field

# Properties whose value is a URL (ogp.me URL type, X cards, the page's own address).
URL_PROPERTIES = frozenset({
    "og:url", "og:image", "og:image:secure_url", "og:video", "og:video:secure_url", "og:audio",
    "og:audio:secure_url", "twitter:image", "twitter:player", "twitter:player:stream", "canonical", "url",
    "hreflang",
})

# ogp.me: properties that may repeat (arrays); any other og:* property is singular.
REPEATABLE = frozenset({
    "og:image", "og:image:secure_url", "og:image:type", "og:image:width", "og:image:height", "og:image:alt",
    "og:video", "og:video:secure_url", "og:video:type", "og:video:width", "og:video:height", "og:video:alt",
    "og:audio", "og:audio:secure_url", "og:audio:type", "og:locale:alternate",
})


# `<meta http-equiv="refresh" content="0; url=…">`: on at once, to an address (HTML's refresh syntax: a delay of
# digits, then `;`, `,` or a space, an optional `url=`, optional quotes)
_AT_ONCE = re.compile(r"\s*0+(?:\.[0-9]*)?(?:\s*[;,]\s*|\s+)(?:url\s*=\s*|(?!url\s*=))['\"]?[^\s'\"]", re.I)


def missing(doc: Document, name: str) -> bool:
    """Whether a page that should carry `name` lacks it: the document does not declare it (even empty), its
    site generator does not write it (a preset's `writes`: the page's own address, its kind), and the page is
    no redirect stub (`redirects`)."""
    return doc.first(name) is None and name not in doc.generated and not redirects(doc)


def redirects(doc: Document) -> bool:
    """Whether the page sends the browser on at once, as the stubs jekyll-redirect-from and Hugo's aliases
    write: it has no card of its own to miss (the page it sends to has)."""
    f = doc.first("http-equiv:refresh") if doc.is_html else None
    return f is not None and isinstance(f.value, str) and _AT_ONCE.match(f.value) is not None


def is_blank(f: Field) -> bool:
    return f.value is None or (isinstance(f.value, str) and not f.value.strip())


def url_fields(doc: Document) -> Iterable[Field]:
    return (f for f in doc.fields if f.name in URL_PROPERTIES and isinstance(f.value, str))


def quote(text: str, limit: int = 60) -> str:
    """A value for a message: repr-quoted, shortened in the middle when long."""
    if len(text) > limit:
        text = text[: limit - 21] + "…" + text[-20:]
    return repr(text)


# In raw HTML: an escaped ampersand followed by the rest of a reference (`&amp;amp;`, `&#38;quot;`): after
# the one decode a consumer does, the value still holds an entity.
_DOUBLE_ESCAPED = re.compile(r"&(?:amp|#0*38|#[xX]0*26);(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")


def entity_residue(doc: Document, f: Field) -> list[tuple[int, int, str]]:
    """(start, end, text) in `f.raw` of each entity a consumer would still see in the value: in front matter
    any `;`-terminated reference (nothing decodes it), in HTML one that survives the single decode."""
    if doc.is_html:
        return [(m.start(), m.end(), "&" + m.group(1)) for m in _DOUBLE_ESCAPED.finditer(f.raw)]
    if not isinstance(f.value, str) or "&" not in f.value:
        return []
    return [(r.start, r.end, r.text) for r in find_references(f.raw) if r.text in f.value]


def decodable_residue(doc: Document, f: Field) -> list[tuple[int, int, str]]:
    """entity_residue, keeping only what a consumer would decode: numeric references and names HTML5 defines
    (`&amp;v2;` leaves `&v2;`, which names nothing: the literal text the author meant)."""
    return [(s, e, t) for s, e, t in entity_residue(doc, f) if t.startswith("&#") or t[1:] in html5]


def listing(items: Iterable[str]) -> str:
    """'&amp; ×3, &quot;': each distinct item once, with its count when repeated."""
    return ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in Counter(items).items())

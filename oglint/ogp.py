"""The Open Graph protocol's vocabulary and data types (RULES.md §1.1, ogp.me and ns/ogp.me.ttl), as data
the OG rules share: every property with its type, the object types, OGP 1.0 leftovers, and validators for
the value types (Integer, DateTime, ISBN, locale, MIME, currency)."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from typing import Any, Iterator, NamedTuple

from oglint.model import Document, Field
from oglint.rulekit import REPEATABLE

# The namespaces ogp.me defines: `og` and one per global type vertical.
NAMESPACES = ("og", "article", "book", "profile", "music", "video", "payment")
NAMESPACE_PREFIXES = tuple(f"{ns}:" for ns in NAMESPACES)

# Each property ogp.me defines, with its value type: str, url, int (>= 1), datetime, enum, ref (a URL to
# another object, usually a profile), mime, locale, float, currency.
_MEDIA = {"": "url", ":secure_url": "url", ":type": "mime", ":width": "int", ":height": "int", ":alt": "str"}
PROPERTIES: dict[str, str] = {
    "og:title": "str", "og:type": "type", "og:url": "url", "og:description": "str", "og:determiner": "enum",
    "og:locale": "locale", "og:locale:alternate": "locale", "og:site_name": "str",
    **{f"og:image{k}": t for k, t in _MEDIA.items()},
    **{f"og:video{k}": t for k, t in _MEDIA.items()},
    **{f"og:audio{k}": t for k, t in _MEDIA.items() if k in ("", ":secure_url", ":type")},
    "article:published_time": "datetime", "article:modified_time": "datetime",
    "article:expiration_time": "datetime", "article:author": "ref", "article:section": "str", "article:tag": "str",
    "book:author": "ref", "book:isbn": "str", "book:release_date": "datetime", "book:tag": "str",
    "profile:first_name": "str", "profile:last_name": "str", "profile:username": "str", "profile:gender": "enum",
    "music:duration": "int", "music:album": "ref", "music:album:disc": "int", "music:album:track": "int",
    "music:musician": "ref", "music:song": "ref", "music:song:disc": "int", "music:song:track": "int",
    "music:release_date": "datetime", "music:creator": "ref",
    "video:actor": "ref", "video:actor:role": "str", "video:director": "ref", "video:writer": "ref",
    "video:duration": "int", "video:release_date": "datetime", "video:tag": "str", "video:series": "ref",
    "payment:description": "str", "payment:currency": "currency", "payment:amount": "float",
    "payment:expires_at": "datetime", "payment:status": "enum", "payment:id": "str", "payment:success_url": "url",
}
# A reference with structured children (`music:album:disc`) may be written as a nested front-matter mapping,
# `music: {album: {url: …, disc: 1}}`: its `:url` child is the reference itself.
PROPERTIES.update({f"{name}:url": "ref" for name in ("music:album", "music:song", "video:actor")})

# Arrays of the type verticals (ogp.me marks them "array"); og:* arrays are rulekit.REPEATABLE.
TYPE_ARRAYS = frozenset({
    "article:author", "article:tag", "book:author", "book:tag", "music:album", "music:album:disc",
    "music:album:track", "music:album:url", "music:musician", "music:song", "music:song:disc", "music:song:track",
    "music:song:url", "music:creator", "video:actor", "video:actor:role", "video:actor:url", "video:director",
    "video:writer", "video:tag",
})
SINGULAR = frozenset(n for n in PROPERTIES if n not in REPEATABLE and n not in TYPE_ARRAYS)

# ogp.me: og:audio has no size ("only the first 3 properties are available").
AUDIO_DIMENSIONS = frozenset({"og:audio:width", "og:audio:height"})

# ns/ogp.me.ttl DEPRECATED block (OGP 1.0, 2010), with what replaces each where something does.
DEPRECATED: dict[str, str] = {
    "og:audio:title": "the og:title of a music.song page", "og:audio:artist": "music:musician",
    "og:audio:album": "music:album", "og:isbn": "book:isbn", "og:upc": "",
    **{f"og:{p}": "" for p in ("latitude", "longitude", "street-address", "locality", "region", "postal-code",
                               "country-name", "email", "phone_number", "fax_number")},
}

TYPES = frozenset({
    "website", "article", "book", "profile", "music.song", "music.album", "music.playlist", "music.radio_station",
    "video.movie", "video.episode", "video.tv_show", "video.other", "payment.link",
})
# OGP 1.0 types no longer in the vocabulary, with the current type that fits best.
LEGACY_TYPES: dict[str, str] = {
    **dict.fromkeys(("activity", "sport", "bar", "company", "cafe", "hotel", "restaurant", "cause",
                     "sports_league", "sports_team", "government", "non_profit", "school", "university", "city",
                     "country", "landmark", "state_province", "drink", "food", "game", "product", "blog"),
                    "website"),
    **dict.fromkeys(("band", "actor", "athlete", "author", "director", "musician", "politician",
                     "public_figure"), "profile"),
    "album": "music.album", "song": "music.song", "movie": "video.movie", "tv_show": "video.tv_show",
}
# Which og:type each type-vertical property belongs to (ogp.me "Object Types").
_VIDEO_TYPES = frozenset({"video.movie", "video.episode", "video.tv_show", "video.other"})
_SONG = frozenset({"music.song"})
_LISTS = frozenset({"music.album", "music.playlist"})


def _types_for(name: str) -> frozenset[str]:
    """The og:type values a type-vertical property belongs to; empty for og:* properties."""
    ns, local = name.split(":")[:2]
    if ns == "og":
        return frozenset()
    if ns == "music":
        return {"duration": _SONG, "album": _SONG, "musician": _SONG | {"music.album"}, "song": _LISTS,
                "release_date": frozenset({"music.album"}),
                "creator": frozenset({"music.playlist", "music.radio_station"})}[local]
    if ns == "video":
        return frozenset({"video.episode"}) if local == "series" else _VIDEO_TYPES
    return frozenset({"payment.link" if ns == "payment" else ns})


# Type-vertical property -> the og:type values it belongs to.
TYPE_OF_PROPERTY = {name: types for name in PROPERTIES if (types := _types_for(name))}


# RDFa 1.1 initial context predefines `og` (not the type verticals), so only those need a `prefix`.
NAMESPACE_URIS = {ns: f"ogp.me/ns{'' if ns == 'og' else '/' + ns}#" for ns in NAMESPACES}

CURIE = re.compile(r"([A-Za-z_][\w.-]*):(\S+)")
LOCALE = re.compile(r"[a-z]{2,3}_[A-Z]{2}")


class Prefix(NamedTuple):
    name: str
    uri: str
    start: int  # offsets in the prefix field's raw text
    end: int


_PREFIX_PAIR = re.compile(r"\s*([A-Za-z_][\w.-]*):\s+(\S+)")


def parse_prefix(text: str) -> tuple[list[Prefix], int | None]:
    """The `name: URI` pairs of an RDFa `prefix` attribute, and the offset where its syntax breaks (None
    when it is well formed)."""
    pairs, i = [], 0
    while i < len(text) and text[i:].strip():
        m = _PREFIX_PAIR.match(text, i)
        if not m:
            return pairs, i + len(text[i:]) - len(text[i:].lstrip())
        pairs.append(Prefix(m.group(1).lower(), m.group(2), m.start(1), m.end(2)))
        i = m.end()
    return pairs, None


def declared_prefixes(doc: Document) -> dict[str, str]:
    """Prefix name -> URI over every `prefix` attribute of the page (`<html>` and `<head>`)."""
    out: dict[str, str] = {}
    for f in doc.all("prefix"):
        for p in parse_prefix(f.text)[0]:
            out.setdefault(p.name, p.uri)
    return out


class MediaGroup(NamedTuple):
    root: Field | None  # None: structured properties with no root above them
    children: list[Field]


def media_groups(doc: Document, root: str) -> list[MediaGroup]:
    """Each `root` object (og:image, og:video, og:audio) with its structured properties. In HTML a
    structured property belongs to the root above it (ogp.me); in front matter a nested mapping
    (`image: {url, type}`) groups by its path, and flat keys fall back to the order."""
    groups: list[MediaGroup] = []
    by_parent: dict[str, int] = {}
    members = [f for name, fs in doc.by_name().items() if name == root or name.startswith(root + ":") for f in fs]
    for f in sorted(members, key=lambda f: f.start):
        parent = _parent_key(doc, f, root)
        if parent in by_parent:
            i = by_parent[parent]
            if f.name == root:
                groups[i] = MediaGroup(f, groups[i].children)
            else:
                groups[i].children.append(f)
        elif f.name == root or not groups or parent is not None:
            groups.append(MediaGroup(f, []) if f.name == root else MediaGroup(None, [f]))
            if parent is not None:
                by_parent[parent] = len(groups) - 1
        else:
            groups[-1].children.append(f)
    return groups


def _parent_key(doc: Document, f: Field, root: str) -> str | None:
    """The path of the front-matter mapping that holds a nested root (`og.image[0].url`) or structured
    property (`og.image[0].width`); None for HTML and for flat keys (`og.image:width`), grouped by order."""
    if doc.is_html:
        return None
    parent, _, last = f.key.rpartition(".")
    expected = "url" if f.name == root else f.name.rsplit(":", 1)[1]
    return parent if parent and last == expected else None


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_INTEGER = re.compile(r"[+-]?[0-9]+")
INT32 = (-(2 ** 31), 2 ** 31 - 1)


def as_integer(value: Any) -> int | None:
    """An ogp.me Integer: a typed int, or text of decimal digits with an optional sign; None otherwise."""
    if is_int(value):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_float(value: Any) -> bool:
    """An ogp.me Float: `1.234`, `-1.2e3`, `7E-10` (typed numbers count, booleans do not)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(_FLOAT.fullmatch(value.strip()))


# ISO 8601 extended format: a calendar date, optionally `T` and a time of hours and minutes (seconds and a
# fraction optional), optionally `Z` or an offset.
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?")


def datetime_problem(value: Any) -> str | None:
    """Why a value is not an ogp.me DateTime, or None when it is. Typed front-matter dates and datetimes
    are valid: the generator writes them out in ISO 8601."""
    if isinstance(value, (date, datetime)):
        return None
    if not isinstance(value, str):
        return f"typed as {type(value).__name__}, not as a date"
    text = value.strip()
    m = _ISO_DATETIME.fullmatch(text)
    if not m:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}.*", text):
            return "the date and the time must be joined by an upper-case 'T'"
        return "write YYYY-MM-DD, optionally with THH:MM and an offset"
    y, mo, d, hh, mm, ss, tz = m.groups()
    try:
        datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return "no such day or time of day"
    if tz and tz != "Z" and (int(tz[1:3]) > 14 or int(tz[-2:] if len(tz) > 3 else 0) > 59):
        return "the UTC offset is out of range"
    return None


def isbn_problem(text: str) -> str | None:
    """Why text is not a valid ISBN-10 or ISBN-13 (hyphens and spaces allowed), or None."""
    digits = re.sub(r"[\s-]", "", text)
    if re.fullmatch(r"[0-9]{9}[0-9Xx]", digits):
        total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
        expected = (11 - sum((10 - i) * int(c) for i, c in enumerate(digits[:9])) % 11) % 11
        return None if total % 11 == 0 else f"the ISBN-10 check digit should be {'X' if expected == 10 else expected}"
    if re.fullmatch(r"[0-9]{13}", digits):
        if not digits.startswith(("978", "979")):
            return "an ISBN-13 starts with 978 or 979"
        expected = (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits[:12])) % 10) % 10
        return None if int(digits[12]) == expected else f"the ISBN-13 check digit should be {expected}"
    return "an ISBN has 10 or 13 digits (the last of an ISBN-10 may be X)"


# MIME types a URL's file extension implies; a declared type outside the set disagrees with the file.
EXTENSION_TYPES: dict[str, frozenset[str]] = {ext: frozenset(types) for ext, types in {
    "jpg": ("image/jpeg", "image/pjpeg"), "jpeg": ("image/jpeg", "image/pjpeg"), "png": ("image/png",),
    "gif": ("image/gif",), "webp": ("image/webp",), "avif": ("image/avif",), "svg": ("image/svg+xml",),
    "bmp": ("image/bmp",), "mp4": ("video/mp4", "audio/mp4"), "m4v": ("video/mp4", "video/x-m4v"),
    "webm": ("video/webm", "audio/webm"), "ogv": ("video/ogg",), "mov": ("video/quicktime",),
    "flv": ("video/x-flv",), "swf": ("application/x-shockwave-flash",), "mp3": ("audio/mpeg", "audio/mp3"),
    "m4a": ("audio/mp4", "audio/x-m4a"), "oga": ("audio/ogg",), "ogg": ("audio/ogg", "video/ogg", "application/ogg"),
    "opus": ("audio/ogg", "audio/opus"), "wav": ("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"),
    "flac": ("audio/flac", "audio/x-flac"), "aac": ("audio/aac",),
}.items()}
# Common but unregistered spellings, with the registered type.
MIME_ALIASES = {"image/jpg": "image/jpeg", "image/pjpg": "image/jpeg", "image/svg": "image/svg+xml"}
MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


def extension(url: str) -> str:
    """The lower-cased file extension of a URL's last path segment ('' when there is none)."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1].lower() if "." in last else ""


# ISO 4217 active currency codes (2024 list).
CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG
XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
""".split())


# Each document's fields by canonical name, built once for all the rules: a rule then looks at the few names
# it checks instead of scanning every field (26 scans of ~25 fields cost ~100 µs a document). Rules run
# document by document, so the last document's index is the one kept: a WeakKeyDictionary look-up (a new
# weak reference per call) cost more than the rules' own work at ~50 calls a document.
def og_fields(doc: Document, names: Collection[str]) -> Iterator[Field]:
    """Fields whose canonical name is in `names`, with a value a rule can read (not None)."""
    index = doc.by_name()
    found = [index[n] for n in names if n in index] if len(names) < len(index) else \
        [fields for name, fields in index.items() if name in names]
    for fields in found:
        yield from (f for f in fields if f.value is not None)

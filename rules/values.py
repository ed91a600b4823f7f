"""OG020–OG036: Open Graph values of the right type (ogp.me "Types" and data types, RULES.md §1.1): a known
og:type, `ll_TT` locales, enums, 32-bit integers, ISO 8601 datetimes, URL references, ISBNs, MIME types,
currencies and booleans."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Iterator, Mapping

from oglint import dates, urls
from oglint.model import Document, Field, Problem, Severity
from oglint.ogp import (AUDIO_DIMENSIONS, CURIE, CURRENCIES, EXTENSION_TYPES, INT32, LEGACY_TYPES, LOCALE, MIME,
                        MIME_ALIASES, PROPERTIES, TYPE_OF_PROPERTY, TYPES, as_integer, datetime_problem,
                        declared_prefixes, extension, is_float, is_int, isbn_problem, media_groups, og_fields)
from oglint.registry import rule
from oglint.rulekit import quote


def _og_type(doc: Document) -> Field | None:
    """The og:type consumers use (the first), when it has a text value."""
    f = doc.first("og:type")
    return f if f is not None and isinstance(f.value, str) and f.value.strip() else None


@rule("OG020", "og-type-unknown", Severity.WARNING, fields=["og:type"])
def og_type_unknown(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `og:type` is one of the ogp.me types (`website`, `article`, `book`, `profile`,
    `music.song|album|playlist|radio_station`, `video.movie|episode|tv_show|other`, `payment.link`) or a
    custom type written as a CURIE (`my_app:recipe`) whose prefix the page declares. Wrongly cased types
    are OG022's finding, OGP 1.0 types OG021's. Front matter cannot declare a prefix, so any CURIE passes
    there.

    ## Why is this bad?
    Consumers do not know what to make of an undefined type and fall back to `website`, dropping the
    object's own properties; an undeclared CURIE prefix cannot be resolved at all.

    ## Example
    ```yaml
    og:
      type: fubar
    ```

    ## Use instead
    ```yaml
    og:
      type: website
    ```
    """
    f = _og_type(doc)
    if f is None:
        return
    value = f.text.strip()
    if value.lower() in TYPES or value.lower() in LEGACY_TYPES:
        return
    curie = CURIE.fullmatch(value)
    if curie is None:
        yield doc.problem(f"og:type {quote(value)} is not an Open Graph type: consumers will treat the page as "
                          "website", f)
    elif doc.is_html and curie.group(1).lower() not in declared_prefixes(doc):
        yield doc.problem(f"og:type {quote(value)} is a custom type, but no prefix attribute declares "
                          f"{curie.group(1)}: consumers cannot resolve it and will treat the page as website", f)


@rule("OG021", "og-type-legacy", Severity.WARNING, fields=["og:type"])
def og_type_legacy(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:type` from the first Open Graph protocol (2010) that the current vocabulary dropped:
    `blog`, `movie`, `product`, `company`, `activity`, `song`, `author`…

    ## Why is this bad?
    Current parsers do not know these types and treat the page as `website`. Most have a current
    equivalent: `movie` is `video.movie`, `song` is `music.song`, a person is a `profile`, and a blog's
    front page is a `website` whose posts are `article`s.

    ## Example
    ```yaml
    og:
      type: blog
    ```

    ## Use instead
    ```yaml
    og:
      type: website
    ```
    """
    f = _og_type(doc)
    if f is not None and f.text.strip().lower() in LEGACY_TYPES:
        value = f.text.strip()
        if value.lower() == "product":  # still read by Facebook (with og:price:*) and Pinterest's product pins
            yield doc.problem("og:type 'product' is an OGP 1.0 type that ogp.me dropped: other consumers treat the "
                              "page as website; keep it only for Facebook and Pinterest product pins, which still "
                              "read it with og:price:amount and og:price:currency", f)
            return
        yield doc.problem(f"og:type {quote(value)} is an OGP 1.0 type that the protocol dropped: consumers treat "
                          f"the page as website; use {LEGACY_TYPES[value.lower()]}", f)


@rule("OG022", "og-type-case", Severity.WARNING, fixable=True, fields=["og:type"])
def og_type_case(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:type` that names a known type in the wrong case (`Article`, `Video.Movie`).

    ## Why is this bad?
    Types are case-sensitive identifiers: a parser comparing them exactly does not recognise `Article` and
    falls back to `website`.

    ## Example
    ```html
    <head><meta property="og:type" content="Video.Movie"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:type" content="video.movie"></head>
    ```
    """
    f = _og_type(doc)
    if f is not None:
        value = f.text.strip()
        if value not in TYPES and value.lower() in TYPES:
            yield doc.problem(f"og:type {quote(value)} is not lower-case: exact parsers will not recognise "
                              f"it; write {value.lower()}", f)


_LOCALE_SEPARATOR = re.compile(r"[-_]")  # between a language and its territory: en_US, en-us


def _locale_fields(doc: Document) -> Iterator[Field]:
    return (f for f in og_fields(doc, ("og:locale", "og:locale:alternate")) if isinstance(f.value, str))


@rule("OG023", "og-locale-format", Severity.WARNING, fixable=True, fields=["og:locale", "og:locale:alternate"])
def og_locale_format(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `og:locale` and `og:locale:alternate` have the form `language_TERRITORY`: a lower-case
    ISO 639 language, an underscore and an upper-case ISO 3166 territory (`en_US`, `pt_BR`). Flags
    `en-US`, `en_us` and a bare `en`.

    ## Why is this bad?
    ogp.me defines the format, and Facebook rejects other spellings (a hyphen, as BCP 47 writes it in
    `<html lang>`, is the usual slip), so the page is shown in the default `en_US`.

    ## Example
    ```yaml
    og:
      locale: en-GB
    ```

    ## Use instead
    ```yaml
    og:
      locale: en_GB
    ```
    """
    for f in _locale_fields(doc):
        value = f.text.strip()
        if value and not LOCALE.fullmatch(value):
            parts = _LOCALE_SEPARATOR.split(value)
            fix = f"; write {parts[0].lower()}_{parts[1].upper()}" if len(parts) == 2 and LOCALE.fullmatch(
                f"{parts[0].lower()}_{parts[1].upper()}") else ""
            yield doc.problem(f"{f.name} {quote(value)} is not language_TERRITORY (en_US): Facebook rejects it"
                              f"{fix}", f)


def _language(tag: str) -> str:
    language = _LOCALE_SEPARATOR.split(tag.strip(), maxsplit=1)[0].lower()
    return _SAME_LANGUAGE.get(language, language)


# Codes that name one language: Norwegian and its Bokmål and Nynorsk, Facebook's `tl_PH` for Filipino, and the
# withdrawn ISO 639 codes browsers still accept.
_SAME_LANGUAGE = {"nb": "no", "nn": "no", "tl": "fil", "iw": "he", "in": "id", "ji": "yi"}


@rule("OG024", "og-locale-lang-mismatch", Severity.INFO, fields=["og:locale"])
def og_locale_lang_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Compares the language of `og:locale` with the page's language: `<html lang>` in HTML, the `lang` key
    in front matter. Only the language part counts (`en_GB` agrees with `en-US`, `nb_NO` with `no`).

    ## Why is this bad?
    A theme's hard-coded `og:locale` (often the default `en_US`) on pages in another language tells
    platforms to treat the text as English: wrong hyphenation, translation offers, ranking in the wrong
    market.

    ## Example
    ```yaml
    lang: de
    og:
      locale: en_US
    ```

    ## Use instead
    ```yaml
    lang: de
    og:
      locale: de_DE
    ```
    """
    locale, lang = doc.first("og:locale"), doc.first("lang")
    if locale is None or lang is None or not isinstance(locale.value, str) or not isinstance(lang.value, str):
        return
    a, b = _language(locale.value), _language(lang.value)
    if a and b and a != b:
        where = "<html lang>" if doc.is_html else "lang"
        written = _LOCALE_SEPARATOR.split(locale.value.strip(), maxsplit=1)[0]
        yield doc.problem(f"og:locale {quote(locale.value.strip())} is in another language than {where} "
                          f"{quote(lang.value.strip())}: platforms will treat the text as {written!r}", locale)


@rule("OG025", "og-locale-alternate-dup", Severity.INFO, fields=["og:locale:alternate"])
def og_locale_alternate_dup(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:locale:alternate` that repeats `og:locale` or an earlier alternate.

    ## Why is this bad?
    Alternates list the *other* languages the page is available in; repeating the page's own locale or
    an alternate adds nothing and usually means the list is generated from the wrong set.

    ## Example
    ```yaml
    og:
      locale: en_GB
      locale:alternate: [fr_FR, en_GB]
    ```

    ## Use instead
    ```yaml
    og:
      locale: en_GB
      locale:alternate: [fr_FR, de_DE]
    ```
    """
    locale = doc.first("og:locale")
    seen = {_key(locale.text): "og:locale"} if locale is not None and locale.text.strip() else {}
    for f in og_fields(doc, ("og:locale:alternate",)):
        key = _key(f.text)
        if key in seen:
            yield doc.problem(f"og:locale:alternate {quote(f.text.strip())} repeats {seen[key]}", f)
        elif key:
            seen[key] = "an earlier og:locale:alternate"


def _key(locale: str) -> str:
    return locale.strip().replace("-", "_").lower()


@rule("OG026", "og-determiner-enum", Severity.ERROR, fields=["og:determiner"])
def og_determiner_enum(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `og:determiner` is one of `a`, `an`, `the`, `auto` or empty.

    ## Why is this bad?
    The determiner is the word shown before the title ("You read *the* …"); ogp.me allows only those
    values, so any other one is dropped or, worse, printed as is.

    ## Example
    ```yaml
    og:
      determiner: The
    ```

    ## Use instead
    ```yaml
    og:
      determiner: the
    ```
    """
    for f in og_fields(doc, ("og:determiner",)):
        if f.text.strip() not in ("", "a", "an", "the", "auto"):
            yield doc.problem(f"og:determiner {quote(f.text.strip())} is not one of a, an, the, auto or empty", f)


# Integer properties: width/height must be positive, durations, discs and tracks at least 1 (ogp.me).
INTEGER_PROPERTIES = frozenset(n for n, t in PROPERTIES.items() if t == "int")


@rule("OG027", "og-integer", Severity.ERROR, fields=INTEGER_PROPERTIES)
def og_integer(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that image and video `width`/`height`, `video:duration`, `music:duration` and the `disc`/`track`
    numbers are whole numbers of at least 1 that fit in 32 bits (ogp.me Integer).

    ## Why is this bad?
    Consumers parse these as integers: `49.41` seconds or `1200px` is rejected or rounded differently by
    each of them, and a zero size makes Facebook ignore the declared dimensions.

    ## Example
    ```yaml
    og:
      type: video.movie
    video:
      duration: 49.41
    ```

    ## Use instead
    ```yaml
    og:
      type: video.movie
    video:
      duration: 50
    ```
    """
    for f in og_fields(doc, INTEGER_PROPERTIES):
        if isinstance(f.value, str) and not f.value.strip():
            continue  # empty: OG006
        number = as_integer(f.value)
        shown = quote(f.text.strip())
        if number is None:
            yield doc.problem(f"{f.name} {shown} is not a whole number: consumers will reject or round it", f)
        elif not INT32[0] <= number <= INT32[1]:
            yield doc.problem(f"{f.name} {shown} does not fit in a 32-bit integer: consumers will reject it", f)
        elif number < 1:
            yield doc.problem(f"{f.name} is {number}: it must be at least 1", f)


DATETIME_PROPERTIES = frozenset(n for n, t in PROPERTIES.items() if t == "datetime")


@rule("OG028", "og-datetime", Severity.ERROR, fields=DATETIME_PROPERTIES)
def og_datetime(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `article:published_time`, `modified_time`, `expiration_time`, the `release_date`s and
    `payment:expires_at` are ISO 8601: a date (`1972-06-17`), optionally with a time and an offset
    (`1972-06-17T20:23:45-05:00`). Dates typed by YAML pass, since the generator writes them in ISO 8601,
    and so do dates a generator preset reads and writes out again (Jekyll's `2024-03-18 09:00:00 +0100`).

    ## Why is this bad?
    Consumers parse these as ISO 8601 and drop anything else: "June 18, 1972" gives the article no date,
    so it loses its place in feeds and its "published" line on the card.

    ## Example
    ```html
    <head><meta property="article:published_time" content="June 18, 1972"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="article:published_time" content="1972-06-18"></head>
    ```
    """
    for f in og_fields(doc, DATETIME_PROPERTIES):
        if isinstance(f.value, str) and not f.value.strip():
            continue  # empty: OG006
        why = datetime_problem(f.value)
        if why and doc.generator and _generator_reads(f.value):
            continue  # the generator reads the date and writes it as ISO 8601 (jekyll-seo-tag: date_to_xmlschema)
        if why:
            yield doc.problem(f"{f.name} {quote(f.text.strip())} is not an ISO 8601 date ({why}): consumers will "
                              "drop it", f)


def _generator_reads(value: Any) -> bool:
    """Whether a site generator reads the value as a date it can write out as ISO 8601 (an offset within ±14
    hours, as OG028 asks of any date)."""
    moment = dates.parse(value)
    offset = moment.value.utcoffset() if moment is not None and isinstance(moment.value, datetime) else None
    return moment is not None and (offset is None or abs(offset) <= timedelta(hours=14))


ENUMS = {"profile:gender": ("male", "female"), "payment:status": ("PENDING", "PAID", "FAILED", "EXPIRED")}


@rule("OG029", "og-enum", Severity.ERROR, fields=ENUMS)
def og_enum(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the enumerated properties: `profile:gender` is `male` or `female`; `payment:status` is
    `PENDING`, `PAID`, `FAILED` or `EXPIRED`. Values are case-sensitive.

    ## Why is this bad?
    Consumers map these values exactly; anything else is rejected or classified by each consumer's own
    guess.

    ## Example
    ```html
    <head><meta property="profile:gender" content="fembot"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="profile:gender" content="female"></head>
    ```
    """
    for f in og_fields(doc, ENUMS):
        allowed = ENUMS[f.name]
        value = f.text.strip()
        if value and value not in allowed:
            yield doc.problem(f"{f.name} {quote(value)} is not one of {', '.join(allowed)}: consumers will reject it",
                              f)


REFERENCE_PROPERTIES = frozenset(n for n, t in PROPERTIES.items() if t == "ref")


@rule("OG030", "og-reference-not-url", Severity.WARNING, fields=REFERENCE_PROPERTIES)
def og_reference_not_url(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that properties referring to other objects — `article:author`, `book:author`, `video:actor`,
    `video:director`, `video:writer`, `video:series`, `music:musician`, `music:creator`, `music:album`,
    `music:song` — are absolute http(s) URLs.

    ## Why is this bad?
    ogp.me types these as references to another object (a `profile` page, an album): consumers follow the
    URL. A plain name ("Walter Isaacson") or a relative path links to nothing.

    ## Example
    ```yaml
    og:
      type: book
    book:
      author: Walter Isaacson
    ```

    ## Use instead
    ```yaml
    og:
      type: book
    book:
      author: https://example.org/authors/walter-isaacson/
    ```
    """
    for f in og_fields(doc, REFERENCE_PROPERTIES):
        value = f.text.strip()
        if value and not urls.is_absolute_http(value):
            what = "a relative URL" if value.startswith(("/", "./", "../")) else "not an http(s) URL"
            yield doc.problem(f"{f.name} {quote(value)} is {what}: it should link to the object's page (a "
                              "profile, an album)", f)


@rule("OG031", "og-isbn", Severity.WARNING, fields=["book:isbn"])
def og_isbn(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `book:isbn` is an ISBN-10 or ISBN-13 whose check digit is right (hyphens and spaces are
    allowed).

    ## Why is this bad?
    A mistyped ISBN names another book or none: catalogues and shops that match on it show the wrong
    edition.

    ## Example
    ```yaml
    og:
      type: book
    book:
      isbn: 978-1451648530
    ```

    ## Use instead
    ```yaml
    og:
      type: book
    book:
      isbn: 978-1451648539
    ```
    """
    for f in og_fields(doc, ("book:isbn",)):
        # A YAML integer (an unquoted ISBN) may have lost a leading zero: read the source text instead.
        text = f.value if isinstance(f.value, str) else f.raw.strip("'\"")
        why = isbn_problem(text) if text.strip() else None
        if why:
            yield doc.problem(f"book:isbn {quote(text.strip())} is not a valid ISBN: {why}", f)


@rule("OG032", "og-type-props-mismatch", Severity.WARNING, fields=TYPE_OF_PROPERTY)
def og_type_props_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports type-specific properties (`article:*`, `book:*`, `profile:*`, `music:*`, `video:*`,
    `payment:*`) on a page whose `og:type` is not the one they belong to — `article:published_time` on a
    `website`, `video:series` on a `video.movie`. One finding per namespace, at its first property.

    ## Why is this bad?
    Consumers read a vertical's properties only for its type, so these values are ignored; usually the
    page's type is the mistake (an article published as `website`).

    ## Example
    ```yaml
    og:
      type: website
    article:
      published_time: 2024-05-14T09:30:00+02:00
    ```

    ## Use instead
    ```yaml
    og:
      type: article
    article:
      published_time: 2024-05-14T09:30:00+02:00
    ```
    """
    f = _og_type(doc)
    og_type = f.text.strip().lower() if f is not None else ""
    if og_type not in TYPES:
        return  # missing (OG002), unknown (OG020), legacy (OG021) or custom: nothing to compare with
    wrong: dict[str, list[Field]] = {}
    for name, fields in doc.by_name().items():
        belongs = TYPE_OF_PROPERTY.get(name)
        if belongs and og_type not in belongs:
            wrong.setdefault(name.split(":", 1)[0], []).append(fields[0])
    for ns, fields in wrong.items():
        names = list(dict.fromkeys(p.name for p in fields))
        verb = "does" if len(names) == 1 else "do"
        yield doc.problem(f"{', '.join(names)} {verb} not belong to og:type {og_type}: consumers ignore "
                          f"{'it' if len(names) == 1 else 'them'}", fields[0])


MIME_FAMILIES = {"og:image": ("image/",), "og:video": ("video/", "application/x-shockwave-flash", "text/html",
                                                        "application/ogg"),
                 "og:audio": ("audio/", "application/ogg")}


@rule("OG033", "og-mime", Severity.WARNING, fields=[f"{root}:type" for root in MIME_FAMILIES])
def og_mime(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks `og:image:type`, `og:video:type` and `og:audio:type`: a well-formed MIME type of the right kind
    (`image/*`; `video/*`, or a player page's `text/html` or legacy `application/x-shockwave-flash`;
    `audio/*`), registered spelling (`image/jpeg`, not `image/jpg`), and in agreement with the file
    extension of the URL it describes, unless the URL asks an image CDN for another format (`?fm=jpg`).

    ## Why is this bad?
    Consumers pick which image or video to use by its declared type: a PNG declared as `image/jpeg`, or a
    video typed `image/png`, is skipped or fails to play.

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/card.png
        type: image/jpeg
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/card.png
        type: image/png
    ```
    """
    for root, families in MIME_FAMILIES.items():
        if f"{root}:type" not in doc.by_name():
            continue
        for group in media_groups(doc, root):
            for f in group.children:
                if f.name == f"{root}:type" and isinstance(f.value, str) and f.value.strip():
                    why = _mime_problem(f.value, root, families, group.root)
                    if why:
                        yield doc.problem(f"{f.name} {quote(f.value.strip())} {why}", f)


# A query that asks an image CDN for another format (imgix/Contentful `fm=jpg`, `format=webp`, `auto=format`):
# the file's extension no longer says what is served.
_CONVERTS = re.compile(r"[?&](?:amp;)?(?:fm|format|output)=|[?&](?:amp;)?auto=[^&#]*format", re.I)


def _mime_problem(value: str, root: str, families: tuple[str, ...], url: Field | None) -> str | None:
    mime = value.split(";", 1)[0].strip()
    lowered = mime.lower()
    if not MIME.fullmatch(lowered):
        return "is not a MIME type (type/subtype): consumers will skip the object"
    if lowered in MIME_ALIASES:
        return f"is not a registered MIME type: write {MIME_ALIASES[lowered]}"
    if not lowered.startswith(families):
        return f"is not a type for {root}: consumers will skip the object"
    address = url.text.strip() if url is not None else ""
    ext = extension(address) if not _CONVERTS.search(address) else ""
    if ext in EXTENSION_TYPES and lowered not in EXTENSION_TYPES[ext]:
        return f"disagrees with the .{ext} file it describes: consumers will skip or mishandle it"
    return None


@rule("OG034", "og-audio-dimensions", Severity.WARNING, fields=AUDIO_DIMENSIONS)
def og_audio_dimensions(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports `og:audio:width` and `og:audio:height`.

    ## Why is this bad?
    ogp.me gives `og:audio` only `url`, `secure_url` and `type` ("size doesn't make sense"): the values are
    ignored, and usually mean a video's properties were copied onto an audio file.

    ## Example
    ```html
    <head>
      <meta property="og:audio" content="https://example.org/episode-12.mp3">
      <meta property="og:audio:width" content="640">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:audio" content="https://example.org/episode-12.mp3">
      <meta property="og:audio:type" content="audio/mpeg">
    </head>
    ```
    """
    for name in AUDIO_DIMENSIONS & doc.by_name().keys():
        for f in doc.by_name()[name]:
            yield doc.problem(f"{name}: audio has no size in Open Graph, consumers ignore it", f)


@rule("OG035", "og-payment-values", Severity.WARNING, fields=["payment:currency", "payment:amount"])
def og_payment_values(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks a `payment.link` page's values: `payment:currency` is an ISO 4217 code (`EUR`, `USD`), and
    `payment:amount` a decimal number (`12.50`, not `12,50` or `€12.50`).

    ## Why is this bad?
    The payment card shows and charges the amount in the given currency; an unknown code or an amount that
    does not parse breaks the card (the type is in beta, and strict about both).

    ## Example
    ```yaml
    og:
      type: payment.link
    payment:
      currency: EURO
      amount: "12,50"
    ```

    ## Use instead
    ```yaml
    og:
      type: payment.link
    payment:
      currency: EUR
      amount: 12.50
    ```
    """
    for f in og_fields(doc, ("payment:currency",)):
        value = f.text.strip()
        if value and value not in CURRENCIES:
            hint = f"; write {value.upper()}" if value.upper() in CURRENCIES else ""
            yield doc.problem(f"payment:currency {quote(value)} is not an ISO 4217 currency code{hint}", f)
    for f in og_fields(doc, ("payment:amount",)):
        if f.text.strip() and not is_float(f.value):
            yield doc.problem(f"payment:amount {quote(f.text.strip())} is not a number (digits and a '.' decimal "
                              "point)", f)


@rule("OG036", "og-boolean", Severity.ERROR, options={"properties": ["og:image:user_generated",
                                                                     "og:rich_attachment"]})
def og_boolean(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that Boolean properties are `true`, `false`, `1` or `0` (ogp.me Boolean). ogp.me itself
    defines none; the option `properties` lists the ones to check, by default Facebook's
    `og:image:user_generated` and `og:rich_attachment`, and a custom namespace's can be added.

    ## Why is this bad?
    Parsers accept only those four spellings: `yes`, `True` or `on` is read as false, or rejected.

    ## Example
    ```html
    <head><meta property="og:image:user_generated" content="yes"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:image:user_generated" content="true"></head>
    ```
    """
    names = {str(n).lower() for n in options["properties"]}
    for f in og_fields(doc, names):
        if isinstance(f.value, bool) or (is_int(f.value) and f.value in (0, 1)):
            continue  # YAML-typed: the generator writes true/false/1/0
        value = f.text.strip()
        if value and value not in ("true", "false", "1", "0"):
            yield doc.problem(f"{f.name} {quote(value)} is not a Boolean (true, false, 1 or 0)", f)

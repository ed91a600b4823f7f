"""SEO: the search-head metadata — `<title>`, meta description, canonical link — present, single, of a length
search results show, and in step with the Open Graph texts (RULES.md §1.5, section G). In front matter the
`title` and `description` keys stand for the page's `<title>` and meta description."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any, Iterator, Mapping

from oglint.model import Document, Field, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import quote, redirects
from oglint.textkit import (
    head_field, head_fields, split_site_prefix, split_site_suffix, text_of, unrelated,
)


def _where(doc: Document) -> str:
    return "<title>" if doc.is_html else "the title key"


@rule("SEO001", "title-missing", Severity.ERROR)
def title_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page has a non-empty title: a `<title>` element in HTML, a `title` key in front matter.

    ## Why is this bad?
    Search results link the page under its title; without one (Lighthouse: "Document doesn't have a
    `<title>` element") the search engine makes one up from the URL or the text, and browser tabs and
    bookmarks show the bare address.

    ## Example
    ```html
    <head><meta property="og:title" content="Walking boots for wet weather"></head>
    ```

    ## Use instead
    ```html
    <head><title>Walking boots for wet weather | Example Outdoor</title></head>
    ```
    """
    titles = head_fields(doc, "title")
    if not titles:
        yield doc.problem(f"the page has no title ({_where(doc)}): search engines will make one up")
    elif not any(text_of(f) for f in titles):
        yield doc.problem("the title is empty: search engines will make one up", titles[0])


# Advance widths of Helvetica/Arial (metric-compatible) in 1/1000 em, for the printable ASCII characters
# from space to tilde: the usual way to estimate how much of a title fits in a search result line.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0-9 : ; < = > ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ A-O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P-Z [ \ ] ^ _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` a-o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p-z to ~
)
_OTHER_WIDTHS = {"–": 556, "—": 1000, "…": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "·": 278,
                 "\xa0": 278}


@functools.lru_cache(maxsize=4096)  # a site's titles share a few hundred characters: look each one up once
def _char_width(c: str) -> int:
    if " " <= c <= "~":
        return _ASCII_WIDTHS[ord(c) - 32]
    if c in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[c]
    base = unicodedata.normalize("NFD", c)[0]  # an accented letter is as wide as its base letter
    if " " <= base <= "~":
        return _ASCII_WIDTHS[ord(base) - 32]
    return 1000 if unicodedata.east_asian_width(c) in "WF" else 556


# _char_width of each ASCII code, control characters included: an ASCII title (the usual one) is summed by
# indexing this table with its bytes, without a call per character.
_ASCII_TABLE = tuple(_char_width(chr(code)) for code in range(128))


def title_pixels(text: str, font_px: float = 18.0) -> int:
    """The estimated width of `text` in Arial at `font_px` pixels."""
    if text.isascii():
        units = sum(map(_ASCII_TABLE.__getitem__, text.encode("ascii")))
    else:
        units = sum(map(_char_width, text))
    return round(units * font_px / 1000)


@rule("SEO002", "title-too-long", Severity.WARNING, options={"max_length": 70, "max_pixels": 600}, fields=["title"])
def title_too_long(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a page title (`<title>`, or `title` in front matter) too long for a search result. Limits:
    `max_length` characters (70, html-validate's default) and `max_pixels` (600, Yoast's limit) in an
    Arial 18 px estimate; `max_pixels: 0` turns the width check off.

    ## Why is this bad?
    Search results show about 600 pixels of title and cut the rest with "…"; with the site name at the
    end, it is usually the site name that goes, or the end of the headline.

    ## Example
    ```yaml
    title: "Everything we learned in ten years of running a volunteer open source project | Example"
    ```

    ## Use instead
    ```yaml
    title: "Ten years of running a volunteer open source project | Example"
    ```
    """
    max_length, max_pixels = options["max_length"], options["max_pixels"]
    for f in head_fields(doc, "title"):
        text = " ".join(f.text.split()) if doc.is_html else f.text.strip()
        if len(text) > max_length:
            yield doc.problem(f"the title is {len(text)} characters, over {max_length}: search results will cut "
                              f"it off ({quote(text)})", f)
        elif max_pixels and (pixels := title_pixels(text)) > max_pixels:
            yield doc.problem(f"the title is about {pixels} px wide in search results, over {max_pixels} px: "
                              f"they will cut it off ({quote(text)})", f)


@rule("SEO003", "meta-description-missing", Severity.WARNING)
def meta_description_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page has a non-empty meta description: `<meta name="description">` in HTML, a
    `description` key in front matter. Front matter with `og:description` instead is left alone, as
    templates fall back to it for the meta description, and so is a redirect stub (`<meta
    http-equiv="refresh" content="0; url=…">`).

    ## Why is this bad?
    Without a description (Lighthouse: "Description text is empty.") search engines show a snippet cut
    from the page text, often navigation or a cookie notice.

    ## Example
    ```html
    <head><title>Walking boots for wet weather</title></head>
    ```

    ## Use instead
    ```html
    <head><title>Walking boots for wet weather</title>
    <meta name="description" content="Which waterproof boots stayed dry through a muddy winter."></head>
    ```
    """
    found = head_fields(doc, "description")
    for f in found:
        if not text_of(f):
            yield doc.problem("Description text is empty: search engines will show a snippet of their own", f)
    # Front matter without `description` but with og:description: templates fall back to it, so say nothing.
    if found or (not doc.is_html and text_of(doc.first("og:description"))) or redirects(doc):
        return
    what = '<meta name="description">' if doc.is_html else "description key (nor og:description)"
    yield doc.problem(f"the page has no {what}: search engines will show a snippet of their own")


@rule("SEO004", "meta-multiple", Severity.WARNING, inputs="H", fields=["title", "description"])
def meta_multiple(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a second (third…) `<title>` or `<meta name="description">` in the head, at each extra one.

    ## Why is this bad?
    A page has one title and one description; with two, each consumer picks its own — browsers the first
    `<title>`, others the last — usually because a theme and a plugin both emit the tag.

    ## Example
    ```html
    <head><title>Walking boots</title><title>Example Outdoor</title></head>
    ```

    ## Use instead
    ```html
    <head><title>Walking boots | Example Outdoor</title></head>
    ```
    """
    for name, shown in (("title", "<title>"), ("description", '<meta name="description">')):
        found = head_fields(doc, name)
        for f in found[1:]:
            yield doc.problem(f"{shown} appears {len(found)} times (first on line {found[0].span.line}): "
                              "consumers disagree on which one to use", f)


@rule("SEO005", "canonical-missing", Severity.INFO, inputs="H")
def canonical_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an HTML page without `<link rel="canonical">`.

    ## Why is this bad?
    A self-referencing canonical tells search engines which URL is the page's own, so copies reached with
    tracking parameters, other hosts or trailing-slash variants are folded into it.

    ## Example
    ```html
    <head><title>Walking boots</title></head>
    ```

    ## Use instead
    ```html
    <head><title>Walking boots</title>
    <link rel="canonical" href="https://shop.example.org/guides/walking-boots/"></head>
    ```
    """
    if doc.first("canonical") is None:
        yield doc.problem('no <link rel="canonical">: search engines will choose the canonical URL themselves')


_MODES = ("unrelated", "different", "identical")


def _page_title(title: str, og_title: str) -> str:
    """The title without the site name, when it is og:title plus one."""
    t, o = " ".join(title.split()), " ".join(og_title.split())
    lower_t, lower_o = t.lower(), o.lower()
    if len(lower_t) <= len(lower_o):
        return t  # no room for a separator and a site name (most titles: the same text as og:title)
    if split_site_suffix(lower_t, lower_o) is not None or split_site_prefix(lower_t, lower_o) is not None:
        return o
    return t


def _diverges(mode: str, seo: str, og: str) -> str | None:
    """Why the pair is reported in this mode, or None."""
    if seo == og:  # the usual case, decided without normalising either text or comparing their words
        return "is identical to" if mode == "identical" else None
    same = " ".join(seo.casefold().split()) == " ".join(og.casefold().split())
    if mode == "identical":
        return "is identical to" if same else None
    if mode == "different":
        return None if same else "differs from"
    return "is unrelated to" if unrelated(seo, og) else None


@rule("SEO006", "og-vs-seo-divergence", Severity.INFO, options={"mode": "unrelated"},
      fields=["og:title", "og:description"])
def og_vs_seo_divergence(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Compares `og:title` with the page title (without a site-name suffix) and `og:description` with the
    meta description. Option `mode`: `unrelated` (default) reports texts that share almost no words, such
    as a stale template value; `different` reports any difference; `identical` reports copies, for those who
    want social texts written separately.

    ## Why is this bad?
    Search results and share cards describe the same page; when the two texts have nothing in common, one
    of them was usually left behind by an edit or copied from another page.

    ## Example
    ```yaml
    title: Walking boots for wet weather
    og:
      title: Welcome to Example Outdoor
    ```

    ## Use instead
    ```yaml
    title: Walking boots for wet weather
    og:
      title: Walking boots for wet weather
    ```
    """
    mode = options["mode"]
    if mode not in _MODES:
        raise ValueError(f"SEO006 option mode must be one of {', '.join(_MODES)}, not {mode!r}")
    pairs: tuple[tuple[str, str, Field | None, Field | None], ...] = (
        ("og:title", "the title", doc.first("og:title"), head_field(doc, "title")),
        ("og:description", "the meta description", doc.first("og:description"), head_field(doc, "description")),
    )
    for name, seo_name, og, seo in pairs:
        og_text, seo_text = text_of(og), text_of(seo)
        if not (og and og_text and seo_text):
            continue
        if name == "og:title":
            seo_text = _page_title(seo_text, og_text)
        why = _diverges(mode, seo_text, og_text)
        if why == "is identical to":
            yield doc.problem(f"{name} is identical to {seo_name}: share cards repeat the search snippet word for "
                              "word", og)
        elif why:
            yield doc.problem(f"{name} {quote(og_text)} {why} {seo_name} {quote(seo_text)}: share cards and "
                              "search results will describe the page differently", og)


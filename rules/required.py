"""OG001–OG006: the properties every shareable page needs, present and not empty (ogp.me "Basic Metadata")."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint.model import Document, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import is_blank, missing

# Namespaces whose properties carry their value in `content` (ogp.me and its type vocabularies).
OG_NAMESPACES = ("og:", "article:", "book:", "profile:", "music:", "video:", "payment:")


def _missing(doc: Document, name: str, why: str) -> Iterator[Problem]:
    if missing(doc, name):
        yield doc.problem(f"{name} is missing: {why}")


@rule("OG001", "og-title-missing", Severity.ERROR)
def og_title_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page declares `og:title`. A redirect stub (`<meta http-equiv="refresh" content="0;
    url=…">`) is left alone.

    ## Why is this bad?
    `og:title` is one of the four properties ogp.me requires on every page. Without it Facebook, LinkedIn,
    Slack and others guess a title from `<title>` or the page text, often with the site's branding in it.

    ## Example
    ```yaml
    og:
      type: article
      url: https://example.org/post/
    ```

    ## Use instead
    ```yaml
    og:
      title: How we cut our build time in half
      type: article
      url: https://example.org/post/
    ```
    """
    return _missing(doc, "og:title", "share cards fall back to a guessed title")


@rule("OG002", "og-type-missing", Severity.WARNING)
def og_type_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page declares `og:type`. Under a generator preset whose template writes it itself
    (jekyll, hugo, astro, devto: docs/presets.md), it is never missing. A redirect stub (`<meta
    http-equiv="refresh" content="0; url=…">`) is left alone.

    ## Why is this bad?
    ogp.me requires `og:type`; consumers treat a page without it as `website`, so an article loses its
    article properties (publication time, author, section) and rich pins.

    ## Example
    ```html
    <head><meta property="og:title" content="A post"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:title" content="A post"><meta property="og:type" content="article"></head>
    ```
    """
    return _missing(doc, "og:type", "consumers will treat the page as type website")


@rule("OG003", "og-image-missing", Severity.ERROR)
def og_image_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page declares `og:image` (or its identical form `og:image:url`). A redirect stub
    (`<meta http-equiv="refresh" content="0; url=…">`) is left alone.

    ## Why is this bad?
    ogp.me requires an image. Without one, Facebook reports "og:image was not defined" and scrapers pick a
    random image from the page — a logo, an ad, a tracking pixel.

    ## Example
    ```yaml
    og:
      title: A post
    ```

    ## Use instead
    ```yaml
    og:
      title: A post
      image: https://example.org/cards/a-post.png
    ```
    """
    return _missing(doc, "og:image", "scrapers will pick some image from the page, or none")


@rule("OG004", "og-url-missing", Severity.WARNING)
def og_url_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page declares `og:url`, its canonical address. Under a generator preset whose template
    writes it from the page's own address (jekyll, hugo, astro, devto: docs/presets.md), it is never missing.
    A redirect stub (`<meta http-equiv="refresh" content="0; url=…">`) is left alone.

    ## Why is this bad?
    `og:url` is the page's permanent ID in the graph: likes and shares aggregate at it. Without it Facebook
    uses whatever URL was shared, so tracking parameters and duplicates split the page's counts.

    ## Example
    ```yaml
    og:
      title: A post
    ```

    ## Use instead
    ```yaml
    og:
      title: A post
      url: https://example.org/post/
    ```
    """
    return _missing(doc, "og:url", "shares will aggregate at whatever URL was shared")


@rule("OG005", "og-description-missing", Severity.WARNING)
def og_description_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page declares `og:description`. A redirect stub (`<meta http-equiv="refresh"
    content="0; url=…">`) is left alone.

    ## Why is this bad?
    The spec lists it as optional, but Facebook, LinkedIn and X all show it, and without it they cut a
    snippet out of the page text — often a cookie banner or a navigation menu.

    ## Example
    ```yaml
    og:
      title: A post
    ```

    ## Use instead
    ```yaml
    og:
      title: A post
      description: What we changed in our CI and what it saved us.
    ```
    """
    return _missing(doc, "og:description", "platforms will cut a snippet out of the page text")


@rule("OG006", "og-empty-content", Severity.ERROR)
def og_empty_content(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports Open Graph properties (`og:*` and the type namespaces `article:*`, `book:*`, …) whose value is
    missing, empty or only white space — in HTML, a `<meta>` with no `content` attribute or `content=""`.
    `og:determiner` may be `""`: the empty word is one of its values, and the default (ogp.me).

    ## Why is this bad?
    An empty property is worse than none: consumers take it as set, so they show an empty title or no
    image instead of falling back to something useful.

    ## Example
    ```html
    <head><meta property="og:title" content=" "></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:title" content="A post"></head>
    ```
    """
    for f in doc.fields:
        if f.name.startswith(OG_NAMESPACES) and is_blank(f) and not (f.name == "og:determiner" and f.value == ""):
            what = "has no content attribute" if doc.is_html and f.value is None else "is empty"
            yield doc.problem(f"{f.name} {what}", f)

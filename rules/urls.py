"""URL: the page's addresses — absolute, clean, and in agreement with each other (RFC 3986 §6 ladder, D1)."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint import urls
from oglint.model import Document, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import entity_residue, listing, quote, url_fields


@rule("URL010", "url-entity-residue", Severity.ERROR, fixable=True)
def url_entity_residue(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a URL that still holds an HTML character reference once it has been decoded the one time
    consumers decode it: `&amp;` (or `&#38;`, `&#x2F;`) in a front-matter URL, `&amp;amp;` in an HTML
    attribute.

    ## Why is this bad?
    The crawler requests the URL with the entity in it: `?w=600&amp;h=300` asks for a parameter named
    `amp;h`, so the image comes back at the wrong size, or not at all (guardian/frontend#24657).

    ## Example
    ```yaml
    og:
      image: https://example.org/card.jpg?w=600&amp;h=300
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/card.jpg?w=600&h=300
    ```
    """
    for f in url_fields(doc):
        found = entity_residue(doc, f)
        if found:
            start, end, _ = found[0]
            how = "after the one HTML decode consumers do" if doc.is_html else "in front matter, which is plain text"
            yield doc.problem_in(f, start, end, f"{f.name} still holds {listing(t for _, _, t in found)} {how}: "
                                 "crawlers will request the URL with the entity in it")


@rule("URL012", "fm-url-og-url-mismatch", Severity.ERROR, inputs="F")
def fm_url_og_url_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the front matter's own `url` and its `og:url` name the same resource, comparing them along
    RFC 3986 §6 (case of scheme and host, default ports, percent-escapes and dot segments are not
    differences) and saying which component differs.

    ## Why is this bad?
    The page is published at `url`, but shares and likes aggregate at `og:url`: when they disagree, the
    share card links somewhere else, often a 404 after a permalink change.

    ## Example
    ```yaml
    url: https://example.org/2020/february/report/
    og:
      url: https://example.org/2020/march/report/
    ```

    ## Use instead
    ```yaml
    url: https://example.org/2020/february/report/
    og:
      url: https://EXAMPLE.org:443/2020/february/report/
    ```
    """
    url, og_url = doc.first("url"), doc.first("og:url")
    if url is None or og_url is None or not isinstance(url.value, str) or not isinstance(og_url.value, str):
        return
    diff = urls.compare(url.value, og_url.value)
    if diff:
        yield doc.problem(f"og:url differs from url in its {diff.component} ({diff.detail}): "
                          f"{quote(og_url.value.strip())} vs {quote(url.value.strip())}", og_url)

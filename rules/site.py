"""XD001–XD005, XD007: problems only the whole site shows — pages sharing one og:url, title, description or
image, a site that mixes URL policies, and hreflang alternates that do not link back.

Each document emits keys; the runner groups them after the run (oglint.runner). XD001–XD003 group by the
compared value, and their `resolve` words the default grouping (`duplicates`). XD004, XD005 and XD007 need
every document at once: each emits one key shared by all, with what it knows about itself written in its
Problem's message, and a `resolve` function judges the site.

The runner keeps every document's (key, Problem) pairs until the run ends, so they are kept small: a key is
the compared value alone, a message holds only what differs between documents (the long constant wording is
added in `resolve`, for the findings only), and a span that is never reported is one shared constant. The
message is also all a cached result keeps of a Problem (oglint.cache), so facts written there survive the
cache.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping

from oglint import urls
from oglint.model import Document, Field, Problem, Severity, Span
from oglint.registry import RELATED_LIMIT, corpus_rule
from oglint.rulekit import quote
from oglint.runner import duplicates

Members = list[tuple[str, Problem]]

# The span of a site-wide fact that is never reported (a document's own address for XD007, a document
# without og:image for XD004): one shared object instead of one per document.
_NOWHERE = Span(1, 1, 1, 1)
_NO_IMAGE = Problem("", _NOWHERE)


def _url_key(url: str) -> str:
    """The URL in RFC 3986 normal form, without its fragment (it names a part of the same page)."""
    return urls.normalise(url.strip()).partition("#")[0]


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names(paths: Iterable[str]) -> str:
    paths = list(paths)
    shown = ", ".join(paths[:5])
    return shown + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def _own_url(doc: Document, order: tuple[str, ...] = ("og:url", "url")) -> Field | None:
    for name in order:
        f = doc.first(name)
        if f and isinstance(f.value, str) and urls.is_absolute_http(f.value.strip()):
            return f
    return None


def _named(f: Field) -> str:
    """The start of a duplicate's message, which names the field and its value (quote() bounds its length);
    `_worded` adds the rest to the findings."""
    return f"{f.name} {quote(f.text.strip())}"


def _worded(wording: str) -> Callable[[Hashable, Members, Mapping[str, Any]], Iterable[tuple[str, Problem]]]:
    """A `resolve` that words each member's message (`_named`, or a bare field name when the value is the key
    itself) and groups as `duplicates` does."""
    def resolve(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterable[tuple[str, Problem]]:
        if len(members) < 2:  # most values are a single document's: nothing to word
            return ()
        return duplicates(key, [(path, Problem(_start(p.message, key) + wording, p.span, p.severity, p.related))
                                for path, p in members], options)
    return resolve


def _start(message: str, key: Hashable) -> str:
    """A message as `_named` words it: a field name alone (it holds no space) stands for the name and the key."""
    return message if " " in message else f"{message} {quote(str(key))}"


@corpus_rule("XD001", "duplicate-og-url", Severity.ERROR, fields=["og:url", "url"],
             resolve=_worded(" is the address of another document too: consumers merge their shares and show one "
                             "card for both"))
def duplicate_og_url(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Reports documents that give the same `og:url` (else front-matter `url`), compared in RFC 3986 normal
    form (case of scheme and host, default ports and percent-escapes do not count; the fragment is
    ignored). Each finding names the other documents.

    ## Why is this bad?
    Facebook treats all pages with one canonical URL as the same resource: their shares and likes merge,
    and every one of them shows the card of whichever page was scraped last. It is usually a copied page
    whose `og:url` was not updated.

    ## Example
    ```yaml
    og:
      title: Spring relay
      url: https://example.org/news/spring-relay/
    ```
    ```yaml
    og:
      title: Winter swim
      url: https://EXAMPLE.org/news/spring-relay/
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay
      url: https://example.org/news/spring-relay/
    ```
    ```yaml
    og:
      title: Winter swim
      url: https://example.org/news/winter-swim/
    ```
    """
    f = _own_url(doc)
    if f:
        key = _url_key(f.text)
        # Most addresses are their own key (in normal form, without a fragment): the message is then the field's
        # name alone, one interned string for every document, and `_start` quotes the key instead.
        yield key, Problem(sys.intern(f.name) if key == f.text.strip() else _named(f), f.span)


def _text_keys(doc: Document, names: tuple[str, ...]) -> Iterator[tuple[Hashable, Problem]]:
    seen = set()
    index = doc.by_name()
    for name in names:
        for f in index.get(name, ()):
            if not isinstance(f.value, str) or not f.value.strip() or (key := _text_key(f.value)) in seen:
                continue  # not text, or blank
            seen.add(key)
            yield key, Problem(_named(f), f.span)


@corpus_rule("XD002", "duplicate-title", Severity.WARNING, fields=["title", "og:title"],
             resolve=_worded(" is used by other documents too: search results and share cards cannot tell them "
                             "apart"))
def duplicate_title(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Reports a title (`<title>`, `title` or `og:title`) that other documents use too, ignoring case and
    white space. Each finding names the other documents.

    ## Why is this bad?
    Search engines and share cards cannot tell the pages apart: Google rewrites boilerplate titles, and
    readers see several identical cards for different pages.

    ## Example
    ```yaml
    title: News | Example Constabulary
    ```
    ```yaml
    title: News  | Example Constabulary
    ```

    ## Use instead
    ```yaml
    title: Spring relay raises £12,000 | Example Constabulary
    ```
    ```yaml
    title: Winter swim for the hospice | Example Constabulary
    ```
    """
    return _text_keys(doc, ("title", "og:title"))


@corpus_rule("XD003", "duplicate-description", Severity.WARNING, fields=["description", "og:description"],
             resolve=_worded(" is used by other documents too: search engines replace duplicated descriptions and "
                             "share cards describe the wrong page"))
def duplicate_description(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Reports a description (`description`, `<meta name=description>` or `og:description`) that other
    documents use too, ignoring case and white space. Each finding names the other documents.

    ## Why is this bad?
    Google asks for a unique description per page and replaces duplicated ones with text it picks itself;
    on share cards a copied description describes the wrong page.

    ## Example
    ```yaml
    og:
      description: Read the latest news from Example Constabulary.
    ```
    ```yaml
    og:
      description: Read the latest news from Example Constabulary.
    ```

    ## Use instead
    ```yaml
    og:
      description: Officers raised £12,000 for local charities during the spring relay.
    ```
    ```yaml
    og:
      description: Forty officers swam a mile in the sea for the local hospice.
    ```
    """
    return _text_keys(doc, ("description", "og:description"))


def _shared_image(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD004: an og:image that at least `min_share` % of all documents use, once, at the first of them. One
    finding per document would repeat the whole site's list on every page: quadratic output on big sites.
    Each document's message holds its og:image as written ("": it has none)."""
    by_image: dict[Hashable, list[tuple[str, Problem]]] = defaultdict(list)
    everyone = {path for path, _ in members}
    normal: dict[str, str] = {}  # each image as written -> its _url_key, worked out once
    for path, fact in members:
        written = fact.message
        if written:
            if written not in normal:
                normal[written] = _url_key(written)
            by_image[normal[written]].append((path, fact))
    for image, users in by_image.items():
        paths = sorted({p for p, _ in users})
        if len(paths) < options["min_documents"] or 100 * len(paths) < options["min_share"] * len(everyone):
            continue
        path, fact = min(users, key=lambda user: user[0])
        others = tuple(p for p in paths if p != path)
        shown = quote(fact.message)
        yield path, Problem(f"{shown} is the og:image of {len(paths)} of the {len(everyone)} documents "
                            f"(also {_names(others)}): every page's share card looks the same",
                            fact.span, None, others[:RELATED_LIMIT])


@corpus_rule("XD004", "default-image-everywhere", Severity.INFO, resolve=_shared_image,
             options={"min_share": 80, "min_documents": 3})
def default_image_everywhere(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Reports an `og:image` that at least `min_share` percent of all documents use (default 80, and at
    least `min_documents`, default 3): the site's default image standing in for every page. It is reported
    once per image, at the first document (by path) that uses it, naming all the others.

    ## Why is this bad?
    Every share of every page shows the same logo card, so readers cannot tell the links apart and a
    stale default image stays on every page. Give pages their own image where it matters.

    ## Example
    ```yaml
    og:
      image: https://example.org/img/default-card.png
    ```
    ```yaml
    og:
      image: https://example.org/img/default-card.png
    ```
    ```yaml
    og:
      image: https://example.org/img/default-card.png
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/img/relay.jpg
    ```
    ```yaml
    og:
      image: https://example.org/img/swim.jpg
    ```
    ```yaml
    og:
      image: https://example.org/img/default-card.png
    ```
    """
    # Each document gives its image as written; _shared_image compares them in normal form, once per distinct
    # URL instead of once per document (most documents of a site that this rule is about share one image).
    f = doc.first("og:image")
    if f and isinstance(f.value, str) and f.value.strip():
        yield "site", Problem(f.value.strip(), f.span)
    else:
        yield "site", _NO_IMAGE  # counted among all documents


def _policies(url: str) -> dict[str, tuple[str, str]]:
    """Per policy: (the group it is compared within, this URL's choice), for the policies the URL shows."""
    s = urls.split(url)
    if s is None or not s.hostname:
        return {}
    apex = s.hostname.removeprefix("www.")
    found = {"scheme": (apex, s.scheme.lower()), "www": (apex, "www" if s.hostname.startswith("www.") else "no www")}
    last = s.path.rsplit("/", 1)[-1]
    if s.path not in ("", "/") and "." not in last:  # the root and file names say nothing about the policy
        found["trailing slash"] = (apex, "a trailing slash" if s.path.endswith("/") else "no trailing slash")
    return found


def _mixed_policies(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD005: for each policy the site mixes, the documents on the less common side, naming the others (one
    shared tuple per side, so memory stays linear however many documents deviate). Each document's message
    holds its address: see `_address`."""
    choices: dict[tuple[str, str], dict[str, list[tuple[str, Problem]]]] = defaultdict(lambda: defaultdict(list))
    for path, fact in members:
        for policy, (group, choice) in _policies(_address(fact.message)[1]).items():
            choices[(policy, group)][choice].append((path, fact))
    for (policy, _), sides in sorted(choices.items()):
        if len(sides) < 2:
            continue
        most = max(len(v) for v in sides.values())
        common = [c for c, v in sides.items() if len(v) == most]
        for choice, users in sorted(sides.items()):
            if choice in common and len(common) < len(sides):
                continue
            others = tuple(sorted({p for c, v in sides.items() if c != choice for p, _ in v}))
            other_choices = " or ".join(sorted(c for c in sides if c != choice))
            for path, fact in users:
                name, url = _address(fact.message)
                yield path, Problem(f"{name} {quote(url)} uses {choice} while {len(others)} other document(s) use "
                                    f"{other_choices} ({_names(others)}): the site mixes its {policy} policy, so "
                                    "the same page has several addresses", fact.span, None,
                                    others[:RELATED_LIMIT])


@corpus_rule("XD005", "url-policy-inconsistent", Severity.WARNING, resolve=_mixed_policies,
             fields=["og:url", "url", "canonical"])
def url_policy_inconsistent(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Compares the page addresses (`og:url`, else `url`, else the canonical link) across the site and
    reports the documents on the less common side when the site mixes `http` and `https`, `www.` and the
    bare domain, or paths with and without a trailing slash (the root and file names like `a.html` do not
    count). Each finding names the documents that follow the other policy.

    ## Why is this bad?
    RFC 3986 does not make these addresses equal; only a redirect does. A site that mixes them splits its
    shares between two URLs per page and sends crawlers through redirect chains (Facebook reports
    "Circular Redirect Path" when og:url and the redirect disagree).

    ## Example
    ```yaml
    og:
      url: https://example.org/news/spring-relay/
    ```
    ```yaml
    og:
      url: https://example.org/news/winter-swim/
    ```
    ```yaml
    og:
      url: https://example.org/news/open-day
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/news/spring-relay/
    ```
    ```yaml
    og:
      url: https://example.org/news/winter-swim/
    ```
    ```yaml
    og:
      url: https://example.org/news/open-day/
    ```
    """
    f = _own_url(doc, ("og:url", "url", "canonical"))
    if f:
        yield "site", Problem(_written(f), f.span)


def _written(f: Field) -> str:
    """An XD005 message: og:url's address as written (stripped), which is the very string XD001 and XD007 keep
    for most documents; another field's name, a space and its address."""
    return f.text.strip() if f.name == "og:url" else f"{f.name} {f.text.strip()}"


def _address(message: str) -> tuple[str, str]:
    """(field name, address) from an XD005 message. An address starts with its http(s) scheme, never with
    `url ` or `canonical `."""
    if message.startswith(("url ", "canonical ")):
        name, _, url = message.partition(" ")
        return name, url
    return "og:url", message


def _hreflang_links(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD007: each alternate link to a page of the site that does not link back, or that gives it a language
    the page does not give itself (`x-default` names no language and is not compared). A document's messages
    hold its own address (normal form), then one per alternate: its address, the target's and the language,
    on three lines (addresses that pass urls.is_absolute_http hold no line break)."""
    pages: dict[str, str] = {}
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # page -> target -> codes
    claims = []
    for path, fact in members:
        page, *alternate = fact.message.split("\n", 2)
        pages.setdefault(page, path)
        if alternate:
            target, lang = alternate
            links[page][target].add(lang.lower())
            claims.append((path, fact, page, target, lang))
    for path, fact, page, target, lang in claims:
        other = pages.get(target) if target != page else None
        if other is None or other == path:
            continue
        back = links[target]
        own = back.get(target, set()) - {"x-default"}
        if page not in back:
            yield path, Problem(f"hreflang {lang!r} points to {other}, which has no hreflang link back to this "
                                f"page: search engines ignore alternates that are not confirmed both ways",
                                fact.span, None, (other,))
        elif own and lang.lower() not in own | {"x-default"}:
            yield path, Problem(f"hreflang {lang!r} points to {other}, which labels itself "
                                f"{' and '.join(repr(c) for c in sorted(own))}: the alternates disagree on its "
                                "language", fact.span, None, (other,))


@corpus_rule("XD007", "hreflang-reciprocity", Severity.WARNING, resolve=_hreflang_links,
             fields=["canonical", "og:url", "url"])
def hreflang_reciprocity(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Checks `<link rel="alternate" hreflang>` links between the site's pages (a page's address is its
    canonical link, else `og:url`): every alternate that is a page of the site must link back, and the
    language it gives the page must be the one that page gives itself. Each finding names the other page.

    ## Why is this bad?
    Google only uses hreflang pairs that confirm each other; a one-way or contradicting link is ignored,
    so searchers get the wrong language version.

    ## Example
    ```html
    <head>
      <link rel="canonical" href="https://example.org/en/">
      <link rel="alternate" hreflang="en" href="https://example.org/en/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/">
    </head>
    ```
    ```html
    <head>
      <link rel="canonical" href="https://example.org/de/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <link rel="canonical" href="https://example.org/en/">
      <link rel="alternate" hreflang="en" href="https://example.org/en/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/">
    </head>
    ```
    ```html
    <head>
      <link rel="canonical" href="https://example.org/de/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/">
      <link rel="alternate" hreflang="en" href="https://example.org/en/">
    </head>
    ```
    """
    own = _own_url(doc, ("canonical", "og:url", "url"))
    if own is None:
        return
    page = _url_key(own.text)
    yield "site", Problem(page, _NOWHERE)  # only alternates are reported
    for f in doc.by_name().get("hreflang", ()):
        lang = (f.attrs or {}).get("hreflang", "").strip()
        if lang and isinstance(f.value, str) and urls.is_absolute_http(f.value.strip()):
            yield "site", Problem(f"{page}\n{_url_key(f.value)}\n{lang}", f.span)

"""XD001–XD005, XD007: problems only the whole site shows — pages sharing one og:url, title, description or
image, a site that mixes URL policies, and hreflang alternates that do not link back.

Each document emits keys; the runner groups them after the run (oglint.runner). XD001–XD003 group by the
compared value, and their `resolve` words the default grouping (`duplicates`). XD007 groups by page: a
page's documents and the alternates that point at it meet under its address. XD004 and XD005 judge the
site as a whole (`whole_site=True`): every document emits the same key, and `resolve` goes through the
members as a stream, once to count and once to report, keeping counts and the first few paths only.

The runner keeps every document's (key, Problem) pairs until the run ends, so they are kept small: a key is
the compared value alone, a message holds only what differs between documents (the long constant wording is
added in `resolve`, for the findings only), and a span that is never reported is one shared constant. The
message is also all a cached result keeps of a Problem (oglint.cachecodec), so facts written there
survive the cache.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping

from oglint import urls
from oglint.corpuskeys import Members
from oglint.model import Document, Field, Problem, Severity, Span
from oglint.registry import RELATED_LIMIT, corpus_rule
from oglint.rulekit import quote
from oglint.runner import duplicates


# The span of a site-wide fact that is never reported (a document's own address for XD007, a document
# without og:image for XD004): one shared object instead of one per document.
_NOWHERE = Span(1, 1, 1, 1)
_NO_IMAGE = Problem("", _NOWHERE)
_PAGE = Problem("", _NOWHERE)  # XD007: the document is the page of its key


def _url_key(url: str) -> str:
    """The URL in RFC 3986 normal form, without its fragment (it names a part of the same page)."""
    return urls.normalise(url.strip()).partition("#")[0]


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names(paths: Iterable[str], total: int | None = None) -> str:
    """The first five of `paths` and how many more there are (of `total`, when `paths` are only the first)."""
    paths = list(paths)
    total = len(paths) if total is None else total
    shown = ", ".join(paths[:5])
    return shown + (f" and {total - 5} more" if total > 5 else "")


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


def _worded(wording: str) -> Callable[[Hashable, list[tuple[str, Problem]], Mapping[str, Any]],
                                      Iterable[tuple[str, Problem]]]:
    """A `resolve` that words each member's message (`_named`, or a bare field name when the value is the key
    itself) and groups as `duplicates` does."""
    def resolve(key: Hashable, members: list[tuple[str, Problem]],
                options: Mapping[str, Any]) -> Iterable[tuple[str, Problem]]:
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


@lru_cache(maxsize=4096)
def _image_key(written: str) -> str:
    """_url_key for XD004, which meets the few images a site shares over and over (bounded: a corpus may also
    give every page an image of its own)."""
    return _url_key(written)


def _shared_image(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD004: an og:image that at least `min_share` % of all documents use, once, at the first of them. One
    finding per document would repeat the whole site's list on every page: quadratic output on big sites.
    Each document's message holds its og:image as written ("": it has none).

    Two passes over the site, holding a few counters, not a list of documents. The first counts the
    documents and finds the candidates with the Misra-Gries summary: with k counters it keeps every image
    on more than 1/(k+1) of the documents, so k = 100 // min_share keeps each image that can reach the
    share (k = 1 for the default 80 %). The second counts the candidates exactly and keeps their first paths."""
    share, least = options["min_share"], options["min_documents"]
    k = int(100 // share) if share > 0 else None  # None: every image may reach a share of 0 %
    documents, counters = 0, {}
    for _, fact in members:
        documents += 1
        if not fact.message:
            continue
        image = _image_key(fact.message)
        if image in counters:
            counters[image] += 1
        elif k is None or len(counters) < k:
            counters[image] = 1
        else:  # no free counter: every candidate loses one vote, as does this image
            counters = {c: n - 1 for c, n in counters.items() if n > 1}
    users: dict[str, _FirstPaths] = {image: _FirstPaths() for image in counters}
    for path, fact in members:
        if fact.message and (first := users.get(_image_key(fact.message))):
            first.add(path, fact)
    for image, first in users.items():
        if first.count < least or 100 * first.count < share * documents:
            continue
        path, fact = first.head()
        others = first.paths()[1:]
        yield path, Problem(f"{quote(fact.message)} is the og:image of {first.count} of the {documents} documents "
                            f"(also {_names(others, first.count - 1)}): every page's share card looks the same",
                            fact.span, None, tuple(others[:RELATED_LIMIT]))


class _FirstPaths:
    """How many documents a group has, and its first RELATED_LIMIT + 1 by path with their facts: what a
    finding names, in bounded memory however large the group."""

    KEPT = RELATED_LIMIT + 1

    def __init__(self) -> None:
        self.count = 0
        self._first: list[tuple[str, Problem]] = []

    def add(self, path: str, fact: Problem) -> None:
        self.count += 1
        self._first.append((path, fact))
        if len(self._first) >= 4 * self.KEPT:  # trimmed now and then: sorting a few hundred is cheap
            self._trim()

    def _trim(self) -> None:
        self._first.sort(key=itemgetter(0))
        del self._first[self.KEPT:]

    def head(self) -> tuple[str, Problem]:
        """The group's first document by path, and its fact."""
        self._trim()
        return self._first[0]

    def paths(self) -> list[str]:
        """The first RELATED_LIMIT + 1 paths, sorted."""
        self._trim()
        return [path for path, _ in self._first]


@corpus_rule("XD004", "default-image-everywhere", Severity.INFO, resolve=_shared_image, whole_site=True,
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


_POLICIES = ("scheme", "www", "trailing slash")


def _policies(url: str) -> tuple[str, str, str, str] | None:
    """The domain (without `www.`) within which a URL's policies are compared, then its choice for each of
    _POLICIES ("" for the trailing slash of the root or of a file name, which say nothing); None without a
    host."""
    s = urls.split(url)
    host = s.hostname if s else None  # a property that parses the netloc again: read once
    if s is None or not host:
        return None
    slash = ""
    if s.path not in ("", "/") and "." not in s.path.rsplit("/", 1)[-1]:
        slash = "a trailing slash" if s.path.endswith("/") else "no trailing slash"
    return host.removeprefix("www."), s.scheme.lower(), "www" if host.startswith("www.") else "no www", slash


def _mixed_policies(key: Hashable, members: Members, options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD005: for each policy the site mixes, the documents on the less common side, naming the others. Each
    document's fact holds its domain, its choices and its address (see `url_policy_inconsistent`). Two passes
    over the site: the first counts each side of each policy and keeps its first paths (what a finding
    names), the second reports the documents on the sides that lose; memory holds the sides, not the
    documents."""
    sides: dict[tuple[str, str], dict[str, _FirstPaths]] = defaultdict(dict)  # (policy, domain) -> choice -> users
    for path, fact in members:
        domain, *choices, _ = fact.message.split("\t")
        for policy, choice in zip(_POLICIES, choices):
            if choice:
                users = sides[(policy, domain)].get(choice) or sides[(policy, domain)].setdefault(choice, _FirstPaths())
                users.add(path, fact)
    wordings = {}  # (policy, domain, choice) -> (the other choices, their document count, their first paths)
    for (policy, domain), choices in sides.items():
        if len(choices) < 2:
            continue
        most = max(users.count for users in choices.values())
        common = [c for c, users in choices.items() if users.count == most]
        for choice in choices:
            if choice in common and len(common) < len(choices):
                continue
            others = [c for c in choices if c != choice]
            first = sorted(p for c in others for p in choices[c].paths())[:RELATED_LIMIT]
            wordings[(policy, domain, choice)] = (" or ".join(sorted(others)), sum(choices[c].count for c in others),
                                                  tuple(first))
    if not wordings:  # the site is consistent: no second pass
        return
    for path, fact in members:
        domain, *choices, written = fact.message.split("\t")
        for policy, choice in zip(_POLICIES, choices):
            wording = wordings.get((policy, domain, choice))
            if wording is None:
                continue
            other_choices, count, first = wording
            name, url = _address(written)
            yield path, Problem(f"{name} {quote(url)} uses {choice} while {count} other document(s) use "
                                f"{other_choices} ({_names(first, count)}): the site mixes its {policy} policy, so "
                                "the same page has several addresses", fact.span, None, first)


@corpus_rule("XD005", "url-policy-inconsistent", Severity.WARNING, resolve=_mixed_policies, whole_site=True,
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
    # The fact: the domain, the choices and the address as written, tab-separated (an address that urls.split
    # accepts holds no tab), worked out here once a document (in the workers, with --jobs): resolving the
    # site then only counts, after every file is in.
    f = _own_url(doc, ("og:url", "url", "canonical"))
    found = _policies(f.text.strip()) if f else None
    if found:
        yield "site", Problem("\t".join((*found, _written(f))), f.span)


def _written(f: Field) -> str:
    """The address XD005 names, as written (stripped): og:url's alone, another field's after its name."""
    return f.text.strip() if f.name == "og:url" else f"{f.name} {f.text.strip()}"


def _address(message: str) -> tuple[str, str]:
    """(field name, address) from `_written`. An address starts with its http(s) scheme, never with `url ` or
    `canonical `."""
    if message.startswith(("url ", "canonical ")):
        name, _, url = message.partition(" ")
        return name, url
    return "og:url", message


# XD007's facts, under the key of a page (its address in normal form): _PAGE for each document that is the
# page, "links TARGET\nLANG" for each alternate such a document gives, "claims PAGE\nLANG" for each
# alternate that another page gives to this one. Addresses that pass urls.is_absolute_http hold no line break.
_LINKS, _CLAIMS = "links ", "claims "


def _hreflang_links(key: Hashable, members: list[tuple[str, Problem]],
                    options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """XD007, for one page: each alternate that another page gives it must be answered by an alternate back,
    and the language it gives the page must be one the page gives itself (`x-default` names no language and
    is not compared). The page's documents and the claims on it share the page's key, so the site is judged
    one page at a time."""
    owner = next((path for path, fact in members if fact.message == _PAGE.message), None)
    if owner is None:  # the alternate points outside the documents checked
        return
    back, own = set(), set()  # the pages this page links to; the languages it gives itself
    for _, fact in members:
        if fact.message.startswith(_LINKS):
            target, _, lang = fact.message.removeprefix(_LINKS).partition("\n")
            back.add(target)
            if target == key:
                own.add(lang.lower())
    own.discard("x-default")
    for path, fact in members:
        if not fact.message.startswith(_CLAIMS) or path == owner:
            continue
        page, _, lang = fact.message.removeprefix(_CLAIMS).partition("\n")
        if page not in back:
            yield path, Problem(f"hreflang {lang!r} points to {owner}, which has no hreflang link back to this "
                                f"page: search engines ignore alternates that are not confirmed both ways",
                                fact.span, None, (owner,))
        elif own and lang.lower() not in own | {"x-default"}:
            yield path, Problem(f"hreflang {lang!r} points to {owner}, which labels itself "
                                f"{' and '.join(repr(c) for c in sorted(own))}: the alternates disagree on its "
                                "language", fact.span, None, (owner,))


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
    yield page, _PAGE  # only alternates are reported
    for f in doc.by_name().get("hreflang", ()):
        lang = (f.attrs or {}).get("hreflang", "").strip()
        if lang and isinstance(f.value, str) and urls.is_absolute_http(f.value.strip()):
            target = _url_key(f.value)
            yield page, Problem(f"{_LINKS}{target}\n{lang}", _NOWHERE)
            if target != page:
                yield target, Problem(f"{_CLAIMS}{page}\n{lang}", f.span)

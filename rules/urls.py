"""URL: the page's addresses — absolute, clean, and in agreement with each other (RFC 3986 §6 ladder, D1).

The page's own addresses are `og:url`, `canonical` and (front matter) `url`. Pairs of them are compared along
the D1 ladder: an RFC 3986 component difference is URL011 (HTML: og:url vs canonical) or URL012 (front
matter: og:url vs url); what a policy step alone explains has its own rule — a trailing slash URL020, `www.`
or another host URL013, http vs https URL005, tracking parameters URL008 — and equivalences (host case,
default port, `%7E` vs `~`, dot segments) are no finding at all.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from functools import lru_cache
from typing import Any, Iterator, Mapping
from urllib.parse import SplitResult, urljoin

from oglint import urls
from oglint.entities import find_references
from oglint.model import Document, Field, Problem, Severity
from oglint.ogp import media_groups
from oglint.registry import rule
from oglint.rulekit import URL_PROPERTIES, decodable_residue, listing, quote, url_fields

OWN = ("og:url", "canonical", "url")  # the page's own address, as each source names it
# Hugo's `url` front-matter key is a site-relative permalink by design, so URL001 leaves `url` alone.
MUST_BE_ABSOLUTE = frozenset({
    "og:url", "og:image", "og:image:secure_url", "og:video", "og:video:secure_url", "og:audio",
    "og:audio:secure_url", "twitter:image", "twitter:player", "twitter:player:stream", "canonical", "hreflang",
})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_NON_PUBLIC_SUFFIXES = (".localhost", ".local", ".test", ".invalid", ".internal", ".lan", ".localdomain",
                        ".home.arpa", ".example")
_DOUBLE_SLASH = re.compile(r"(?<!:)//+")  # '/https://' (web archive URLs) is a URL inside the path, not a typo
_COMPONENT_WORDS = {"query-order": "query parameter order"}

# ISO 639-1 (two-letter) language codes, plus the withdrawn iw/in/ji that browsers still accept.
_ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn
so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
iw in ji
""".split())
_HREFLANG = re.compile(r"([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}|[0-9]{3}))?")


# --- helpers ------------------------------------------------------------------------------------------------


def _text(f: Field | None) -> str:
    return f.value.strip() if f is not None and isinstance(f.value, str) else ""


@lru_cache(maxsize=1024)  # most rules ask it of every URL of the document
def _scheme(url: str) -> str | None:
    """The lower-cased scheme, or None when there is none. 'localhost:4000/x' and 'example.org:8080' are a
    host and port written without a scheme, not schemes."""
    m = _SCHEME.match(url)
    if not m or "." in m[1] or url[m.end():m.end() + 1].isdigit():
        return None
    return m[1].lower()


def _web(url: str) -> bool:
    """An http(s) URL or a scheme-less one (relative, protocol-relative): what the URL syntax rules read."""
    return _scheme(url) in (None, "http", "https")


def _at(doc: Document, f: Field, start: int, end: int, message: str) -> Problem:
    """A problem at value[start:end], mapped onto the raw text when the value appears in it verbatim."""
    value = f.value if isinstance(f.value, str) else ""
    base = f.raw.find(value) if value else -1
    return doc.problem_in(f, base + start, base + end, message) if base >= 0 else doc.problem(message, f)


def _urls(doc: Document, names: Collection[str] = URL_PROPERTIES) -> Iterator[tuple[Field, str]]:
    """(field, stripped value) for non-blank URL fields, optionally only those named (URL properties):
    grouped by name, in document order within a name. Worked out once per document (most URL rules ask)."""
    found = doc.derived(_url_values)
    return iter(found) if names is URL_PROPERTIES else ((f, url) for f, url in found if f.name in names)


def _url_values(doc: Document) -> list[tuple[Field, str]]:
    index = doc.by_name()
    return [(f, url) for name in index if name in URL_PROPERTIES for f in index[name]
            if isinstance(f.value, str) and (url := f.value.strip())]


def _pairs(doc: Document) -> Iterator[tuple[Field, Field]]:
    """(subject, reference) pairs of the page's own addresses: og:url (and in front matter canonical) against
    `url` in front matter, og:url against the canonical link in HTML. A pair of identical values is left out:
    it agrees on every count the rules comparing them check (the common case: og:url copied from url)."""
    ref = doc.first("canonical" if doc.is_html else "url")
    target = _text(ref)
    if not target:
        return
    subjects = ("og:url",) if doc.is_html else ("og:url", "canonical")
    for name in subjects:
        f = doc.first(name)
        text = _text(f)
        if text and text != target and f is not ref:
            yield f, ref  # type: ignore[misc]


def _compare(a: Field, b: Field) -> tuple[urls.Ladder, str, str]:
    """The D1 ladder of two fields' values: fragments left out (URL009 reports them), and a relative one
    (Hugo's `url: /blog/post/`) resolved against the other (URL001 reports those where it matters)."""
    x, y = (_text(f).partition("#")[0] for f in (a, b))
    if _scheme(x) is None and _scheme(y) in ("http", "https"):
        x = _resolve(y, x)
    elif _scheme(y) is None and _scheme(x) in ("http", "https"):
        y = _resolve(x, y)
    return urls.ladder(x, y), x, y


def _resolve(base: str, ref: str) -> str:
    try:
        return urljoin(base, ref)
    except ValueError:  # a malformed base (URL004 reports it): compare as written
        return ref


def _component_difference(doc: Document, subject: Field, ref: Field) -> Problem | None:
    """URL011/URL012: the first RFC component that differs (hosts are URL013's), else a query-order difference."""
    found, x, y = _compare(subject, ref)
    components = [c for c in found.components if c != "host"]
    if not components and "query-order" in found.policies:
        components = ["query-order"]
    if not components:
        return None
    part = components[0]
    return doc.problem(f"{subject.name} differs from {ref.name} in its {_COMPONENT_WORDS.get(part, part)} "
                       f"({found.detail(x, y, part)}): {quote(x)} vs {quote(y)}", subject)


def _site_is_https(doc: Document) -> bool:
    return any(_scheme(_text(f)) == "https" for name in OWN for f in doc.all(name))


def _port(s: SplitResult) -> int | None:
    if ":" not in s.netloc:  # the common case: no port, and no need for urlsplit to re-parse the netloc
        return None
    try:
        return s.port
    except ValueError:  # not a number or out of range: URL004's
        return None


def _non_public(host: str, port: int | None, dev_ports: frozenset[int]) -> str | None:
    """Why a host (and port) cannot be reached by a crawler on the internet, or None."""
    name = host.rstrip(".")
    if name == "localhost" or name.endswith(_NON_PUBLIC_SUFFIXES):
        return f"'{host}' is a local or reserved name"
    ip = None
    if name[:1].isdigit() or ":" in name:  # only then can it be an address (parsing fails slowly otherwise)
        try:
            ip = ipaddress.ip_address(name)
        except ValueError:
            if all(label.isdigit() for label in name.split(".")):  # what browsers parse as IPv4, but is none
                return f"'{host}' is not a valid IPv4 address"
    if ip is not None and not ip.is_global:
        return f"{ip} is a {'loopback' if ip.is_loopback else 'private or reserved'} address"
    if port in dev_ports:
        return f"port {port} is a development server's port"
    return None


# --- absolute, well-formed, public ----------------------------------------------------------------------------


@rule("URL001", "url-not-absolute", Severity.ERROR, fields=MUST_BE_ABSOLUTE)
def url_not_absolute(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a relative URL where consumers need an absolute one. It looks at `og:url`, `og:image`,
    `og:video`, `og:audio`, `twitter:image`, the canonical link and hreflang links (`/img/card.png`,
    `card.png`, `example.org/page`). In front matter it looks only at keys written as Open Graph, X or
    canonical keys, not at generator keys such as Hugo's `url`, which are relative by design.

    ## Why is this bad?
    Crawlers do not resolve these values against the page: "All URLs must be absolute" (Facebook), and
    Lighthouse fails a relative canonical. A relative og:image simply shows no image.

    ## Example
    ```html
    <head>
      <meta property="og:image" content="/img/card.png">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/img/card.png">
    </head>
    ```
    """
    for f, url in _urls(doc, MUST_BE_ABSOLUTE):
        if _scheme(url) is not None or url.startswith("//"):
            continue  # absolute, or protocol-relative (URL002)
        if not doc.is_html and not f.key.lower().startswith(("og", "twitter", "canonical")):
            continue
        how = "" if doc.is_html else " unless the template makes it absolute"
        yield doc.problem(f"{f.name} {quote(url)} is not an absolute URL: crawlers do not resolve it against "
                          f"the page{how}", f)


@rule("URL002", "url-protocol-relative", Severity.WARNING, fixable=True, fields=URL_PROPERTIES)
def url_protocol_relative(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a protocol-relative URL (`//cdn.example.org/card.png`) in a metadata value.

    ## Why is this bad?
    A crawler has no page scheme to borrow: some guess `https:`, some `http:`, some drop the image. Write
    the scheme out.

    ## Example
    ```yaml
    og:
      image: //cdn.example.org/card.png
    ```

    ## Use instead
    ```yaml
    og:
      image: https://cdn.example.org/card.png
    ```
    """
    for f, url in _urls(doc):
        if url.startswith("//"):
            yield doc.problem(f"{f.name} {quote(url)} is protocol-relative: write 'https:' in front, as "
                              "crawlers have no page scheme to borrow", f)


@rule("URL003", "url-bad-scheme", Severity.ERROR, fields=URL_PROPERTIES)
def url_bad_scheme(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a metadata URL whose scheme is not `http` or `https`. For example `javascript:`, `data:`,
    `file:`, `ftp:` or `mailto:`.

    ## Why is this bad?
    Open Graph URLs are "all valid URLs that utilize the http:// or https:// protocols" (ogp.me). Other
    schemes are dropped, or are an injection attempt (`javascript:`), or leak a local path (`file:`).

    ## Example
    ```yaml
    og:
      image: file:///Users/me/site/card.png
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/card.png
    ```
    """
    for f, url in _urls(doc):
        scheme = _scheme(url)
        if scheme not in (None, "http", "https"):
            yield doc.problem(f"{f.name} uses the scheme '{scheme}:' ({quote(url)}): consumers only fetch "
                              "http:// and https:// URLs", f)


@rule("URL004", "url-syntax", Severity.ERROR, fields=URL_PROPERTIES)
def url_syntax(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a metadata URL that is not valid RFC 3986 syntax. That is: spaces or control characters,
    unencoded non-ASCII characters, a `%` not followed by two hex digits, an invalid host or port.

    ## Why is this bad?
    Crawlers disagree on how to repair a broken URL; many give up. Google asks for percent-encoded UTF-8
    (`%C3%BC`), and Lighthouse fails an invalid canonical.

    ## Example
    ```yaml
    og:
      image: https://example.org/images/summer party.jpg
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/images/summer%20party.jpg
    ```
    """
    for f, url in _urls(doc):
        if _web(url):
            problems = urls.syntax_problems(url)
            if problems:
                yield doc.problem(f"{f.name} {quote(url)} is not a valid URL: {'; '.join(problems)}", f)


@rule("URL005", "url-insecure", Severity.WARNING, fields=URL_PROPERTIES)
def url_insecure(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `http://` URL on an https page, and a `secure_url` that is not https. The page is https
    when its own address (og:url, canonical or url) is; `og:image:secure_url` (and the video and audio ones)
    must always be `https://`. An http `og:image` (video, audio) with an https `secure_url` of its own is
    the fallback ogp.me shows in its example, and is not reported.

    ## Why is this bad?
    An https page that points at http images is mixed content: Facebook ignores http images on https
    sites, and browsers block or warn. A `secure_url` exists only to give an https address.

    ## Example
    ```yaml
    og:
      url: https://example.org/post/
      image: http://example.org/card.png
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/post/
      image: https://example.org/card.png
    ```
    """
    https = _site_is_https(doc)
    secured: set[int] | None = None
    for f, url in _urls(doc):
        if _scheme(url) != "http" or f.name == "twitter:player":  # player URLs: TW008
            continue
        if f.name.endswith(":secure_url"):
            yield doc.problem(f"{f.name} {quote(url)} is not https: a secure_url must be an https:// address", f)
        elif https:
            if f.name in _MEDIA_ROOTS:
                secured = _secured(doc) if secured is None else secured
                if id(f) in secured:
                    continue  # the http fallback beside its https secure_url, as ogp.me's own example
            yield doc.problem(f"{f.name} {quote(url)} is http on an https page: consumers skip or block "
                              "insecure content (mixed content)", f)


_MEDIA_ROOTS = ("og:image", "og:video", "og:audio")


def _secured(doc: Document) -> set[int]:
    """The media roots (as ids) that come with an https secure_url of their own."""
    return {id(group.root) for root in _MEDIA_ROOTS for group in media_groups(doc, root)
            if group.root is not None and any(c.name == root + ":secure_url" and _scheme(c.text.strip()) == "https"
                                              for c in group.children)}


@rule("URL006", "url-non-public-host", Severity.ERROR,
      options={"dev_ports": [1313, 3000, 4000, 4321, 5173, 8000, 8080]}, fields=URL_PROPERTIES)
def url_non_public_host(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a metadata URL whose host no crawler can reach. That is `localhost`, `127.0.0.1`, `0.0.0.0`,
    private and link-local addresses, numbers that are no IPv4 address (`256.256.256.256`), reserved names
    (`*.local`, `*.test`, `*.localhost`, `*.internal`…), or a development server's port (`dev_ports`: Hugo
    1313, Jekyll 4000, Vite 5173…).

    ## Why is this bad?
    The page was built with the development server's address (jekyll-seo-tag#277): every share shows no
    image and links to the author's own machine.

    ## Example
    ```yaml
    og:
      url: http://localhost:4000/2024/05/post/
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/2024/05/post/
    ```
    """
    dev_ports = frozenset(map(int, options["dev_ports"]))
    for f, url in _urls(doc):
        why = _unreachable(url, dev_ports)
        if why:
            yield doc.problem(f"{f.name} {quote(url)} is not reachable from the internet: {why}", f)


@lru_cache(maxsize=1024)  # a page's og:url and url are mostly one address: work it out once
def _unreachable(url: str, dev_ports: frozenset[int]) -> str | None:
    """URL006: why a crawler cannot reach the host of a web URL, or None (also for other schemes, no host)."""
    if _scheme(url) not in ("http", "https") and not url.startswith("//"):
        return None
    s = urls.split(url)
    host = s.hostname if s else None  # a property that re-parses the netloc: read it once
    if s is None or not host:
        return None
    return _non_public(host, _port(s), dev_ports)


# --- clean addresses ------------------------------------------------------------------------------------------


@rule("URL007", "url-double-slash", Severity.WARNING, fixable=True, fields=URL_PROPERTIES)
def url_double_slash(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports `//` inside the path of a metadata URL. It is the mark of a template that joins `site.url`
    ending in `/` with a path starting with `/`.

    ## Why is this bad?
    `https://example.org//img/card.png` is a different URL from `…/img/card.png`: many servers answer it
    with a 404 or a redirect, and the page is shared under two addresses.

    ## Example
    ```yaml
    og:
      image: https://example.org//img/card.png
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/img/card.png
    ```
    """
    for f, url in _urls(doc):
        # The first '//' starts the authority (a scheme holds no '/'): without a second one there is no '//'
        # in the path, and no need to parse (the common case).
        if url.find("//", url.find("//") + 2) < 0:
            continue
        s = urls.split(url) if _web(url) else None
        if s is None or not s.netloc:
            continue
        path_start = url.find(s.netloc) + len(s.netloc)
        m = _DOUBLE_SLASH.search(url, path_start, path_start + len(s.path))
        if m:
            yield _at(doc, f, m.start(), m.end(), f"{f.name} has '//' in its path ({quote(url)}): a different "
                      "URL from the one with a single '/', often a 404")


def _tracking(url: str) -> list[str]:
    if "?" not in url:  # no query (the common case): no need to parse
        return []
    s = urls.split(url)
    names = [p.partition("=")[0] for p in s.query.split("&")] if s and s.query else []
    return [n for n in names if urls.TRACKING_PARAM.match(n)]


@rule("URL008", "url-tracking-params", Severity.WARNING, fixable=True, fields=OWN)
def url_tracking_params(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports tracking parameters in the page's own address. That is `utm_*`, `fbclid`, `gclid`,
    `msclkid`, `mc_*`… in og:url, canonical or front-matter `url`.

    ## Why is this bad?
    og:url should be the "undecorated URL, without session variables, user identifying parameters, or
    counters" (Facebook): likes and shares aggregate at it, so every campaign link splits the count.

    ## Example
    ```yaml
    og:
      url: https://example.org/post/?utm_source=newsletter
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/post/
    ```
    """
    for f, url in _urls(doc, OWN):
        found = _tracking(url)
        if found:
            yield doc.problem(f"{f.name} carries tracking parameters ({listing(found)}): shares and likes "
                              "are split across every decorated address", f)


@rule("URL009", "url-fragment", Severity.WARNING, fixable=True, fields=OWN)
def url_fragment(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a fragment (`#section`) in the page's own address: og:url, canonical or front-matter `url`.

    ## Why is this bad?
    A fragment names a place in a page, not a page: crawlers drop it (RFC 3986 §6.1), so at best it is
    ignored, and tools that keep it see a different address from the page's.

    ## Example
    ```yaml
    og:
      url: https://example.org/post/#comments
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/post/
    ```
    """
    for f, url in _urls(doc, OWN):
        at = url.find("#")
        if at >= 0 and _web(url):
            yield _at(doc, f, at, len(url), f"{f.name} has a fragment {quote(url[at:])}: it names a place in "
                      "a page, not the page, and crawlers drop it")


@rule("URL010", "url-entity-residue", Severity.ERROR, fixable=True, fields=URL_PROPERTIES)
def url_entity_residue(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a URL that still holds a character reference after the one decode consumers do. That is
    `&amp;` (or `&#38;`, `&#x2F;`) in a front-matter URL, `&amp;amp;` in an HTML attribute.

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
        found = decodable_residue(doc, f)
        if found:
            start, end, _ = found[0]
            how = "after the one HTML decode consumers do" if doc.is_html else "in front matter, which is plain text"
            yield doc.problem_in(f, start, end, f"{f.name} still holds {listing(t for _, _, t in found)} {how}: "
                                 "crawlers will request the URL with the entity in it")


# --- the page's own addresses agree ------------------------------------------------------------------------


@rule("URL011", "og-url-canonical-mismatch", Severity.WARNING, inputs="H", fields=["og:url", "canonical"])
def og_url_canonical_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that og:url and the canonical link name the same page. They are compared along RFC 3986 §6
    and the finding names the component that differs. A difference only in the trailing slash (URL020), the
    host or `www.` (URL013), http vs https (URL005) or tracking parameters (URL008) is left to those rules.

    ## Why is this bad?
    Facebook's debugger reports "Mismatch og:url and canonical url": shares aggregate at og:url while
    search engines index the canonical, so the page is split in two.

    ## Example
    ```html
    <head>
      <link rel="canonical" href="https://example.org/guides/boots/">
      <meta property="og:url" content="https://example.org/guides/old-boots/">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <link rel="canonical" href="https://example.org/guides/boots/">
      <meta property="og:url" content="https://example.org/guides/boots/">
    </head>
    ```
    """
    for subject, ref in _pairs(doc):
        problem = _component_difference(doc, subject, ref)
        if problem:
            yield problem


@rule("URL012", "fm-url-og-url-mismatch", Severity.ERROR, inputs="F", fields=["og:url", "url"])
def fm_url_og_url_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the front matter's `url` and its `og:url` name the same resource. They are compared along
    RFC 3986 §6 (case of scheme and host, default ports, percent-escapes and dot segments are not
    differences) and the finding names the component that differs. A difference only in the trailing slash
    (URL020), the host or `www.` (URL013), http vs https (URL005) or tracking parameters (URL008) is left to
    those rules.

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
    for subject, ref in _pairs(doc):
        if subject.name == "og:url":
            problem = _component_difference(doc, subject, ref)
            if problem:
                yield problem


@rule("URL013", "url-cross-host", Severity.WARNING, options={"site_url": ""}, fields=OWN)
def url_cross_host(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:url (or canonical) on another host than the page's own address. The page's address is
    the canonical link in HTML and `url` in front matter; `www.example.org` against `example.org` counts.
    With the configuration's `site-url` (or this rule's `site_url` option), each of the page's own
    addresses must also be on the site's host: a staging or preview deploy's address is caught even when
    og:url and the canonical agree on it.

    ## Why is this bad?
    Since 2020 Facebook rejects an og:url on another domain unless that domain allow-lists yours, and
    `www` against the apex is a redirect at best: shares split or fail.

    ## Example
    ```yaml
    url: https://example.org/post/
    og:
      url: https://www.example.org/post/
    ```

    ## Use instead
    ```yaml
    url: https://example.org/post/
    og:
      url: https://example.org/post/
    ```
    """
    site, reported = options["site_url"], set()
    if site:
        for f in filter(None, map(doc.first, OWN)):
            text = _text(f).partition("#")[0]
            if _scheme(text) in ("http", "https") and (hosts := _other_host(urls.ladder(text, site), text, site)):
                reported.add(id(f))
                yield doc.problem(f"{f.name} is on another host than the site-url ({hosts}): a staging or preview "
                                  "address, or another site's, gets the shares and the search ranking", f)
    for subject, ref in _pairs(doc):
        if id(subject) in reported:
            continue
        found, x, y = _compare(subject, ref)
        if hosts := _other_host(found, x, y):
            yield doc.problem(f"{subject.name} is on another host than {ref.name} ({hosts}): Facebook rejects "
                              "an og:url on another domain, and shares split between the two", subject)


def _other_host(found: urls.Ladder, x: str, y: str) -> str | None:
    """"'a.org' vs 'b.org'" when two URLs differ in host (or by `www.`), else None."""
    part = "host" if "host" in found.components else "www" if "www" in found.policies else None
    return found.detail(x, y, part) if part else None


@rule("URL014", "canonical-multiple", Severity.ERROR, inputs="H", fields=["canonical"])
def canonical_multiple(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a second `<link rel="canonical">` that names a different address from the first.

    ## Why is this bad?
    Search engines ignore conflicting canonicals altogether (Lighthouse: "Multiple conflicting URLs"),
    so neither address is taken; themes and SEO plugins that both add one are the usual cause.

    ## Example
    ```html
    <head>
      <link rel="canonical" href="https://example.org/boots/">
      <link rel="canonical" href="https://example.org/boots/?page=1">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <link rel="canonical" href="https://example.org/boots/">
    </head>
    ```
    """
    canonicals = [f for f in doc.all("canonical") if _text(f)]
    for f in canonicals[1:]:
        if urls.compare(_text(canonicals[0]), _text(f)) is not None:
            yield doc.problem(f"a second canonical names {quote(_text(f))}, the first "
                              f"{quote(_text(canonicals[0]))}: conflicting canonicals are ignored", f)


@rule("URL015", "canonical-root", Severity.WARNING, inputs="H", fields=["canonical", "og:url"])
def canonical_root(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a canonical link that points at the site's home page from another page. That is
    `https://example.org/` on a page whose og:url has a path of its own.

    ## Why is this bad?
    It tells search engines that the page is a copy of the home page, so it drops out of the index
    (Lighthouse: "Points to the domain's root URL"). A template that prints `site.url` is the usual cause.

    ## Example
    ```html
    <head>
      <link rel="canonical" href="https://example.org/">
      <meta property="og:url" content="https://example.org/guides/boots/">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <link rel="canonical" href="https://example.org/guides/boots/">
      <meta property="og:url" content="https://example.org/guides/boots/">
    </head>
    ```
    """
    canonical, og_url = doc.first("canonical"), doc.first("og:url")
    c, page = urls.split(urls.normalise(_text(canonical))), urls.split(urls.normalise(_text(og_url)))
    if not (c and page and c.hostname and c.hostname == page.hostname):
        return
    if c.path == "/" and not c.query and page.path not in ("", "/"):
        yield doc.problem(f"the canonical {quote(_text(canonical))} is the home page, but og:url is "
                          f"{quote(_text(og_url))}: search engines will drop this page as a copy of it", canonical)


def _same(a: str, b: str) -> bool:
    return urls.compare(a.partition("#")[0], b.partition("#")[0]) is None


@rule("URL016", "canonical-hreflang-conflict", Severity.WARNING, inputs="H",
      fields=["canonical", "og:url", "hreflang"])
def canonical_hreflang_conflict(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a canonical link that points at another language version of the page. That is one of its
    `<link rel="alternate" hreflang>` targets that is neither the page's og:url nor in the page's own
    language (`<html lang>`).

    ## Why is this bad?
    The canonical says "index that page instead", the hreflang links say "this is the German version":
    search engines drop this version (Lighthouse: "Points to another hreflang location").

    ## Example
    ```html
    <head>
      <meta property="og:url" content="https://example.org/de/stiefel/">
      <link rel="canonical" href="https://example.org/en/boots/">
      <link rel="alternate" hreflang="en" href="https://example.org/en/boots/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/stiefel/">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:url" content="https://example.org/de/stiefel/">
      <link rel="canonical" href="https://example.org/de/stiefel/">
      <link rel="alternate" hreflang="en" href="https://example.org/en/boots/">
      <link rel="alternate" hreflang="de" href="https://example.org/de/stiefel/">
    </head>
    ```
    """
    canonical, page = doc.first("canonical"), _text(doc.first("og:url"))
    target = _text(canonical)
    if not target or not page or _same(target, page):
        return
    for f, href in _urls(doc, ("hreflang",)):
        code = (f.attrs or {}).get("hreflang", "?")
        if _same(href, target) and not _own_language(doc, code):
            yield doc.problem(f"the canonical {quote(target)} is the hreflang '{code}' alternate, not this page "
                              f"({quote(page)}): search engines will drop this language version", canonical)
            return


def _own_language(doc: Document, code: str) -> bool:
    """Whether an hreflang code is the page's own language (`<html lang>`): then the alternate is this page,
    and a canonical pointing at it is right even where og:url says otherwise (URL011's finding)."""
    lang = doc.value("lang").lower().replace("_", "-")
    code = code.strip().lower().replace("_", "-")
    return bool(lang) and (code == lang or ("-" not in lang and code.split("-")[0] == lang))


def _hreflang_problem(code: str) -> str | None:
    if code.lower() == "x-default":
        return None
    if "_" in code:
        return f"'{code}' uses '_': hreflang codes use '-' ('{code.replace('_', '-')}')"
    m = _HREFLANG.fullmatch(code)
    if not m:
        return f"'{code}' is not a language code with an optional script and region ('en', 'en-GB', 'zh-Hant')"
    if len(m[1]) == 2 and m[1].lower() not in _ISO_639_1:
        return f"'{m[1]}' is not an ISO 639-1 language code"
    if (m[3] or "").upper() == "UK":
        return f"'{code}': the region code of the United Kingdom is GB, not UK"
    return None


@rule("URL017", "hreflang-invalid", Severity.WARNING, inputs="H", fields=["hreflang"])
def hreflang_invalid(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports hreflang codes that are not languages, and hreflang links that omit the page itself. Codes
    such as `en_US`, `gb` or `en-UK` are reported, and so is a set of links none of which points at the
    page (its og:url or canonical). Relative hrefs are URL001's.

    ## Why is this bad?
    Search engines ignore an hreflang they cannot read (Lighthouse: "Unexpected language code"), and one
    without a link back to the page itself.

    ## Example
    ```html
    <head>
      <link rel="canonical" href="https://example.org/en/boots/">
      <link rel="alternate" hreflang="en_GB" href="https://example.org/en/boots/">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <link rel="canonical" href="https://example.org/en/boots/">
      <link rel="alternate" hreflang="en-GB" href="https://example.org/en/boots/">
    </head>
    ```
    """
    links = doc.all("hreflang")
    for f in links:
        why = _hreflang_problem((f.attrs or {}).get("hreflang", "").strip())
        if why:
            yield doc.problem(f"hreflang {why}: search engines ignore this alternate", f)
    page = _text(doc.first("canonical")) or _text(doc.first("og:url"))
    hrefs = [href for _, href in _urls(doc, ("hreflang",))]
    if page and hrefs and not any(_same(h, page) for h in hrefs):
        yield doc.problem(f"no hreflang link points at this page ({quote(page)}): search engines ignore "
                          "alternates that do not name the page itself", links[0])


@rule("URL018", "url-not-normalised", Severity.INFO, fixable=True, fields=URL_PROPERTIES)
def url_not_normalised(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a metadata URL that is not in RFC 3986 normal form. That is: upper-case scheme or host, an
    explicit default port (`:443`), dot segments (`/a/../b`), lower-case or needless percent-escapes
    (`%7e`, `%41`), an empty path (`https://example.org`).

    ## Why is this bad?
    The URL works, but tools that compare addresses as strings (share counters, caches, duplicate checks)
    see two pages where there is one.

    ## Example
    ```yaml
    og:
      url: https://Example.org:443/post/
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/post/
    ```
    """
    for f, url in _urls(doc):
        if _scheme(url) in ("http", "https") and not urls.syntax_problems(url):
            parts = urls.non_normalised_parts(url)
            if parts:
                yield doc.problem(f"{f.name} {quote(url)} is not normalised ({', '.join(parts)}): write "
                                  f"{quote(urls.normalise(url))}", f)


@rule("URL019", "url-idn-form", Severity.INFO, fields=URL_PROPERTIES)
def url_idn_form(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a metadata URL whose host is in Unicode or percent-escaped rather than in A-label form. For
    example `bücher.example` instead of its punycode `xn--bcher-kva.example`.

    ## Why is this bad?
    RFC 3986 asks producers to use the A-label for registered names; crawlers and tools that compare
    URLs as strings treat the two spellings as two hosts, and some do not convert at all.

    ## Example
    ```yaml
    og:
      url: https://bücher.example/angebote/
    ```

    ## Use instead
    ```yaml
    og:
      url: https://xn--bcher-kva.example/angebote/
    ```
    """
    for f, url in _urls(doc):
        if url.isascii() and "%" not in url:  # the common case: its host can be neither (no need to parse)
            continue
        s = urls.split(url) if _scheme(url) in ("http", "https") else None
        host = s.hostname if s else None
        if not host:
            continue
        if "%" in host:
            yield doc.problem(f"{f.name} has percent-escapes in its host ({quote(host)}): write the host as "
                              "plain letters or its A-label", f)
        elif not host.isascii():
            alabel = urls.split(urls.normalise(url))
            ascii_host = alabel.hostname if alabel and alabel.hostname and alabel.hostname.isascii() else ""
            shown = f": write {quote(ascii_host)}" if ascii_host else ""
            yield doc.problem(f"{f.name} has a Unicode host {quote(host)}; tools comparing URLs may not "
                              f"convert it to its A-label{shown}", f)


@rule("URL020", "url-trailing-slash", Severity.WARNING, fields=OWN)
def url_trailing_slash(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:url that differs from the page's own address by a trailing slash. The page's address is
    the canonical link in HTML and `url` in front matter (a front-matter canonical is compared too).

    ## Why is this bad?
    `/post` and `/post/` are different URLs unless a redirect proves otherwise (RFC 3986 §6.2.4); a
    redirect between them sends Facebook's crawler round in circles ("Circular Redirect Path").

    ## Example
    ```yaml
    url: https://example.org/post/
    og:
      url: https://example.org/post
    ```

    ## Use instead
    ```yaml
    url: https://example.org/post/
    og:
      url: https://example.org/post/
    ```
    """
    for subject, ref in _pairs(doc):
        found, x, y = _compare(subject, ref)
        if "trailing-slash" in found.policies:
            yield doc.problem(f"{subject.name} and {ref.name} differ by a trailing slash ({quote(x)} vs "
                              f"{quote(y)}): two addresses for one page", subject)


# Characters an HTML attribute value may need escaped; escaping anything else in a URL only trips scrapers.
_NEEDS_ESCAPING = frozenset("&\"'<>")


@rule("URL021", "url-needless-escaping", Severity.INFO, inputs="H", fixable=True, fields=URL_PROPERTIES)
def url_needless_escaping(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports needless character references in an HTML URL attribute. For example `http:&#x2F;&#x2F;…`,
    `&#58;`, `&#x3D;`; `&amp;` (and escaped quotes and angle brackets) are fine.

    ## Why is this bad?
    Browsers decode them, but many scrapers read attributes without decoding and request
    `http:&#x2F;&#x2F;example.org`, which fails.

    ## Example
    ```html
    <head>
      <meta property="og:image" content="https:&#x2F;&#x2F;example.org&#x2F;card.png">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png">
    </head>
    ```
    """
    for f in url_fields(doc):
        needless = [r for r in find_references(f.raw) if r.decoded and r.decoded.isascii()
                    and r.decoded not in _NEEDS_ESCAPING]
        if needless:
            yield doc.problem_in(f, needless[0].start, needless[0].end,
                                 f"{f.name} escapes characters that need no escaping "
                                 f"({listing(r.text for r in needless)}): scrapers that do not decode attributes "
                                 "will request a broken URL")

"""OG007–OG015: how Open Graph tags are written — once when singular, structured properties after their
root, in `property`/`content` attributes, lower-case, known to ogp.me, current, declared, inside `<head>`."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint.model import Document, Field, Problem, Severity, Span
from oglint.ogp import (AUDIO_DIMENSIONS, DEPRECATED, NAMESPACE_PREFIXES, NAMESPACE_URIS, NAMESPACES, PROPERTIES,
                        SINGULAR, media_groups, parse_prefix)
from oglint.readers.html import _attributes
from oglint.readers.tree import STRUCTURED_ROOTS
from oglint.registry import rule
from oglint.rulekit import quote


def _attribute_span(doc: Document, f: Field, names: tuple[str, ...]) -> Span | Field:
    """The value of the first of `names` present on the `<meta>` that gave field `f` (the field itself
    when the tag cannot be re-read)."""
    start = f.start if f.value is None else doc.text.rfind("<", 0, f.start)
    if start < 0:
        return f
    found = {name: (vs, ve) for name, _, vs, ve in reversed(list(_attributes(doc.text, start)))}
    if f.value is not None and all(vs != f.start for vs, _ in found.values()):
        return f  # the `<` found was not this tag's
    for name in names:
        if name in found:
            return doc.index.span(*found[name])
    return f


def _line(f: Field) -> int:
    return f.span.line


@rule("OG007", "og-duplicate-singular", Severity.WARNING, inputs="H")
def og_duplicate_singular(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a singular Open Graph property (`og:title`, `og:url`, `og:type`, `article:published_time`…)
    declared more than once, and a structured property (`og:image:width`) repeated within one image. Arrays
    (`og:image`, `og:locale:alternate`, `article:tag`, `book:author`…) may repeat, and so may children that
    ogp.me does not define (`og:video:tag`, which OG012 reports). A warning when the copies agree, an error
    when they differ.

    ## Why is this bad?
    ogp.me: "the first tag (from top to bottom) is given preference during conflicts", but not every
    consumer follows it — Bluesky has been seen picking the second `og:image`. Two different titles usually
    mean two templates (a theme and an SEO plugin) both emit tags, and one of them is stale.

    ## Example
    ```html
    <head>
      <meta property="og:title" content="Spring relay raises money">
      <meta property="og:title" content="Example Constabulary">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:title" content="Spring relay raises money">
      <meta property="og:site_name" content="Example Constabulary">
    </head>
    ```
    """
    repeated = [(name, fields) for name, fields in doc.by_name().items() if len(fields) > 1]
    for name, fields in repeated:
        if name in SINGULAR:
            yield from (_repeat(doc, f, fields[0], "") for f in fields[1:])
    for root in sorted(STRUCTURED_ROOTS):
        if not any(name.startswith(root + ":") for name, _ in repeated):
            continue  # no structured property appears twice: nothing can repeat within one object
        for group in media_groups(doc, root):
            if group.root is None:
                continue  # OG008 reports these
            seen: dict[str, Field] = {}
            for child in group.children:
                if child.name not in PROPERTIES:
                    continue  # not an ogp.me child (YouTube's og:video:tag lists tags): OG012's, and may repeat
                if child.name in seen:
                    yield _repeat(doc, child, seen[child.name], f" for the {root} on line {_line(group.root)}")
                else:
                    seen[child.name] = child


def _repeat(doc: Document, f: Field, first: Field, where: str) -> Problem:
    if f.text.strip() == first.text.strip():
        return doc.problem(f"{f.name} is declared again{where} (first on line {_line(first)}), with the same "
                           "value: remove the copy", f)
    return doc.problem(f"{f.name} is declared again{where} with another value, {quote(f.text.strip())}: "
                       f"consumers keep the first, {quote(first.text.strip())} (line {_line(first)})", f,
                       severity=Severity.ERROR)


@rule("OG008", "og-structured-before-root", Severity.ERROR, inputs="H")
def og_structured_before_root(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a structured property (`og:image:width`, `og:video:type`, `og:audio:secure_url`…) that comes
    before any `og:image`/`og:video`/`og:audio` root it could belong to, or after a different root.

    ## Why is this bad?
    ogp.me: "Put structured properties after you declare their root tag. Whenever another root element is
    parsed, that structured property is considered to be done." A width before its image, or after an
    `og:video`, is attached to nothing or to the wrong object, so the image is fetched without its size or
    described by another's alt text.

    ## Example
    ```html
    <head>
      <meta property="og:image:alt" content="A map of the relay route">
      <meta property="og:image" content="https://example.org/route.png">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/route.png">
      <meta property="og:image:alt" content="A map of the relay route">
    </head>
    ```
    """
    last_root: Field | None = None
    seen: set[str] = set()
    for f in doc.fields:
        if not f.name.startswith("og:"):
            continue  # neither a root nor a structured property (all are og:*)
        if f.name in STRUCTURED_ROOTS:
            last_root = f
            seen.add(f.name)
            continue
        root = f.name.rsplit(":", 1)[0]
        if root not in STRUCTURED_ROOTS:
            continue
        if root not in seen:
            yield doc.problem(f"{f.name} comes before any {root}: consumers attach it to no {root[3:]}", f)
        elif last_root is not None and last_root.name != root:
            yield doc.problem(f"{f.name} comes after {last_root.name} (line {_line(last_root)}), which closed the "
                              f"last {root}: consumers attach it to no {root[3:]}", f)


@rule("OG009", "og-image-url-only", Severity.INFO, inputs="H", fields=STRUCTURED_ROOTS)
def og_image_url_only(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a page that gives its image only as `og:image:url`, never as `og:image` (and the same for
    `og:video:url` and `og:audio:url`).

    ## Why is this bad?
    ogp.me defines `og:image:url` as identical to `og:image`, but not every consumer reads the structured
    form: some scrapers look only for `og:image`, and Facebook's debugger reports the image as an "Inferred
    Property". The plain root is understood everywhere.

    ## Example
    ```html
    <head>
      <meta property="og:image:url" content="https://example.org/card.png">
      <meta property="og:image:width" content="1200">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png">
      <meta property="og:image:width" content="1200">
    </head>
    ```
    """
    for root in sorted(STRUCTURED_ROOTS):
        found = doc.all(root)
        if found and all(f.key.strip().lower() == f"{root}:url" for f in found):
            yield doc.problem(f"{root} is only given as {root}:url: some consumers read only {root}", found[0])


@rule("OG010", "og-wrong-attribute", Severity.WARNING, inputs="H", fixable=True)
def og_wrong_attribute(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports Open Graph tags written with `name=` instead of `property=` (`<meta name="og:image">`), and
    X card tags that carry their value in `value=` instead of `content=`.

    ## Why is this bad?
    Open Graph is RDFa: its properties live in the `property` attribute. Facebook tolerates `name=`, but
    stricter parsers (LinkedIn's, open_graph_reader, RDFa tools) skip the tag, so the page loses its image
    or title there. X reads card values from `content`; `value=` is an old mistake that many parsers ignore.

    ## Example
    ```html
    <head>
      <meta name="og:image" content="https://example.org/card.png">
      <meta name="twitter:card" value="summary_large_image">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/card.png">
      <meta name="twitter:card" content="summary_large_image">
    </head>
    ```
    """
    for f in doc.fields:
        attrs = f.attrs or {}
        if f.name.startswith(NAMESPACE_PREFIXES) and "name" in attrs and "property" not in attrs:
            yield doc.problem(f"{f.name} is declared with name= instead of property=: RDFa parsers skip it",
                              _attribute_span(doc, f, ("name",)))
        elif f.name.startswith("twitter:") and "value" in attrs and "content" not in attrs:
            yield doc.problem(f"{f.name} gives its value in value= instead of content=: X and most parsers "
                              "read only content", _attribute_span(doc, f, ("value",)))


_CASED_PREFIXES = (*NAMESPACE_PREFIXES, "twitter:")


@rule("OG011", "og-property-case", Severity.WARNING, inputs="H", fixable=True)
def og_property_case(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports Open Graph and X card property names that are not all lower-case (`OG:Title`, `og:Image`).

    ## Why is this bad?
    RDFa property names are case-sensitive: `OG:title` is not `og:title`. Some consumers lower-case names
    before matching, others (and every RDFa tool) do not, so the tag works on one platform and vanishes on
    the next.

    ## Example
    ```html
    <head><meta property="og:Title" content="Spring relay raises money"></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:title" content="Spring relay raises money"></head>
    ```
    """
    for f in doc.fields:
        key = f.key.strip()
        if f.name.startswith(_CASED_PREFIXES) and key != key.lower():
            yield doc.problem(f"property name {quote(key)} is not lower-case: case-sensitive parsers will not "
                              f"see {key.lower()}", _attribute_span(doc, f, ("property", "name", "itemprop")))


@rule("OG012", "og-unknown-property", Severity.INFO, inputs="H", options={"strict": False})
def og_unknown_property(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports properties in the ogp.me namespaces (`og:`, `article:`, `book:`, `profile:`, `music:`,
    `video:`, `payment:`) that the protocol does not define: typos (`og:descripton`), invented names
    (`og:image_alt`) and platform extensions (`og:see_also`, `og:updated_time`). In front matter the same
    mistakes under `og` are FM003's, which also suggests the name meant (a top-level `video:` or `book:`
    mapping there is often the site's own data). OGP 1.0 properties are left to OG013. An extension one
    consumer documents (`article:publisher` for Facebook, `og:price:amount` for Facebook and Pinterest) is
    named as such. With the option `strict`, findings are warnings.

    ## Why is this bad?
    Consumers ignore properties they do not know (Facebook lists them as "Extraneous Property"), so a typo
    silently drops the value it was meant to carry.

    ## Example
    ```html
    <head><meta property="og:descripton" content="What the relay raised, and for whom."></head>
    ```

    ## Use instead
    ```html
    <head><meta property="og:description" content="What the relay raised, and for whom."></head>
    ```
    """
    for name, fields in doc.by_name().items():
        if not name.startswith(NAMESPACE_PREFIXES) or name in PROPERTIES or name in DEPRECATED or name in AUDIO_DIMENSIONS:
            continue  # known, or OG013's or OG034's
        f = fields[0]
        why = (f"a {_EXTENSIONS[name]} extension other consumers ignore" if name in _EXTENSIONS else
               "consumers ignore it")
        yield doc.problem(f"{f.name} is not an Open Graph property: {why}",
                          _attribute_span(doc, f, ("property", "name")) if doc.is_html else f,
                          severity=Severity.WARNING if options["strict"] else None)


# Properties outside ogp.me that one consumer documents and reads (Facebook's object reference, Pinterest's
# product pins): worth knowing they go no further.
_EXTENSIONS = {
    "article:publisher": "Facebook", "og:updated_time": "Facebook", "og:see_also": "Facebook",
    "og:rich_attachment": "Facebook", "og:ttl": "Facebook", "og:restrictions:age": "Facebook",
    "og:restrictions:country:allowed": "Facebook", "og:restrictions:country:disallowed": "Facebook",
    "og:price:amount": "Facebook and Pinterest", "og:price:currency": "Facebook and Pinterest",
    "og:availability": "Facebook and Pinterest",
}


@rule("OG013", "og-deprecated-property", Severity.WARNING, fields=DEPRECATED)
def og_deprecated_property(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports properties of the first Open Graph protocol (2010) that the current one dropped: the location
    and contact properties (`og:latitude`, `og:street-address`, `og:email`…), `og:isbn`, `og:upc` and
    `og:audio:title|artist|album`.

    ## Why is this bad?
    ogp.me lists them as deprecated and current parsers ignore them, so the address, ISBN or track details
    they carry reach nobody. Some have a current replacement (`book:isbn`, `music:musician`); the location
    ones have none in Open Graph (use schema.org markup).

    ## Example
    ```yaml
    og:
      type: book
      isbn: 978-1-4516-4853-9
    ```

    ## Use instead
    ```yaml
    og:
      type: book
    book:
      isbn: 978-1-4516-4853-9
    ```
    """
    for name, fields in doc.by_name().items():
        if name in DEPRECATED:
            hint = f"; use {DEPRECATED[name]}" if DEPRECATED[name] else ""
            for f in fields:
                yield doc.problem(f"{name} is an OGP 1.0 property that the protocol dropped: consumers ignore "
                                  f"it{hint}", _attribute_span(doc, f, ("property", "name")) if doc.is_html else f)


_TYPE_NAMESPACES = NAMESPACES[1:]  # the type verticals, which need a prefix declaration (not og)


@rule("OG014", "og-prefix", Severity.INFO, inputs="H")
def og_prefix(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the page's RDFa `prefix` attribute: that it is well formed (`name: URI` pairs), that it binds the
    ogp.me namespaces to their ogp.me URIs, and that the type namespaces the page uses (`article:`,
    `book:`, `music:`…) are declared. `og:` itself needs no declaration (the RDFa 1.1 initial context
    defines it), and an undeclared custom `og:type` is OG020's finding.

    ## Why is this bad?
    Facebook reads the tags without any prefix, but RDFa consumers resolve each property through it: an
    undeclared `article:` or a mistyped namespace URI makes the properties unknown to them.

    ## Example
    ```html
    <html prefix="og: https://ogp.me/ns#">
    <head>
      <meta property="og:type" content="article">
      <meta property="article:published_time" content="2024-05-14T09:30:00+02:00">
    </head>
    ```

    ## Use instead
    ```html
    <html prefix="og: https://ogp.me/ns# article: https://ogp.me/ns/article#">
    <head>
      <meta property="og:type" content="article">
      <meta property="article:published_time" content="2024-05-14T09:30:00+02:00">
    </head>
    ```
    """
    declared: set[str] = set()
    for f in doc.all("prefix"):
        pairs, broken = parse_prefix(f.text)
        exact = f.raw == f.text  # offsets in the decoded value are offsets in the source
        for p in pairs:
            declared.add(p.name)
            expected = NAMESPACE_URIS.get(p.name)
            if expected and p.uri.split("://", 1)[-1] != expected:
                message = (f"prefix {p.name}: is bound to {quote(p.uri)}, not https://{expected}: RDFa "
                           "consumers will not read these properties as Open Graph")
                yield doc.problem_in(f, p.start, p.end, message) if exact else doc.problem(message, f)
        if broken is not None:
            message = (f"prefix is malformed at {quote(f.text[broken:].strip(), 30)}: RDFa expects "
                       "'name: URI' pairs separated by spaces")
            yield doc.problem_in(f, broken, len(f.raw), message) if exact else doc.problem(message, f)
    used: dict[str, Field] = {}
    for name, fields in doc.by_name().items():
        if not name.startswith(_TYPE_NAMESPACES):
            continue  # a cheap test first: most names are og:*, twitter:* or the page's own
        ns = name.split(":", 1)[0]
        if ns in _TYPE_NAMESPACES:
            used.setdefault(ns, fields[0])
    for ns, f in used.items():
        if ns not in declared:
            yield doc.problem(f"{ns}: properties are used but no prefix declares {ns}: (https://"
                              f"{NAMESPACE_URIS[ns]}): RDFa consumers cannot resolve them",
                              _attribute_span(doc, f, ("property", "name")))


@rule("OG015", "og-outside-head", Severity.WARNING, inputs="H")
def og_outside_head(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports Open Graph and X card `<meta>` tags and `<link rel=canonical>` that sit after the `<head>`, in
    the page body.

    ## Why is this bad?
    Crawlers read metadata from the head: Lighthouse and Google skip a canonical in the body, and many share
    scrapers stop at `</head>`. A tag that a plugin injected into the body is as good as absent.

    ## Example
    ```html
    <html><head><title>Spring relay</title></head>
    <body><meta property="og:image" content="https://example.org/relay.jpg"></body></html>
    ```

    ## Use instead
    ```html
    <html><head><title>Spring relay</title>
    <meta property="og:image" content="https://example.org/relay.jpg"></head>
    <body></body></html>
    ```
    """
    for f in doc.outside_head:
        what = "rel=canonical" if f.name == "canonical" else f.name
        yield doc.problem(f"{what} is outside <head>: crawlers read metadata from the head only", f)

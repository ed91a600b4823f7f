"""FM002–FM007: front matter that is well-formed but wrong — a user schema, unknown or mistyped `og` keys,
YAML 1.1 implicit typing, a badly shaped `og` block, a `url` that disagrees with the permalink, and the
title/description fallbacks generators apply."""

from __future__ import annotations

import difflib
import functools
import re
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Iterator, Mapping

from oglint import dates, urls
from oglint.model import Document, Field, Problem, Severity, Span
from oglint.ogp import AUDIO_DIMENSIONS, DEPRECATED, PROPERTIES
from oglint.readers.tree import canonical_name
from oglint.registry import rule
from oglint.rulekit import URL_PROPERTIES, is_blank, quote

# Structured media roots, whose children front matter may nest under them (`og: {image: {url, width}}`).
_MEDIA = ("og:image", "og:video", "og:audio")
# ogp.me's og:* vocabulary (oglint.ogp), plus `path`, which front matter uses for an image given as a file path
# (jekyll-seo-tag). OGP 1.0 properties (OG013) and og:audio dimensions (OG034) are other rules' findings, not
# typos.
OG_NAMES = frozenset({name for name in PROPERTIES if name.startswith("og:")} | {f"{m}:path" for m in _MEDIA})
_SORTED_OG_NAMES = sorted(OG_NAMES)  # a stable order for difflib's ties
OG_REPORTED_ELSEWHERE = frozenset({name for name in DEPRECATED if name.startswith("og:")}) | AUDIO_DIMENSIONS
_OG_PREFIXES = frozenset(":".join(n.split(":")[:i]) for n in OG_NAMES for i in range(1, n.count(":") + 2))
# og:* properties that hold one piece of text: never a list, never a mapping.
OG_SCALARS = frozenset({"og:title", "og:type", "og:url", "og:description", "og:determiner", "og:site_name"})
# Canonical names whose value is text: a YAML 1.1 number, boolean or date there is a typing accident.
TEXT_NAMES = frozenset({"title", "description", "lang", "og:title", "og:description", "og:site_name", "og:locale",
                        "og:locale:alternate", "og:determiner", "og:type", "og:image:alt", "og:video:alt",
                        "og:image:type", "og:video:type", "og:audio:type", "twitter:card", "twitter:site",
                        "twitter:creator", "twitter:title", "twitter:description", "twitter:image:alt",
                        "article:section", "article:tag", "author"}) | URL_PROPERTIES
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_YAML11_BOOL = frozenset({"yes", "no", "on", "off", "y", "n"})
_TYPES = ("string", "url", "date", "integer", "list")


@functools.lru_cache(maxsize=1024)  # the same keys recur in every document of a site
def _canonical(key: str) -> str:
    """A schema key as written by users (`og.image.url`, `og:title`) as a canonical field name."""
    return canonical_name(tuple(p for p in re.split(r"[.:]", key) if p))


def _under(doc: Document, name: str) -> list[Field]:
    """The fields of a key: its own value, or the values inside it when it is a mapping (`author.name`)."""
    return [f for f in doc.fields if f.name == name or f.name.startswith(name + ":")]


def _type_problem(f: Field, wanted: str) -> str | None:
    value = f.value
    if wanted == "string" and not isinstance(value, str):
        return f"is {_kind(value)}, not text"
    if wanted == "url" and not (isinstance(value, str) and urls.is_absolute_http(value.strip())):
        return "is not an absolute http(s) URL"
    if wanted == "date" and dates.parse(value) is None:
        return "is not an ISO 8601 date or date-time"
    if wanted == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"is {_kind(value)}, not an integer"
    if wanted == "list" and "[" not in f.key:
        return "is not a list"
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    names = {bool: "a boolean", int: "a number", float: "a number", datetime: "a date-time", date: "a date",
             str: "text"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)


@rule("FM002", "fm-schema", Severity.ERROR, inputs="F", options={"required": [], "types": {}})
def fm_schema(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the front matter against your schema: the keys listed in the option `required` must be present
    and not empty, and the keys in `types` must hold the named type (`string`, `url`, `date`, `integer` or
    `list`). Keys are written as in the front matter (`og.title`) or as property names (`og:title`). With
    no schema configured (the default) it reports nothing.

    ## Why is this bad?
    A site's templates expect certain keys: a post without `title` or with a `date` that is not a date
    builds a page with empty or broken metadata, and nothing fails until someone shares it.

    ## Example
    With these rule options:
    ```options
    required = ["title", "og.image"]
    types = { date = "date" }
    ```
    ```yaml
    title: Spring relay
    date: last Tuesday
    ```

    ## Use instead
    ```yaml
    title: Spring relay
    date: 2021-03-12
    og:
      image: https://example.org/cards/relay.png
    ```
    """
    for key in options["required"]:
        found = _under(doc, _canonical(key))
        if not any(not is_blank(f) for f in found):
            yield doc.problem(f"{key} is required by the front-matter schema but is {'empty' if found else 'missing'}")
    for key, wanted in dict(options["types"]).items():
        if wanted not in _TYPES:
            raise ValueError(f"FM002 types: {key!r} has unknown type {wanted!r} (use one of {', '.join(_TYPES)})")
        name = _canonical(key)
        # a list is judged by its items wherever they are; the other types by the key's own value
        for f in _under(doc, name) if wanted == "list" else doc.all(name):
            problem = None if is_blank(f) else _type_problem(f, wanted)
            if problem:
                yield doc.problem(f"{key} {quote(f.raw.strip() or f.text)} {problem}, as the schema requires "
                                  f"{wanted}", f)
                break


@functools.lru_cache(maxsize=256)
def _key_pattern(segment: str) -> re.Pattern[str]:
    """A key `segment` as written before its `:` or `=` (compiled once per segment, not per finding), not
    preceded by a word character or `-`. That check is a lookbehind after the segment, not before it: a
    pattern that starts with a literal lets `re` jump from one occurrence of the segment to the next instead
    of trying every offset (FM003 searches the whole front matter up to the value). The matches are the
    same."""
    escaped = re.escape(segment)
    return re.compile(rf"{escaped}(?<![\w-]{escaped})(?=[\"']?\s*[:=])")


def _key_span(doc: Document, f: Field, segment: str) -> Span | None:
    """Where the key `segment` that leads to field f is written: the nearest such key before the value."""
    found = None
    for found in _key_pattern(segment).finditer(doc.text, 0, f.start):
        pass
    if found is None:
        return None
    return doc.index.span(found.start(), found.end())


@functools.lru_cache(maxsize=1024)  # a pure function of the name, and a site's documents share their names
def _unknown_prefix(name: str) -> str | None:
    """The shortest part of an og:* name that no property starts with; None when the name is fine, is left
    to other rules (OGP 1.0 properties, children of one-value properties), or is not an og:* name ("og://…"
    keys are JSON's conventional comments)."""
    if not name.startswith("og:") or name.startswith("og://"):
        return None
    parts = name.split(":")
    for i in range(2, len(parts) + 1):
        prefix = ":".join(parts[:i])
        if prefix in OG_REPORTED_ELSEWHERE or ":".join(parts[:i - 1]) in OG_SCALARS:
            return None
        if prefix not in _OG_PREFIXES:
            return prefix
    return None


@rule("FM003", "fm-unknown-key", Severity.WARNING, inputs="F")
def fm_unknown_key(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports keys under `og` that are not Open Graph properties (`descripton`, `image_alt`), suggesting the
    closest property name. Other front-matter keys are yours and are not checked.

    ## Why is this bad?
    A misspelt key is silently ignored by the template: the page ships without the description or alt
    text you wrote, and no build step complains.

    ## Example
    ```yaml
    og:
      title: Spring relay
      descripton: Officers raised money for local charities.
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay
      description: Officers raised money for local charities.
    ```
    """
    # Judge each distinct name once; most documents have no unknown one and need no pass over their fields.
    index = doc.by_name()
    unknown = {name: prefix for name in index if (prefix := _unknown_prefix(name)) is not None}
    if not unknown:
        return
    # The fields of the unknown names in document order: with one such name (the usual case), its own list.
    fields = index[next(iter(unknown))] if len(unknown) == 1 else [f for f in doc.fields if f.name in unknown]
    seen: set[tuple[str, int]] = set()
    for f in fields:
        prefix = unknown[f.name]
        segment = prefix.rsplit(":", 1)[1] if not f.key.startswith(prefix) else prefix
        span = _key_span(doc, f, segment) or f.span
        if (prefix, span.line) in seen:
            continue
        seen.add((prefix, span.line))
        yield Problem(f"{prefix} is not an Open Graph property: templates and consumers will ignore "
                      f"{quote(f.text)}{_suggestion(prefix)}", span)


@functools.lru_cache(maxsize=256)
def _suggestion(prefix: str) -> str:
    """'; did you mean og:x?' with the closest property name, or "". Memoised: difflib compares the name with
    every property (~0.2 ms), and the same misspelling recurs across a site."""
    close = difflib.get_close_matches(prefix, _SORTED_OG_NAMES, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _plain(f: Field) -> bool:
    """A plain (unquoted, untagged) YAML scalar, the only kind YAML 1.1 types implicitly."""
    return bool(f.raw) and f.raw[0] not in "\"'!|>"


@rule("FM004", "fm-yaml-typing", Severity.WARNING, inputs="F")
def fm_yaml_typing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports unquoted YAML values that YAML 1.1 readers (PyYAML, Jekyll's Psych) turn into another type:
    `12:30` becomes the number 750 (base 60) under any key, and in text properties (`title`, `og:locale`,
    `og:site_name`, URLs…) `no` becomes false, `2024` a number and `2024-01-02` a date.

    ## Why is this bad?
    The template then prints `false`, `750` or a reformatted date into the page, and YAML 1.2 readers
    (Hugo, Astro) read the same file differently. Quoting the value keeps it text everywhere.

    ## Example
    ```yaml
    og:
      title: Spring relay
      locale: no
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay
      locale: "no"
    ```
    """
    if doc.kind != "yaml":
        return  # TOML and JSON type every value explicitly
    for f in doc.fields:
        if f.value is None or isinstance(f.value, str) or not _plain(f):
            continue
        raw = f.raw.strip()
        if isinstance(f.value, int) and not isinstance(f.value, bool) and _SEXAGESIMAL.fullmatch(raw):
            yield doc.problem(f"{f.key}: {raw} is read as the base-60 number {f.value} by YAML 1.1 readers; "
                              f"quote it (\"{raw}\") to keep it text", f)
        elif f.name in TEXT_NAMES:
            what = (f"the boolean {str(f.value).lower()}" if isinstance(f.value, bool) else
                    f"{_kind(f.value)} ({f.value})")
            yield doc.problem(f"{f.key}: {raw} is read as {what}, not text; quote it (\"{raw}\") so the template "
                              "prints what you wrote", f)


_ONE_VALUE = OG_SCALARS | {"og:locale"}
_LIST_INDEX = re.compile(r"\[\d+\]")


@functools.lru_cache(maxsize=1024)  # a pure function of the key; called for each field with a list index
def _index_after_name(key: str) -> str | None:
    """The key up to a list index that directly follows a one-value og property (`og.title[0]`)."""
    m = _LIST_INDEX.search(key)
    if not m:
        return None
    head = key[: m.start()]
    return head if _canonical(head) in _ONE_VALUE else None


@functools.lru_cache(maxsize=1024)  # a pure function of a name, asked for each field of each document
def _scalar_parent(name: str) -> str | None:
    """The one-value og property a name is a child of (`og:title:text` -> `og:title`), or None."""
    parent = ":".join(name.split(":")[:2])
    return parent if name.count(":") > 1 and parent in OG_SCALARS else None


@functools.lru_cache(maxsize=1024)  # likewise
def _media_root(name: str) -> str | None:
    """The og:image/og:video/og:audio a name is (or is a property of), or None."""
    return next((r for r in _MEDIA if name == r or name.startswith(r + ":")), None)


def _instance_head(f: Field) -> str | None:
    """The key of the nested og.image/og.video/og.audio mapping (one list item) an og:* field is part of, or
    None: flat keys, other properties, and an image URL written directly (a complete instance)."""
    if "." not in f.key:
        return None
    root = _media_root(f.name)
    if root is None:
        return None
    head, _, last = f.key.rpartition(".")
    if f.name == root and last not in ("url", "path"):
        return None
    return head


@rule("FM005", "fm-og-shape", Severity.ERROR, inputs="F")
def fm_og_shape(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the shape of the `og` block: `og` is a mapping; `og.image` (and `video`, `audio`) is a URL or a
    mapping with `url` (or `path`) and optional `width`, `height`, `alt`, `type`, or a list of those; the
    one-value properties (`title`, `description`, `type`, `url`, `site_name`, `determiner`, `locale`) are
    single values, not lists or mappings.

    ## Why is this bad?
    Templates read these keys with fixed expectations: an image mapping without `url` renders an empty
    `og:image`, a list under `og.title` prints its Python or Ruby representation, and consumers keep only
    the first of repeated one-value tags anyway.

    ## Example
    ```yaml
    og:
      title: Spring relay
      image:
        width: 1200
        height: 630
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay
      image:
        url: https://example.org/cards/relay.png
        width: 1200
        height: 630
    ```
    """
    reported: set[str] = set()
    instances: dict[str, list[Field]] = {}  # the fields of each nested media mapping, by its key
    # One pass over the fields. The tests after the one for an og:* name, media mappings included, concern og:*
    # names only: other fields skip them.
    for f in doc.fields:
        if f.name == "og" and "og" not in reported:
            reported.add("og")
            yield doc.problem(f"og is {_kind(f.value)}, not a mapping of Open Graph properties: templates read "
                              "og.title, og.image… from it", f)
        elif "[" in f.key and (head := _index_after_name(f.key)) and head not in reported:
            reported.add(head)
            yield doc.problem(f"{head} is a list, but {_canonical(head)} takes one value: consumers keep only "
                              "the first, templates may print the whole list", f)
        elif not f.name.startswith("og:"):
            continue
        elif parent := _scalar_parent(f.name):
            if parent not in reported:
                reported.add(parent)
                yield doc.problem(f"{parent} is a mapping, but it must be a single value: the template will "
                                  "print the mapping or nothing", f)
        elif f.name in _MEDIA and f.value is not None and not isinstance(f.value, str):
            yield doc.problem(f"{f.key} is {_kind(f.value)}: {f.name} must be a URL or a mapping with a url", f)
        if (head := _instance_head(f)) is not None:
            instances.setdefault(head, []).append(f)
    for head, members in instances.items():
        if not any(m.name in _MEDIA or m.name.endswith(":path") for m in members):
            children = ", ".join(dict.fromkeys(m.key.rpartition(".")[2] for m in members))
            yield doc.problem(f"{head} has {children} but no url (or path): consumers get no image from it",
                              members[0])


_HTML_SUFFIX = re.compile(r"\.html?$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")  # Jekyll's post file names
_PATTERN = re.compile(r"/:|\{")  # a permalink pattern (`/:year/:title/`, `{slug}`), not a path


def _slug_of(url: str) -> str:
    """The last non-empty segment of the URL's path (after the trailing slashes), without `.html`."""
    parsed = urls.split(url.strip())
    last = (parsed.path if parsed else url).rstrip("/").rpartition("/")[2]
    return _HTML_SUFFIX.sub("", last) if "." in last else last


def _file_slug(path: str) -> str:
    p = PurePosixPath(path.replace("\\", "/"))
    stem = p.parent.name if p.stem in ("index", "_index") else p.stem
    return _DATE_PREFIX.sub("", stem)


def _permalink_path(permalink: str) -> str | None:
    """The permalink as a path to compare, or None when it is a pattern (`/:year/:title/`, `{slug}`)."""
    if _PATTERN.search(permalink):
        return None
    s = urls.split(permalink.strip())
    return (s.path if s else permalink.strip()) or "/"


@rule("FM006", "fm-url-permalink", Severity.WARNING, inputs="F", options={"filename": False},
      fields=["url", "og:url"])
def fm_url_permalink(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the front matter's `url` (else `og.url`) agrees with where the page is published: the path
    of a literal `permalink`, the last path segment named by `slug`, and, with the option `filename` on,
    the file's name (`2020-02-07-spring-relay.md` or `spring-relay/index.md` → `spring-relay`).

    ## Why is this bad?
    The generator publishes the page at its permalink, but share cards link to `url`: when a post is
    renamed and only one of them follows, every share leads to a 404.

    ## Example
    ```yaml
    slug: spring-relay
    url: https://example.org/news/2021/march/winter-swim/
    ```

    ## Use instead
    ```yaml
    slug: spring-relay
    url: https://example.org/news/2021/march/spring-relay/
    ```
    """
    f = doc.first("url")
    if f is None or not isinstance(f.value, str):
        f = doc.first("og:url")
        if f is None or not isinstance(f.value, str):
            return
    if not f.value.strip():
        return
    permalink, slug = doc.first("permalink"), doc.first("slug")
    if permalink and isinstance(permalink.value, str) and (want := _permalink_path(permalink.value)):
        parsed = urls.split(f.value.strip())
        path = (parsed.path if parsed else "") or "/"
        if want.rstrip("/") != path.rstrip("/"):
            yield doc.problem(f"{f.name} path {quote(path)} is not the permalink {quote(want)}: shares will "
                              "link away from the published page", f)
            return
    expected = [(slug.text.strip(), "slug")] if slug and slug.text.strip() else []
    if options["filename"]:
        expected.append((_file_slug(doc.path), "file name"))
    for want, source in expected:
        if want and (last := _slug_of(f.value)) != want:
            yield doc.problem(f"{f.name} ends in {quote(last)}, but the {source} says {quote(want)}: "
                              "shares will link away from the published page", f)
            return


@rule("FM007", "fm-fallbacks", Severity.INFO, inputs="F",
      fields=["og:title", "og:description", "title", "description"])
def fm_fallbacks(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports where the share card's title or description comes from a generator's fallback rather than
    from `og.title`/`og.description`: when they are missing and `title`/`description` are set (Hugo,
    Jekyll's jekyll-seo-tag, Astro and dev.to all fall back so), or when the field-mapping preset takes
    them from `title`/`description`. The message shows the effective value.

    ## Why is this bad?
    It is not wrong, but the card then shows the page title, often with the site's name appended, and a
    description written for search results: worth knowing when the card looks off.

    ## Example
    ```yaml
    title: Spring relay raises £12,000 | Example Constabulary
    description: Officers raised money for local charities.
    ```

    ## Use instead
    ```yaml
    title: Spring relay raises £12,000 | Example Constabulary
    description: Officers raised money for local charities.
    og:
      title: Spring relay raises £12,000
      description: Officers and staff raised £12,000 during the spring relay.
    ```
    """
    for target, source in (("og:title", "title"), ("og:description", "description")):
        own = doc.first(target)
        if own is not None and own.key.startswith("og"):
            continue
        used = own or doc.first(source)
        if used is None or is_blank(used):
            continue
        how = f"is taken from {used.key}" if own else f"is not set; generators fall back to {source}"
        yield doc.problem(f"{target} {how}: the share card shows {quote(used.text.strip())}", used)

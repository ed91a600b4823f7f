"""Field-mapping presets: how a site generator's front-matter keys become oglint's canonical names.

The default layout (the `seeds/` one) writes `title`, `url` and an `og:` mapping and renames nothing. A
generator preset renames the keys its SEO template reads (`image` → `og:image` for jekyll-seo-tag) and adds
the fallbacks the template applies (`og:title` taken from `title` when the page sets none), so rules see
the card the generator will actually write. FM007 reports each fallback used.

A rename maps a leaf's path as written, without list indices (`image.path`, `images`, `seo.title`), to one
or more canonical names; any other leaf keeps its usual name (oglint.readers.tree.canonical_name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from oglint.model import Field
from oglint.readers.tree import PathPart, canonical_name


@dataclass(frozen=True)
class Preset:
    name: str
    renames: Mapping[str, str] = field(default_factory=dict)
    # (target, source): when no field has the target name, the source fields stand in for it, in place.
    fallbacks: tuple[tuple[str, str], ...] = ()
    # What the generator's template always writes from what front matter does not hold (the page's own
    # address, its kind): rules never report these missing, and have no value to check.
    writes: frozenset[str] = frozenset()
    # The generator's template folders at the site's root, which walking it skips (added to `exclude`; `X/*`
    # matches under X at the root only). Build output (`_site`, `public`) is left to the user: a CI step may
    # lint it on purpose.
    exclude: tuple[str, ...] = ()
    note: str = ""  # what the generator does that the mapping cannot show (for the docs)
    # name_of's answers so far: the documents of a site share their key paths (bounded, cleared when full)
    _names: dict[tuple[PathPart, ...], str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def name_of(self, path: tuple[PathPart, ...]) -> str:
        name = self._names.get(path)
        if name is None:
            if len(self._names) >= 8192:
                self._names.clear()
            renamed = self.renames.get(".".join(p for p in path if isinstance(p, str)))
            name = self._names[path] = renamed or canonical_name(path)
        return name

    def with_fallbacks(self, fields: list[Field]) -> list[Field]:
        for target, source in self.fallbacks:
            if any(f.name == target for f in fields):
                continue
            out: list[Field] = []
            for f in fields:
                out.append(f)
                if f.name == source:
                    out.append(f.renamed(target))
            fields = out
        return fields


_TEXT_FALLBACKS = (("og:title", "title"), ("og:description", "description"))

PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("default"),
    Preset(
        "jekyll",
        renames={
            "image": "og:image", "image.path": "og:image", "image.width": "og:image:width",
            "image.height": "og:image:height", "image.alt": "og:image:alt",
            "canonical_url": "canonical", "twitter.username": "twitter:site", "twitter.card": "twitter:card",
            "author.name": "author", "author.twitter": "twitter:creator",
            "date": "article:published_time", "last_modified_at": "article:modified_time",
            "locale": "og:locale",
        },
        fallbacks=_TEXT_FALLBACKS + (("og:url", "canonical"), ("og:locale", "lang")),
        writes=frozenset({"og:type", "og:url", "canonical", "twitter:card"}),
        exclude=("_includes/*", "_layouts/*", "_sass/*"),
        note="jekyll-seo-tag writes og:title from `title` and og:description from `description` (else the "
             "post's excerpt, else the site's description); og:url and the canonical link from `canonical_url` "
             "(else the page's URL); og:locale from `locale`, else `lang`, with `-` turned into `_`; og:type "
             "`article` and article:published_time when the page has a `date`; image paths and og:url are made "
             "absolute with the site's `url`, and twitter:site gets its `@` added.",
    ),
    Preset(
        "hugo",
        renames={"images": "og:image", "publishDate": "article:published_time", "lastmod": "article:modified_time",
                 "tags": "article:tag"},
        fallbacks=_TEXT_FALLBACKS + (("article:published_time", "date"),),
        writes=frozenset({"og:type", "og:url", "twitter:card"}),
        exclude=("layouts/*", "themes/*", "archetypes/*"),
        note="Hugo's internal opengraph template writes og:title from `title`, og:description from "
             "`description` (else the page summary, else the site's description), up to six og:image from "
             "`images` made absolute, article:published_time from `publishDate` else `date`, "
             "article:modified_time from `lastmod` else `date`, og:url from the page's permalink and og:type "
             "`article` for regular pages.",
    ),
    Preset(
        "astro",
        renames={"seo.title": "title", "seo.description": "description", "seo.image": "og:image",
                 "seo.canonical": "canonical", "heroImage": "og:image", "pubDate": "article:published_time",
                 "updatedDate": "article:modified_time"},
        fallbacks=_TEXT_FALLBACKS,
        writes=frozenset({"og:type", "og:url", "canonical", "twitter:card"}),
        exclude=("src/layouts/*", "src/components/*"),
        note="Astro has no SEO template of its own: this follows the blog starter's BaseHead (og:title and "
             "og:description from `title` and `description`, og:image from `heroImage`, dates from `pubDate` "
             "and `updatedDate`) and a `seo:` block as astro-seo takes it (title, description, image, "
             "canonical); an `og:` mapping keeps its usual meaning. og:url is the page's own address, and the "
             "layout resolves relative images against the site URL.",
    ),
    Preset(
        "devto",
        renames={"cover_image": "og:image", "canonical_url": "canonical", "published_at": "article:published_time"},
        fallbacks=_TEXT_FALLBACKS,
        writes=frozenset({"og:type", "og:url", "canonical", "twitter:card"}),
        note="dev.to writes og:title from `title`, og:description from `description` (else the start of the "
             "body), og:image from `cover_image` (else a generated card) and the canonical link from "
             "`canonical_url` (else the dev.to URL); og:url is always the dev.to URL of the post.",
    ),
)}


def get(name: str) -> Preset:
    """The preset called `name`; ValueError naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}") from None

"""IMG: the share image as declared — size, shape, format and alt text (offline: declared values only; the
rules that fetch the file, IMG005/IMG009/IMG010, need the network).

Structured properties belong to their own image: ogp.me says they follow their root `og:image` and end at
the next one, so in HTML (and flat front-matter keys) each `og:image:width`/`height`/`alt`/`type` goes to
the nearest `og:image` before it; nested front matter (`image: [{url, width}, …]`) says it by nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping
from urllib.parse import urlsplit

from oglint.model import Document, Field, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import is_blank, quote

_PROPS = ("width", "height", "alt", "type")
_CARD_RATIO = {"summary": (1.0, "1:1"), "summary_large_image": (2.0, "2:1")}
_SVG_TYPES = frozenset({"image/svg+xml"})
_SVG_EXTENSIONS = (".svg", ".svgz")
# Formats neither Facebook (JPEG, PNG, GIF, WebP) nor X (JPG, PNG, WebP, GIF) renders in a card.
_UNSUPPORTED_EXTENSIONS = (".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif", ".ico", ".jxl", ".psd")


@dataclass
class Image:
    root: Field
    group: str  # front matter: the nested path the image's properties share ('og.image[1]'); else ""
    props: dict[str, Field] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.root.text.strip()

    def size(self, prop: str) -> int | None:
        return _integer(self.props.get(prop))


def _integer(f: Field | None) -> int | None:
    """A declared dimension as an int; None when absent or not an integer (OG027 reports those)."""
    if f is None or isinstance(f.value, bool):
        return None
    if isinstance(f.value, int):
        return f.value
    text = f.text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _root_group(key: str) -> str:
    """The nested front-matter path of an image ('og.image[1].url' -> 'og.image[1]'); '' for HTML
    properties and flat keys ('og:image'), which are grouped by order."""
    if "." not in key:
        return ""
    return key.removesuffix(".url")


def og_images(doc: Document) -> list[Image]:
    """Each og:image with its own structured properties (first one wins when one is repeated)."""
    global _last
    if _last is None or _last[0] is not doc or _last[1] is not doc.fields or _last[2] != len(doc.fields):
        _last = (doc, doc.fields, len(doc.fields), _pair(doc))
    return _last[3]


# Every IMG rule reads the images: they are paired once per document. Rules run document by document, so only
# the last document's images are kept (a WeakKeyDictionary look-up, a new weak reference each time, cost more
# than most IMG rules' own work); they are paired again if its field list was replaced or grew since.
_last: tuple[Document, list[Field], int, list[Image]] | None = None


def _pair(doc: Document) -> list[Image]:
    index = doc.by_name()
    images: list[Image] = []
    for f in index.get("og:image", ()):
        if f.key.lower().endswith("image:url") and images and "url" not in images[-1].props:
            images[-1].props["url"] = f  # og:image then og:image:url: one image named twice (ogp.me)
            continue
        image = Image(f, _root_group(f.key))
        if f.key.lower().endswith("image:url"):
            image.props["url"] = f
        images.append(image)
    if images and not index.keys().isdisjoint(_PROP_NAMES):
        _attach_properties(doc, images)
    return [image for image in images if not is_blank(image.root)]


_PROP_NAMES = frozenset(f"og:image:{prop}" for prop in _PROPS)


def _attach_properties(doc: Document, images: list[Image]) -> None:
    """Give each og:image:width/height/alt/type to its image: the one nested with it in front matter, else
    the nearest og:image before it."""
    starts = {image.root: image for image in images}  # the og:image fields that begin an image
    latest: Image | None = None
    for f in doc.fields:
        if not f.name.startswith("og:image"):
            continue  # neither an image nor one of its properties
        if f in starts:
            latest = starts[f]
            continue
        prop = f.name.removeprefix("og:image:")
        if prop == f.name or prop not in _PROPS:
            continue
        group = f.key.rpartition(".")[0]  # 'og.image[1].width' -> 'og.image[1]'; '' for flat keys
        owners = [image for image in images if group and image.group == group]
        if not owners:  # HTML and flat keys: the nearest og:image before it
            owners = [latest] if latest else []
        if owners:
            owners[-1].props.setdefault(prop, f)


# The names an og:image may be declared under: rules about og_images() find nothing without one of them.
_IMAGE_FIELDS = ("og:image", "og:image:url", "og:image:secure_url")


# A URL that may end in one of the extensions above: one of them anywhere in it, or a tab or line break,
# which urlsplit deletes (`.s<TAB>vg` is a path ending in `.svg`). The path is part of the URL, so a URL
# without any of these cannot have such an extension, and IMG006 does not split it: the search costs a third
# of urlsplit (the dot is factored out so that `re` tries the names only at dots).
_UNRENDERED_NAMES = "|".join(re.escape(ext.removeprefix(".")) for ext in _SVG_EXTENSIONS + _UNSUPPORTED_EXTENSIONS)
_MAYBE_UNRENDERED = re.compile(rf"[\t\r\n]|\.(?:{_UNRENDERED_NAMES})")


def _extension(url: str) -> str:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return ""
    return path[path.rfind("."):] if "." in path.rpartition("/")[2] else ""


@rule("IMG001", "og-image-dims-missing", Severity.WARNING, fields=_IMAGE_FIELDS)
def og_image_dims_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image declared without its own `og:image:width` and `og:image:height`.

    ## Why is this bad?
    Facebook processes a new image asynchronously: without declared dimensions the first shares of a page
    go out with no image at all, or a small one (NodeBB#5403).

    ## Example
    ```yaml
    og:
      image: https://example.org/cards/launch.png
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
    ```
    """
    for image in og_images(doc):
        missing = [f"og:image:{p}" for p in ("width", "height") if p not in image.props]
        if missing:
            yield doc.problem(f"og:image {quote(image.url)} has no {' or '.join(missing)}: the first shares "
                              "go out before Facebook has measured the image", image.root)


@rule("IMG002", "og-image-too-small", Severity.ERROR, options={"min_width": 200, "min_height": 200},
      fields=_IMAGE_FIELDS)
def og_image_too_small(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image whose declared width or height is below Facebook's minimum of 200 pixels.

    ## Why is this bad?
    Facebook rejects it: "Provided og:image URL … was not valid because it did not meet the minimum size
    constraint of 200px by 200px", and the share has no image.

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/logo.png
        width: 120
        height: 120
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
    ```
    """
    for image in og_images(doc):
        for prop, least in (("width", options["min_width"]), ("height", options["min_height"])):
            size = image.size(prop)
            if size is not None and size < least:
                extent = "wide" if prop == "width" else "high"
                yield doc.problem(f"og:image {quote(image.url)} is declared {size} px {extent}, below the {least} px "
                                  "Facebook accepts: the share will have no image", image.props[prop])


@rule("IMG003", "og-image-below-recommended", Severity.WARNING,
      options={"min_width": 200, "min_height": 200, "large_width": 600, "large_height": 315,
               "hires_width": 1200, "hires_height": 630}, fields=_IMAGE_FIELDS)
def og_image_below_recommended(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image declared below the recommended sizes. Under 600×315 Facebook shows a small
    thumbnail (warning); narrower than the 1200 pixels of 1200×630 large cards look soft (info). Images
    below the 200 px minimum are IMG002's.

    ## Why is this bad?
    The share card is the page's advert: a small image gets a small, easily missed card.

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 400
        height: 210
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
    ```
    """
    for image in og_images(doc):
        w, h = image.size("width"), image.size("height")
        if (w is not None and w < options["min_width"]) or (h is not None and h < options["min_height"]):
            continue  # IMG002
        at = image.props.get("width") or image.props.get("height")
        if at is None:
            continue
        shown = f"{w if w is not None else '?'}×{h if h is not None else '?'}"
        if (w is not None and w < options["large_width"]) or (h is not None and h < options["large_height"]):
            yield doc.problem(f"og:image {quote(image.url)} is declared {shown}, below "
                              f"{options['large_width']}×{options['large_height']}: Facebook shows it as a small "
                              "thumbnail, not a large card", at)
        # Large cards are as wide as the feed and cropped to 1.91:1, so their sharpness is the width's
        # (1200×600, X's 2:1, is sharp); the height counts only when the width is not declared.
        elif w < options["hires_width"] if w is not None else h is not None and h < options["hires_height"]:
            yield doc.problem(f"og:image {quote(image.url)} is declared {shown}, below "
                              f"{options['hires_width']}×{options['hires_height']}: large cards on high-resolution "
                              "screens will look soft", at, severity=Severity.INFO)


def _ratio_off(ratio: float, target: float, tolerance: float) -> bool:
    return abs(ratio / target - 1) > tolerance


@rule("IMG004", "og-image-aspect", Severity.INFO, options={"ratio": 1.91, "tolerance": 0.15}, fields=_IMAGE_FIELDS)
def og_image_aspect(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image whose declared shape is far from the cards' shape. Facebook and LinkedIn use
    1.91:1; the image an X card shows is compared with that card's shape too (2:1 for
    `summary_large_image`, 1:1 for `summary`). Far means more than `tolerance` (15 %).

    ## Why is this bad?
    Consumers crop the image to their card's shape: text and faces near the edges are cut off.

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 1200
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
    ```
    """
    images = og_images(doc)
    tolerance = options["tolerance"]
    for image in images:
        w, h = image.size("width"), image.size("height")
        if w and h and w > 0 and h > 0 and _ratio_off(w / h, options["ratio"], tolerance):
            yield doc.problem(f"og:image {quote(image.url)} is declared {w}×{h} ({w / h:.2f}:1), far from the "
                              f"{options['ratio']}:1 of Facebook and LinkedIn cards: it will be cropped",
                              image.props["width"])
    cards = doc.all("twitter:card")
    card = cards[-1].text.strip() if cards else ""  # X: the last twitter:card wins
    if card not in _CARD_RATIO or not images:
        return
    twitter_image = doc.first("twitter:image")
    url = twitter_image.text.strip() if twitter_image else images[0].url
    shown = next((image for image in images if image.url == url), None)  # X falls back to og:image
    w, h = (shown.size("width"), shown.size("height")) if shown else (None, None)
    target, label = _CARD_RATIO[card]
    if shown and w and h and w > 0 and h > 0 and _ratio_off(w / h, target, tolerance):
        yield doc.problem(f"the image X shows for the {card} card ({quote(url)}) is declared {w}×{h}, far "
                          f"from the card's {label}: X will crop it", shown.props["width"])


@rule("IMG006", "og-image-format", Severity.WARNING, fields=[*_IMAGE_FIELDS, "twitter:image"])
def og_image_format(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image or twitter:image in a format the cards do not render. That is SVG (by its `.svg`
    extension or an `image/svg+xml` og:image:type), TIFF, BMP, HEIC, AVIF, ICO…

    ## Why is this bad?
    "SVG is not supported" (X), and Facebook renders only JPEG, PNG, GIF and WebP: the card goes out
    without an image. Export a PNG or JPEG for sharing.

    ## Example
    ```yaml
    og:
      image: https://example.org/cards/launch.svg
    ```

    ## Use instead
    ```yaml
    og:
      image: https://example.org/cards/launch.png
    ```
    """
    roots = [(image.root, image.props.get("type")) for image in og_images(doc)]
    roots += [(f, None) for f in doc.all("twitter:image") if not is_blank(f)]
    for f, type_field in roots:
        url = f.text.strip()
        ext = _extension(url) if _MAYBE_UNRENDERED.search(url.lower()) else ""
        declared = type_field.text.strip().lower() if type_field else ""
        if ext in _SVG_EXTENSIONS or declared in _SVG_TYPES:
            yield doc.problem(f"{f.name} {quote(url)} is an SVG image: X does not support SVG and Facebook "
                              "does not render it; share a PNG or JPEG", type_field if declared in _SVG_TYPES else f)
        elif ext in _UNSUPPORTED_EXTENSIONS:
            kind = ext[1:].upper()
            article = "an" if kind[0] in "AEIO" else "a"  # an AVIF, an ICO; a HEIC, a TIFF
            yield doc.problem(f"{f.name} {quote(url)} is {article} {kind} image: Facebook and X render JPEG, "
                              "PNG, GIF and WebP only", f)


@rule("IMG007", "og-image-alt-missing", Severity.WARNING, fields=[*_IMAGE_FIELDS, "twitter:image"])
def og_image_alt_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an og:image without its own `og:image:alt`, and a twitter:image without `twitter:image:alt`.

    ## Why is this bad?
    "If the page specifies an og:image it should specify og:image:alt" (ogp.me): screen-reader users of
    the platforms that show the card get nothing but "image".

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/cards/launch.png
        width: 1200
        height: 630
        alt: "The new dashboard, showing this week's deployments"
    ```
    """
    for image in og_images(doc):
        if "alt" not in image.props:
            yield doc.problem(f"og:image {quote(image.url)} has no og:image:alt: screen-reader users get no "
                              "description of it", image.root)
    twitter_image = doc.first("twitter:image")
    if twitter_image is not None and not is_blank(twitter_image) and doc.first("twitter:image:alt") is None:
        yield doc.problem(f"twitter:image {quote(twitter_image.text.strip())} has no twitter:image:alt: "
                          "screen-reader users get no description of it", twitter_image)


@rule("IMG008", "image-alt-too-long", Severity.WARNING, options={"max_length": 420},
      fields=["og:image:alt", "twitter:image:alt"])
def image_alt_too_long(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:image:alt` or `twitter:image:alt` longer than `max_length` (420, X's limit).

    ## Why is this bad?
    X cuts the alt text at 420 characters, and alt text describes the image; it is not a caption or the
    article's summary.

    ## Example
    ```yaml
    twitter:
      image: https://example.org/cards/launch.png
      image:alt: >-
        The new dashboard. It shows this week's deployments, grouped by team, with the failed ones in red
        and the slow ones in amber, and a search box that filters them by service, owner or date;
        underneath, a chart of build times over the last ninety days falls from fourteen minutes to six, and
        a table lists every service with its owner, its last deployment, the version it runs, the region it
        runs in and the name of whoever is on call this week for it.
    ```

    ## Use instead
    ```yaml
    twitter:
      image: https://example.org/cards/launch.png
      image:alt: "The new dashboard, showing this week's deployments by team"
    ```
    """
    limit = options["max_length"]
    for f in doc.fields:
        if f.name in ("og:image:alt", "twitter:image:alt") and isinstance(f.value, str):
            length = len(f.value.strip())
            if length > limit:
                yield doc.problem(f"{f.name} is {length} characters long, over {limit}: X cuts it, and alt text "
                                  "should describe the image, not caption it", f)


@rule("IMG011", "og-image-excess", Severity.INFO, inputs="H", options={"max_images": 6}, fields=_IMAGE_FIELDS)
def og_image_excess(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a page that declares more than `max_images` (6) og:image tags.

    ## Why is this bad?
    Consumers take the first image (ogp.me: the first tag wins) and drop the rest after a few: Hugo's
    template emits at most 6, scrapers keep at most 10. The extra tags are dead weight and a sign of a
    template adding every image in the page.

    ## Example
    ```html
    <head>
      <meta property="og:image" content="https://example.org/1.png">
      <meta property="og:image" content="https://example.org/2.png">
      <meta property="og:image" content="https://example.org/3.png">
      <meta property="og:image" content="https://example.org/4.png">
      <meta property="og:image" content="https://example.org/5.png">
      <meta property="og:image" content="https://example.org/6.png">
      <meta property="og:image" content="https://example.org/7.png">
    </head>
    ```

    ## Use instead
    ```html
    <head>
      <meta property="og:image" content="https://example.org/1.png">
    </head>
    ```
    """
    images = og_images(doc)
    limit = options["max_images"]
    if len(images) > limit:
        yield doc.problem(f"{len(images)} og:image tags, over {limit}: consumers use the first and drop the "
                          "rest", images[limit].root)

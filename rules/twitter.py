"""TW: X (Twitter) cards — the card type, its deprecated forms, handles, the player card, and the text and image
limits X documents (RULES.md §1.3 and section F). Checks that need the image file itself run online."""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from oglint import urls
from oglint.model import Document, Field, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import missing, quote
from oglint.textkit import problem_at, text_of, unrelated

CARDS = ("summary", "summary_large_image", "app", "player")
DEPRECATED_CARDS = {"photo": "summary_large_image", "gallery": "summary_large_image", "product": "summary"}
DEPRECATED_PROPERTIES = {
    "twitter:image:src": "twitter:image", "twitter:image0": "twitter:image", "twitter:image1": "twitter:image",
    "twitter:image2": "twitter:image", "twitter:image3": "twitter:image", "twitter:domain": None,
}
_HANDLE = re.compile(r"@[A-Za-z0-9_]{1,15}")
_PROFILE_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]{1,15})/?", re.I)


def _card(doc: Document) -> Field | None:
    """The twitter:card X uses: the last one ("the 'last' one in sequence will take priority")."""
    cards = doc.all("twitter:card")
    return cards[-1] if cards else None


@rule("TW001", "twitter-card-invalid", Severity.ERROR, fields=["twitter:card"])
def twitter_card_invalid(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that each `twitter:card` is one of `summary`, `summary_large_image`, `app` or `player`. The
    retired `photo`, `gallery` and `product` cards are TW002's; an empty value is reported too.

    ## Why is this bad?
    X renders only the four card types it knows: with any other value the link gets no card at all, or
    a plain summary instead of the large image you meant.

    ## Example
    ```yaml
    twitter:
      card: large_image
    ```

    ## Use instead
    ```yaml
    twitter:
      card: summary_large_image
    ```
    """
    for f in doc.all("twitter:card"):
        value = f.text.strip()
        if value in CARDS or value in DEPRECATED_CARDS:
            continue
        hint = f" (did you mean {value.lower()!r}?)" if value.lower() in CARDS else ""
        shown = quote(value) if value else "empty"
        yield doc.problem(f"twitter:card is {shown}, not one of {', '.join(CARDS)}{hint}: X will not render "
                          "the card you meant", f)


@rule("TW002", "twitter-deprecated", Severity.WARNING, fixable=True, fields=["twitter:card", *DEPRECATED_PROPERTIES])
def twitter_deprecated(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports X card markup that X no longer reads. Retired in July 2015: the `photo`, `gallery` and
    `product` cards, the `twitter:image0` to `twitter:image3` gallery images and `twitter:domain`;
    `twitter:image:src` is superseded by `twitter:image`.

    ## Why is this bad?
    X ignores them: a `photo` or `product` card is not rendered as one, and an image given only as
    `twitter:image:src` may be missed, leaving the card without a picture.

    ## Example
    ```html
    <head><meta name="twitter:card" content="photo">
    <meta name="twitter:image:src" content="https://example.org/card.png"></head>
    ```

    ## Use instead
    ```html
    <head><meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:image" content="https://example.org/card.png"></head>
    ```
    """
    for f in doc.fields:
        if f.name == "twitter:card" and f.text.strip() in DEPRECATED_CARDS:
            value = f.text.strip()
            yield doc.problem(f"twitter:card {value!r} was retired in 2015: X will not render it; use "
                              f"{DEPRECATED_CARDS[value]!r}", f)
        elif f.name in DEPRECATED_PROPERTIES:
            instead = DEPRECATED_PROPERTIES[f.name]
            advice = f"use {instead}" if instead else "remove it"
            yield doc.problem(f"{f.key or f.name} is deprecated and ignored by X: {advice}", f)


@rule("TW003", "twitter-card-multiple", Severity.WARNING, inputs="H", fields=["twitter:card"])
def twitter_card_multiple(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a page with more than one `twitter:card` tag, at each tag but the last.

    ## Why is this bad?
    X supports one card per page and takes the *last* `twitter:card`, the opposite of Open Graph's
    first-wins rule; two templates emitting a card each usually means the one you configured loses.

    ## Example
    ```html
    <head><meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:card" content="summary"></head>
    ```

    ## Use instead
    ```html
    <head><meta name="twitter:card" content="summary_large_image"></head>
    ```
    """
    cards = doc.all("twitter:card")
    if len(cards) < 2:
        return
    last = cards[-1]
    for f in cards[:-1]:
        same = "the same value" if f.text.strip() == last.text.strip() else quote(last.text.strip())
        yield doc.problem(f"twitter:card is declared {len(cards)} times: X uses only the last one (line "
                          f"{last.span.line}, {same})", f)


@rule("TW004", "twitter-card-missing", Severity.INFO)
def twitter_card_missing(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a page without `twitter:card`. Under a generator preset whose template always writes one
    (jekyll, hugo, astro, devto: docs/presets.md), it is never missing; nor on a redirect stub (`<meta
    http-equiv="refresh" content="0; url=…">`).

    ## Why is this bad?
    Without a card type X may still render a small `summary` card from `og:title`, `og:description` and
    `og:image`, but never the large image card, and not reliably.

    ## Example
    ```yaml
    og:
      title: A post
    ```

    ## Use instead
    ```yaml
    og:
      title: A post
    twitter:
      card: summary_large_image
    ```
    """
    if missing(doc, "twitter:card"):
        yield doc.problem("twitter:card is missing: X may fall back to a small summary card built from og:*")


def _over(doc: Document, f: Field, limit: int) -> Iterator[Problem]:
    if isinstance(f.value, str) and len(text := f.value.strip()) > limit:
        lead = len(f.value) - len(f.value.lstrip())
        yield problem_at(doc, f, lead + limit, lead + len(text),
                         f"{f.name} is {len(text)} characters, over X's {limit}: the card will cut it off")


@rule("TW005", "twitter-text-length", Severity.WARNING,
      options={"title_max_length": 70, "description_max_length": 200},
      fields=["twitter:title", "twitter:description"])
def twitter_text_length(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports X card texts longer than X shows. Limits: `twitter:title` 70 characters, `twitter:description`
    200 (X's documented limits; options `title_max_length`, `description_max_length`), counted after
    stripping; the finding points at the part past the limit.

    ## Why is this bad?
    X truncates card texts beyond these lengths, so the end of the headline or summary never shows.

    ## Example
    ```yaml
    twitter:
      title: "Everything we learned in ten years of running a small open source project with volunteers"
    ```

    ## Use instead
    ```yaml
    twitter:
      title: "Ten years of running a volunteer open source project"
    ```
    """
    for f in doc.all("twitter:title"):
        yield from _over(doc, f, options["title_max_length"])
    for f in doc.all("twitter:description"):
        yield from _over(doc, f, options["description_max_length"])


def _handle_problem(value: str) -> tuple[str, str | None]:
    """What is wrong with a twitter:site/creator value, and the handle to use instead when it is clear."""
    profile = _PROFILE_URL.fullmatch(value)
    if profile:
        return "is a profile URL, not a handle", "@" + profile.group(1)
    if _HANDLE.fullmatch("@" + value):
        return "lacks the leading @", "@" + value
    if value.startswith("@") and len(value) > 16 and re.fullmatch(r"@\w+", value, re.A):
        return "is longer than X's 15 characters", None
    return "is not an @username (1–15 letters, digits or _)", None


_ACCOUNT_FIELDS = frozenset({"twitter:site", "twitter:creator", "twitter:site:id", "twitter:creator:id"})


@rule("TW006", "twitter-handle", Severity.WARNING, fixable=True, fields=_ACCOUNT_FIELDS)
def twitter_handle(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the X accounts a card names. `twitter:site` and `twitter:creator` must be an `@username` (`@`
    then 1–15 letters, digits or underscores), `twitter:site:id` and `twitter:creator:id` numeric user IDs.
    A missing `@` or a profile URL comes with the handle to use.

    ## Why is this bad?
    X attributes the card to the account named here; a value it cannot read as a handle credits nobody.

    ## Example
    ```yaml
    twitter:
      card: summary
      site: https://twitter.com/example
    ```

    ## Use instead
    ```yaml
    twitter:
      card: summary
      site: "@example"
    ```
    """
    for f in doc.fields:
        if f.name not in _ACCOUNT_FIELDS:
            continue  # before reading the value: f.text formats dates and numbers
        value = f.text.strip()
        if not value:
            continue
        if f.name in ("twitter:site", "twitter:creator") and not _HANDLE.fullmatch(value):
            what, instead = _handle_problem(value)
            advice = f": use {instead!r}" if instead else ""
            yield doc.problem(f"{f.name} {quote(value)} {what}{advice}; X will not credit the account", f)
        elif f.name in ("twitter:site:id", "twitter:creator:id") and not (value.isascii() and value.isdigit()):
            yield doc.problem(f"{f.name} {quote(value)} is not a numeric X user ID; X will not credit the account", f)


# X image limits (RULES.md §1.3): minimum per card type, and the maximum for both.
_MIN_SIZE = {"summary": (144, 144), "summary_large_image": (300, 157)}
_MAX_SIZE = 4096


def _card_image(doc: Document) -> tuple[Field | None, bool]:
    """The image X shows (twitter:image, else og:image) and whether og:image's declared size describes it."""
    twitter, og = doc.first("twitter:image"), doc.first("og:image")
    if twitter and text_of(twitter):
        return twitter, bool(og and _same_url(text_of(og), text_of(twitter)))
    return og, og is not None


def _same_url(a: str, b: str) -> bool:
    return a == b or urls.normalise(a) == urls.normalise(b)


def _declared(doc: Document, name: str) -> int | None:
    f = doc.first(name)
    value = f.value if f else None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is_svg(url: str) -> bool:
    """Whether the URL's path ends in .svg or .svgz. The path is part of the URL: a URL without ".svg" is
    not split (splitting is most of TW007's cost)."""
    if ".svg" not in url.lower():
        return False
    parts = urls.split(url)
    path = parts.path if parts else url
    return path.lower().endswith((".svg", ".svgz"))


@rule("TW007", "twitter-image-spec", Severity.WARNING, fields=["twitter:image", "og:image"])
def twitter_image_spec(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks the card's image against X's limits, as far as the page tells. No SVG (by file extension); and,
    when the page declares the size (`og:image:width`/`height` of the same image), at least 144×144 for
    `summary`, 300×157 for `summary_large_image` and at most 4096×4096. The image is `twitter:image`, else
    `og:image`, which X falls back to. File size and real dimensions need `--online`; aspect ratio is
    IMG004's.

    ## Why is this bad?
    X does not render SVG images, and drops images outside its size limits: the card shows without a
    picture.

    ## Example
    ```yaml
    og:
      image:
        url: https://example.org/card.png
        width: 120
        height: 120
    twitter:
      card: summary
    ```

    ## Use instead
    ```yaml
    og:
      image:
        url: https://example.org/card.png
        width: 600
        height: 600
    twitter:
      card: summary
    ```
    """
    image, sized = _card_image(doc)
    if image is None or not text_of(image):
        return
    if _is_svg(text_of(image)):
        yield doc.problem(f"{image.name} {quote(text_of(image))} is an SVG: X does not support SVG images, "
                          "so the card will have no picture", image)
    width, height = _declared(doc, "og:image:width"), _declared(doc, "og:image:height")
    if not sized or width is None or height is None:
        return
    card = _card(doc)
    kind = text_of(card) if card else "summary"  # X's fallback card
    low = _MIN_SIZE.get(kind)
    where = doc.first("og:image:width")
    if low and (width < low[0] or height < low[1]):
        yield doc.problem(f"the card image is {width}×{height}, below X's {low[0]}×{low[1]} minimum for "
                          f"{kind}: X will show the card without it", where)
    elif width > _MAX_SIZE or height > _MAX_SIZE:
        yield doc.problem(f"the card image is {width}×{height}, over X's {_MAX_SIZE}×{_MAX_SIZE} maximum: X "
                          "will show the card without it", where)


@rule("TW008", "twitter-player", Severity.ERROR, fields=["twitter:card"])
def twitter_player(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    For a `player` card, checks that `twitter:player` is an https URL and that `twitter:player:width`,
    `twitter:player:height` and `twitter:image` are present.

    ## Why is this bad?
    X embeds the player in an iframe of the declared size, over https only, and shows the image until
    the video plays: without any of them the player card is not shown.

    ## Example
    ```yaml
    twitter:
      card: player
      player: http://example.org/embed/42
    ```

    ## Use instead
    ```yaml
    twitter:
      card: player
      player: https://example.org/embed/42
      player:width: 640
      player:height: 360
      image: https://example.org/embed/42.jpg
    ```
    """
    card = _card(doc)
    if card is None or text_of(card) != "player":
        return
    player = doc.first("twitter:player")
    if player and text_of(player) and not text_of(player).lower().startswith("https://"):
        yield doc.problem(f"twitter:player {quote(text_of(player))} is not an https URL: X only embeds players "
                          "served over https", player)
    missing = [n for n in ("twitter:player", "twitter:player:width", "twitter:player:height", "twitter:image")
               if not text_of(doc.first(n))]
    if missing:
        yield doc.problem(f"the player card lacks {', '.join(missing)}: X will not show the player", card)


@rule("TW009", "twitter-og-divergence", Severity.INFO,
      fields=["twitter:title", "twitter:description", "twitter:image"])
def twitter_og_divergence(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports X card texts and images that disagree with their Open Graph counterparts. A `twitter:title` or
    `twitter:description` is reported when it is unrelated to `og:title`/`og:description` (sharing almost
    no words; a shortened or reworded copy is fine), a `twitter:image` when it is another URL than
    `og:image`.

    ## Why is this bad?
    X falls back to `og:*` for anything not set, so `twitter:*` copies exist only to differ on purpose;
    an unrelated one is usually a stale copy left behind when the page was edited.

    ## Example
    ```yaml
    og:
      title: Spring relay raises £12,000 for local charities
    twitter:
      title: Winter open day at the training centre
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay raises £12,000 for local charities
    twitter:
      title: Spring relay raises £12,000
    ```
    """
    for suffix in ("title", "description"):
        tw, og = doc.first(f"twitter:{suffix}"), doc.first(f"og:{suffix}")
        if not (tw and og):
            continue
        tw_text, og_text = text_of(tw), text_of(og)
        if tw_text != og_text and unrelated(tw_text, og_text):  # the same text is never unrelated: not compared
            yield doc.problem(f"twitter:{suffix} {quote(tw_text)} is unrelated to og:{suffix} "
                              f"{quote(og_text)}: X and other platforms will show different texts; one may "
                              "be stale", tw)
    tw, og = doc.first("twitter:image"), doc.first("og:image")
    if tw and og and text_of(tw) and text_of(og) and not _same_url(text_of(tw), text_of(og)):
        yield doc.problem(f"twitter:image {quote(text_of(tw))} differs from og:image {quote(text_of(og))}: X "
                          "shows another picture than other platforms (fine for a deliberate crop)", tw)

"""ART001–ART008 and TXT009: article dates that are missing, out of order, in the future or expired, that
disagree with the date in the URL or the front matter, and a description that is not the body's opening."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator, Mapping

from oglint import dates
from oglint.entities import decode_text
from oglint.model import Document, Field, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import quote

TIME_PROPERTIES = frozenset({"article:published_time", "article:modified_time", "article:expiration_time",
                             "book:release_date", "music:release_date", "video:release_date", "payment:expires_at"})
# Path segments that mark a dated page as a news or blog article.
ARTICLE_SECTIONS = frozenset({"news", "blog", "blogs", "post", "posts", "article", "articles", "press",
                              "stories", "story"})


def _moment(doc: Document, name: str) -> tuple[Field, dates.Moment] | None:
    f = doc.first(name)
    moment = dates.parse(f.value) if f else None
    return (f, moment) if f and moment else None


def _is_article(doc: Document) -> bool:
    return doc.value("og:type").lower() == "article"


def _shown(f: Field) -> str:
    return quote(f.raw.strip() or f.text)


@rule("ART001", "article-no-published", Severity.INFO, fields=["og:type"])
def article_no_published(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:type` of `article` without `article:published_time`.

    ## Why is this bad?
    The publication time is what makes an article an article to consumers: Facebook and LinkedIn show
    it, Pinterest's rich pins need it. Jekyll's and Hugo's templates always emit it for posts.

    ## Example
    ```yaml
    og:
      type: article
      title: Spring relay raises money for charity
    ```

    ## Use instead
    ```yaml
    og:
      type: article
      title: Spring relay raises money for charity
    article:
      published_time: 2021-03-12T09:15:00Z
    ```
    """
    if _is_article(doc) and doc.first("article:published_time") is None:
        yield doc.problem("og:type is article but article:published_time is missing: consumers cannot show "
                          "when it was published", doc.first("og:type"))


@rule("ART002", "article-date-order", Severity.ERROR, fields=["article:published_time"])
def article_date_order(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `article:modified_time` is not before `article:published_time`, and that
    `article:expiration_time` is after it.

    ## Why is this bad?
    ogp.me defines them as when the article was first published, last changed and goes out of date: a
    change before publication or an expiry before publication means one of the dates is wrong (a swapped
    day and month, a copied template), and consumers hide or mis-sort the article.

    ## Example
    ```yaml
    article:
      published_time: 2024-05-14T09:30:00Z
      modified_time: 2024-04-20T11:00:00Z
    ```

    ## Use instead
    ```yaml
    article:
      published_time: 2024-05-14T09:30:00Z
      modified_time: 2024-05-20T11:00:00Z
    ```
    """
    published = _moment(doc, "article:published_time")
    if not published:
        return
    for name, allowed, relation in (("article:modified_time", (0, 1), "before"),
                                    ("article:expiration_time", (1,), "at or before")):
        later = _moment(doc, name)
        if later and (order := dates.compare(later[1], published[1])) is not None and order not in allowed:
            yield doc.problem(f"{name} {_shown(later[0])} is {relation} article:published_time "
                              f"{_shown(published[0])}: one of the dates is wrong", later[0])


@rule("ART003", "article-date-future", Severity.WARNING, options={"now": None})
def article_date_future(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `article:published_time` in the future. The option `now` (an ISO 8601 date-time) replaces
    the current time, for reproducible runs.

    ## Why is this bad?
    A publication time in the future is usually a typo in the year or a scheduled post published early:
    feeds sort it above everything else, and Jekyll and Hugo skip future-dated posts unless told otherwise.

    ## Example
    ```yaml
    article:
      published_time: 2094-05-14T09:30:00Z
    ```

    ## Use instead
    ```yaml
    article:
      published_time: 2024-05-14T09:30:00Z
    ```
    """
    found = _moment(doc, "article:published_time")
    now = dates.now_from(options["now"])
    if found and dates.is_future(found[1], now):
        yield doc.problem(f"article:published_time {_shown(found[0])} is in the future (now is "
                          f"{now:%Y-%m-%d %H:%M} UTC): feeds will sort it first, generators may skip it", found[0])


@rule("ART004", "datetime-no-offset", Severity.INFO, fixable=True, fields=TIME_PROPERTIES)
def datetime_no_offset(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a date-time with a time of day but without `Z` or a UTC offset (`+02:00`) in the article,
    release and expiry properties. A generator's own date keys (`date`, mapped by a preset) are left
    alone: Jekyll and Hugo read them in the site's time zone and write the offset themselves.

    ## Why is this bad?
    Without an offset the time means a different instant in every time zone: consumers read it as UTC or
    as their own local time, so the post can appear hours off or on the wrong day. A bare date is fine.

    ## Example
    ```yaml
    article:
      published_time: 2024-05-14T09:30:00
    ```

    ## Use instead
    ```yaml
    article:
      published_time: 2024-05-14T09:30:00+02:00
    ```
    """
    for f in doc.fields:
        if f.name not in TIME_PROPERTIES:  # first: a page holds many fields, few of them times
            continue
        written = f.key.startswith(f.name.split(":")[0])  # the property itself, not a preset's date key
        if written and dates.has_naive_time(f.value):
            yield doc.problem(f"{f.name} {_shown(f)} has a time but no offset: consumers will read it as UTC or "
                              "as their own local time; add Z or +hh:mm", f)


@rule("ART005", "fm-date-vs-og", Severity.WARNING, fields=["article:published_time", "article:modified_time"])
def fm_date_vs_og(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the front matter's `date` and `lastmod` (or `last_modified_at`) agree with
    `article:published_time` and `article:modified_time`, at the precision both give.

    ## Why is this bad?
    Generators write the page's dates from `date`/`lastmod`; a hand-written `article:*` copy that has
    drifted tells crawlers another publication date than the one on the page and in the feed.

    ## Example
    ```yaml
    date: 2024-05-14
    article:
      published_time: 2024-05-04T09:30:00Z
    ```

    ## Use instead
    ```yaml
    date: 2024-05-14
    article:
      published_time: 2024-05-14T09:30:00Z
    ```
    """
    pairs = (("date", "article:published_time"), ("lastmod", "article:modified_time"),
             ("last_modified_at", "article:modified_time"))
    for source, target in pairs:
        a, b = _moment(doc, source), _moment(doc, target)
        # Only a hand-written article:* copy can drift; one a preset maps from the generator's own date key
        # (Hugo's publishDate) is what the generator will write.
        if a and b and b[0].key.startswith("article") and not dates.same_time(a[1], b[1]):
            yield doc.problem(f"{target} {_shown(b[0])} disagrees with the front matter's {source} "
                              f"{_shown(a[0])}: the page and its share card give different dates", b[0])


@rule("ART006", "article-expired", Severity.INFO, options={"now": None})
def article_expired(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `article:expiration_time` in the past. The option `now` (an ISO 8601 date-time) replaces
    the current time, for reproducible runs.

    ## Why is this bad?
    ogp.me says the article is out of date after that time; consumers may hide it or mark it stale. A
    page still published past its expiry either needs a new date or no expiry at all.

    ## Example
    ```yaml
    article:
      published_time: 2020-01-10T09:00:00Z
      expiration_time: 2020-02-01T00:00:00Z
    ```

    ## Use instead
    ```yaml
    article:
      published_time: 2020-01-10T09:00:00Z
    ```
    """
    found = _moment(doc, "article:expiration_time")
    now = dates.now_from(options["now"])
    if found and dates.is_past(found[1], now):
        yield doc.problem(f"article:expiration_time {_shown(found[0])} has passed (now is {now:%Y-%m-%d %H:%M} "
                          "UTC): consumers may treat the article as out of date", found[0])


# Where the page's own address is written, in order of preference.
PAGE_URLS = ("og:url", "url", "canonical")


def _page_url(doc: Document) -> Field | None:
    for name in PAGE_URLS:
        f = doc.first(name)
        if f and isinstance(f.value, str) and f.value.strip():
            return f
    return None


def _locale(doc: Document) -> str:
    return doc.value("og:locale") or doc.value("lang")


def _document_date(doc: Document) -> tuple[str, tuple[date, ...], bool] | None:
    """(what it is, the days it can mean, whether it has a time of day) for the document's own date:
    article:published_time, else the front matter's date, else the body's date line."""
    for name in ("article:published_time", "date"):
        found = _moment(doc, name)
        if found:
            return f"{name} {_shown(found[0])}", (found[1].day,), found[1].has_time
    if not doc.body:
        return None
    line = dates.body_date(doc.body, _locale(doc))
    if line is None:
        return None
    return f"the body's date line {quote(line.text)}", line.readings, line.has_time


def _days_outside(day: date, first: date, last: date) -> int:
    """How many days `day` lies before `first` or after `last` (0 within)."""
    return max((first - day).days, (day - last).days, 0)


def _url_problem(doc: Document, f: Field, found: dates.UrlDate, message: str) -> Problem:
    written = f.text[found.start:found.end]
    at = f.raw.find(written) if written else -1
    return doc.problem_in(f, at, at + len(written), message) if at >= 0 else doc.problem(message, f)


@rule("ART007", "url-date-mismatch", Severity.WARNING, fields=PAGE_URLS)
def url_date_mismatch(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Compares a date in the page's URL path (`/2020/february/`, `/2020/02/`, `/2020-02-07-slug`) with the
    document's date: `article:published_time`, else the front matter's `date`, else a date line at the top
    of the body (`07:30 07/02/2020`). A numeric body date is read day first or month first as the
    `og:locale` territory writes dates (en_GB: 07/02 is 7 February; en_US: July 2); when the order is
    unknown, only a date that disagrees under both readings is reported. A day either side is allowed for
    dates with a time, which time zones can shift.

    ## Why is this bad?
    The URL is generated from the date the page had when it was first published; when they disagree, one
    was edited after the fact (a re-dated story, a copied page), and the share card and archive pages tell
    readers different dates.

    ## Example
    ```yaml
    og:
      url: https://example.org/news/2020/march/relay/
    article:
      published_time: 2020-02-07T07:30:00Z
    ```

    ## Use instead
    ```yaml
    og:
      url: https://example.org/news/2020/february/relay/
    article:
      published_time: 2020-02-07T07:30:00Z
    ```
    """
    url = _page_url(doc)
    found = dates.url_date(url.text) if url else None
    own = _document_date(doc) if found else None
    if not (url and found and own):
        return
    what, readings, has_time = own
    first, last = found.span_days()
    slack = 1 if has_time else 0
    if all(_days_outside(d, first, last) > slack for d in readings):
        shown = " or ".join(f"{d:%d %B %Y}".lstrip("0") for d in readings)
        yield _url_problem(doc, url, found, f"the URL's date ({found}) disagrees with {what} ({shown}): one of "
                           "them was changed after publication")


def _article_signal(doc: Document) -> str:
    """Why the page looks like an article, or ''."""
    props = next((f.name for f in doc.fields if f.name.startswith("article:")), None)
    if props:
        return f"it has {props}"
    if doc.first("date") is not None:
        return "it has a publication date"
    url = _page_url(doc)
    found = dates.url_date(url.text) if url else None
    if url and found:
        segments = {s.lower() for s in re.split(r"[/?#]", url.text[:found.start])}
        section = min(segments & ARTICLE_SECTIONS, default=None)
        if section:
            return f"its URL is a dated /{section}/ path"
    return ""


@rule("ART008", "article-typed-as-website", Severity.INFO, fields=["og:type"])
def article_typed_as_website(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports `og:type` `website` on a page that looks like an article: it has `article:*` properties, a
    publication `date`, or a dated `/news/` or `/blog/` URL.

    ## Why is this bad?
    As a `website` the page loses its article properties: consumers show no publication date or author,
    and Pinterest's rich pins need `article`.

    ## Example
    ```yaml
    og:
      type: website
      url: https://example.org/news/2020/february/relay/
    ```

    ## Use instead
    ```yaml
    og:
      type: article
      url: https://example.org/news/2020/february/relay/
    ```
    """
    f = doc.first("og:type")
    if f and f.text.strip().lower() == "website" and (why := _article_signal(doc)):
        yield doc.problem(f"og:type is website but the page looks like an article ({why}): consumers will show "
                          "it without article details", f)


# Typographic variants a description and its body often disagree on without meaning to.
_FOLD = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
         "\u00a0": " ", "*": "", "_": "", "`": ""}
# Lines before the first paragraph: headings, images, comments, shortcodes and template tags, blank lines.
_SKIPPED_LINE = re.compile(r"\s*(#{1,6}\s.*|!\[[^\]]*\]\([^)]*\)|<!--.*?-->|\{\{.*\}\}|\{%.*%\}|)\s*")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _link_text(m: re.Match[str]) -> str:
    return m.group(1)  # what the template r"\1" gives, without re's template expansion (twice the cost)


def _fold(text: str) -> str:
    """Text as a reader sees it: entities decoded, links and tags reduced to their text, typography folded."""
    # Each step is skipped when the character it starts from is absent: most texts have no entity, link or tag.
    if "&" in text:
        text = decode_text(text)
    if "[" in text:
        text = _LINK.sub(_link_text, text)
    if "<" in text:
        text = _TAG.sub("", text)
    # One str.replace per variant present (no replacement is itself a variant, so the order does not matter):
    # faster than a regex or str.translate with a dict, which make a call per character or per match.
    for variant, plain in _FOLD.items():
        if variant in text:
            text = text.replace(variant, plain)
    return " ".join(text.split()).casefold()


_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")  # a description cut short: compared without it
_INDENT = re.compile(r"[^\S\r\n]*")  # white space within a line (the \s* a _SKIPPED_LINE starts with)
_TEXT = re.compile(r"\S")  # re's \s is the same Unicode set as str.isspace()


def _line_end(text: str, at: int) -> int:
    """Where the line from `at` ends, past its line break (CR LF, CR or LF). Two bounded str.find calls: a
    regex for the line spent more time on its characters than the rest of the search for the opening."""
    lf = text.find("\n", at)
    stop = len(text) if lf < 0 else lf
    cr = text.find("\r", at, stop)
    if cr >= 0:
        return cr + 2 if text.startswith("\r\n", cr) else cr + 1
    return stop if lf < 0 else lf + 1


def _opening_at(doc: Document) -> int:
    """Where the body text starts from its first paragraph on (a leading date line, headings and images
    skipped), as an offset into the body: slicing off a copy of a long body cost more than the rest of the
    rule, so the helpers below read the body from this offset instead."""
    body = doc.body
    line = dates.body_date(body, _locale(doc))
    at = line.end if line else 0
    while True:
        # A skipped line starts with '#', '!', '<' or '{' after its indent, or is blank: any other start is
        # the first paragraph, found without matching its whole (often long) line.
        first = _INDENT.match(body, at).end()
        if first < len(body) and body[first] not in "#!<{\r\n":
            return at
        end = _line_end(body, at)
        if not _SKIPPED_LINE.fullmatch(body, at, end) or end >= len(body):
            return at
        at = end


def _collapsed_start(text: str, at: int, limit: int = 60) -> str:
    """The first `limit` characters of text[at:] with its white space collapsed, collapsing only a prefix: the
    collapsed prefix of a text is a prefix of the collapsed text, so the body is not split whole."""
    size = 4 * limit
    while True:
        shown = " ".join(text[at:at + size].split())
        if len(shown) >= limit or at + size >= len(text):
            return shown[:limit]
        size *= 4


def _opens_with(text: str, at: int, wanted: str) -> bool:
    """Whether the folded text[at:] starts with `wanted`, folding only as much of the body as it takes."""
    size = 2 * len(wanted) + 400
    while True:
        folded = _fold(text[at:at + size])
        if len(folded) > len(wanted) or at + size >= len(text):
            return folded.startswith(wanted)
        size *= 4


def _plain_start(text: str, at: int = 0, limit: int = 64) -> str:
    """_fold of at most `limit` characters of text[at:], stopped before any '&', '[' or '<'. Without those,
    _fold only maps single characters (typography, case) and collapses white space, so what it makes of
    this stretch is a prefix of what it makes of any longer stretch from `at`: an entity, link or tag can
    only change the text from its own first character on."""
    chunk = text[at:at + limit]
    for start in "&[<":
        cut = chunk.find(start)
        if cut >= 0:
            chunk = chunk[:cut]
    return _fold(chunk)


@rule("TXT009", "description-not-in-body", Severity.INFO, inputs="F", fields=["og:description"])
def description_not_in_body(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that `og:description` is the opening of the body text (entities decoded, a trailing `...` or `…`
    ignored, white space, typographic quotes and Markdown emphasis not counted). A date line, headings and
    images at the top of the body are skipped.

    ## Why is this bad?
    On pages whose description is their first paragraph (news and press releases), a description that no
    longer matches it was copied from another page or left behind when the text was rewritten.

    ## Example
    ```yaml
    og:
      description: "Officers raised £12,000 for charity during the winter swim."
    ---
    Officers and staff raised £12,000 for local charities during the spring relay.
    ```

    ## Use instead
    ```yaml
    og:
      description: "Officers and staff raised £12,000 for local charities…"
    ---
    Officers and staff raised £12,000 for local charities during the spring relay.
    ```
    """
    f = doc.first("og:description")
    if f is None or not isinstance(f.value, str):
        return
    # _ELLIPSIS is tried at every position of the value: only worth it when there is an ellipsis to cut
    cut = f.value if "..." not in f.value and "…" not in f.value else _ELLIPSIS.sub("", f.value)
    body, at = doc.body, _opening_at(doc)
    if _TEXT.search(body, at) is None:  # no text from the opening on (without copying it to strip it)
        return
    # Most stale descriptions differ from the body within their first words: folding those proves it (each
    # is a prefix of its whole folded text, see _plain_start) without folding the description and some
    # 900 characters of the body.
    head, lead = _plain_start(body, at), _plain_start(cut)
    common = min(len(head), len(lead))
    if head[:common] == lead[:common]:
        wanted = _fold(cut)
        if not wanted or _opens_with(body, at, wanted):
            return
    yield doc.problem(f"og:description {quote(f.value.strip())} is not how the body starts "
                      f"({quote(_collapsed_start(body, at))}): a stale or copied description", f)

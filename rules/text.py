"""TXT: the page's texts as people will read them — length, white space, leftover markup, placeholders, and
titles that agree with each other (RULES.md sections E and K)."""

from __future__ import annotations

import re
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping

from oglint.model import Document, Field, Problem, Severity
from oglint.registry import corpus_rule, rule
from oglint.rulekit import quote
from oglint.textkit import (
    SEPARATORS, TEXT_FIELDS, head_field, head_fields, problem_at, split_site_prefix, split_site_suffix, text_of,
)


_HEAD = frozenset({"title", "description"})


def _texts(doc: Document, names: Iterable[str]) -> list[Field]:
    """The document's non-empty text fields among `names` (empty ones are OG006's and SEO003's); `title` and
    `description` only as search engines read them (see head_fields). Grouped by name, in document order
    within a name. A preset's fallback copy (`og:title` read from `title`) is the same text at the same place:
    it comes once, under the name written."""
    wanted = names if isinstance(names, frozenset) else frozenset(names)
    index = doc.by_name()  # the per-document index: no scan of every field per rule
    # Names in the index's order; a single name is looked up rather than searched for among the document's
    # (often twenty or more) names.
    present = [n for n in index if n in wanted] if len(wanted) > 1 else [n for n in wanted if n in index]
    found: list[Field] = []
    starts: set[int] = set()
    for name in present:
        for f in head_fields(doc, name) if name in _HEAD else index[name]:
            value = f.value
            # `not isspace()`: whether the value holds any text, without stripping a copy of it
            if isinstance(value, str) and value and not value.isspace() and f.start not in starts:
                found.append(f)
                starts.add(f.start)
    return found


def _text_fields(doc: Document) -> list[Field]:
    """_texts of TEXT_FIELDS, worked out once per document (four rules ask; callers must not change it)."""
    return _texts(doc, TEXT_FIELDS)


def _too_long(doc: Document, f: Field, limit: int, consequence: str) -> Iterator[Problem]:
    """A problem at the characters past `limit`, when the stripped value is longer than that."""
    text = f.value.strip()
    if len(text) > limit:
        lead = len(f.value) - len(f.value.lstrip())
        yield problem_at(doc, f, lead + limit, lead + len(text),
                         f"{f.name} is {len(text)} characters, over {limit}: {consequence}")


@rule("TXT001", "title-length", Severity.WARNING, options={"max_length": 70}, fields=["og:title"])
def title_length(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:title` longer than share cards show. The limit is `max_length` characters (70, X's limit
    and html-validate's), counted after stripping surrounding white space; the finding points at the part
    past it. `twitter:title` is TW005's, the page's `<title>` SEO002's.

    ## Why is this bad?
    Share cards show one or two lines of title: a long one is cut off with "…", usually right where the
    point of the headline was.

    ## Example
    ```yaml
    og:
      title: "Everything we learned in ten years of running a small open source project with volunteers"
    ```

    ## Use instead
    ```yaml
    og:
      title: "Ten years of running a volunteer open source project"
    ```
    """
    for f in _texts(doc, ("og:title",)):
        yield from _too_long(doc, f, options["max_length"], "share cards will cut it off")


@rule("TXT002", "description-length", Severity.WARNING,
      options={"og_max_length": 300, "description_max_length": 160}, fields=["og:description", "description"])
def description_length(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports descriptions longer than share cards and search results show. Limits: `og_max_length` (300)
    for `og:description`, `description_max_length` (160) for the meta description (the `description` key in
    front matter), counted after stripping; the finding points at the part past the limit.
    `twitter:description` (200) is TW005's.

    ## Why is this bad?
    Share cards show two to four lines and search results about 155–160 characters: the rest is cut, and
    what readers see ends mid-sentence.

    ## Example
    ```yaml
    description: >-
      Our guide to waterproof walking boots: what we tested over a whole winter on muddy
      footpaths, which pairs stayed dry, which leaked at the seams, and which we would buy again.
    ```

    ## Use instead
    ```yaml
    description: "Waterproof walking boots tested over a muddy winter: which stayed dry, which leaked."
    ```
    """
    limits = {"og:description": (options["og_max_length"], "share cards will cut it off"),
              "description": (options["description_max_length"], "search results will cut it off")}
    for f in _texts(doc, limits):
        limit, consequence = limits[f.name]
        yield from _too_long(doc, f, limit, consequence)


_DESCRIPTIONS = frozenset({"og:description", "twitter:description", "description"})


@rule("TXT003", "description-too-short", Severity.INFO, options={"min_length": 50},
      fields=["og:description", "twitter:description", "description"])
def description_too_short(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:description`, `twitter:description` or meta description shorter than `min_length`
    characters (50 by default) after stripping. Empty ones are left to OG006 and SEO003.

    ## Why is this bad?
    A few words do not tell readers what the page is about; search engines tend to replace a description
    that short with a snippet of their own choosing.

    ## Example
    ```yaml
    og:
      description: Read more.
    ```

    ## Use instead
    ```yaml
    og:
      description: What we changed in our CI pipeline, and the six minutes it saved on every build.
    ```
    """
    for f in _texts(doc, _DESCRIPTIONS):
        text = f.value.strip()
        if len(text) < options["min_length"]:
            consequence = ("search engines may show their own snippet" if f.name == "description" else
                           "the share card says next to nothing")
            yield doc.problem(f"{f.name} is only {len(text)} characters ({quote(text)}): too short to tell "
                              f"readers what the page is about; {consequence}", f)


def _branding(title: str, site: str) -> tuple[int, int] | None:
    """(start, end) in `title` of a " | site" / "site - " branding, compared case-insensitively."""
    low, name = title.lower(), site.lower()
    if len(low) != len(title):  # lower() changed the length: offsets would not match
        return None
    if name not in low:  # both patterns hold the name: most titles are settled without building them
        return None
    suffix = re.search(rf"\s*[{re.escape(SEPARATORS)}]\s*{re.escape(name)}\s*$", low)
    if suffix and suffix.start() > 0:
        return suffix.start(), len(title)
    prefix = re.match(rf"\s*{re.escape(name)}\s*[{re.escape(SEPARATORS)}]\s*(?=\S)", low)
    return (0, prefix.end()) if prefix else None


@rule("TXT004", "og-title-branding", Severity.INFO, fields=["og:site_name"])
def og_title_branding(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports an `og:title` that carries the site name as branding (`Post | Site`, `Site - Post`) when
    `og:site_name` already names the site.

    ## Why is this bad?
    Facebook asks for `og:title` "without any branding such as your site name": cards show `og:site_name`
    separately, so the name appears twice and the headline loses room.

    ## Example
    ```yaml
    og:
      title: Spring relay raises £12,000 | Example Constabulary
      site_name: Example Constabulary
    ```

    ## Use instead
    ```yaml
    og:
      title: Spring relay raises £12,000
      site_name: Example Constabulary
    ```
    """
    site = text_of(doc.first("og:site_name"))
    if not site:
        return
    for f in _texts(doc, ("og:title",)):
        found = _branding(f.value, site)
        if found:
            yield problem_at(doc, f, *found, f"og:title carries the site name {quote(site)} as branding: cards "
                             "already show og:site_name, so readers will see it twice")


# Characters that break a line or tab a text, and horizontal white space (a run of two or more is reported).
_BREAKS = re.compile(r"[\n\r\t\v\f\x85\u2028\u2029]+")
_RUN = re.compile(r"[^\S\n\r\t\v\f\x85\u2028\u2029]{2,}")
_SPACE_NAMES = {" ": "space", "\xa0": "no-break space", "\n": "line feed", "\r": "carriage return", "\t": "tab"}


def _describe(chars: str) -> str:
    names = [_SPACE_NAMES.get(c, f"U+{ord(c):04X}") for c in chars]
    if len(set(names)) > 1:
        return ", ".join(dict.fromkeys(names))
    return f"{len(names)} × {names[0]}" if len(names) > 1 else f"a {names[0]}"


def _single_spaced(value: str) -> bool:
    """Whether words are separated by single spaces and nothing else, so _whitespace finds nothing: white
    space at either end, a break or tab, a run of two — splitting and joining with single spaces changes
    each of them. Most values are single-spaced, and this test is several times cheaper than the searches."""
    if value.isprintable():
        # Every white-space character but ' ' is a control or a separator, which isprintable() rejects: the
        # only white space left is ' ', so three substring tests decide without splitting the value.
        return "  " not in value and value[:1] != " " and value[-1:] != " "
    return " ".join(value.split()) == value


def _whitespace(value: str, block_scalar: bool) -> Iterator[tuple[int, int, str]]:
    """(start, end, what) for each kind of white-space problem in a value, at its first occurrence."""
    text = value.strip()
    lead = len(value) - len(value.lstrip())
    trail = len(value) - len(value.rstrip())
    if lead:
        yield 0, lead, f"starts with white space ({_describe(value[:lead])})"
    # A YAML block scalar (`>`/`|`) ends with one line feed by design; templates and crawlers strip it.
    if trail and not (block_scalar and value[-trail:] == "\n"):
        yield len(value) - trail, len(value), f"ends with white space ({_describe(value[-trail:])})"
    for pattern, what in ((_BREAKS, "a line break or tab"), (_RUN, "a run of white space")):
        found = list(pattern.finditer(text))
        if found:
            first = found[0]
            more = f", in {len(found)} places" if len(found) > 1 else ""
            yield first.start() + lead, first.end() + lead, f"holds {what} ({_describe(first.group())}){more}"


@rule("TXT005", "whitespace", Severity.WARNING, fixable=True, fields=TEXT_FIELDS)
def whitespace(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports stray white space in titles, descriptions, site names and alt texts. That is leading or
    trailing white space, line breaks and tabs inside the text, and runs of two or more spaces or no-break
    spaces; the finding points at the characters themselves. An HTML `<title>` is skipped (browsers collapse its white space), and so is
    the final line feed of a YAML `>`/`|` block.

    ## Why is this bad?
    Meta values reach share cards and snippets as written: a line break or a double space shows as a gap or
    a broken line, and leading spaces push the text out of line with the card.

    ## Example
    ```yaml
    og:
      title: "Spring relay  raises £12,000 "
    ```

    ## Use instead
    ```yaml
    og:
      title: "Spring relay raises £12,000"
    ```
    """
    for f in doc.derived(_text_fields):
        if (doc.is_html and f.name == "title") or _single_spaced(f.value):
            continue
        for start, end, what in _whitespace(f.value, not doc.is_html and f.raw[:1] in ("|", ">")):
            yield problem_at(doc, f, start, end, f"{f.name} {what}: it reaches share cards and snippets as is")


# Formatting tags that leak from a rich-text editor or a template. A bare opening tag counts only when it is
# closed later, has attributes or is a <br>, so a title about HTML ("The <details> element") is not reported.
_TAGS = "a|abbr|b|br|div|em|font|h[1-6]|i|li|mark|p|small|span|strong|sub|sup|u|ul"
_TAG = re.compile(rf"<(/?)({_TAGS})(\s[^<>]*)?/?>", re.I)
_ESCAPED_TAG = re.compile(rf"&lt;/?(?:{_TAGS})(?:\s[^<>&]*)?/?&gt;", re.I)


def _markup(value: str) -> re.Match[str] | None:
    """The first leaked tag in a value: a closing tag, a <br>, a tag with attributes or one closed later."""
    # Each pattern starts with a character most values lack ('<', '&'): the test spares the search.
    for m in _TAG.finditer(value) if "<" in value else ():
        closing, name, attributes = m.group(1), m.group(2).lower(), (m.group(3) or "").strip()
        if closing or name == "br" or attributes or re.search(rf"</{name}\s*>", value[m.end():], re.I):
            return m
    return _ESCAPED_TAG.search(value) if "&" in value else None


@rule("TXT006", "markup-in-text", Severity.WARNING, fields=TEXT_FIELDS)
def markup_in_text(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports HTML formatting tags (`<b>…</b>`, `<br>`, `<span class="x">`) and escaped tags (`&lt;em&gt;`)
    in titles, descriptions and alt texts. A bare opening tag without attributes is not reported, so a
    title that talks about an element ("The <details> element") is fine.

    ## Why is this bad?
    Meta values are plain text: consumers show the tags literally (`Our <b>new</b> range`), because the
    value is escaped when it is written into the page.

    ## Example
    ```yaml
    og:
      description: "Our <strong>new</strong> winter range is here."
    ```

    ## Use instead
    ```yaml
    og:
      description: "Our new winter range is here."
    ```
    """
    for f in doc.derived(_text_fields):
        m = _markup(f.value)
        if m:
            yield problem_at(doc, f, m.start(), m.end(), f"{f.name} holds the markup {quote(m.group())}: it is "
                             "plain text, so readers will see the tag itself")


# Each pattern with a substring every match holds: most values lack it, which spares the search.
_MARKDOWN = (
    (re.compile(r"\*\*[^*\s][^*]*\*\*"), "bold", "**"),
    (re.compile(r"`[^`\n]+`"), "code", "`"),
    (re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"), "link", "]("),
)


@rule("TXT007", "markdown-in-text", Severity.INFO, inputs="F", fields=TEXT_FIELDS)
def markdown_in_text(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports Markdown in front-matter titles and descriptions: `**bold**`, `` `code` `` and
    `[links](https://…)`. Underscores are left alone: `__init__` is far more often a name than bold.

    ## Why is this bad?
    Unless the template renders the value as Markdown and strips the HTML again (jekyll-seo-tag does, most
    do not), the asterisks, backticks and brackets reach share cards and search results as they are.

    ## Example
    ```yaml
    title: "Speeding up **every** build"
    ```

    ## Use instead
    ```yaml
    title: "Speeding up every build"
    ```
    """
    for f in doc.derived(_text_fields):
        value = f.value
        found = [(m, what) for pattern, what, part in _MARKDOWN if part in value and (m := pattern.search(value))]
        if found:
            m, what = min(found, key=lambda item: item[0].start())
            yield problem_at(doc, f, m.start(), m.end(), f"{f.name} holds Markdown {what} {quote(m.group())}: "
                             "unless the template renders it, readers will see the markup")


# Whole values that are a placeholder (compared lower-cased, trailing punctuation ignored).
_PLACEHOLDERS = frozenset({
    "untitled", "untitled document", "untitled page", "new page", "home", "home page", "homepage", "todo",
    "tbd", "tbc", "fixme", "xxx", "placeholder", "title", "page title", "your title here", "description",
    "page description", "your description here", "test",
})
# Each pattern comes with a cheap test that every text it matches passes, given the value and its lower-cased
# key (see _placeholder): most values fail it, which spares the search (the regex engine tries every position
# of a value; `in` is a fast substring scan). Under re.I only 'p', 's', 'ſ', 'u', 'm' and their capitals match
# "psum", which lower() makes "psum" or "pſum"; stripping the key's ends never removes letters.
_PLACEHOLDER_PARTS: tuple[tuple[re.Pattern[str], str, Callable[[str, str], bool]], ...] = (
    (re.compile(r"\blorem ipsum\b", re.I), "lorem ipsum filler", lambda v, key: "psum" in key or "pſum" in key),
    # The key starts with the value's first character that is not white space, lower-cased
    (re.compile(r"^\s*(?:TODO|FIXME|TBD)\b"), "a to-do note", lambda v, key: key[:1] in ("t", "f")),
    (re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|<%.*?%>", re.S), "an unrendered template expression",
     lambda v, key: "{" in v or "<%" in v),
    (re.compile(r"(?<![\w%])%[sd](?!\w)"), "an unfilled format placeholder", lambda v, key: "%" in v),
)


def _placeholder(value: str) -> tuple[int, int, str] | None:
    key = value.strip().rstrip(".!:;…").strip().lower()
    if key in _PLACEHOLDERS:
        lead = len(value) - len(value.lstrip())
        return lead, lead + len(value.strip()), "a placeholder"
    for pattern, what, may_match in _PLACEHOLDER_PARTS:
        m = pattern.search(value) if may_match(value, key) else None
        if m:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            return start, m.end(), what
    return None


@rule("TXT008", "placeholder-text", Severity.WARNING, fields=TEXT_FIELDS)
def placeholder_text(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports titles, descriptions, site names and alt texts that are a placeholder. That is a whole value
    like "Untitled", "Home", "TODO", "Page title", lorem ipsum filler, a leading TODO/FIXME note, or a
    template expression that was never rendered (`{{ page.title }}`, `{% … %}`, `${title}`, `<%= … %>`,
    `%s`).

    ## Why is this bad?
    Search engines and share cards show the placeholder as the page's name; Google's title guidance names
    vague titles like "Home" as ones it replaces. An unrendered expression means the template never ran.

    ## Example
    ```yaml
    og:
      title: "{{ page.title }}"
    ```

    ## Use instead
    ```yaml
    og:
      title: "Walking boots for wet weather"
    ```
    """
    for f in doc.derived(_text_fields):
        found = _placeholder(f.value)
        if found:
            start, end, what = found
            text = f.value[start:end]
            yield problem_at(doc, f, start, end, f"{f.name} is {what} ({quote(text)}): readers will see it as "
                             "the page's name or summary")


def _fold(text: str) -> str:
    """Lower-case with collapsed white space, keeping the length of every character (so offsets still map)."""
    collapsed = " ".join(text.split())
    low = collapsed.lower()
    if len(low) == len(collapsed):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in collapsed)


def _title_difference(title: str, og_title: str) -> tuple[int, int] | None:
    """None when `title` is og:title, alone or with a site name before/after a separator; else the (start,
    end) in the folded title of the part that differs."""
    if title == og_title:  # most pages: the same text folds the same
        return None
    t, o = _fold(title), _fold(og_title)
    if t == o or any(split(a, b) is not None for split in (split_site_suffix, split_site_prefix)
                     for a, b in ((t, o), (o, t))):
        return None  # the same headline; a site name in og:title instead is TXT004's concern
    # Compare og:title with the title's page part: the title without a trailing " | Site".
    cut = max(t.rfind(f" {sep} ") for sep in SEPARATORS)
    page = t[:cut] if cut > 0 else t
    same = 0
    while same < min(len(page), len(o)) and page[same] == o[same]:
        same += 1
    tail = 0
    while tail < min(len(page), len(o)) - same and page[-1 - tail] == o[-1 - tail]:
        tail += 1
    start, end = same, min(max(len(page) - tail, same + 1), len(t))
    while start > 0 and t[start - 1].isalnum():  # widen to whole words: "force's", not "'"
        start -= 1
    while end < len(t) and t[end].isalnum():
        end += 1
    return start, end


@rule("TXT010", "title-suffix-inconsistent", Severity.WARNING, fields=["og:title"])
def title_suffix_inconsistent(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Checks that the page title (`title` in front matter, `<title>` in HTML) tells the same headline as
    `og:title`. It must be `og:title`, or `og:title` with a site name after (or before) a separator — `|`,
    `-`, `–`, `—`, `·`, `:`, `•`, `*`, `⋆`, `~`, `«`, `»`, `<` or `>` (Yoast SEO's choices). Case and
    white-space differences do not count, nor a site name carried by `og:title` instead (that is TXT004's).
    It reports the part of the title that differs.

    ## Why is this bad?
    Search results show the title, share cards `og:title`. When one was edited and the other not, the
    same page goes around under two headlines, one of them stale.

    ## Example
    ```yaml
    title: "HMICFRS report published on the force's performance | Derbyshire Constabulary"
    og:
      title: "HMICFRS report published on the forces performance"
    ```

    ## Use instead
    ```yaml
    title: "HMICFRS report published on the forces performance | Derbyshire Constabulary"
    og:
      title: "HMICFRS report published on the forces performance"
    ```
    """
    title, og_title = head_field(doc, "title"), doc.first("og:title")
    if not (title and og_title and text_of(title) and text_of(og_title)):
        return
    found = _title_difference(title.text, og_title.text)
    if found is None:
        return
    folded = " ".join(title.text.split())
    part = folded[found[0]:found[1]]
    message = (f"title differs from og:title at {quote(part)}: {quote(title.text.strip())} vs "
               f"{quote(og_title.text.strip())}; search results and share cards will show different headlines")
    # Offsets are in the white-space-collapsed title: exact in the value only when nothing was collapsed.
    if isinstance(title.value, str) and title.value == folded:
        yield problem_at(doc, title, *found, message)
    else:
        yield doc.problem(message, title)


# What TXT011 learns from one document, in its fact's message (all a cached result keeps of a Problem):
# "+" or "-" for whether it has og:site_name, the site name its title carries ("" for none: a folded
# title holds no line break), a line break, and the title.
_HAS_SITE_NAME, _NO_SITE_NAME = "+", "-"


def _title_site(fact: Problem) -> tuple[bool, str, str]:
    """(has og:site_name, the site name its title carries or "", the title) from a TXT011 fact."""
    message = fact.message
    site, _, title = message[1:].partition("\n")
    return message[0] == _HAS_SITE_NAME, site, title


def _carries(title: str, site: str) -> bool:
    """Whether a title names the site: "Post | Site", "Site: Post", or just "Site" (a home page)."""
    low, name = _fold(title), _fold(site)
    if name not in low:  # each way of carrying it holds the name
        return False
    return (low == name or re.search(rf"[{re.escape(SEPARATORS)}]\s*{re.escape(name)}$", low) is not None
            or re.match(rf"{re.escape(name)}\s*[{re.escape(SEPARATORS)}]", low) is not None)


def _suggest_site_name(key: Hashable, members: Iterable[tuple[str, Problem]],
                       options: Mapping[str, Any]) -> Iterator[tuple[str, Problem]]:
    """Every document without og:site_name, when all titles of the run carry one and the same site name.
    Three passes over the site, each holding a few values: the names the titles carry (stopping at a second
    one), whether every title carries it, and the documents to report."""
    folded, names, titles = None, set(), 0
    for _, fact in members:
        titles += 1
        _, site, _ = _title_site(fact)
        if site:
            if folded is None:
                folded = _fold(site)
            elif _fold(site) != folded:
                return  # two different site names
            names.add(site)
    if folded is None or titles < options["min_documents"]:
        return
    site = sorted(names)[0]
    if not all(_carries(_title_site(fact)[2], site) for _, fact in members):
        return
    count = "the title carries" if titles == 1 else f"all {titles} titles carry"
    for path, fact in members:
        if not _title_site(fact)[0]:
            yield path, Problem(f"og:site_name is missing, while {count} the site name {quote(site)}: "
                                f"set og:site_name: {site} so cards show it", fact.span, fact.severity)


@corpus_rule("TXT011", "site-name-derivable", Severity.INFO, inputs="F", options={"min_documents": 1},
             resolve=_suggest_site_name, whole_site=True, fields=["title"])
def site_name_derivable(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Suggests a value for a missing `og:site_name` when the titles already carry one. Across all documents
    checked together, when every page `title` carries the same site name next to `og:title`
    (`Post | Site`), each page without `og:site_name` gets that name. The `min_documents` option (1) sets
    how many titles must agree before it speaks.

    ## Why is this bad?
    Cards show `og:site_name` above or below the headline; without it Facebook and others show the bare
    domain, although the site's name is right there in every title.

    ## Example
    ```yaml
    title: Spring relay raises £12,000 | Example Constabulary
    og:
      title: Spring relay raises £12,000
    ```

    ## Use instead
    ```yaml
    title: Spring relay raises £12,000 | Example Constabulary
    og:
      title: Spring relay raises £12,000
      site_name: Example Constabulary
    ```
    """
    title = text_of(head_field(doc, "title"))
    if not title:
        return
    og_title = text_of(doc.first("og:title"))
    site = None
    if og_title and og_title != title:  # a title that is og:title itself carries no site name
        folded_title, folded_og = " ".join(title.split()), " ".join(og_title.split())
        site = split_site_suffix(folded_title, folded_og) or split_site_prefix(folded_title, folded_og)
    has_site_name = _HAS_SITE_NAME if text_of(doc.first("og:site_name")) else _NO_SITE_NAME
    yield "site-name", Problem(f"{has_site_name}{site or ''}\n{title}", doc.anchor)

"""TXT, TW and SEO rules: edge cases, false positives above all, and the cross-document TXT011."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from conftest import lint_text
from oglint.readers import read_document
from oglint.rules.seo import title_pixels
from oglint.corpuskeys import grouped
from oglint.runner import active_rules, lint_document, resolve_corpus
from oglint.settings import Settings
from oglint import textkit
from oglint.textkit import raw_range, unrelated

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_572eea91db287bfb.txt"


def codes(registry, text: str, select: str, path: str = "doc.md", **options) -> list[tuple[int, int, str]]:
    settings = Settings(select=tuple(select.split(",")), options=options)
    return [(f.span.line, f.span.column, f.code) for f in lint_text(registry, text, path, settings)]


def fm(body: str) -> str:
    return f"---\n{body}---\nBody.\n"


def test_seed_title_is_consistent_and_clean(registry) -> None:
    found = codes(registry, SEED.read_text(encoding="utf-8"), "TXT001,TXT004,TXT005,TXT006,TXT007,TXT008,TXT010")
    assert found == []


@pytest.mark.parametrize("title", [
    "A post",
    "A post | Example",
    "a POST   –   Example Engineering",
    "Example: A post",
    "A post · Blog · Example",
    "A post » Frontend Field Notes", "Example « A post", "A post • Example", "A post ⋆ Example", "A post ~ Example",
    "A post > Example",
])
def test_title_forms_that_are_consistent(registry, title: str) -> None:
    assert codes(registry, fm(f'title: "{title}"\nog:\n  title: A post\n'), "TXT010") == []
    # the site name on og:title instead is TXT004's business, not a different headline
    assert codes(registry, fm(f'title: A post\nog:\n  title: "{title}"\n'), "TXT010") == []


def test_title_difference_is_a_whole_word(registry) -> None:
    text = fm('title: "Spring relay raised £12,000 | Example"\nog:\n  title: Spring relay raises £12,000\n')
    settings = Settings(select=("TXT010",))
    (finding,) = lint_text(registry, text, "doc.md", settings)
    assert "'raised'" in finding.message
    assert (finding.span.line, finding.span.column) == (2, 22)


def test_whitespace_false_positives(registry) -> None:
    text = fm("og:\n  title: Fish and chips\n  description: >\n    A folded block\n    ends with a line feed.\n"
              '  site_name: "Caf\\u00e9\\u00a0Rouge"\n')
    assert codes(registry, text, "TXT005") == []
    html = "<head><title>\n  Spaced\n  out </title><meta name=description content='One&nbsp;space'></head>"
    assert codes(registry, html, "TXT005", "doc.html") == []


@pytest.mark.parametrize("escaped", ["\\u3000\\u3000", "\\u2028", "\\u00a0 ", "\\x1c\\x1c"])
def test_whitespace_beyond_ascii(registry, escaped: str) -> None:
    """Runs and breaks of any Unicode white space are reported, not only of spaces and tabs."""
    assert codes(registry, fm(f'title: "A{escaped}B"\n'), "TXT005") == [(2, 10, "TXT005")]


def test_whitespace_points_into_escapes(registry) -> None:
    # the tab is the two characters `\t` in the source, after a quote and an escaped é
    assert codes(registry, fm('title: "Caf\\u00e9\\tRouge"\n'), "TXT005") == [(2, 18, "TXT005")]


def test_untraceable_value_points_at_the_whole_value(registry) -> None:
    text = fm("og:\n  description: >\n    two  spaces in\n    a folded block\n")
    assert codes(registry, text, "TXT005") == [(3, 16, "TXT005")]


@pytest.mark.parametrize("title", [
    "The <details> element explained",
    "Why a < b > c in Python",
    "Using <span> and <div> well",
    "Q&A: &lt;template&gt; tags",
])
def test_markup_false_positives(registry, title: str) -> None:
    assert codes(registry, fm(f"og:\n  title: {title!r}\n"), "TXT006") == []


@pytest.mark.parametrize("title", [
    "C* and snake_case_names",
    "5 * 3 ** 2 = 45",
    "Rates [2024] (provisional)",
    "Use __init__ well",
])
def test_markdown_false_positives(registry, title: str) -> None:
    assert codes(registry, fm(f"title: {title!r}\n"), "TXT007") == []


@pytest.mark.parametrize("value, bad", [
    ("Homeward bound", False),
    ("Home", True),
    ("Home.", True),
    ("Untitled document", True),
    ("Save 50% on 100%s of boots", False),
    ("Hello %s", True),
    ("Costs ${price}", True),
    ("A todo list app", False),
    ("TODO write this", True),
    ("LOREM IPſUM dolor", True),  # re.I matches 'ſ' as 's': the cheap test before the search must too
    ("{{ page.title }}", True),
    ("<%= title %>", True),
])
def test_placeholders(registry, value: str, bad: bool) -> None:
    assert bool(codes(registry, fm(f"og:\n  title: {value!r}\n"), "TXT008")) is bad


def test_lengths_count_stripped_characters(registry) -> None:
    seventy = "x" * 70
    assert codes(registry, fm(f'og:\n  title: "  {seventy}  "\n'), "TXT001") == []
    assert codes(registry, fm(f"og:\n  title: {seventy}y\n"), "TXT001") == [(3, 80, "TXT001")]
    assert codes(registry, fm(f"og:\n  title: {seventy}y\n"), "TXT001", TXT001={"max_length": 80}) == []


def _corpus(registry, documents: list[tuple[str, str]], **options) -> list[tuple[str, str]]:
    settings = Settings(select=("TXT011",), options=options)
    rules = active_rules(registry, settings)
    keys = []
    for path, text in documents:
        keys += lint_document(read_document(path, text.encode()), rules, settings).keys
    return sorted((f.path, f.message) for f in resolve_corpus(grouped(keys), rules, settings))


def _page(title: str, og_title: str, site_name: str = "") -> str:
    site = f"  site_name: {site_name}\n" if site_name else ""
    return fm(f'title: "{title}"\nog:\n  title: "{og_title}"\n{site}')


def test_site_name_suggested_across_documents(registry) -> None:
    docs = [("a.md", _page("A | Example Police", "A")), ("b.md", _page("B – Example Police", "B")),
            ("c.md", _page("C | Example Police", "C", "Example Police"))]
    found = _corpus(registry, docs)
    assert [path for path, _ in found] == ["a.md", "b.md"]
    assert "all 3 titles carry the site name 'Example Police'" in found[0][1]
    assert _corpus(registry, docs[:1], TXT011={"min_documents": 2}) == []


@pytest.mark.parametrize("other", [
    _page("B | Another Site", "B"),  # two different site names
    _page("B", "B"),  # a title without the site name
])
def test_site_name_not_suggested_when_titles_disagree(registry, other: str) -> None:
    assert _corpus(registry, [("a.md", _page("A | Example Police", "A")), ("b.md", other)]) == []


def test_site_name_counts_titles_without_og_title(registry) -> None:
    docs = [("a.md", _page("A | Example Police", "A")), ("b.md", fm('title: "B | Example Police"\n')),
            ("index.md", fm("title: Example Police\n"))]
    assert [path for path, _ in _corpus(registry, docs)] == ["a.md", "b.md", "index.md"]


@pytest.mark.parametrize("value", ["@example", "@Ex_4mple_123456", 12345])
def test_handles_that_are_fine(registry, value) -> None:
    site = f'"{value}"' if isinstance(value, str) else value
    name = "site" if isinstance(value, str) else "site:id"
    assert codes(registry, fm(f"twitter:\n  {name}: {site}\n"), "TW006") == []


def test_card_image_sizes(registry) -> None:
    large = "og:\n  image:\n    url: https://e.org/c.png\n    width: {w}\n    height: {h}\ntwitter:\n  card: {card}\n"
    assert codes(registry, fm(large.format(w=1200, h=630, card="summary_large_image")), "TW007") == []
    assert codes(registry, fm(large.format(w=200, h=200, card="summary")), "TW007") == []
    assert codes(registry, fm(large.format(w=5000, h=2500, card="summary")), "TW007") == [(5, 12, "TW007")]
    # the declared size is og:image's: it says nothing about a different twitter:image
    other = large.format(w=100, h=100, card="summary") + "  image: https://e.org/x.png\n"
    assert codes(registry, fm(other), "TW007") == []


def test_twitter_texts_that_follow_og_are_fine(registry) -> None:
    text = fm("og:\n  title: Spring relay raises £12,000 for charity\n  image: https://e.org/a.png\n"
              "twitter:\n  title: Spring relay raises £12,000 for charity\n  image: https://E.org:443/a.png\n")
    assert codes(registry, text, "TW009") == []
    reworded = text.replace("twitter:\n  title: Spring relay raises £12,000 for charity",
                            "twitter:\n  title: Relay raises £12k for local charity")
    assert codes(registry, reworded, "TW009") == []


def test_player_card_complete(registry) -> None:
    text = fm("twitter:\n  card: player\n  player: https://e.org/embed\n  player:width: 640\n"
              "  player:height: 360\n  image: https://e.org/p.jpg\n")
    assert codes(registry, text, "TW008") == []


def test_description_missing_in_front_matter(registry) -> None:
    assert codes(registry, fm("og:\n  description: The template falls back to this.\n"), "SEO003") == []
    assert codes(registry, fm("title: A post\n"), "SEO003") == [(1, 1, "SEO003")]


def test_divergence_modes(registry) -> None:
    text = fm('title: "Walking boots | Example Outdoor"\nog:\n  title: Walking boots\n')
    assert codes(registry, text, "SEO006") == []
    assert codes(registry, text, "SEO006", SEO006={"mode": "identical"}) == [(4, 10, "SEO006")]
    reworded = text.replace("og:\n  title: Walking boots", "og:\n  title: Boots for walking")
    assert codes(registry, reworded, "SEO006") == []
    assert codes(registry, reworded, "SEO006", SEO006={"mode": "different"}) == [(4, 10, "SEO006")]


def test_title_width_estimate(registry) -> None:
    assert title_pixels("iiii") < title_pixels("WWWW")
    narrow = "il" * 34  # 68 narrow characters: well under 600 px
    assert codes(registry, fm(f"title: {narrow}\n"), "SEO002") == []
    wide = "W" * 40
    assert codes(registry, fm(f"title: {wide}\n"), "SEO002") == [(2, 8, "SEO002")]
    assert codes(registry, fm(f"title: {wide}\n"), "SEO002", SEO002={"max_pixels": 0}) == []


def test_raw_range_traces_entities_and_quotes() -> None:
    doc = read_document("a.html", b'<head><meta property="og:title" content="A &amp;&nbsp;B"></head>')
    f = doc.first("og:title")
    assert f.value == "A &\xa0B"
    start, end = raw_range(doc, f, 3, 4)
    assert f.raw[start:end] == "&nbsp;"
    doc = read_document("a.md", "---\ntitle: 'It''s  here'\n---\n".encode())
    f = doc.first("title")
    start, end = raw_range(doc, f, 4, 6)
    assert f.raw[start:end] == "  "


@pytest.mark.parametrize("path, text", [
    ("a.md", "---\ntitle: Plain words here\n---\n"),
    ("a.md", '---\ntitle: "Double quoted"\n---\n'),
    ("a.md", '---\ntitle: "Escaped \\t tab"\n---\n'),
    ("a.md", "---\ntitle: 'Single quoted'\n---\n"),
    ("a.md", "---\ntitle: 'It''s quoted'\n---\n"),
    ("a.md", "---\ntitle: >-\n  Folded\n  lines\n---\n"),
    ("a.md", '+++\ntitle = "Basic TOML"\n+++\n'),
    ("a.md", "+++\ntitle = 'Literal TOML'\n+++\n"),
    ("a.md", '+++\ntitle = """\nMulti-line TOML"""\n+++\n'),
    ("a.md", '+++\r\ntitle = """\r\nMulti-line  \\\r\n   TOML \\u00e9 "quoted""""\r\n+++\r\n'),
    ("a.md", "+++\rtitle = '''\rLiteral\r  TOML\\''''\r+++\r"),
    ("a.md", '{"title": "JSON \\u00e9 text"}\n'),
    ("a.md", '---\ntitle: "\\tTab, \\x41, \\u00e9\\\\ and \\"quotes\\" at the end\\\\"\n---\n'),
    ("a.md", "---\ntitle: '''It''s'' ''quoted'''''\n---\n"),
    ("a.md", '{"title": "pair \\ud83d\\ude00 and \\\\ at the end\\\\"}\n'),
    ("a.html", "<head><title>No references</title></head>"),
    ("a.html", '<head><meta property="og:title" content="A &amp; B"></head>'),
    ("a.html", '<head><meta property="og:title" content="&lt;b&gt; &copy 2024 &NotEqualTilde; &#x1F600;!"></head>'),
    ("a.html", '<head><meta property="og:title" content="?a=1&copy=2&amp;&amp;&notit; x"></head>'),
    ("a.html", "<head><title>&notit; &amp&copy;&#128;&#0;x</title></head>"),
])
def test_raw_range_shortcut_agrees_with_tracing(path: str, text: str) -> None:
    """raw_range maps offsets directly when a value is its source verbatim; it must find what tracing each
    unit finds, for every range."""
    doc = read_document(path, text.encode())
    f = doc.first("title") or doc.first("og:title")
    traced = textkit.units(doc, f)

    def expected(start: int, end: int) -> tuple[int, int] | None:
        """The raw range of value[start:end] told unit by unit: the first unit reaching past `start`, the first
        one reaching `end`."""
        if traced is None or not 0 <= start < end:
            return None
        reach = [sum(len(u[2]) for u in traced[:i + 1]) for i in range(len(traced))]
        first = next((u for u, r in zip(traced, reach) if r > start), None)
        last = next((u for u, r in zip(traced, reach) if r >= end), None)
        return (first[0], last[1]) if first and last else None

    for start in range(-1, len(f.value) + 2):
        for end in range(start, len(f.value) + 2):
            assert raw_range(doc, f, start, end) == expected(start, end), (start, end)


def test_unrelated() -> None:
    assert unrelated("Welcome to Example Outdoor", "Walking boots for wet weather")
    assert not unrelated("Walking boots", "Walking boots for wet weather")
    assert not unrelated("Boots for walking", "Walking boots")
    assert not unrelated("", "Walking boots")


def test_only_the_title_element_and_meta_description_count(registry) -> None:
    html = ("<head><title>Walking boots | Example</title><meta name='title' content='Boots'>"
            "<meta itemprop='description' content='Microdata.'>"
            "<meta name='Description' content='Which waterproof boots stayed dry through a muddy winter.'>"
            "<meta property='og:title' content='Walking boots'></head>")
    assert codes(registry, html, "SEO001,SEO003,SEO004,TXT003,TXT010", "doc.html") == []


_PIECES = list("ab <>/&;#*`[]()|-–:{}%@\\\"'\t\n\xa0é") + ["&amp;", "&nbsp;", "\\u00a0", "<b>", "</b>", "**"]
_VALUES = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@hypothesis_settings(max_examples=200, deadline=None)
@given(_VALUES, _VALUES, st.sampled_from(["yaml", "json", "html"]))
def test_text_rules_never_crash_and_stay_in_the_document(registry, title: str, og_title: str, kind: str) -> None:
    if kind == "yaml":
        text = fm(f"title: {json.dumps(title)}\nog:\n  title: {json.dumps(og_title)}\n  site_name: a\n")
    elif kind == "json":
        text = json.dumps({"title": title, "og": {"title": og_title, "site_name": "a"}}) + "\n"
    else:
        text = (f"<head><title>{title}</title><meta property=og:title content='{og_title}'>"
                "<meta property=og:site_name content=a></head>")
    settings = Settings(select=("TXT", "TW", "SEO"))
    lines = text.splitlines() or [""]
    for f in lint_text(registry, text, "doc.html" if kind == "html" else "doc.md", settings):
        assert 1 <= f.span.line <= f.span.end_line <= len(lines) + 1, f


@pytest.mark.parametrize("og_title, site, found", [
    ("Example Outdoor – Walking boots", "Example Outdoor", [(3, 10, "TXT004")]),
    ("Walking boots | example outdoor", "Example Outdoor", [(3, 23, "TXT004")]),
    ("Walking boots | Example Outdoor", "", []),  # no og:site_name: nothing to compare with
    ("Example Outdoor", "Example Outdoor", []),  # a home page named after the site
    ("Walking boots by Example Outdoor", "Example Outdoor", []),  # no separator: part of the sentence
])
def test_og_title_branding(registry, og_title: str, site: str, found: list) -> None:
    site_line = f"  site_name: {site}\n" if site else ""
    assert codes(registry, fm(f"og:\n  title: {og_title}\n{site_line}"), "TXT004") == found

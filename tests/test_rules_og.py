"""Edge cases of the Open Graph structure (OG007–OG015) and value (OG020–OG036) rules, false positives
first; the ogp.me example pages are reproduced as fixtures in fixtures/expect/og-*."""

from __future__ import annotations

import pytest

from conftest import lint_text
from oglint.model import Severity
from oglint.ogp import datetime_problem, isbn_problem, media_groups, parse_prefix
from oglint.readers import read_document
from oglint.settings import Settings


def html(head: str, html_attrs: str = 'lang="en"') -> str:
    return f"<!doctype html><html {html_attrs}>\n<head>\n{head}\n</head><body></body></html>\n"


def yaml(block: str) -> str:
    return f"---\n{block}---\nBody.\n"


def found(registry, text: str, code: str, path: str | None = None, **options) -> list:
    path = path or ("a.html" if text.startswith("<!doctype") else "a.md")
    settings = Settings(select=(code,), options={code: options} if options else {})
    return [f for f in lint_text(registry, text, path, settings) if f.code == code]


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{content}">'


# --- OG007 -----------------------------------------------------------------------------------------------------

def test_arrays_may_repeat(registry) -> None:
    head = "\n".join([meta("og:image", "https://e.org/a.png"), meta("og:image:width", "600"),
                      meta("og:image", "https://e.org/b.png"), meta("og:image:width", "600"),
                      meta("og:locale:alternate", "fr_FR"), meta("og:locale:alternate", "de_DE"),
                      meta("article:tag", "a"), meta("article:tag", "b"), meta("music:song", "https://e.org/s1"),
                      meta("music:song:track", "1"), meta("music:song", "https://e.org/s2"),
                      meta("music:song:track", "2")])
    assert found(registry, html(head), "OG007") == []


def test_children_ogp_does_not_define_may_repeat_within_one_video(registry) -> None:
    head = "\n".join([meta("og:video", "https://www.youtube.com/embed/abc"), meta("og:video:tag", "canoe"),
                      meta("og:video:tag", "woodworking"), meta("og:video:width", "1280"),
                      meta("og:video:width", "640")])
    assert [(f.span.line, f.severity) for f in found(registry, html(head), "OG007")] == [(7, Severity.ERROR)]


@pytest.mark.parametrize("refresh", ["0; url=https://e.org/new/", "0;URL='https://e.org/new/'", "0.0, https://e.org/",
                                     "0 https://e.org/new/"])
def test_a_redirect_stub_misses_no_card(registry, refresh: str) -> None:
    stub = ('<!DOCTYPE html><html lang="en"><title>Redirecting…</title>'
            '<link rel="canonical" href="https://e.org/new/">'
            f'<meta http-equiv="refresh" content="{refresh}"><meta name="robots" content="noindex"></html>')
    settings = Settings(select=("OG00", "TW004", "SEO003"))
    assert lint_text(registry, stub, "old/index.html", settings) == []
    for not_at_once in ("5; url=https://e.org/new/", "; url=/x", "0; url=", "0"):  # a page like any other
        later = stub.replace(refresh, not_at_once)
        assert {f.code for f in lint_text(registry, later, "old/index.html", settings)} >= {"OG001", "SEO003"}
    named = stub.replace('http-equiv="refresh"', 'name="refresh"')  # not a refresh at all
    assert {f.code for f in lint_text(registry, named, "old/index.html", settings)} >= {"OG001", "SEO003"}


def test_duplicate_severity_depends_on_the_values(registry) -> None:
    same = found(registry, html(meta("og:url", "https://e.org/") + meta("og:url", " https://e.org/ ")), "OG007")
    differ = found(registry, html(meta("og:url", "https://e.org/") + meta("og:url", "https://e.org/b")), "OG007")
    assert [f.severity for f in same] == [Severity.WARNING]
    assert [f.severity for f in differ] == [Severity.ERROR]


def test_duplicates_are_not_checked_in_front_matter(registry) -> None:
    assert found(registry, yaml("og:title: A\nog:\n  title: B\n"), "OG007") == []


# --- OG008 / OG009 ---------------------------------------------------------------------------------------------

def test_structured_property_after_unrelated_tags_still_belongs_to_its_root(registry) -> None:
    head = meta("og:image", "https://e.org/a.png") + meta("og:title", "T") + meta("og:image:width", "600")
    assert found(registry, html(head), "OG008") == []


def test_image_url_alongside_plain_image_is_fine(registry) -> None:
    head = meta("og:image", "https://e.org/a.png") + meta("og:image:url", "https://e.org/b.png")
    assert found(registry, html(head), "OG009") == []


# --- OG010 / OG011 ---------------------------------------------------------------------------------------------

def test_name_next_to_property_is_not_reported(registry) -> None:
    head = '<meta property="og:title" name="og:title" content="T"><meta name="twitter:card" content="summary">'
    assert found(registry, html(head), "OG010") == []


def test_wrong_attribute_points_at_the_name(registry) -> None:
    [f] = found(registry, html('<meta content="T" name="og:title">'), "OG010")
    assert (f.span.line, f.span.column) == (3, 25)  # the value of name=


def test_mixed_case_twitter_name_is_reported(registry) -> None:
    assert len(found(registry, html('<meta name="Twitter:Card" content="summary">'), "OG011")) == 1
    assert found(registry, html('<meta name="description" content="D">'), "OG011") == []


# --- OG012 / OG013 ---------------------------------------------------------------------------------------------

def test_site_data_outside_og_is_not_unknown_in_front_matter(registry) -> None:
    text = yaml("video:\n  youtube_id: abc\nog:\n  image:\n    url: https://e.org/a.png\n    alt: A\n")
    assert found(registry, text, "OG012") == []


def test_other_namespaces_are_not_judged(registry) -> None:
    head = meta("fb:app_id", "123") + meta("al:ios:url", "app://x") + meta("og:image:url", "https://e.org/a.png")
    assert found(registry, html(head), "OG012") == []


def test_unknown_property_reported_once(registry) -> None:
    head = meta("article:topic", "a") + meta("article:topic", "b")
    assert [f.severity for f in found(registry, html(head), "OG012")] == [Severity.INFO]
    [publisher] = found(registry, html(meta("article:publisher", "https://www.facebook.com/example")), "OG012")
    assert publisher.message.endswith("is not an Open Graph property: a Facebook extension other consumers ignore")
    assert [f.severity for f in found(registry, html(head), "OG012", strict=True)] == [Severity.WARNING]


def test_deprecated_property_is_not_also_unknown(registry) -> None:
    text = html(meta("og:isbn", "1451648537") + meta("og:audio:width", "1"))
    assert found(registry, text, "OG012") == []
    assert len(found(registry, text, "OG013")) == 1


# --- OG014 -----------------------------------------------------------------------------------------------------

def test_og_alone_needs_no_prefix(registry) -> None:
    assert found(registry, html(meta("og:title", "T")), "OG014") == []


@pytest.mark.parametrize("prefix", ["og: http://ogp.me/ns# article: http://ogp.me/ns/article#",
                                    "og: https://ogp.me/ns#\n  article: https://ogp.me/ns/article#"])
def test_declared_type_namespace_passes(registry, prefix: str) -> None:
    text = html(meta("article:tag", "a"), f'prefix="{prefix}"')
    assert found(registry, text, "OG014") == []


def test_undeclared_type_namespace_and_malformed_prefix(registry) -> None:
    assert len(found(registry, html(meta("book:isbn", "1451648537")), "OG014")) == 1
    [f] = found(registry, html(meta("og:title", "T"), 'prefix="og=http://ogp.me/ns#"'), "OG014")
    assert "malformed" in f.message


def test_parse_prefix() -> None:
    text = " og: https://ogp.me/ns#  fb: http://ogp.me/ns/fb# bad"
    pairs, broken = parse_prefix(text)
    assert [p.name for p in pairs] == ["og", "fb"] and broken == text.index("bad")


# --- OG015 -----------------------------------------------------------------------------------------------------

def test_tags_in_head_are_not_outside(registry) -> None:
    text = html(meta("og:title", "T") + '<link rel="canonical" href="https://e.org/">')
    assert found(registry, text, "OG015") == []


# --- OG020–OG022 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["website", "music.radio_station", "video.other", "payment.link"])
def test_current_types_pass(registry, value: str) -> None:
    assert found(registry, html(meta("og:type", value)), "OG020") == []


def test_curie_types(registry) -> None:
    declared = html(meta("og:type", "recipes:recipe"), 'prefix="recipes: https://e.org/ns#"')
    undeclared = html(meta("og:type", "ibles-production:instructable"))
    assert found(registry, declared, "OG020") == []
    assert len(found(registry, undeclared, "OG020")) == 1
    assert found(registry, yaml("og:\n  type: recipes:recipe\n"), "OG020") == []


def test_each_type_problem_has_one_code(registry) -> None:
    legacy, cased = html(meta("og:type", "Movie")), html(meta("og:type", "Video.Movie"))
    assert found(registry, legacy, "OG020") == [] and found(registry, cased, "OG020") == []
    assert "video.movie" in found(registry, legacy, "OG021")[0].message
    [product] = found(registry, html(meta("og:type", "product")), "OG021")  # Shopify's pages: still read by some
    assert "keep it only for Facebook and Pinterest product pins" in product.message
    assert found(registry, legacy, "OG022") == []
    assert len(found(registry, cased, "OG022")) == 1


# --- OG023–OG026 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,bad", [("en_US", False), ("fil_PH", False), ("en-us", True), ("en", True),
                                       ("EN_us", True)])
def test_locale_format(registry, value: str, bad: bool) -> None:
    assert bool(found(registry, html(meta("og:locale", value)), "OG023")) is bad


def test_yaml_boolean_locale_is_left_to_the_yaml_rules(registry) -> None:
    assert found(registry, yaml("og:\n  locale: no\n"), "OG023") == []


@pytest.mark.parametrize("lang,bad", [("en-US", False), ("EN", False), ("de", True)])
def test_locale_language_against_html_lang(registry, lang: str, bad: bool) -> None:
    text = html(meta("og:locale", "en_GB"), f'lang="{lang}"')
    assert bool(found(registry, text, "OG024")) is bad


@pytest.mark.parametrize("locale,lang,bad", [("nb_NO", "no", False), ("nn_NO", "no", False), ("tl_PH", "fil", False),
                                             ("he_IL", "iw", False), ("nb_NO", "sv", True)])
def test_codes_that_name_one_language_agree(registry, locale: str, lang: str, bad: bool) -> None:
    assert bool(found(registry, html(meta("og:locale", locale), f'lang="{lang}"'), "OG024")) is bad


def test_locale_alternate_compares_spellings(registry) -> None:
    text = html(meta("og:locale", "en_GB") + meta("og:locale:alternate", "en-gb"))
    assert len(found(registry, text, "OG025")) == 1


@pytest.mark.parametrize("value", ["a", "an", "the", "auto", ""])
def test_determiner_values(registry, value: str) -> None:
    assert found(registry, html(meta("og:determiner", value)), "OG026") == []
    assert found(registry, html(meta("og:determiner", value)), "OG006") == []  # "" is the default, not empty


def test_empty_determiner_in_front_matter_is_its_default(registry) -> None:
    assert found(registry, '---\nog:\n  determiner: ""\n---\n', "OG006") == []
    assert len(found(registry, '---\nog:\n  determiner: " "\n  type: ""\n---\n', "OG006")) == 2
    assert len(found(registry, html('<meta property="og:determiner">'), "OG006")) == 1  # no content attribute


# --- OG027 / OG028 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,bad", [("1200", False), (" +600 ", False), ("2147483647", False),
                                       ("2147483648", True), ("-5", True), ("49.41", True), ("1e3", True)])
def test_integer_text(registry, value: str, bad: bool) -> None:
    text = html(meta("og:image", "https://e.org/a.png") + meta("og:image:width", value))
    assert bool(found(registry, text, "OG027")) is bad


def test_integer_typed_by_yaml(registry) -> None:
    assert found(registry, yaml("music:\n  duration: 215\n  album:\n    disc: '1'\n"), "OG027") == []
    assert len(found(registry, yaml("video:\n  duration: true\n"), "OG027")) == 1


@pytest.mark.parametrize("value", ["2024-05-14", "2024-05-14T09:30", "2024-05-14T09:30:00.5Z",
                                   "2024-05-14T09:30:00+02:00", "2024-05-14T09:30+0200"])
def test_iso_datetimes_pass(value: str) -> None:
    assert datetime_problem(value) is None


@pytest.mark.parametrize("value", ["2024", "14/05/2024", "2024-02-30", "2024-05-14 09:30", "2024-05-14T9:30",
                                   "2024-05-14T09:30+15:00", "2024-05-14t09:30"])
def test_non_iso_datetimes_fail(value: str) -> None:
    assert datetime_problem(value)


def test_yaml_dates_pass_and_numbers_fail(registry) -> None:
    good = yaml("article:\n  published_time: 2024-05-14\n  modified_time: 2024-05-14 10:00:00+02:00\n")
    assert found(registry, good, "OG028") == []
    assert len(found(registry, yaml("book:\n  release_date: 2011\n"), "OG028")) == 1


# --- OG029–OG031 -----------------------------------------------------------------------------------------------

def test_enums_are_case_sensitive(registry) -> None:
    assert len(found(registry, html(meta("payment:status", "paid")), "OG029")) == 1
    assert found(registry, html(meta("payment:status", "PAID")), "OG029") == []


def test_reference_urls(registry) -> None:
    assert found(registry, yaml("music:\n  album:\n    url: https://e.org/album/\n    disc: 1\n"), "OG030") == []
    assert len(found(registry, yaml("video:\n  actor:\n    - url: /people/a/\n      role: Lead\n"), "OG030")) == 1


@pytest.mark.parametrize("value,valid", [("978-1451648539", True), ("1451648537", True), ("0-8044-2957-X", True),
                                         ("978 1 4516 4853 9", True), ("9771451648539", False),
                                         ("1451648538", False), ("aBcDe12345", False)])
def test_isbn(value: str, valid: bool) -> None:
    assert (isbn_problem(value) is None) is valid


def test_unquoted_yaml_isbn_is_read_from_the_source(registry) -> None:
    # YAML 1.1 reads 0306406152 as an octal integer; the ISBN written is still valid.
    assert found(registry, yaml("book:\n  isbn: 0306406152\n"), "OG031") == []


# --- OG032–OG036 -----------------------------------------------------------------------------------------------

def test_type_properties(registry) -> None:
    episode = html(meta("og:type", "video.episode") + meta("video:series", "https://e.org/s/"))
    song = html(meta("og:type", "music.song") + meta("music:song", "https://e.org/s/"))
    untyped = html(meta("article:tag", "a"))
    assert found(registry, episode, "OG032") == [] and found(registry, untyped, "OG032") == []
    assert len(found(registry, song, "OG032")) == 1


def test_mime_groups_nested_front_matter_by_path() -> None:
    doc = read_document("a.md", yaml("og:\n  image:\n    - type: image/png\n      url: https://e.org/a.png\n"
                                     "    - https://e.org/b.jpg\n").encode())
    groups = media_groups(doc, "og:image")
    assert [(g.root.value if g.root else None, [c.value for c in g.children]) for g in groups] == [
        ("https://e.org/a.png", ["image/png"]), ("https://e.org/b.jpg", [])]


def test_mime_groups_flat_keys_by_order() -> None:
    doc = read_document("a.md", yaml("og:\n  image: https://e.org/a.png\n  image:type: image/png\n"
                                     "og:image:width: 600\n").encode())
    [group] = media_groups(doc, "og:image")
    assert group.root is not None and [c.name for c in group.children] == ["og:image:type", "og:image:width"]


@pytest.mark.parametrize("url,mime,bad", [
    ("https://e.org/embed/abc", "text/html", False), ("https://e.org/v.mp4?x=1.webm", "video/mp4; codecs=avc1", False),
    ("https://e.org/v.MP4", "video/mp4", False), ("https://e.org/v.mp4", "image/png", True),
    ("https://e.org/v", "video", True)])
def test_video_mime(registry, url: str, mime: str, bad: bool) -> None:
    text = html(meta("og:video", url) + meta("og:video:type", mime))
    assert bool(found(registry, text, "OG033")) is bad


@pytest.mark.parametrize("url,bad", [("https://e.org/card.png?fm=jpg&amp;w=1200", False),
                                     ("https://e.org/card.png?auto=compress,format", False),
                                     ("https://e.org/card.png?format=jpg", False),
                                     ("https://e.org/card.png?w=1200", True)])
def test_image_mime_behind_a_converting_cdn(registry, url: str, bad: bool) -> None:
    text = html(meta("og:image", url) + meta("og:image:type", "image/jpeg"))
    assert bool(found(registry, text, "OG033")) is bad


def test_payment_values(registry) -> None:
    text = yaml("payment:\n  currency: usd\n  amount: 1.2e3\n")
    [f] = found(registry, text, "OG035")
    assert "write USD" in f.message
    assert len(found(registry, html(meta("payment:amount", "€12.50")), "OG035")) == 1


def test_booleans(registry) -> None:
    assert found(registry, yaml("og:\n  rich_attachment: yes\n"), "OG036") == []  # YAML 1.1 bool
    assert len(found(registry, html(meta("og:rich_attachment", "True")), "OG036")) == 1
    custom = html(meta("shop:in_stock", "maybe"))
    assert found(registry, custom, "OG036") == []
    assert len(found(registry, custom, "OG036", properties=["shop:in_stock"])) == 1

"""ENT rules: what is and is not a character reference, mojibake and invisible characters."""

from __future__ import annotations

import pytest

from conftest import lint_text
from oglint.rules.entities import mojibake
from oglint.settings import Settings


def codes(registry, text: str, path: str = "a.md") -> list[str]:
    return [f.code for f in lint_text(registry, text, path, Settings(select=("ENT",)))]


def meta(content: str, prop: str = "og:title") -> str:
    return f'<html><head><meta property="{prop}" content="{content}"></head></html>'


@pytest.mark.parametrize("text", ["R&D", "AT&T", "this&that", "Q&A: salt&pepper", "Tom & Jerry", "5 &lt 6 &"])
def test_ampersands_that_are_not_references_in_front_matter(registry, text: str) -> None:
    expected = ["ENT003"] if "&lt " in text else []  # '&lt ' is a legacy reference without its ';'
    assert codes(registry, f'---\nog:\n  title: "{text}"\n---\n') == expected


@pytest.mark.parametrize("text", ["R&amp;D", "AT&amp;T", "this&amp;that", "R&D", "AT&T", "this&that",
                                  "Don&#39;t", "Caf&eacute;", "a &lt;b&gt;"])
def test_clean_html_attributes(registry, text: str) -> None:
    assert codes(registry, meta(text), "a.html") == []


def test_yaml_unicode_escape_is_the_character(registry) -> None:
    assert codes(registry, '---\nog:\n  title: "Don\\u2019t panic"\n---\n') == []


def test_legacy_name_followed_by_letters(registry) -> None:
    """HTML5 keeps '&notit' literal in attributes but decodes '&not' in text content ('¬it')."""
    assert codes(registry, meta("this&nothing"), "a.html") == []
    assert codes(registry, "<html><head><title>this&nothing</title></head></html>", "a.html") == ["ENT003"]


def test_query_string_trap_only_in_html(registry) -> None:
    url = "https://example.org/a.png?a=1&copy=2"
    assert codes(registry, meta(url, "og:image"), "a.html") == ["ENT003"]
    assert codes(registry, f"---\nog:\n  image: {url}\n---\n") == []  # plain text: the template escapes it


def test_double_escaping_is_ent001_in_text_and_url010_in_urls(registry) -> None:
    assert codes(registry, meta("AT&amp;amp;T"), "a.html") == ["ENT001"]
    assert codes(registry, meta("https://e.org/?a=1&amp;amp;b=2", "og:image"), "a.html") == []
    assert codes(registry, meta("R&amp;amp;D;"), "a.html") == ["ENT001"]  # &amp; survives one decode


def test_unknown_names_suggest_the_right_case(registry) -> None:
    [finding] = lint_text(registry, meta("Caf&EACUTE;"), "a.html", Settings(select=("ENT004",)))
    assert "did you mean &eacute;?" in finding.message


@pytest.mark.parametrize("ref", ["&#0;", "&#128;", "&#x9F;", "&#xD800;", "&#x110000;", "&#99999999999;"])
def test_invalid_charrefs(registry, ref: str) -> None:
    assert "ENT005" in codes(registry, meta(f"a{ref}b"), "a.html")


@pytest.mark.parametrize("ref", ["&#8217;", "&#x2019;", "&#160;", "&#127;x"])
def test_valid_charrefs(registry, ref: str) -> None:
    assert "ENT005" not in codes(registry, meta(f"a{ref}b"), "a.html")


@pytest.mark.parametrize(("text", "fixed"), [
    ("Donâ€™t", "’"), ("CafÃ©", "é"), ("5Â\u00a0km", "\u00a0"), ("Â£5", "£"),
    ("â€œquotedâ€\x9d", "“"),
    ("Ã¢â‚¬â„¢", "â€™"),  # mojibake of mojibake: one layer at a time
])
def test_mojibake_found(text: str, fixed: str) -> None:
    found = mojibake(text)
    assert found and found[0][2] == fixed


@pytest.mark.parametrize("text", ["São Paulo", "SÃO PAULO", "pâté «maison»", "naïve café", "Ærøskøbing",
                                  "Â and Ã alone", "Don’t", "€5 — “fine”", "Ελληνικά", "日本語"])
def test_mojibake_not_found_in_real_text(text: str) -> None:
    assert mojibake(text) == []


@pytest.mark.parametrize(("value", "bad"), [
    ("Summer\\u200b sale", True), ("Tab\\tand\\nnewline", False), ("Family \\U0001F468\\u200d\\U0001F469", False),
    ("Persian \\u200c joiner", False), ("bell\\a", True), ("lost \\ufffd char", True), ("bidi \\u202e", True),
    ("rtl mark \\u200f", False),
])
def test_bad_chars(registry, value: str, bad: bool) -> None:
    assert (codes(registry, f'---\nog:\n  title: "{value}"\n---\n') == ["ENT008"]) is bad


# Values written with escapes hold characters their source does not: a pre-check searching the source must
# not hide them. And text in the body is no metadata.
@pytest.mark.parametrize(("text", "path"), [
    ('---\nog:\n  title: "Caf\\u00c3\\u00a9"\n---\n', "a.md"),             # YAML escapes
    ('+++\n[og]\ntitle = "Caf\\u00c3\\u00a9"\n+++\n', "a.md"),              # TOML escapes
    ('{"og": {"title": "Caf\\u00c3\\u00a9"}}\n', "a.md"),                   # JSON escapes
    (meta("Caf&Atilde;&copy;"), "a.html"),                                  # character references
])
def test_mojibake_written_as_escapes(registry, text: str, path: str) -> None:
    assert codes(registry, text, path) == ["ENT007"]


@pytest.mark.parametrize(("text", "path"), [
    ('+++\n[og]\ntitle = "Summer\\u200b sale"\n+++\n', "a.md"),
    ('{"og": {"title": "Summer\\u200b sale"}}\n', "a.md"),
    (meta("Summer\u200b sale"), "a.html"),
])
def test_bad_chars_in_other_sources(registry, text: str, path: str) -> None:
    assert codes(registry, text, path) == ["ENT008"]


def test_the_body_is_not_metadata(registry) -> None:
    body = "Fire &amp; Rescue &copy 2024 &rsqou; &#128; Donâ€™t Summer\u200b sale\n"
    assert codes(registry, '---\nog:\n  title: "Fire and Rescue"\n---\n' + body) == []
    assert codes(registry, '---\nog:\n  title: "Fire &amp; Rescue"\n---\n' + body) == ["ENT002"]


def test_unknown_name_beside_known_ones(registry) -> None:
    text = '---\ntitle: "Fire &amp; Rescue"\nog:\n  title: "Caf&EACUTE; &amp; bar"\n  url: "https://a.org/?x&y;"\n---\n'
    assert codes(registry, text) == ["ENT002", "ENT002", "ENT004"]

"""URL rules: the D1 ladder routes each difference to one rule, and equivalences are no finding."""

from __future__ import annotations

import pytest

from conftest import lint_text
from oglint.settings import Settings
from oglint import urls
from oglint.urls import Ladder, ladder


def codes(registry, text: str, path: str = "a.md", select: tuple[str, ...] = ("URL",)) -> list[str]:
    return [f.code for f in lint_text(registry, text, path, Settings(select=select))]


def fm(url: str, og_url: str) -> str:
    return f"---\nurl: {url}\nog:\n  url: {og_url}\n---\n"


def head(*tags: str) -> str:
    return "<html lang='en'><head>" + "".join(tags) + "</head></html>"


# --- urls.ladder ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("https://example.org/a/", "https://example.org/a", Ladder(("trailing-slash",), ())),
    ("https://example.org/a", "https://www.example.org/a", Ladder(("www",), ())),
    ("http://example.org/a", "https://example.org/a", Ladder(("http-vs-https",), ())),
    ("https://e.org/?a=1&b=2", "https://e.org/?b=2&a=1", Ladder(("query-order",), ())),
    ("https://e.org/?a=1&utm_source=x", "https://e.org/?a=1", Ladder(("tracking-params",), ())),
    # a slash difference inside a path that differs anyway is the path's difference, not a policy one
    ("http://e.org/a", "https://e.org/b/", Ladder(("http-vs-https",), ("path",))),
    ("https://e.org/a/", "https://f.org/a", Ladder(("trailing-slash",), ("host",))),
])
def test_ladder_names_each_difference(a: str, b: str, expected: Ladder) -> None:
    assert ladder(a, b) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("https://EXAMPLE.org/a", "https://example.org/a"),
    ("https://example.org:443/a", "https://example.org/a"),
    ("https://example.org/%7euser/", "https://example.org/~user/"),
    ("https://example.org/a/./b/../c", "https://example.org/a/c"),
    ("https://example.org", "https://example.org/"),
])
def test_ladder_equivalences(a: str, b: str) -> None:
    assert ladder(a, b) == Ladder((), ())


def test_plain_fast_path_skips_only_harmless_characters() -> None:
    """syntax_problems skips its per-character look for URLs made of _PLAIN characters: exactly the printable
    ASCII that the per-character check has nothing to say about."""
    for code in range(0x80):
        ch = chr(code)
        harmless = ch.isprintable() and ch != " " and urls._char_problem(ch) is None
        assert (urls._PLAIN.fullmatch(ch) is not None) == harmless
    assert urls.syntax_problems("https://example.org/a b") == ["space at position 22"]


def test_ladder_detail_shows_normalised_components() -> None:
    a, b = "https://Example.org/A/", "https://example.org/b"
    assert ladder(a, b).detail(a, b, "path") == "'/A/' vs '/b'"
    assert ladder(a, b).detail(a, b, "trailing-slash") == "'/A/' vs '/b'"


# --- URL011/URL012 and the rules the ladder hands differences to ------------------------------------------


@pytest.mark.parametrize(("url", "og_url", "expected"), [
    ("https://example.org/a/", "https://EXAMPLE.org:443/b/../a/", ["URL018"]),  # equivalent, only not normalised
    ("https://example.org/a/", "https://example.org/a", ["URL020"]),
    ("https://example.org/a/", "https://www.example.org/a/", ["URL013"]),
    ("https://example.org/a/", "https://news.example.net/a/", ["URL013"]),
    ("https://example.org/a/", "http://example.org/a/", ["URL005"]),
    ("https://example.org/a/", "https://example.org/a/?utm_source=x", ["URL008"]),
    ("https://example.org/a/", "https://example.org/a/#top", ["URL009"]),
    ("https://example.org/a/?x=1&y=2", "https://example.org/a/?y=2&x=1", ["URL012"]),
    ("https://example.org/a/", "https://example.org/b/", ["URL012"]),
    ("/a/", "https://example.org/a/", []),  # Hugo's relative url resolves against og:url
])
def test_front_matter_pair(registry, url: str, og_url: str, expected: list[str]) -> None:
    assert sorted(codes(registry, fm(url, og_url))) == expected


def test_url012_names_the_component(registry) -> None:
    [finding] = lint_text(registry, fm("https://example.org/a/?x=1", "https://example.org/a/?x=2"), "a.md",
                          Settings(select=("URL012",)))
    assert "in its query ('?x=2' vs '?x=1')" in finding.message


def test_url011_compares_og_url_and_canonical(registry) -> None:
    same = head('<link rel="canonical" href="https://example.org/a/">',
                '<meta property="og:url" content="https://Example.org:443/a/">')
    assert "URL011" not in codes(registry, same, "a.html")
    differs = head('<link rel="canonical" href="https://example.org/a/">',
                   '<meta property="og:url" content="https://example.org/a/?page=2">')
    assert codes(registry, differs, "a.html", ("URL011",)) == ["URL011"]
    slash = head('<link rel="canonical" href="https://example.org/a/">',
                 '<meta property="og:url" content="https://example.org/a">')
    assert codes(registry, slash, "a.html") == ["URL020"]


# --- single-value rules: false positives ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "https://example.org/img/card.png?w=1200&h=630",
    "https://web.archive.org/web/2020/https://example.org/",  # a URL inside the path is not a double slash
    "https://93.184.216.34/card.png",  # a public address
    "https://example.org:8443/card.png",
    "https://xn--bcher-kva.example.net/card.png",
])
def test_clean_urls(registry, value: str) -> None:
    assert codes(registry, f"---\nog:\n  image: {value}\n---\n") == []


@pytest.mark.parametrize(("value", "code"), [
    ("localhost:4000/card.png", "URL001"),  # a host and port without a scheme is not a scheme
    ("example.org/card.png", "URL001"),
    ("data:image/png;base64,AAAA", "URL003"),
    ("https://256.1.1.1/card.png", "URL004"),
    ("https://256.256.256.256/card.png", "URL006"),
    ("http://0.0.0.0:1313/card.png", "URL006"),
    ("https://printer.local/card.png", "URL006"),
    ("https://example.org/caf%c3%a9.png", "URL018"),
    ("https://example.org//img/card.png", "URL007"),
    ("//cdn.example.org//img/card.png", "URL007"),
    ("https://bücher.example/card.png", "URL019"),
    ("https://b%C3%BCcher.example/card.png", "URL019"),
])
def test_bad_urls(registry, value: str, code: str) -> None:
    assert code in codes(registry, f"---\nog:\n  image: {value}\n---\n")


def test_generator_keys_may_be_relative(registry) -> None:
    """Only keys written as Open Graph/X/canonical keys must be absolute in front matter."""
    assert codes(registry, "---\nurl: /about/\n---\n") == []
    assert codes(registry, "---\nog:\n  image: /img/a.png\n---\n") == ["URL001"]


def test_insecure_needs_an_https_page(registry) -> None:
    assert codes(registry, "---\nog:\n  image: http://example.org/a.png\n---\n") == []
    page = "---\nog:\n  url: https://example.org/\n  image: http://example.org/a.png\n---\n"
    assert codes(registry, page) == ["URL005"]


def test_site_url_catches_a_preview_host_that_og_url_and_url_agree_on(registry) -> None:
    preview = "---\nurl: https://pr-42--acme.netlify.app/a/\nog:\n  url: https://pr-42--acme.netlify.app/a/\n---\n"
    site = Settings(select=("URL013",), site_url="https://acme.com")
    assert codes(registry, preview, select=("URL013",)) == []  # nothing to compare with
    found = lint_text(registry, preview, "a.md", site)
    assert [(f.span.line, f.code) for f in found] == [(2, "URL013"), (4, "URL013")]
    assert "on another host than the site-url ('pr-42--acme.netlify.app' vs 'acme.com')" in found[0].message
    own = "---\nurl: /a/\nog:\n  url: https://acme.com/a/\n---\n"  # relative url: nothing to say
    assert lint_text(registry, own, "a.md", site) == []
    page = head('<link rel="canonical" href="https://staging.acme.com/p">')
    assert len(lint_text(registry, page, "a.html", site)) == 1
    # the rule's own option wins over the configuration's, and "" turns the check off
    for own in ("https://pr-42--acme.netlify.app", ""):
        other = Settings(select=("URL013",), site_url="https://acme.com", options={"URL013": {"site_url": own}})
        assert lint_text(registry, preview, "a.md", other) == []


def test_an_http_image_with_its_own_https_secure_url_is_the_fallback(registry) -> None:
    page = ('<link rel="canonical" href="https://e.org/p">\n'
            '<meta property="og:image" content="http://e.org/a.jpg">\n{secure}'
            '<meta property="og:image" content="http://e.org/b.jpg">\n')
    secure = '<meta property="og:image:secure_url" content="https://e.org/a.jpg">\n'
    assert [(f.span.line, f.code) for f in lint_text(registry, page.format(secure=secure), "a.html",
                                                     Settings(select=("URL005",)))] == [(4, "URL005")]
    assert codes(registry, page.format(secure=""), "a.html", ("URL005",)) == ["URL005", "URL005"]
    nested = ("---\nog:\n  url: https://e.org/\n  image:\n    url: http://e.org/a.png\n"
              "    secure_url: https://e.org/a.png\n---\n")
    assert codes(registry, nested) == []


def test_escaped_ampersand_and_unknown_names_are_not_residue(registry) -> None:
    ok = head('<meta property="og:image" content="https://example.org/a.png?w=1&amp;h=2&amp;v2;x">')
    assert "URL010" not in codes(registry, ok, "a.html")
    assert "URL021" not in codes(registry, ok, "a.html")


@pytest.mark.parametrize("code", ["en", "en-GB", "zh-Hant", "zh-Hant-TW", "es-419", "x-default", "fil"])
def test_valid_hreflang_codes(registry, code: str) -> None:
    page = head('<link rel="canonical" href="https://example.org/a/">',
                f'<link rel="alternate" hreflang="{code}" href="https://example.org/a/">')
    assert codes(registry, page, "a.html") == []


def test_canonical_repeated_with_the_same_target_is_fine(registry) -> None:
    page = head('<link rel="canonical" href="https://example.org/a/">',
                '<link rel="canonical" href="https://EXAMPLE.org/a/">')
    assert "URL014" not in codes(registry, page, "a.html")


def test_home_page_canonical_on_the_home_page(registry) -> None:
    page = head('<link rel="canonical" href="https://example.org/">',
                '<meta property="og:url" content="https://example.org">')
    assert "URL015" not in codes(registry, page, "a.html")

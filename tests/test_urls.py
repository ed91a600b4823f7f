from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oglint import urls
from oglint.urls import (
    TRACKING_PARAM,
    UrlDifference,
    compare,
    host_of,
    is_absolute_http,
    non_normalised_parts,
    normalise,
    split,
    syntax_problems,
)


# --- split / host_of / is_absolute_http ---------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://a:99999/",      # port out of range
    "http://a:8o/",         # non-numeric port
    "http://[::1/",         # unclosed IPv6 bracket
    "http://[::g]/",        # not an IPv6 address
    "http://[::1]x/",       # junk after the literal
    "http://a]b/",
    "https://a/b\tc",       # urlsplit would silently delete the tab
    " https://a/",          # ... and the leading space
])
def test_split_rejects_unparseable(url: str) -> None:
    assert split(url) is None


def test_split_accepts_valid_and_relative() -> None:
    assert split("https://u@[2001:db8::1]:8443/p?q#f") is not None
    assert split("http://a:/") is not None  # an empty port is legal (RFC 3986 §3.2.3)
    assert split("/relative/path") is not None
    assert split("") is not None


def test_host_of() -> None:
    assert host_of("https://User@WWW.Example.COM:8080/x") == "www.example.com"
    assert host_of("http://[2001:DB8::1]/") == "2001:db8::1"
    assert host_of("/relative") == ""
    assert host_of("http://a:99999/") == ""


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/", True),
    ("HTTP://example.com", True),
    ("https:///path", False),
    ("//example.com/x", False),
    ("/x", False),
    ("ftp://example.com/", False),
    ("javascript:alert(1)", False),
])
def test_is_absolute_http(url: str, expected: bool) -> None:
    assert is_absolute_http(url) is expected


# --- normalise ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("HTTP://Example.COM:80", "http://example.com/"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:/", "http://example.com/"),
    ("http://example.com:443/", "http://example.com:443/"),          # 443 is only https's default
    ("https://a/%7e%2f%c3%a9", "https://a/~%2F%C3%A9"),
    ("https://a/b/../c/./d/..", "https://a/c/"),
    ("https://a/%2E%2E/x", "https://a/x"),                            # decode first, then drop segments
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://BÜCHER.example/", "https://xn--bcher-kva.example/"),
    ("https://faß.de/", "https://faß.de/"),                           # IDNA 2003 would say fass.de: keep
    ("https://a/café?q=é#é", "https://a/caf%C3%A9?q=%C3%A9#%C3%A9"),
    ("https://a/?", "https://a/?"),                                   # empty query is kept
    ("https://a/#", "https://a/#"),
    ("https://a/?b=2&a=1#Frag", "https://a/?b=2&a=1#Frag"),           # query order and fragment kept
    ("https://A%41.com/", "https://aa.com/"),
    ("HTTPS://[2001:DB8::1]:443", "https://[2001:db8::1]/"),
    ("../a/./b", "../a/./b"),                                         # relative paths keep their dots
    ("/a/../b", "/b"),
    ("http:/.//x", "http:/.//x"),                                     # would otherwise become host 'x'
    ("http://a:99999/", "http://a:99999/"),                           # unparseable: unchanged
])
def test_normalise(url: str, expected: str) -> None:
    assert normalise(url) == expected


# --- compare ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("http://Example.COM:80", "http://example.com/"),
    ("https://a/%7e", "https://a/~"),
    ("https://a/b/../c", "https://a/c"),
    ("https://xn--bcher-kva.example/", "https://bücher.example/"),
    ("  https://a/x\n", "https://a/x"),
    ("https://a/caf%c3%a9", "https://a/café"),
    ("/a/%7Eb", "/a/~b"),
])
def test_compare_equivalent(a: str, b: str) -> None:
    assert compare(a, b) is None


@pytest.mark.parametrize("a, b, component, detail", [
    ("https://a/?", "https://a/", "query", "query '?' vs none"),
    ("ftp://a/x", "https://a/x", "scheme", "scheme 'ftp' vs 'https'"),
    ("https://u:p@a/", "https://a/", "userinfo", "userinfo 'u:p@' vs none"),
    ("https://a.com/", "https://b.com/", "host", "host 'a.com' vs 'b.com'"),
    ("https://a:8080/", "https://a/", "port", "port ':8080' vs none"),
    ("https://a/a/", "https://a/b/", "path", "path '/a/' vs '/b/'"),
    ("https://a/?x=1", "https://a/?x=2", "query", "query '?x=1' vs '?x=2'"),
    ("https://a/p#top", "https://a/p", "fragment", "fragment '#top' vs none"),
    ("https://a/p#", "https://a/p", "fragment", "fragment '#' vs none"),
    ("https://faß.de/", "https://fass.de/", "host", "host 'faß.de' vs 'fass.de'"),
    ("https://a/A", "https://a/a", "path", "path '/A' vs '/a'"),                    # path is case-sensitive
])
def test_compare_rfc_components(a: str, b: str, component: str, detail: str) -> None:
    assert compare(a, b) == UrlDifference(component, detail)


@pytest.mark.parametrize("a, b, step, detail", [
    ("http://a.com/x", "https://a.com/x", "http-vs-https", "scheme 'http' vs 'https'"),
    ("https://www.a.com/x", "https://a.com/x", "www", "host 'www.a.com' vs 'a.com'"),
    ("https://a.com/x/", "https://a.com/x", "trailing-slash", "path '/x/' vs '/x'"),
    ("/x", "/x/", "trailing-slash", "path '/x' vs '/x/'"),
    ("https://a/?a=1&b=2", "https://a/?b=2&a=1", "query-order", "query '?a=1&b=2' vs '?b=2&a=1'"),
    ("https://a/?utm_source=x&fbclid=1", "https://a/", "tracking-params", "query '?utm_source=x&fbclid=1' vs none"),
    ("https://a/?id=3&gclid=9", "https://a/?id=3", "tracking-params", "query '?id=3&gclid=9' vs '?id=3'"),
])
def test_compare_policy_steps(a: str, b: str, step: str, detail: str) -> None:
    assert compare(a, b) == UrlDifference(step, detail)


@pytest.mark.parametrize("a, b, step", [
    ("http://www.a.com/x", "https://a.com/x", "http-vs-https"),  # several policy steps: the first is reported
    ("https://www.a.com/x/", "https://a.com/x", "www"),
    ("https://www.a.com/x/", "https://www.a.com/x", "trailing-slash"),  # shared 'www.' is not a difference
    ("https://a/?b=1&a=1&utm_medium=m", "https://a/?a=1&b=1", "query-order"),
    ("http://a.com/x", "https://a.com/y", "scheme"),  # a real difference too: plain RFC component order
    ("https://www.a.com/x", "https://b.com/x", "host"),
    ("https://a/x?utm_source=1", "https://a/x?b=1", "query"),
])
def test_compare_combined_differences(a: str, b: str, step: str) -> None:
    diff = compare(a, b)
    assert diff is not None and diff.component == step


def test_tracking_param_names() -> None:
    for name in ("utm_source", "UTM_Campaign", "mtm_kwd", "pk_campaign", "fbclid", "gclid", "dclid", "msclkid",
                 "mc_cid", "mc_eid", "_ga", "_gl", "yclid", "igshid", "twclid", "gbraid"):
        assert TRACKING_PARAM.match(name), name
    for name in ("id", "page", "ref", "source", "q", "utm", "gclid2", "my_utm_source"):
        assert not TRACKING_PARAM.match(name), name


# --- syntax_problems ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://example.com/a/b?c=d&e=%20#f",
    "https://xn--bcher-kva.example/",
    "https://bücher.example/",            # IDN hosts are URL019's business, not a syntax error
    "https://[2001:db8::1]:8080/",
    "https://1.2.3.4/",
    "https://example.com./",
    "https://my_host.example/",
    "http://a:/",
    "/relative/path",
    "mailto:someone@example.com",
    "",
])
def test_syntax_ok(url: str) -> None:
    assert syntax_problems(url) == []


@pytest.mark.parametrize("url, problem", [
    ("https://example.com/a b", "space at position 22"),
    ("https://e.com/a b c", "space at positions 16, 18"),
    ("https://e.com/a\tb", "tab at position 16"),
    ("https://e.com/\x01", "control character (U+0001) at position 15"),
    ("https://e.com/\u00a0", "no-break space (U+00A0) at position 15"),
    ("https://e.com/{{slug}}", "unencoded '{' at positions 15, 16"),
    ("https://e.com/100%", "'%' not followed by two hex digits at position 18"),
    ("https://e.com/%zz", "'%' not followed by two hex digits at position 15"),
    ("https://e.com/café", "unencoded non-ASCII character 'é' in path"),
    ("https://e.com/?q=ü", "unencoded non-ASCII character 'ü' in query"),
    ("https://256.1.1.1/", "invalid IPv4 address '256.1.1.1'"),
    ("https://1.2.3/", "invalid IPv4 address '1.2.3'"),
    ("https:///path", "empty host"),
    ("https:example.com", "empty host"),
    ("https://a..b/", "empty label in host 'a..b'"),
    ("https://a!b.com/", "illegal character '!' in host"),
    ("https://" + "a" * 64 + ".com/", "host label longer than 63 characters: '" + "a" * 64 + "'"),
    ("https://[::g]/", "invalid IP literal '[::g]'"),
    ("https://e.com:99999/", "invalid port ':99999'"),
    ("https://e.com:80a/", "invalid port ':80a'"),
])
def test_syntax_problems(url: str, problem: str) -> None:
    assert problem in syntax_problems(url)


# --- non_normalised_parts -----------------------------------------------------------------------------

@pytest.mark.parametrize("url, part", [
    ("HTTPS://a.com/", "upper-case scheme"),
    ("https://A.com/", "upper-case host"),
    ("https://a.com:443/", "explicit default port :443"),
    ("http://a.com:80/", "explicit default port :80"),
    ("http://a.com:/", "empty port"),
    ("https://a.com/a/../b", "dot segments"),
    ("https://a.com/a/./", "dot segments"),
    ("https://a.com/%2f", "lower-case percent-escape %2f"),
    ("https://a.com/%2f%3a", "lower-case percent-escapes %2f, %3a"),
    ("https://a.com/%7E", "percent-encoded unreserved character %7E"),
    ("https://a.com", "empty path"),
])
def test_non_normalised_parts(url: str, part: str) -> None:
    assert part in non_normalised_parts(url)


@pytest.mark.parametrize("url", [
    "https://a.com/",
    "https://a.com:8443/A/%2F?Q=%7B#Frag",
    "http://a.com:443/",
    "../a/./b",          # relative paths are not dot-normalised
    "/x",
])
def test_already_normal(url: str) -> None:
    assert non_normalised_parts(url) == []


def test_lowercase_unreserved_escape_reported_once() -> None:
    assert non_normalised_parts("https://a.com/%7e") == ["percent-encoded unreserved character %7e"]


# --- properties ---------------------------------------------------------------------------------------

_label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?", fullmatch=True)
_segment = st.text(alphabet="abcXYZ019-._~%7eE2fF", max_size=6)
simple_urls = st.builds(
    lambda scheme, labels, port, segments, query, fragment: (
        f"{scheme}://{'.'.join(labels)}{port}/{'/'.join(segments)}{query}{fragment}"),
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["", ":", ":80", ":443", ":8080"]),
    st.lists(st.one_of(_segment, st.sampled_from([".", ".."])), max_size=4),
    st.sampled_from(["", "?", "?a=1&b=2", "?utm_source=x"]),
    st.sampled_from(["", "#", "#Top"]),
)


@settings(max_examples=300)
@given(st.text(), st.text())
def test_never_raises_on_arbitrary_text(a: str, b: str) -> None:
    normalise(a)
    compare(a, b)
    syntax_problems(a)
    non_normalised_parts(a)
    split(a)
    assert compare(a, a) is None


@given(simple_urls)
def test_normalise_idempotent_and_self_equal(url: str) -> None:
    once = normalise(url)
    assert normalise(once) == once
    assert compare(url, url) is None
    assert compare(url, once) is None
    assert non_normalised_parts(once) == []


@given(simple_urls)
def test_non_normalised_parts_agrees_with_normalise(url: str) -> None:
    assert (non_normalised_parts(url) == []) == (normalise(url) == url)


# --- the plain-URL shortcut ---------------------------------------------------------------------------

_CACHED = (urls.split, urls.normalise, urls._syntax_problems, urls._non_normalised_parts)


def _answers(url: str) -> tuple:
    for fn in _CACHED:  # a cached answer may come from either path
        fn.cache_clear()
    return split(url), normalise(url), syntax_problems(url), non_normalised_parts(url)


def _full_answers(url: str) -> tuple:
    """What the full checks say, with the plain-URL shortcut turned off."""
    with mock.patch.object(urls, "_plain_http", lambda url: False):
        answers = _answers(url)
    for fn in _CACHED:
        fn.cache_clear()
    return answers


@pytest.mark.parametrize("url, plain", [
    ("https://example.org/", True),
    ("http://a/", True),
    ("https://www.example.co.uk/a/b.png?w=1&h=2#top", True),
    ("https://" + "a" * 63 + ".org/x", True),
    ("https://example.org/a/.well-known/", False),  # '/.' may start a dot segment: the full checks decide
    ("https://example.org/a/..", False),
    ("https://example.org", False),                 # empty path
    ("https://Example.org/", False),                # upper-case host
    ("HTTPS://example.org/", False),
    ("https://example.org:443/", False),            # a port
    ("https://u@example.org/", False),              # userinfo
    ("https://example.org/caf%C3%A9", False),       # an escape
    ("https://1.2.3.4/", False),                    # an address, or a number that is none
    ("https://example.123/", False),
    ("https://" + "a" * 64 + ".org/", False),       # label too long
    ("https://" + "a." * 127 + "org/", False),      # host longer than 253 characters
    ("https://example.org/a b", False),
    ("https://bücher.example/", False),
    ("//example.org/", False),
])
def test_plain_http_shape(url: str, plain: bool) -> None:
    assert urls._plain_http(url) is plain
    assert _answers(url) == _full_answers(url)


# Mostly plain URLs, some a character away from it, so that both sides of the shortcut are exercised.
_ldh_label = st.from_regex(r"[a-z0-9-]{1,8}", fullmatch=True)
_odd_label = st.sampled_from(["", "1", "Ex", "a" * 63, "a" * 64, "xn--bcher-kva", "bü", "a:443", "u@a", "[::1]"])
plainish_urls = st.builds(
    lambda scheme, labels, rest: f"{scheme}://{'.'.join(labels)}{rest}",
    st.sampled_from(["http", "https", "https", "HTTP"]),
    st.lists(st.one_of(_ldh_label, _ldh_label, _odd_label), min_size=1, max_size=4),
    st.one_of(st.text(alphabet="/?#.:@[]!$&'()*+,;=~_-aZ09", max_size=12).map(lambda path: "/" + path),
              st.text(alphabet="/?#.%:@[]!$&'()*+,;=~_-aZ09 \\té", max_size=12)),
)


@settings(max_examples=500)
@given(plainish_urls)
def test_plain_shortcut_agrees_with_the_full_checks(url: str) -> None:
    assert _answers(url) == _full_answers(url)

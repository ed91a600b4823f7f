import html
from html.entities import html5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oglint.entities import (
    EntityRef,
    decode_attribute,
    decode_once_residue,
    decode_text,
    find_references,
    find_unterminated,
)


def texts(refs: list[EntityRef]) -> list[str]:
    return [r.text for r in refs]


# --- find_references -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "kind", "decoded"),
    [("&amp;", "named", "&"), ("&#38;", "decimal", "&"), ("&#x26;", "hex", "&"), ("&#X26;", "hex", "&"),
     ("&AMP;", "named", "&"), ("&Eacute;", "named", "É")],
)
def test_find_references_known(source: str, kind: str, decoded: str) -> None:
    (ref,) = find_references(source)
    assert ref == EntityRef(0, len(source), source, kind, True, True, decoded, None)


@pytest.mark.parametrize("source", ["&foo;", "&EACUTE;", "&notit;"])
def test_find_references_unknown_named(source: str) -> None:
    # Names are case-sensitive: html5 has 'Eacute;' but not 'EACUTE;'.
    (ref,) = find_references(source)
    assert (ref.known, ref.decoded, ref.kind, ref.terminated) == (False, "", "named", True)


@pytest.mark.parametrize(
    ("source", "decoded", "problem"),
    [("&#0;", "\ufffd", "null"), ("&#128;", "€", "c1-remapped"), ("&#x9F;", "Ÿ", "c1-remapped"),
     ("&#x81;", "\x81", "c1-remapped"),  # a hole in the remap table: emitted as the C1 control itself
     ("&#xD800;", "\ufffd", "surrogate"), ("&#xDFFF;", "\ufffd", "surrogate"),
     ("&#x110000;", "\ufffd", "out-of-range"), ("&#" + "9" * 5000 + ";", "\ufffd", "out-of-range"),
     ("&#xFFFE;", "\ufffe", "noncharacter"), ("&#xFDD0;", "\ufdd0", "noncharacter"),
     ("&#x10FFFF;", "\U0010ffff", "noncharacter"), ("&#x10FFFD;", "\U0010fffd", None), ("&#0065;", "A", None)],
)
def test_find_references_numeric_problems(source: str, decoded: str, problem: str | None) -> None:
    (ref,) = find_references(source)
    assert (ref.decoded, ref.problem, ref.known, ref.end) == (decoded, problem, True, len(source))


@pytest.mark.parametrize("source", ["R&D", "AT&T", "this&that", "this&nothing", "&amp", "&#38", "&;", "&#;",
                                    "&#x;", "&1abc;", "& amp;"])
def test_find_references_ignores_non_references(source: str) -> None:
    assert find_references(source) == []


def test_find_references_order_and_offsets_after_non_ascii() -> None:
    source = "é😀 &amp;x&#233;—&bogus;"
    refs = find_references(source)
    assert texts(refs) == ["&amp;", "&#233;", "&bogus;"]
    assert [(r.start, r.end) for r in refs] == [(3, 8), (9, 15), (16, 23)]
    assert all(source[r.start : r.end] == r.text for r in refs)


# --- find_unterminated -----------------------------------------------------------------------------------


def test_find_unterminated_legacy_longest_prefix() -> None:
    (ref,) = find_unterminated("© &copyright", in_attribute=False)
    assert ref == EntityRef(2, 7, "&copy", "named", False, True, "©", None)


def test_find_unterminated_numeric() -> None:
    assert find_unterminated("a&#38b &#x26 &#128", in_attribute=True) == [
        EntityRef(1, 5, "&#38", "decimal", False, True, "&", None),
        EntityRef(7, 12, "&#x26", "hex", False, True, "&", None),
        EntityRef(13, 18, "&#128", "decimal", False, True, "€", "c1-remapped"),
    ]


@pytest.mark.parametrize("source", ["&amp;", "&copy;", "R&D", "AT&T", "this&that", "&foo;", "&EACUTE;", "&#38;"])
def test_find_unterminated_ignores_terminated_and_unmatched(source: str) -> None:
    assert find_unterminated(source, in_attribute=False) == []
    assert find_unterminated(source, in_attribute=True) == []


def test_find_unterminated_text_vs_attribute() -> None:
    (in_text,) = find_unterminated("this&nothing", in_attribute=False)
    assert (in_text.text, in_text.decoded, in_text.trap) == ("&not", "¬", False)
    # Followed by an alphanumeric inside an attribute: HTML5 leaves it literal, still reported, not a trap.
    (in_attr,) = find_unterminated("this&nothing", in_attribute=True)
    assert (in_attr.text, in_attr.decoded, in_attr.trap) == ("&not", "", False)


@pytest.mark.parametrize("name", ["copy", "para", "reg", "not", "lt"])
def test_find_unterminated_query_string_trap(name: str) -> None:
    source = f"/x?a=1&{name}=2"
    (ref,) = find_unterminated(source, in_attribute=True)
    assert (ref.start, ref.text, ref.decoded, ref.trap) == (6, "&" + name, "", True)
    (ref,) = find_unterminated(source, in_attribute=False)
    assert (ref.decoded, ref.trap) == (html5[name], False)


def test_lang_is_not_a_legacy_name() -> None:
    # 'lang;' exists only with ';', so '&lang=' is decoded by nobody (not even html.unescape).
    assert find_unterminated("?a=1&lang=en", in_attribute=True) == []
    assert decode_text("?a=1&lang=en") == html.unescape("?a=1&lang=en") == "?a=1&lang=en"


def test_find_unterminated_offsets_after_non_ascii() -> None:
    source = "日本😀&copy 2024"
    (ref,) = find_unterminated(source, in_attribute=False)
    assert (ref.start, ref.end, source[ref.start : ref.end]) == (3, 8, "&copy")


# --- decode_attribute / decode_text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "attribute", "text"),
    [
        ("&amp;", "&", "&"), ("&#38;", "&", "&"), ("&#x26;", "&", "&"), ("&AMP;", "&", "&"),
        ("&EACUTE;", "&EACUTE;", "&EACUTE;"), ("&foo;", "&foo;", "&foo;"),
        ("R&D", "R&D", "R&D"), ("AT&T", "AT&T", "AT&T"), ("this&that", "this&that", "this&that"),
        ("AT&amp;amp;T", "AT&amp;T", "AT&amp;T"),
        ("this&nothing", "this&nothing", "this¬hing"),
        ("?a=1&copy=2", "?a=1&copy=2", "?a=1©=2"),
        ("&notit;", "&notit;", "¬it;"),  # HTML5 attribute rule applies: 'not' is followed by 'i'
        ("&ampx", "&ampx", "&x"),
        ("&amp x", "& x", "& x"), ("&copy", "©", "©"), ("&copy;right", "©right", "©right"),
        ("&#38", "&", "&"), ("&#38x", "&x", "&x"), ("&#x26g", "&g", "&g"), ("&#128;", "€", "€"),
        ("&#0;", "\ufffd", "\ufffd"), ("&#xD800;", "\ufffd", "\ufffd"), ("&#x110000;", "\ufffd", "\ufffd"),
        ("&#1;", "\x01", "\x01"), ("&#;", "&#;", "&#;"), ("&#x;", "&#x;", "&#x;"), ("&", "&", "&"),
        ("&&amp;&", "&&&", "&&&"), ("é&eacute;ç", "éé" + "ç", "ééç"), ("&NotEqualTilde;", "≂̸", "≂̸"),
    ],
)
def test_decode(raw: str, attribute: str, text: str) -> None:
    assert decode_attribute(raw) == attribute
    assert decode_text(raw) == text


def test_decode_attribute_differs_from_html_unescape() -> None:
    # CPython gh-69426: html.unescape decodes '&copy=' even where HTML5 attribute rules keep it literal.
    assert html.unescape("?a=1&copy=2") == "?a=1©=2"
    assert decode_attribute("?a=1&copy=2") == "?a=1&copy=2"


# --- decode_once_residue ---------------------------------------------------------------------------------


def test_decode_once_residue() -> None:
    (ref,) = decode_once_residue("AT&amp;amp;T")
    assert (ref.text, ref.start, ref.known) == ("&amp;", 2, True)
    assert texts(decode_once_residue("It&amp;#39;s")) == ["&#39;"]
    assert decode_once_residue("R&amp;D") == []
    assert decode_once_residue("this&nothing") == []
    assert decode_once_residue("a&lt;b&gt;") == []
    # Unknown names survive decoding unchanged, so they are residue too (ENT004 reports them separately).
    assert texts(decode_once_residue("&foo;")) == ["&foo;"]


def test_decode_once_residue_text_rules() -> None:
    # '&not' decodes in text, leaving 'in;' which is not a reference.
    assert decode_once_residue("&notin;", in_attribute=False) == []
    assert texts(decode_once_residue("&amp;copy;", in_attribute=False)) == ["&copy;"]


# --- properties ------------------------------------------------------------------------------------------

# Characters that make references interesting, mixed with arbitrary text.
_entityish = st.text(alphabet=st.sampled_from(list("&#;=xXampcoynt0123456789ABDF é")) | st.characters())


@given(_entityish, st.booleans())
def test_never_raises_and_spans_match(source: str, in_attribute: bool) -> None:
    decode_attribute(source)
    decode_text(source)
    decode_once_residue(source, in_attribute)
    for ref in find_references(source) + find_unterminated(source, in_attribute):
        assert source[ref.start : ref.end] == ref.text
        assert ref.text.endswith(";") == ref.terminated


@given(st.text().map(lambda s: s.replace("&", "")), st.booleans())
def test_identity_without_ampersand(source: str, in_attribute: bool) -> None:
    assert decode_attribute(source) == source
    assert decode_text(source) == source
    assert find_references(source) == []
    assert find_unterminated(source, in_attribute) == []
    assert decode_once_residue(source, in_attribute) == []


@given(st.text())
def test_escape_round_trip(source: str) -> None:
    escaped = html.escape(source)
    assert decode_attribute(escaped) == source
    assert decode_text(escaped) == source
    assert decode_once_residue(escaped) == find_references(source)


@given(_entityish.map(lambda s: s.replace("#", "")))
def test_decode_text_matches_html_unescape_for_named(source: str) -> None:
    # Without numeric refs (where CPython drops control code points), text decoding is html.unescape's.
    assert decode_text(source) == html.unescape(source)


def _libxml2_html5() -> bool:
    # libxml2 >= 2.14 tokenizes HTML per HTML5, which makes lxml an independent oracle when it is installed.
    try:
        from lxml import etree
    except ImportError:
        return False
    return etree.LIBXML_VERSION >= (2, 14)


@pytest.mark.skipif(not _libxml2_html5(), reason="needs lxml built on libxml2 >= 2.14")
@given(st.text(alphabet=st.sampled_from(list("&#;=xXampcoyntiAEMPU0123456789DF é\x81€"))))
def test_agrees_with_libxml2_html5_tokenizer(source: str) -> None:
    import lxml.html

    # '<', '"', CR and NUL are kept out of the alphabet: the tokenizer treats them specially outside references.
    link = lxml.html.fromstring(f'<p><a title="{source}">x{source}</a></p>').find(".//a")
    assert decode_attribute(source) == link.get("title")
    assert "x" + decode_text(source) == link.text

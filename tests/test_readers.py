"""Readers: one Document model for every input kind, exact spans, and no exception on any input."""

from __future__ import annotations

import datetime as dt
import re
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from html_reference import read as reference_read  # tests/html_reference.py (tests/ is on sys.path)

from oglint import textkit
from oglint.model import LineIndex
from oglint.readers import html as html_reader, read_document
from oglint.readers.toml_fm import tomllib

SEEDISH = "```yaml\nog:\n  title: T\n  image:\n    - url: https://e.org/1.png\n      width: 600\n    - https://e.org/2.png\n```\nBody\n"


def names(doc):
    return [(f.name, f.value) for f in doc.fields]


def test_nested_lists_and_flat_keys_share_names() -> None:
    doc = read_document("a.txt", SEEDISH.encode())
    assert names(doc) == [("og:title", "T"), ("og:image", "https://e.org/1.png"), ("og:image:width", 600),
                          ("og:image", "https://e.org/2.png")]
    assert [f.key for f in doc.fields][1:] == ["og.image[0].url", "og.image[0].width", "og.image[1]"]
    flat = read_document("b.md", b"---\nog:title: T\nog:image: https://e.org/1.png\n---\n")
    assert names(flat)[0] == ("og:title", "T")
    html = read_document("c.html", b'<head><meta property="OG:Title" content="T"><meta property="og:image:url" '
                                   b'content="https://e.org/1.png"></head>')
    assert names(html) == [("og:title", "T"), ("og:image", "https://e.org/1.png")]
    assert html.fields[0].key == "OG:Title" and html.fields[1].key == "og:image:url"


def test_yaml_types_are_kept() -> None:
    doc = read_document("a.md", b"---\ndate: 2024-02-01\narticle:\n  published_time: 2024-02-01T10:00:00Z\n---\n")
    assert doc.first("date").value == dt.date(2024, 2, 1)
    assert doc.first("article:published_time").value == dt.datetime(2024, 2, 1, 10, tzinfo=dt.timezone.utc)


def test_spans_with_crlf_bom_and_non_ascii() -> None:
    data = "\ufeff---\r\ntitle: é€\r\nog:\r\n  title: \"x\"\r\n---\r\n".encode()
    doc = read_document("a.md", data)
    title, og_title = doc.first("title"), doc.first("og:title")
    assert (title.span.line, title.span.column, title.span.end_column) == (2, 8, 10)
    assert (og_title.span.line, og_title.span.column, og_title.raw) == (4, 10, '"x"')


def test_html_attribute_values_follow_html5() -> None:
    doc = read_document("a.html", b'<head>\r\n<meta content="https://e.org/?a=1&copy=2&amp;b" property=og:url>'
                                  b"<title>A &amp; B</title></head>")
    url = doc.first("og:url")
    assert url.value == "https://e.org/?a=1&copy=2&b"  # &copy= stays literal in an attribute (gh-69426)
    assert (url.span.line, url.span.column) == (2, 16)
    assert doc.first("title").value == "A & B"


def test_html_tags_outside_head_are_kept_apart() -> None:
    doc = read_document("a.html", b'<head><title>T</title></head><body><meta property="og:title" content="X">')
    assert doc.first("og:title") is None
    assert [f.name for f in doc.outside_head] == ["og:title"]


def test_unclosed_and_non_mapping_front_matter_are_fm001() -> None:
    assert read_document("a.md", b"---\ntitle: x\n").problems[0].code == "FM001"
    assert read_document("a.md", b"---\n- a\n- b\n---\n").problems[0].code == "FM001"


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("value", ["w", "[w]"], ids=["line reader", "libyaml"])
def test_duplicate_key_names_the_first_keys_line_in_the_document(eol: str, value: str) -> None:
    text = eol.join(["---", "a: 1", "b: 2", "title: x", "og:", "  title: y", f"  title: {value}",
                     f"title: {value}", "---", ""])
    doc = read_document("d.md", text.encode())
    assert [(p.span.line, p.message.split(";")[0]) for p in doc.problems] == [
        (7, "duplicate key 'title' (first at line 6)"), (8, "duplicate key 'title' (first at line 4)")]


@pytest.mark.parametrize("text", ["```yaml\ntitle: T\n````\nBody\n", "````yml\ntitle: T\n````\n",
                                  "```yaml\rtitle: T\r```\r", "`````YAML\r\ntitle: T\r\n``````  \r\n"])
def test_a_backtick_fence_closes_with_as_many_backticks_or_more(text: str) -> None:
    doc = read_document("a.md", text.encode())
    assert (doc.problems, names(doc)) == ([], [("title", "T")])


def test_a_shorter_backtick_fence_does_not_close() -> None:
    doc = read_document("a.md", b"````yaml\ntitle: T\n```\n")
    assert [p.code for p in doc.problems] == ["FM001"] and "never closed" in doc.problems[0].message


def test_html_named_generator_sources_are_read_as_front_matter() -> None:
    jekyll = read_document("index.html", b"---\r\ntitle: Home &amp; away\r\n---\r\n<h1>{{ page.title }}</h1>\n")
    assert (jekyll.kind, names(jekyll), jekyll.fields[0].span.line) == ("yaml", [("title", "Home &amp; away")], 2)
    hugo = read_document("a.htm", b'+++\ntitle = "T"\n+++\n<p>x</p>\n')
    assert (hugo.kind, names(hugo)) == ("toml", [("title", "T")])
    page = read_document("b.html", b"<!doctype html><title>T</title>\n---\n")
    assert page.kind == "html"
    own_head = read_document("c.html", b"---\nlayout: null\n---\n<html><HEAD>\n<meta property='og:title' "
                                       b"content='T'></head></html>\n")
    assert (own_head.kind, names(own_head)) == ("html", [("og:title", "T")])


def test_booleans_are_text_as_templates_print_them() -> None:
    doc = read_document("a.md", b"---\nog:\n  image:width: true\n  title: False\n---\n")
    assert [(f.value, f.text) for f in doc.fields] == [(True, "true"), (False, "false")]


def test_json_syntax_errors_read_whole() -> None:
    doc = read_document("a.md", b'{"title": "a\tb"}\n')
    assert [(p.code, p.message, p.span.column) for p in doc.problems] == [
        ("FM001", "JSON syntax error: Invalid control character", 13)]


def test_unsafe_tag_is_refused() -> None:
    doc = read_document("a.md", b"---\ntitle: !!python/object/apply:os.system ['true']\n---\n")
    assert [p.code for p in doc.problems] == ["FM001"]
    assert doc.first("title") is None


def test_deep_nesting_is_bounded() -> None:
    deep = "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    doc = read_document("a.md", deep.encode())
    assert [p.code for p in doc.problems] == ["FM012"]


text_documents = st.one_of(
    st.text(),
    st.builds(lambda fence, body: f"{fence}\n{body}\n{fence}\n", st.sampled_from(["---", "+++", "```yaml"]),
              st.text()),
    st.builds(lambda body: "{" + body, st.text()),
    st.builds(lambda body: f"<head><meta property=og:title content={body}></head>", st.text()),
)


@settings(max_examples=300, deadline=None)
@given(text_documents, st.sampled_from(["a.md", "a.html", "a.txt"]))
def test_readers_never_raise_on_text(text: str, path: str) -> None:
    doc = read_document(path, text.encode("utf-8", "surrogatepass"))
    for f in doc.fields:
        assert 1 <= f.span.line <= f.span.end_line and f.span.column >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.md", "a.html"]))
def test_readers_never_raise_on_bytes(data: bytes, path: str) -> None:
    read_document(path, data)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["a", "é", "\n", "\r", "\r\n", "\u2028", "\x0c"]), max_size=30),
       st.lists(st.tuples(st.sampled_from(["position", "start", "offset"]), st.integers(0, 40)), max_size=8))
def test_line_index_finds_lines_lazily_as_a_full_scan_would(pieces: list[str], asks: list) -> None:
    text = "".join(pieces)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]  # LF, CR LF, lone CR: nothing else
    index = LineIndex(text)
    for kind, n in asks:  # in any order: each answer must not depend on what was asked before
        if kind == "position" and n <= len(text):
            line = max(i for i, s in enumerate(starts) if s <= n)
            assert index.position(n) == (line + 1, n - starts[line] + 1)
        elif kind == "start":
            assert index.start(n) == (starts[n - 1] if 1 <= n <= len(starts) else None)
        elif kind == "offset":
            assert index.offset(n, 2) == starts[min(max(n, 1), len(starts)) - 1] + 1


@settings(max_examples=300)
@given(st.lists(st.tuples(st.text("abyYnNtTfFoO0123456789.:-+_~eE<=!&* '\"", max_size=12),
                          st.sampled_from(["", "'", '"'])), min_size=1, max_size=6))
def test_our_loader_resolves_tags_as_the_safe_loader_does(values: list) -> None:
    from oglint.readers import yaml_fm

    text = "".join(f"k{i}: {quote}{value}{quote}\n" for i, (value, quote) in enumerate(values))
    text += "list:\n" + "".join(f"  - {value}\n" for value, _ in values)
    try:
        expected = yaml.compose(text, Loader=yaml_fm._BaseLoader)  # the stock C safe loader
    except yaml.YAMLError:
        return
    ours = yaml.compose(text, Loader=yaml_fm.Loader)

    def tags(node):
        if isinstance(node, yaml.ScalarNode):
            return node.tag, node.value
        children = node.value if isinstance(node, yaml.SequenceNode) else [c for pair in node.value for c in pair]
        return node.tag, [tags(c) for c in children]

    assert tags(ours) == tags(expected)
# The HTML reader is tuned for speed (one regex search per piece of markup, values decoded only when they hold
# `&`); tests/html_reference.py keeps the plain version it replaced. Both must read every page alike.
html_pieces = st.sampled_from([
    "<", ">", "=", '"', "'", "/", " ", "\n", "\r", "\t", "\u00a0", "é", "a", "B", "&", "&amp;", "&copy=", "&#x26;",
    "<!--", "-->", "<!", "<?", "</", "<![CDATA[", "<meta ", "<META ", "<link ", "<title>", "</title>", "</title/>",
    "</head>", "<body>", "<head ", "<html ", "<base ", "<script>", "</script>", "<style>", "</style >", "<a ",
    "property=og:title ", "name=twitter:card ", "itemprop=name ", "content=", 'content="a&amp;b" ', "content='x>y' ",
    "rel=canonical ", "rel=alternate hreflang=en ", "href=x ", "lang=en ", 'prefix="og: x" ', "og:", "canonical",
])


def _read_alike(text: str) -> None:
    def fields(fs: list) -> list:
        return [(f.name, f.value, f.raw, f.start, f.span, f.key, f.attrs) for f in fs]

    new, old = html_reader.read("a.html", text), reference_read("a.html", text)
    assert fields(new.fields) == fields(old.fields) and fields(new.outside_head) == fields(old.outside_head)
    assert new.problems == old.problems and new.anchor == old.anchor


@settings(max_examples=1000, deadline=None)
@given(st.lists(html_pieces | st.characters(blacklist_categories=["Cs"]), max_size=50).map("".join))
def test_html_reader_reads_as_the_reference_reader(text: str) -> None:
    _read_alike(text)


@pytest.mark.parametrize("page", sorted((Path(__file__).parent / "fixtures").rglob("*.htm*")), ids=lambda p: p.name)
def test_html_fixtures_read_as_the_reference_reader(page: Path) -> None:
    _read_alike(page.read_bytes().decode("utf-8").removeprefix("\ufeff"))


@pytest.mark.parametrize("tag", ["<a " + "=" * 200_000, "<meta " + "a=b " * 100_000 + ">"],
                         ids=["equals", "attributes"])
def test_html_tags_with_many_values_take_little_memory(tag: str) -> None:
    # the head tokenizer's regex repeats a group at most 8 times: unbounded, the regex engine kept a frame per
    # `=` (~370 bytes each: 1 MB of `=` took 370 MB)
    tracemalloc.start()
    try:
        html_reader.read("a.html", "<head>" + tag)
        assert tracemalloc.get_traced_memory()[1] < 10_000_000  # unbounded: 79 MB and 41 MB
    finally:
        tracemalloc.stop()


# TOML front matter: tomllib gives the values, a tokenizer beside it their places. Generated documents write each
# value in one of TOML's forms (the four kinds of strings, escapes, line-joining backslashes, numbers, dates,
# arrays over lines with comments, inline tables, dotted and quoted keys, tables, arrays of tables) and every
# value is distinct: a field whose source, read as a TOML value, is its own value points at no other key.
_TOML_PIECES = [*"ab é&;#=.,[]{}'\"\\\t\n\r\x01", "'''", '"""', "&amp;"]
_TOML_TEXT = st.lists(st.sampled_from(_TOML_PIECES), max_size=8).map("".join)
_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\x01": "\\u0001"}


@st.composite
def toml_documents(draw) -> str:
    counter = iter(range(10_000))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))

    def string() -> str:
        text = f"{next(counter)}:{draw(_TOML_TEXT)}"  # the counter makes it distinct, the ':' ends the counter
        kind = draw(st.sampled_from(["basic", "literal", "multi-line basic", "multi-line literal"]))
        if kind == "literal" and not re.search(r"['\n\r\x01]", text):
            return f"'{text}'"
        if kind == "multi-line literal" and not re.search(r"'''|[\r\x01]", text):
            return "'''" + eol + text.replace("\n", eol) + "'''"
        unicode = draw(st.booleans())  # write `é` and `&` as \u escapes
        body = "".join(f"\\u{ord(c):04x}" if unicode and c in "é&" else _TOML_ESCAPES.get(c, c) for c in text)
        if kind == "multi-line basic":  # line ends as they are, and a backslash joining the last line
            return '"""' + eol + body.replace("\n", eol) + "\\  " + eol + '  """'
        return '"' + body.replace("\n", "\\n") + '"'

    def value(depth: int = 0) -> str:
        n = next(counter)
        kind = draw(st.sampled_from(["number", "date", "string", "string"] + ["array", "table"] * (depth < 2)))
        if kind == "number":
            return draw(st.sampled_from([str(n), f"0x{n:x}", f"+{n}", f"{n}.5", f"{n}5e-1"]))
        if kind == "date":
            year = 2000 + n
            return draw(st.sampled_from([f"{year}-01-02", f"{year}-01-02 03:04:05Z", f"{year}-01-02T03:04:00"]))
        if kind == "string":
            return string()
        items = [value(depth + 1) for _ in range(draw(st.integers(0, 3)))]
        if kind == "table":
            return "{ " + ", ".join(f"{key()} = {item}" for item in items) + " }"
        gaps = [", ", ",", f",{eol}  ", f", # a comment, [x]{eol}  "]
        return "[" + draw(st.sampled_from(["", eol])) + "".join(i + draw(st.sampled_from(gaps)) for i in items) + "]"

    def key() -> str:
        n = next(counter)
        return draw(st.sampled_from([f"k{n}", f'"k {n}"', f"'k.{n}'", f'k{n} . "\\u0041"', f"k{n}.x"]))

    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        header = draw(st.sampled_from(["", "[[a]]"] + ["[t{}. 'q']", "[a.t{}]", "[[a.b]]"] * bool(lines)))
        if header in ("[a.t{}]", "[[a.b]]") and "[[a]]" not in lines:
            header = "[[a]]"  # they need an element of `a` to be in
        lines.append(header.format(next(counter)))
        for _ in range(draw(st.integers(0, 4))):
            lines.append(f"{key()} = {value()}" + draw(st.sampled_from(["", "  # a = 1"])))
    return f"+++{eol}" + eol.join(lines) + f"{eol}+++{eol}"


@settings(max_examples=300, deadline=None)
@given(toml_documents())
def test_toml_values_point_at_their_own_source(text: str) -> None:
    doc = read_document("a.md", text.encode())
    assert all(p.code == "FM011" for p in doc.problems), doc.problems  # FM011: a block without values
    lf = re.sub(r"\r(?!\n)", "\n", doc.text)  # TOML takes a lone CR only as the reader reads it: as LF
    for f in doc.fields:
        assert tomllib.loads("v = " + lf[f.start:f.start + len(f.raw)])["v"] == f.value, f
        if isinstance(f.value, str):  # and each of its characters is traced to its source
            assert textkit.units(doc, f) is not None, f


def test_toml_lone_cr_is_a_line_end_and_errors_count_line_feeds() -> None:
    doc = read_document("a.md", b'+++\rtitle = "t"\rurl = "u"\r+++\r')  # TOML itself takes LF and CR LF only
    assert [(f.name, f.span.line, f.span.column) for f in doc.fields] == [("title", 2, 9), ("url", 3, 7)]
    doc = read_document("a.md", '+++\ntitle = "t" # a\u2028b\nx = \n+++\n'.encode())  # U+2028 ends no line
    assert [(p.code, p.span.line, p.span.column) for p in doc.problems] == [("FM001", 3, 5)]

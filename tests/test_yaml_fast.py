"""The fast YAML reader (oglint/readers/yaml_fast.py) against the libyaml one: on every block it either
declines (None) or gives exactly what libyaml's path gives -- values with their types, paths, offsets, order,
duplicate-key problems. Blocks come from the fixtures, the seeds, mutations of both, a generated corpus, and
hypothesis building blocks from tricky pieces. And it must actually take the common documents."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, SHARED
from oglint.readers import frontmatter, yaml_fast, yaml_fm
from oglint.readers.tree import ParseError

FUZZ = ROOT / "tests" / "fuzz"
GENERATOR = SHARED / "bench" / "gen.py"


def _slow(block: str) -> object:
    """What yaml_fm.leaves gives through libyaml alone (the fast reader switched off), or its ParseError."""
    fast, yaml_fast.leaves = yaml_fast.leaves, lambda block: None
    try:
        return yaml_fm.leaves(block)
    except ParseError as exc:
        return ("ParseError", exc.args)
    finally:
        yaml_fast.leaves = fast


def _typed(result: object) -> str:
    """A comparable form that tells 1 from True, 1.0, "1", a date from a datetime, and nan from nan."""
    return repr(result)


def _agrees(block: str) -> bool:
    """The fast reader declines the block, or reads it exactly as libyaml does. True when it read it."""
    fast = yaml_fast.leaves(block)
    if fast is None:
        return False
    slow = _slow(block)
    assert _typed(fast) == _typed(slow), f"block {block!r}:\n fast {fast!r}\n slow {slow!r}"
    return True


def _yaml_blocks(data: bytes) -> Iterator[str]:
    """The YAML front-matter block of a file, decoded and cut as the readers do."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    opened = frontmatter._opening(text)
    if opened is None or opened[0] != "yaml":
        return
    closing = frontmatter._closing(text, opened[2], opened[1])
    if closing is not None:
        yield text[opened[2]:closing[0]]


def _files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]


SEED_BLOCKS = [b for p in _files(ROOT / "seeds") for b in _yaml_blocks(p.read_bytes())]
FIXTURE_BLOCKS = [b for p in _files(ROOT / "tests" / "fixtures") for b in _yaml_blocks(p.read_bytes())]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The blocks of 3,000 documents from the benchmark's generator (another seed than the benchmark's)."""
    if not GENERATOR.is_file():
        pytest.skip(f"no corpus generator at {GENERATOR}")
    out = tmp_path_factory.mktemp("gen")
    subprocess.run([sys.executable, str(GENERATOR), "md", str(out), "3000", "--seed", "7"], check=True,
                   capture_output=True)
    return [b for p in _files(out) for b in _yaml_blocks(p.read_bytes())]


def test_fixtures_and_seeds_agree() -> None:
    assert SEED_BLOCKS and FIXTURE_BLOCKS
    for block in SEED_BLOCKS + FIXTURE_BLOCKS:
        _agrees(block)


def test_mutated_documents_agree() -> None:
    """Bit flips, truncations, BOMs, tags, CRLF, tabs, surrogates... of the seeds and fixtures."""
    sys.path.insert(0, str(FUZZ))
    try:
        import corpus  # tests/fuzz/corpus.py
    finally:
        sys.path.remove(str(FUZZ))
    for _, data in corpus.mutated(1500, seed=11):
        for block in _yaml_blocks(data):
            _agrees(block)


def test_generated_corpus_agrees_and_is_taken(generated: list[str]) -> None:
    assert len(generated) == 3000
    taken = sum(_agrees(block) for block in generated)
    assert taken >= 0.95 * len(generated), f"the fast reader takes only {taken} of {len(generated)} blocks"


def test_seeds_and_fixtures_are_taken() -> None:
    taken = sum(_agrees(block) for block in SEED_BLOCKS)
    assert taken >= 0.95 * len(SEED_BLOCKS)
    # Fixtures test odd shapes on purpose (CRLF and a BOM, duplicate keys, YAML typing): most are still taken.
    assert sum(_agrees(block) for block in FIXTURE_BLOCKS) >= 0.8 * len(FIXTURE_BLOCKS)


@pytest.mark.parametrize("block, expected", [
    ("a: yes\nb: 0o17\nb8: 017\nc: 1_000\nd: 2024-01-01\ne: ~\nf: 1.5\ng: no\n",  # YAML 1.1: 017 is octal
     [(("a",), True), (("b",), "0o17"), (("b8",), 15), (("c",), 1000), (("d",), datetime.date(2024, 1, 1)),
      (("e",), None), (("f",), 1.5), (("g",), False)]),
    ("og:\n  title: 'It''s'\n  url: \"https://x/\\u2019\"\nlist:\n- a\n- 1\n", [
        (("og", "title"), "It's"), (("og", "url"), "https://x/\u2019"), (("list", 0), "a"), (("list", 1), 1)]),
    ("s: >\n  folded\n  text\n\n  more\nl: |-\n  lit\n    eral\n", [(("s",), "folded text\nmore\n"),
                                                                   (("l",), "lit\n  eral")]),
])
def test_typical_blocks_are_read_fast_and_right(block: str, expected: list[tuple]) -> None:
    fast = yaml_fast.leaves(block)
    assert fast is not None
    assert [(path, value) for path, value, _, _ in fast[0]] == expected
    assert _typed(fast) == _typed(_slow(block))


@pytest.mark.parametrize("block", [
    "key  : v\n", "og:title: x\nog:image:url: y\n", "k: a#b\n", "k: x # c\n", "k: 'a' # c\n", "k: -1\n",
    "k: [a, b c ,d]\n", "k: []\n", "l:\n- a\n- b\nm: 1\n", "a:\n  - x:\n      y: 1\n    z: 2\n  - w\n",
    "a:\nb:\n", "l:\n  -\n  - # c\n  - x\n", "a: 1\n     # odd comment\nb: 2\n", "a: x   \nb: 'y'  \n",
    "a: 1\n\n\n", "a: 1", "a: b\xa0c\n", "a: 😀 x\nb: é\n", "s: >\n  a\n\n\n  b\n\n",
    "s: |\n  a\n  # not a comment\n\n", "s: >-\n  a\n  b", "s: > # c\n  a\nt: 1\n", "a: \"x\\\"y\"\n",
    "a: 'it''s'\n", "a:    \n", "a: \"\\\\\"\n", "a: 12:30\n", "on: yes\nnull: ~\n1: 2\n",
    "a: 2024-01-01T10:00:00Z\n", "a: 2024-01-01 10:00:00.5 -5\n", "a: .inf\nb: -.Inf\nc: .NaN\n",
])
def test_supported_shapes_are_read_fast_and_right(block: str) -> None:
    assert _agrees(block)


def test_duplicate_keys_give_the_same_problem() -> None:
    block = "# c\ntitle: a\nog:\n  title: b\n  title: c\ntitle: d\n"
    fast = yaml_fast.leaves(block)
    assert fast is not None and len(fast[1]) == 2
    assert _typed(fast) == _typed(_slow(block))


@pytest.mark.parametrize("block", [
    "a: b\n\tc: d\n", "a: [b, {c: d}]\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "? a\n: b\n",
    "a: b\n  c\n", "a: 'b\n  c'\n", "%YAML 1.1\n---\na: b\n", "a: b\n---\nc: d\n", "a: b: c\n", "a: @b\n",
    "\ufeffa: b\n", "a: b\x01\n", "a: b\r\nc: d\r\n", "a: \"\\q\"\n", "a: \"\\ud800\"\n", "a: 2024-02-30\n",
    "- a\n- b\n", "x\n", "a:\n   b: 1\n  c: 2\n", "s: >\n\n  leading blank\n", "s: >\n  a\n    more indented\n",
    "s: >2\n  a\n", "s: |+\n  a\n", "s: >", "s: >\n", "k" * 1100 + ": v\n", "a: 1\n" * 30_000,
])
def test_unusual_blocks_are_left_to_libyaml(block: str) -> None:
    assert yaml_fast.leaves(block) is None


# ---------------------------------------------------------------- hypothesis: blocks from tricky pieces

KEYS = ["title", "og:title", "a", "b", "Key With Spaces", "yes", "no", "on", "1", "0x1F", "null", "~", "true",
        "2024-01-01", "2024-02-30", "12:30", "<<", "=", "a#b", "a #b", "k:v", "k:", "-k", "?k", ":k", ".k", "...",
        "'q'", '"q"', "[k]", "a[0]", "ünï", "😀", "a\xa0b", "@k", "%k", "!k", "&k", "*k", "k\t", "k "]
WORDS = ["yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "0", "-1", "+1", "0o17", "017",
         "0x_1F", "0b101", "0b_", "1_000", "1,000", "1e3", "1.5e3", "1.0e+3", ".5", "1.", "-.inf", ".NaN", "1:30",
         "190:20:30.15", "2024-01-01", "2024-1-1", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00.5 -5",
         "2024-02-30", "2001-12-14t21:59:43.10-05:00", "=", "<<", "<", "http://x.y/z?a=b#c", "a:b", "a: b",
         "a :b", "a #b", "a#b", "#", " ", "  ", "'", '"', "''", "\\", "\\n", "\\u2019", "\\x41", "\\U0001F600",
         "\\ud800", "\\q", "\\\"", "\\/", "\\_", "\\N", "\\ ", "é", "’", "😀", "\xa0", "\u2028", "\x85", "\ufeff",
         "\t", "\r", "\x00", "\x7f", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "-",
         ":", "- ", "---", "...", "word", "two words", "&amp;"]

text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map("".join)
plain_value = st.one_of(text, st.sampled_from(WORDS))
single_quoted = text.map(lambda s: "'" + s.replace("'", "''") + "'") | text.map(lambda s: f"'{s}'")
double_quoted = text.map(lambda s: f'"{s}"')
flow = st.lists(st.sampled_from(["a", "b c", "1", "yes", "", " d ", "x:y", "'q'", "[n]"]), max_size=3).map(
    lambda items: "[" + ", ".join(items) + "]") | st.sampled_from(["[]", "[ ]", "[a,]", "[a", "[a] x"])
comment = st.sampled_from(["", "", "", " # c", "  #c", "#c", " #", " # a: b"])
value = st.tuples(st.one_of(plain_value, single_quoted, double_quoted, flow), comment).map("".join)
key = st.sampled_from(KEYS)
indents = st.sampled_from([0, 0, 2, 2, 4, 1, 3, 6])


@st.composite
def block_scalar(draw: st.DrawFn, indent: int) -> str:
    header = draw(st.sampled_from([">", "|", ">-", "|-", ">+", "|2", "> # c", ">x"]))
    inner = indent + draw(st.sampled_from([2, 2, 1, 4, 0]))
    lines = draw(st.lists(st.one_of(text, st.sampled_from(["", " ", "  ", "# not a comment"])), min_size=0,
                          max_size=4))
    body = "".join(" " * (inner + draw(st.sampled_from([0, 0, 0, 1, 2]))) + line + "\n" for line in lines)
    return header + "\n" + body


@st.composite
def soup(draw: st.DrawFn) -> str:
    """Lines of any kind at any indentation: mostly not valid YAML, which the fast reader must decline."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(indents)
        kind = draw(st.sampled_from(["kv", "kv", "key", "item", "item_kv", "dash", "comment", "blank", "scalar"]))
        if kind == "kv":
            lines.append(f"{indent}{draw(key)}: {draw(value)}")
        elif kind == "key":
            lines.append(f"{indent}{draw(key)}:{draw(comment)}")
        elif kind == "item":
            lines.append(f"{indent}- {draw(value)}")
        elif kind == "item_kv":
            lines.append(f"{indent}- {draw(key)}: {draw(value)}")
        elif kind == "dash":
            lines.append(f"{indent}-")
        elif kind == "comment":
            lines.append(f"{indent}# comment: {draw(text)}")
        elif kind == "blank":
            lines.append(indent)
        else:
            lines.append(f"{indent}{draw(key)}: " + draw(block_scalar(len(indent))).rstrip("\n"))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n  "]))


@st.composite
def document(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A well-indented mapping of tricky keys and values, with nested mappings and lists."""
    out = ""
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.sampled_from(KEYS[:8] + ["og:image", "url", "tags", "x"]) | st.sampled_from(KEYS))
        pad = " " * indent
        shape = draw(st.sampled_from(["value", "value", "empty", "map", "list", "scalar"] if depth < 3 else
                                     ["value", "empty"]))
        if shape == "value":
            out += f"{pad}{k}: {draw(value)}\n"
        elif shape == "empty":
            out += f"{pad}{k}:{draw(comment)}\n"
        elif shape == "map":
            out += f"{pad}{k}:\n" + draw(document(indent + draw(st.sampled_from([2, 4, 1])), depth + 1))
        elif shape == "list":
            out += f"{pad}{k}:\n"
            item_indent = indent + draw(st.sampled_from([0, 2, 2]))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    out += " " * item_indent + f"- {draw(value)}\n"
                else:
                    inner = draw(document(item_indent + 2, depth + 1))
                    out += " " * item_indent + "- " + inner[item_indent + 2:]
        else:
            out += f"{pad}{k}: " + draw(block_scalar(indent))
        if draw(st.integers(0, 5)) == 0:
            out += draw(st.sampled_from(["\n", "# c\n", "   \n", "  # c\n"]))
    return out


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(soup())
def test_line_soup_agrees(block: str) -> None:
    _agrees(block)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(document())
def test_built_documents_agree(block: str) -> None:
    _agrees(block)

"""The result cache beyond what test_speed checks: the memo of cross-document findings (a run over files the
cache knows resolves no corpus keys, and one over other files does not use it), entries read from their
place in a segment (through its table of contents, or by reading it through when that is broken), a table
that lies, memos kept few by a merge, and the report's sources read up to a bound."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from oglint import cache as cache_module
from oglint import cachecodec, cachefile, runner
from oglint.discovery import discover
from oglint.model import Finding
from oglint.registry import Registry
from oglint.runner import run
from oglint.settings import Settings
from oglint.sources import Sources
import speed_plugin
from conftest import registry_with
from test_speed import PAGE, corpus, findings


@pytest.fixture
def registry() -> Registry:
    """The built-in rules and test_speed's plugin (a cross-document rule of its own, TST901)."""
    return registry_with(speed_plugin)


def cached_segment(tmp_path: Path, registry: Registry, n: int = 12) -> tuple[Path, Path, list, Path]:
    """A corpus checked once with a cache: (its folder, the cache folder, the findings, the one segment)."""
    docs = corpus(tmp_path / "docs", n)
    cache_dir = tmp_path / "cache"
    serial = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    (segment,) = cache_dir.glob("*/*.jsonl")
    return docs, cache_dir, serial, segment


@pytest.fixture
def trusted(monkeypatch) -> None:
    """Files just written keep their stat: a second run knows them without reading them."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def forbid(monkeypatch, *names: str) -> None:
    """Make these functions of the cache and runner modules crash if called."""
    def crash(*args, **kwargs):
        raise AssertionError("called")

    for name in names:
        module, attribute = name.split(".")
        monkeypatch.setattr({"cache": cache_module, "runner": runner}[module], attribute, crash)


def spy(monkeypatch, owner: object, name: str) -> list[int]:
    """Count the calls of a method or function, which still runs."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def lines(cache_dir: Path, mark: str) -> list[str]:
    """The lines starting with `mark` in every segment."""
    return [line for segment in cache_dir.glob("*/*.jsonl")
            for line in segment.read_text(encoding="utf-8").split("\n") if line.startswith(mark)]


def memos(cache_dir: Path) -> list[str]:
    """The memo keys in every segment (a memo is chunk lines `@key/i`, then `@key<TAB>count`)."""
    return [line.split("\t")[0] for line in lines(cache_dir, "@") if "/" not in line.split("\t")[0]]


def test_a_run_over_known_files_resolves_no_corpus_keys(tmp_path: Path, registry: Registry, monkeypatch,
                                                        trusted) -> None:
    docs = corpus(tmp_path / "docs")
    serial = findings(docs, registry, jobs=1)
    assert any(f.code == "TST901" for f in serial) and any(f.code.startswith("XD") for f in serial)
    cache_dir = tmp_path / "cache"
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
    assert len(memos(cache_dir)) == 1
    with monkeypatch.context() as patched:
        forbid(patched, "cache.decode_keys", "runner.resolve_corpus", "runner.load")
        assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
        assert findings(docs, registry, jobs=2, cache_dir=cache_dir) == serial
    assert len(memos(cache_dir)) == 1  # nothing new to remember


def test_cross_document_findings_carry_their_offending_text(tmp_path: Path, registry: Registry) -> None:
    docs = corpus(tmp_path / "docs", 15)
    shared = [f for f in findings(docs, registry, jobs=1) if f.code == "TST901"]
    assert shared and {f.excerpt for f in shared} == {"Shared title"}


@pytest.mark.parametrize("change", ["remove", "add", "edit", "rename"])
def test_the_memo_is_not_used_for_other_files(tmp_path: Path, registry: Registry, trusted, change: str) -> None:
    docs = corpus(tmp_path / "docs", 30)
    cache_dir = tmp_path / "cache"
    findings(docs, registry, jobs=1, cache_dir=cache_dir)
    if change == "remove":
        (docs / "p007.md").unlink()  # one of the shared titles
    elif change == "add":
        (docs / "p100.md").write_text(PAGE.format(i=100, title="Shared title"), encoding="utf-8")
    elif change == "edit":
        (docs / "p014.md").write_text(PAGE.format(i=14, title="Own title"), encoding="utf-8")
    else:
        (docs / "p007.md").rename(docs / "p107.md")
    expected = findings(docs, registry, jobs=1)
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == expected
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == expected  # now from its own memo
    assert len(memos(cache_dir)) == 2


def test_touched_files_still_find_the_memo(tmp_path: Path, registry: Registry, monkeypatch, trusted) -> None:
    """Same content, new stat (a checkout): the files are read and hashed, in workers too, and the memo still
    applies, as the cross-document findings depend on the contents alone."""
    docs = corpus(tmp_path / "docs", 40)
    cache_dir = tmp_path / "cache"
    serial = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    for page in docs.iterdir():
        os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    with monkeypatch.context() as patched:
        forbid(patched, "runner.resolve_corpus")
        assert findings(docs, registry, jobs=2, cache_dir=cache_dir) == serial


def test_a_file_that_changes_under_the_memo_takes_it_back(tmp_path: Path, registry: Registry, monkeypatch,
                                                          trusted) -> None:
    """A file the cache knew by its stat, whose entry turns out unreadable and which cannot be read either:
    the memo no longer holds, and the files reported before it hand in their corpus keys after all."""
    docs = corpus(tmp_path / "docs", 30)
    cache_dir = tmp_path / "cache"
    findings(docs, registry, jobs=1, cache_dir=cache_dir)
    load, get = runner.load, cache_module.Cache.get
    monkeypatch.setattr(runner, "load", lambda path, settings, shown, info=None: runner.read_failure(
        shown, "FM013", "gone") if path.endswith("p021.md") else load(path, settings, shown, info))
    expected = findings(docs, registry, jobs=1)
    assert any(f.code == "FM013" for f in expected)
    monkeypatch.setattr(cache_module.Cache, "get", lambda self, key, shown, with_keys=True: None
                        if shown.endswith("p021.md") else get(self, key, shown, with_keys))
    caught_up = spy(monkeypatch, runner.Checking, "_catch_up")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == expected
    assert caught_up == [1]


def test_a_broken_table_of_contents_is_read_through(tmp_path: Path, registry: Registry, monkeypatch,
                                                    trusted) -> None:
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry)
    data = segment.read_bytes()
    segment.write_bytes(data[:-21] + b"x" * 20 + b"\n")
    read_through = spy(monkeypatch, cache_module.Cache, "_index")
    with monkeypatch.context() as patched:
        forbid(patched, "runner.load", "cache.decode_keys")  # every entry found by reading the lines
        assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
    assert read_through == [1]


def test_a_table_of_contents_that_lies_gives_misses(tmp_path: Path, registry: Registry, monkeypatch,
                                                    trusted) -> None:
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry)
    text = segment.read_text(encoding="utf-8")
    body, toc, footer, _ = text.rsplit("\n", 3)
    entries, stamps, memos = json.loads(toc.removeprefix("#\t"))
    entries[0], entries[4] = entries[4], entries[0]  # two files' places swapped
    segment.write_text(f"{body}\n#\t{json.dumps([entries, stamps, memos])}\n{footer}\n", encoding="utf-8")
    checked = spy(monkeypatch, runner.Linter, "lint")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
    assert len(checked) == 2  # those two files, checked again


def test_a_merge_keeps_the_newest_memos(tmp_path: Path, registry: Registry, monkeypatch, trusted) -> None:
    monkeypatch.setattr(cache_module, "MAX_SEGMENTS", 2)
    monkeypatch.setattr(cache_module, "MEMOS_KEPT", 2)
    docs = corpus(tmp_path / "docs", 8)
    cache_dir = tmp_path / "cache"
    for i in range(5):  # five sets of files: five memos, merged
        (docs / f"p1{i:02d}.md").write_text(PAGE.format(i=100 + i, title="x"), encoding="utf-8")
        findings(docs, registry, jobs=1, cache_dir=cache_dir)
    assert len(list(cache_dir.glob("*/*.jsonl"))) <= 2
    assert len(memos(cache_dir)) <= 3  # the kept ones and the last run's
    expected = findings(docs, registry, jobs=1)
    with monkeypatch.context() as patched:
        forbid(patched, "runner.resolve_corpus", "runner.load")
        assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_no_memo_without_every_file_cached(tmp_path: Path, registry: Registry, trusted) -> None:
    docs = corpus(tmp_path / "docs", 10)
    os.mkfifo(docs / "pipe.md")  # not a regular file: not read (FM013), never cached
    cache_dir = tmp_path / "cache"
    paths = [str(p) for p in sorted(docs.iterdir())]
    first = run(discover(paths), registry, Settings(), jobs=1, cache_dir=cache_dir).findings
    assert any(f.code == "FM013" for f in first) and lines(cache_dir, "=")
    assert not memos(cache_dir)
    assert run(discover(paths), registry, Settings(), jobs=1, cache_dir=cache_dir).findings == first


def test_sources_read_up_to_the_bound(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_bytes(b"0123456789")
    assert Sources(max_bytes=4).text(str(page)) == "0123"
    assert Sources(max_bytes=10).text(str(page)) == "0123456789"
    assert Sources().text(str(tmp_path / "missing.md")) == ""


def test_an_entry_keeps_findings_and_corpus_keys_apart() -> None:
    from oglint.model import Problem, Severity, Span

    span = Span(1, 2, 1, 9)
    found = [Finding("a.md", "ENT002", "entity", Severity.WARNING, "tab\there\nand\u2028", span, True, (), "&amp;")]
    keys = [("XD001", ("t", 1), "a.md", Problem("p\t", span, None, ()))]
    entry = cachecodec.encode(found, keys)
    assert entry is not None and entry.count("\t") == 1 and "\n" not in entry
    head, tail = entry.encode("utf-8").split(b"\t")
    assert cachecodec.decode_findings(head, "a.md") == found
    assert cachecodec.decode_keys(tail, "a.md") == keys


def test_a_memo_chunk_that_does_not_decode_gives_way(tmp_path: Path, registry: Registry, monkeypatch,
                                                   trusted) -> None:
    """The findings of the chunks before it were given already: the keys are resolved after all, and the
    findings that follow those come from them."""
    monkeypatch.setattr(cachefile, "MEMO_CHUNK", 2)
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry, 60)
    data = segment.read_bytes()
    start = data.index(b"/1\t[") + 3
    segment.write_bytes(data[:start] + b"{" + data[start + 1:])  # the second chunk: not JSON any more
    caught_up = spy(monkeypatch, runner.Checking, "_catch_up")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
    assert caught_up == [1]


def corrupt(segment: Path, mark: bytes) -> None:
    """Break the JSON of the first line starting with `mark`, keeping its length (the table stays right)."""
    data = bytearray(segment.read_bytes())
    start = data.index(b"\t[", data.index(mark)) + 1
    data[start:start + 1] = b"{"
    segment.write_bytes(bytes(data))


def test_a_broken_entry_and_a_broken_memo_chunk_count_each_file_once(tmp_path: Path, registry: Registry,
                                                                     monkeypatch, trusted) -> None:
    """A file whose entry does not decode is checked again and hands in its corpus keys; when a memo chunk
    then fails too, the keys of the files reported without them are caught up, and not that file's twice."""
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry, 60)
    first = json.loads(segment.read_text(encoding="utf-8").rsplit("\n", 3)[1].removeprefix("#\t"))[0][0]
    corrupt(segment, first.encode() + b"\t")
    corrupt(segment, b"\n@")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial


def test_a_broken_memo_is_written_again(tmp_path: Path, registry: Registry, monkeypatch, trusted) -> None:
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry, 60)
    corrupt(segment, b"\n@")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial  # resolved again, memo rewritten
    with monkeypatch.context() as patched:
        forbid(patched, "cache.decode_keys")  # the new memo serves: no corpus key decoded
        assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial


def test_places_outside_a_segment_are_not_read(tmp_path: Path, registry: Registry, trusted) -> None:
    """A table of contents with a length of a terabyte: the segment's lines are read instead (pread would
    have tried to allocate it)."""
    docs, cache_dir, serial, segment = cached_segment(tmp_path, registry)
    text = segment.read_text(encoding="utf-8")
    body, toc, footer, _ = text.rsplit("\n", 3)
    entries, stamps, memos = json.loads(toc.removeprefix("#\t"))
    entries[2] = 2 ** 40
    segment.write_text(f"{body}\n#\t{json.dumps([entries, stamps, memos])}\n{footer}\n", encoding="utf-8")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial

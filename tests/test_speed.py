"""Speed machinery: the same findings whatever --jobs and the cache, corpus keys from workers and from the
cache, a cache that shrugs off corruption and sees changes, a progress bar only on terminals, and a check of
one file that does not import the heavy libraries."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import speed_plugin
from conftest import registry_with
from oglint import cache as cache_module
from oglint import cachecodec
from oglint.discovery import discover
from oglint.model import Finding
from oglint.progress import Progress
from oglint.registry import Registry
from oglint.runner import run
from oglint.settings import Settings

PAGE = """---
title: Page {i}
og:
  title: {title}
  type: article
  url: https://example.org/{i}/
  image: https://example.org/{i}.png
  description: Fire &amp; rescue, part {i}.
---
Body {i}.
"""


@pytest.fixture
def registry() -> Registry:
    """The built-in rules and a plugin of the tests' own (a cross-document rule, TST901)."""
    return registry_with(speed_plugin)


def corpus(folder: Path, n: int = 60) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title = "Shared title" if i % 7 == 0 else f"Title {i}"
        (folder / f"p{i:03d}.md").write_text(PAGE.format(i=i, title=title), encoding="utf-8")
    return folder


def findings(folder: Path, registry: Registry, **options) -> list[Finding]:
    result = run(discover([str(folder)]), registry, Settings(), **options)
    assert not result.errors, result.errors
    return result.findings


def test_jobs_and_cache_give_the_same_findings(tmp_path: Path, registry: Registry) -> None:
    docs = corpus(tmp_path / "docs")
    serial = findings(docs, registry, jobs=1)
    codes = {f.code for f in serial}
    assert {"ENT002", "TST901"} <= codes
    shared = [f for f in serial if f.code == "TST901"]
    assert len(shared) == 9 and all("also in" in f.message for f in shared)
    assert findings(docs, registry, jobs=2) == serial
    cache_dir = tmp_path / "cache"
    assert findings(docs, registry, jobs=2, cache_dir=cache_dir) == serial  # cold: fills the cache
    assert list(cache_dir.glob("*/*.jsonl"))
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial  # warm, corpus keys included
    assert findings(docs, registry, jobs=2, cache_dir=cache_dir) == serial


def test_a_warm_run_reads_nothing_it_knows(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    docs = corpus(tmp_path / "docs", 5)
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the files were just written: trust their stat anyway
    serial = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    monkeypatch.setattr("oglint.runner.load", None)  # reading any file would now crash
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial


def test_the_cache_sees_changes(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    docs = corpus(tmp_path / "docs", 5)
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    before = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    page = docs / "p001.md"
    page.write_text(page.read_text().replace("&amp;", "plus,"))  # same size, new content
    after = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    assert [f for f in after if f.path.endswith("p001.md") and f.code == "ENT002"] == []
    assert len(after) == len(before) - 1
    ignoring = run(discover([str(docs)]), registry, Settings(ignore=("ENT",)), jobs=1, cache_dir=cache_dir)
    assert "ENT002" not in {f.code for f in ignoring.findings}  # other settings: another namespace


def test_corrupt_cache_is_a_miss(tmp_path: Path, registry: Registry) -> None:
    docs = corpus(tmp_path / "docs", 10)
    cache_dir = tmp_path / "cache"
    serial = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    (segment,) = cache_dir.glob("*/*.jsonl")
    lines = segment.read_text().split("\n")
    key = lines[0].split("\t")[0]
    segment.write_text("\n".join([f"{key}\t[[[\"broken", "not a line", "\x00\xff garbage", *lines[1:]]))
    (segment.parent / "0-garbage.jsonl").write_bytes(b"\xff\xfe\x00binary")
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial


def test_segments_are_merged(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    docs = corpus(tmp_path / "docs", 6)
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "MAX_SEGMENTS", 2)
    serial = findings(docs, registry, jobs=1, cache_dir=cache_dir)
    for i in range(3):  # a pre-commit batch each: one new segment per run
        (docs / f"p00{i}.md").write_text(PAGE.format(i=i + 100, title="x"))
        findings(docs, registry, jobs=1, cache_dir=cache_dir)
    assert len(list(cache_dir.glob("*/*.jsonl"))) <= 2
    for i in range(3):
        (docs / f"p00{i}.md").write_text(PAGE.format(i=i, title="Shared title" if i == 0 else f"Title {i}"))
    assert findings(docs, registry, jobs=1, cache_dir=cache_dir) == serial


def test_a_big_cache_is_left_alone_for_a_few_files(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    docs = corpus(tmp_path / "docs", 10)
    cache_dir = tmp_path / "cache"
    findings(docs, registry, jobs=1, cache_dir=cache_dir)
    (segment,) = cache_dir.glob("*/*.jsonl")
    one = str(docs / "p001.md")
    monkeypatch.setattr(cache_module, "BYTES_PER_FILE", segment.stat().st_size // 2)
    monkeypatch.setattr(cache_module.Cache, "load", None)  # reading it would now crash
    alone = run(discover([one]), registry, Settings(), cache_dir=cache_dir).findings
    assert alone == findings(docs / "p001.md", registry)
    assert list(cache_dir.glob("*/*.jsonl")) == [segment]  # nor written


def test_cache_location_and_no_cache(run_cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    assert cache_module.location(None, tmp_path / "sub") == tmp_path.resolve() / ".oglint_cache"
    assert cache_module.location("elsewhere", tmp_path) == Path("elsewhere")
    corpus(tmp_path / "sub", 2)
    monkeypatch.chdir(tmp_path / "sub")
    run_cli("check", ".", "--no-cache")
    assert not (tmp_path / ".oglint_cache").exists()
    run_cli("check", ".")
    assert (tmp_path / ".oglint_cache" / "CACHEDIR.TAG").is_file()
    run_cli("check", ".", "--cache-dir", str(tmp_path / "c"), "--jobs", "2")
    assert list((tmp_path / "c").glob("*/*.jsonl"))
    with pytest.raises(SystemExit):
        run_cli("check", ".", "--jobs", "-1")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert Progress.start(io.StringIO(), 10_000) is None
    assert Progress.start(Terminal(), 10) is None  # too short to need one
    stream = Terminal()
    bar = Progress.start(stream, 10_000)
    assert bar is not None
    bar.advance()
    bar.close()
    assert "1/10,000 files" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
    monkeypatch.setenv("CI", "true")
    assert Progress.start(Terminal(), 10_000) is None


def test_checking_front_matter_imports_no_heavy_library(tmp_path: Path) -> None:
    page = corpus(tmp_path / "docs", 1) / "p000.md"
    code = ("import json, sys\nfrom oglint.cli import main\n"
            f"main(['check', {str(page)!r}, '--cache-dir', {str(tmp_path / 'c')!r}])\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert "ENT002" in proc.stdout, proc.stderr
    loaded = {name.split(".")[0] for name in json.loads(proc.stderr.strip().splitlines()[-1])}
    assert not loaded & {"requests", "bs4", "pydantic", "multiprocessing", "pickle"}


def test_without_worker_processes_the_run_goes_on(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    import multiprocessing.context

    docs = corpus(tmp_path / "docs", 20)
    serial = findings(docs, registry, jobs=1)

    def broken(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", broken)
    assert findings(docs, registry, jobs=2) == serial


def test_results_with_more_than_findings_are_not_cached(tmp_path: Path, registry: Registry, monkeypatch) -> None:
    from dataclasses import dataclass, field

    from oglint import runner

    @dataclass
    class Extended(runner.FileResult):
        pending: list = field(default_factory=list)  # e.g. inline suppressions waiting for corpus findings

    lint = runner.Linter.lint
    monkeypatch.setattr(runner.Linter, "lint", lambda self, doc: Extended(**vars(lint(self, doc)), pending=[1]))
    docs = corpus(tmp_path / "docs", 5)
    cache_dir = tmp_path / "cache"
    findings(docs, registry, jobs=1, cache_dir=cache_dir)
    assert not list(cache_dir.glob("*/*.jsonl"))


def test_a_plugins_own_problem_class_is_not_cached() -> None:
    """A cache entry keeps a Problem's plain values only: a corpus key whose Problem carries fields of its own
    must not be cached, or a warm run would judge the site without them (TXT011 once lost its findings so)."""
    from dataclasses import dataclass

    from oglint.model import Problem, Span

    @dataclass(frozen=True)
    class Fact(Problem):
        value: int = 0

    span = Span(1, 1, 1, 2)
    assert cachecodec.encode([], [("XD999", "k", "a.md", Problem("p", span))]) is not None
    assert cachecodec.encode([], [("XD999", "k", "a.md", Fact("p", span, value=7))]) is None


def test_results_come_back_from_workers_as_plain_values_unchanged() -> None:
    from dataclasses import dataclass

    from oglint import corpuskeys, parallel
    from oglint.model import Problem, Severity, Span
    from oglint.runner import FileResult

    span = Span(2, 3, 2, 9)
    finding = Finding("a.md", "URL012", "fm-url-og-url-mismatch", Severity.WARNING, "m", span, True, ("b.md",), "x")
    result = FileResult("a.md", [finding], [("XD001", ("title", 1), "a.md", Problem("p", span, None, ()))], ["e"])
    packed = parallel._pack(result)
    assert not isinstance(packed, FileResult)
    back = parallel._unpack(packed)
    assert back.findings == result.findings and back.errors == result.errors
    assert [corpuskeys._key(record) for record in back.keys] == result.keys  # keys stay flat until needed

    @dataclass(frozen=True)
    class Fact(Problem):  # a plugin's own problem class carries more than plain values would
        value: int = 0

    special = FileResult("a.md", [], [("XD999", "k", "a.md", Fact("p", span, value=7))])
    assert parallel._unpack(parallel._pack(special)).keys == special.keys


def test_corpus_keys_spilled_to_files_give_the_same_findings(tmp_path: Path, registry: Registry,
                                                             monkeypatch) -> None:
    from oglint import corpuskeys

    docs = corpus(tmp_path / "docs")
    in_memory = findings(docs, registry, jobs=1)
    assert any(f.code == "TST901" for f in in_memory) and any(f.code.startswith("XD") for f in in_memory)
    monkeypatch.setattr(corpuskeys, "SPILL_AFTER", 5)  # spill from the second document on,
    monkeypatch.setattr(corpuskeys, "BATCH", 3)  # a few documents at a time
    assert findings(docs, registry, jobs=1) == in_memory
    assert findings(docs, registry, jobs=2) == in_memory


def test_corpus_keys_that_do_not_pickle_stay_in_memory(monkeypatch) -> None:
    from dataclasses import dataclass

    from oglint import corpuskeys
    from oglint.model import Problem, Span

    @dataclass(frozen=True)
    class Fact(Problem):  # a plugin's own class travels as itself
        value: int = 0

    monkeypatch.setattr(corpuskeys, "SPILL_AFTER", 1)
    monkeypatch.setattr(corpuskeys, "BATCH", 0)  # every add is written
    span = Span(1, 1, 1, 2)
    # as whole-site rules: their groups of one record come back too
    keys = corpuskeys.CorpusKeys(whole_site=("A001", "A002"))
    first = [("A001", f"k{i}", f"{i}.md", Problem("p", span)) for i in range(3)]
    keys.add(first)  # spilled: plain problems
    later = [("A001", "k0", "9.md", Problem("p", span)), ("A002", "k2", "7.md", Fact("p", span, value=3))]
    keys.add(later)
    back = records(keys)
    assert sorted(map(repr, back)) == sorted(map(repr, first + later))
    assert any(isinstance(k[3], Fact) and k[3].value == 3 for k in back)
    keys = corpuskeys.CorpusKeys(whole_site=("A001", "A002"))
    keys.add(first)
    odd = [("A001", "k1", "8.md", Problem("p", span, None, (lambda: 0,))),  # a lambda does not pickle
           ("A002", "k2", "7.md", Fact("p", span, value=3))]
    keys.add(odd)
    groups = [(code, key, list(members)) for code, key, members in keys.groups()]
    assert sorted(map(repr, ((c, k, *m) for c, k, members in groups for m in members))) == \
        sorted(map(repr, first + odd))
    assert [len(members) for _, key, members in groups if key == "k1"] == [2]  # one group per key


def records(keys) -> list[tuple]:
    """Every (code, key, path, problem) that CorpusKeys.groups gives back."""
    return [(code, key, *member) for code, key, members in keys.groups() for member in members]

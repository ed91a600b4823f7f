"""The corpus phase in bounded memory: whole-site rules read their members as a stream from disk
(corpuskeys.Replay), and the cross-document findings are sorted by an external merge (spillsort). Each must
give exactly what the in-memory way gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from oglint import corpuskeys, spillsort
from oglint.discovery import discover
from oglint.model import Finding, Problem, Severity, Span
from oglint.registry import Registry
from oglint.runner import run
from oglint.settings import Settings

DOC = """---
title: Post {i} | Example Site
og:
  title: Post {i}
  url: https://example.org/news/{i}{slash}
  image: {image}
---
Body.
"""
PAGE = """<html><head>
<link rel="canonical" href="https://example.org/{lang}/">
<link rel="alternate" hreflang="{lang}" href="https://example.org/{lang}/">
{alternates}
</head></html>
"""


@pytest.fixture
def registry() -> Registry:
    reg = Registry()
    reg.load("oglint.rules")
    assert not reg.errors, reg.errors
    return reg


def site(folder: Path, n: int = 40) -> Path:
    """A site that XD004 (a default image), XD005 (trailing slashes), XD007 (one-way hreflang) and TXT011
    (titles carry the site name) all speak about."""
    folder.mkdir()
    for i in range(n):
        image = "https://example.org/default.png" if i % 10 else f"https://example.org/{i}.png"
        slash = "" if i % 9 == 0 else "/"
        (folder / f"d{i:03d}.md").write_text(DOC.format(i=i, slash=slash, image=image), encoding="utf-8")
    for lang, others in (("en", ("de", "fr")), ("de", ("en",)), ("fr", ("de",))):
        links = "\n".join(f'<link rel="alternate" hreflang="{o}" href="https://example.org/{o}/">' for o in others)
        (folder / f"{lang}.html").write_text(PAGE.format(lang=lang, alternates=links), encoding="utf-8")
    return folder


def corpus_findings(folder: Path, registry: Registry, **options) -> list[Finding]:
    settings = Settings(select=("XD", "TXT011"))
    result = run(discover([str(folder)]), registry, settings, **options)
    assert not result.errors, result.errors
    return result.findings


def test_spilled_keys_and_findings_give_what_memory_gives(tmp_path: Path, registry: Registry,
                                                          monkeypatch) -> None:
    docs = site(tmp_path / "site")
    in_memory = corpus_findings(docs, registry, jobs=1)
    assert {f.code for f in in_memory} >= {"XD004", "XD005", "XD007", "TXT011"}
    monkeypatch.setattr(corpuskeys, "SPILL_AFTER", 5)  # keys on disk from the second document on
    monkeypatch.setattr(corpuskeys, "BATCH", 3)
    monkeypatch.setattr(spillsort, "RUN", 4)  # findings sorted four at a time, merged from the disk
    monkeypatch.setattr(spillsort, "CHUNK", 3)
    assert corpus_findings(docs, registry, jobs=1) == in_memory
    assert corpus_findings(docs, registry, jobs=2) == in_memory


def test_cached_results_give_the_same_corpus_findings(tmp_path: Path, registry: Registry) -> None:
    """TXT011 and the whole-site XD rules judge the site from facts written into each document's keys: a
    document whose result comes from the cache must count as much as one checked again."""
    docs = site(tmp_path / "site")
    cold = corpus_findings(docs, registry, cache_dir=tmp_path / "cache")
    assert {f.code for f in cold} >= {"XD004", "XD005", "XD007", "TXT011"}
    assert corpus_findings(docs, registry, cache_dir=tmp_path / "cache") == cold


def test_a_replay_is_read_again_and_within_itself(monkeypatch) -> None:
    monkeypatch.setattr(corpuskeys, "SPILL_AFTER", 1)
    monkeypatch.setattr(corpuskeys, "BATCH", 0)  # every add is written
    keys = corpuskeys.CorpusKeys(whole_site=["S001"])
    span = Span(1, 1, 1, 2)
    for i in range(5):
        keys.add([("S001", "site", f"{i}.md", Problem(str(i), span)), ("A001", i % 2, f"{i}.md", Problem("a", span))])
    groups = {(code, key): members for code, key, members in keys.groups() if code == "S001"}
    assert list(groups) == [("S001", "site")]
    replay = groups[("S001", "site")]
    assert isinstance(replay, corpuskeys.Replay)
    # the generator of groups closes the file once the next group is asked for: read while it is current
    keys = corpuskeys.CorpusKeys(whole_site=["S001"])
    for i in range(5):
        keys.add([("S001", "site", f"{i}.md", Problem(str(i), span))])
    for code, key, members in keys.groups():
        first = [(path, p.message) for path, p in members]
        assert first == [(f"{i}.md", str(i)) for i in range(5)]
        assert [(path, p.message) for path, p in members] == first  # a second pass
        assert [len(list(members)) for _ in members] == [5] * 5  # a pass inside a pass


FINDINGS = st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 3), st.sampled_from(["X1", "X2"]),
                              st.integers(0, 3)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(FINDINGS, st.integers(1, 6), st.integers(1, 4))
def test_sorted_findings_sorts_as_sorted_does(rows, run_size, chunk) -> None:
    findings = [Finding(f"{path}.md", code, "name", Severity.WARNING, "m", Span(line, 1, line, 2), False,
                        (), str(n)) for path, line, code, n in rows]  # `excerpt` tells equal sort keys apart
    expected = sorted(findings, key=Finding.sort_key)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spillsort, "RUN", run_size)
        patch.setattr(spillsort, "CHUNK", chunk)
        assert list(spillsort.sorted_findings(iter(findings))) == expected


def test_sorted_findings_without_a_temporary_folder(monkeypatch) -> None:
    findings = [Finding(f"{i % 7}.md", "X1", "n", Severity.INFO, "m", Span(i, 1, i, 2), False, (), None)
                for i in range(1, 30)]
    monkeypatch.setattr(spillsort, "RUN", 5)
    monkeypatch.setattr(spillsort, "_write_run", _failing_after(spillsort._write_run, 2))
    assert list(spillsort.sorted_findings(findings)) == sorted(findings, key=Finding.sort_key)


def _failing_after(write, runs: int):
    """`write`, failing like a full disk from its `runs`+1-th call on."""
    done = []

    def limited(spill, batch):
        if len(done) >= runs:
            raise OSError(28, "No space left on device")
        done.append(1)
        return write(spill, batch)
    return limited


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["", "https://e.org/a.png", "https://E.org/a.png", "https://e.org/b.png",
                                 "https://e.org/c.png"]), max_size=30),
       st.integers(0, 120), st.integers(1, 4))
def test_xd004_finds_every_image_a_full_count_finds(images, share, least) -> None:
    """The Misra-Gries pass keeps only a few counters: it must miss no image that reaches the share."""
    from oglint.rules.site import _shared_image, _url_key

    members = [(f"{i:02d}.md", Problem(image, Span(1, 1, 1, 2))) for i, image in enumerate(images)]
    counts: dict[str, list[str]] = {}
    for path, fact in members:
        if fact.message:
            counts.setdefault(_url_key(fact.message), []).append(path)
    expected = {min(paths) for image, paths in counts.items()
                if len(paths) >= least and 100 * len(paths) >= share * len(members)}
    reported = [path for path, _ in _shared_image("site", members, {"min_share": share, "min_documents": least})]
    assert sorted(reported) == sorted(expected)


def test_groups_of_one_are_left_out_but_for_whole_site_rules() -> None:
    span = Span(1, 1, 1, 2)
    records = [("A001", "k", "a.md", Problem("p", span)), ("A001", "k", "b.md", Problem("p", span)),
               ("A001", "lone", "a.md", Problem("p", span)), corpuskeys.flat("W001", "site", "a.md", Problem("w", span))]
    groups = {(code, key): members for code, key, members in corpuskeys.grouped(records, whole_site={"W001"})}
    assert groups[("A001", "k")] == [("a.md", Problem("p", span)), ("b.md", Problem("p", span))]
    site = groups.pop(("W001", "site"))
    assert isinstance(site, corpuskeys.Replay)  # as on a big run: a resolve cannot come to rely on len()
    assert list(site) == list(site) == [("a.md", Problem("w", span))]  # flat records come back as Problems
    assert list(groups) == [("A001", "k")]
    assert len(list(corpuskeys.grouped(records))) == 3  # without the codes: every group

"""The runner's default cross-document resolution."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from oglint.discovery import discover
from oglint.model import Problem, Span
from oglint.registry import RELATED_LIMIT
from oglint.runner import duplicates, run
from oglint.settings import Settings
from oglint.sources import Sources


def members(n: int) -> list[tuple[str, Problem]]:
    return [(f"p{i:05d}.md", Problem("same title", Span(1, 1, 1, 2))) for i in range(n)]


def test_every_member_names_the_others() -> None:
    out = dict(duplicates("k", members(3), {}))
    assert out["p00001.md"].related == ("p00000.md", "p00002.md")
    assert out["p00001.md"].message == "same title; also in p00000.md, p00002.md"


def test_a_lone_document_is_no_duplicate() -> None:
    assert list(duplicates("k", members(1), {})) == []


def test_a_huge_group_lists_a_bounded_number_of_others_and_counts_the_rest() -> None:
    out = list(duplicates("k", members(5_000), {}))
    assert len(out) == 5_000
    last = out[-1][1]
    assert len(last.related) == RELATED_LIMIT and "p04999.md" not in last.related
    assert last.message.endswith("p00004.md and 4994 more")


def test_findings_carry_the_text_a_report_would_read_again(registry) -> None:
    # fingerprints and the baseline match on the offending text: taken at lint time, it must be what the
    # reporters' Sources read from the file (CRLF, BOM and non-ASCII fixtures included)
    fixtures = Path(__file__).parent / "fixtures"
    paths = [p for p in sorted(fixtures.rglob("*.*")) if p.is_file()]
    result = run(discover([str(p) for p in paths]), registry, Settings(), jobs=1)
    sources = Sources()
    taken = [f for f in result.findings if f.excerpt is not None]
    assert len(taken) > 300 and any(f.excerpt for f in taken)
    for f in taken:
        assert f.excerpt == sources.excerpt(dataclasses.replace(f, excerpt=None)), f


def test_a_crashing_rule_is_an_internal_error_and_the_run_goes_on(tmp_path: Path, run_cli, monkeypatch) -> None:
    from oglint.model import Severity
    from oglint.registry import Registry, corpus_rule, rule

    @rule("TST801", "crashes-on-b", Severity.WARNING)
    def crashes_on_b(doc, options):
        if doc.path.endswith("b.md"):
            raise ValueError("boom")
        yield doc.problem("seen", doc.first("title"))

    def resolve(key, group, options):
        raise KeyError("bang")
        yield  # a generator, like most resolve functions

    @corpus_rule("TST802", "crashes-resolving", Severity.WARNING, resolve=resolve)
    def crashes_resolving(doc, options):
        yield "same", doc.problem("fact", doc.first("title"))

    registry = Registry()
    registry.load("oglint.rules")
    registry.rules.update({r.code: r for r in (crashes_on_b, crashes_resolving)})
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text("---\ntitle: Same\n---\n", encoding="utf-8")
    result = run(discover([str(tmp_path)]), registry, Settings(select=("TST", "XD002")))
    assert any("rule TST801 crashed: ValueError: boom" in e and e.startswith(str(tmp_path / "b.md"))
               for e in result.errors)
    assert any("rule TST802 crashed across documents: KeyError" in e for e in result.errors)
    by_code = {(Path(f.path).name, f.code) for f in result.findings}
    assert {("a.md", "TST801"), ("c.md", "TST801"), ("b.md", "XD002")} <= by_code  # the rest of the run
    monkeypatch.setattr("oglint.cli._load_registry", lambda: registry)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", ".", "--select", "TST,XD002", "--no-cache")
    assert code == 2 and "internal error" in err and "TST802" in err

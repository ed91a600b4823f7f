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

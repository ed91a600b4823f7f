"""Fixture documents that are their own tests: each expected finding is marked on the line where it must
land — `# expect: CODE[@COLUMN] [CODE…]` in front matter, `<!-- expect: CODE -->` in HTML. A fixture must
produce exactly the marked findings of the rules it selects (`oglint-test: select=URL,ENT00` anywhere in the
file; all rules when absent): no more, no fewer.

`fixtures/clean/` holds complete, realistic documents: with every rule on, they must get no error and no
warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import lint_text
from oglint.model import Severity
from oglint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "expect"
SELECT = re.compile(r"oglint-test:\s*select=([A-Z0-9,]+)")
CLEAN = Path(__file__).parent / "fixtures" / "clean"
MARK = re.compile(r"expect:\s*([A-Z]{2,4}\d{3}(?:@\d+)?(?:[ ,]+[A-Z]{2,4}\d{3}(?:@\d+)?)*)")


def expectations(text: str) -> tuple[set[tuple[int, str]], dict[tuple[int, str], int]]:
    lines, columns = set(), {}
    for number, line in enumerate(text.splitlines(), 1):
        for m in MARK.finditer(line):
            for item in re.split(r"[ ,]+", m.group(1)):
                code, _, column = item.partition("@")
                lines.add((number, code))
                if column:
                    columns[(number, code)] = int(column)
    return lines, columns


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_fixture(path: Path, registry) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    expected, columns = expectations(text)
    select = SELECT.search(text)
    settings = Settings(select=tuple(select.group(1).split(","))) if select else None
    findings = lint_text(registry, data, path.name, settings)
    got = {(f.span.line, f.code) for f in findings}
    assert got == expected, "\n".join(f"{f.span.line}:{f.span.column} {f.code} {f.message}" for f in findings)
    for f in findings:
        if (f.span.line, f.code) in columns:
            assert f.span.column == columns[(f.span.line, f.code)], f


@pytest.mark.parametrize("path", sorted(CLEAN.iterdir()), ids=lambda p: p.name)
def test_clean_document(path: Path, registry) -> None:
    findings = lint_text(registry, path.read_bytes(), path.name)
    loud = [f for f in findings if f.severity is not Severity.INFO]
    assert not loud, "\n".join(f"{f.span.line}:{f.span.column} {f.code} {f.message}" for f in loud)

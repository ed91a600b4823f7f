"""Fixture documents that are their own tests: each expected finding is marked on the line where it must
land — `# expect: CODE[@COLUMN] [CODE…]` in front matter, `<!-- expect: CODE -->` in HTML. A fixture must
produce exactly the marked findings: no more, no fewer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import lint_text

FIXTURES = Path(__file__).parent / "fixtures" / "expect"
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
    expected, columns = expectations(data.decode("utf-8", "replace"))
    findings = lint_text(registry, data, path.name)
    got = {(f.span.line, f.code) for f in findings}
    assert got == expected, "\n".join(f"{f.span.line}:{f.span.column} {f.code} {f.message}" for f in findings)
    for f in findings:
        if (f.span.line, f.code) in columns:
            assert f.span.column == columns[(f.span.line, f.code)], f

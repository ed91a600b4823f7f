"""A short in-process fuzz run: mutated real documents (corpus.py) through every reader and every rule.

For each document: no exception escapes `read_document`, no rule crashes, and every span (fields, read
problems, findings) lies inside the document with its start before its end; each field's `raw` is the text
at its offset, and its span starts where that offset is.

    python tests/fuzz/run.py [--count 2000] [--seed 0]

Exit status 0 when every document passes. tests/test_hardening.py runs a few hundred documents.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import mutated  # noqa: E402

from oglint.model import Document, Span  # noqa: E402
from oglint.readers import read_document  # noqa: E402
from oglint.registry import load_registry  # noqa: E402
from oglint.runner import active_rules, lint_document  # noqa: E402
from oglint.settings import Settings  # noqa: E402


def span_problem(doc: Document, span: Span) -> str:
    """What is wrong with a span in `doc`, or "" when it lies inside the document. A document that could not
    be read as text (FM008, FM009…) has no text to hold its spans, which point into the file's bytes."""
    if span.line < 1 or span.column < 1 or (span.line, span.column) > (span.end_line, span.end_column):
        return f"span {span} is not a span"
    if doc.kind == "none":
        return ""
    last_line = len(doc.index.starts)
    if span.end_line > last_line:
        return f"span {span} goes past the last line, {last_line}"
    for line, column in ((span.line, span.column), (span.end_line, span.end_column)):
        start = doc.index.starts[line - 1]
        end = doc.index.starts[line] if line < last_line else len(doc.text) + 1
        if start + column - 1 > end:  # one past a line's last character is its end (exclusive ends)
            return f"span {span} goes past the end of line {line}"
    return ""


def check_document(name: str, data: bytes, rules: list, settings: Settings) -> list[str]:
    """Everything wrong with reading and linting one document (an empty list when it passes)."""
    try:
        doc = read_document(name, data)
    except Exception:  # the property under test: nothing escapes a reader
        return [f"read_document raised:\n{traceback.format_exc()}"]
    found = []
    for f in [*doc.fields, *doc.outside_head]:
        if doc.text[f.start:f.start + len(f.raw)] != f.raw:
            found.append(f"field {f.name}: raw {f.raw[:40]!r} is not the text at offset {f.start}")
        if doc.index.position(f.start) != (f.span.line, f.span.column):
            found.append(f"field {f.name}: span {f.span} does not start at offset {f.start}")
        found += [f"field {f.name}: {p}" for p in [span_problem(doc, f.span)] if p]
    found += [f"read problem {p.code}: {s}" for p in doc.problems if (s := span_problem(doc, p.span))]
    result = lint_document(doc, rules, settings)
    found += result.errors
    found += [f"finding {f.code}: {s}" for f in result.findings if (s := span_problem(doc, f.span))]
    return found


def fuzz(documents: Iterable[tuple[str, bytes]]) -> tuple[int, list[str]]:
    settings = Settings()
    rules = active_rules(load_registry(), settings)
    count, failures = 0, []
    for name, data in documents:
        count += 1
        failures += [f"{name}: {p}" for p in check_document(name, data, rules, settings)]
    return count, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="mutated documents (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args()
    start = time.monotonic()
    count, failures = fuzz(mutated(args.count, args.seed))
    for failure in failures[:50]:
        print("FAIL", failure)
    print(f"{count} documents, {len(failures)} failures, {time.monotonic() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

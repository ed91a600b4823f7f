"""A corpus rule for the speed tests: the built-in rules have none yet, and workers and the cache must hand
corpus keys back to the parent."""

from __future__ import annotations

from typing import Any, Hashable, Iterator, Mapping

from oglint.model import Document, Problem, Severity
from oglint.registry import corpus_rule


@corpus_rule("TST901", "test-shared-og-title", Severity.WARNING)
def shared_og_title(doc: Document, options: Mapping[str, Any]) -> Iterator[tuple[Hashable, Problem]]:
    """## What it does
    Reports pages that share their `og:title` (a test rule).
    """
    title = doc.first("og:title")
    if title is not None and isinstance(title.value, str):
        # a tuple key, to check that the cache gives tuples back as tuples
        yield ("og:title", title.value.strip()), doc.problem(f"og:title {title.value!r} is shared", title)

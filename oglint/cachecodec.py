"""How one file's result becomes a cache entry and back: its findings and corpus-rule keys as the two JSON
parts of a cache line. Where the line goes is oglint.cachefile's business; when it is read, oglint.cache's.

Only what JSON gives back unchanged is stored. A corpus key of another type than those `_key` knows, or a
Problem of a plugin's own class (whose own fields an entry would lose), makes the file's result uncacheable:
better a miss than a warm run that finds otherwise. The path is left out, as the entry's key hashes it: the
caller hands it back when decoding.
"""

from __future__ import annotations

import json
from typing import Any, Hashable

from oglint.model import Finding, Problem


class _Uncacheable(Exception):
    """A corpus key of a type the JSON encoding cannot round-trip: that file's result is not cached."""


def encode(findings: list[Finding], keys: list[tuple[str, Hashable, str, Problem]]) -> str | None:
    """One file's result as an entry, `findings<TAB>corpus keys` in JSON (without the path, which is part of
    the key; JSON escapes tabs and line ends in strings), or None when a corpus key cannot be stored
    faithfully: a key of another type than those _key knows, or a Problem of a plugin's own class, whose
    fields of its own the entry would lose. Two parts, so that a run may read the findings alone."""
    try:
        keys_data = [[code, _key(key), *_values(p)] for code, key, _, p in keys]
    except _Uncacheable:
        return None
    return f"{dumps([f.values() for f in findings])}\t{dumps(keys_data)}"


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_findings(data: bytes, shown: str) -> list[Finding]:
    return [Finding.of_values(shown, *values) for values in json.loads(data)]


def decode_keys(data: bytes, shown: str) -> list[tuple[str, Hashable, str, Problem]]:
    return [(code, _unkey(key), shown, Problem.of_values(*values)) for code, key, *values in json.loads(data)]


def _values(problem: Problem) -> tuple:
    if type(problem) is not Problem:
        raise _Uncacheable
    return problem.values()


def _key(value: Hashable) -> Any:
    """Corpus keys are usually strings or tuples of them; tuples are tagged so they come back as tuples."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"t": [_key(v) for v in value]}
    raise _Uncacheable


def _unkey(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(_unkey(v) for v in value["t"])
    return value

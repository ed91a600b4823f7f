"""`json`: {"findings": [...], "summary": {...}}. The shape is the pydantic models in `jsonmodel`; their JSON
Schema ships beside this module as `report.schema.json`. Rendering builds plain dicts (no pydantic at run
time); the tests check the output against the shipped schema and the schema against the models.

The report is written as the findings come, one per line, each line compact: `json.dumps(indent=...)` runs
CPython's pure-Python encoder (3-8× slower per finding and several times the memory), while a compact dump
of each finding runs in C, and one line per finding still reads and diffs well."""

from __future__ import annotations

import functools
import json
from typing import TextIO

from oglint import __version__, reporters
from oglint.model import Finding, Severity
from oglint.registry import Rule
from oglint.reporters import Context, Totals
from oglint.sources import Fingerprints

SCHEMA_VERSION = 1

# Without `indent`, the encoder is CPython's C one; `_string` is the one it uses for strings.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_string = json.encoder.encode_basestring


class Report(reporters.Report):
    def __init__(self, out: TextIO, context: Context, rules: list[Rule]) -> None:
        super().__init__(out, context, rules)
        self.fingerprints = Fingerprints(context.sources)
        self.empty = True

    def add(self, f: Finding) -> None:
        self.out.write(('{"findings": [\n' if self.empty else ",\n") + _finding(f, self.fingerprints.of(f)))
        self.empty = False

    def close(self, totals: Totals) -> None:
        counts = totals.by_severity
        summary = {"files": totals.files, "findings": totals.findings, "errors": counts[Severity.ERROR],
                   "warnings": counts[Severity.WARNING], "infos": counts[Severity.INFO],
                   "internal_errors": totals.errors, "version": __version__, "schema_version": SCHEMA_VERSION}
        self.out.write(('{"findings": [],' if self.empty else "\n],") + f'\n "summary": {_encode(summary)}}}\n')


def _finding(f: Finding, fingerprint: str) -> str:
    """What `_encode` makes of the finding as a dict, written out directly: 3× faster than building the dict
    and encoding it, and a report has a few findings per document (tests compare the two)."""
    s = f.span
    return (f'{{"path": {_string(f.path)}, {_head(f.code, f.name, f.severity)}"message": {_string(f.message)}, '
            f'"line": {s.line}, "column": {s.column}, "end_line": {s.end_line}, "end_column": {s.end_column}, '
            f'"fixable": {"true" if f.fixable else "false"}, '
            f'"related": {_encode(list(f.related)) if f.related else "[]"}, '
            f'"fingerprint": {_string(fingerprint)}}}')


@functools.lru_cache(maxsize=1024)
def _head(code: str, name: str, severity: Severity) -> str:
    """The code, name and severity part of a finding: a rule's findings share it (a third less work)."""
    return f'"code": {_string(code)}, "name": {_string(name)}, "severity": {_string(severity.value)}, '

"""`json`: {"findings": [...], "summary": {...}}. The shape is the pydantic models in `jsonmodel`; their JSON
Schema ships beside this module as `report.schema.json`. Rendering builds plain dicts (no pydantic at run
time); the tests check the output against the shipped schema and the schema against the models.

The report is written one finding per line, each line compact: `json.dumps(indent=...)` runs CPython's
pure-Python encoder (3-8× slower per finding and several times the memory), while a compact dump of each
finding runs in C, and one line per finding still reads and diffs well."""

from __future__ import annotations

import json
from collections import Counter

from oglint import __version__
from oglint.model import Finding
from oglint.reporters import Context
from oglint.runner import RunResult
from oglint.sources import fingerprints

SCHEMA_VERSION = 1

# Without `indent`, the encoder is CPython's C one.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def render(result: RunResult, context: Context) -> str:
    prints = fingerprints(result.findings, context.sources)
    lines = [_finding(f, fp) for f, fp in zip(result.findings, prints)]
    by_severity = Counter(f.severity.value for f in result.findings)
    summary = {"files": result.files, "findings": len(lines),
               "errors": by_severity["error"], "warnings": by_severity["warning"], "infos": by_severity["info"],
               "internal_errors": result.errors, "version": __version__, "schema_version": SCHEMA_VERSION}
    tail = f'\n],\n "summary": {_encode(summary)}}}\n'
    if not lines:
        return '{"findings": []' + tail[2:]
    # One join builds the report: a report of many findings is large, and each concatenation would copy it.
    lines[0] = '{"findings": [\n' + lines[0]
    lines[-1] += tail
    return ",\n".join(lines)


def _finding(f: Finding, fingerprint: str) -> str:
    return _encode({"path": f.path, "code": f.code, "name": f.name, "severity": f.severity.value,
                    "message": f.message, "line": f.span.line, "column": f.span.column,
                    "end_line": f.span.end_line, "end_column": f.span.end_column, "fixable": f.fixable,
                    "related": list(f.related), "fingerprint": fingerprint})

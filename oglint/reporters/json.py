"""JSON: {"findings": [...], "summary": {...}} — the shape is documented in the README."""

from __future__ import annotations

import json
from collections import Counter

from oglint import __version__
from oglint.runner import RunResult


def render(result: RunResult) -> str:
    findings = [
        {"path": f.path, "code": f.code, "name": f.name, "severity": f.severity.value, "message": f.message,
         "line": f.span.line, "column": f.span.column, "end_line": f.span.end_line,
         "end_column": f.span.end_column, "fixable": f.fixable, "related": list(f.related)}
        for f in result.findings
    ]
    by_severity = Counter(f.severity.value for f in result.findings)
    summary = {"files": result.files, "findings": len(findings),
               "errors": by_severity["error"], "warnings": by_severity["warning"], "infos": by_severity["info"],
               "internal_errors": result.errors, "version": __version__}
    return json.dumps({"findings": findings, "summary": summary}, indent=2, ensure_ascii=False) + "\n"

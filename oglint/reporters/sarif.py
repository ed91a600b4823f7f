"""SARIF 2.1.0, one run, for GitHub code scanning and other SARIF consumers."""

from __future__ import annotations

import json
from urllib.parse import quote

from oglint import __version__
from oglint.model import Severity
from oglint.registry import doc_section
from oglint.runner import RunResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/oglint/oglint"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: RunResult) -> str:
    rules = result.rules
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "oglint",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary[:1024]},
                "fullDescription": {"text": (doc_section(r.doc, "What it does") or r.summary)[:1024]},
                "help": {"text": r.doc, "markdown": r.doc},
                "helpUri": f"{INFORMATION_URI}/blob/main/README.md#{r.code.lower()}",
                "defaultConfiguration": {"level": LEVEL[r.severity]},
                "properties": {"tags": ["metadata", r.code.rstrip("0123456789").lower()]},
            }
            for r in rules
        ],
    }
    results = []
    for f in result.findings:
        results.append({
            "ruleId": f.code,
            **({"ruleIndex": index[f.code]} if f.code in index else {}),
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(f.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.span.line, "startColumn": f.span.column,
                               "endLine": f.span.end_line, "endColumn": f.span.end_column},
                }
            }],
        })
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": not result.errors,
                         "toolExecutionNotifications": [{"message": {"text": e}, "level": "error"}
                                                        for e in result.errors]}],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"

"""SARIF 2.1.0, one run, for GitHub code scanning and other SARIF consumers.

URIs are relative to the project root (`%SRCROOT%`, given in `originalUriBaseIds`); regions are 1-based with
an exclusive end column counted in Unicode code points (`columnKind`). `partialFingerprints` hash the path,
code, offending text and its occurrence, so they stay stable when unrelated lines move. Files that could not
be read (FM008, FM009, FM013) are also reported as tool notifications in the invocation.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import quote

from oglint import __version__, reporters
from oglint.discovery import real_path
from oglint.model import Finding, Severity
from oglint.registry import Rule, doc_section
from oglint.reporters import Context, Totals
from oglint.sources import UNREADABLE, Fingerprints, Sources

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/oglint/oglint"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
FINGERPRINT = "oglint/v1"
LIMIT = 1024  # GitHub's limit on short and full descriptions


def _shorten(text: str) -> str:
    return text if len(text) <= LIMIT else text[:LIMIT - 1] + "…"


def _family(code: str) -> str:
    return code.rstrip("0123456789")


def descriptor(r: Rule) -> dict:
    doc = r.doc or r.name
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": _shorten(r.summary)},
        "fullDescription": {"text": _shorten(" ".join((doc_section(doc, "What it does") or r.summary).split()))},
        "help": {"text": doc, "markdown": f"# {r.code} {r.name}\n\n{doc}"},
        "helpUri": f"{INFORMATION_URI}/blob/main/README.md#{r.code.lower()}",  # the rule table's anchors
        "defaultConfiguration": {"level": LEVEL[r.severity]},
        "properties": {
            "tags": ["metadata", _family(r.code).lower()],
            # The catalogue's rules are exact checks on declared values, not heuristics; info-level rules
            # are advice that may not apply to every site.
            "precision": "medium" if r.severity is Severity.INFO else "high",
            "problem.severity": PROBLEM_SEVERITY[r.severity],
        },
    }


@functools.lru_cache(maxsize=4096)
def _uri(path: str, root: Path) -> dict:
    """A location relative to %SRCROOT% when the file is below the root, else an absolute file URI. Cached:
    a file has many findings. Callers must not change the dict."""
    posix = PurePosixPath(path)
    if root == Path.cwd() and not posix.is_absolute() and ".." not in posix.parts:
        # the usual case: display paths are already relative to the working folder (no system calls)
        return {"uri": quote(posix.as_posix()), "uriBaseId": "%SRCROOT%"}
    full = real_path(root / path)
    try:
        relative = PurePosixPath(full.relative_to(real_path(root)).as_posix())
    except ValueError:
        return {"uri": full.as_uri()}
    return {"uri": quote(str(relative)), "uriBaseId": "%SRCROOT%"}


def _region(f: Finding, sources: Sources) -> dict:
    """The span, with the offending text as its snippet and the source line around it as context."""
    s = f.span
    region: dict = {"startLine": s.line, "startColumn": s.column, "endLine": s.end_line,
                    "endColumn": max(s.end_column, s.column + 1) if s.line == s.end_line else s.end_column}
    line = sources.line(f)
    if line:
        region["snippet"] = {"text": sources.excerpt(f)}
        return {"region": region, "contextRegion": {"startLine": s.line, "endLine": s.line,
                                                    "snippet": {"text": line}}}
    return {"region": region}


def result_entry(f: Finding, index: dict[str, int], fingerprint: str, root: Path, sources: Sources) -> dict:
    entry = {
        "ruleId": f.code,
        **({"ruleIndex": index[f.code]} if f.code in index else {}),
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": _uri(f.path, root), **_region(f, sources)}}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if f.related:
        entry["relatedLocations"] = [{"id": i, "physicalLocation": {"artifactLocation": _uri(p, root)}}
                                     for i, p in enumerate(f.related, 1)]
    return entry


class Report(reporters.Report):
    """Written as it goes: the run's header, each result, then the invocation with its notifications (one per
    file that could not be read, and one per internal error)."""

    def __init__(self, out: TextIO, context: Context, rules: list[Rule]) -> None:
        super().__init__(out, context, rules)
        self.index = {r.code: i for i, r in enumerate(rules)}
        self.fingerprints = Fingerprints(context.sources)
        self.notifications: list[dict] = []
        self.empty = True
        root = context.root
        head = {
            "tool": {"driver": {"name": "oglint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": [descriptor(r) for r in rules]}},
            "automationDetails": {"id": "oglint/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": real_path(root).as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
        }
        # what json.dumps would write for {"$schema", "version", "runs": [{**head, "results": [...], ...}]}
        fields = "".join(f"{_dump(k)}: {_dump(v)}, " for k, v in head.items())
        out.write(f'{{"$schema": {_dump(SCHEMA)}, "version": "2.1.0", "runs": [{{{fields}"results": [')

    def add(self, f: Finding) -> None:
        root, sources = self.context.root, self.context.sources
        entry = result_entry(f, self.index, self.fingerprints.of(f), root, sources)
        self.out.write(("" if self.empty else ", ") + _dump(entry))
        self.empty = False
        if f.code in UNREADABLE:
            self.notifications.append({
                "level": "error", "message": {"text": f"{f.path}: {f.message}"},
                "locations": [{"physicalLocation": {"artifactLocation": _uri(f.path, root)}}],
                **({"associatedRule": {"id": f.code, "index": self.index[f.code]}} if f.code in self.index else {})})

    def close(self, totals: Totals) -> None:
        notes = self.notifications + [{"level": "error", "message": {"text": e}} for e in totals.errors]
        invocations = [{"executionSuccessful": not totals.errors, "toolExecutionNotifications": notes}]
        self.out.write(f'], "invocations": {_dump(invocations)}}}]}}\n')


# compact: json's C encoder is used only without indent, and is several times faster on large reports
_dump = json.JSONEncoder(ensure_ascii=False).encode

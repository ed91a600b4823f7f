"""The flow: discover → read → parse → rules → findings, then corpus rules over all documents.

`lint_file` is a pure function of a path and the settings, so files can be processed in any order or in
parallel; corpus rules only see the keys each file emitted.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable

from oglint.discovery import Candidate, display_path, printable
from oglint.model import Document, Finding, Problem
from oglint.readers import read_document, read_failure
from oglint.registry import Registry, Rule
from oglint.settings import Settings

# One corpus-rule key a document emitted: (rule code, key, display path, problem).
CorpusKey = tuple[str, Hashable, str, Problem]


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    keys: list[CorpusKey] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors (a rule crashed): exit code 2


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    errors: list[str]
    rules: list[Rule]  # the rules that ran, for reporters (SARIF tool.driver.rules)


def active_rules(registry: Registry, settings: Settings) -> list[Rule]:
    return [r for r in registry.sorted() if settings.is_selected(r.code) and (settings.online or not r.online)]


def load(candidate: Candidate, settings: Settings, shown: str) -> Document:
    """Read a file from disk into a Document; anything that stops the reading becomes a ReadProblem."""
    if candidate.problem:
        return read_failure(shown, "FM013", candidate.problem)
    path = candidate.path
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return read_failure(shown, "FM013", "not a regular file (a FIFO, device or socket): not read")
        if info.st_size > settings.max_file_size:
            return read_failure(shown, "FM013", f"the file is {info.st_size:,} bytes, over the "
                                f"{settings.max_file_size:,}-byte limit (max-file-size): not read")
        with open(path, "rb") as fh:
            data = fh.read(settings.max_file_size + 1)
    except OSError as exc:
        return read_failure(shown, "FM013", f"cannot read the file: {exc.strerror or exc}")
    return load_bytes(shown, data, settings)


def load_bytes(shown: str, data: bytes, settings: Settings) -> Document:
    """A Document from bytes read up to one past the size limit (stdin, or a file that grew after `stat`)."""
    if len(data) > settings.max_file_size:
        return read_failure(shown, "FM013", f"the input is over the {settings.max_file_size:,}-byte limit "
                            "(max-file-size): not read")
    return read_document(shown, data)


def lint_document(doc: Document, rules: list[Rule], settings: Settings) -> FileResult:
    result = FileResult(doc.path)
    for r in rules:
        if not r.applies_to(doc):
            continue
        options = _options(r, settings)
        try:
            if r.corpus:
                result.keys += [(r.code, key, doc.path, problem) for key, problem in r.check(doc, options)]
            else:
                result.findings += [_finding(r, doc.path, p, settings) for p in r.check(doc, options)]
        except Exception as exc:  # a crashing rule is an internal error, not a reason to stop the run
            result.errors.append(f"{doc.path}: rule {r.code} crashed: {type(exc).__name__}: {exc}")
    return result


def lint_file(candidate: Candidate, rules: list[Rule], settings: Settings, shown: str) -> FileResult:
    return lint_document(load(candidate, settings, shown), rules, settings)


def resolve_corpus(keys: Iterable[CorpusKey], rules: list[Rule], settings: Settings) -> list[Finding]:
    """Group every document's keys by (rule, key) and let each corpus rule turn the groups into findings."""
    by_code = {r.code: r for r in rules if r.corpus}
    groups: dict[tuple[str, Hashable], list[tuple[str, Problem]]] = {}
    for code, key, path, problem in keys:
        groups.setdefault((code, key), []).append((path, problem))
    findings = []
    for (code, key), members in groups.items():
        r = by_code[code]
        resolve = r.resolve or duplicates
        for path, problem in resolve(key, members, _options(r, settings)):
            findings.append(_finding(r, path, problem, settings))
    return findings


def duplicates(key: Hashable, members: list[tuple[str, Problem]], options: Any) -> Iterable[tuple[str, Problem]]:
    """The default corpus resolution: every member of a group spanning two or more documents, naming the others."""
    paths = sorted({path for path, _ in members})
    if len(paths) < 2:
        return
    for path, problem in members:
        others = tuple(p for p in paths if p != path)
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        yield path, Problem(f"{problem.message}; also in {shown}", problem.span, problem.severity, others)


def run(candidates: Iterable[Candidate], registry: Registry, settings: Settings,
        stdin: tuple[str, bytes] | None = None) -> RunResult:
    rules = active_rules(registry, settings)
    findings: list[Finding] = []
    keys: list[CorpusKey] = []
    errors: list[str] = []
    files = 0
    results: Iterable[FileResult] = (lint_file(c, rules, settings, display_path(c.path)) for c in candidates)
    if stdin is not None:
        name, data = stdin
        results = [lint_document(load_bytes(printable(name), data, settings), rules, settings)]
    for res in results:
        files += 1
        findings += res.findings
        keys += res.keys
        errors += res.errors
    findings += resolve_corpus(keys, rules, settings)
    findings.sort(key=Finding.sort_key)
    return RunResult(findings, files, errors, rules)


def _options(r: Rule, settings: Settings) -> dict[str, Any]:
    return {**r.options, **settings.options.get(r.code, {})}


def _finding(r: Rule, path: str, p: Problem, settings: Settings) -> Finding:
    severity = settings.severity.get(r.code) or p.severity or r.severity
    return Finding(path, r.code, r.name, severity, p.message, p.span, r.fixable, p.related)



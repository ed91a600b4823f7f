"""Reporters write the findings of a run for a terminal, a file or another tool, as the run produces them.

Each reporter module has a `Report` class: made with the output stream, a Context and the rules that ran, it
is given each finding in report order (`add`), then the run's Totals (`close`). Findings are not kept: a
corpus of 100,000 documents makes about a million, and a report held whole in memory grew with it. The
context carries what is not in the findings: the source text (for excerpts), whether to colour, and the
project root SARIF URIs are relative to. `render` gives a whole report as a string, from a RunResult.
"""

from __future__ import annotations

import importlib
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from oglint.model import Finding, Severity
from oglint.registry import Rule
from oglint.runner import RunResult
from oglint.sources import Sources

FORMATS = ("text", "concise", "json", "github", "sarif")


@dataclass
class Context:
    sources: Sources = field(default_factory=Sources)
    color: bool = False
    root: Path = field(default_factory=Path.cwd)


@dataclass
class Totals:
    """What a report's closing lines say: counted as the findings go by."""

    files: int = 0
    errors: list[str] = field(default_factory=list)  # internal errors
    by_severity: Counter[Severity] = field(default_factory=Counter)

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def count(self, f: Finding) -> None:
        self.by_severity[f.severity] += 1


class Report:
    def __init__(self, out: TextIO, context: Context, rules: list[Rule]) -> None:
        self.out = out
        self.context = context
        self.rules = rules

    def add(self, f: Finding) -> None:
        raise NotImplementedError

    def close(self, totals: Totals) -> None:
        raise NotImplementedError


def get(name: str) -> type[Report]:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(f"oglint.reporters.{name}").Report


def render(name: str, result: RunResult, context: Context) -> str:
    """A whole report of a finished run."""
    out = io.StringIO()
    report = get(name)(out, context, result.rules)
    totals = Totals(result.files, result.errors)
    for f in result.findings:
        totals.count(f)
        report.add(f)
    report.close(totals)
    return out.getvalue()

"""Reporters turn a RunResult into text for a terminal, a file or another tool.

Each reporter module has `render(result, context) -> str`. The context carries what is not in the findings:
the source text (for excerpts and fingerprints), whether to colour, and the project root SARIF URIs are
relative to.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from oglint.runner import RunResult
from oglint.sources import Sources

FORMATS = ("text", "concise", "json", "github", "sarif")


@dataclass
class Context:
    sources: Sources = field(default_factory=Sources)
    color: bool = False
    root: Path = field(default_factory=Path.cwd)


Reporter = Callable[[RunResult, Context], str]


def get(name: str) -> Reporter:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(f"oglint.reporters.{name}").render

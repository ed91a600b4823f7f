"""Reporters turn a RunResult into text for a terminal, a file or another tool."""

from __future__ import annotations

from typing import Callable

from oglint.runner import RunResult

Reporter = Callable[[RunResult], str]


def get(name: str) -> Reporter:
    if name == "text":
        from oglint.reporters.text import render
    elif name == "json":
        from oglint.reporters.json import render
    elif name == "sarif":
        from oglint.reporters.sarif import render
    else:
        raise KeyError(name)
    return render


FORMATS = ("text", "json", "sarif")

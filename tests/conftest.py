"""Shared test helpers: lint text as a document, run the CLI in-process."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from oglint.corpuskeys import grouped
from oglint.model import Finding
from oglint.readers import read_document
from oglint.registry import Registry, load_registry
from oglint.runner import active_rules, lint_document, resolve_corpus
from oglint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def registry_with(*modules) -> Registry:
    """The built-in rules and those of the given modules (plugins of the tests' own)."""
    reg = Registry()
    reg.load("oglint.rules")
    for module in modules:
        reg.add_module(module)
    assert not reg.errors, reg.errors
    return reg


@pytest.fixture(scope="session")
def registry() -> Registry:
    reg = load_registry()
    assert not reg.errors, reg.errors
    return reg


def lint_text(registry: Registry, text: str | bytes, path: str = "doc.md",
              settings: Settings | None = None) -> list[Finding]:
    """Every finding for one document given as text or bytes (corpus rules see only this document)."""
    settings = settings or Settings()
    data = text.encode("utf-8") if isinstance(text, str) else text
    rules = active_rules(registry, settings)
    result = lint_document(read_document(path, data), rules, settings)
    assert not result.errors, result.errors
    return sorted(result.findings + [*resolve_corpus(grouped(result.keys), rules, settings)], key=Finding.sort_key)


@pytest.fixture
def run_cli(monkeypatch):
    """Run `oglint ARGS` in-process: returns (exit code, stdout, stderr)."""
    from oglint.cli import main

    def run(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", fake_in)
        code = main(list(args))
        return code, out.getvalue(), err.getvalue()

    return run

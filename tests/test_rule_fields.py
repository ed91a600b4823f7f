"""A rule that declares `fields` promises to find nothing in a document holding none of them (the runner
skips it there). Checked on every fixture, seed and documentation example, each also stripped of the rule's
fields (not the HTML tags found after the head, which the runner does not look at): the stripped document
must give the rule nothing, or the declaration would hide real findings."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from test_rule_docs import documents

from oglint.model import Document
from oglint.readers import read_document
from oglint.registry import doc_section, load_registry
from oglint.runner import _options
from oglint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RULES = [r for r in load_registry().sorted() if r.fields is not None]


def corpus() -> list[Document]:
    files = [*sorted((ROOT / "tests" / "fixtures").rglob("*.*")), *sorted((ROOT / "seeds").iterdir())]
    docs = [read_document(p.name, p.read_bytes()) for p in files if p.is_file()]
    for r in load_registry().sorted():
        for heading in ("Example", "Use instead"):
            docs += [read_document(path, data) for data, path in documents(doc_section(r.doc, heading))]
    return docs


DOCS = corpus()


def test_most_rules_declare_their_fields() -> None:
    # the runner's field dispatch is what keeps 123 rules cheap: losing declarations is a speed regression
    assert len(RULES) >= 80


def without(doc: Document, names: frozenset[str]) -> Document:
    stripped = copy.copy(doc)
    stripped.fields = [f for f in doc.fields if f.name not in names]
    stripped._indexed = -1  # rebuild the name index for the new list
    return stripped


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_rule_finds_nothing_without_its_fields(rule) -> None:
    options = _options(rule, Settings())
    checked = 0
    for doc in DOCS:
        if doc.input not in rule.inputs:
            continue
        stripped = without(doc, rule.fields)
        found = list(rule.check(stripped, options))
        assert not found, f"{rule.code} found {found[0]} in {doc.path} without any of {sorted(rule.fields)}"
        checked += 1
    assert checked, f"{rule.code}: no document to check"

"""Every rule is documented under the four headings, and its Example and Use instead blocks are run: the
Example must raise the rule's code, Use instead must not. So the documentation cannot rot.

An ```options block (TOML) in Example sets the rule's options for both sections. A corpus rule's blocks
are linted together, as the documents of one site."""

from __future__ import annotations

import ast
import re
import sys

import pytest

from conftest import lint_text
from oglint.readers import read_document
from oglint.registry import DOC_HEADINGS, doc_section, load_registry
from oglint.corpuskeys import grouped
from oglint.runner import active_rules, lint_document, resolve_corpus
from oglint.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RULES = load_registry().sorted()
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
OPTIONS = re.compile(r"```options\n(.*?)```", re.S)
# Rules whose failing input cannot be written as a document (they are tested on real files elsewhere).
NOT_A_DOCUMENT = {"FM013"}


def as_document(language: str, body: str) -> tuple[bytes, str] | None:
    if language in ("yaml", "yml"):
        return f"---\n{body}---\n".encode(), "example.md"
    if language == "toml":
        return f"+++\n{body}+++\n".encode(), "example.md"
    if language == "json":
        return body.encode(), "example.md"
    if language == "html":
        return body.encode(), "example.html"
    if language == "bytes":
        return ast.literal_eval(body.strip()), "example.md"
    return None


def documents(section: str) -> list[tuple[bytes, str]]:
    found = [as_document(lang, body) for lang, body in BLOCK.findall(section)]
    return [d for d in found if d is not None]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:
    for heading in DOC_HEADINGS:
        assert doc_section(rule.doc, heading), f"{rule.code} has no '## {heading}' section"


def lint_site(registry, docs: list[tuple[bytes, str]], settings: Settings) -> list:
    """The findings for several documents linted as one site (corpus rules see them all)."""
    rules = active_rules(registry, settings)
    results = [lint_document(read_document(f"{i}-{path}", data), rules, settings) for i, (data, path) in
               enumerate(docs)]
    keys = grouped(k for r in results for k in r.keys)
    return [f for r in results for f in r.findings] + list(resolve_corpus(keys, rules, settings))


@pytest.mark.parametrize("rule", [r for r in RULES if r.code not in NOT_A_DOCUMENT], ids=lambda r: r.code)
def test_rule_examples(rule, registry) -> None:
    example = doc_section(rule.doc, "Example")
    options = OPTIONS.search(example)
    settings = Settings(select=(rule.code,), options={rule.code: tomllib.loads(options.group(1))} if options else {})
    bad = documents(example)
    good = documents(doc_section(rule.doc, "Use instead"))
    assert bad and good, f"{rule.code}: Example and Use instead need a runnable block"
    if rule.corpus:
        assert rule.code in {f.code for f in lint_site(registry, bad, settings)}, f"{rule.code} Example did not fail"
        found = [f for f in lint_site(registry, good, settings) if f.code == rule.code]
        assert not found, f"{rule.code} Use instead still fails: {found}"
        return
    for data, path in bad:
        codes = {f.code for f in lint_text(registry, data, path, settings)}
        assert rule.code in codes, f"{rule.code} Example did not fail:\n{data.decode('utf-8', 'replace')}"
    for data, path in good:
        found = [f for f in lint_text(registry, data, path, settings) if f.code == rule.code]
        assert not found, f"{rule.code} Use instead still fails: {found}"


def test_readme_rule_table_is_in_sync(registry) -> None:
    from conftest import ROOT
    from oglint.ruledocs import rules_table, with_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_table(readme, rules_table(registry)), "run: python -m oglint.ruledocs README.md"

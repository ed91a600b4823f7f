"""The shipped seed document is a regression test: what it gets, exactly where."""

from __future__ import annotations

from conftest import ROOT, SHARED, lint_text

SEED = ROOT / "seeds" / "000_572eea91db287bfb.txt"


def test_seed_is_the_shared_one_unchanged() -> None:
    shared = SHARED / "seeds" / SEED.name
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()


def test_seed_findings(registry) -> None:
    text = SEED.read_text(encoding="utf-8")
    findings = lint_text(registry, SEED.read_bytes(), str(SEED.name))
    by_code = {(f.code, f.span.line): f for f in findings}
    lines = text.splitlines()

    ent = by_code[("ENT002", 4)]
    assert lines[3][ent.span.column - 1:].startswith("&amp; Rescue")
    url = by_code[("URL010", 5)]
    assert lines[4][url.span.column - 1:].startswith("&amp;w=600")
    assert "&amp; ×3" in url.message
    # url and og:url agree, so nothing about them
    assert not [f for f in findings if f.code in ("URL012", "URL020")]

"""Inline suppressions (and FM014 for the unused ones), and baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, lint_text
from oglint.settings import Settings

SEED = (ROOT / "seeds" / "000_572eea91db287bfb.txt").read_text()
SEED_RULES = ("--select", "ENT,URL")  # the seed's two findings are ENT002 and URL010; other rules stay out
URL_ENT = Settings(select=("URL", "ENT", "FM014"))


def _found(registry, text: str, path: str = "doc.md", settings: Settings = URL_ENT) -> list[tuple[int, str]]:
    return [(f.span.line, f.code) for f in lint_text(registry, text, path, settings)]


MISMATCH = """---
title: Café &amp; Bar
url: https://example.org/a/
og:
  url: https://example.org/b/{comment}
---
"""


def test_disable_on_the_value_line(registry) -> None:
    assert _found(registry, MISMATCH.format(comment="")) == [(2, "ENT002"), (5, "URL012")]
    assert _found(registry, MISMATCH.format(comment="   # oglint: disable=URL012")) == [(2, "ENT002")]
    assert _found(registry, MISMATCH.format(comment="  #oglint:disable=URL012 , ENT002")) == [
        (2, "ENT002"), (5, "FM014")]  # ENT002 is on line 2, not here: that item suppressed nothing
    assert _found(registry, MISMATCH.format(comment=" # oglint: disable=URL")) == [(2, "ENT002")]  # a prefix


def test_disable_next_line_and_file(registry) -> None:
    text = MISMATCH.format(comment="").replace("og:\n", "og:\n  # oglint: disable-next-line=URL012\n")
    assert _found(registry, text) == [(2, "ENT002")]
    text = MISMATCH.format(comment="").replace("title:", "# oglint: disable-file=ENT002,URL012\ntitle:")
    assert _found(registry, text) == []


def test_unused_suppressions_point_at_the_code(registry) -> None:
    text = "---\ntitle: Plain   # oglint: disable=ENT002\n---\n"
    [finding] = lint_text(registry, text, "doc.md", URL_ENT)
    assert (finding.code, finding.span.line, finding.span.column, finding.span.end_column) == ("FM014", 2, 34, 40)
    assert "no ENT002 finding on this line" in finding.message
    # a code that did not run (not selected, or no such rule) is unused too, and says why
    [finding] = lint_text(registry, "---\ntitle: T  # oglint: disable=OG001\n---\n", "doc.md", URL_ENT)
    assert finding.code == "FM014" and "not a rule that ran" in finding.message


@pytest.mark.parametrize("comment", ["# oglint: disabel=URL012", "# oglint: disable URL012", "# oglint: disable=",
                                     "# oglint : disable=URL012", "# oglint: enable=URL012"])
def test_a_comment_for_oglint_that_is_no_directive_is_reported(registry, comment: str) -> None:
    findings = lint_text(registry, MISMATCH.format(comment=f"  {comment}  "), "doc.md", URL_ENT)
    assert [(f.span.line, f.code) for f in findings] == [(2, "ENT002"), (5, "URL012"), (5, "FM014")]
    odd = findings[2]
    assert "not a suppression oglint reads" in odd.message
    assert (odd.span.column, odd.span.end_column) == (34, 32 + len(comment))  # `oglint…` to the comment's end
    # beside a directive that works
    both = MISMATCH.format(comment=f"  {comment}").replace("&amp; Bar", "&amp; Bar  # oglint: disable=ENT")
    assert _found(registry, both) == [(5, "URL012"), (5, "FM014")]
    page = '<head><title>T &amp;amp; x</title><!-- oglint: disable-nxt-line=ENT --></head>'
    assert _found(registry, page, "p.html") == [(1, "ENT001"), (1, "FM014")]
    # a lone CR ends the comment too; in HTML a `#` is text, not a comment
    [lone_cr] = lint_text(registry, "---\r# oglint: disabel=OG003\rtitle: Hello\r---\rbody\r", "doc.md", URL_ENT)
    assert (lone_cr.span.line, lone_cr.span.column, lone_cr.span.end_line, lone_cr.span.end_column) == (2, 3, 2, 24)
    assert _found(registry, '<head><title>T</title></head><a href="/docs#oglint:usage">x</a>', "p.html") == []
    # fixtures' own markers and the directives themselves are not reported
    assert _found(registry, "---\n# oglint-test: select=URL\ntitle: A &amp; B  # oglint: disable=ENT002\n---\n") == []


def test_comment_like_text_in_a_markdown_body_is_not_a_directive(registry) -> None:
    text = MISMATCH.format(comment="") + "\n# oglint: disable-file=URL012\n"
    assert _found(registry, text) == [(2, "ENT002"), (5, "URL012")]


def test_directive_text_inside_a_value_is_not_a_directive(registry) -> None:
    text = '---\ntitle: "Café &amp; Bar # oglint: disable=ENT002"\n---\n'
    assert _found(registry, text) == [(2, "ENT002")]
    page = '<head><meta property="og:title" content="A &amp;amp; B <!-- oglint: disable=URL010 -->"></head>'
    assert _found(registry, page, "p.html", Settings(select=("FM014",))) == []


def test_html_comment(registry) -> None:
    page = ('<html><head>\n<meta property="og:title" content="">{comment}\n'
            '<meta property="og:image" content="/i.png?a=1&amp;amp;b=2">\n</head></html>\n')
    settings = Settings(select=("OG006", "URL010", "FM014"))
    assert _found(registry, page.format(comment=""), "p.html", settings) == [(2, "OG006"), (3, "URL010")]
    quiet = page.format(comment=" <!-- oglint: disable=OG006 -->")
    assert _found(registry, quiet, "p.html", settings) == [(3, "URL010")]
    unused = page.format(comment="<!-- oglint: disable=URL010 -->")
    assert _found(registry, unused, "p.html", settings) == [(2, "OG006"), (2, "FM014"), (3, "URL010")]


def test_suppressions_apply_without_fm014_selected(registry) -> None:
    only_url = Settings(select=("URL",))
    assert _found(registry, MISMATCH.format(comment=" # oglint: disable=URL012,ENT002"), settings=only_url) == []


def test_inline_disable_end_to_end(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_text(SEED.replace("scale=both\n", "scale=both  # oglint: disable=URL010\n"))
    code, out, _ = run_cli("check", str(page), "--format", "concise", *SEED_RULES)
    assert code == 1 and "URL010" not in out and "ENT002" in out


# --- baseline -----------------------------------------------------------------------------------------

def test_baseline_adopts_todays_findings_and_reports_only_new_ones(run_cli, tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "seed.txt").write_text(SEED)
    baseline = tmp_path / "oglint-baseline.json"
    code, out, err = run_cli("check", str(site), "--write-baseline", str(baseline), *SEED_RULES)
    assert code == 0 and "wrote 2 findings" in err
    recorded = json.loads(baseline.read_text())["findings"]
    assert {(e["path"], e["code"], e["text"]) for e in recorded} == {("site/seed.txt", "ENT002", "&amp;"),
                                                                     ("site/seed.txt", "URL010", "&amp;")}
    assert run_cli("check", str(site), "--baseline", str(baseline), *SEED_RULES) == (
        0, "All checks passed (1 file).\n", "")

    # edits elsewhere move the adopted findings to other lines: still adopted
    (site / "seed.txt").write_text(SEED.replace("area: Derbyshire\n", "area: Derbyshire\nauthor: Press office\n"))
    assert run_cli("check", str(site), "--baseline", str(baseline), *SEED_RULES)[0] == 0
    # from another working folder too (paths are stored relative to the baseline file)
    monkeypatch.chdir(site)
    assert run_cli("check", ".", "--baseline", str(baseline), *SEED_RULES)[0] == 0

    (site / "new.md").write_text("---\ntitle: New &amp; shiny\n---\n")
    code, out, _ = run_cli("check", ".", "--baseline", str(baseline), "--select", "ENT,URL", "--format", "concise")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["new.md"]


def test_a_second_identical_finding_is_new(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("---\ntitle: A &amp; B\n---\n")
    baseline = tmp_path / "b.json"
    run_cli("check", str(page), "--select", "ENT", "--write-baseline", str(baseline))
    page.write_text("---\ntitle: A &amp; B\ndescription: C &amp; D\n---\n")
    code, out, _ = run_cli("check", str(page), "--select", "ENT", "--baseline", str(baseline), "--format", "concise")
    assert code == 1 and out.count("ENT002") == 1


def test_a_broken_baseline_exits_2(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    bad = tmp_path / "b.json"
    bad.write_text('{"findings": []}')
    code, _, err = run_cli("check", str(tmp_path / "a.md"), "--baseline", str(bad))
    assert code == 2 and "not an oglint baseline" in err
    bad.write_text("[]")
    code, _, err = run_cli("check", str(tmp_path / "a.md"), "--baseline", str(bad))
    assert code == 2 and err == f"oglint: error: {bad}: not an oglint baseline (version 1)\n"
    assert run_cli("check", str(tmp_path / "a.md"), "--baseline", str(tmp_path / "none.json"))[0] == 2
    assert run_cli("check", str(tmp_path / "a.md"), "--write-baseline", str(tmp_path / "no" / "b.json"))[0] == 2


def test_suppressions_of_cross_document_findings_are_judged_after_the_run(registry, run_cli, monkeypatch,
                                                                          tmp_path: Path) -> None:
    import oglint.registry
    from oglint.model import Severity
    from oglint.registry import Registry, corpus_rule

    @corpus_rule("XYZ900", "same-title", Severity.WARNING)
    def same_title(doc, options):
        """## What it does"""
        title = doc.first("title")
        if title:
            yield title.text, doc.problem("title shared", title)

    corpus = Registry(rules={"XYZ900": same_title, "FM014": registry.rules["FM014"]})
    monkeypatch.setattr(oglint.registry, "load_registry", lambda: corpus)
    (tmp_path / "a.md").write_text("---\ntitle: Same   # oglint: disable=XYZ900\n---\n")
    (tmp_path / "b.md").write_text("---\ntitle: Same\nurl: /b/   # oglint: disable=XYZ900\n---\n")
    (tmp_path / "c.md").write_text("---\ntitle: Other   # oglint: disable=XYZ9\n---\n")
    _, out, _ = run_cli("check", str(tmp_path), "--format", "json", "--no-cache")
    found = [(Path(f["path"]).name, f["line"], f["code"]) for f in json.loads(out)["findings"]]
    assert found == [("b.md", 2, "XYZ900"), ("b.md", 3, "FM014"), ("c.md", 2, "FM014")]
    # the runner applies them (not only the CLI), and the cache remembers the result
    from oglint.discovery import discover
    from oglint.runner import run
    from oglint.settings import Settings

    result = run(discover([str(tmp_path)]), corpus, Settings())
    assert [(Path(f.path).name, f.span.line, f.code) for f in result.findings] == found
    cache = ["--cache-dir", str(tmp_path / ".cache")]
    assert [run_cli("check", str(tmp_path), "--format", "json", *cache)[1] for _ in range(2)] == [out, out]

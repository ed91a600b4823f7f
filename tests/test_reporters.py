"""Output formats: text excerpts and colour, concise, json (and its shipped schema), github workflow
commands, SARIF for code scanning, several outputs at once, statistics. Document text is untrusted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, SHARED
from oglint.model import Finding, Severity, Span
from oglint.reporters import Context, render
from oglint.runner import RunResult

SEED = ROOT / "seeds" / "000_572eea91db287bfb.txt"
SEED_RULES = ("--select", "ENT,URL")  # the seed's two findings are ENT002 and URL010; other rules stay out
MISMATCH = "---\ntitle: T\nurl: https://example.org/a/\nog:\n  url: https://example.org/b/\n---\n"


def _seed_dir(tmp_path: Path) -> Path:
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    return tmp_path


def test_text_shows_the_source_line_and_a_caret_under_the_span(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MISMATCH)
    code, out, _ = run_cli("check", str(tmp_path / "a.md"), "--select", "URL012")
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "URL012" in line)
    assert lines[head].endswith("a.md:5:8: URL012 " + lines[head].split("URL012 ", 1)[1])
    assert lines[head + 1] == "5 |   url: https://example.org/b/"
    caret = lines[head + 2]
    assert caret.index("^") == lines[head + 1].index("https") and caret.count("^") == len("https://example.org/b/")
    assert "\x1b[" not in out  # not a terminal: no colour


def test_caret_counts_wide_characters_as_two_cells(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MISMATCH.replace("og:\n  url:", "og:\n  title: 東京\n  url:").replace(
        "url: https://example.org/b/", "url: https://例え.jp/b/"))
    _, out, _ = run_cli("check", str(tmp_path / "a.md"), "--select", "URL012")
    source, caret = out.splitlines()[1:3]
    assert source == "6 |   url: https://例え.jp/b/"
    assert caret == "  |        " + "^" * (len("https://例え.jp/b/") + 2)


def test_long_lines_are_cut_around_the_span(run_cli, tmp_path: Path) -> None:
    _seed_dir(tmp_path)
    _, out, _ = run_cli("check", str(tmp_path), "--select", "URL010")
    source, caret = [line for line in out.splitlines() if line.startswith(("5 |", "  |"))]
    assert len(source) < 120 and source.startswith("5 | …")
    assert source[caret.index("^"):].startswith("&amp;")


@pytest.mark.parametrize(("flags", "env", "coloured"), [
    ((), {}, False),
    (("--color", "always"), {"NO_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
])
def test_colour_choice(run_cli, monkeypatch, tmp_path: Path, flags, env, coloured) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _seed_dir(tmp_path)
    _, out, _ = run_cli("check", str(tmp_path), *flags)
    assert ("\x1b[" in out) is coloured


def test_concise_is_one_line_a_finding(run_cli, tmp_path: Path) -> None:
    _seed_dir(tmp_path)
    _, out, _ = run_cli("check", str(tmp_path), "--format", "concise", *SEED_RULES)
    lines = out.splitlines()
    assert len(lines) == 3 and "ENT002" in lines[0] and "URL010" in lines[1] and lines[2].startswith("Found 2")


def test_statistics_counts_per_rule(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MISMATCH)
    (tmp_path / "b.md").write_text(MISMATCH)
    _seed_dir(tmp_path)
    code, out, _ = run_cli("check", str(tmp_path), "--statistics", "--select", "URL,ENT")
    assert code == 1
    assert out.splitlines() == ["2\tURL012 \tfm-url-og-url-mismatch", "1\tENT002 \tentity-in-plain-source",
                                "1\tURL010 \turl-entity-residue"]


def test_json_validates_against_the_shipped_schema_generated_from_the_models(run_cli, tmp_path: Path) -> None:
    from oglint.reporters.jsonmodel import JsonReport, schema

    shipped = json.loads((ROOT / "oglint" / "reporters" / "report.schema.json").read_text())
    assert shipped == schema(), "regenerate: python -m oglint.reporters.jsonmodel > oglint/reporters/report.schema.json"
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: [x\n---\n")
    _seed_dir(tmp_path)
    _, out, _ = run_cli("check", str(tmp_path), "--format", "json", "--select", "FM,ENT,URL")
    report = json.loads(out)
    jsonschema.Draft202012Validator(shipped).validate(report)
    JsonReport.model_validate(report)
    assert {f["code"] for f in report["findings"]} == {"FM001", "ENT002", "URL010"}


def test_several_outputs_in_one_run(run_cli, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _seed_dir(docs)
    sarif, report = tmp_path / "out.sarif", tmp_path / "out.json"
    code, out, _ = run_cli("check", str(docs), "--format", "github", "--format", f"sarif:{sarif}",
                           "--format", f"json:{report}", *SEED_RULES)
    assert code == 1
    assert out.startswith("::warning file=") and out.count("\n") == 2
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert json.loads(report.read_text())["summary"]["findings"] == 2
    assert run_cli("check", str(docs), "--format", "text", "--format", "json", "-o", str(report))[0] == 2
    with pytest.raises(SystemExit):
        run_cli("check", str(docs), "--format", "xml:out.xml")


# --- GitHub workflow commands -------------------------------------------------------------------------

def _finding(message: str, path: str = "a.md", span: Span = Span(2, 3, 2, 9), severity=Severity.ERROR) -> Finding:
    return Finding(path, "URL012", "fm-url-og-url-mismatch", severity, message, span)


def _render(name: str, findings: list[Finding], **context) -> str:
    return render(name, RunResult(findings, 1, [], []), Context(**context))


def test_github_escapes_data_and_properties() -> None:
    out = _render("github", [_finding("50% off\r\n::error::x", path="we,ird:name.md")])
    assert out == ("::error file=we%2Cird%3Aname.md,line=2,endLine=2,col=3,endColumn=9,"
                   "title=oglint URL012 (fm-url-og-url-mismatch)::50%25 off%0D%0A::error::x\n")


def test_github_leaves_out_columns_on_multi_line_spans() -> None:
    out = _render("github", [_finding("m", span=Span(2, 3, 4, 1))])
    assert "line=2,endLine=4,title=" in out and "col=" not in out


def test_github_closes_with_a_notice_when_annotations_would_be_dropped() -> None:
    ten = [_finding(f"m{i}", span=Span(i, 1, i, 2)) for i in range(1, 11)]
    assert "::notice" not in _render("github", ten)
    out = _render("github", ten + [_finding("m", span=Span(20, 1, 20, 2), severity=Severity.WARNING),
                                   _finding("m11", span=Span(11, 1, 11, 2))])
    last = out.splitlines()[-1]
    assert last.startswith("::notice title=oglint summary::oglint found 12 problems (11 errors, 1 warning)")
    assert "1 are not annotated" in last


HOSTILE = """---
title: "Hi\\n::error file=x.md::injected\\e[31m red\\e]0;owned\\a"
url: "https://example.org/a/\\n::warning::injected\\e[2J"
og:
  url: "https://example.org/b/\\r\\n::error::again\\u202e"
  title: ""
---
"""


def test_document_text_cannot_inject_workflow_commands_or_terminal_escapes(run_cli, tmp_path: Path) -> None:
    (tmp_path / "hostile.md").write_text(HOSTILE)
    (tmp_path / "evil\n::error file=y.md::name\x1b[31m.md").write_text(HOSTILE)
    code, out, _ = run_cli("check", str(tmp_path), "--format", "github")
    assert code == 1
    commands = out.splitlines()
    assert len(commands) >= 4
    for line in commands:  # every line is one of ours; nothing from a document starts a line
        assert re.match(r"::(error|warning|notice) file=[^:,]+,line=\d+,|::notice title=oglint summary::", line), line
        assert "\x1b" not in line and "\u202e" not in line
    for fmt in ("text", "concise"):
        _, out, _ = run_cli("check", str(tmp_path), "--format", fmt, "--color", "never")
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out), fmt
        assert not any(line.startswith("::") for line in out.splitlines())


# --- SARIF --------------------------------------------------------------------------------------------

def _sarif(run_cli, folder: Path, *flags: str) -> dict:
    _, out, _ = run_cli("check", str(folder), "--format", "sarif", *flags)
    return json.loads(out)


def test_sarif_is_complete_for_code_scanning(run_cli, tmp_path: Path, monkeypatch) -> None:
    schema_path = SHARED / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("shared/sarif schema not beside the checkout")
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "site"
    docs.mkdir()
    _seed_dir(docs)
    (docs / "latin1.md").write_bytes("---\ntitle: Café\n---\n".encode("latin-1"))
    (docs / "page one.html").write_text('<head><meta property="og:image" content="/x.png?a=1&amp;amp;b=2">')
    sarif = _sarif(run_cli, Path("site"))
    jsonschema.Draft7Validator(json.loads(schema_path.read_text())).validate(sarif)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        assert r["help"]["text"] and r["help"]["markdown"].startswith(f"# {r['id']}")
        assert r["helpUri"].startswith("https://") and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(r["shortDescription"]["text"]) <= 1024 and len(r["fullDescription"]["text"]) <= 1024
        assert {"tags", "precision", "problem.severity"} <= set(r["properties"])
        assert "security-severity" not in r["properties"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["artifactLocation"]["uri"].startswith("site/")
        assert result["partialFingerprints"]["oglint/v1"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["automationDetails"]["id"] and run["columnKind"] == "unicodeCodePoints"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert "latin1.md" in note["message"]["text"] and note["associatedRule"]["id"] == "FM008"


def test_sarif_fingerprints_survive_unrelated_edits(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_bytes(SEED.read_bytes())

    def prints() -> dict[str, tuple[int, str]]:
        results = _sarif(run_cli, tmp_path, *SEED_RULES)["runs"][0]["results"]
        return {r["ruleId"]: (r["locations"][0]["physicalLocation"]["region"]["startLine"],
                              r["partialFingerprints"]["oglint/v1"]) for r in results}

    before = prints()
    page.write_text(page.read_text().replace("```yaml\n", "```yaml\n# a comment\nauthor: Someone\n", 1))
    after = prints()
    assert {k: v[0] + 2 for k, v in before.items()} == {k: v[0] for k, v in after.items()}
    assert {k: v[1] for k, v in before.items()} == {k: v[1] for k, v in after.items()}
    page.write_text(page.read_text().replace("w=600&amp;", "w=700&amp;"))
    assert prints()["URL010"][1] == after["URL010"][1]  # the span (the first &amp;) is unchanged…
    page.write_text(page.read_text().replace("Fire &amp; Rescue", "Fire &#38; Rescue"))
    assert prints()["ENT002"][1] != after["ENT002"][1]  # …but a different offending text is a new finding


def test_sarif_passes_the_sarif_multitool_github_rules(run_cli, tmp_path: Path) -> None:
    """The independent validator (npm @microsoft/sarif-multitool): set OGLINT_SARIF_MULTITOOL to its
    Sarif.Multitool binary to run this check."""
    import os
    import subprocess

    tool = os.environ.get("OGLINT_SARIF_MULTITOOL")
    if not tool:
        pytest.skip("OGLINT_SARIF_MULTITOOL is not set (path to the Sarif.Multitool binary)")
    _seed_dir(tmp_path)
    (tmp_path / "bad.md").write_text("---\ntitle: [x\n---\n")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Café\n---\n".encode("latin-1"))
    (tmp_path / "page.html").write_text('<head><meta property="og:title" content=""></head>')
    report, verdict = tmp_path / "out.sarif", tmp_path / "verdict.sarif"
    run_cli("check", str(tmp_path), "--format", f"sarif:{report}")
    subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning", "-o", str(verdict),
                    str(report)], check=True, capture_output=True, timeout=300)
    results = json.loads(verdict.read_text())["runs"][0]["results"]
    assert not results, [(r["ruleId"], r["message"].get("arguments")) for r in results]


@settings(max_examples=300)
@given(st.text(), st.text(), st.lists(st.text(max_size=5), max_size=3), st.booleans(),
       st.sampled_from(list(Severity)))
def test_a_json_finding_is_what_the_encoder_makes_of_it(path: str, message: str, related: list, fixable: bool,
                                                        severity: Severity) -> None:
    from oglint.reporters import json as json_report

    f = Finding(path, "URL012", "fm-url-og-url-mismatch", severity, message, Span(2, 3, 4, 5), fixable,
                tuple(related))
    expected = {"path": path, "code": "URL012", "name": "fm-url-og-url-mismatch", "severity": severity.value,
                "message": message, "line": 2, "column": 3, "end_line": 4, "end_column": 5, "fixable": fixable,
                "related": related, "fingerprint": "ab"}
    assert json_report._finding(f, "ab") == json.dumps(expected, ensure_ascii=False)

"""The command line end to end: exit codes, formats, stdin, rule docs, broken input in one folder."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SHARED

SEEDS = str(ROOT / "seeds")
CLEAN = """---
title: A clean page
url: https://example.org/a/
og:
  title: A clean page
  type: website
  url: https://example.org/a/
  image: https://example.org/a.png
  description: A page that passes every check in this test.
---
Body.
"""


def test_seed_exits_1_with_findings(run_cli) -> None:
    code, out, _ = run_cli("check", SEEDS)
    assert code == 1
    assert "000_572eea91db287bfb.txt:4:" in out and "ENT002" in out
    assert "000_572eea91db287bfb.txt:5:" in out and "URL010" in out


def test_clean_document_exits_0(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLEAN)
    code, out, _ = run_cli("check", str(tmp_path), "--select", "OG,URL,ENT,FM")
    assert code == 0, out


def test_exit_zero_and_fail_on(run_cli) -> None:
    assert run_cli("check", SEEDS, "--exit-zero")[0] == 0
    assert run_cli("check", SEEDS, "--select", "ENT002", "--fail-on", "error")[0] == 0
    assert run_cli("check", SEEDS, "--select", "URL010", "--fail-on", "error")[0] == 1


def test_usage_errors_exit_2(run_cli, tmp_path: Path) -> None:
    assert run_cli("check", str(tmp_path / "nope"))[0] == 2
    assert run_cli("check", SEEDS, "--select", "XYZ999")[0] == 2
    with pytest.raises(SystemExit) as exc:
        run_cli("check", "--format", "yaml")
    assert exc.value.code == 2


def test_a_cache_dir_that_is_a_file_is_named_and_the_run_goes_on(run_cli, tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("not a folder")
    code, out, err = run_cli("check", SEEDS, "--cache-dir", str(tmp_path / "cache"), "--format", "concise")
    assert code == 1 and "ENT002" in out
    assert err == f"oglint: warning: no result cache: {tmp_path / 'cache'} is not a folder\n"


def test_stdin_must_be_the_only_path(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLEAN)
    code, out, err = run_cli("check", "-", str(tmp_path / "a.md"), stdin=b"---\ntitle: a &amp; b\n---\n")
    assert code == 2 and not out and "- (standard input) must be the only path" in err


def test_force_exclude_applies_to_the_stdin_filename(run_cli, tmp_path: Path) -> None:
    (tmp_path / "oglint.toml").write_text('exclude = ["drafts/"]\n')
    name, data = str(tmp_path / "drafts" / "x.md"), b"---\ntitle: a &amp; b\n---\n"
    code, out, _ = run_cli("check", "--force-exclude", "--stdin-filename", name, "--format", "concise", "-",
                           stdin=data)
    assert code == 0 and "ENT002" not in out
    code, out, _ = run_cli("check", "--stdin-filename", name, "--format", "concise", "-", stdin=data)
    assert code == 1 and "ENT002" in out


def test_two_reports_on_stdout_are_refused(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("check", SEEDS, "--format", "json", "--format", "sarif")
    assert code == 2 and not out and "a json or sarif report on stdout must be the only one there" in err
    code, out, _ = run_cli("check", SEEDS, "--format", "github", "--format", "concise")  # lines may share it
    assert code == 1 and "::error file=" in out and ": ENT002 " in out
    code, out, _ = run_cli("check", SEEDS, "--format", "json", "--format", f"sarif:{tmp_path / 'r.sarif'}")
    assert code == 1 and json.loads(out)["findings"] and json.loads((tmp_path / "r.sarif").read_text())["runs"]


class _Failing:
    """A stdout whose writes fail as a full disk or a closed pipe makes them fail."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def write(self, text: str) -> int:
        raise self.error

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_report_that_cannot_be_written_exits_2_with_a_message(run_cli, monkeypatch, fmt: str) -> None:
    from oglint.cli import main

    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", _Failing(OSError(28, "No space left on device")))
    assert main(["check", SEEDS, "--no-cache", "--format", fmt]) == 2
    assert err.getvalue() == f"oglint: error: cannot write the {fmt} report: No space left on device\n"
    monkeypatch.setattr(sys, "stdout", _Failing(BrokenPipeError(32, "Broken pipe")))
    err.seek(0), err.truncate()
    assert main(["check", SEEDS, "--no-cache", "--format", fmt]) == 2  # cut short: not a clean run
    assert "the report was cut short" in err.getvalue()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "oglint", "check", SEEDS, "--no-cache", "-o", "/dev/full"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "oglint: error: cannot write the text report to /dev/full: No space left on device\n"
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "oglint", "check", SEEDS, "--no-cache", "--format", "sarif"],
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "oglint: error: cannot write the sarif report: No space left on device\n"



def test_a_closed_stdout_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    command = f"'{sys.executable}' -m oglint check '{SEEDS}' --no-cache >&-"
    run = subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "oglint: error: cannot write the text report: standard output is closed\n"


def test_stdin(run_cli) -> None:
    code, out, _ = run_cli("check", "-", "--stdin-filename", "page.html",
                           stdin=b'<html><head><meta property="og:title" content=""></head></html>')
    assert code == 1
    assert "page.html:1:" in out and "OG006" in out


def test_json_output(run_cli, tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    code, _, _ = run_cli("check", SEEDS, "--format", "json", "--output-file", str(out_file))
    assert code == 1
    report = json.loads(out_file.read_text())
    first = report["findings"][0]
    assert set(first) >= {"path", "code", "name", "severity", "message", "line", "column", "end_line",
                          "end_column", "fixable"}
    assert report["summary"]["files"] == 1
    assert report["summary"]["findings"] == len(report["findings"])


def test_sarif_validates_against_the_oasis_schema(run_cli, tmp_path: Path) -> None:
    schema_path = SHARED / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("shared/sarif schema not beside the checkout")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\n")
    (tmp_path / "page one.html").write_text('<head><meta property="og:image" content="/x.png?a=1&amp;amp;b=2">')
    (tmp_path / "seed.txt").write_bytes((ROOT / "seeds" / "000_572eea91db287bfb.txt").read_bytes())
    code, out, _ = run_cli("check", str(tmp_path), "--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    jsonschema.Draft7Validator(json.loads(schema_path.read_text())).validate(sarif)
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert any(u.endswith("page%20one.html") for u in uris)


def test_rule_docs_and_list(run_cli) -> None:
    code, out, _ = run_cli("rule", "ENT002")
    assert code == 0
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in out
    assert run_cli("rule", "NOPE01")[0] == 2
    code, out, _ = run_cli("rules")
    assert code == 0 and "URL012" in out and "fm-url-og-url-mismatch" in out


def test_broken_inputs_in_one_folder(run_cli, tmp_path: Path) -> None:
    """Broken YAML, Latin-1, binary, empty and an alias bomb: each a finding, fast, and the good file is
    still checked."""
    (tmp_path / "broken.md").write_text("---\ntitle: [a, b\nog: {\n---\n")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Café\n---\n".encode("latin-1"))
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.md").write_bytes(b"")
    bomb = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        bomb.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    (tmp_path / "bomb.md").write_text("\n".join(bomb + ["---", ""]))
    (tmp_path / "good.md").write_text(CLEAN.replace("og:\n  title: A clean page\n", "og:\n"))
    start = time.monotonic()
    code, out, err = run_cli("check", str(tmp_path), "--format", "json")
    assert time.monotonic() - start < 20  # generous: the point is "not hanging", not a benchmark
    assert "Traceback" not in err
    assert code == 1
    codes = {(Path(f["path"]).name, f["code"]) for f in json.loads(out)["findings"]}
    assert {("broken.md", "FM001"), ("latin1.md", "FM008"), ("binary.md", "FM009"), ("empty.md", "FM010"),
            ("bomb.md", "FM012"), ("good.md", "OG001")} <= codes


def test_fifo_and_oversize_are_fm013(run_cli, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, out, _ = run_cli("check", str(fifo))
    assert code == 1 and "FM013" in out and "not a regular file" in out


def test_python_dash_m_and_console_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "oglint", "check", SEEDS], capture_output=True, text=True)
    assert proc.returncode == 1 and "ENT002" in proc.stdout and not proc.stderr


@pytest.mark.parametrize("top", [".", "./", "site", "./site", "site/", "site/../site"])
def test_walked_paths_are_named_as_pathlib_names_them(tmp_path: Path, monkeypatch, top: str) -> None:
    """Discovery joins strings instead of making a Path per file: the names must be what Path(folder, name)
    gives, or `oglint check . site/a.md` would check the file twice (once as ./site/a.md)."""
    from oglint.discovery import discover

    (tmp_path / "site" / "sub").mkdir(parents=True)
    for name in ("site/a.md", "site/sub/b.html", "site/sub/c.png"):
        (tmp_path / name).write_text("---\ntitle: T\n---\n")
    monkeypatch.chdir(tmp_path)
    found = [c.path for c in discover([top])]
    expected = sorted(str(Path(folder, name)) for folder, _, names in os.walk(Path(top)) for name in names
                      if not name.endswith(".png"))
    assert sorted(found) == expected
    assert [c.path for c in discover([top, expected[0]])] == found  # named again: not checked twice


def test_a_file_reached_twice_is_one_document(tmp_path: Path, monkeypatch) -> None:
    """`site site/a.md`, or a path and its absolute form: one document, so its findings and what the
    cross-document rules count do not come twice."""
    from oglint.discovery import discover

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.md").write_text("---\ntitle: T\n---\n")
    monkeypatch.chdir(tmp_path)
    assert [c.path for c in discover(["site", "site/a.md", str(tmp_path / "site" / "a.md")])] == ["site/a.md"]
    assert [c.path for c in discover(["site/a.md", "./site/a.md"])] == ["site/a.md"]

"""oglint in other tools: the pre-commit hook (validated, and run for real with `pre-commit try-repo` on a
temporary git repository holding the seed) and the composite GitHub Action."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

SEED = ROOT / "seeds" / "000_572eea91db287bfb.txt"


def _pre_commit(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_hook_manifest_is_valid() -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
    proc = _pre_commit("validate-manifest", ".pre-commit-hooks.yaml", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "oglint" and hook["entry"] == "oglint check --force-exclude"
    assert hook["minimum_pre_commit_version"]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed: pre-commit needs a git repository")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout: try-repo installs the hook from one")
def test_pre_commit_try_repo_fails_on_the_seed(tmp_path: Path) -> None:
    """A real run: pre-commit installs this checkout as a hook (with its uncommitted changes) and runs it on a
    repository holding the seed, a Python file and an excluded document."""
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
    repo = tmp_path / "repo"
    (repo / "vendor").mkdir(parents=True)
    shutil.copy(SEED, repo / "news.txt")
    shutil.copy(SEED, repo / "vendor" / "copied.txt")
    (repo / "script.py").write_text("print('&amp;')\n")
    (repo / "oglint.toml").write_text('exclude = ["vendor/"]\n')
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    # The hook's virtualenv sees the dependencies installed for this test run (PYTHONPATH), so pip only
    # fetches the build backend; the cache folder keeps the run from touching the user's pre-commit cache.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    proc = _pre_commit("try-repo", str(ROOT), "oglint", "--all-files", "--color", "never", cwd=repo, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "news.txt:4:106: ENT002" in out and "news.txt:5:140: URL010" in out
    assert "copied.txt" not in out and "script.py" not in out


def _action_steps() -> list[dict]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    return action["runs"]["steps"]


def test_action_passes_inputs_through_the_environment_only() -> None:
    for step in _action_steps():
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], f"{step['name']}: an input pasted into the script can inject shell code"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash scripts")
def test_action_run_step_writes_sarif_and_annotations(tmp_path: Path) -> None:
    """The action's own 'Run oglint' script, run as the runner would (with oglint already installed)."""
    [step] = [s for s in _action_steps() if s["name"] == "Run oglint"]
    site = tmp_path / "my site"
    site.mkdir()
    shutil.copy(SEED, site / "seed.txt")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "OGLINT_PATHS": "seed.txt", "OGLINT_ARGS": "--select URL --isolated", "OGLINT_SARIF": "out.sarif"}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=site, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::error file=seed.txt,line=5,endLine=5,col=140,")
    assert "seed.txt:5:140: URL010" in proc.stdout and "ENT002" not in proc.stdout
    sarif = json.loads((site / "out.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["URL010"]

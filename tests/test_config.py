"""Configuration files: where they are found, what they change, and how mistakes are reported (exit 2)."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from conftest import ROOT
from oglint.config import ConfigError, find_config, load_settings
from oglint.model import Severity
from oglint.registry import Registry, rule

SEED = (ROOT / "seeds" / "000_572eea91db287bfb.txt").read_bytes()
SEED_RULES = ("--select", "ENT,URL")  # the seed's two findings are ENT002 and URL010; other rules stay out


def _codes(out: str) -> list[str]:
    return sorted(f["code"] for f in json.loads(out)["findings"])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "seed.txt").write_bytes(SEED)
    return tmp_path


def test_config_ignore_in_pyproject(run_cli, site: Path) -> None:
    (site / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.oglint]\nignore = ["URL"]\n')
    code, out, _ = run_cli("check", str(site / "docs"), "--format", "json", *SEED_RULES)
    assert code == 1 and _codes(out) == ["ENT002"]
    code, out, _ = run_cli("check", str(site / "docs"), "--format", "json", "--isolated", *SEED_RULES)
    assert _codes(out) == ["ENT002", "URL010"]


def test_misspelt_key_exits_2_naming_it_and_the_key_meant(run_cli, site: Path) -> None:
    (site / "oglint.toml").write_text('extend-selct = ["URL"]\n')
    code, out, err = run_cli("check", str(site / "docs"))
    assert code == 2 and not out
    assert "unknown key 'extend-selct'; did you mean 'extend-select'?" in err and "oglint.toml" in err
    (site / "oglint.toml").write_text('per_file_ignores = {}\n')
    assert "did you mean 'per-file-ignores'?" in run_cli("check", str(site / "docs"))[2]


@pytest.mark.parametrize(("text", "message"), [
    ('select = "URL"\n', "select: Input should be a valid list"),
    ('severity = { URL010 = "fatal" }\n', "severity.URL010"),
    ('ignore = ["NOPE"]\n', "no rule matches NOPE"),
    ('max-file-size = -1\n', "max-file-size"),
    ('site-url = "example.org"\n', "site-url: Value error, must be an absolute http(s) URL"),
    ('[rules.URL999]\nx = 1\n', "rules.URL999: no rule 'URL999'"),
    ('[rules.URL012]\nx = 1\n', "rules.URL012: unknown option 'x'; URL012 has no options"),
    ('select = [\n', "not valid TOML"),
    ('preset = "jekyl"\n', "preset: unknown preset 'jekyl'; known presets: default, jekyll"),
    ('[rules.URL013]\nsite_url = "example.org"\n', "rules.URL013.site_url: must be an absolute http(s) URL"),
])
def test_invalid_configurations_exit_2(run_cli, site: Path, text: str, message: str) -> None:
    (site / ".oglint.toml").write_text(text)
    code, _, err = run_cli("check", str(site / "docs"))
    assert code == 2 and message in err, err


@pytest.mark.parametrize("text", ['[tool.oglint\nignore = ["URL"]\n', '[tool.oglint]\n[tool.oglint]\n',
                                  'tool.oglint.ignore = ["URL"\n', '[tool.oglint]\nignore = ["URL"]\n\xff = 1\n'])
def test_a_broken_pyproject_meant_for_oglint_exits_2(run_cli, site: Path, text: str) -> None:
    (site / "pyproject.toml").write_bytes(text.encode("latin-1"))
    code, _, err = run_cli("check", str(site / "docs"))
    assert code == 2 and "pyproject.toml: not valid TOML" in err, err


def test_a_broken_pyproject_that_does_not_mention_oglint_is_left_alone(run_cli, site: Path) -> None:
    (site / "docs" / "pyproject.toml").write_text('[project]\nname = "x"\n[project]\n')
    (site / "oglint.toml").write_text('ignore = ["URL"]\n')  # the search goes on upwards, to this one
    code, out, err = run_cli("check", str(site / "docs"), "--format", "json", *SEED_RULES)
    assert code == 1 and _codes(out) == ["ENT002"], err


def test_codes_in_the_configuration_may_be_lower_case(run_cli, site: Path) -> None:
    (site / "oglint.toml").write_text('select = ["ent002", "url010"]\n')
    code, out, err = run_cli("check", str(site / "docs"), "--format", "json")
    assert code == 1 and _codes(out) == ["ENT002", "URL010"], err
    (site / "oglint.toml").write_text('ignore = ["url010"]\n')
    code, out, err = run_cli("check", str(site / "docs"), "--format", "json", *SEED_RULES)
    assert code == 1 and _codes(out) == ["ENT002"], err
    (site / "oglint.toml").write_text('[severity]\nent002 = "error"\n[rules.txt003]\nmin_length = 5\n')
    code, out, err = run_cli("check", str(site / "docs"), "--format", "json", "--select", "ENT002")
    assert code == 1 and [f["severity"] for f in json.loads(out)["findings"]] == ["error"], err


def test_the_closest_configuration_wins(run_cli, site: Path) -> None:
    (site / "oglint.toml").write_text('ignore = ["URL"]\n')
    (site / "docs" / "pyproject.toml").write_text('[tool.oglint]\nignore = ["ENT"]\n')
    (site / "docs" / "sub").mkdir()
    assert _codes(run_cli("check", str(site / "docs"), "--format", "json", *SEED_RULES)[1]) == ["URL010"]
    # a pyproject.toml without [tool.oglint] does not count: the search goes on upwards
    (site / "docs" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert _codes(run_cli("check", str(site / "docs"), "--format", "json", *SEED_RULES)[1]) == ["ENT002"]
    assert find_config([str(site / "docs" / "sub")]) == site / "oglint.toml"
    # --config names one explicitly
    other = site / "other.toml"
    other.write_text('select = ["ENT"]\n')
    assert _codes(run_cli("check", str(site / "docs"), "--config", str(other), "--format", "json")[1]) == ["ENT002"]
    assert run_cli("check", str(site / "docs"), "--config", str(site / "missing.toml"))[0] == 2


def test_command_line_flags_override_the_configuration(run_cli, site: Path) -> None:
    (site / "oglint.toml").write_text('select = ["ENT"]\n')
    assert _codes(run_cli("check", str(site / "docs"), "--format", "json", "--select", "URL")[1]) == ["URL010"]
    out = run_cli("check", str(site / "docs"), "--format", "json", "--extend-select", "URL")[1]
    assert _codes(out) == ["ENT002", "URL010"]


def test_per_file_ignores_severity_and_exclude(run_cli, site: Path) -> None:
    (site / "docs" / "drafts").mkdir()
    (site / "docs" / "drafts" / "wip.txt").write_bytes(SEED)
    (site / "docs" / "vendor.txt").write_bytes(SEED)
    (site / "oglint.toml").write_text(
        'select = ["ENT", "URL"]\n'
        'exclude = ["vendor.txt"]\n'
        'severity = { URL = "info" }\n'
        '[per-file-ignores]\n"docs/drafts/" = ["ENT002"]\n'
    )
    code, out, _ = run_cli("check", str(site / "docs"), "--format", "json")
    found = sorted((Path(f["path"]).name, f["code"], f["severity"]) for f in json.loads(out)["findings"])
    assert found == [("seed.txt", "ENT002", "warning"), ("seed.txt", "URL010", "info"),
                     ("wip.txt", "URL010", "info")]
    assert run_cli("check", str(site / "docs"), "--select", "URL")[0] == 0  # info does not fail by default
    assert run_cli("check", str(site / "docs"), "--select", "URL", "--fail-on", "info")[0] == 1
    # a file named on the command line is checked unless --force-exclude (as the pre-commit hook passes)
    vendor = str(site / "docs" / "vendor.txt")
    assert "vendor.txt" in run_cli("check", vendor)[1]
    code, out, _ = run_cli("check", vendor, "--force-exclude")
    assert code == 0 and "All checks passed (0 files)" in out


def test_include_adds_files_with_other_suffixes(run_cli, site: Path) -> None:
    (site / "docs" / "page.njk").write_bytes(SEED)
    assert "page.njk" not in run_cli("check", str(site / "docs"))[1]
    (site / "oglint.toml").write_text('include = ["*.njk"]\n')
    assert "page.njk" in run_cli("check", str(site / "docs"))[1]


def _registry_with_options() -> Registry:
    @rule("XYZ001", "title-long", Severity.WARNING, options={"max_length": 70, "words": ["a"], "strict": False})
    def title_long(doc, options):
        """## What it does"""
        return iter(())

    registry = Registry()
    registry.add_module(types.SimpleNamespace(__name__="t", title_long=title_long))  # type: ignore[arg-type]
    return registry


def test_rule_options_are_checked_against_the_rule(tmp_path: Path) -> None:
    registry = _registry_with_options()
    config = tmp_path / "oglint.toml"
    config.write_text("[rules.XYZ001]\nmax_length = 60\nwords = ['b']\n")
    assert load_settings(config, registry).options == {"XYZ001": {"max_length": 60, "words": ["b"]}}
    for text, message in [("max_lenght = 60", "unknown option 'max_lenght'; did you mean 'max_length'?"),
                          ("max_length = '60'", "rules.XYZ001.max_length: expected int like 70, got '60'"),
                          ("strict = 1", "rules.XYZ001.strict: expected bool"),
                          ("max_length = true", "rules.XYZ001.max_length: expected int")]:
        config.write_text(f"[rules.XYZ001]\n{text}\n")
        with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("?", r"\?")):
            load_settings(config, registry)

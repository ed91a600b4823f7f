"""Configuration files: `[tool.oglint]` in pyproject.toml, or the top level of oglint.toml / .oglint.toml.

The file closest to the checked paths wins (their common folder, then its parents); `--config FILE` names one
and `--isolated` uses none. The file is validated with pydantic: an unknown or mistyped key is a
`ConfigError` naming the key and the closest valid one, and the CLI exits 2.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping

from oglint import urls
from oglint.discovery import real_path
from oglint.model import Severity
from oglint.registry import Registry
from oglint.settings import Settings

# In one folder, the first of these that configures oglint wins (pyproject.toml only with a [tool.oglint]).
CONFIG_NAMES = (".oglint.toml", "oglint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def find_config(paths: Iterable[str], start: Path | None = None) -> Path | None:
    """The configuration file closest to the checked paths: in their common folder or the nearest parent."""
    folder = start or _common_folder(paths)
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_oglint_table(path)):
                return path
    return None


def _common_folder(paths: Iterable[str]) -> Path:
    resolved = [real_path(p) for p in paths if p != "-"] or [real_path(Path.cwd())]
    folders = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath([str(f) for f in folders]))


# A line that opens oglint's table or sets one of its keys: `[tool.oglint]`, `[tool.oglint.x]`, `tool.oglint.x = …`
_MENTIONS_OGLINT = re.compile(r"^[ \t]*\[?[ \t]*tool[ \t]*\.[ \t]*\"?oglint\b", re.MULTILINE)


def _has_oglint_table(path: Path) -> bool:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False
    try:
        data = _toml().loads(text)
    except ValueError:  # broken: ours to report (read_table says why) only if it was meant to configure oglint
        return _MENTIONS_OGLINT.search(text) is not None
    return isinstance(data.get("tool"), dict) and "oglint" in data["tool"]


def read_table(path: Path) -> tuple[dict[str, Any], str]:
    """The oglint table of a configuration file, and how to name it in messages."""
    try:
        data = _toml().loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("oglint", {}) if isinstance(data.get("tool"), dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.oglint] must be a table")
        return table, f"{path} [tool.oglint]"
    return data, str(path)


def load_settings(path: Path | None, registry: Registry) -> Settings:
    """Settings from a configuration file (defaults when `path` is None), checked against the rules."""
    if path is None:
        return Settings()
    table, where = read_table(path)
    config = _validate(table, where)
    return _settings(config, registry, where, real_path(path).parent)


def _validate(table: Mapping[str, Any], where: str):
    from pydantic import ValidationError

    from oglint.configmodel import OglintConfig

    try:
        return OglintConfig.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, where)) from None


def _explain(exc, where: str) -> str:
    from oglint.configmodel import OglintConfig

    lines = []
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
            lines.append(f"{where}: unknown key {key!r}{_did_you_mean(str(error['loc'][0]), OglintConfig.keys())}")
        else:
            lines.append(f"{where}: {key}: {error['msg']} (got {error.get('input')!r})")
    return "\n".join(lines)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    normal = word.replace("_", "-").lower()
    close = [c for c in choices if c == normal] or difflib.get_close_matches(normal, choices, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(choices)}"


def check_codes(codes: Iterable[str], registry: Registry, what: str) -> tuple[str, ...]:
    """Codes or prefixes that must each match a rule, in capitals (as the command line takes them in any
    case); "ALL" is allowed."""
    codes = tuple(c.upper() for c in codes)
    unknown = [c for c in codes if c != "ALL" and not any(code.startswith(c) for code in registry.rules)]
    if unknown:
        raise ConfigError(f"{what}: no rule matches {', '.join(unknown)} (see `oglint rules`)")
    return codes


def _settings(config, registry: Registry, where: str, root: Path) -> Settings:
    from oglint import presets

    try:
        preset = presets.get(config.preset)
    except ValueError as exc:
        raise ConfigError(f"{where}: preset: {exc}") from None
    settings = Settings(root=root, preset=config.preset, site_url=config.site_url,
                        max_file_size=config.max_file_size, include=tuple(config.include),
                        exclude=tuple(config.exclude) + preset.exclude)
    if config.select is not None:
        settings.select = check_codes(config.select, registry, f"{where}: select")
    settings.select += check_codes(config.extend_select, registry, f"{where}: extend-select")
    settings.ignore = check_codes([*config.ignore, *config.extend_ignore], registry, f"{where}: ignore")
    settings.per_file_ignores = {
        pattern: check_codes(codes, registry, f"{where}: per-file-ignores[{pattern!r}]")
        for pattern, codes in config.per_file_ignores.items()
    }
    for written, level in config.severity.items():
        [prefix] = check_codes([written], registry, f"{where}: severity")
        for code in registry.rules:
            if prefix == "ALL" or code.startswith(prefix):
                settings.severity[code] = Severity(level)
    settings.options = {code.upper(): _rule_options(code.upper(), options, registry, where)
                        for code, options in config.rules.items()}
    return settings


def _rule_options(code: str, options: Mapping[str, Any], registry: Registry, where: str) -> dict[str, Any]:
    """One `[rules.CODE]` table: the code must be a rule, each key one of its declared options, each value of
    the option's type."""
    rule = registry.rules.get(code)
    if rule is None:
        raise ConfigError(f"{where}: rules.{code}: no rule {code!r}{_did_you_mean(code, registry.rules)}")
    for key, value in options.items():
        if key not in rule.options:
            hint = _did_you_mean(key, rule.options) if rule.options else f"; {code} has no options"
            raise ConfigError(f"{where}: rules.{code}: unknown option {key!r}{hint}")
        default = rule.options[key]
        if not _same_type(value, default):
            raise ConfigError(f"{where}: rules.{code}.{key}: expected {type(default).__name__} like "
                              f"{default!r}, got {value!r}")
        if key == "site_url" and value and not urls.is_absolute_http(value):  # as the site-url it stands for
            raise ConfigError(f"{where}: rules.{code}.{key}: must be an absolute http(s) URL such as "
                              "'https://example.org', or \"\" for none")
    return dict(options)


def _same_type(value: Any, default: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and (isinstance(default, float) or isinstance(value, int))
    if isinstance(default, (list, tuple, frozenset, set)):
        return isinstance(value, list)
    return isinstance(value, type(default))

"""What a run is asked to do: which rules, at which severity, with which options. Loading it from config
files and the command line lives in `config`; this is the plain result both the runner and reporters read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oglint.model import Severity


@dataclass
class Settings:
    select: tuple[str, ...] = ("ALL",)  # codes or prefixes ("URL", "OG00"); "ALL" selects every offline rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # per-code overrides
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-code rule options
    online: bool = False
    preset: str = "default"  # front-matter field mapping (see oglint.readers.tree)
    site_url: str | None = None  # the site's base URL, for relative URLs and same-site checks
    max_file_size: int = 10 * 1024 * 1024

    def is_selected(self, code: str) -> bool:
        """The most specific matching pattern decides, as in ruff: `select=["URL"], ignore=["URL012"]` keeps
        URL001 and drops URL012; `ignore=["URL"], select=["URL012"]` keeps only URL012."""
        chosen = _specificity(code, self.select)
        return chosen >= 0 and chosen > _specificity(code, self.ignore)


def _specificity(code: str, patterns: tuple[str, ...]) -> int:
    """How closely the best pattern matches: its length, 0 for ALL, -1 for no match."""
    return max((0 if p == "ALL" else len(p) for p in patterns if p == "ALL" or code.startswith(p)), default=-1)

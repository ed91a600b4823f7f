"""What a run is asked to do: which rules, at which severity, with which options. Loading it from config
files and the command line lives in `config`; this is the plain result both the runner and reporters read."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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
    site_url: str | None = None  # the site's address: rules' `site_url` option (URL013's host check)
    max_file_size: int = 10 * 1024 * 1024
    # glob (relative to `root`) → codes or prefixes ignored in the files it matches
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    include: tuple[str, ...] = ()  # globs of extra files to check when walking folders (besides the suffixes)
    exclude: tuple[str, ...] = ()  # globs of files and folders never to check
    root: Path | None = None  # the folder of the configuration file; globs are relative to it

    def is_selected(self, code: str) -> bool:
        """The most specific matching pattern decides, as in ruff: `select=["URL"], ignore=["URL012"]` keeps
        URL001 and drops URL012; `ignore=["URL"], select=["URL012"]` keeps only URL012."""
        chosen = _specificity(code, self.select)
        return chosen >= 0 and chosen > _specificity(code, self.ignore)

    def ignored_in(self, path: str, code: str) -> bool:
        """Whether `per-file-ignores` drops `code` in the file shown as `path` (relative to the working folder)."""
        if not self.per_file_ignores:
            return False
        relative = self.relative(path)
        return any(_specificity(code, codes) >= 0 for pattern, codes in self.per_file_ignores.items()
                   if glob_match(relative, pattern))

    def relative(self, path: str) -> str:
        """`path` relative to the configuration's folder, with / separators (unchanged when outside it)."""
        from oglint.discovery import real_path  # discovery imports this module

        if self.root is None:
            return PurePosixPath(path).as_posix()
        try:
            return real_path(path).relative_to(real_path(self.root)).as_posix()
        except (ValueError, OSError):
            return PurePosixPath(path).as_posix()


def glob_match(relative: str, pattern: str) -> bool:
    """A file matches a glob when its relative path does, or its name does (patterns without a /), or a folder
    it is in does (`drafts/` or `drafts` match everything below drafts)."""
    pattern = pattern.rstrip("/") or pattern
    parts = relative.split("/")
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts)))


def _specificity(code: str, patterns: tuple[str, ...]) -> int:
    """How closely the best pattern matches: its length, 0 for ALL, -1 for no match."""
    return max((0 if p == "ALL" else len(p) for p in patterns if p == "ALL" or code.startswith(p)), default=-1)

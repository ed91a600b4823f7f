"""Which files to check: the paths given, folders walked in sorted order, filtered by suffix and by
include/exclude globs. Hidden folders and common build/vendor folders are skipped when walking."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".html", ".htm")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
                       ".oglint_cache", ".pytest_cache", ".mypy_cache"})


@dataclass(frozen=True)
class Candidate:
    path: Path  # as given or found, for opening
    explicit: bool  # named on the command line (checked whatever its suffix)


def discover(paths: list[str], suffixes: tuple[str, ...] = DEFAULT_SUFFIXES, exclude: tuple[str, ...] = (),
             force_exclude: bool = False) -> Iterator[Candidate]:
    """Files under `paths`. A file named directly is checked even if its suffix is not a default one, unless
    it matches `exclude` and `force_exclude` is set (pre-commit passes files one by one)."""
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for found in _walk(p, suffixes, exclude):
                if str(found) not in seen:
                    seen.add(str(found))
                    yield Candidate(found, False)
        elif not (force_exclude and excluded(p, exclude)) and str(p) not in seen:
            seen.add(str(p))
            yield Candidate(p, True)


def excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat)
               or any(fnmatch.fnmatch(part, pat) for part in path.parts) for pat in patterns)


def _walk(root: Path, suffixes: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[Path]:
    # os.walk with followlinks=False: a symlink loop cannot trap the walk.
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not excluded(Path(folder, d), exclude))
        for name in sorted(files):
            path = Path(folder, name)
            if name.lower().endswith(suffixes) and not excluded(path, exclude):
                yield path

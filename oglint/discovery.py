"""Which files to check: the paths given, folders walked in sorted order, filtered by suffix and by
include/exclude globs. Hidden folders and common build/vendor folders are skipped when walking."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from oglint.settings import glob_match

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".html", ".htm")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
                       ".oglint_cache", ".pytest_cache", ".mypy_cache"})


@dataclass(frozen=True)
class Candidate:
    path: Path  # as given or found, for opening
    explicit: bool  # named on the command line (checked whatever its suffix)


def discover(paths: list[str], suffixes: tuple[str, ...] = DEFAULT_SUFFIXES, exclude: tuple[str, ...] = (),
             force_exclude: bool = False, include: tuple[str, ...] = (),
             root: Path | None = None) -> Iterator[Candidate]:
    """Files under `paths`. A file named directly is checked even if its suffix is not a default one, unless
    it matches `exclude` and `force_exclude` is set (pre-commit passes files one by one). Walking a folder
    also picks the files that match an `include` glob. Globs are relative to `root` (the configuration's
    folder), else to the working folder."""
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for found in _walk(p, suffixes, exclude, include, root):
                if str(found) not in seen:
                    seen.add(str(found))
                    yield Candidate(found, False)
        elif not (force_exclude and matches(p, exclude, root)) and str(p) not in seen:
            seen.add(str(p))
            yield Candidate(p, True)


def matches(path: Path, patterns: tuple[str, ...], root: Path | None = None) -> bool:
    """Whether a file or folder matches one of the globs (see `settings.glob_match`)."""
    if not patterns:
        return False
    relative = _relative(path, root)
    return any(glob_match(relative, pat) for pat in patterns)


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _walk(top: Path, suffixes: tuple[str, ...], exclude: tuple[str, ...], include: tuple[str, ...] = (),
          root: Path | None = None) -> Iterator[Path]:
    # os.walk with followlinks=False: a symlink loop cannot trap the walk.
    for folder, dirs, files in os.walk(top, onerror=None):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not matches(Path(folder, d), exclude, root))
        for name in sorted(files):
            path = Path(folder, name)
            wanted = name.lower().endswith(suffixes) or (include and matches(path, include, root))
            if wanted and not matches(path, exclude, root):
                yield path

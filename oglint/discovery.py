"""Which files to check: the paths given, folders walked in sorted order, filtered by suffix and by
include/exclude globs. Hidden folders and common build/vendor folders are skipped when walking."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from oglint.settings import glob_match

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".html", ".htm")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
                       ".oglint_cache", ".pytest_cache", ".mypy_cache"})


# What a display path may not hold raw: C0/C1 controls and DEL (a newline would split a report line, ESC
# drives terminals), bidi marks, embeddings, overrides and isolates (they reorder what a reviewer reads), and
# lone surrogates (bytes that were not UTF-8, kept by os.fsdecode as U+DC80..U+DCFF; no encoder takes them).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class Candidate:
    path: str  # as given or found (in pathlib's normal form), for opening
    explicit: bool  # named on the command line (checked whatever its suffix)
    problem: str = ""  # why it cannot be checked, found while walking (a folder that cannot be listed)


def discover(paths: list[str], suffixes: tuple[str, ...] = DEFAULT_SUFFIXES, exclude: tuple[str, ...] = (),
             force_exclude: bool = False, include: tuple[str, ...] = (),
             root: Path | None = None) -> Iterator[Candidate]:
    """Files under `paths`. A file named directly is checked even if its suffix is not a default one, unless
    it matches `exclude` and `force_exclude` is set (pre-commit passes files one by one). Walking a folder
    also picks the files that match an `include` glob. Globs are relative to `root` (the configuration's
    folder), else to the working folder."""
    seen: set[str] = set()
    # A file reached twice (`site site/a.md`, or `a.md` and its absolute path) is one document: its findings,
    # and what cross-document rules count, must not come twice. One path given cannot reach a file twice.
    same: Callable[[str], str] = os.path.abspath if len(paths) > 1 else str
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for found in _walk(p, suffixes, exclude, include, root):
                if (name := same(found.path)) not in seen:
                    seen.add(name)
                    yield found
        elif not (force_exclude and matches(p, exclude, root)) and (name := same(str(p))) not in seen:
            seen.add(name)
            yield Candidate(str(p), True)


def matches(path: str | Path, patterns: tuple[str, ...], root: Path | None = None) -> bool:
    """Whether a file or folder matches one of the globs (see `settings.glob_match`)."""
    if not patterns:
        return False
    relative = relative_path(path, root)
    return any(glob_match(relative, pat) for pat in patterns)


def _walk(top: Path, suffixes: tuple[str, ...], exclude: tuple[str, ...], include: tuple[str, ...] = (),
          root: Path | None = None) -> Iterator[Candidate]:
    # os.walk with followlinks=False: a symlink loop cannot trap the walk. A folder it cannot list becomes a
    # candidate with a problem (reported as FM013), not a silent gap.
    unlisted: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=unlisted.append):
        yield from _unlisted(unlisted)
        base = _base(folder)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not matches(base + d, exclude, root))
        for name in sorted(files):
            path = base + name
            wanted = name.lower().endswith(suffixes) or (include and matches(path, include, root))
            if wanted and not matches(path, exclude, root):
                yield Candidate(path, False)
    yield from _unlisted(unlisted)


def _base(folder: str) -> str:
    """What str(Path(folder, name)) puts before the name, for a folder os.walk gave under a top folder in
    pathlib's normal form: the folder and a separator, without the `.` a walk from `.` starts with. Joining
    strings costs a fifth of making a Path per file (a tenth of a warm run)."""
    if folder == os.curdir:
        return ""
    if folder.startswith(os.curdir + os.sep):
        folder = folder[len(os.curdir + os.sep):]
    return folder if folder.endswith(os.sep) else folder + os.sep


def _unlisted(errors: list[OSError]) -> Iterator[Candidate]:
    for error in errors:
        yield Candidate(str(Path(error.filename)), False, f"cannot list the folder: {error.strerror or error}")
    errors.clear()


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as shown in findings: relative to `root` (the working directory) when below it, with /
    separators, made printable."""
    return printable(relative_path(path, root))


def relative_path(path: Path, root: Path | None = None) -> str:
    """`path` relative to `root` (the working directory) when below it, else as given, with / separators.
    Symlinks are not resolved: a path is shown as it was named or found, and a symlink loop cannot stop the
    run here (Path.resolve raises RuntimeError on one); reading the file is what fails, as FM013."""
    absolute = os.path.abspath(path)
    prefix = _prefix(os.fspath(root) if root else os.getcwd())
    # both normalised by abspath, so below the root the rest is the relative path (os.path.relpath gives the
    # same, at ~50 µs a call: a fifth of a warm run)
    shown = absolute[len(prefix):] if absolute.startswith(prefix) else os.fspath(path)
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


@functools.lru_cache(maxsize=16)  # one root a run, asked for every file: abspath was half of relative_path
def _prefix(root: str) -> str:
    return os.path.abspath(root).rstrip(os.sep) + os.sep


def real_path(path: str | os.PathLike[str]) -> Path:
    """The absolute path with symlinks resolved as far as they go. Unlike Path.resolve(), which raises
    RuntimeError on a symlink loop in Python < 3.13, os.path.realpath stops at the loop."""
    return Path(os.path.realpath(path))


def printable(text: str) -> str:
    """`text` with what a report line cannot hold escaped: a byte that was not UTF-8 (kept by os.fsdecode as a
    lone surrogate) becomes `\\xNN`, a control or bidi character `\\n`, `\\xNN` or `\\uNNNN`."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the undecodable byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")

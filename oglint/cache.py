"""The result cache: what the rules found in one file — findings and corpus-rule keys — remembered by the
file's content, so an unchanged file is neither parsed nor checked again.

An entry's key is a hash of the file's bytes and its display path (rules may read the path); the namespace
it lives in is a hash of everything else a result depends on: oglint's version, the effective settings, the
active rules and the source files of the engine and of the rule modules (so editing a rule in a checkout
invalidates too). Layout: `DIR/<namespace>/*.jsonl`, each line `key<TAB>entry`.

Safety under parallel runs (pre-commit runs batches of files in parallel processes): a run never rewrites a
segment; it writes its new entries as a new segment under a unique name, through a temporary file and
`os.replace`, so a reader sees a whole segment or none. When segments pile up, a run merges every segment it
read into one and removes those; a concurrent run that misses one only loses hits. A segment or an entry that
does not decode is a miss, never an error. JSON, never pickle: the cache sits in the project folder and may
come from anyone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Hashable, Iterable

from oglint import __version__
from oglint.model import Finding, Problem

DIR_NAME = ".oglint_cache"
FLUSH_EVERY = 10_000  # entries kept in memory before they go to a segment: memory stays flat on huge corpora
MAX_SEGMENTS = 16  # more than this and a run merges them
# A stat younger than this is not trusted to identify content: a file written twice within the file system's
# timestamp granularity could keep its stat (git's "racy clean" problem); such a file is read and hashed.
RACY_NS = 2_000_000_000
# Reading the cache costs ~2 µs per entry of ~350 bytes, checking a file ~500 µs: a run reads the cache only
# when it holds less than this much per file checked.
BYTES_PER_FILE = 64 * 1024
_ROOT_MARKERS = (".git", ".hg", "pyproject.toml", ".oglint.toml", "oglint.toml", ".pre-commit-config.yaml")
_ENGINE = Path(__file__).resolve().parent


def location(cache_dir: str | None, cwd: Path | None = None) -> Path:
    """`--cache-dir`, or `.oglint_cache` in the project root: the nearest folder up from the working directory
    that holds a repository or project marker, else the working directory."""
    if cache_dir:
        return Path(cache_dir)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in _ROOT_MARKERS):
            return folder / DIR_NAME
    return here / DIR_NAME


class _Uncacheable(Exception):
    """A corpus key of a type the JSON encoding cannot round-trip: that file's result is not cached."""


class Cache:
    """Loaded entries of one namespace, and the new ones this run adds.

    Two kinds of lines: `key<TAB>entry` (a result by content) and `=stamp<TAB>key` (which content a file had
    when its stat — path, size, mtime, ctime, inode — was this: an unchanged file is then not even read)."""

    def __init__(self, root: Path, namespace: str) -> None:
        self.folder = root / namespace
        self.entries: dict[str, str] = {}
        self.stamps: dict[str, str] = {}
        self.pending: list[str] = []
        self.segments: list[Path] = []  # the segments read, which a merge replaces
        self.trusted_before = time.time_ns() - RACY_NS

    @classmethod
    def open(cls, root: Path, settings: Any, rules: Iterable[Any], files: int) -> Cache | None:
        """The cache for a run over `files` files, or None when reading it would cost more than it saves: a
        pre-commit run on the few files of a commit, in a project whose cache holds tens of thousands."""
        cache = cls(root, namespace(settings, rules))
        if cache.size() > files * BYTES_PER_FILE:
            return None
        cache.load()
        return cache

    def size(self) -> int:
        try:
            with os.scandir(self.folder) as found:
                return sum(e.stat().st_size for e in found if e.name.endswith(".jsonl"))
        except OSError:
            return 0

    @staticmethod
    def key(shown: str, data: bytes) -> str:
        digest = hashlib.blake2b(data, digest_size=16)
        digest.update(b"\0" + shown.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def load(self) -> None:
        try:
            names = sorted(n for n in os.listdir(self.folder) if n.endswith(".jsonl"))
        except OSError:
            return
        for name in names:  # sorted by creation time: a later entry for a key replaces an earlier one
            path = self.folder / name
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            self.segments.append(path)
            for line in text.split("\n"):  # not splitlines(): entries may hold U+2028 and friends
                key, tab, entry = line.partition("\t")
                if not tab:
                    continue
                if key.startswith("="):
                    self.stamps[key[1:]] = entry
                else:
                    self.entries[key] = entry

    def stamp(self, shown: str, info: os.stat_result) -> str | None:
        """What identifies the file's content without reading it, or None for a file changed too recently."""
        if info.st_mtime_ns >= self.trusted_before or info.st_ctime_ns >= self.trusted_before:
            return None
        text = f"{shown}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0{info.st_dev}"
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, key: str | None, shown: str) -> tuple[list[Finding], list[tuple[str, Hashable, str, Problem]]] | None:
        """The cached findings and corpus keys for a file, or None (absent, or an entry that does not decode)."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            return decode(entry, shown)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            return None

    def add(self, key: str, entry: str | None, stamp: str | None) -> None:
        """Learn a file's result (`entry`, unless already known) and its stamp (if trusted)."""
        if entry is not None:
            self.pending.append(f"{key}\t{entry}\n")
        if stamp is not None:
            self.pending.append(f"={stamp}\t{key}\n")
        if len(self.pending) >= FLUSH_EVERY:
            self._write(self.pending)
            self.pending = []

    def close(self) -> None:
        """Write what this run added; merge the segments when there are too many."""
        if len(self.segments) + bool(self.pending) > MAX_SEGMENTS:
            known = [f"{k}\t{v}\n" for k, v in self.entries.items()]
            known += [f"={k}\t{v}\n" for k, v in self.stamps.items()]
            if self._write(known + self.pending):
                for path in self.segments:
                    try:
                        path.unlink()
                    except OSError:  # another run merged it first
                        pass
        elif self.pending:
            self._write(self.pending)
        self.pending = []

    def _write(self, lines: list[str]) -> bool:
        """A new segment, whole or not at all. The cache is an optimisation: failing to write is not an error."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _mark(self.folder.parent)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.writelines(lines)
                # creation time first, so that loading in name order lets later entries win
                unique = Path(tmp).stem.removeprefix(".tmp-")
                os.replace(tmp, self.folder / f"{time.time_ns():020d}-{os.getpid()}-{unique}.jsonl")
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return False
        return True


def _mark(root: Path) -> None:
    """Tell backup tools and git to leave the cache folder alone."""
    tag = root / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# oglint result cache: safe to delete.\n")
        (root / ".gitignore").write_text("*\n")


def namespace(settings: Any, rules: Iterable[Any]) -> str:
    """A hash of everything besides the file that a result depends on."""
    rules = list(rules)
    modules = sorted({r.module for r in rules})
    files = sorted(str(p) for p in _ENGINE.rglob("*.py"))
    files += [f for f in (getattr(sys.modules.get(m), "__file__", None) for m in modules) if f]
    signature = {
        "version": __version__,
        "settings": dataclasses.asdict(settings) if dataclasses.is_dataclass(settings) else settings,
        "rules": [(r.code, r.name, r.module) for r in rules],
        "files": [(f, *_stat(f)) for f in files],
    }
    text = json.dumps(signature, sort_keys=True, default=_plain)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _stat(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(repr(v) for v in value)
    return repr(value)


def encode(findings: list[Finding], keys: list[tuple[str, Hashable, str, Problem]]) -> str | None:
    """One file's result as a JSON entry (without the path, which is part of the key), or None when a corpus
    key cannot be stored faithfully."""
    try:
        data = [
            [f.values() for f in findings],
            [[code, _key(key), *p.values()] for code, key, _, p in keys],
        ]
    except _Uncacheable:
        return None
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode(entry: str, shown: str) -> tuple[list[Finding], list[tuple[str, Hashable, str, Problem]]]:
    findings_data, keys_data = json.loads(entry)
    findings = [Finding.of_values(shown, *values) for values in findings_data]
    keys = [(code, _unkey(key), shown, Problem.of_values(*values)) for code, key, *values in keys_data]
    return findings, keys


def _key(value: Hashable) -> Any:
    """Corpus keys are usually strings or tuples of them; tuples are tagged so they come back as tuples."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"t": [_key(v) for v in value]}
    raise _Uncacheable


def _unkey(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(_unkey(v) for v in value["t"])
    return value

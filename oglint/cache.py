"""The result cache: what the rules found in one file — findings and corpus-rule keys — remembered by the
file's content, so an unchanged file is neither parsed nor checked again; and what the corpus rules found
across a whole set of files, so a run over an unchanged corpus does not resolve the corpus keys again.

An entry's key is a hash of the file's bytes and its display path (rules may read the path); the namespace
it lives in is a hash of everything else a result depends on: oglint's version, the effective settings, the
active rules and the source files of the engine and of the rule modules (so editing a rule in a checkout
invalidates too). Layout: `DIR/<namespace>/*.jsonl`, lines of three kinds: `key<TAB>findings<TAB>corpus keys`
(a file's result), `=stamp<TAB>key` (a file's stat, see `Cache.stamp`) and `@memo…` (the cross-document
findings of a run, under a hash of the ordered content keys of all its files: see `memo_key`, `MemoWriter`);
each segment ends with a table of contents. A segment file — its lines, its table of contents, writing it —
is oglint.cachefile; how a file's result becomes an entry and back, oglint.cachecodec; this module decides
which entries a run reads, writes and merges.

Loading reads the tables of contents and keeps, per entry, where its line is (segment, offset, lengths), not
the line: a warm run's memory does not grow with the size of the cached results, and it reads the findings
of a file when it reports them, its corpus keys only if the cross-document findings must be worked out
again, and a memo a chunk at a time.

Safety under parallel runs (pre-commit runs batches of files in parallel processes): a run never rewrites a
segment; it writes its new entries as a new segment under a unique name, through a temporary file and
`os.replace`, so a reader sees a whole segment or none, and may read lines from it until the run ends (a
segment another run merged away is still readable through the handle kept open since loading it; one that
cannot be read any more is a miss). When segments pile up, a run merges every segment it read into one and
removes those; a concurrent run that misses one only loses hits. A segment or an entry that does not decode
is a miss, never an error. JSON, never pickle: the cache sits in the project folder and may come from anyone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any, Hashable, Iterable, Iterator

from oglint import __version__
from oglint.cachecodec import decode_findings, decode_keys
from oglint.cachefile import DECODING, MemoWriter, Place, Segment, parse, prefix, read_at, table_of_contents
from oglint.model import Finding, Problem

DIR_NAME = ".oglint_cache"
FLUSH_EVERY = 10_000  # entries kept in memory before they go to a segment: memory stays flat on huge corpora
MAX_SEGMENTS = 16  # more than this and a run merges them
SETTLE_AFTER = 1_000  # entries written before the corpus is resolved (see Cache.settle)
MEMOS_KEPT = 4  # cross-document results a merge keeps, the newest: each may hold a whole corpus's findings
# A stat younger than this is not trusted to identify content: a file written twice within the file system's
# timestamp granularity could keep its stat (git's "racy clean" problem); such a file is read and hashed.
RACY_NS = 2_000_000_000
# Reading a cached result costs a few µs, checking a file ~500 µs, but loading a cache reads a table of
# contents as long as the cache has entries: a run reads the cache only when it holds less than this much
# per file checked.
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


class Cache:
    """The entries of one namespace (where they are: see the module docstring), and the new ones this run
    adds.

    Three kinds of lines: `key<TAB>findings<TAB>corpus keys` (a result by content), `=stamp<TAB>key` (which
    content a file had when its stat — path, size, mtime, ctime, inode — was this: an unchanged file is then
    not even read) and `@memo/i<TAB>findings`, `@memo<TAB>count` (cross-document findings, see `memo_key`)."""

    def __init__(self, root: Path, namespace: str) -> None:
        self.folder = root / namespace
        self.entries: dict[str, Place] = {}
        self.stamps: dict[str, str] = {}
        self.memos: dict[str, tuple[int, int, int]] = {}  # memo key, or key/chunk -> (segment, offset, length)
        self.pending: list[str] = []
        self.segments: list[Path] = []  # the segments read, by number, which a merge replaces
        self.added = 0  # segments with a memo this run wrote (and the entries then pending), to count at close
        self._open: list[IO[bytes] | None] = []  # this process's handles on them, by number
        self._pid = os.getpid()
        self.trusted_before = time.time_ns() - RACY_NS

    def __getstate__(self) -> dict[str, Any]:
        """For a worker process that does not fork: it opens the segments again."""
        return {**self.__dict__, "_open": [None] * len(self.segments)}

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
                segment = open(path, "rb")
            except OSError:
                continue
            self.segments.append(path)
            self._open.append(segment)
            try:
                if not self._contents(segment, len(self.segments) - 1):
                    segment.seek(0)
                    self._index(segment, len(self.segments) - 1)
            except OSError:  # what was indexed before stays readable, or a miss
                pass

    def _contents(self, segment: IO[bytes], number: int) -> bool:
        """Take in the segment's table of contents: False if it has none that decodes."""
        found = table_of_contents(segment, number)
        if found is None:
            return False
        entries, stamps, memos = found
        self.entries.update(entries)
        self.stamps.update(stamps)
        _newest_last(self.memos, memos)
        return True

    def _index(self, segment: IO[bytes], number: int) -> None:
        """Note where each line of a segment is, by reading it through a line at a time (a segment without a
        table of contents)."""
        end = 0
        for line in segment:  # bytes: split at "\n" only, as entries may hold U+2028 and friends
            start, end = end, end + len(line)
            found = parse(line, len(line)) if line.endswith(b"\n") else None
            if found is None:
                continue  # not a line a Segment wrote: a miss
            kind, key, *place = found
            if kind == "=":
                self.stamps[key] = place[0]
            elif kind == "@":
                _newest_last(self.memos, {key: (number, start + place[0], place[1])})
            else:
                self.entries[key] = (number, start + place[0], place[1], place[2])

    def _read(self, number: int, offset: int, length: int, head: bytes) -> bytes:
        """`read_at` in segment `number`, through this process's own handle on it."""
        if self._pid != os.getpid():  # a forked worker: inherited handles share their offset with the parent
            self._pid, self._open = os.getpid(), [None] * len(self.segments)
        segment = self._open[number]
        if segment is None:
            segment = self._open[number] = open(self.segments[number], "rb")
        return read_at(segment, offset, length, head)

    def stamp(self, shown: str, info: os.stat_result) -> str | None:
        """What identifies the file's content without reading it, or None for a file changed too recently."""
        if info.st_mtime_ns >= self.trusted_before or info.st_ctime_ns >= self.trusted_before:
            return None
        text = f"{shown}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0{info.st_dev}"
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, key: str | None, shown: str,
            with_keys: bool = True) -> tuple[list[Finding], list[tuple[str, Hashable, str, Problem]]] | None:
        """The cached findings and corpus keys for a file (no keys unless `with_keys`), or None (absent, or an
        entry that does not decode)."""
        place = self.entries.get(key) if key else None
        if place is None:
            return None
        number, offset, size, more = place
        try:
            if not with_keys:
                return decode_findings(self._read(number, offset, size, prefix(key)), shown), []
            data = self._read(number, offset, size + 1 + more, prefix(key))
            return decode_findings(data[:size], shown), decode_keys(data[size + 1:], shown)
        except DECODING:
            return None

    def corpus_keys(self, key: str, shown: str) -> list[tuple[str, Hashable, str, Problem]] | None:
        """The cached corpus keys for a file, or None."""
        place = self.entries.get(key)
        if place is None:
            return None
        number, offset, size, more = place
        try:
            return decode_keys(self._read(number, offset, size + 1 + more, prefix(key))[size + 1:], shown)
        except DECODING:
            return None

    def memo_chunks(self, key: str) -> int | None:
        """How many chunks the memo under `key` (a `memo_key`) has, if it is whole in this cache, else None.
        A memo is written as chunks of findings, `@key/0` …, then `@key<TAB>count`: found, the count says
        the chunks were all written."""
        try:
            count = json.loads(self._read(*self.memos[key], prefix("@" + key)))
            if type(count) is not int or not all(f"{key}/{i}" in self.memos for i in range(count)):
                return None
        except DECODING:
            return None
        return count

    def memo(self, key: str, chunks: int) -> Iterator[list[Finding] | None]:
        """The memo's findings a chunk at a time (a corpus's worth is not held at once); None for a chunk that
        does not decode, after which nothing more comes."""
        for i in range(chunks):
            part = f"{key}/{i}"
            try:
                data = json.loads(self._read(*self.memos[part], prefix("@" + part)))
                yield [Finding.of_values(*values) for values in data]
            except DECODING:
                yield None
                return

    def memo_writer(self, key: str) -> MemoWriter:
        """Where to write the memo under `key`, a finding at a time, with the entries still to write."""
        segment = Segment.create(self.folder)
        self.added += 1
        for line in self.pending:
            segment.write(line)
        self.pending = []
        return MemoWriter(segment, key)

    def add(self, key: str, entry: str | None, stamp: str | None) -> None:
        """Learn a file's result (`entry`, unless already known) and its stamp (if trusted)."""
        if entry is not None:
            self.pending.append(f"{key}\t{entry}\n")
        if stamp is not None:
            self.pending.append(f"={stamp}\t{key}\n")
        if len(self.pending) >= FLUSH_EVERY:
            self._write(self.pending)
            self.pending = []

    def settle(self) -> None:
        """Write the pending lines now if there are many: they would sit in memory while the corpus keys are
        resolved (a run over few files keeps them, to write them with the memo in one segment)."""
        if len(self.pending) >= SETTLE_AFTER:
            self._write(self.pending)
            self.pending = []

    def close(self) -> None:
        """Write what this run added; merge the segments when there are too many."""
        if len(self.segments) + self.added + bool(self.pending) > MAX_SEGMENTS:
            if self._write(self._merged()):
                for path in self.segments:
                    try:
                        path.unlink()
                    except OSError:  # another run merged it first
                        pass
        elif self.pending:
            self._write(self.pending)
        self.pending = []
        for segment in self._open:
            if segment is not None:
                segment.close()
        self._open = [None] * len(self.segments)

    def _merged(self) -> Iterator[str]:
        """Every line known, read again one at a time, then the new ones: only the newest few memos, as each
        holds a corpus's cross-document findings."""
        for key, (number, offset, size, more) in self.entries.items():
            try:
                yield f"{key}\t{self._read(number, offset, size + 1 + more, prefix(key)).decode('utf-8')}\n"
            except DECODING:  # gone or broken: dropped
                pass
        yield from (f"={k}\t{v}\n" for k, v in self.stamps.items())
        whole = [key for key in self.memos if "/" not in key and self.memo_chunks(key) is not None]
        for key in whole[-MEMOS_KEPT:]:
            # a chunk at a time, the count last: a memo cut short by a chunk gone is not whole, so not used
            for part in [f"{key}/{i}" for i in range(self.memo_chunks(key) or 0)] + [key]:
                try:
                    yield f"@{part}\t{self._read(*self.memos[part], prefix('@' + part)).decode('utf-8')}\n"
                except DECODING:
                    break
        yield from self.pending

    def _write(self, lines: Iterable[str]) -> bool:
        """A new segment, whole or not at all. The cache is an optimisation: failing to write is not an error."""
        segment = Segment.create(self.folder)
        try:
            for line in lines:
                segment.write(line)
        except BaseException:
            segment.abort()
            raise
        return segment.commit()


def _newest_last(memos: dict[str, tuple], found: dict[str, tuple]) -> None:
    """Take in memos so that the dict's order is the order they were written (a merge keeps the last few)."""
    for key, place in found.items():
        memos.pop(key, None)
        memos[key] = place


def memo_key(keys: Iterable[str]) -> str:
    """What the cross-document findings of a run depend on besides the namespace: the display paths and
    contents of its files, in order — their content keys, which hash both."""
    memo = MemoKey()
    for key in keys:
        memo.add(key)
    return memo.hexdigest()


class MemoKey:
    """memo_key worked out as the content keys come, without keeping them (100,000 keys: 8 MB)."""

    def __init__(self) -> None:
        self._digest = hashlib.blake2b(digest_size=16)

    def add(self, key: str) -> None:
        self._digest.update(key.encode("ascii"))

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


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

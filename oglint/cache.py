"""The result cache: what the rules found in one file — findings and corpus-rule keys — remembered by the
file's content, so an unchanged file is neither parsed nor checked again; and what the corpus rules found
across a whole set of files, so a run over an unchanged corpus does not resolve the corpus keys again.

An entry's key is a hash of the file's bytes and its display path (rules may read the path); the namespace
it lives in is a hash of everything else a result depends on: oglint's version, the effective settings, the
active rules and the source files of the engine and of the rule modules (so editing a rule in a checkout
invalidates too). Layout: `DIR/<namespace>/*.jsonl`, lines of three kinds: `key<TAB>findings<TAB>corpus keys`
(a file's result), `=stamp<TAB>key` (a file's stat, see `Cache.stamp`) and `@memo…` (the cross-document
findings of a run, under a hash of the ordered content keys of all its files: see `memo_key`, `MemoWriter`);
each segment ends with a table of contents (see `_Segment`).

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
import tempfile
import time
from pathlib import Path
from typing import IO, Any, Hashable, Iterable, Iterator

from oglint import __version__
from oglint.model import Finding, Problem

DIR_NAME = ".oglint_cache"
FLUSH_EVERY = 10_000  # entries kept in memory before they go to a segment: memory stays flat on huge corpora
MAX_SEGMENTS = 16  # more than this and a run merges them
SETTLE_AFTER = 1_000  # entries written before the corpus is resolved (see Cache.settle)
MEMO_CHUNK = 500  # cross-document findings per memo line: what a run holds of a memo at a time
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


class _Uncacheable(Exception):
    """A corpus key of a type the JSON encoding cannot round-trip: that file's result is not cached."""


# Where an entry is: segment number, offset of its findings, their length, and the length of its corpus keys
# (which follow the findings and a tab).
Place = tuple[int, int, int, int]
_FOOTER = 21  # a segment's last line: where its table of contents starts, 20 digits and a line end
_PREAD = hasattr(os, "pread")  # not on Windows
_DECODING = (OSError, ValueError, TypeError, IndexError, KeyError, AttributeError)  # what a bad entry raises


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
        """Take in the segment's table of contents (see `_write_segment`): False if it has none that decodes.
        Reading it costs a few ms, reading every line to find where each is ~20 ms per 10,000 entries."""
        try:
            size = os.fstat(segment.fileno()).st_size
            segment.seek(max(0, size - _FOOTER))
            footer = segment.read(_FOOTER)
            if len(footer) != _FOOTER or not footer[:-1].isdigit() or footer[-1:] != b"\n":
                return False
            start = int(footer)
            segment.seek(start)
            line = segment.read(size - _FOOTER - start)
            if not line.startswith(b"#\t"):
                return False
            entries, stamps, memos = json.loads(line[2:])
            if len(entries) % 4 or len(memos) % 3 or not all(isinstance(v, str) for v in stamps) or len(stamps) % 2:
                return False
            found = {entries[i]: (number, *entries[i + 1:i + 4]) for i in range(0, len(entries), 4)}
            known = dict(zip(stamps[::2], stamps[1::2]))
            remembered = {memos[i]: (number, *memos[i + 1:i + 3]) for i in range(0, len(memos), 3)}
        except _DECODING:
            return False
        # A place outside the segment (or not numbers) is a damaged table: read the lines instead. A place
        # that is wrong within it is found out when read: the line there must start with its key.
        if not all(_within(size, place[1:]) for place in (*found.values(), *remembered.values())):
            return False
        self.entries.update(found)
        self.stamps.update(known)
        _newest_last(self.memos, remembered)
        return True

    def _index(self, segment: IO[bytes], number: int) -> None:
        """Note where each line of a segment is, by reading it through a line at a time (a segment without a
        table of contents)."""
        end = 0
        for line in segment:  # bytes: split at "\n" only, as entries may hold U+2028 and friends
            start, end = end, end + len(line)
            found = _parse(line, len(line)) if line.endswith(b"\n") else None
            if found is None:
                continue  # not a line this module wrote: a miss
            kind, key, *place = found
            if kind == "=":
                self.stamps[key] = place[0]
            elif kind == "@":
                _newest_last(self.memos, {key: (number, start + place[0], place[1])})
            else:
                self.entries[key] = (number, start + place[0], place[1], place[2])

    def _read(self, number: int, offset: int, length: int, prefix: bytes) -> bytes:
        """`length` bytes at `offset` in a segment, which must follow `prefix` there (the start of the line:
        its key and a tab), else ValueError."""
        if self._pid != os.getpid():  # a forked worker: inherited handles share their offset with the parent
            self._pid, self._open = os.getpid(), [None] * len(self.segments)
        segment = self._open[number]
        if segment is None:
            segment = self._open[number] = open(self.segments[number], "rb")
        offset -= len(prefix)
        length += len(prefix)
        if offset < 0:
            raise ValueError("not a place in a segment")
        if _PREAD:  # one system call, no buffer: a buffered read after a seek filled 8 KB to hand out 1 KB
            data = os.pread(segment.fileno(), length, offset)
        else:
            segment.seek(offset)
            data = segment.read(length)
        if len(data) != length or not data.startswith(prefix):
            raise ValueError("not the line expected")
        return data[len(prefix):]

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
                return decode_findings(self._read(number, offset, size, _prefix(key)), shown), []
            data = self._read(number, offset, size + 1 + more, _prefix(key))
            return decode_findings(data[:size], shown), decode_keys(data[size + 1:], shown)
        except _DECODING:
            return None

    def corpus_keys(self, key: str, shown: str) -> list[tuple[str, Hashable, str, Problem]] | None:
        """The cached corpus keys for a file, or None."""
        place = self.entries.get(key)
        if place is None:
            return None
        number, offset, size, more = place
        try:
            return decode_keys(self._read(number, offset, size + 1 + more, _prefix(key))[size + 1:], shown)
        except _DECODING:
            return None

    def memo_chunks(self, key: str) -> int | None:
        """How many chunks the memo under `key` (a `memo_key`) has, if it is whole in this cache, else None.
        A memo is written as chunks of findings, `@key/0` …, then `@key<TAB>count`: found, the count says
        the chunks were all written."""
        try:
            count = json.loads(self._read(*self.memos[key], _prefix("@" + key)))
            if type(count) is not int or not all(f"{key}/{i}" in self.memos for i in range(count)):
                return None
        except _DECODING:
            return None
        return count

    def memo(self, key: str, chunks: int) -> Iterator[list[Finding] | None]:
        """The memo's findings a chunk at a time (a corpus's worth is not held at once); None for a chunk that
        does not decode, after which nothing more comes."""
        for i in range(chunks):
            part = f"{key}/{i}"
            try:
                data = json.loads(self._read(*self.memos[part], _prefix("@" + part)))
                yield [Finding.of_values(*values) for values in data]
            except _DECODING:
                yield None
                return

    def memo_writer(self, key: str) -> MemoWriter:
        """Where to write the memo under `key`, a finding at a time, with the entries still to write."""
        segment = _Segment.create(self.folder)
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
                yield f"{key}\t{self._read(number, offset, size + 1 + more, _prefix(key)).decode('utf-8')}\n"
            except _DECODING:  # gone or broken: dropped
                pass
        yield from (f"={k}\t{v}\n" for k, v in self.stamps.items())
        whole = [key for key in self.memos if "/" not in key and self.memo_chunks(key) is not None]
        for key in whole[-MEMOS_KEPT:]:
            # a chunk at a time, the count last: a memo cut short by a chunk gone is not whole, so not used
            for part in [f"{key}/{i}" for i in range(self.memo_chunks(key) or 0)] + [key]:
                try:
                    yield f"@{part}\t{self._read(*self.memos[part], _prefix('@' + part)).decode('utf-8')}\n"
                except _DECODING:
                    break
        yield from self.pending

    def _write(self, lines: Iterable[str]) -> bool:
        """A new segment, whole or not at all. The cache is an optimisation: failing to write is not an error."""
        segment = _Segment.create(self.folder)
        try:
            for line in lines:
                segment.write(line)
        except BaseException:
            segment.abort()
            raise
        return segment.commit()


class _Segment:
    """A segment being written: a temporary file, renamed into place by `commit` once whole, then a table of
    contents saying where each line is (see `_parse` for what they are): `#<TAB>` and a JSON list [entries,
    stamps, memos] of flat lists ([key, offset, findings length, keys length, …], [stamp, key, …], [memo key,
    offset, length, …]), and last, fixed-width, the offset where that starts: a run then reads where every
    entry is without reading the entries. Lines come in pieces (a memo, a finding at a time). An OSError
    (a full disk, a read-only folder) makes the segment fail, quietly: the cache is an optimisation."""

    def __init__(self, folder: Path, fh: IO[bytes] | None, tmp: str) -> None:
        self.folder, self.fh, self.tmp = folder, fh, tmp
        self.entries: list[str | int] = []
        self.stamps: list[str] = []
        self.memos: list[str | int] = []
        self.offset = self.start = 0
        self.head: bytes | None = None

    @classmethod
    def create(cls, folder: Path) -> _Segment:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _mark(folder.parent)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
            return cls(folder, os.fdopen(fd, "wb"), tmp)
        except OSError:
            return cls(folder, None, "")

    def write(self, piece: str) -> None:
        if self.fh is None:
            return
        try:
            data = piece.encode("utf-8")
            self.fh.write(data)
        except (OSError, UnicodeEncodeError):
            self.abort()
            return
        if self.head is None:
            self.head, self.start = data, self.offset
        self.offset += len(data)
        if data.endswith(b"\n"):
            self._note(_parse(self.head, self.offset - self.start), self.start)
            self.head = None

    def _note(self, found: tuple | None, start: int) -> None:
        if found is None:
            return
        kind, key, *place = found
        if kind == "=":
            self.stamps += (key, place[0])
        elif kind == "@":
            self.memos += (key, start + place[0], place[1])
        else:
            self.entries += (key, start + place[0], place[1], place[2])

    def commit(self) -> bool:
        """Write the table of contents and put the segment in place; False if it failed."""
        if self.fh is None:
            return False
        try:
            toc = _dumps([self.entries, self.stamps, self.memos])
            self.fh.write(f"#\t{toc}\n{self.offset:0{_FOOTER - 1}d}\n".encode("utf-8"))
            self.fh.close()
            # creation time first, so that loading in name order lets later entries win
            unique = Path(self.tmp).stem.removeprefix(".tmp-")
            os.replace(self.tmp, self.folder / f"{time.time_ns():020d}-{os.getpid()}-{unique}.jsonl")
        except OSError:
            self.abort()
            return False
        self.fh = None
        return True

    def abort(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


class MemoWriter:
    """Writes the cross-document findings of a run as they come, in chunks of MEMO_CHUNK findings, then the
    line that makes the memo whole (see Cache.memo_chunks): a run that stops half-way, or whose corpus rules
    crashed, leaves no memo."""

    def __init__(self, segment: _Segment, key: str) -> None:
        self.segment, self.key = segment, key
        self.chunk: list[str] = []
        self.chunks = 0

    def add(self, finding: Finding) -> None:
        self.chunk.append(_dumps([finding.path, *finding.values()]))
        if len(self.chunk) >= MEMO_CHUNK:
            self._flush()

    def _flush(self) -> None:
        self.segment.write(f"@{self.key}/{self.chunks}\t[{','.join(self.chunk)}]\n")
        self.chunks += 1
        self.chunk = []

    def close(self, whole: bool) -> None:
        """Put the segment in place, with the memo if `whole`, else with the entries alone."""
        if whole:
            if self.chunk or not self.chunks:
                self._flush()
            self.segment.write(f"@{self.key}\t{self.chunks}\n")
        self.segment.commit()


def _parse(head: bytes, length: int) -> tuple[str, str, str] | tuple[str, str, int, int] | \
        tuple[str, str, int, int, int] | None:
    """What a line is, from its start (`head`: all of it, but for a memo) and its length in bytes, line end
    included: ("=", stamp, key), ("@", memo key, offset of the findings in the line, their length), ("", key,
    offset of the findings, their length, the corpus keys' length), or None: not a line this module writes."""
    tab = head.find(b"\t")
    if tab < 1 or not head[:tab].isascii():
        return None
    key = head[:tab].decode("ascii")
    if key[0] == "=":
        value = head[tab + 1:length - 1]
        return ("=", key[1:], value.decode("ascii")) if value.isascii() else None
    if key[0] == "@":
        return ("@", key[1:], tab + 1, length - tab - 2)
    if key[0] == "#":  # a table of contents
        return None
    keys = head.find(b"\t", tab + 1)
    return ("", key, tab + 1, keys - tab - 1, length - keys - 2) if keys > 0 else None


def _within(size: int, place: tuple) -> bool:
    """Whether a place from a table of contents (offset, then lengths) lies inside a segment of `size` bytes."""
    return all(type(v) is int and v >= 0 for v in place) and sum(place) <= size


def _newest_last(memos: dict[str, tuple], found: dict[str, tuple]) -> None:
    """Take in memos so that the dict's order is the order they were written (a merge keeps the last few)."""
    for key, place in found.items():
        memos.pop(key, None)
        memos[key] = place


def _prefix(key: str) -> bytes:
    """How the line of `key` starts."""
    return key.encode("ascii") + b"\t"


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
    """One file's result as an entry, `findings<TAB>corpus keys` in JSON (without the path, which is part of
    the key; JSON escapes tabs and line ends in strings), or None when a corpus key cannot be stored
    faithfully: a key of another type than those _key knows, or a Problem of a plugin's own class, whose
    fields of its own the entry would lose. Two parts, so that a run may read the findings alone."""
    try:
        keys_data = [[code, _key(key), *_values(p)] for code, key, _, p in keys]
    except _Uncacheable:
        return None
    return f"{_dumps([f.values() for f in findings])}\t{_dumps(keys_data)}"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_findings(data: bytes, shown: str) -> list[Finding]:
    return [Finding.of_values(shown, *values) for values in json.loads(data)]


def decode_keys(data: bytes, shown: str) -> list[tuple[str, Hashable, str, Problem]]:
    return [(code, _unkey(key), shown, Problem.of_values(*values)) for code, key, *values in json.loads(data)]


def _values(problem: Problem) -> tuple:
    if type(problem) is not Problem:
        raise _Uncacheable
    return problem.values()


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

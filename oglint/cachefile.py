"""One cache segment file: its lines, its table of contents, and writing it whole or not at all.

A segment is written once, as a temporary file put in place by `os.replace`, and never rewritten: parallel
runs cannot corrupt each other's, and a reader sees a whole segment or none. Its table of contents lets a
run learn where every entry is without reading the entries; a table is checked against the segment's size,
and a line against its key when read, so a damaged one gives misses, never wrong results. What an entry
holds is oglint.cachecodec's business; which segments a run reads, writes and merges, oglint.cache's.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import IO

from oglint.cachecodec import dumps
from oglint.model import Finding

MEMO_CHUNK = 500  # cross-document findings per memo line: what a run holds of a memo at a time

# Where an entry is: segment number, offset of its findings, their length, and the length of its corpus keys
# (which follow the findings and a tab).
Place = tuple[int, int, int, int]
_FOOTER = 21  # a segment's last line: where its table of contents starts, 20 digits and a line end
_PREAD = hasattr(os, "pread")  # not on Windows
DECODING = (OSError, ValueError, TypeError, IndexError, KeyError, AttributeError)  # what a bad entry raises


def table_of_contents(segment: IO[bytes], number: int) -> tuple[dict[str, Place], dict[str, str],
                                                                 dict[str, tuple[int, int, int]]] | None:
    """What the table of contents of segment `number` says (see `Segment.commit`): where each entry is, which
    key each stamp maps to, where each memo line is; None if it has none that decodes. Reading it costs a few
    ms, reading every line to find where each is ~20 ms per 10,000 entries."""
    try:
        size = os.fstat(segment.fileno()).st_size
        segment.seek(max(0, size - _FOOTER))
        footer = segment.read(_FOOTER)
        if len(footer) != _FOOTER or not footer[:-1].isdigit() or footer[-1:] != b"\n":
            return None
        start = int(footer)
        segment.seek(start)
        line = segment.read(size - _FOOTER - start)
        if not line.startswith(b"#\t"):
            return None
        entries, stamps, memos = json.loads(line[2:])
        if len(entries) % 4 or len(memos) % 3 or not all(isinstance(v, str) for v in stamps) or len(stamps) % 2:
            return None
        found = {entries[i]: (number, *entries[i + 1:i + 4]) for i in range(0, len(entries), 4)}
        known = dict(zip(stamps[::2], stamps[1::2]))
        remembered = {memos[i]: (number, *memos[i + 1:i + 3]) for i in range(0, len(memos), 3)}
    except DECODING:
        return None
    # A place outside the segment (or not numbers) is a damaged table: read the lines instead. A place
    # that is wrong within it is found out when read: the line there must start with its key.
    if not all(_within(size, place[1:]) for place in (*found.values(), *remembered.values())):
        return None
    return found, known, remembered


def read_at(segment: IO[bytes], offset: int, length: int, head: bytes) -> bytes:
    """`length` bytes at `offset` in a segment, which must follow `head` there (the start of the line: its
    key and a tab, see `prefix`), else ValueError."""
    offset -= len(head)
    length += len(head)
    if offset < 0:
        raise ValueError("not a place in a segment")
    if _PREAD:  # one system call, no buffer: a buffered read after a seek filled 8 KB to hand out 1 KB
        data = os.pread(segment.fileno(), length, offset)
    else:
        segment.seek(offset)
        data = segment.read(length)
    if len(data) != length or not data.startswith(head):
        raise ValueError("not the line expected")
    return data[len(head):]


class Segment:
    """A segment being written: a temporary file, renamed into place by `commit` once whole, then a table of
    contents saying where each line is (see `parse` for what they are): `#<TAB>` and a JSON list [entries,
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
    def create(cls, folder: Path) -> Segment:
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
            self._note(parse(self.head, self.offset - self.start), self.start)
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
            toc = dumps([self.entries, self.stamps, self.memos])
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
    line that makes the memo whole (see `Cache.memo_chunks` in oglint.cache): a run that stops half-way, or
    whose corpus rules crashed, leaves no memo."""

    def __init__(self, segment: Segment, key: str) -> None:
        self.segment, self.key = segment, key
        self.chunk: list[str] = []
        self.chunks = 0

    def add(self, finding: Finding) -> None:
        self.chunk.append(dumps([finding.path, *finding.values()]))
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


def parse(head: bytes, length: int) -> tuple[str, str, str] | tuple[str, str, int, int] | \
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


def prefix(key: str) -> bytes:
    """How the line of `key` starts."""
    return key.encode("ascii") + b"\t"


def _mark(root: Path) -> None:
    """Tell backup tools and git to leave the cache folder alone."""
    tag = root / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# oglint result cache: safe to delete.\n")
        (root / ".gitignore").write_text("*\n")

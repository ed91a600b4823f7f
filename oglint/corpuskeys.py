"""The corpus-rule keys of a run, kept until every document is in, then handed over one partition at a time.

Cross-document rules emit a few keys per document (a title, a description, the page's address…), each with
the Problem to report if the key turns out to be shared. Held in memory, they made a run's memory grow with
the corpus (~2.5 KB a generated document). Past SPILL_AFTER keys they are written to temporary files
instead, PARTITIONS per rule, by a hash of the key: all the documents of one key land in one file, so each
file's groups are whole, and grouping them needs one file in memory at a time, not the corpus. A whole-site
rule gives every document the same key, so one group would be the whole site: its records go to a file of
their own, and its group is a Replay that reads them back from that file on each pass, never all at once.

The files are this process's own (anonymous temporary files, gone when closed) and hold pickles of plain
values; a Problem of a plugin's own class travels as itself. A key that cannot be pickled stops the
spilling: everything is then read back and kept in memory, as before.
"""

from __future__ import annotations

from typing import IO, Any, Callable, Hashable, Iterable, Iterator

from oglint.model import Problem

# One corpus-rule key a document emitted: (rule code, key, display path, problem).
CorpusKey = tuple[str, Hashable, str, Problem]
# A key as stored and sent between processes (`flat`): (code, key, path, *Problem.values()), or the CorpusKey
# itself when its Problem is of a plugin's own class, which may carry more than those values.
Record = tuple
# The documents of one (rule, key) group: (display path, problem) each, in input order.
Members = Iterable[tuple[str, Problem]]

SPILL_AFTER = 20_000  # keys held in memory before the files are used (some 3,000 documents; pre-commit never)
BATCH = 5_000  # keys held between two writes once spilling (a write per document cost ~50 µs)
PARTITIONS = 8  # files per rule


class CorpusKeys:
    def __init__(self, whole_site: Iterable[str] = ()) -> None:
        self._whole_site = frozenset(whole_site)  # codes of the whole-site rules
        self._held: list[CorpusKey | Record] = []  # made flat when written
        self._files: dict[str, list[IO[bytes]]] | None = None  # rule code -> its partitions
        self._in_memory = False  # spilling failed once: keep everything here

    def add(self, keys: Iterable[CorpusKey | Record]) -> None:
        """A document's keys, as the rules gave them or already flat (from a worker process)."""
        self._held += keys
        if not self._in_memory and len(self._held) > (SPILL_AFTER if self._files is None else BATCH):
            held, self._held = self._held, []
            if self._files is None:
                self._files = {}
            self._spill(held)

    def groups(self) -> Iterator[tuple[str, Hashable, Members]]:
        """Every (rule code, key) with its members: a list, one file's groups in memory at a time, or for a
        whole-site rule whose keys went to disk, a Replay. The files are closed after."""
        if self._files is not None and self._held:  # the last batch joins its keys' files
            held, self._held = self._held, []
            self._spill(held)
        if self._files is None:
            held, self._held = self._held, []
            yield from grouped(held, self._whole_site)
            return
        files, self._files = self._files, None
        for code, parts in files.items():
            for f in parts:
                if code in self._whole_site:
                    for key in dict.fromkeys(record[1] for record in _read(f)):  # one, unless the rule errs
                        yield code, key, _from_file(f, key)
                else:
                    yield from grouped(_read(f), self._whole_site)
                f.close()

    def _all_files(self) -> list[IO[bytes]]:
        assert self._files is not None
        return [f for files in self._files.values() for f in files]

    def _spill(self, keys: list[CorpusKey | Record]) -> None:
        import pickle  # here: a pre-commit run never spills, and start-up time counts there
        import tempfile

        assert self._files is not None
        buckets: dict[str, list[list[Any]]] = {}
        for record in keys:
            if len(record) == 4:
                record = flat(*record)
            code = record[0]
            parts = buckets.get(code) or buckets.setdefault(code, [[] for _ in range(self._partitions(code))])
            parts[hash(record[1]) % len(parts)].append(record)
        try:
            blobs = {code: [pickle.dumps(part, pickle.HIGHEST_PROTOCOL) if part else b"" for part in parts]
                     for code, parts in buckets.items()}
        except (pickle.PicklingError, TypeError, AttributeError):  # a key or problem that does not pickle
            self._stop_spilling(keys)
            return
        try:
            for code in blobs:
                if code not in self._files:
                    self._files[code] = [tempfile.TemporaryFile(prefix="oglint-keys-")
                                         for _ in range(self._partitions(code))]
        except OSError:  # no writable temporary folder
            self._stop_spilling(keys)
            return
        ends = [(f, f.tell()) for code in blobs for f in self._files[code]]
        try:
            for code, parts in blobs.items():
                for f, blob in zip(self._files[code], parts):
                    if blob:
                        f.write(blob)
        except OSError:  # a full disk: undo this batch's writes
            for f, end in ends:
                f.truncate(end)
            self._stop_spilling(keys)

    def _partitions(self, code: str) -> int:
        return 1 if code in self._whole_site else PARTITIONS

    def _stop_spilling(self, keys: list[CorpusKey | Record]) -> None:
        """Take back what was spilled and keep everything in memory from now on."""
        files = self._all_files()
        self._files, self._in_memory = None, True
        self._held = [k for f in files for k in _read(f)] + keys
        for f in files:
            f.close()


class Replay:
    """A whole-site rule's members, read again on each iteration (from its file, which holds one batch of
    records at a time in memory): a resolve function may go through them several times, count first, then
    report. A small run's members, held in memory, come as a Replay too, so that a resolve function that
    works on a small run works on a big one."""

    def __init__(self, members: Callable[[], Iterator[tuple[str, Problem]]]) -> None:
        self._members = members

    def __iter__(self) -> Iterator[tuple[str, Problem]]:
        return self._members()


def _from_file(f: IO[bytes], key: Hashable) -> Replay:
    return Replay(lambda: ((path, problem) for _, k, path, problem in map(_key, _read(f)) if k == key))


def grouped(records: Iterable[CorpusKey | Record], whole_site: Iterable[str] | None = None
            ) -> Iterator[tuple[str, Hashable, Members]]:
    """The records grouped by (code, key), each group a list of members. Given the codes of the whole-site
    rules, their groups come as Replays, and the groups of a single record of the other rules are left out
    (there is nothing to compare: the runner would skip them) before their Problems are built again: most
    keys are one document's."""
    groups: dict[tuple[str, Hashable], list[CorpusKey | Record]] = {}
    for record in records:
        groups.setdefault((record[0], record[1]), []).append(record)
    for (code, key), found in groups.items():
        if whole_site is not None and code in whole_site:
            members = [(path, problem) for _, _, path, problem in map(_key, found)]
            yield code, key, Replay(members.__iter__)
        elif whole_site is None or len(found) > 1:
            yield code, key, [(path, problem) for _, _, path, problem in map(_key, found)]


def flat(code: str, key: Hashable, path: str, problem: Problem) -> Record:
    """A key as plain values (pickled ~10× faster than a Problem and its Span), or as it is for a Problem of
    another class, which may carry more."""
    if type(problem) is not Problem:
        return (code, key, path, problem)
    return (code, key, path, *problem.values())


def _key(record: CorpusKey | Record) -> CorpusKey:
    if len(record) == 4:
        return record
    code, key, path, *values = record
    return code, key, path, Problem.of_values(*values)


def _read(f: IO[bytes]) -> Iterator[Record]:
    """The records of a file from its start. Several readings of one file may be under way at once (a
    resolve function that iterates a Replay inside another pass over it): each keeps its own position."""
    import pickle

    position = 0
    while True:
        f.seek(position)
        try:
            records = pickle.load(f)
        except EOFError:
            return
        position = f.tell()
        yield from records

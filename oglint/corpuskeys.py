"""The corpus-rule keys of a run, kept until every document is in, then handed over one partition at a time.

Cross-document rules emit a few keys per document (a title, a description, the page's address…), each with
the Problem to report if the key turns out to be shared. Held in memory, they made a run's memory grow with
the corpus (~2.5 KB a generated document). Past SPILL_AFTER keys they are written to temporary files
instead, PARTITIONS per rule, by a hash of the key: all the documents of one key land in one file, so each
file's groups are whole, and grouping them needs one file in memory at a time, not the corpus. (A site-wide
rule gives every document one key: its file holds the whole site, but only its own.)

The files are this process's own (anonymous temporary files, gone when closed) and hold pickles of plain
values; a Problem of a plugin's own class travels as itself. A key that cannot be pickled stops the
spilling: everything is then read back and kept in memory, as before.
"""

from __future__ import annotations

from typing import IO, Any, Hashable, Iterator

from oglint.model import Problem

# One corpus-rule key a document emitted: (rule code, key, display path, problem).
CorpusKey = tuple[str, Hashable, str, Problem]

SPILL_AFTER = 20_000  # keys held in memory before the files are used (some 3,000 documents; pre-commit never)
BATCH = 5_000  # keys held between two writes once spilling (a write per document cost ~50 µs)
PARTITIONS = 8  # files per rule


class CorpusKeys:
    def __init__(self) -> None:
        self._held: list[CorpusKey] = []
        self._files: dict[str, list[IO[bytes]]] | None = None  # rule code -> its partitions
        self._in_memory = False  # spilling failed once: keep everything here

    def add(self, keys: list[CorpusKey]) -> None:
        self._held += keys
        if not self._in_memory and len(self._held) > (SPILL_AFTER if self._files is None else BATCH):
            held, self._held = self._held, []
            if self._files is None:
                self._files = {}
            self._spill(held)

    def partitions(self) -> Iterator[list[CorpusKey]]:
        """The keys, in groups such that every key's records are in one group; the files are closed after."""
        if self._files is not None and self._held:  # the last batch joins its keys' files
            held, self._held = self._held, []
            self._spill(held)
        if self._files is not None:
            for f in self._all_files():
                yield list(_read(f))
                f.close()
            self._files = None
        yield self._held
        self._held = []

    def _all_files(self) -> list[IO[bytes]]:
        assert self._files is not None
        return [f for files in self._files.values() for f in files]

    def _spill(self, keys: list[CorpusKey]) -> None:
        import pickle  # here: a pre-commit run never spills, and start-up time counts there
        import tempfile

        assert self._files is not None
        buckets: dict[str, list[list[Any]]] = {}
        for code, key, path, problem in keys:
            parts = buckets.get(code) or buckets.setdefault(code, [[] for _ in range(PARTITIONS)])
            parts[hash(key) % PARTITIONS].append(_flat(code, key, path, problem))
        try:
            blobs = {code: [pickle.dumps(part, pickle.HIGHEST_PROTOCOL) if part else b"" for part in parts]
                     for code, parts in buckets.items()}
        except (pickle.PicklingError, TypeError, AttributeError):  # a key or problem that does not pickle
            self._stop_spilling(keys)
            return
        try:
            for code in blobs:
                if code not in self._files:
                    self._files[code] = [tempfile.TemporaryFile(prefix="oglint-keys-") for _ in range(PARTITIONS)]
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

    def _stop_spilling(self, keys: list[CorpusKey]) -> None:
        """Take back what was spilled and keep everything in memory from now on."""
        files = self._all_files()
        self._files, self._in_memory = None, True
        self._held = [k for f in files for k in _read(f)] + keys
        for f in files:
            f.close()


def _flat(code: str, key: Hashable, path: str, problem: Problem) -> tuple:
    """A record as plain values (pickled ~10× faster than a Problem and its Span), or as it is for a Problem
    of another class, which may carry more."""
    if type(problem) is not Problem:
        return (code, key, path, problem)
    return (code, key, path, *problem.values())


def _read(f: IO[bytes]) -> Iterator[CorpusKey]:
    import pickle

    f.seek(0)
    while True:
        try:
            records = pickle.load(f)
        except EOFError:
            return
        for record in records:
            if len(record) == 4:
                yield record
            else:
                code, key, path, *values = record
                yield code, key, path, Problem.of_values(*values)

"""Findings in position order without holding them all: an external merge sort. Sorted runs of RUN findings
go to an anonymous temporary file, as plain values in chunks of CHUNK, and the runs are merged as they are
read back, a chunk per run in memory at a time.

The cross-document findings need it: they exist only after the whole run and come out in no useful order,
and at 100,000 generated documents there are ~50,000 of them, ~1 KB each with their messages and `related`
lists; held and sorted at once, they were a third of the run's peak memory. Fewer than RUN findings never
touch the disk. Without a writable temporary folder, the findings are sorted in memory, as before.
"""

from __future__ import annotations

from typing import IO, Iterable, Iterator

from oglint.model import Finding

RUN = 10_000  # findings sorted in memory at a time
CHUNK = 500  # findings per pickle: what the merge holds of each run


def sorted_findings(findings: Iterable[Finding]) -> Iterator[Finding]:
    """`findings` sorted by Finding.sort_key (stably, like `sorted`)."""
    batch: list[Finding] = []
    runs: list[list[int]] = []  # each run's chunk offsets in `spill`
    spill: IO[bytes] | None = None
    in_memory = False
    try:
        for f in findings:
            batch.append(f)
            if len(batch) >= RUN and not in_memory:
                try:
                    spill = spill or _temporary_file()
                    runs.append(_write_run(spill, batch))
                    batch = []
                except OSError:  # no temporary folder, or a full disk: from now on, all in memory
                    in_memory = True
        if runs and in_memory:
            batch = [f for offsets in runs for f in _read_run(spill, offsets)] + batch
            runs = []
        batch.sort(key=Finding.sort_key)
        if not runs:
            yield from batch
            return
        import heapq

        # heapq.merge prefers the earlier iterable on ties: the runs in input order, then the last batch
        yield from heapq.merge(*(_read_run(spill, offsets) for offsets in runs), batch, key=Finding.sort_key)
    finally:
        if spill is not None:
            spill.close()


def _temporary_file() -> IO[bytes]:
    import tempfile  # here, like pickle: most runs never spill, and a pre-commit run's start-up time counts

    return tempfile.TemporaryFile(prefix="oglint-findings-")


def _write_run(spill: IO[bytes], batch: list[Finding]) -> list[int]:
    import pickle

    batch.sort(key=Finding.sort_key)
    spill.seek(0, 2)
    offsets = []
    for start in range(0, len(batch), CHUNK):
        offsets.append(spill.tell())
        pickle.dump([(f.path, *f.values()) for f in batch[start:start + CHUNK]], spill, pickle.HIGHEST_PROTOCOL)
    return offsets


def _read_run(spill: IO[bytes], offsets: list[int]) -> Iterator[Finding]:
    import pickle

    for offset in offsets:  # the runs are read in turns from one file: each read seeks to its own chunk
        spill.seek(offset)
        for values in pickle.load(spill):
            yield Finding.of_values(*values)

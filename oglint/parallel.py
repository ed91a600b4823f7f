"""Checking files in worker processes.

Files go to workers in chunks of a few hundred: with one file per task, inter-process traffic made two
workers slower than one (ARCHITECTURE.md). Each worker loads the rule modules once, when it starts; results
come back in input order, so the report does not depend on the number of workers, and corpus-rule keys are
resolved here in the parent once every file is in.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from oglint.cache import Cache
    from oglint.registry import Rule
    from oglint.runner import FileResult, Learnt, Linter, Outcome
    from oglint.settings import Settings

FILES_PER_WORKER = 400  # fewer files than this per worker and starting processes costs more than it saves
CHUNK = 256  # files per task, at most (ARCHITECTURE.md measured 256–512 as best)

_linter: Linter | None = None
_cache: Cache | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_jobs(requested: int | None, files: int) -> int:
    """`--jobs N` as given; automatic (None or 0): one per core, but never fewer than FILES_PER_WORKER files
    for each, so a pre-commit run on a few files stays in one process."""
    if requested:
        return max(1, min(requested, files or 1))
    return max(1, min(cores(), files // FILES_PER_WORKER))


def portable(rules: list[Rule]) -> bool:
    """Whether a worker importing the rules' modules finds the same rules (not true of rules made on the fly,
    e.g. in a test): only then can the work be shared out."""
    for r in rules:
        module = sys.modules.get(r.module)
        if module is None or not any(v is r for v in vars(module).values()):
            return False
    return True


def check_all(work: list[str], rules: list[Rule], settings: Settings, cache: Cache | None,
              jobs: int) -> Iterator[Outcome]:
    """Each path's outcome, in order, computed by `jobs` worker processes."""
    import multiprocessing

    # fork where it is safe (Linux): workers start in milliseconds and inherit the loaded cache; elsewhere the
    # platform's default, and the initializer's arguments are pickled.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    size = max(16, min(CHUNK, -(-len(work) // (jobs * 4))))  # at least four chunks a worker, to balance load
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    modules = sorted({r.module for r in rules})
    start = (modules, [r.code for r in rules], settings, cache)
    try:
        pool = context.Pool(jobs, _start, start)
    except OSError:  # no working semaphores (some sandboxes and serverless runtimes): one process, then
        _start(*start)
        for chunk in chunks:
            for result, learnt in _check_chunk(chunk):
                yield _unpack(result), learnt
        return
    with pool:
        for outcomes in pool.imap(_check_chunk, chunks):
            for result, learnt in outcomes:
                yield _unpack(result), learnt


def _start(modules: list[str], codes: list[str], settings: Settings, cache: Cache | None) -> None:
    """Runs once in each worker: load the rule modules and prepare the rules."""
    global _linter, _cache
    from oglint.registry import Registry
    from oglint.runner import Linter, steady_gc

    registry = Registry()
    for name in modules:
        registry.add_module(importlib.import_module(name))
    _linter = Linter([registry.rules[code] for code in codes], settings)
    _cache = cache
    steady_gc()


def _check_chunk(chunk: list[str]) -> list[tuple[FileResult | Packed, Learnt | None]]:
    assert _linter is not None  # set by _start, which the pool runs first in every worker
    return [(_pack(result), learnt) for result, learnt in (_linter.check(path, _cache) for path in chunk)]


# A file's result on its way back from a worker, as plain values: pickling dataclasses (findings, spans,
# problems) and building them again cost ~120 µs a document, most of what a second worker saved. Corpus keys
# stay flat records in this process too: CorpusKeys stores them so.
# (path, findings as tuples, corpus keys as records, errors)
Packed = tuple[str, list[tuple], list[tuple], list[str]]


def _pack(result: FileResult) -> FileResult | Packed:
    """The result as plain values, or as it is when a finding is not the file's own."""
    from oglint.corpuskeys import flat

    if any(f.path != result.path for f in result.findings):
        return result
    findings = [f.values() for f in result.findings]
    return result.path, findings, [flat(*k) for k in result.keys], result.errors


def _unpack(packed: FileResult | Packed) -> FileResult:
    from oglint.model import Finding
    from oglint.runner import FileResult

    if isinstance(packed, FileResult):
        return packed
    path, findings, keys, errors = packed
    return FileResult(path, [Finding.of_values(path, *values) for values in findings], keys, errors)

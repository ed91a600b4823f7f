"""The flow: discover → read → parse → rules → findings, streamed file by file; then corpus rules over the
keys of all documents.

`Linter.check` is a pure function of a file and the settings, so files can be processed in any order, in
worker processes (oglint.parallel) or not at all when the result cache (oglint.cache) knows the file; corpus
rules only see the keys each file emitted, which workers and the cache hand back to this process.
"""

from __future__ import annotations

import gc
import os
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, TextIO

from oglint import parallel
from oglint.cache import Cache, MemoKey, memo_key
from oglint.cachecodec import encode
from oglint.corpuskeys import CorpusKey, CorpusKeys, Members, Record
from oglint.discovery import Candidate, display_path, printable
from oglint.model import Document, Finding, Problem, Severity
from oglint.progress import Progress
from oglint.readers import read_document, read_failure
from oglint.registry import RELATED_LIMIT, Registry, Rule
from oglint.settings import Settings
from oglint.sources import Sources, with_excerpt
from oglint.spillsort import sorted_findings
from oglint.suppressions import UNUSED_CODE, apply, apply_corpus

_PLANS_KEPT = 1024  # rule lists by (input letter, field names) kept by a Linter


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    keys: list[CorpusKey | Record] = field(default_factory=list)  # Records when they come from a worker
    errors: list[str] = field(default_factory=list)  # internal errors (a rule crashed): exit code 2


# What the cache should learn from a checked file: (content key, entry or None if known, stamp or None).
Learnt = tuple[str, str | None, str | None]
# One checked file: its result, and what the cache should learn from it, if anything.
Outcome = tuple[FileResult, Learnt | None]


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    errors: list[str]
    rules: list[Rule]  # the rules that ran, for reporters (SARIF tool.driver.rules)


def steady_gc() -> None:
    """Tune the garbage collector for a long run, in a process that runs one (the CLI, a worker): what is
    loaded by now (modules, rules, settings) lives to the end, so it is frozen out of every collection; and
    young objects are collected every 20,000 allocations instead of 700: each document makes thousands of
    short-lived objects and almost no cycles. Collections took 11 % of a run on 5,000 documents, 2 % after."""
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def active_rules(registry: Registry, settings: Settings) -> list[Rule]:
    return [r for r in registry.sorted() if settings.is_selected(r.code) and (settings.online or not r.online)]


def load(path: str, settings: Settings, shown: str, info: os.stat_result | None = None) -> bytes | Document:
    """A file's bytes, or a Document holding the ReadProblem that stopped the reading. `info`: the file's
    stat, when the caller has it already."""
    try:
        info = info or os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return read_failure(shown, "FM013", "not a regular file (a FIFO, device or socket): not read")
        if info.st_size > settings.max_file_size:
            return read_failure(shown, "FM013", f"the file is {info.st_size:,} bytes, over the "
                                f"{settings.max_file_size:,}-byte limit (max-file-size): not read")
        with open(path, "rb") as fh:
            # read(size) allocates `size` bytes up front: asking for the 10 MB bound cost 30-90 µs per file
            data = fh.read(info.st_size + 1)
            if len(data) > info.st_size:  # the file grew since stat: read on, up to the bound
                data += fh.read(settings.max_file_size + 1 - len(data))
            return data
    except OSError as exc:
        return read_failure(shown, "FM013", f"cannot read the file: {exc.strerror or exc}")


def load_bytes(shown: str, data: bytes, settings: Settings) -> Document:
    """A Document from bytes read up to one past the size limit (stdin, or a file that grew after `stat`)."""
    if len(data) > settings.max_file_size:
        return read_failure(shown, "FM013", f"the input is over the {settings.max_file_size:,}-byte limit "
                            "(max-file-size): not read")
    return read_document(shown, data, settings.preset)


class Linter:
    """The active rules prepared once per run (and once per worker process), with their options merged. A
    document is dispatched by its input letter (H, F, X) and the field names it holds: rules that read
    another input, or that declare fields the document lacks, are never called. The documents of a site
    hold a handful of different name sets, so each set's list of rules is worked out once."""

    def __init__(self, rules: list[Rule], settings: Settings) -> None:
        self.rules = rules
        self.settings = settings
        self.cwd = os.getcwd()  # display paths are relative to it
        self._prepared = [(r, _options(r, settings), settings.severity.get(r.code)) for r in rules]
        self._plans: dict[tuple[str, frozenset[str]], list[tuple[Rule, dict[str, Any], Severity | None]]] = {}
        self.codes = frozenset(r.code for r in rules)

    def _plan(self, letter: str, names: frozenset[str]) -> list[tuple[Rule, dict[str, Any], Severity | None]]:
        plan = self._plans.get((letter, names))
        if plan is None:
            if len(self._plans) >= _PLANS_KEPT:  # a corpus of ever new name sets: start again
                self._plans.clear()
            plan = self._plans[(letter, names)] = [
                (r, options, severity) for r, options, severity in self._prepared
                if letter in r.inputs and (r.fields is None or not names.isdisjoint(r.fields))]
        return plan

    def lint(self, doc: Document) -> FileResult:
        result = FileResult(doc.path)
        path = doc.path
        for r, options, severity in self._plan(doc.input, frozenset(doc.by_name())):
            try:
                if r.corpus:
                    result.keys += [(r.code, key, path, problem) for key, problem in r.check(doc, options)]
                else:
                    for p in r.check(doc, options):
                        result.findings.append(Finding(path, r.code, r.name, severity or p.severity or r.severity,
                                                       p.message, p.span, r.fixable, p.related,
                                                       doc.index.excerpt(p.span)))
            except Exception as exc:  # a crashing rule is an internal error, not a reason to stop the run
                result.errors.append(f"{path}: rule {r.code} crashed: {type(exc).__name__}: {exc}")
        # inline suppressions and FM014 depend on the document alone, so the result stays cacheable
        result.findings = apply(doc, result.findings, self.codes)
        return result

    def unreadable(self, path: str, problem: str) -> Outcome:
        """The outcome for a path discovery found but could not list (FM013)."""
        return self.lint(read_failure(display_path(path, self.cwd), "FM013", problem)), None

    def unchanged(self, path: str, cache: Cache) -> tuple[str, str] | None:
        """The display path and the cache's key for a file whose stat has not changed since the cache saw it
        (no need to read it), or None. Cheap: the parent process asks this of every file before it shares out
        the rest."""
        shown = display_path(path, self.cwd)
        try:
            stamp = cache.stamp(shown, os.stat(path))
        except OSError:
            return None
        key = cache.stamps.get(stamp) if stamp else None
        return (shown, key) if key is not None and key in cache.entries else None

    def cached(self, shown: str, key: str, cache: Cache, with_keys: bool = True) -> Outcome | None:
        """The cached result under `key` (from `unchanged`), without its corpus keys unless `with_keys`, or
        None if its entry does not decode."""
        hit = cache.get(key, shown, with_keys)
        return (FileResult(shown, *hit), None) if hit is not None else None

    def check(self, path: str, cache: Cache | None) -> Outcome:
        """Read, parse and lint one file, unless the cache knows its content. The display path is worked out
        here too, so that with --jobs it is the workers that pay for it."""
        shown = display_path(path, self.cwd)
        if cache is None:
            data = load(path, self.settings, shown)
            if not isinstance(data, Document):
                data = load_bytes(shown, data, self.settings)
            return self.lint(data), None
        try:
            info = os.stat(path)
        except OSError:
            info = None
        stamp = cache.stamp(shown, info) if info else None
        data = load(path, self.settings, shown, info)
        if isinstance(data, Document):  # not read: cheap, and a permission may change, so never cached
            return self.lint(data), None
        key = cache.key(shown, data)
        hit = cache.get(key, shown)
        if hit is not None:  # same content, new stat (touched, checked out again): remember the new stat
            return FileResult(shown, *hit), (key, None, stamp)
        result = self.lint(load_bytes(shown, data, self.settings))
        if result.errors or _unstorable(result):  # a crashed rule (try again next time), or more than findings
            return result, None
        result.findings.sort(key=Finding.sort_key)  # stored in position order: a hit is not sorted again
        return result, (key, encode(result.findings, result.keys), stamp)


def _unstorable(result: FileResult) -> bool:
    """Whether the result holds data that a cache entry (findings and corpus keys) would lose: a field added
    to FileResult must be stored by the cache before results that use it are cached."""
    return any(getattr(result, f.name) for f in fields(result) if f.name not in _STORED)


_STORED = frozenset({"path", "findings", "keys", "errors"})


def lint_document(doc: Document, rules: list[Rule], settings: Settings) -> FileResult:
    return Linter(rules, settings).lint(doc)


def resolve_corpus(groups: Iterable[tuple[str, Hashable, Members]], rules: list[Rule], settings: Settings,
                   errors: list[str] | None = None) -> Iterator[Finding]:
    """Let each corpus rule turn its (key, members) groups (CorpusKeys.groups) into findings. A resolve
    function that crashes is an internal error, added to `errors` (raised without it); the other rules go on."""
    by_code = {r.code: r for r in rules if r.corpus}
    options = {code: _options(r, settings) for code, r in by_code.items()}
    crashed: set[str] = set()
    for code, key, members in groups:
        r = by_code[code]
        if code in crashed or (not r.whole_site and len(members) < 2):  # most keys are a single document's
            continue
        try:
            for path, problem in (r.resolve or duplicates)(key, members, options[code]):
                yield _finding(r, path, problem, settings)
        except Exception as exc:
            if errors is None:
                raise
            crashed.add(code)  # its other groups are left alone: one report, not one per group
            errors.append(f"rule {r.code} crashed across documents: {type(exc).__name__}: {exc}")


def duplicates(key: Hashable, members: list[tuple[str, Problem]], options: Any) -> Iterable[tuple[str, Problem]]:
    """The default corpus resolution: every member of a group spanning two or more documents, naming the others
    (five in the message, up to RELATED_LIMIT in `related`, and how many there are in all)."""
    paths = sorted({path for path, _ in members})
    if len(paths) < 2:
        return
    for path, problem in members:
        others = _others(paths, path, RELATED_LIMIT)
        total = len(paths) - 1
        shown = ", ".join(others[:5]) + (f" and {total - 5} more" if total > 5 else "")
        yield path, Problem(f"{problem.message}; also in {shown}", problem.span, problem.severity, others)


def _others(paths: list[str], path: str, limit: int) -> tuple[str, ...]:
    """The first `limit` of the sorted `paths` other than `path`, without scanning the whole list."""
    head = paths[: limit + 1]
    return tuple(p for p in head if p != path)[:limit]


class Checking:
    """One run, as a stream: `per_file()` yields each file's findings as the file is done (files in input
    order, a file's findings in position order), then `corpus()` gives the cross-document findings, which
    exist only once every file is in, with the FM014 findings that wait for them (see corpus()). Nothing else
    is kept of a file but its path and its corpus keys (on disk past a bound: oglint.corpuskeys), so a
    reporter fed from the stream needs no memory per finding. `files` and `errors` are complete once
    `per_file()` is exhausted; `corpus()` must follow it, as it also writes and closes the result cache.

    `jobs`: worker processes (None or 0: by file count and cores); `cache_dir`: where the result cache lives
    (None: no cache); `progress`: a stream for a progress bar, shown only on a terminal for long runs. The
    findings do not depend on `jobs` or on the cache."""

    def __init__(self, candidates: Iterable[Candidate], registry: Registry, settings: Settings,
                 stdin: tuple[str, bytes] | None = None, *, jobs: int | None = None,
                 cache_dir: Path | None = None, progress: TextIO | None = None) -> None:
        self.rules = active_rules(registry, settings)
        self.settings = settings
        self.linter = Linter(self.rules, settings)
        self.files = 0
        self.errors: list[str] = []
        self.keys = CorpusKeys(r.code for r in self.rules if r.whole_site)
        self._corpus_codes = [r.code for r in self.rules if r.corpus]
        # FM014 findings of directives that may name a cross-document rule: whether the directive was used
        # is known only once those rules have run, so they come with the cross-document findings
        self._waiting: list[Finding] = []
        self._candidates, self._stdin, self._jobs = candidates, stdin, jobs
        self._cache_dir, self._progress = cache_dir, progress
        # The cross-document findings remembered by the cache (see corpus()): their memo key, once known
        self._memo_key: str | None = None
        self._memo_chunks: int | None = None  # known up front: every file as the cache saw it, keys skipped
        self._skipped: tuple[list[str], list[tuple[str, str] | None]] = ([], [])  # (paths, hits) keys skipped
        self._cache: Cache | None = None  # left open by per_file() for corpus()

    def per_file(self) -> Iterator[Finding]:
        cache = bar = None
        if self._stdin is not None:
            name, data = self._stdin
            result = self.linter.lint(load_bytes(printable(name), data, self.settings))
            outcomes: Iterable[tuple[FileResult, Learnt | None, str | None]] = [(result, None, None)]
        else:
            # Only path strings are kept (a Candidate per file, for 100,000 files, once took 60 MB), and
            # the few that discovery could not list, with why.
            work: list[str] = []
            unlisted: dict[int, str] = {}
            for c in self._candidates:
                if c.problem:
                    unlisted[len(work)] = c.problem
                work.append(str(c.path))
            # online findings depend on what the network said this time, not only on the file: never cached
            if self._cache_dir and not self.settings.online:
                cache = Cache.open(self._cache_dir, self.settings, self.rules, len(work))
            outcomes = self._outcomes(work, unlisted, cache)
            bar = Progress.start(self._progress, len(work))
        contents = MemoKey() if cache else None  # every file's content key, for the memo
        finished = False
        try:
            for res, learnt, key in outcomes:
                self.files += 1
                self.keys.add(res.keys)
                self.errors += res.errors
                if learnt and cache:
                    cache.add(*learnt)
                if key is None:  # a file not cached (unreadable, a crashed rule): no memo
                    contents = None
                elif contents is not None:
                    contents.add(key)
                if bar:
                    if res.findings:  # a text report on the same terminal prints them now
                        bar.clear()
                    bar.advance()
                findings = res.findings
                if key is None or (learnt is not None and learnt[1] is not None):  # checked now (the cache
                    findings = sorted(findings, key=Finding.sort_key)  # gives them in position order)
                if any(f.code == UNUSED_CODE for f in findings):
                    kept: list[Finding] = []
                    for f in findings:
                        (self._waiting if self._may_cover_corpus(f) else kept).append(f)
                    findings = kept
                yield from findings
            finished = True
        finally:
            if bar:
                bar.close()
            if cache and finished and contents is not None:
                self._memo_key, self._cache = contents.hexdigest(), cache  # for corpus(), which closes it
                cache.settle()
            elif cache:
                cache.close()

    def _outcomes(self, work: list[str], unlisted: dict[int, str],
                  cache: Cache | None) -> Iterator[tuple[FileResult, Learnt | None, str | None]]:
        """Each file's outcome, in order, with its content key (None: not known, so no memo)."""
        linter = self.linter
        # Answered here: what discovery could not list, and unchanged files (sending them to workers would
        # cost more than looking them up). Only their cache keys are looked up now: each result is decoded in
        # its turn, so a warm run does not hold every file's findings at once.
        known = [None if i in unlisted else linter.unchanged(path, cache) for i, path in enumerate(work)] \
            if cache else None
        todo = [path for i, path in enumerate(work) if i not in unlisted and not (known and known[i])]
        if cache and known and not todo and not unlisted:  # every file as the cache saw it: the memo may know
            self._memo_chunks = cache.memo_chunks(memo_key(hit[1] for hit in known if hit))  # the corpus
        if self._memo_chunks is not None:  # findings, and the files' corpus keys are not even decoded
            self._skipped = (work, known)
        jobs = parallel.plan_jobs(self._jobs, len(todo))
        if jobs > 1 and parallel.portable(self.rules):
            fresh = iter(parallel.check_all(todo, self.rules, self.settings, cache, jobs))
        else:
            fresh = (linter.check(path, cache) for path in todo)
        for i, path in enumerate(work):
            hit = known[i] if known else None
            if i in unlisted:
                yield *linter.unreadable(path, unlisted[i]), None
            elif cache and hit:
                shown, key = hit
                outcome = linter.cached(shown, key, cache, with_keys=self._memo_chunks is None)
                if outcome is not None:
                    yield *outcome, key
                    continue
                # an entry that does not decode after all (a corrupt cache line): check the file here; its
                # corpus keys come with its result, so _catch_up must not add them again
                result, learnt = linter.check(path, cache)
                now = learnt[0] if learnt else None
                known[i] = None
                if self._memo_chunks is not None and now != key:  # not the content the memo is made of: no
                    self._memo_chunks = None  # memo, so the files before this one hand in their corpus keys
                    self._catch_up(work[:i], known[:i], cache)
                    self._skipped = ([], [])
                yield result, learnt, now
            else:
                result, learnt = next(fresh)
                yield result, learnt, learnt[0] if learnt else None

    def _catch_up(self, work: list[str], known: list[tuple[str, str] | None], cache: Cache) -> None:
        """The corpus keys of files reported without them, in order: from the cache, else by checking again."""
        for path, hit in zip(work, known):
            if hit is None:  # checked again after all: its keys came with its result
                continue
            keys = cache.corpus_keys(hit[1], hit[0])
            self.keys.add(keys if keys is not None else self.linter.check(path, None)[0].keys)

    def corpus(self) -> Iterator[Finding]:
        """The cross-document findings and the FM014 findings held back for them, without those an inline
        directive covers, in position order (oglint.spillsort: they are not all held at once); call once
        `per_file()` is exhausted. They depend on the settings and on the files' paths and contents alone, so
        the cache remembers them (the memo) under a hash of every file's content key: a run over files it saw
        already reads them back instead of resolving the corpus keys and reading files for their directives.
        They are given their offending text, as per-file findings have it: the memo then spares the report
        reading thousands of files again for fingerprints."""
        cache, self._cache = self._cache, None
        key, chunks = self._memo_key, self._memo_chunks
        if cache and key and chunks is None:
            chunks = cache.memo_chunks(key)
        done = 0  # findings given from the memo
        writer = None
        try:
            if cache and key and chunks is not None:
                for found in cache.memo(key, chunks):
                    if found is None:  # a chunk that does not decode: resolve the keys after all, and write
                        break  # the memo again (a newer one takes the place of the broken one)
                    yield from found
                    done += len(found)
                else:
                    return
                self._catch_up(*self._skipped, cache)  # their keys were skipped for the memo
            errors = len(self.errors)
            writer = cache.memo_writer(key) if cache and key else None
            for i, f in enumerate(self._late()):
                if writer:
                    writer.add(f)
                if i >= done:  # those before came from the memo: it holds the same findings in the same order
                    yield f
            if writer:
                writer.close(whole=len(self.errors) == errors)  # a crashed corpus rule: no memo
                writer = None
        finally:
            if writer:  # stopped half-way: the entries it holds, without a memo
                writer.close(whole=False)
            if cache:
                cache.close()

    def _late(self) -> Iterator[Finding]:
        """What corpus() gives, worked out: the cross-document findings from the corpus keys, with their
        offending text, and the FM014 findings held back, merged in position order, through the directives
        of the files they are in."""
        import heapq

        sources = Sources(self._stdin, self.settings.max_file_size)

        def reread(path: str) -> Document | None:
            text = sources.text(path)
            return read_document(path, text.encode("utf-8"), self.settings.preset) if "oglint:" in text else None

        resolved = sorted_findings(resolve_corpus(self.keys.groups(), self.rules, self.settings, self.errors))
        waiting, self._waiting = sorted(self._waiting, key=Finding.sort_key), []
        late = heapq.merge((with_excerpt(f, sources) for f in resolved), waiting, key=Finding.sort_key)
        return apply_corpus(late, self._corpus_codes, reread)

    def _may_cover_corpus(self, f: Finding) -> bool:
        """Whether `f` is the FM014 finding of a directive item that may name a cross-document rule (it
        points at the code as written)."""
        return f.code == UNUSED_CODE and (f.excerpt is None or
                                          any(c.startswith(f.excerpt.upper()) for c in self._corpus_codes))


def run(candidates: Iterable[Candidate], registry: Registry, settings: Settings,
        stdin: tuple[str, bytes] | None = None, *, jobs: int | None = None, cache_dir: Path | None = None,
        progress: TextIO | None = None) -> RunResult:
    """Every finding of a run at once, in position order (see Checking for the arguments): for callers that
    want a list, not a stream."""
    checking = Checking(candidates, registry, settings, stdin, jobs=jobs, cache_dir=cache_dir, progress=progress)
    findings = [*checking.per_file(), *checking.corpus()]
    findings.sort(key=Finding.sort_key)
    return RunResult(findings, checking.files, checking.errors, checking.rules)


def _options(r: Rule, settings: Settings) -> dict[str, Any]:
    own = settings.options.get(r.code, {})
    options = {**r.options, **own}
    if "site_url" in r.options and "site_url" not in own and settings.site_url:  # a rule's site_url is the
        options["site_url"] = settings.site_url  # configuration's site-url, unless its own table sets one
    return options


def _finding(r: Rule, path: str, p: Problem, settings: Settings) -> Finding:
    severity = settings.severity.get(r.code) or p.severity or r.severity
    return Finding(path, r.code, r.name, severity, p.message, p.span, r.fixable, p.related)



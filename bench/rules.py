#!/usr/bin/env python3
"""Where a run's time goes, per stage and per rule, in one process (profile before optimising).

    python bench/rules.py CORPUS_DIR                  # every active rule, the 25 costliest shown
    python bench/rules.py CORPUS_DIR --select URL --top 0 --limit 2000

Reads the files once, then times each stage over all of them, best of `--repeat` passes, with the garbage
collector off (it would bill one stage for another's garbage): the front-matter floor (split + CSafeLoader
compose, as bench/run.py measures it), oglint's reading into Documents, each rule's `check` alone (also on
documents the runner would skip for it, as `called` shows), and `Linter.lint`, which runs them all as a
check does. Caches are emptied before each pass, as a run meets each value once. Figures are µs per
document; compare them only within one run.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from typing import Callable

import yaml

from oglint.model import Document
from oglint.readers import read_document
from oglint.registry import load_registry
from oglint.runner import Linter, active_rules
from oglint.settings import Settings


def files(root: str, limit: int | None) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        found += [os.path.join(folder, n) for n in sorted(names)]
    return found[:limit]


def front_matter(text: str) -> str:
    first, _, rest = text.partition("\n")
    fence = "```" if first.startswith("```") else first.strip()
    end = rest.find("\n" + fence)
    return rest[:end + 1] if end >= 0 else rest


def clear_caches() -> None:
    """Empty every functools cache in oglint's modules: a real run sees each URL and text once, so a pass
    that finds them cached from the pass before would time a run that never happens."""
    for name, module in list(sys.modules.items()):
        if name.startswith("oglint"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a folder of documents (e.g. from ../shared/bench/gen.py)")
    parser.add_argument("--select", default="", help="rule code prefixes, comma-separated (default: all)")
    parser.add_argument("--limit", type=int, help="at most this many files")
    parser.add_argument("--repeat", type=int, default=3, help="passes per figure, the fastest counts")
    parser.add_argument("--top", type=int, default=25, help="rules shown, costliest first (0: all)")
    args = parser.parse_args()
    paths = files(args.corpus, args.limit)
    if not paths:
        sys.exit(f"bench: no files under {args.corpus}")
    datas = [open(p, "rb").read() for p in paths]
    settings = Settings(select=tuple(filter(None, args.select.split(",")))) if args.select else Settings()
    rules = active_rules(load_registry(), settings)
    linter = Linter(rules, settings)
    docs: list[Document] = [read_document(p, d) for p, d in zip(paths, datas)]
    n = len(docs)
    gc.disable()

    def us(seconds: float) -> str:
        return f"{seconds / n * 1e6:8.1f} µs/doc"

    rows = []
    if not paths[0].endswith((".html", ".htm")):
        rows.append(("floor: split + CSafeLoader compose", best(lambda: [
            yaml.compose(front_matter(d.decode("utf-8")), Loader=yaml.CSafeLoader) for d in datas], args.repeat)))
    rows.append(("oglint: read into Documents", best(lambda: [read_document(p, d) for p, d in zip(paths, datas)],
                                                     args.repeat)))
    rows.append(("oglint: Linter.lint (all rules)", best(lambda: [linter.lint(d) for d in docs], args.repeat)))
    for label, seconds in rows:
        print(f"{label:40s} {us(seconds)}")

    per_rule = []
    for letter in sorted({d.input for d in docs}):
        subset = [d for d in docs if d.input == letter]
        for r, options, _ in linter._prepared:
            if letter not in r.inputs:
                continue
            called = [d for d in subset if r.fields is None or not d.by_name().keys().isdisjoint(r.fields)]
            seconds = best(lambda: [list(r.check(d, options)) for d in called], args.repeat)
            found = sum(len(list(r.check(d, options))) for d in called)
            per_rule.append((seconds, r.code, letter, len(called), found))
    per_rule.sort(reverse=True)
    total = sum(row[0] for row in per_rule)
    print(f"{'rules, each alone (sum)':40s} {us(total)}")
    print(f"\n{'rule':8s} {'input':5s} {'cost':>15s} {'called':>8s} {'found':>7s}")
    for seconds, code, letter, called, found in per_rule[: args.top or None]:
        print(f"{code:8s} {letter:5s} {us(seconds)} {called:8d} {found:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

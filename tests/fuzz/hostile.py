"""Issue #6, "Done when": one `oglint check` over a hostile corpus, under a 2 GiB address-space limit, exits
0 or 1 within two minutes, with no traceback.

The corpus: a few hundred mutated real documents (bit flips, truncations, repeated lines, NULs, BOMs, YAML
tags, CRLF, tabs…), a 20,000-deep flow sequence, 3,000 nested mappings, a 20 MB line, 200,000 keys, symlink
loops, a FIFO and file names with spaces, newlines and bytes that are not UTF-8 (see corpus.py). The JSON
report of the same run must parse and show every path printable.

    python tests/fuzz/hostile.py [--count 300] [--scale 1.0] [--keep DIR]

Exit status 0 when every check holds; the problems are printed otherwise. tests/test_hardening.py runs it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

ADDRESS_SPACE = 2 << 30  # 2 GiB
TIME_LIMIT = 120.0


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def check(folder: Path, fmt: str) -> tuple[subprocess.CompletedProcess[bytes] | None, float]:
    """The run and its duration; no run (None) when it was stopped at the time limit."""
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "oglint", "check", "--format", fmt, str(folder)],
                              capture_output=True, timeout=TIME_LIMIT, preexec_fn=_limit_memory, cwd=folder.parent)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start
    return proc, time.monotonic() - start


def problems(proc: subprocess.CompletedProcess[bytes] | None, seconds: float, fmt: str) -> list[str]:
    if proc is None:
        return [f"{fmt}: stopped after {seconds:.0f} s, the time limit"]
    found = []
    if proc.returncode not in (0, 1):
        found.append(f"{fmt}: exit code {proc.returncode}")
    if b"Traceback" in proc.stderr or b"Traceback" in proc.stdout:
        found.append(f"{fmt}: a traceback:\n{proc.stderr.decode(errors='replace')[-3000:]}")
    if fmt == "json" and proc.returncode in (0, 1):
        try:
            paths = {f["path"] for f in json.loads(proc.stdout)["findings"]}
        except ValueError as exc:
            return found + [f"json: the report does not parse: {exc}"]
        unprintable = sorted(p for p in paths if not p.isprintable())
        if unprintable:
            found.append(f"json: unprintable paths: {unprintable}")
    return found


def run(folder: Path, count: int, scale: float, formats: tuple[str, ...] = ("text", "json")) -> list[str]:
    made = write_corpus(folder, count, scale)
    found = []
    for fmt in formats:
        proc, seconds = check(folder, fmt)
        if proc is not None:
            print(f"{fmt}: {made} entries, exit {proc.returncode}, {seconds:.1f} s, {len(proc.stdout):,} bytes of report")
        found += problems(proc, seconds, fmt)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="mutated documents (default 300)")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the giant documents (default 1)")
    parser.add_argument("--keep", type=Path, help="build the corpus in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        found = run(args.keep / "corpus", args.count, args.scale)
    else:
        with tempfile.TemporaryDirectory(prefix="oglint-hostile-") as tmp:
            found = run(Path(tmp) / "corpus", args.count, args.scale)
    for problem in found:
        print("FAIL", problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""oglint's speed targets (issue #5), floor and oglint side by side, measured in one run on this machine.

    python bench/run.py                 # default sizes: a few minutes
    python bench/run.py --full          # the issue's sizes: 20k documents, 1k pages, 10k vs 100k for memory
    python bench/run.py --md 20000 --work /tmp/oglint-bench --keep

Corpora come from the shared generator (`--gen`, default ../shared/bench/gen.py relative to the repository)
into `--work` (a temporary folder unless given; reused when it already holds a corpus of the right size).
Every figure is a child process timed from the outside: wall time, and CPU time (user + system, from wait4),
which matters on a busy machine. oglint must be installed in this Python (`pip install -e .`); yamllint is
optional (`pip install -e '.[bench]'`). Child processes run without PYTHONDONTWRITEBYTECODE, so imports use
bytecode caches as an installed package does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GEN = REPO.parent / "shared" / "bench" / "gen.py"

# The front-matter floor: read each file, split off the front matter, compose it with PyYAML's C loader.
FLOOR_MD = r"""
import os, sys, yaml
def front_matter(text):
    first, _, rest = text.partition("\n")
    fence = "```" if first.startswith("```") else first.strip()
    end = rest.find("\n" + fence)
    return rest[:end + 1] if end >= 0 else rest
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        with open(os.path.join(folder, name), "rb") as fh:
            yaml.compose(front_matter(fh.read().decode("utf-8")), Loader=yaml.CSafeLoader)
        n += 1
print(n)
"""

# The HTML floor: beautifulsoup4 with lxml over each page's <head> (whole pages are ~15x slower).
FLOOR_HTML = r"""
import os, re, sys
from bs4 import BeautifulSoup
head_end = re.compile(r"<(?:/head|body)[\s>/]", re.I)
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        with open(os.path.join(folder, name), "rb") as fh:
            text = fh.read().decode("utf-8")
        m = head_end.search(text)
        BeautifulSoup(text[:m.start() if m else len(text)], "lxml")
        n += 1
print(n)
"""


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the child and the workers it waited for
    rss: int  # peak resident set size, KiB


def measure(cmd: list[str], cwd: Path | None = None, repeat: int = 1) -> Run:
    """The fastest of `repeat` runs (by wall time); peak RSS is the largest seen."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    best: Run | None = None
    rss = 0
    for _ in range(repeat):
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own usage, not all children's so far
            wall = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped by wait4
            if code not in (0, 1):  # 1: findings (oglint) or problems (yamllint)
                err.seek(0)
                sys.exit(f"bench: {' '.join(cmd)} failed with {code}:\n{err.read().decode('utf-8', 'replace')}")
        rss = max(rss, usage.ru_maxrss)
        run = Run(wall, usage.ru_utime + usage.ru_stime, rss)
        if best is None or run.wall < best.wall:
            best = run
    assert best is not None
    best.rss = rss
    return best


def corpus(gen: Path, kind: str, work: Path, n: int, seed: int) -> Path:
    folder = work / f"{kind}-{n}"
    if folder.is_dir() and sum(1 for _ in folder.rglob(f"*.{kind}")) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  generating {n:,} {kind} documents …", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, str(gen), kind, str(folder), str(n), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)
    return folder


def yaml_blocks(md: Path, work: Path, n: int) -> Path:
    """The front-matter blocks of the first `n` documents as .yaml files, for yamllint."""
    folder = work / f"yaml-{n}"
    if folder.is_dir() and sum(1 for _ in folder.glob("*.yaml")) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, path in enumerate(sorted(md.rglob("*.md"))[:n]):
        first, _, rest = path.read_text(encoding="utf-8").partition("\n")
        fence = "```" if first.startswith("```") else first.strip()
        end = rest.find("\n" + fence)
        (folder / f"{i:06d}.yaml").write_text("---\n" + rest[:end + 1], encoding="utf-8")
    return folder


def oglint(*args: str) -> list[str]:
    return [sys.executable, "-m", "oglint", "check", *args, "--format", "json", "--output-file", os.devnull]


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    return (f"nproc {os.cpu_count()}, CPU {cpu}, Python {platform.python_version()} "
            f"({platform.python_implementation()}), PyYAML {yaml.__version__} "
            f"{'with' if yaml.__with_libyaml__ else 'WITHOUT'} libyaml, {platform.system()} {platform.release()}")


SPIN = "import time\nend = time.perf_counter() + 1\nwhile time.perf_counter() < end: pass"


def free_cores(n: int = 2) -> float:
    """How many cores `n` busy processes actually got for a second: other jobs on the machine take theirs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], env=env) for _ in range(n)]
    cpu = 0.0
    for proc in procs:
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped by wait4
        cpu += usage.ru_utime + usage.ru_stime
    return cpu / (time.perf_counter() - start)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def time(self, what: str, run: Run, items: int | None = None, unit: str = "docs") -> None:
        rate = f"{items / run.wall:,.0f} {unit}/s" if items else ""
        self.rows.append((what, f"{run.wall:.3f} s", f"{run.cpu:.3f} s", f"{run.rss / 1024:.0f} MB", rate, ""))

    def ratio(self, what: str, value: str, target: str) -> None:
        self.rows.append((f"  → {what}", "", "", "", value, target))

    def note(self, text: str) -> None:
        self.rows.append((f"  ({text})", "", "", "", "", ""))

    def print(self) -> None:
        head = ("step", "wall", "CPU", "peak RSS", "rate / ratio", "target")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(len(head))]
        for row in [head, *self.rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


def both(a: Run, b: Run) -> str:
    """a/b as wall-time and CPU-time ratios."""
    return f"{a.wall / b.wall:.2f}× wall, {a.cpu / b.cpu:.2f}× CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gen", type=Path, default=DEFAULT_GEN, help="the corpus generator (default: %(default)s)")
    parser.add_argument("--work", type=Path, help="where corpora go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--md", type=int, default=5000, help="front-matter documents (default: 5000; issue: 20000)")
    parser.add_argument("--html", type=int, default=300, help="HTML pages (default: 300; issue: 1000)")
    parser.add_argument("--yamllint", type=int, default=500, help="documents for yamllint (default: 500)")
    parser.add_argument("--memory", type=int, nargs=2, default=(2000, 20000), metavar=("SMALL", "LARGE"),
                        help="corpus sizes for peak RSS (default: 2000 20000; issue: 10000 100000)")
    parser.add_argument("--full", action="store_true", help="the issue's sizes (takes a while, ~1 GB of disk)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, the fastest counts (default: 3; "
                        "the memory runs are run once)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.full:
        args.md, args.html, args.memory = 20000, 1000, (10000, 100000)
    if importlib.util.find_spec("oglint") is None:
        sys.exit("bench: oglint is not installed in this Python (pip install -e .)")
    if not args.gen.is_file():
        sys.exit(f"bench: no generator at {args.gen} (--gen)")
    work = args.work or Path(tempfile.mkdtemp(prefix="oglint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    before = f"{os.getloadavg()[0]:.2f}"
    try:
        table = measure_all(args, work)
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {machine()}")
    print(f"load average before/after: {before} / {os.getloadavg()[0]:.2f} (other processes skew wall times)")
    table.print()
    return 0


def measure_all(args: argparse.Namespace, work: Path) -> Table:
    table = Table()
    md = corpus(args.gen, "md", work, args.md, args.seed)
    print("  front matter …", file=sys.stderr, flush=True)
    rep = args.repeat
    floor = measure([sys.executable, "-c", FLOOR_MD, str(md)], repeat=rep)
    one = measure(oglint(str(md), "--jobs", "1", "--no-cache"), repeat=rep)
    # The same run with one cheap rule: what reading, discovery and the report cost before any checking
    bare = measure(oglint(str(md), "--jobs", "1", "--no-cache", "--select", "FM001"), repeat=rep)
    two = measure(oglint(str(md), "--jobs", "2", "--no-cache"), repeat=rep)
    table.time(f"front-matter floor: read, split, CSafeLoader compose ({args.md:,} docs)", floor, args.md)
    table.time("oglint --jobs 1 --no-cache", one, args.md)
    table.ratio("oglint --jobs 1 vs floor", both(one, floor), "≤ 2.0×")
    table.time("oglint --jobs 1 --no-cache --select FM001 (the engine, one rule)", bare, args.md)
    table.ratio("the engine with one rule vs floor", both(bare, floor), "")
    table.ratio("the other rules and their findings, a document",
                f"{(one.cpu - bare.cpu) / args.md * 1e6:.0f} µs CPU; "
                f"room under 2.0×: {(2 * floor.cpu - bare.cpu) / args.md * 1e6:.0f} µs", "")
    table.time("oglint --jobs 2 --no-cache", two, args.md)
    table.ratio("--jobs 2 speed-up over --jobs 1", f"{one.wall / two.wall:.2f}× wall", "≥ 1.6×")
    table.note(f"two busy processes got {free_cores():.2f} cores just now")

    if importlib.util.find_spec("yamllint") is None:
        table.note("yamllint not installed: peer comparison skipped (pip install -e '.[bench]')")
    else:
        blocks = yaml_blocks(md, work, min(args.yamllint, args.md))
        n = min(args.yamllint, args.md)
        print("  yamllint …", file=sys.stderr, flush=True)
        peer = measure([sys.executable, "-m", "yamllint", "-d", "relaxed", "-f", "parsable", str(blocks)])
        table.time(f"yamllint -d relaxed on the extracted blocks ({n:,} files)", peer, n)
        table.ratio("oglint --jobs 1 docs/s over yamllint docs/s",
                    f"{(args.md / one.wall) / (n / peer.wall):.1f}× wall, "
                    f"{(args.md / one.cpu) / (n / peer.cpu):.1f}× CPU", "≥ 20×")

    html = corpus(args.gen, "html", work, args.html, args.seed)
    print("  HTML …", file=sys.stderr, flush=True)
    head = measure([sys.executable, "-c", FLOOR_HTML, str(html)], repeat=args.repeat)
    pages = measure(oglint(str(html), "--jobs", "1", "--no-cache"), repeat=args.repeat)
    table.time(f"HTML floor: bs4 + lxml over each <head> ({args.html:,} pages)", head, args.html, "pages")
    table.time("oglint --jobs 1 --no-cache (HTML)", pages, args.html, "pages")
    table.ratio("oglint vs HTML floor", both(pages, head), "≤ 1.5×")

    print("  start-up …", file=sys.stderr, flush=True)
    single = work / "one"
    single.mkdir(exist_ok=True)
    shutil.copy(sorted(md.rglob("*.md"))[0], single / "one.md")
    measure([sys.executable, "-m", "oglint", "check", "one.md"], cwd=single)  # writes bytecode and cache
    base = measure([sys.executable, "-c", "import yaml"], repeat=10)
    start = measure([sys.executable, "-m", "oglint", "check", "one.md"], cwd=single, repeat=10)
    cold = measure([sys.executable, "-m", "oglint", "check", "one.md", "--no-cache"], cwd=single, repeat=10)
    table.time('python -c "import yaml" (best of 10)', base)
    table.time("oglint check one.md (best of 10)", start)
    table.ratio("pre-commit start vs import yaml", f"{start.wall / base.wall:.2f}× wall", "≤ 3×")
    table.time("oglint check one.md --no-cache (best of 10)", cold)
    table.ratio("without the cache vs import yaml", f"{cold.wall / base.wall:.2f}× wall", "")

    print("  memory …", file=sys.stderr, flush=True)
    small_n, large_n = args.memory
    small = measure(oglint(str(corpus(args.gen, "md", work, small_n, args.seed)), "--jobs", "1", "--no-cache"))
    large = measure(oglint(str(corpus(args.gen, "md", work, large_n, args.seed)), "--jobs", "1", "--no-cache"))
    table.time(f"oglint --jobs 1 on {small_n:,} docs", small, small_n)
    table.time(f"oglint --jobs 1 on {large_n:,} docs", large, large_n)
    table.ratio(f"peak RSS {large_n:,} vs {small_n:,} docs", f"{large.rss / small.rss:.2f}×", "≤ 1.5×")

    print("  cache …", file=sys.stderr, flush=True)
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    fill = measure(oglint(str(md), "--jobs", "1", "--cache-dir", str(cache)))
    warm = measure(oglint(str(md), "--jobs", "1", "--cache-dir", str(cache)), repeat=args.repeat)
    table.time(f"oglint --jobs 1, cold cache ({args.md:,} docs)", fill, args.md)
    table.time(f"oglint --jobs 1, warm cache (best of {args.repeat})", warm, args.md)
    table.ratio("cold (filling the cache) vs warm", both(fill, warm), "≥ 10×")
    table.ratio("--no-cache vs warm", both(one, warm), "")
    return table


if __name__ == "__main__":
    sys.exit(main())

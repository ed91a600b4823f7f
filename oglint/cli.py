"""The command line: `oglint check`, `oglint rules`, `oglint rule CODE`.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Iterator, TextIO

from oglint import __version__
from oglint.model import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def _output(value: str) -> tuple[str, str | None]:
    """`FORMAT` or `FORMAT:PATH`."""
    from oglint.reporters import FORMATS

    name, sep, path = value.partition(":")
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    if sep and not path:
        raise argparse.ArgumentTypeError(f"{value!r}: no file after the colon")
    return name, path or None


def _jobs(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError("N must be a whole number (0: automatic)")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    from oglint.reporters import FORMATS

    parser = argparse.ArgumentParser(prog="oglint", description="Lint Open Graph, X card and page metadata "
                                     "in front matter and HTML.")
    parser.add_argument("--version", action="version", version=f"oglint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files and folders (default: the current folder)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders; - for stdin")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name of the document read from stdin "
                       "(its suffix picks the reader)")
    check.add_argument("--format", type=_output, action="append", metavar="FORMAT[:PATH]",
                       help=f"output format, one of {', '.join(FORMATS)} (default: text); repeat for several "
                       "outputs, each to stdout or to PATH")
    check.add_argument("--output-file", "-o", metavar="FILE", help="write the (single) report to FILE")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                       help="colour text output: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces it)")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule "
                       "instead of the findings")
    check.add_argument("--config", metavar="FILE", help="use this configuration file (pyproject.toml, "
                       "oglint.toml or .oglint.toml) instead of the one closest to the paths")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes, comma-separated")
    check.add_argument("--ignore", type=_codes, default=(), metavar="CODES", help="skip these codes or prefixes")
    check.add_argument("--extend-select", type=_codes, default=(), metavar="CODES",
                       help="add codes or prefixes to the selection")
    check.add_argument("--force-exclude", action="store_true", help="apply `exclude` to files named on the "
                       "command line too (for pre-commit, which names every file)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    check.add_argument("--fail-on", choices=[s.value for s in Severity], default="warning",
                       help="lowest severity that makes the exit code 1 (default: warning)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    # speed: worker processes and the result cache (oglint.parallel, oglint.cache)
    check.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="worker processes (default: by file count "
                       "and cores; 1 for a few files)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    check.add_argument("--cache-dir", metavar="DIR", help="the result cache folder (default: .oglint_cache in "
                       "the project root)")

    sub.add_parser("rules", help="list every rule")
    rule = sub.add_parser("rule", help="show one rule's documentation")
    rule.add_argument("code", metavar="CODE")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules()
        if args.command == "rule":
            return _rule(args.code)
        parser.print_help()
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): the report is cut, so the run is not clean
        _silence_stdout()
        print("oglint: error: the report was cut short: its reader closed the pipe", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's flush at exit does not fail again on what is left
    in its buffer (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        target = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout (closed, or replaced by a test)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, target)
    os.close(null)


def _load_registry():
    from oglint.registry import load_registry

    registry = load_registry()
    for error in registry.errors:
        print(f"oglint: warning: rule plugin skipped: {error}", file=sys.stderr)
    return registry


class UsageError(Exception):
    """Bad flags, configuration or baseline, or a report that cannot be written: reported on stderr, exit
    code 2."""


def _check(args: argparse.Namespace) -> int:
    from oglint.baseline import BaselineError
    from oglint.config import ConfigError

    try:
        return _check_or_raise(args)
    except (UsageError, ConfigError, BaselineError) as exc:
        print(f"oglint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _settings(args: argparse.Namespace, registry):
    """The configuration file's settings, then the command line's flags on top."""
    from oglint.config import check_codes, find_config, load_settings

    if args.isolated:
        path = None
    elif args.config:
        path = Path(args.config)
        if not path.is_file():
            raise UsageError(f"no such configuration file: {args.config}")
    else:
        from oglint.discovery import real_path

        start = real_path(args.stdin_filename).parent if args.paths == ["-"] and args.stdin_filename else None
        path = find_config(args.paths, start)
    settings = load_settings(path, registry)
    if args.select is not None:
        settings.select = check_codes(args.select, registry, "--select")
    settings.select += check_codes(args.extend_select, registry, "--extend-select")
    settings.ignore += check_codes(args.ignore, registry, "--ignore")
    return settings


def _outputs(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    outputs = args.format or [("text", None)]
    if args.output_file:
        to_stdout = [i for i, (_, path) in enumerate(outputs) if path is None]
        if len(to_stdout) != 1:
            raise UsageError("--output-file needs exactly one --format without a path")
        outputs[to_stdout[0]] = (outputs[to_stdout[0]][0], args.output_file)
    else:  # line reports may share stdout (the GitHub Action prints annotations and a log); a document may not
        on_stdout = [name for name, path in outputs if path is None]
        if len(on_stdout) > 1 and {"json", "sarif"} & set(on_stdout):
            raise UsageError("a json or sarif report on stdout must be the only one there: give the other formats "
                             "a path (FORMAT:PATH)")
    return outputs


def _check_or_raise(args: argparse.Namespace) -> int:
    from oglint import baseline
    from oglint.discovery import discover, matches
    from oglint.reporters import Totals
    from oglint.reporters.text import safe
    from oglint.runner import Checking, steady_gc
    from oglint.sources import Sources

    registry = _load_registry()
    settings = _settings(args, registry)
    outputs = _outputs(args)
    adopted = baseline.load(Path(args.baseline)) if args.baseline else None  # a bad baseline fails before the run

    stdin = None
    if "-" in args.paths and args.paths != ["-"]:
        raise UsageError("- (standard input) must be the only path")
    if args.paths == ["-"]:
        candidates = []
        # an editor or pre-commit piping an excluded file: nothing to check, as for that file named
        if not (args.force_exclude and args.stdin_filename and matches(args.stdin_filename, settings.exclude,
                                                                       settings.root)):
            stdin = (args.stdin_filename or "stdin.md", sys.stdin.buffer.read(settings.max_file_size + 1))
    else:
        missing = [p for p in args.paths if p != "-" and not Path(p).exists() and not Path(p).is_symlink()]
        if missing:
            raise UsageError(f"no such file or folder: {', '.join(missing)}")
        candidates = discover(args.paths, exclude=settings.exclude, include=settings.include,
                              force_exclude=args.force_exclude, root=settings.root)
    steady_gc()
    checking = Checking(candidates, registry, settings, stdin=stdin, jobs=args.jobs, progress=sys.stderr,
                        cache_dir=None if args.no_cache else _cache_dir(args.cache_dir))
    sources = Sources(stdin, settings.max_file_size)
    findings = _filtered(checking, settings)

    if args.write_baseline:
        count = baseline.write(Path(args.write_baseline), list(findings), sources)
        print(f"oglint: wrote {count} finding{'s' * (count != 1)} to {args.write_baseline}", file=sys.stderr)
        return EXIT_ERROR if checking.errors else EXIT_CLEAN
    if adopted is not None:
        findings = baseline.new_findings(findings, adopted, Path(args.baseline), sources)
    totals = Totals()
    _report(findings, totals, checking, outputs, sources, args)

    for error in checking.errors:  # they name documents, whose paths are untrusted text too
        print(f"oglint: internal error: {safe(error)}", file=sys.stderr)
    if checking.errors:
        return EXIT_ERROR
    threshold = Severity(args.fail_on).rank
    failing = any(n and severity.rank >= threshold for severity, n in totals.by_severity.items())
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _filtered(checking, settings) -> Iterator:
    """The run's findings as they come, each file's own then the cross-document ones (see Checking), without
    those a per-file ignore covers."""
    for findings in (checking.per_file(), checking.corpus()):
        if settings.per_file_ignores:
            findings = (f for f in findings if not settings.ignored_in(f.path, f.code))
        yield from findings


def _report(findings, totals, checking, outputs: list[tuple[str, str | None]], sources,
            args: argparse.Namespace) -> None:
    """Each output to its file or to stdout, written as the findings come; --statistics takes the place of
    the stdout reports."""
    from collections import Counter

    from oglint.reporters import Context, get
    from oglint.reporters.text import statistics

    reports, outs = [], []
    try:
        for name, path in outputs:
            if path is None and args.statistics:
                continue
            if path is None:
                out = _Output(sys.stdout, f"cannot write the {name} report")
            else:
                try:
                    out = _Output(open(path, "w", encoding="utf-8"), f"cannot write the {name} report to {path}")
                except OSError as exc:
                    raise UsageError(f"cannot write the {name} report to {path}: {exc.strerror or exc}") from None
            outs.append(out)
            context = Context(sources, color=path is None and _colour(args.color, sys.stdout))
            reports.append(get(name)(out, context, checking.rules))
        per_rule: Counter = Counter()
        for f in findings:
            totals.count(f)
            if args.statistics:
                per_rule[(f.code, f.name)] += 1
            for report in reports:
                report.add(f)
        totals.files, totals.errors = checking.files, checking.errors
        for report in reports:
            report.close(totals)
        for out in outs:
            out.finish()
    finally:
        for out in outs:
            out.abandon()
    if args.statistics:
        out = _Output(sys.stdout, "cannot write the statistics")
        out.write(statistics(per_rule))
        out.finish()


def _cache_dir(given: str | None) -> Path | None:
    """Where the cache goes. A failure to write it is not an error (a read-only checkout), but a --cache-dir
    that names a file would leave the cache off without a word."""
    from oglint.cache import location

    folder = location(given)
    if folder.exists() and not folder.is_dir():
        print(f"oglint: warning: no result cache: {folder} is not a folder", file=sys.stderr)
        return None
    return folder


class _Output:
    """Where one report goes. A write that fails (a full disk) ends the run with a message and exit code 2,
    not a traceback; a closed pipe is left to main()."""

    def __init__(self, stream: TextIO | None, failure: str) -> None:
        if stream is None:  # started with stdout closed (`>&-`): Python has no sys.stdout at all
            raise UsageError(f"{failure}: standard output is closed")
        self.stream, self.failure = stream, failure

    def write(self, text: str) -> None:
        self._do(self.stream.write, text)

    def finish(self) -> None:
        """Flush stdout, close a file: the last writes fail here."""
        self._do(self.stream.flush if self.stream is sys.stdout else self.stream.close)

    def abandon(self) -> None:
        """Close a file after a failure, quietly: the failure is what gets reported."""
        if self.stream is not sys.stdout:
            try:
                self.stream.close()
            except OSError:
                pass

    def _do(self, action, *args) -> None:
        try:
            action(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            if self.stream is sys.stdout:
                _silence_stdout()  # what is left in the buffer would fail again at exit
            raise UsageError(f"{self.failure}: {exc.strerror or exc}") from None


def _colour(choice: str, stream) -> bool:
    """--color always/never win; else a non-empty NO_COLOR turns colour off, FORCE_COLOR on, and otherwise
    only a terminal gets colour (https://no-color.org, https://force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def _rules() -> int:
    registry = _load_registry()
    print(f"{'code':<8} {'name':<36} {'severity':<8} {'fixable':<7} online")
    for r in registry.sorted():
        print(f"{r.code:<8} {r.name:<36} {r.severity.value:<8} {'yes' if r.fixable else 'no':<7} "
              f"{'yes' if r.online else 'no'}")
    return EXIT_CLEAN


def _rule(code: str) -> int:
    registry = _load_registry()
    r = registry.rules.get(code.upper()) or next((x for x in registry.rules.values() if x.name == code), None)
    if r is None:
        print(f"oglint: error: no rule {code!r} (see `oglint rules`)", file=sys.stderr)
        return EXIT_ERROR
    flags = [f"severity: {r.severity.value}", f"inputs: {r.inputs}", f"fixable: {'yes' if r.fixable else 'no'}",
             f"online: {'yes' if r.online else 'no'}"]
    if r.options:
        flags.append("options: " + ", ".join(f"{k} = {v!r}" for k, v in r.options.items()))
    print(f"# {r.code} {r.name}\n\n{'; '.join(flags)}\n\n{r.doc}")
    return EXIT_CLEAN

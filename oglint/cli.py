"""The command line: `oglint check`, `oglint rules`, `oglint rule CODE`.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oglint import __version__
from oglint.model import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


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
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes, comma-separated")
    check.add_argument("--ignore", type=_codes, default=(), metavar="CODES", help="skip these codes or prefixes")
    check.add_argument("--extend-select", type=_codes, default=(), metavar="CODES",
                       help="add codes or prefixes to the selection")
    check.add_argument("--fail-on", choices=[s.value for s in Severity], default="warning",
                       help="lowest severity that makes the exit code 1 (default: warning)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")

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
    except BrokenPipeError:
        return EXIT_CLEAN


def _load_registry():
    from oglint.registry import load_registry

    registry = load_registry()
    for error in registry.errors:
        print(f"oglint: warning: rule plugin skipped: {error}", file=sys.stderr)
    return registry


def _check(args: argparse.Namespace) -> int:
    from oglint.discovery import discover
    from oglint.reporters import get
    from oglint.runner import run
    from oglint.settings import Settings

    registry = _load_registry()
    settings = Settings()
    if args.select is not None:
        settings.select = args.select
    settings.select += args.extend_select
    settings.ignore += args.ignore
    unknown = [c for c in settings.select + settings.ignore
               if c != "ALL" and not any(code.startswith(c) for code in registry.rules)]
    if unknown:
        print(f"oglint: error: no rule matches {', '.join(unknown)} (see `oglint rules`)", file=sys.stderr)
        return EXIT_ERROR

    stdin = None
    if args.paths == ["-"]:
        stdin = (args.stdin_filename or "stdin.md", sys.stdin.buffer.read(settings.max_file_size + 1))
        candidates = []
    else:
        missing = [p for p in args.paths if p != "-" and not Path(p).exists() and not Path(p).is_symlink()]
        if missing:
            print(f"oglint: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
            return EXIT_ERROR
        candidates = discover(args.paths)
    result = run(candidates, registry, settings, stdin=stdin)
    report = get(args.format)(result)
    if args.output_file:
        Path(args.output_file).write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    for error in result.errors:
        print(f"oglint: internal error: {error}", file=sys.stderr)
    if result.errors:
        return EXIT_ERROR
    threshold = Severity(args.fail_on).rank
    failing = any(f.severity.rank >= threshold for f in result.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


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

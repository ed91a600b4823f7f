"""`text` (the default): `path:line:col: CODE message`, then the source line with a caret under the span.
`concise`: the first line only. Document text is untrusted: control characters it carries (terminal escapes,
CR, bidi overrides) are shown escaped, never sent raw to the terminal."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TextIO

from oglint import reporters
from oglint.model import Finding, Severity
from oglint.registry import Rule
from oglint.reporters import Context, Totals

# C0/C1 controls, DEL, and the bidi overrides/isolates that can reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
WINDOW = 100  # longest source excerpt shown, in characters; longer lines are cut around the span

RESET, BOLD, DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
COLOUR = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def safe(text: str) -> str:
    text = text.replace("\r\n", "\\r\\n").replace("\n", "\\n").replace("\t", " ")
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, *styles: str) -> str:
        return f"{''.join(styles)}{text}{RESET}" if self.on and styles else text


def headline(f: Finding, paint: _Paint) -> str:
    # No "[*] fixable" mark until `--fix` exists: it would promise a fix nobody can apply.
    return (f"{paint(safe(f.path), BOLD)}:{f.span.line}:{f.span.column}: "
            f"{paint(f.code, BOLD, COLOUR[f.severity])} {safe(f.message)}")


def excerpt(f: Finding, context: Context, paint: _Paint) -> list[str]:
    """The source line under a gutter, and a caret line under the span (to the line's end when the span goes
    on to further lines). Each character of the line is made safe one by one so columns stay aligned."""
    line = context.sources.line(f)
    if not line:
        return []
    # Only the window around the span is made safe: a minified page may hold its whole head on one line,
    # and doing the whole line for every finding on it was quadratic.
    start = min(f.span.column - 1, len(line))
    end = f.span.end_column - 1 if f.span.end_line == f.span.line else len(line)
    end = max(min(end, len(line)), start + 1)
    left = max(0, min(start - 20, len(line) - WINDOW)) if len(line) > WINDOW else 0
    chars = [_cell(c) for c in line[left:left + WINDOW]]
    shown = "".join(chars)
    prefix = "…" if left else ""
    suffix = "…" if left + WINDOW < len(line) else ""
    # the caret goes under the span as the terminal shows it: wide (CJK, emoji) characters take two cells
    caret_start = len(prefix) + _width(chars[:start - left])
    caret_len = max(1, _width(chars[max(start - left, 0):min(end - left, WINDOW)]))
    gutter = f"{f.span.line} | "
    blank = " " * (len(gutter) - 2) + "| "
    return [paint(gutter, DIM) + prefix + shown + suffix,
            paint(blank, DIM) + " " * caret_start + paint("^" * caret_len, BOLD, COLOUR[f.severity])]


def _width(chars: list[str]) -> int:
    """Terminal cells: 2 for East Asian wide and full-width characters, 0 for combining marks, else 1."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in chars)


def _cell(char: str) -> str:
    """One column of an excerpt: a tab as a space, an unsafe character as `?` (escaping it would shift the
    caret; the headline's message shows it escaped)."""
    return " " if char == "\t" else "?" if _UNSAFE.match(char) else char


def summary(totals: Totals) -> str:
    n, files = totals.findings, totals.files
    plural = lambda k, word: f"{k} {word}{'s' * (k != 1)}"  # noqa: E731
    if not n:
        return f"All checks passed ({plural(files, 'file')})."
    parts = ", ".join(plural(totals.by_severity[s], s.value) for s in Severity if totals.by_severity[s])
    return f"Found {plural(n, 'problem')} ({parts}) in {plural(files, 'file')}."


class Report(reporters.Report):
    source = True  # show the source line and a caret under the span

    def __init__(self, out: TextIO, context: Context, rules: list[Rule]) -> None:
        super().__init__(out, context, rules)
        self.paint = _Paint(context.color)

    def add(self, f: Finding) -> None:
        lines = [headline(f, self.paint)]
        if self.source:
            lines += excerpt(f, self.context, self.paint)
        self.out.write("\n".join(lines) + "\n")

    def close(self, totals: Totals) -> None:
        lines = [f"error: {safe(e)}" for e in totals.errors]
        lines.append(summary(totals))
        self.out.write("\n".join(lines) + "\n")


class Concise(Report):
    source = False


def statistics(counts: Counter[tuple[str, str]]) -> str:
    """Counts per rule (code, name), most frequent first, as `ruff --statistics` shows them."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{code:<7}\t{name}\n" for (code, name), n in rows)

"""`text` (the default): `path:line:col: CODE message`, then the source line with a caret under the span.
`concise`: the first line only. Document text is untrusted: control characters it carries (terminal escapes,
CR, bidi overrides) are shown escaped, never sent raw to the terminal."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from oglint.model import Finding, Severity
from oglint.reporters import Context
from oglint.runner import RunResult

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


def summary(result: RunResult) -> str:
    n, files = len(result.findings), result.files
    plural = lambda k, word: f"{k} {word}{'s' * (k != 1)}"  # noqa: E731
    if not n:
        return f"All checks passed ({plural(files, 'file')})."
    by_severity = Counter(f.severity for f in result.findings)
    parts = ", ".join(plural(by_severity[s], s.value) for s in Severity if by_severity[s])
    return f"Found {plural(n, 'problem')} ({parts}) in {plural(files, 'file')}."


def render(result: RunResult, context: Context) -> str:
    paint = _Paint(context.color)
    lines = []
    for f in result.findings:
        lines.append(headline(f, paint))
        lines += excerpt(f, context, paint)
    lines += [f"error: {safe(e)}" for e in result.errors]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def render_concise(result: RunResult, context: Context) -> str:
    paint = _Paint(context.color)
    lines = [headline(f, paint) for f in result.findings]
    lines += [f"error: {safe(e)}" for e in result.errors]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def statistics(result: RunResult) -> str:
    """Counts per rule, most frequent first, as `ruff --statistics` shows them."""
    counts = Counter((f.code, f.name) for f in result.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{code:<7}\t{name}\n" for (code, name), n in rows)

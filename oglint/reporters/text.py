"""`path:line:col: CODE message`, one line a finding, then a summary. Document text is untrusted: control
characters it carries are shown escaped, never sent raw to the terminal."""

from __future__ import annotations

import re

from oglint.runner import RunResult

# C0/C1 controls, DEL, and the bidi overrides/isolates that can reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    text = text.replace("\r\n", "\\r\\n").replace("\n", "\\n").replace("\t", " ")
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(result: RunResult) -> str:
    lines = [f"{safe(f.path)}:{f.span.line}:{f.span.column}: {f.code} {safe(f.message)}" for f in result.findings]
    lines += [f"error: {safe(e)}" for e in result.errors]
    n = len(result.findings)
    lines.append(f"Found {n} problem{'s' * (n != 1)} in {result.files} file{'s' * (result.files != 1)}."
                 if n else f"All checks passed ({result.files} file{'s' * (result.files != 1)}).")
    return "\n".join(lines) + "\n"

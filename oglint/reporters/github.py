"""`github`: GitHub Actions workflow commands, one annotation a finding:

    ::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=oglint CODE (name)::message

Document text is untrusted. The runner reads a workflow command only at the start of a line, so every CR
and LF is escaped (`%0D`, `%0A`) as GitHub's toolkit does, with `%` first (`%25`), and also `:` and `,` in
properties; other control characters are shown escaped. A document therefore cannot start a command of its
own. GitHub shows at most 10 annotations of each type per step: when there are more, a closing `::notice`
says how many were not shown.
"""

from __future__ import annotations

from collections import Counter

from oglint import reporters
from oglint.model import Finding, Severity
from oglint.reporters import Totals
from oglint.reporters.text import _UNSAFE

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SHOWN_PER_TYPE = 10  # annotations GitHub shows per type (error, warning, notice) in one step


def _controls(text: str) -> str:
    return _UNSAFE.sub(lambda m: m.group() if m.group() in "\r\n" else f"\\u{ord(m.group()):04x}", text)


def escape_data(text: str) -> str:
    return _controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    s = f.span
    props = [("file", f.path), ("line", str(s.line)), ("endLine", str(s.end_line))]
    if s.line == s.end_line:  # GitHub ignores columns on annotations that span several lines
        props += [("col", str(s.column)), ("endColumn", str(s.end_column))]
    props.append(("title", f"oglint {f.code} ({f.name})"))
    shown = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMAND[f.severity]} {shown}::{escape_data(f.message)}"


class Report(reporters.Report):
    def add(self, f: Finding) -> None:
        self.out.write(annotation(f) + "\n")

    def close(self, totals: Totals) -> None:
        lines = [f"::error title=oglint internal error::{escape_data(e)}" for e in totals.errors]
        counts = Counter({COMMAND[s]: n for s, n in totals.by_severity.items()})
        hidden = sum(max(0, n - SHOWN_PER_TYPE) for n in counts.values())
        if hidden:
            total = ", ".join(f"{counts[k]} {k}{'s' * (counts[k] != 1)}" for k in ("error", "warning", "notice")
                              if counts[k])
            lines.append(escape_notice(f"oglint found {totals.findings} problems ({total}); GitHub shows "
                                       f"{SHOWN_PER_TYPE} annotations of each type per step, so {hidden} are not "
                                       "annotated here: see the job log, or upload the SARIF report to code "
                                       "scanning for all of them."))
        self.out.write("".join(line + "\n" for line in lines))


def escape_notice(message: str) -> str:
    return f"::notice title=oglint summary::{escape_data(message)}"

"""FM014: suppressions in the document that no longer suppress anything. The directives themselves are read
and applied by oglint.suppressions."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint.model import Document, Problem, Severity
from oglint.registry import rule
from oglint.suppressions import UNUSED_CODE, items, malformed


@rule(UNUSED_CODE, "unused-suppression", Severity.WARNING, inputs="HF")
def unused_suppression(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a suppression comment that suppressed nothing. An `oglint: disable=…`, `disable-next-line=…` or
    `disable-file=…` code is unused when the problem was fixed, the comment sits on the wrong line, or the
    code is misspelt or not selected. A comment addressed to oglint that is none of these directives
    (`# oglint: disabel=ENT002`, `# oglint: disable ENT002`, an empty `disable=`) is reported too.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line without anyone noticing, and a misspelt
    one never worked: the reader believes a check is silenced on purpose when it is not.

    ## Example
    ```yaml
    title: Café & Bar   # oglint: disable=ENT002
    ```

    ## Use instead
    Remove the comment once nothing needs it:
    ```yaml
    title: Café & Bar
    ```
    """
    # One candidate per directive item; the suppression step keeps only those that no finding used.
    for item in items(doc):
        yield Problem(f"unused suppression: no {item.code} finding {_where(item.kind)}", item.span)
    for span in malformed(doc):
        yield Problem("not a suppression oglint reads, so it silences nothing: write `oglint: disable=CODE`, "
                      "`disable-next-line=CODE` or `disable-file=CODE`", span)


def _where(kind: str) -> str:
    return {"disable": "on this line", "disable-next-line": "on the next line"}.get(kind, "in this file")

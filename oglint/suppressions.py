"""Suppressions written in the document itself.

    title: Café &amp; Bar   # oglint: disable=ENT002          (front matter: a comment on the value's line)
    <meta property="og:url" content="…"> <!-- oglint: disable=URL012,URL010 -->          (HTML)
    # oglint: disable-next-line=URL012        the line after the comment
    # oglint: disable-file=ENT                the whole file

Codes may be prefixes (`URL`, `ENT00`). A finding is suppressed when a directive for its code is on a line
its span covers (`disable`), on the line before its first line (`disable-next-line`), or anywhere
(`disable-file`). In front matter only the metadata block is searched (a `#` in a Markdown body is a
heading); in HTML the whole page, for `<!-- -->` comments (a `#` there is text: `/docs#oglint:x`). Text
inside a value is never a directive.

Each directive item that suppressed nothing is reported by FM014 (rules/suppressions.py): that rule yields a
candidate for every item, and `apply` (per document, in the runner) keeps the candidates of the items no
finding used. FM014 also reports each comment addressed to oglint that is not a directive (`malformed`: a
misspelt one would silence nothing without a word). Cross-document findings exist only after the whole run:
`apply_corpus` then drops those a directive covers, and the candidates of the items they used, reading
again only the files that have such findings and a directive.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Callable, Iterable, Iterator

from oglint.model import Document, Finding, Span

UNUSED_CODE = "FM014"
_DIRECTIVE = re.compile(
    r"(?:#|<!--)[ \t]*oglint:[ \t]*(disable-next-line|disable-file|disable)[ \t]*=[ \t]*"
    r"([A-Za-z0-9]+(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*)"
)
_ITEM = re.compile(r"[A-Za-z0-9]+")
# Where every directive starts, and comments meant as one that are not (`# oglint : disable=X`, a typo)
_ADDRESSED = re.compile(r"(?:#|<!--)[ \t]*(oglint)[ \t]*:")
_HTML_ADDRESSED = re.compile(r"<!--[ \t]*(oglint)[ \t]*:")  # in HTML a `#` is text (`/docs#oglint:x`)
_REST_OF_COMMENT = re.compile(r"[^\r\n]*?(?=[ \t]*(?:-->|[\r\n]|\Z))")


@dataclass(frozen=True)
class Item:
    """One code (or prefix) of one directive, with where it is written (for FM014)."""

    path: str
    kind: str  # "disable", "disable-next-line" or "disable-file"
    code: str
    line: int  # the directive's line
    span: Span  # the code's own text in the comment

    def covers(self, finding: Finding) -> bool:
        if not finding.code.startswith(self.code) or finding.code == UNUSED_CODE:
            return False
        if self.kind == "disable-file":
            return True
        line = self.line + 1 if self.kind == "disable-next-line" else self.line
        return finding.span.line <= line <= finding.span.end_line


def items(doc: Document) -> Iterator[Item]:
    """Every directive item in the document, in order."""
    for m in doc.derived(_addressed):
        directive = _DIRECTIVE.match(doc.text, m.start())
        if directive is None:
            continue
        line = doc.index.position(m.start())[0]
        for code in _ITEM.finditer(directive.group(2)):
            start = directive.start(2) + code.start()
            yield Item(doc.path, directive.group(1), code.group().upper(), line,
                       doc.index.span(start, start + len(code.group())))


def malformed(doc: Document) -> Iterator[Span]:
    """Where comments addressed to oglint are not a directive it reads (`disabel=`, `disable ENT002`, an
    empty list): from `oglint` to the end of the comment. Such a comment silences nothing."""
    for m in doc.derived(_addressed):
        if _DIRECTIVE.match(doc.text, m.start()) is None:
            rest = _REST_OF_COMMENT.match(doc.text, m.end())
            yield doc.index.span(m.start(1), rest.end() if rest else m.end())


def _addressed(doc: Document) -> list[re.Match[str]]:
    """Comments that start `oglint:` (`# oglint:` in front matter, `<!-- oglint:` in HTML), in order; through
    `doc.derived`, so FM014's two questions and `apply` search the text once."""
    end = len(doc.text) if doc.is_html or not doc.body_start else doc.body_start
    if doc.text.find("oglint", 0, end) < 0:  # every such comment holds it: most documents have none
        return []
    # Text inside a value (`title: "a # oglint: …"`) is not a comment.
    values = [(f.start, f.start + len(f.raw)) for f in doc.fields]
    return [m for m in (_HTML_ADDRESSED if doc.is_html else _ADDRESSED).finditer(doc.text, 0, end)
            if not any(start <= m.start() < stop for start, stop in values)]


def apply(doc: Document, findings: list[Finding], active: Iterable[str]) -> list[Finding]:
    """Drop the findings a directive covers; keep the FM014 candidates of the items nothing used. `active` are
    the codes of the rules that ran. Runs per document, so its result can be cached like any finding."""
    active = frozenset(active)  # the runner's own frozenset is not copied
    if UNUSED_CODE in active and not any(f.code == UNUSED_CODE for f in findings):
        return findings  # FM014 ran and found no directive item: no need to look again (28 µs on a page)
    found = list(items(doc))
    if not found:
        return findings
    used: set[Item] = set()
    kept: list[Finding] = []
    candidates: dict[Span, Finding] = {}
    spans = {i.span for i in found}
    for f in findings:
        if f.code == UNUSED_CODE and f.path == doc.path and f.span in spans:
            candidates[f.span] = f
            continue
        covering = [i for i in found if i.covers(f)]
        used.update(covering)
        if not covering:
            kept.append(f)
    for item in found:
        candidate = candidates.get(item.span)
        if item in used or candidate is None:
            continue
        ran = any(code.startswith(item.code) for code in active)
        kept.append(candidate if ran else _not_run(candidate, item))
    return kept


def _not_run(candidate: Finding, item: Item) -> Finding:
    return dataclasses.replace(candidate, message=f"{candidate.message} ({item.code} is not a rule that ran: "
                                                  "unknown, or not selected)")


def apply_corpus(findings: Iterable[Finding], corpus: Iterable[str], read: Callable[[str], Document | None]
                 ) -> Iterator[Finding]:
    """The same for cross-document findings, after the whole run (they do not exist before): drop those a
    directive covers, and the FM014 candidates of the items they used. `findings` come in position order, so
    one document is read at a time; `corpus` are the codes of the cross-document rules; `read(path)` gives a
    document again, or None when its text holds no directive (only files with cross-document findings are
    asked for)."""
    corpus = frozenset(corpus)
    for path, same_file in groupby(findings, key=attrgetter("path")):
        group = list(same_file)
        doc = read(path) if any(f.code in corpus for f in group) else None
        found = list(items(doc)) if doc is not None else []
        if not found:
            yield from group
            continue
        used: set[Item] = set()
        kept = []
        for f in group:
            covering = [i for i in found if i.covers(f)] if f.code in corpus else []
            used.update(covering)
            if not covering:
                kept.append(f)
        spent = {i.span for i in used}
        yield from (f for f in kept if f.code != UNUSED_CODE or f.span not in spent)

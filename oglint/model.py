"""The data every stage shares: source positions, fields, documents, problems and findings."""

from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Iterable, TypeVar

T = TypeVar("T")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


_BY_VALUE = {s.value: s for s in Severity}  # Severity(value) costs an Enum call per decoded value


# Findings and spans are kept for the whole run (100,000 documents make ~1 million): __slots__ makes each
# about a third of its size. Python 3.10's frozen slotted dataclasses do not unpickle (bpo-45897), and
# worker processes pickle findings, so 3.10 goes without.
COMPACT = {"slots": True} if sys.version_info >= (3, 11) else {}


@dataclass(frozen=True, order=True, **COMPACT)
class Span:
    """1-based (line, column) start and end in the original file; the end is exclusive. Columns count
    Unicode code points, after a leading BOM (which editors do not show)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), for encoders."""
        return self.line, self.column, self.end_line, self.end_column


class LineIndex:
    """Maps character offsets in a text to 1-based line/column. Lines end at LF, CR LF or a lone CR.

    Line starts are found only as far as asked: positions are wanted in the metadata, near the top, and
    scanning a long Markdown body for nothing cost a tenth of reading a document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        # The next LF and CR not yet passed (-1: none left). Each is searched again only once passed, so that
        # a text without CR is not rescanned per line. (str.splitlines() also splits on VT, FF, U+2028…,
        # which editors, YAML and SARIF consumers do not count as line breaks.)
        self._lf, self._cr = text.find("\n"), text.find("\r")

    def _next(self) -> bool:
        """Find the next line start; False at the end of the text."""
        lf, cr = self._lf, self._cr
        if lf < 0 and cr < 0:
            return False
        if cr < 0 or (0 <= lf < cr):
            i = lf + 1
        else:
            i = cr + 2 if self.text.startswith("\r\n", cr) else cr + 1
        self.starts.append(i)
        if 0 <= lf < i:
            self._lf = self.text.find("\n", i)
        if 0 <= cr < i:
            self._cr = self.text.find("\r", i)
        return True

    def position(self, offset: int) -> tuple[int, int]:
        while self.starts[-1] <= offset and self._next():
            pass
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.position(start), *self.position(max(start, end)))

    def start(self, line: int) -> int | None:
        """The offset where a 1-based line starts, or None past the last line."""
        while len(self.starts) < line and self._next():
            pass
        return self.starts[line - 1] if 1 <= line <= len(self.starts) else None

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line/column (clamped to the text's lines)."""
        self.start(line)
        line = min(max(line, 1), len(self.starts))
        return self.starts[line - 1] + column - 1

    def excerpt(self, span: Span) -> str:
        """The text inside a span: the offending value of a finding ("" for a span past the text's end)."""
        return self.text[self._within(span.line, span.column):self._within(span.end_line, span.end_column)]

    def _within(self, line: int, column: int) -> int:
        start = self.start(line)
        return len(self.text) if start is None else min(start + column - 1, len(self.text))


class Field:
    """One metadata value. `name` is canonical (`og:image:width`, `twitter:card`, `title`, `canonical`…),
    `key` the name as written, `value` the parsed value (YAML/TOML/JSON typed, HTML decoded once), `raw` the
    source text of the value and `start` its character offset in the document text (so a rule can point at
    a part of the value). `attrs` holds an HTML element's other attributes (e.g. `hreflang`).

    `span` is where the value is (raw's extent), or given otherwise (an HTML tag without a value points at
    the tag). Readers may pass the document's LineIndex instead: the span is then worked out when a rule
    first asks, as most fields never get a finding (two bisections and a Span for each of ~30 fields a
    document were a sixth of reading it)."""

    __slots__ = ("name", "value", "raw", "start", "key", "attrs", "_span", "_index")

    def __init__(self, name: str, value: Any, raw: str, start: int, span: Span | None = None, key: str = "",
                 attrs: dict[str, str] | None = None, *, index: LineIndex | None = None) -> None:
        if span is None and index is None:
            raise TypeError("a Field needs its span or the LineIndex to work it out")
        self.name, self.value, self.raw, self.start, self.key, self.attrs = name, value, raw, start, key, attrs
        self._span, self._index = span, index

    @property
    def span(self) -> Span:
        if self._span is None:
            assert self._index is not None
            self._span = self._index.span(self.start, self.start + len(self.raw))
        return self._span

    def renamed(self, name: str) -> Field:
        """The same value under another canonical name (a generator preset's fallback)."""
        return Field(name, self.value, self.raw, self.start, self._span, self.key, self.attrs, index=self._index)

    @property
    def text(self) -> str:
        """The value as a string (None and other scalars included), for rules that read text; a boolean as
        templates print it (`true`, as Liquid and Go templates do, not Python's `True`)."""
        if isinstance(self.value, str):
            return self.value
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return "" if self.value is None else str(self.value)

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.value!r}, raw={self.raw!r}, span={self.span})"


@dataclass(frozen=True, **COMPACT)  # corpus rules keep one per document and key until the run ends
class Problem:
    """What a rule reports; the runner adds the rule's code, name and severity to make a Finding."""

    message: str
    span: Span
    severity: Severity | None = None  # None: the rule's configured severity
    related: tuple[str, ...] = ()  # other documents involved (corpus rules)

    def values(self) -> tuple:
        """The problem as plain values, for the cache, worker results and spilled corpus keys (a subclass's
        own fields are not in them); `of_values` builds it again."""
        return (self.message, *self.span.bounds, self.severity and self.severity.value, self.related)

    @classmethod
    def of_values(cls, message: str, line: int, column: int, end_line: int, end_column: int,
                  severity: str | None, related: Iterable[str]) -> Problem:
        return cls(message, Span(line, column, end_line, end_column), severity and _BY_VALUE[severity],
                   tuple(related))


@dataclass(frozen=True, **COMPACT)
class Finding:
    path: str
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fixable: bool = False
    related: tuple[str, ...] = ()
    # The source text inside the span, taken while the document is at hand (fingerprints and the baseline
    # match on it, so reports need not read files again); None: not taken (cross-document findings).
    excerpt: str | None = None

    def values(self) -> tuple:
        """The finding but its path as plain values (its file's path is stored or sent once); `of_values`
        builds it again."""
        return (self.code, self.name, self.severity.value, self.message, *self.span.bounds, self.fixable,
                self.related, self.excerpt)

    @classmethod
    def of_values(cls, path: str, code: str, name: str, severity: str, message: str, line: int, column: int,
                  end_line: int, end_column: int, fixable: bool, related: Iterable[str],
                  excerpt: str | None) -> Finding:
        return cls(path, code, name, _BY_VALUE[severity], message, Span(line, column, end_line, end_column),
                   bool(fixable), tuple(related), excerpt)

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)


@dataclass(frozen=True)
class ReadProblem:
    """A reason a file could not be read as a document (syntax error, not UTF-8, binary…). The reader
    records it with the code of the rule that reports it; the rule turns it into a finding."""

    code: str
    message: str
    span: Span


@dataclass(eq=False)
class Document:
    path: str
    kind: str  # "yaml", "toml", "json" (front matter) or "html"
    text: str
    index: LineIndex
    fields: list[Field] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    anchor: Span = Span(1, 1, 1, 1)  # where document-wide findings point: the metadata block's opening
    body: str = ""  # text after the front matter (front matter) or "" (HTML)
    body_start: int = 0  # character offset of the body in `text`
    fence: str = ""  # how the front matter was fenced: "```" (or more backticks), "---", "+++", "{" (JSON), "" (HTML)
    outside_head: list[Field] = field(default_factory=list)  # HTML metadata tags found after the head
    generator: str = ""  # the generator preset front matter was read with ("jekyll"…), "" when read as written
    generated: frozenset[str] = frozenset()  # what that generator writes itself (presets.Preset.writes)
    # by_name()'s index and the field count it was built for (rules ask ~90 times a document), and what
    # derived() worked out for that same list of fields
    _index: dict[str, list[Field]] = field(default_factory=dict, init=False, repr=False)
    _indexed: int = field(default=-1, init=False, repr=False)
    _derived: dict[Callable[[Document], Any], Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def is_html(self) -> bool:
        return self.kind == "html"

    @property
    def input(self) -> str:
        """The catalogue's input letter: H (HTML) or F (front matter); X for a file that could not be read
        into any field, which only the rules reporting why (FM001, FM008…) look at."""
        if self.problems and not self.fields:
            return "X"
        return "H" if self.is_html else "F"

    def by_name(self) -> dict[str, list[Field]]:
        """Canonical name -> the fields of that name, in document order (names in order of first appearance).
        Built once; rebuilt if a reader adds fields afterwards."""
        if self._indexed != len(self.fields):
            index: dict[str, list[Field]] = {}
            for f in self.fields:
                index.setdefault(f.name, []).append(f)
            self._index, self._indexed, self._derived = index, len(self.fields), {}
        return self._index

    def derived(self, fn: Callable[[Document], T]) -> T:
        """fn(self), worked out once per document: for what several rules derive from the same fields (the
        URL fields, say). `fn` must depend on the document alone."""
        if self._indexed != len(self.fields):
            self.by_name()
        try:
            return self._derived[fn]
        except KeyError:
            value = self._derived[fn] = fn(self)
            return value

    def all(self, name: str) -> list[Field]:
        return list(self.by_name().get(name, ()))

    def first(self, name: str) -> Field | None:
        # the index without a call to by_name() when it is current: rules ask ~50 times a document
        index = self._index if self._indexed == len(self.fields) else self.by_name()
        found = index.get(name)
        return found[0] if found else None

    def value(self, name: str) -> str:
        """The first field's value as stripped text, or "" when absent."""
        f = self.first(name)
        return f.text.strip() if f else ""

    def problem(self, message: str, where: Field | Span | None = None, *, severity: Severity | None = None) -> Problem:
        """A problem at a field's value, at a span, or (None) at the document's anchor."""
        span = where.span if isinstance(where, Field) else where or self.anchor
        return Problem(message, span, severity)

    def problem_in(self, f: Field, start: int, end: int, message: str) -> Problem:
        """A problem at raw[start:end] of a field's value (e.g. one entity inside a long description)."""
        return Problem(message, self.index.span(f.start + start, f.start + end))

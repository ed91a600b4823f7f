"""The text behind findings, read again after the run: the source lines the text report shows, and the
offending text of the findings that did not take it at lint time (cross-document ones: the runner has them
take it once they are resolved), for SARIF snippets, fingerprints and the baseline (which match findings by
the offending text, not by line).

Only files with findings are read; a file that could not be read during the run is not read again. The last
few files read are kept: reporters go through the findings path by path, so each file is read once per
report while memory stays flat however large the corpus. Decoding follows the readers: UTF-8, BOM not
counted, lines end at LF, CR LF or a lone CR.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os

from oglint.model import Finding, LineIndex

# Findings that mean the file's text is not available (or must not be read: FIFOs, oversized files).
UNREADABLE = frozenset({"FM008", "FM009", "FM013"})
_KEPT = 64  # files whose text is kept for the next look-up


class Sources:
    def __init__(self, stdin: tuple[str, bytes] | None = None, max_bytes: int = 10 * 1024 * 1024) -> None:
        self._stdin = stdin
        self._max = max_bytes
        self._cache: dict[str, LineIndex] = {}  # the most recently used files, oldest first

    def _load(self, path: str) -> LineIndex:
        if path in self._cache:
            self._cache[path] = self._cache.pop(path)  # now the most recent
        else:
            if len(self._cache) >= _KEPT:  # keep a few files, not the corpus: reporters go through findings
                del self._cache[next(iter(self._cache))]  # path by path, so the oldest is done with
            if self._stdin is not None and path == self._stdin[0]:
                data = self._stdin[1]
            else:
                try:
                    data = _read(path, self._max)
                except OSError:
                    data = b""
            self._cache[path] = LineIndex(data.decode("utf-8", "replace").removeprefix("\ufeff"))
        return self._cache[path]

    def text(self, path: str) -> str:
        """A file's whole text ("" when it cannot be read)."""
        return self._load(path).text

    def readable(self, finding: Finding) -> bool:
        return finding.code not in UNREADABLE

    def line(self, finding: Finding) -> str:
        """The finding's first source line, without its line end ("" when not available)."""
        if not self.readable(finding):
            return ""
        source = self._load(finding.path)
        start = source.start(finding.span.line)
        if start is None:
            return ""
        end = source.start(finding.span.line + 1)
        return source.text[start:end].rstrip("\r\n")

    def excerpt(self, finding: Finding) -> str:
        """The source text inside the finding's span: the offending value ("" when not available). Taken at
        lint time for most findings; read from the file for the others."""
        if finding.excerpt is not None:
            return finding.excerpt
        if not self.readable(finding):
            return ""
        return self._load(finding.path).excerpt(finding.span)


def _read(path: str, limit: int) -> bytes:
    """The file's first `limit` bytes. read(limit) would allocate `limit` bytes up front (10 MB: ~35 µs a
    file), so read the size the file has, and one more byte, which tells a file that grew since."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(min(size, limit) + 1)
        if size < len(data) <= limit:
            data += fh.read(limit - len(data))
    return data[:limit]


def with_excerpt(finding: Finding, sources: Sources) -> Finding:
    """The finding with its offending text, taken from `sources` if it came without (cross-document ones)."""
    return finding if finding.excerpt is not None else dataclasses.replace(finding, excerpt=sources.excerpt(finding))


class Fingerprints:
    """A stable identity per finding: a hash of path, code, the offending text and its occurrence among
    findings with the same three, so moving unrelated lines leaves it unchanged. Findings come file by file
    (a file's cross-document findings come later, but under codes of their own), so occurrences are counted
    for the current file only: memory stays flat."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.path = ""
        self.seen: dict[tuple[str, str, str], int] = {}

    def of(self, f: Finding) -> str:
        if f.path != self.path:
            self.path, self.seen = f.path, {}
        excerpt = f.excerpt if f.excerpt is not None else self.sources.excerpt(f)
        key = (f.code, excerpt)  # the path is the current one
        self.seen[key] = n = self.seen.get(key, 0) + 1
        text = f"{f.path}\0{f.code}\0{excerpt}\0{n}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]

"""Readers: bytes of one file → a Document, whatever the input kind.

Nothing here raises on bad input: an unreadable file becomes a Document with a ReadProblem, which the FM
rules report, and the run goes on.
"""

from __future__ import annotations

from oglint import presets
from oglint.model import Document, LineIndex, ReadProblem, Span
from oglint.readers import frontmatter, html

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
BOM = "\ufeff"


def read_document(path: str, data: bytes, preset: str = "default") -> Document:
    """Parse one file's bytes. `path` is the display path; its suffix picks the reader; `preset` names the
    front-matter field mapping (oglint.presets)."""
    text, problem = _decode(data)
    if problem:
        return _unreadable(path, problem)
    if text.startswith(BOM):
        text = text[1:]  # positions are counted after the BOM, as editors show them
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        return _unreadable(path, ReadProblem("FM010", "the file is empty" if not text else
                                             "the file holds only white space", Span(1, 1, 1, 1)))
    if path.lower().endswith(HTML_SUFFIXES) and not frontmatter.fenced(text):
        return html.read(path, text)
    return frontmatter.read(path, text, presets.get(preset))


def read_failure(path: str, code: str, message: str) -> Document:
    """A Document for a file that could not even be opened or was refused (size, type)."""
    return _unreadable(path, ReadProblem(code, message, Span(1, 1, 1, 1)))


def _unreadable(path: str, problem: ReadProblem) -> Document:
    return Document(path, "none", "", LineIndex(""), problems=[problem])


def _decode(data: bytes) -> tuple[str, ReadProblem | None]:
    """The text of a UTF-8 file, or "" and why it cannot be read as text (decoded once: a page is ~50 µs)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", ReadProblem("FM008", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as "
                               "UTF-8", Span(1, 1, 1, 2))
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line, column = _byte_position(data, nul)
        return "", ReadProblem("FM009", f"the file looks binary (a NUL byte at line {line}, column {column})",
                               Span(line, column, line, column + 1))
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        return "", ReadProblem(
            "FM008",
            f"the file is not valid UTF-8: byte 0x{data[exc.start]:02X} at line {line}, column {column} "
            "(Latin-1 or Windows-1252?); save it as UTF-8",
            Span(line, column, line, column + 1),
        )


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line/column of a byte offset, counting characters of the valid text before it."""
    before = data[:offset].decode("utf-8", "replace").removeprefix(BOM)
    return LineIndex(before).position(len(before))

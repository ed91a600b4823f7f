"""FM: files that cannot be read as documents. The readers record why; these rules report it."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint.model import Document, Problem, Severity
from oglint.registry import rule

ANY = "HFX"  # these rules also look at documents that could not be read into any field


def _read_problems(doc: Document, code: str) -> Iterator[Problem]:
    return (Problem(p.message, p.span) for p in doc.problems if p.code == code)


@rule("FM001", "fm-parse", Severity.ERROR, inputs=ANY)
def fm_parse(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports front matter that cannot be parsed: a YAML, TOML or JSON syntax error, a block that is never
    closed, a duplicate key, or a value the safe loader refuses (a tag that would build an object).

    ## Why is this bad?
    A site generator either stops the build or, worse, reads something else than what was written: PyYAML
    silently keeps only the last of two duplicate keys, so `title` may not be the title you see first.

    ## Example
    ```yaml
    title: "Unclosed quote
    og:
      title: Hello
    ```

    ## Use instead
    ```yaml
    title: "Closed quote"
    og:
      title: Hello
    ```
    """
    return _read_problems(doc, "FM001")


@rule("FM008", "file-not-utf8", Severity.ERROR, inputs=ANY)
def file_not_utf8(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a file that is not valid UTF-8 (with or without a BOM), naming the first bad byte's position.

    ## Why is this bad?
    Site generators and crawlers read pages as UTF-8; a Latin-1 or Windows-1252 file turns `é` into `�` or
    into mojibake in every share card built from it.

    ## Example
    ```bytes
    b"---\\ntitle: Caf\\xe9\\n---\\n"
    ```

    ## Use instead
    ```bytes
    b"---\\ntitle: Caf\\xc3\\xa9\\n---\\n"
    ```
    """
    return _read_problems(doc, "FM008")


@rule("FM009", "file-binary", Severity.ERROR, inputs=ANY)
def file_binary(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a file that looks binary (it holds a NUL byte near its start) and is therefore not read.

    ## Why is this bad?
    A binary file with a document's name (an image saved as `.md`, a corrupted download) publishes nothing
    useful and usually means a broken export or checkout.

    ## Example
    ```bytes
    b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR"
    ```

    ## Use instead
    ```bytes
    b"---\\ntitle: A page\\n---\\n"
    ```
    """
    return _read_problems(doc, "FM009")


@rule("FM010", "file-empty", Severity.WARNING, inputs=ANY)
def file_empty(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a document file that is empty or holds only white space.

    ## Why is this bad?
    An empty page is published with no title and no share card; it is usually a failed export or a
    placeholder left behind.

    ## Example
    ```bytes
    b"  \\n\\n"
    ```

    ## Use instead
    ```bytes
    b"---\\ntitle: A page\\n---\\nSome text.\\n"
    ```
    """
    return _read_problems(doc, "FM010")


@rule("FM011", "no-metadata", Severity.WARNING, inputs=ANY)
def no_metadata(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a text document with no metadata block at its top: no ```` ```yaml ```` fence, no `---` YAML, no
    `+++` TOML and no leading JSON object, or a block with nothing in it.

    ## Why is this bad?
    Without front matter the page gets no title, URL or share card of its own; the generator falls back to
    defaults, and crawlers to guesses.

    ## Example
    ```bytes
    b"Just some text, no front matter.\\n"
    ```

    ## Use instead
    ```bytes
    b"---\\ntitle: A page\\n---\\nJust some text.\\n"
    ```
    """
    return _read_problems(doc, "FM011")


@rule("FM012", "fm-limits", Severity.ERROR, inputs=ANY)
def fm_limits(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports front matter that goes past oglint's safety bounds: nesting deeper than 64 levels, more than
    20,000 values, more than 160,000 keys, values and collections, or aliases that repeat more than 1,000
    of them in all (a YAML "billion laughs" alias bomb, in a few lines). The front matter is then not
    read. An HTML head with more than 20,000 metadata tags is reported the same way, and so are a front
    matter with more than 100 problems (the rest are counted, not listed) and a TOML front matter over 1 MB
    (TOML is read by a slow, pure-Python parser).

    ## Why is this bad?
    Real page metadata is small. Structures like these hang or exhaust the memory of the tools that expand
    them — site generators, CMS importers, other linters.

    ## Example
    ```yaml
    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    ```

    ## Use instead
    ```yaml
    base: &base [a, b, c]
    again: *base
    ```
    """
    return _read_problems(doc, "FM012")


@rule("FM013", "file-unreadable", Severity.ERROR, inputs=ANY)
def file_unreadable(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports a path that could not be read: permission denied, a broken link, something that is not a
    regular file (a FIFO or a device), or a file over the size limit (`max-file-size`, 10 MB by default).
    A symlink that loops, a folder that cannot be listed and stdin over the size limit are reported the
    same way. FIFOs and devices are never opened (reading one could block or never end).

    ## Why is this bad?
    A document that cannot be read cannot be checked; saying so beats passing it silently.

    ## Example
    ```console
    $ mkfifo page.md && oglint check page.md
    page.md:1:1: FM013 not a regular file (a FIFO, device or socket): not read
    ```

    ## Use instead
    A regular, readable file under the size limit, or exclude the path in the configuration.
    """
    return _read_problems(doc, "FM013")

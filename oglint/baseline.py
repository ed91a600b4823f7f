"""Baselines, for adopting oglint on an existing corpus: `--write-baseline FILE` records today's findings,
`--baseline FILE` then reports only findings that are not in it.

A finding is identified by its path, its code and the offending text (the source inside its span), never by
its line: editing elsewhere in the file, or moving the value, keeps it matched. The same (path, code, text)
may be recorded several times; that many findings are then absorbed. Paths are stored relative to the
baseline file's folder, so the baseline works from any working folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from oglint.discovery import real_path
from oglint.model import Finding
from oglint.sources import Sources

VERSION = 1
Key = tuple[str, str, str]


class BaselineError(Exception):
    pass


def _key(f: Finding, sources: Sources, base: Path) -> Key:
    return (_relative(f.path, base), f.code, sources.excerpt(f))


def _relative(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(real_path(path), real_path(base))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def write(path: Path, findings: list[Finding], sources: Sources) -> int:
    base = real_path(path).parent
    entries = [{"path": p, "code": c, "text": t, "message": f.message}
               for f in findings for p, c, t in [_key(f, sources, base)]]
    entries.sort(key=lambda e: (e["path"], e["code"], e["text"]))
    data = {"oglint-baseline": VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(entries)


def load(path: Path) -> Counter[Key]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("oglint-baseline") != VERSION:
            raise BaselineError(f"{path}: not an oglint baseline (version {VERSION})")
        return Counter((e["path"], e["code"], e["text"]) for e in data["findings"])
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{path}: not an oglint baseline: {exc}") from None


def new_findings(findings: Iterable[Finding], baseline: Counter[Key], path: Path, sources: Sources
                 ) -> Iterator[Finding]:
    """The findings the baseline does not absorb, in order, as they come."""
    base = real_path(path).parent
    left = Counter(baseline)
    for f in findings:
        key = _key(f, sources, base)
        if left[key] > 0:
            left[key] -= 1
        else:
            yield f

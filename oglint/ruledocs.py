"""The README's rule table, generated from the registry (the same docstrings feed `oglint rule CODE` and
SARIF help). `python -m oglint.ruledocs README.md` rewrites the table between its markers; a test keeps
the committed README in sync."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from oglint.registry import Registry, load_registry

BEGIN, END = "<!-- rules-table:begin -->", "<!-- rules-table:end -->"
INPUTS = {"H": "HTML", "F": "front matter", "X": "unreadable files"}


def rules_table(registry: Registry) -> str:
    rows = ["| code | name | severity | input | fix | what it checks |", "|---|---|---|---|---|---|"]
    for r in registry.sorted():
        inputs = ", ".join(INPUTS[c] for c in r.inputs if c in INPUTS)
        if r.corpus:
            inputs = "across documents"
        summary = r.summary.replace("|", "\\|")
        rows.append(f"| <a id=\"{r.code.lower()}\"></a>{r.code} | `{r.name}` | {r.severity.value} | {inputs} | "
                    f"{'yes' if r.fixable else ''} | {summary} |")
    return "\n".join(rows)


def with_table(readme: str, table: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {BEGIN} … {END} markers")
    return pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", readme)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "README.md")
    registry = load_registry()
    path.write_text(with_table(path.read_text(encoding="utf-8"), rules_table(registry)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

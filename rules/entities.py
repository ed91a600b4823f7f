"""ENT: HTML character references where they do not belong — left escaped in front matter, escaped twice
in HTML (RULES.md §1.8: decode once, then look only for `;`-terminated references)."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from oglint.model import Document, Problem, Severity
from oglint.registry import rule
from oglint.rulekit import URL_PROPERTIES, entity_residue, listing


@rule("ENT002", "entity-in-plain-source", Severity.WARNING, inputs="F", fixable=True)
def entity_in_plain_source(doc: Document, options: Mapping[str, Any]) -> Iterator[Problem]:
    """## What it does
    Reports HTML character references (`&amp;`, `&#39;`, `&rsquo;`) in front-matter values. Only
    `;`-terminated references count, so `R&D`, `AT&T` and `this&that` are fine. URL values are left to
    URL010.

    ## Why is this bad?
    Front matter is plain text: the template escapes it when it writes the HTML, so `Fire &amp; Rescue`
    reaches the share card as `Fire &amp;amp; Rescue` and shows the entity to readers. Open Graph strings
    carry "no escape characters" (ogp.me).

    ## Example
    ```yaml
    og:
      description: "Fire &amp; Rescue Services"
    ```

    ## Use instead
    ```yaml
    og:
      description: "Fire & Rescue Services"
    ```
    """
    for f in doc.fields:
        if f.name in URL_PROPERTIES:
            continue
        found = entity_residue(doc, f)
        if found:
            start, end, _ = found[0]
            yield doc.problem_in(f, start, end, f"{f.name} holds {listing(t for _, _, t in found)} left escaped: front matter "
                                 "is plain text and the template will escape it again")


"""Rules and the plugin host.

A rule is a function decorated with `@rule(...)`: it takes a Document and its options and yields Problems.
A corpus rule (`@corpus_rule`) yields (key, Problem) pairs per document instead; documents that share a key
are grouped after the whole run, so corpus rules work however documents are processed. A whole-site rule
(`whole_site=True`) gives every document the same key and judges the run as a whole: its members come as a
stream, read again from disk on each pass over them, so that memory does not grow with the site.

Rules reach oglint through the entry-point group `oglint.rules`. An entry point names a module or a package;
a package's submodules are imported one by one. A module that fails to import is reported and skipped, the
others still load. The built-in rules are the package `oglint.rules`, registered the same way.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType, ModuleType
from typing import Any, Callable, Hashable, Iterable, Mapping

from oglint.model import Document, Problem, Severity

ENTRY_POINT_GROUP = "oglint.rules"
# How many other documents a corpus finding lists in `related`: naming all of them in each of n findings
# is n² paths (10,000 pages sharing a boilerplate title: 100 million).
RELATED_LIMIT = 50
DOC_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")
_CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

CheckFn = Callable[[Document, Mapping[str, Any]], Iterable[Problem]]
KeyFn = Callable[[Document, Mapping[str, Any]], Iterable[tuple[Hashable, Problem]]]
# members: a list of (path, problem), or for a whole-site rule a stream of them that can be iterated again
ResolveFn = Callable[[Hashable, Iterable[tuple[str, Problem]], Mapping[str, Any]], Iterable[tuple[str, Problem]]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Callable[..., Iterable[Any]]
    inputs: str = "HF"  # which documents it reads: H (HTML), F (front matter), X (unreadable: see Document.input)
    fixable: bool = False
    online: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    corpus: bool = False
    # corpus rules only: turns one key's group [(path, problem), ...] into findings; default: every member of a
    # group of two or more documents, naming the others. A group of one member is never resolved (nothing to
    # compare), except for a whole-site rule.
    resolve: ResolveFn | None = None
    # corpus rules only: every document gives the same key, and `resolve` gets its members as a stream it may
    # go through several times (a Replay, not a list): it must keep aggregates, never the members themselves
    whole_site: bool = False
    module: str = ""
    # The field names the rule looks for: when given, the rule finds nothing in a document that has none of
    # them, and the runner does not call it there (most rules concern a few fields; calling all 123 on every
    # document cost more than parsing it). None: the rule is called on every document of its inputs.
    fields: frozenset[str] | None = None

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of 'What it does', for tables and SARIF shortDescription."""
        text = doc_section(self.doc, "What it does")
        first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
        return first or self.name

    def applies_to(self, document: Document) -> bool:
        return document.input in self.inputs


def doc_section(doc: str, heading: str) -> str:
    """The text under `## heading` in a rule's documentation."""
    match = re.search(rf"^## {re.escape(heading)}\s*\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return match.group(1).strip() if match else ""


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    inputs: str = "HF",
    fixable: bool = False,
    online: bool = False,
    options: Mapping[str, Any] | None = None,
    fields: Iterable[str] | None = None,
) -> Callable[[CheckFn], Rule]:
    """Declare a per-document rule: `check(doc, options)` yields Problems. `fields`: see Rule.fields."""

    def wrap(fn: CheckFn) -> Rule:
        return Rule(code, name, severity, fn, inputs, fixable, online, MappingProxyType(dict(options or {})),
                    module=fn.__module__, fields=_names(fields))

    return wrap


def corpus_rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    inputs: str = "HF",
    options: Mapping[str, Any] | None = None,
    resolve: ResolveFn | None = None,
    whole_site: bool = False,
    fields: Iterable[str] | None = None,
) -> Callable[[KeyFn], Rule]:
    """Declare a rule across documents: `check(doc, options)` yields (key, Problem) pairs; see `resolve`,
    `whole_site` and `fields` in Rule."""
    if whole_site and resolve is None:
        raise TypeError(f"{code}: a whole-site rule needs a resolve function (the default one lists members)")

    def wrap(fn: KeyFn) -> Rule:
        return Rule(code, name, severity, fn, inputs, False, False, MappingProxyType(dict(options or {})),
                    corpus=True, resolve=resolve, whole_site=whole_site, module=fn.__module__,
                    fields=_names(fields))

    return wrap


def _names(fields: Iterable[str] | None) -> frozenset[str] | None:
    if fields is None:
        return None
    if isinstance(fields, str):  # fields="og:image" would otherwise be read as its letters
        raise TypeError("fields must be a list of field names, not one string")
    return frozenset(fields)


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # plugins that failed to load, with the reason

    def add_module(self, module: ModuleType) -> None:
        for value in vars(module).values():
            if isinstance(value, Rule):
                problem = self._invalid(value)
                if problem:
                    self.errors.append(f"{module.__name__}: rule {value.code or '?'} skipped: {problem}")
                else:
                    self.rules[value.code] = value

    def _invalid(self, r: Rule) -> str | None:
        if not _CODE.match(r.code):
            return "code must look like ABC123"
        if not _NAME.match(r.name):
            return "name must be kebab-case"
        if r.code in self.rules and self.rules[r.code] is not r:
            return f"code already used by {self.rules[r.code].module}"
        return None

    def load(self, target: str) -> None:
        """Import a module, or a package and each of its submodules, registering their rules."""
        try:
            module = importlib.import_module(target)
        except Exception as exc:  # a broken plugin must not stop the others
            self.errors.append(f"{target}: {_reason(exc)}")
            return
        self.add_module(module)
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            sub = f"{target}.{info.name}"
            try:
                self.add_module(importlib.import_module(sub))
            except Exception as exc:
                self.errors.append(f"{sub}: {_reason(exc)}")

    def sorted(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: _code_key(r.code))


def _code_key(code: str) -> tuple[str, int]:
    return code.rstrip("0123456789"), int(code[len(code.rstrip("0123456789")):] or 0)


def _reason(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"


def load_registry() -> Registry:
    """Every rule from every plugin of the entry-point group, built-ins included."""
    registry = Registry()
    targets = [ep.value.split(":")[0].strip() for ep in entry_points(group=ENTRY_POINT_GROUP)]
    if "oglint.rules" not in targets:  # running from a checkout without installed metadata
        targets.insert(0, "oglint.rules")
    for target in targets:
        registry.load(target)
    return registry


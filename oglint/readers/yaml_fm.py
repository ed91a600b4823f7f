"""YAML front matter: one pass of PyYAML's C composer gives the node tree with positions; each scalar is
then constructed by the safe constructor, so values keep their YAML types (a datetime stays a datetime).

Safety: only the safe constructor runs (tags that would build objects are refused). An alias is read as
the values it repeats (their positions are the anchored text's: the composer keeps none for aliases), and
the tree as read is bounded in depth, values and nodes, so an alias bomb stops at the bound (FM012).

The C composer recurses once per nesting level on the C stack, without Python's recursion check: about
40,000 nested `[` overflow an 8 MB stack and kill the process (a segmentation fault, not a RecursionError).
So a block is composed only when its nesting is bounded by construction (`_nesting_bounded`); any other block is
first read as a stream of events (libyaml's parser keeps its own stacks), which stops at the first level past
MAX_DEPTH or the first value past MAX_LEAVES.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import yaml

from oglint.readers import yaml_fast
from oglint.readers.tree import MAX_DEPTH, MAX_LEAVES, Issue, Leaf, ParseError, PathPart, capped, line_at
from oglint.rulekit import quote

_SAFE_COLLECTION_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("seq", "map", "omap", "pairs", "set"))
_BaseLoader = yaml_fast.SAFE_LOADER


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader with the same tag resolution done in fewer Python calls. libyaml's composer calls back
    into Python three times a node (descend_resolver, resolve, ascend_resolver): the first and last do
    nothing without path resolvers (the safe loader has none), and `resolve` rebuilt its list of candidate
    patterns for every scalar. Composing the generated documents: 80 → 70 µs each."""

    assert not _BaseLoader.yaml_path_resolvers, "path resolvers would need descend/ascend_resolver"

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return yaml_fast.plain_tag(value) if implicit[0] else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


# Blocks up to this size whose nesting bound is at most _SAFE_DEPTH are composed straight away: a few
# thousand C frames are harmless, and such a block holds at most ~30,000 nodes (~0.2 s to compose).
_SMALL_BLOCK = 65_536
_SAFE_DEPTH = 1_000
_BREAKS = "\r\n\x85\u2028\u2029"  # line breaks as libyaml counts them
_MAX_NODES = 8 * MAX_LEAVES  # keys, values and aliases read (by the event scan, and by the walk)
# What aliases may repeat in all: real front matter shares a few defaults; more is a bomb's shape, and each
# value repeated repeats its findings, at the same place.
_MAX_REPEATED = 1_000


def leaves(block: str) -> tuple[list[Leaf], list[Issue]]:
    """The block's leaves, and the problems that did not stop the reading (duplicate keys, refused values)."""
    fast = yaml_fast.leaves(block)  # the common simple shape, read exactly as below but ~3 times faster
    if fast is not None:
        return fast
    if len(block) > _SMALL_BLOCK or not _nesting_bounded(block):
        _scan(block)
    loader = Loader(block)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        start = mark.index if mark else 0
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml >= 0.2.6 stops at 1,000 levels itself
            raise ParseError("FM012", f"the front matter is nested more than {MAX_DEPTH} levels deep", start,
                             start + 1) from None
        raise ParseError("FM001", f"YAML syntax error: {_describe(exc)}", start, start + 1) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other controls)
        start = _reader_offset(block, exc.position)
        raise ParseError("FM001", f"YAML error: {_describe(exc)}", start, start + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError("FM001", f"YAML error: {_describe(exc)}", 0, 0) from None
    except RecursionError:  # only the pure-Python composer (no libyaml) checks its recursion
        raise ParseError("FM012", "the YAML is nested too deeply to read", 0, 0) from None
    finally:
        loader.dispose()
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        raise ParseError("FM001", f"front matter must be a mapping of keys to values, not a {_kind(root)}",
                         root.start_mark.index, root.end_mark.index)
    walker = _Walker(loader)
    walker.walk(root, ())
    return walker.out, capped(walker.issues)


def _nesting_bounded(block: str, limit: int = _SAFE_DEPTH) -> bool:
    """Whether the block's nesting is at most `limit`, proven in linear time (False: not proven). Each flow
    level opens with `[` or `{`. Each block level starts further right than its parent (a list may share its
    parent mapping's column), and a block list or mapping starts at the beginning of a line's content, after
    nothing but indentation and `- `/`? ` indicators (`- - - x`); so block levels are at most twice the length
    of the longest leading run of spaces, tabs, `-` and `?`, plus two. Half the limit goes to each kind."""
    if block.count("[") + block.count("{") > limit // 2:
        return False
    run = (limit - limit // 2) // 2  # the shortest leading run that could take block levels past the rest
    if run <= 0:
        return False
    at_start, after_break = _lead_runs(run)
    # one search per line break that occurs: a pattern led by a literal is scanned for in C, a character
    # class is not (15 µs a document instead of 2)
    return not at_start.match(block) and not any(p.search(block) for b, p in after_break.items() if b in block)


@lru_cache(maxsize=8)
def _lead_runs(n: int) -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """Patterns for a leading run of `n` spaces, tabs, `-` or `?`: at the start, and after each line break."""
    run = f"[ \t?-]{{{n}}}"
    return re.compile(run), {b: re.compile(re.escape(b) + run) for b in _BREAKS}


def _scan(block: str) -> None:
    """Read the block as events and raise FM012 at the first level past MAX_DEPTH or the first value past
    MAX_LEAVES (values as the walker counts them: not mapping keys). A syntax error is left to the composer,
    which reports it the same way whether or not the block was scanned."""
    loader = Loader(block)
    # Per open collection: -1 for a list; for a mapping 1 when its next node is a key, 0 when a value.
    stack: list[int] = []
    values = nodes = 0
    try:
        while not isinstance(event := loader.get_event(), yaml.StreamEndEvent):
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    stack.pop()
                continue
            is_key = bool(stack) and stack[-1] == 1
            if stack and stack[-1] >= 0:
                stack[-1] ^= 1
            nodes += 1
            if len(stack) > MAX_DEPTH:
                raise _bound(event, f"the front matter is nested more than {MAX_DEPTH} levels deep")
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(1 if isinstance(event, yaml.MappingStartEvent) else -1)
            elif isinstance(event, yaml.ScalarEvent) and not is_key:
                values += 1
            if values > MAX_LEAVES:
                raise _bound(event, f"the front matter holds more than {MAX_LEAVES} values")
            if nodes > _MAX_NODES:
                raise _bound(event, f"the front matter holds more than {_MAX_NODES} keys, values and aliases")
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _bound(event: yaml.Event, message: str) -> ParseError:
    return ParseError("FM012", message, event.start_mark.index, max(event.end_mark.index, event.start_mark.index + 1))


class _Walker:
    def __init__(self, loader: yaml.BaseLoader) -> None:
        self.loader = loader
        self.out: list[Leaf] = []
        self.issues: list[Issue] = []
        self.seen: set[int] = set()  # collections read so far: one met again is reached through an alias
        self.aliased = 0  # > 0 while reading what an alias repeats
        self.nodes = 0  # keys, values, collections and merge items read (aliases expanded)
        self.repeated = 0  # those read again through aliases

    def walk(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        self._tick(node)
        if len(path) > MAX_DEPTH:
            raise self._past(node, f"is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            if len(self.out) >= MAX_LEAVES:
                raise self._past(node, f"holds more than {MAX_LEAVES} values", node.end_mark.index)
            try:
                self.out.append((path, _construct(self.loader, node), node.start_mark.index, node.end_mark.index))
            except ParseError as exc:
                self._issue(exc.args)
            return
        if id(node) in self.seen:  # an alias: read what it repeats, within the bounds
            self.aliased += 1
            try:
                self._collection(node, path)
            finally:
                self.aliased -= 1
            return
        self.seen.add(id(node))
        self._collection(node, path)

    def _collection(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        if node.tag not in _SAFE_COLLECTION_TAGS:  # e.g. !!python/object/apply: never built, not read
            self._issue(("FM001", f"the tag {quote(node.tag)} is refused: front matter may not build objects",
                         node.start_mark.index, node.end_mark.index))
            return
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, path + (i,))
            return
        firsts: dict[str, yaml.Node] = {}
        for key_node, value_node in self._pairs(node):
            self._tick(key_node)
            try:
                key = _key(self.loader, key_node)
            except ParseError as exc:
                self._issue(exc.args)
                continue
            if key in firsts:
                first = line_at(firsts[key].start_mark.index)
                self._issue(("FM001", f"duplicate key {quote(key)} (first at line {first}); YAML readers silently "
                             "keep only the last value", key_node.start_mark.index, key_node.end_mark.index))
            firsts.setdefault(key, key_node)
            self.walk(value_node, path + (key,))

    def _pairs(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """The mapping's pairs, with `<<: *anchor` merge keys expanded in place (YAML 1.1 merge)."""
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for m in merged:
                    self._tick(m)  # an empty mapping merged costs a step too
                    if isinstance(m, yaml.MappingNode):
                        yield from m.value
            else:
                yield key_node, value_node

    def _tick(self, node: yaml.Node) -> None:
        """Count a node read: the bounds hold however aliases multiply what is written."""
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise self._past(node, f"holds more than {_MAX_NODES} keys, values and collections")
        if self.aliased:
            self.repeated += 1
            if self.repeated > _MAX_REPEATED:
                start = node.start_mark.index
                raise ParseError("FM012", f"the front matter's aliases repeat more than {_MAX_REPEATED} keys, values "
                                 "and collections (the shape of an alias bomb)", start, start + 1)

    def _issue(self, issue: Issue) -> None:
        """A problem, unless it comes from text an alias repeats: it was reported when that text was read."""
        if not self.aliased:
            self.issues.append(issue)

    def _past(self, node: yaml.Node, bound: str, end: int | None = None) -> ParseError:
        """FM012 at the node where a bound was passed (in what an alias repeats: the anchored text)."""
        aliases = " once its aliases are expanded (the shape of an alias bomb)" if self.aliased else ""
        start = node.start_mark.index
        return ParseError("FM012", f"the front matter {bound}{aliases}", start, start + 1 if end is None else end)


def _key(loader: yaml.BaseLoader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        value = _construct(loader, node)
        return value if isinstance(value, str) else str(node.value)
    raise ParseError("FM001", f"a {_kind(node)} cannot be a front-matter key",
                     node.start_mark.index, node.end_mark.index)


_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "binary", "timestamp"))


def _construct(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> object:
    if node.tag == _STR:  # most scalars: the safe constructor would return node.value, through four calls
        return node.value
    try:
        if node.tag in _SCALAR_TAGS:  # its constructor, without construct_object's bookkeeping
            return loader.yaml_constructors[node.tag](loader, node)
        return loader.construct_object(node, deep=True)  # other tags: refused, or !!map on a scalar: an error
    except yaml.YAMLError as exc:  # e.g. !!python/object: refused by the safe constructor
        raise ParseError("FM001", f"cannot read the value: {_describe(exc)}",
                         node.start_mark.index, node.end_mark.index) from None
    except (ValueError, OverflowError) as exc:  # e.g. a timestamp like 2024-02-30
        raise ParseError("FM001", f"invalid {node.tag.rsplit(':', 1)[-1]} value {quote(node.value)}: {_reason(exc)}",
                         node.start_mark.index, node.end_mark.index) from None
    except (AttributeError, KeyError, TypeError, IndexError):  # PyYAML's own failures on an explicit tag that
        # does not fit the value: `!!timestamp x` (AttributeError), `!!bool x` (KeyError)
        raise ParseError("FM001", f"invalid {node.tag.rsplit(':', 1)[-1]} value {quote(node.value)}",
                         node.start_mark.index, node.end_mark.index) from None


def _kind(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "scalar", yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}[type(node)]


def _reason(exc: Exception) -> str:
    """The exception's own words, without the value they may repeat whole (float() does, at any length)."""
    return str(exc).split(": '", 1)[0]


def _reader_offset(block: str, position: int) -> int:
    """The character offset of a ReaderError's position, which libyaml counts in bytes of the UTF-8 text."""
    if _BaseLoader is yaml.SafeLoader or block.isascii():
        return position
    return len(block.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _describe(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [exc.context, exc.problem]
        return ", ".join(p for p in parts if p) or str(exc)
    return str(exc).splitlines()[0]

"""Hostile documents: mutations of the real documents in seeds/ and tests/fixtures/, the pathological shapes
of issue #6, and a folder of them with hostile file names, symlink loops and a FIFO.

Everything is deterministic for a given seed, so a failure can be replayed. Used by `run.py` (in-process
fuzzing), `hostile.py` (the whole CLI under a memory limit) and tests/test_hardening.py (smaller versions).
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
SEED_DIRS = (ROOT / "seeds", ROOT / "tests" / "fixtures")
MB = 1024 * 1024

Doc = tuple[str, bytes]  # (file name, content): the suffix picks the reader


def seed_documents() -> list[Doc]:
    return [(p.name, p.read_bytes()) for folder in SEED_DIRS for p in sorted(folder.rglob("*")) if p.is_file()]


def _bit_flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _repeat_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.splitlines(keepends=True) or [b""]
    i = rng.randrange(len(lines))
    return b"".join(lines[:i] + [lines[i]] * rng.choice((2, 10, 500)) + lines[i:])


def _insert(data: bytes, rng: random.Random, what: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + what + data[at:]


def _nul(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, b"\x00")


def _late_nul(data: bytes, rng: random.Random) -> bytes:  # past the binary sniffing window
    return data + b"\n" * 9000 + b"title: \x00\n"


def _bom(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")))


def _yaml_tag(data: bytes, rng: random.Random) -> bytes:
    tags = (b"!!python/object/apply:os.system ['false'] ", b"!!python/name:os.system ", b"!!binary ", b"!!set ",
            b"!!omap ", b"!custom ", b"&a ", b"*a ", b"<<: *a\n", b"!!timestamp ", b"!!int ")
    lines = data.splitlines(keepends=True) or [b""]
    i = rng.randrange(len(lines))
    line = lines[i]
    colon = line.find(b": ")
    lines[i] = line[: colon + 2] + rng.choice(tags) + line[colon + 2:] if colon >= 0 else rng.choice(tags) + line
    return b"".join(lines)


def _crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", rng.choice((b"\r\n", b"\r", b"\n\r")))


def _mixed_newlines(data: bytes, rng: random.Random) -> bytes:
    return b"".join(line.rstrip(b"\r\n") + rng.choice((b"\n", b"\r\n", b"\r")) for line in data.splitlines())


def _tabs(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"  ", b"\t") if rng.random() < 0.5 else _insert(data, rng, b"\t")


def _surrogates(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, rng.choice((b"\xed\xa0\x80", b"&#xD800;", b"\\ud800", b"\\uD800", b"&#0;", b"\xe2\x80\xae")))


def _markup(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, rng.choice((b"<meta", b"<!--", b"<![CDATA[", b"<a<a<a", b"<title>", b"<script>",
                                          b'content="', b"</head>", b"<body>", b"---\n", b"+++\n", b"```\n", b"{")))


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _bit_flip, _truncate, _repeat_lines, _nul, _late_nul, _bom, _yaml_tag, _crlf, _mixed_newlines, _tabs,
    _surrogates, _markup)


def mutated(count: int, seed: int = 0) -> Iterator[Doc]:
    """`count` documents, each a seed document with one to three mutations; the seed's suffix is kept."""
    rng = random.Random(seed)
    seeds = seed_documents()
    for n in range(count):
        name, data = seeds[n % len(seeds)]
        for _ in range(rng.randint(1, 3)):
            data = rng.choice(MUTATIONS)(data, rng)
        stem, dot, suffix = name.rpartition(".")
        yield f"mut-{n:04d}-{stem}.{suffix}" if dot else f"mut-{n:04d}-{name}", data


def giants(scale: float = 1.0) -> Iterator[Doc]:
    """The shapes of issue #6 at full size (scale 1) or smaller. Each is a finding, never a crash."""
    def n(count: int) -> int:
        return max(1, int(count * scale))

    yield "deep-flow-sequence.md", b"---\na: " + b"[" * n(20_000) + b"]" * n(20_000) + b"\n---\n"
    yield "deep-flow-mapping.md", b"---\na: " + b"{a: " * n(20_000) + b"}" * n(20_000) + b"\n---\n"
    yield "nested-mappings.md", b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(n(3_000))) + b"---\n"
    yield "compact-sequences.md", b"---\na:\n" + b"- " * n(100_000) + b"x\n---\n"
    yield "long-line.md", b"---\ntitle: " + b"x" * n(20 * MB) + b"\n---\n"  # over max-file-size: FM013
    yield "long-line-9mb.md", b"---\ntitle: " + b"x" * n(9 * MB) + b"\n---\n"
    yield "many-keys.md", b"---\n" + b"".join(b"k%d: v\n" % i for i in range(n(200_000))) + b"---\n"
    yield "many-keys-json.md", b"{" + b",".join(b'"k%d": 1' % i for i in range(n(200_000))) + b"}\n"
    yield "many-keys-toml.md", b"+++\n" + b"".join(b"k%d = 1\n" % i for i in range(n(200_000))) + b"+++\n"
    yield "duplicate-keys.md", b"---\n" + b"k: v\n" * n(50_000) + b"---\n"
    yield "deep-json.md", b'{"a":' * n(20_000) + b"1" + b"}" * n(20_000) + b"\n"
    yield "deep-toml.md", b"+++\na = " + b"[" * n(20_000) + b"]" * n(20_000) + b"\n+++\n"
    bomb = "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    yield "alias-bomb.md", f"---\na: &a [x, x, x, x, x, x, x, x, x]\n{bomb}---\n".encode()  # 9**9 values if expanded
    yield "unclosed-fence.md", b"---\n" + b"k: v\n" * n(500_000)
    yield "short-lines.md", b"---\ntitle: x\n---\n" + b"\n" * n(9 * MB)
    yield "html-lt.html", b"<head>" + b"<a" * n(1 * MB)
    yield "html-cdata.html", b"<head>" + b"<![CDATA[" * n(200_000)
    yield "html-metas.html", b"<head>" + b'<meta property="og:title" content="x">' * n(100_000) + b"</head>"
    yield "html-body-metas.html", b"<head></head><body>" + b"<!-- x --><meta property=og:title " * n(200_000)
    yield "html-attributes.html", b"<head><meta " + b"a=b " * n(1 * MB) + b">"
    yield "nul-late.md", b"---\ntitle: x\n" + b"a: b\n" * 3000 + b"c: \x00\n---\n"
    yield "bom-middle.md", b"---\ntitle: a\xef\xbb\xbfb\n\xef\xbb\xbfog:\n  title: x\n---\n"


NAMED_DOCUMENT = b"No front matter: one FM011 finding, so that the report shows the file's name.\n"


def hostile_names() -> list[bytes]:
    """File names a report must show without breaking a line or a JSON string (POSIX bytes)."""
    return [b"with space.md", b"new\nline.md", b"not-utf8-\xff\xfe.md", b"esc-\x1b[31m.md", b"bidi-\xe2\x80\xae.md",
            b"cr\rhere.md", b"tab\there.md", b"percent%0A.md", b"colon::error::x.md"]


def write_corpus(folder: Path, count: int, scale: float = 1.0, seed: int = 0) -> int:
    """Write the hostile corpus under `folder`; returns the number of entries made."""
    folder.mkdir(parents=True, exist_ok=True)
    made = 0
    for name, data in [*mutated(count, seed), *giants(scale)]:
        (folder / name).write_bytes(data)
        made += 1
    base = os.fsencode(folder)
    for name in hostile_names():
        with open(os.path.join(base, name), "wb") as fh:
            fh.write(NAMED_DOCUMENT)
        made += 1
    (folder / "loop").mkdir(exist_ok=True)
    _symlink("..", folder / "loop" / "up")  # a folder symlink cycle: not followed
    _symlink("self.md", folder / "self.md")  # a file symlink to itself: FM013
    _symlink("no-such-file.md", folder / "dangling.md")  # FM013
    if hasattr(os, "mkfifo") and not (folder / "fifo.md").exists():
        os.mkfifo(folder / "fifo.md")  # FM013, never opened (opening would block)
    return made + 4


def _symlink(target: str, link: Path) -> None:
    if not link.is_symlink():
        link.symlink_to(target)

"""Field-mapping presets: a realistic document of each generator reads into the card that generator writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from oglint import presets
from oglint.discovery import Candidate
from oglint.readers import read_document
from oglint.runner import run
from oglint.settings import Settings

JEKYLL_POST = """\
---
layout: post
title: "Migrating our docs to Jekyll 4"
description: "What broke, what got faster, and the three plugins we dropped."
date: 2024-03-02 10:15:00 +0100
last_modified_at: 2024-03-09 08:00:00 +0100
author:
  name: Jane Doe
  twitter: janedoe
image:
  path: https://example.org/assets/img/jekyll4.png
  width: 1200
  height: 630
  alt: "The Jekyll logo next to a stopwatch"
canonical_url: https://example.org/blog/jekyll-4/
lang: en_GB
tags: [jekyll, docs]
twitter:
  card: summary_large_image
---
What broke, what got faster, and the three plugins we dropped.
"""

HUGO_POST = """\
+++
title = "Release notes for 0.128"
description = "Faster builds, a new image pipeline and two breaking changes."
date = 2024-06-20T09:00:00+02:00
publishDate = 2024-06-21T08:00:00+02:00
lastmod = 2024-06-25T17:30:00+02:00
images = ["https://example.org/images/release-0128.png", "https://example.org/images/pipeline.png"]
tags = ["release", "hugo"]
draft = false
+++
Faster builds, a new image pipeline and two breaking changes.
"""

HUGO_YAML = """\
---
title: Weekly notes
date: 2024-06-20T09:00:00+02:00
---
Notes.
"""

ASTRO_STARTER = """\
---
title: 'First post'
description: 'What we learned shipping our first Astro site.'
pubDate: 2024-07-08
updatedDate: 2024-07-10
heroImage: 'https://example.com/blog-placeholder-3.jpg'
---
What we learned shipping our first Astro site.
"""

ASTRO_SEO = """\
---
layout: ../layouts/Page.astro
seo:
  title: Pricing
  description: Plans for teams of every size, billed monthly or yearly.
  image: https://example.com/og/pricing.png
  canonical: https://example.com/pricing/
og:
  type: website
---
# Pricing
"""

DEVTO_POST = """\
---
title: How I cut my Docker image from 1.2 GB to 80 MB
published: true
description: Multi-stage builds, distroless bases and a .dockerignore that actually works.
tags: docker, devops, tutorial
cover_image: https://dev-to-uploads.s3.amazonaws.com/uploads/articles/abc123.png
canonical_url: https://janedoe.dev/blog/docker-image-size/
published_at: 2024-02-10 14:00 +0000
---
Multi-stage builds, distroless bases and a .dockerignore that actually works.
"""


def fields(text: str, preset: str) -> dict[str, list]:
    doc = read_document("post.md", text.encode(), preset)
    assert not doc.problems, doc.problems
    out: dict[str, list] = {}
    for f in doc.fields:
        out.setdefault(f.name, []).append(f.value)
    return out


def test_default_renames_nothing() -> None:
    got = fields(JEKYLL_POST, "default")
    assert "image:path" in got and "og:image" not in got and "og:title" not in got


def test_jekyll_seo_tag_keys() -> None:
    got = fields(JEKYLL_POST, "jekyll")
    assert got["og:image"] == ["https://example.org/assets/img/jekyll4.png"]
    assert (got["og:image:width"], got["og:image:height"]) == ([1200], [630])
    assert got["og:image:alt"] == ["The Jekyll logo next to a stopwatch"]
    assert got["canonical"] == got["og:url"] == ["https://example.org/blog/jekyll-4/"]  # og:url falls back
    assert got["twitter:card"] == ["summary_large_image"]
    assert got["author"] == ["Jane Doe"] and got["twitter:creator"] == ["janedoe"]
    assert got["article:published_time"] == ["2024-03-02 10:15:00 +0100"]
    assert got["article:modified_time"] == ["2024-03-09 08:00:00 +0100"]
    assert got["og:title"] == ["Migrating our docs to Jekyll 4"] == got["title"]
    assert got["og:locale"] == ["en_GB"] == got["lang"]


def test_jekyll_explicit_og_title_wins_over_the_fallback() -> None:
    got = fields(JEKYLL_POST.replace("layout: post\n", "layout: post\nog:\n  title: Card title\n"), "jekyll")
    assert got["og:title"] == ["Card title"]


def test_jekyll_image_as_a_string() -> None:
    got = fields("---\ntitle: A\nimage: https://example.org/a.png\n---\n", "jekyll")
    assert got["og:image"] == ["https://example.org/a.png"]


def test_hugo_keys() -> None:
    got = fields(HUGO_POST, "hugo")
    assert got["og:image"] == ["https://example.org/images/release-0128.png", "https://example.org/images/pipeline.png"]
    assert [str(v) for v in got["article:published_time"]] == ["2024-06-21 08:00:00+02:00"]  # publishDate, not date
    assert [str(v) for v in got["article:modified_time"]] == ["2024-06-25 17:30:00+02:00"]
    assert got["article:tag"] == ["release", "hugo"]
    assert got["og:description"] == ["Faster builds, a new image pipeline and two breaking changes."]
    # without publishDate, Hugo publishes at date
    assert [str(v) for v in fields(HUGO_YAML, "hugo")["article:published_time"]] == ["2024-06-20 09:00:00+02:00"]


def test_astro_starter_and_seo_block() -> None:
    got = fields(ASTRO_STARTER, "astro")
    assert got["og:image"] == ["https://example.com/blog-placeholder-3.jpg"]
    assert [str(v) for v in got["article:published_time"]] == ["2024-07-08"]
    assert [str(v) for v in got["article:modified_time"]] == ["2024-07-10"]
    assert got["og:title"] == ["First post"]
    got = fields(ASTRO_SEO, "astro")
    assert got["title"] == got["og:title"] == ["Pricing"]
    assert got["og:description"] == ["Plans for teams of every size, billed monthly or yearly."]
    assert got["og:image"] == ["https://example.com/og/pricing.png"]
    assert got["canonical"] == ["https://example.com/pricing/"] and "og:url" not in got
    assert got["og:type"] == ["website"]


def test_devto_keys() -> None:
    got = fields(DEVTO_POST, "devto")
    assert got["og:image"] == ["https://dev-to-uploads.s3.amazonaws.com/uploads/articles/abc123.png"]
    assert got["canonical"] == ["https://janedoe.dev/blog/docker-image-size/"]
    assert "og:url" not in got  # dev.to's og:url is its own address, not canonical_url
    assert got["og:title"] == ["How I cut my Docker image from 1.2 GB to 80 MB"]
    assert got["article:published_time"] == ["2024-02-10 14:00 +0000"]


def test_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known presets: default, jekyll, hugo, astro, devto"):
        presets.get("gatsby")


@pytest.mark.parametrize("text,preset", [(JEKYLL_POST, "jekyll"), (HUGO_POST, "hugo"), (ASTRO_STARTER, "astro"),
                                         (DEVTO_POST, "devto")])
def test_the_preset_is_threaded_through_a_run(text: str, preset: str, tmp_path: Path, registry) -> None:
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")
    select = ("OG001", "OG003", "FM007", "ART")
    default = run([Candidate(post, True)], registry, Settings(select=select))
    mapped = run([Candidate(post, True)], registry, Settings(select=select, preset=preset))
    assert {"OG001", "OG003"} <= {f.code for f in default.findings}
    codes = {f.code for f in mapped.findings}
    assert not codes & {"OG001", "OG003", "ART005"}, mapped.findings
    # the generator's fallbacks are reported (info), with the value the card will show
    assert any(f.code == "FM007" and f.message.startswith("og:title is taken from title") for f in mapped.findings)


@pytest.mark.parametrize("text,preset", [(JEKYLL_POST, "jekyll"), (HUGO_POST, "hugo"), (ASTRO_STARTER, "astro"),
                                         (DEVTO_POST, "devto")])
def test_what_the_generator_writes_itself_is_never_missing(text: str, preset: str, registry) -> None:
    bare = re.sub(r"(?m)^(twitter:\n  card: .*|  type: website|canonical_url: .*)\n", "", text)
    select = ("OG002", "OG004", "TW004")
    default = run([], registry, Settings(select=select), stdin=("p.md", bare.encode()))
    assert {f.code for f in default.findings} == {"OG002", "OG004", "TW004"}
    mapped = run([], registry, Settings(select=select, preset=preset), stdin=("p.md", bare.encode()))
    assert mapped.findings == []


@pytest.mark.parametrize(("date", "found"), [("2024-03-02 10:15:00 +0100", False), ("2024-03-02 10:15 +0000", False),
                                            ("March 2, 2024", True), ("2024-03-18 09:00:00 +1500", True),
                                            ('"2024-03-18T09:00:00+15:00"', True)])
def test_dates_the_generator_reads_and_writes_again_pass(date: str, found: bool, registry) -> None:
    text = f"---\ntitle: T\ndate: {date}\n---\n"
    result = run([], registry, Settings(select=("OG028",), preset="jekyll"), stdin=("p.md", text.encode()))
    assert [f.code for f in result.findings] == (["OG028"] if found else [])
    as_written = f"---\narticle:\n  published_time: {date}\n---\n"  # the default preset: the page shows it so
    result = run([], registry, Settings(select=("OG028",)), stdin=("p.md", as_written.encode()))
    assert [f.code for f in result.findings] == ["OG028"]


def test_walking_a_site_skips_the_generators_templates_at_its_root(run_cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "oglint.toml").write_text('preset = "jekyll"\n')
    for folder in ("_posts", "_includes", "_layouts", "_site/2024", "docs/_includes"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "_posts" / "2024-03-02-a.md").write_text(JEKYLL_POST)
    (tmp_path / "_includes" / "head.html").write_text("<meta property='og:title' content='{{ page.title }}'>\n")
    (tmp_path / "_layouts" / "post.html").write_text("<html><head>{% include head.html %}</head></html>\n")
    (tmp_path / "_site" / "2024" / "a.html").write_text("<html><head><title>A</title></head></html>\n")
    (tmp_path / "docs" / "_includes" / "b.md").write_text(JEKYLL_POST)  # not the site's own templates
    monkeypatch.chdir(tmp_path)
    checked = {f["path"] for f in json.loads(run_cli("check", ".", "--format", "json", "--exit-zero")[1])["findings"]}
    assert checked == {"_posts/2024-03-02-a.md", "_site/2024/a.html", "docs/_includes/b.md"}


def test_docs_describe_every_preset() -> None:
    text = (ROOT / "docs" / "presets.md").read_text(encoding="utf-8")
    for preset in presets.PRESETS.values():
        assert f"## {preset.name}" in text
        for key, name in preset.renames.items():
            assert re.search(rf"`{re.escape(key)}`\s*\|\s*`{re.escape(name)}`", text), (preset.name, key)
        for target, source in preset.fallbacks:
            assert re.search(rf"`{re.escape(target)}`\s*←\s*`{re.escape(source)}`", text), (preset.name, target)
        section = text.split(f"## {preset.name}\n")[1].split("\n## ")[0]
        for heading, names in (("Skipped when walking the site", preset.exclude),
                               ("Written by the generator", sorted(preset.writes))):
            assert not names or f"{heading}: " + ", ".join(f"`{n}`" for n in names) + "." in section

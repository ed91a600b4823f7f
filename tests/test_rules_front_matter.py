"""FM002–FM007 edge cases, false positives first."""

from __future__ import annotations

import pytest

from conftest import lint_text
from oglint.readers import read_document
from oglint.runner import active_rules, lint_document
from oglint.settings import Settings


def found(registry, text: str, select: str, path: str = "doc.md", **options) -> list[tuple[int, str]]:
    settings = Settings(select=(select,), options={select: options} if options else {})
    return [(f.span.line, f.message) for f in lint_text(registry, text, path, settings)]


POST = """---
title: Spring relay
date: 2021-03-12
tags: [charity, relay]
og:
  title: Spring relay
  image:
    url: https://example.org/relay.png
    width: 1200
---
"""


def test_schema_is_off_by_default(registry) -> None:
    assert found(registry, "---\nfoo: 1\n---\n", "FM002") == []


def test_schema_required_and_types(registry) -> None:
    assert found(registry, POST, "FM002", required=["title", "og.image", "og:description"],
                 types={"date": "date", "tags": "list", "og.image.width": "integer", "og:image": "url"}) == [
        (1, "og:description is required by the front-matter schema but is missing")]
    got = found(registry, POST, "FM002", types={"title": "integer", "date": "string", "og.title": "list"})
    assert [line for line, _ in got] == [2, 3, 6]
    assert "date '2021-03-12' is a date, not text" in got[1][1]


def test_schema_keys_holding_mappings_or_lists_of_them(registry) -> None:
    text = "---\nauthor:\n  name: Jane\nauthors:\n  - name: Jane\n---\n"
    assert found(registry, text, "FM002", required=["author", "authors"], types={"authors": "list"}) == []
    (_, message), = found(registry, text, "FM002", types={"author": "list"})
    assert message.startswith("author 'Jane' is not a list")


def test_schema_unknown_type_is_a_configuration_error(registry) -> None:
    settings = Settings(select=("FM002",), options={"FM002": {"types": {"title": "number"}}})
    result = lint_document(read_document("a.md", POST.encode()), active_rules(registry, settings), settings)
    assert "unknown type 'number'" in result.errors[0]


@pytest.mark.parametrize("key", ["image:secure_url", "locale:alternate", "latitude", "audio:title", "//"])
def test_known_deprecated_and_comment_keys_are_not_typos(registry, key: str) -> None:
    assert found(registry, f"---\nog:{key}: x\n---\n", "FM003") == []


def test_keys_outside_og_are_the_users(registry) -> None:
    assert found(registry, "---\narea: Derbyshire\ndescripton: x\ntwitter:\n  crad: summary\n---\n", "FM003") == []


def test_unknown_key_suggestion(registry) -> None:
    (line, message), = found(registry, "---\nog:\n  site_nmae: Example\n---\n", "FM003")
    assert line == 3 and message.endswith("did you mean og:site_name?")
    (_, message), = found(registry, "---\nog:\n  zzz: 1\n---\n", "FM003")
    assert "did you mean" not in message


@pytest.mark.parametrize("text", [
    '---\ntitle: "1984"\nog:\n  locale: "no"\n---\n',  # quoted
    "---\ndraft: no\ncomments: yes\nyear: 2024\n---\n",  # not text properties: the user's own typing
    "---\nog:\n  image:\n    width: 1200\n---\n",
    '+++\ntitle = 1984\nstarts = "12:30"\n+++\n',  # TOML types explicitly
    "---\ntitle: |\n  1984\n---\n",  # a block scalar is text
])
def test_no_implicit_typing_accident(registry, text: str) -> None:
    assert found(registry, text, "FM004") == []


def test_sexagesimal_under_any_key(registry) -> None:
    (line, message), = found(registry, "---\nstart_time: 1:30:00\n---\n", "FM004")
    assert "base-60 number 5400" in message


def test_shape_accepts_the_usual_forms(registry) -> None:
    text = """---
og:
  title: A
  locale: en_GB
  locale_alternate: [fr_FR]
  image:
    - https://example.org/a.png
    - url: https://example.org/b.png
      width: 1200
    - path: /img/c.png
      alt: C
og:locale:alternate: [de_DE, fr_FR]
---
"""
    assert found(registry, text, "FM005") == []


def test_og_as_a_scalar(registry) -> None:
    (_, message), = found(registry, "---\nog: true\n---\n", "FM005")
    assert message.startswith("og is a boolean, not a mapping")


@pytest.mark.parametrize("text,problem", [
    ("---\npermalink: /news/:year/:title/\nurl: https://example.org/x/\n---\n", False),  # a pattern
    ("---\npermalink: /news/relay/\nurl: https://example.org/news/relay\n---\n", False),
    ("---\npermalink: /news/relay/\nurl: https://example.org/news/swim/\n---\n", True),
    ("---\nslug: relay\nog:\n  url: https://example.org/news/relay.html\n---\n", False),
])
def test_url_against_permalink_and_slug(registry, text: str, problem: bool) -> None:
    assert bool(found(registry, text, "FM006")) is problem


def test_url_against_file_name_only_when_asked(registry) -> None:
    text = "---\nurl: https://example.org/2020/02/spring-relay/\n---\n"
    assert found(registry, text, "FM006", "2020-02-07-winter-swim.md") == []
    assert found(registry, text, "FM006", "2020-02-07-winter-swim.md", filename=True)
    assert found(registry, text, "FM006", "posts/spring-relay/index.md", filename=True) == []


def test_no_fallback_when_og_values_are_set(registry) -> None:
    text = "---\ntitle: A | Site\ndescription: D\nog:\n  title: A\n  description: D\n---\n"
    assert found(registry, text, "FM007") == []
    assert [line for line, _ in found(registry, "---\ntitle: A | Site\n---\n", "FM007")] == [2]

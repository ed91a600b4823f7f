"""XD001–XD005, XD007 over several documents written to a folder and linted as one site."""

from __future__ import annotations

import json
from pathlib import Path

from oglint.discovery import discover
from oglint.runner import run
from oglint.settings import Settings


def site(tmp_path: Path, registry, docs: dict[str, str], code: str, **options) -> dict[str, list]:
    """Write the documents, lint the folder with one rule: {file name: [(message, related names)]}."""
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(select=(code,), options={code: options} if options else {})
    result = run(discover([str(tmp_path)]), registry, settings)
    assert not result.errors, result.errors
    out: dict[str, list] = {}
    for f in result.findings:
        assert f.code == code
        out.setdefault(Path(f.path).name, []).append((f.message, sorted(Path(p).name for p in f.related)))
    return out


def og(url: str = "", title: str = "", description: str = "", image: str = "") -> str:
    lines = [f"  {k}: {v}" for k, v in (("url", url), ("title", title), ("description", description),
                                       ("image", image)) if v]
    return "---\nog:\n" + "\n".join(lines) + "\n---\nBody.\n"


def test_xd001_same_resource_in_normal_form(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "a.md": og("https://example.org/news/relay/"),
        "b.md": og("https://EXAMPLE.org:443/news/relay/#comments"),
        "c.md": og("https://example.org/news/swim/"),
    }, "XD001")
    assert set(got) == {"a.md", "b.md"}
    (message, related), = got["a.md"]
    assert related == ["b.md"] and "b.md" in message


def test_xd001_url_and_og_url_of_one_page_are_not_duplicates(tmp_path, registry) -> None:
    page = "---\nurl: https://example.org/a/\nog:\n  url: https://example.org/a/\n---\n"
    assert site(tmp_path, registry, {"a.md": page, "b.md": og("https://example.org/b/")}, "XD001") == {}


def test_xd001_a_shared_canonical_is_not_a_duplicate(tmp_path, registry) -> None:
    page = ('<head><link rel="canonical" href="https://example.org/list/">'
            '<meta property="og:url" content="https://example.org/list/?page={}"></head>')
    assert site(tmp_path, registry, {"p1.html": page.format(1), "p2.html": page.format(2)}, "XD001") == {}


def test_xd002_titles_compared_without_case_and_spacing(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "a.md": "---\ntitle: News | Example\nog:\n  title: News | Example\n---\n",
        "b.md": "---\ntitle: news  |  example\n---\n",
        "c.md": "---\ntitle: Spring relay | Example\n---\n",
    }, "XD002")
    assert set(got) == {"a.md", "b.md"}
    assert len(got["a.md"]) == 1  # its title and og:title are one text, reported once
    assert got["b.md"][0][1] == ["a.md"]


def test_xd003_description(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "a.md": og(description="Read the latest news."),
        "b.md": "---\ndescription: Read the latest news.\n---\n",
        "c.md": og(description="Forty officers swam a mile."),
    }, "XD003")
    assert set(got) == {"a.md", "b.md"}


def test_xd004_default_image_on_most_pages(tmp_path, registry) -> None:
    default = "https://example.org/img/default.png"
    docs = {f"{i}.md": og(image=default) for i in range(4)}
    docs["own.md"] = og(image="https://example.org/img/own.png")
    got = site(tmp_path, registry, docs, "XD004")
    assert set(got) == {"0.md"}  # 4 of 5 = 80 %: reported once, at the first of them
    (message, related), = got["0.md"]
    assert related == ["1.md", "2.md", "3.md"] and "4 of the 5 documents" in message


def test_xd004_below_the_share_or_too_few_documents(tmp_path, registry) -> None:
    default = "https://example.org/img/default.png"
    docs = {f"{i}.md": og(image=default) for i in range(3)}
    docs.update({f"own{i}.md": og(image=f"https://example.org/img/{i}.png") for i in range(2)})
    docs["none.md"] = "---\ntitle: No image\n---\n"  # counted among all documents
    assert site(tmp_path, registry, docs, "XD004") == {}  # 3 of 6 = 50 %
    two = tmp_path / "two"
    two.mkdir()
    assert site(two, registry, {"a.md": og(image=default), "b.md": og(image=default)}, "XD004") == {}
    assert site(two, registry, {}, "XD004", min_documents=2)["a.md"][0][1] == ["b.md"]


def test_xd005_trailing_slash_minority_named_against_the_majority(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "a.md": og("https://example.org/news/relay/"),
        "b.md": og("https://example.org/news/swim/"),
        "c.md": og("https://example.org/news/open-day"),
        "home.md": og("https://example.org/"),  # the root says nothing about the policy
        "file.md": og("https://example.org/feed.xml"),
    }, "XD005")
    assert list(got) == ["c.md"]
    message, related = got["c.md"][0]
    assert related == ["a.md", "b.md"] and "uses no trailing slash" in message
    assert "/a.md, " in message and message.count("b.md") == 1


def test_xd005_scheme_and_www_ties_report_both_sides(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "a.md": og("http://www.example.org/a/"),
        "b.md": og("https://example.org/b/"),
        "blog.md": og("https://blog.example.org/c/"),  # another host: not part of example.org's www policy
    }, "XD005")
    assert set(got) == {"a.md", "b.md"}
    assert {m.split(" uses ")[1].split(" while")[0] for m, _ in got["a.md"]} == {"http", "www"}


def test_xd005_consistent_site(tmp_path, registry) -> None:
    docs = {f"{i}.md": og(f"https://www.example.org/p{i}/") for i in range(3)}
    assert site(tmp_path, registry, docs, "XD005") == {}


def page(own: str, *alternates: tuple[str, str]) -> str:
    links = "".join(f'<link rel="alternate" hreflang="{lang}" href="{href}">' for lang, href in alternates)
    return f'<html><head><link rel="canonical" href="{own}">{links}</head></html>'


EN, DE, FR = "https://example.org/en/", "https://example.org/de/", "https://example.org/fr/"


def test_xd007_reciprocal_pages_are_fine(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "en.html": page(EN, ("en", EN), ("de", DE), ("fr", FR)),  # fr is not part of this build: not checked
        "de.html": page(DE, ("de", DE), ("en", EN)),
    }, "XD007")
    assert got == {}


def test_xd007_x_default_and_several_codes_for_one_page(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "en.html": page(EN, ("en", EN), ("en-GB", EN), ("x-default", EN), ("de", DE)),
        "de.html": page(DE, ("de", DE), ("en-GB", EN), ("x-default", EN)),
    }, "XD007")
    assert got == {}


def test_xd007_one_way_link(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "en.html": page(EN, ("en", EN), ("de", DE)),
        "de.html": page(DE, ("de", DE)),
    }, "XD007")
    (message, related), = got["en.html"]
    assert related == ["de.html"] and "de.html" in message and "no hreflang link back" in message
    assert "de.html" not in got


def test_xd007_mismatched_language(tmp_path, registry) -> None:
    got = site(tmp_path, registry, {
        "en.html": page(EN, ("en", EN), ("fr", DE)),
        "de.html": page(DE, ("de", DE), ("en", EN)),
    }, "XD007")
    (message, related), = got["en.html"]
    assert "labels itself 'de'" in message and related == ["de.html"]


def test_cli_names_every_document(tmp_path, run_cli, monkeypatch) -> None:
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(og("https://example.org/same/"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("check", ".", "--select", "XD001", "--format", "json")
    assert code == 1
    found = json.loads(out)
    items = found["findings"] if isinstance(found, dict) else found
    by_path = {item["path"]: item for item in items}
    assert set(by_path) == {"a.md", "b.md", "c.md"}
    assert "also in b.md, c.md" in by_path["a.md"]["message"]


def test_site_wide_facts_survive_the_result_cache(tmp_path, registry) -> None:
    """XD004, XD005 and XD007 judge the site from what each document wrote into its keys: a document whose
    result comes from the cache must count as much as one checked again."""
    docs = {
        "a.md": og("https://example.org/news/relay/", image="https://example.org/img/default.png"),
        "b.md": og("https://example.org/news/swim/", image="https://example.org/img/default.png"),
        "c.md": og("https://example.org/news/open-day", image="https://example.org/img/default.png"),
        "en.html": page(EN, ("en", EN), ("de", DE)),
        "de.html": page(DE, ("de", DE)),
    }
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(select=("XD",), options={"XD004": {"min_share": 60}})  # 3 of the 5 documents
    cache_dir = tmp_path / ".cache"

    def check() -> list:
        result = run(discover([str(tmp_path / name) for name in docs]), registry, settings, cache_dir=cache_dir)
        assert not result.errors, result.errors
        return result.findings

    cold = check()
    assert {f.code for f in cold} == {"XD004", "XD005", "XD007"}
    assert list(cache_dir.glob("*/*.jsonl"))
    assert check() == cold

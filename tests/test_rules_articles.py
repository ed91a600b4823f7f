"""ART001–ART008 and TXT009 edge cases, false positives first."""

from __future__ import annotations

import pytest

from conftest import ROOT, lint_text
from oglint import dates
from oglint.readers import read_document
from oglint.runner import active_rules, lint_document
from oglint.settings import Settings

SEED = ROOT / "seeds" / "000_572eea91db287bfb.txt"


def codes(registry, text: str, select: str, path: str = "doc.md", **options) -> list[str]:
    settings = Settings(select=(select,), options={select: options} if options else {})
    return [f.code for f in lint_text(registry, text, path, settings)]


def news(locale: str, line: str, url_date: str = "2020/february") -> str:
    return (f"---\nog:\n  locale: {locale}\n  url: https://example.org/news/{url_date}/report/\n---\n\n{line}\n\n"
            "The report was published today.\n")


def test_seed_dates_and_description_agree(registry) -> None:
    found = {f.code for f in lint_text(registry, SEED.read_bytes(), SEED.name)}
    assert not found & {"ART007", "TXT009"}
    assert "ART008" in found  # og:type website on a dated /news/ page


@pytest.mark.parametrize("locale,line,reported", [
    ("en_GB", "07:30 07/02/2020", False),  # 7 February
    ("en_US", "07:30 07/02/2020", True),  # July 2
    ("en_US", "07:30 02/07/2020", False),
    ("", "07/02/2020", False),  # order unknown, and one reading agrees
    ("", "03/04/2020", True),  # unknown order, but neither 3 April nor 4 March is in February
    ("fr_CA", "07/02/2020", False),  # Canada writes both orders
    ("en_GB", "13/02/2020", False),
    ("en_GB", "7 February 2020", False),
    ("en_GB", "March 7, 2020", True),
    ("en_GB", "2020-02-29", False),
    ("en_GB", "Posted on 07/03/2020 by the press office", False),  # not a date line
])
def test_body_date_order_follows_the_locale(registry, locale: str, line: str, reported: bool) -> None:
    assert (codes(registry, news(locale, line), "ART007") == ["ART007"]) is reported


def test_a_day_of_time_zone_slack_only_with_a_time(registry) -> None:
    assert codes(registry, news("en_GB", "00:30 08/02/2020", "2020/02/07"), "ART007") == []
    assert codes(registry, news("en_GB", "08/02/2020", "2020/02/07"), "ART007") == ["ART007"]
    assert codes(registry, news("en_GB", "23:30 01/03/2020", "2020/02"), "ART007") == []


def test_url_date_forms() -> None:
    assert str(dates.url_date("https://x.org/2020-02-07-slug")) == "2020-02-07"
    assert str(dates.url_date("https://x.org/blog/2020/2/7/a")) == "2020-02-07"
    assert str(dates.url_date("https://x.org/2020/sept/a")) == "September 2020"
    assert dates.url_date("https://x.org/2020/13/a") is None
    assert dates.url_date("https://x.org/2020/02/30/a") is None
    assert dates.url_date("https://x.org/a?from=2020/02") is None  # only the path
    assert dates.url_date("https://x.org/products/2020/") is None  # a year alone is not a date


def test_published_time_wins_over_the_body(registry) -> None:
    text = news("en_GB", "07/02/2020").replace("og:\n", "article:\n  published_time: 2020-03-01\nog:\n")
    assert codes(registry, text, "ART007") == ["ART007"]


@pytest.mark.parametrize("published,now,future", [
    ("2024-05-14", "2024-05-13T00:00:00Z", True),
    ("2024-05-14", "2024-05-14T01:00:00Z", False),  # somewhere it is already the 14th
    ("2024-05-14T09:00:00+02:00", "2024-05-14T06:59:00Z", True),
    ("2024-05-14T09:00:00", "2024-05-14T00:00:00Z", False),  # naive: within the ±14 h margin
    ("2024-05-14T09:00:00", "2024-05-13T00:00:00Z", True),
])
def test_future_uses_the_now_option(registry, published: str, now: str, future: bool) -> None:
    text = f"---\narticle:\n  published_time: '{published}'\n---\n"
    assert (codes(registry, text, "ART003", now=now) == ["ART003"]) is future


def test_expired_uses_the_now_option(registry) -> None:
    text = "---\narticle:\n  expiration_time: 2024-06-01T00:00:00Z\n---\n"
    assert codes(registry, text, "ART006", now="2024-06-02") == ["ART006"]
    assert codes(registry, text, "ART006", now="2024-05-31") == []


def test_date_order_is_not_guessed_across_time_zones(registry) -> None:
    text = "---\narticle:\n  published_time: 2024-05-14T09:00:00\n  modified_time: 2024-05-14T08:00:00+02:00\n---\n"
    assert codes(registry, text, "ART002") == []
    text = "---\narticle:\n  published_time: 2024-05-14\n  modified_time: 2024-05-14T08:00:00Z\n---\n"
    assert codes(registry, text, "ART002") == []  # same day at the precision both give


def test_front_matter_date_vs_og_at_shared_precision(registry) -> None:
    same = "---\ndate: 2024-05-14 09:30:00\narticle:\n  published_time: 2024-05-14T09:30:00+02:00\n---\n"
    assert codes(registry, same, "ART005") == []
    hugo = "---\ndate: 2024-05-14\npublishDate: 2024-05-20\n---\n"
    settings = Settings(select=("ART005",), preset="hugo")
    doc = read_document("post.md", hugo.encode(), "hugo")
    assert lint_document(doc, active_rules(registry, settings), settings).findings == []


def test_article_signals(registry) -> None:
    page = "---\nog:\n  type: website\n  url: https://example.org/{}/\n---\n"
    assert codes(registry, page.format("news/2020/02/relay"), "ART008") == ["ART008"]
    assert codes(registry, page.format("shop/2020/02/sale"), "ART008") == []  # dated, but not news or blog
    assert codes(registry, page.format("about"), "ART008") == []


@pytest.mark.parametrize("description,body,reported", [
    ("The report was published today...", "The report was published today, after a long wait.", False),
    ("The “report” was published — today", 'The "report" was published - today.', False),
    ("A different story entirely", "The report was published today.", True),
    ("The report was published today", "", False),  # nothing to compare with
    ("was published today", "The report was published today.", True),  # must be the opening
    ("Fire & Rescue teams", "{{< figure src=\"a.png\" >}}\n\n<p>Fire &amp; <em>Rescue</em> teams met.</p>", False),
    # The first characters settle most documents; a link, tag or entity further on still takes the whole fold.
    ("Officers met at the [depot](/d) today", "Officers met at the depot today and left.", False),
    ("Officers met at the dépôt", "Officers met at the <b>depot</b> today.", True),
    ("Officers  MET at the “depot”", "\r\n  # Heading\r\n\r\nofficers met at the \"depot\" today.", False),
    ("Officers met", "\t<!-- note -->\n![photo](a.png)\n\u2003Officers met.", False),
    ("Officers met", "   \n\t\n", False),  # a blank body
])
def test_description_against_the_body(registry, description: str, body: str, reported: bool) -> None:
    text = f'---\nog:\n  description: "{description}"\n---\n{body}\n'
    assert (codes(registry, text, "TXT009") == ["TXT009"]) is reported


def test_naive_time_only_in_hand_written_properties(registry) -> None:
    jekyll = "---\ndate: 2024-05-14 09:30:00\n---\n"
    assert codes(registry, jekyll, "ART004") == []
    settings = Settings(select=("ART004",), preset="jekyll")
    doc = read_document("post.md", jekyll.encode(), "jekyll")  # date is article:published_time here
    assert lint_document(doc, active_rules(registry, settings), settings).findings == []
    assert codes(registry, "---\narticle:published_time: 2024-05-14 09:30:00\n---\n", "ART004") == ["ART004"]


@pytest.mark.parametrize("offset", ["+99:00", "-24:00", "+2400"])
def test_an_impossible_utc_offset_is_not_a_date_not_a_crash(registry, offset: str) -> None:
    text = f'---\nog:\n  type: article\narticle:\n  published_time: "2024-01-01T10:00{offset}"\n---\nBody\n'
    assert dates.parse(f"2024-01-01T10:00{offset}") is None
    findings = lint_text(registry, text)  # lint_text fails on a crashed rule
    assert "OG028" in {f.code for f in findings}

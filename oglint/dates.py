"""Dates for the article rules: ISO 8601 values (typed or text), dates written in URL paths, and the date
line news pages put at the top of their body (`07:30 07/02/2020`), read in the order the page's locale uses.

A date-only value and a date-time are kept apart (`Moment.has_time`): comparing a day with an instant is only
done at the precision both have. A time without an offset is "naive"; rules compare it as UTC with a margin,
never as a certainty.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

# Every UTC offset in use lies within ±14 h: the margin when a naive time meets an aware one.
OFFSET_SLACK = timedelta(hours=14)

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"[ ]?(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?)?")


@dataclass(frozen=True)
class Moment:
    """A parsed date or date-time: `value` is a datetime (aware or naive) or a date."""

    value: datetime | date

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def aware(self) -> bool:
        return isinstance(self.value, datetime) and self.value.tzinfo is not None

    @property
    def day(self) -> date:
        """The calendar day as written (an aware time keeps its own offset's day)."""
        return self.value.date() if isinstance(self.value, datetime) else self.value


def parse(value: Any) -> Moment | None:
    """A front-matter value (datetime, date) or ISO 8601 text as a Moment; None for anything else."""
    if isinstance(value, datetime):
        return Moment(value)
    if isinstance(value, date):
        return Moment(value)
    if not isinstance(value, str):
        return None
    return _parse_text(value)


# Cached: the article rules each read the same few values of a document (five of them parse
# article:published_time), and a Moment is immutable. A document holds a handful of dates: a small cache
# keeps them while the rules run over it.
@functools.lru_cache(maxsize=256)
def _parse_text(value: str) -> Moment | None:
    """ISO 8601 text as a Moment; None when it is not one."""
    m = _ISO.fullmatch(value.strip())
    if not m:
        return None
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return Moment(day)
        fraction = int((m["f"] or "0")[:6].ljust(6, "0"))
        moment = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0), fraction)
        return Moment(moment.replace(tzinfo=_offset(m["tz"])) if m["tz"] else moment)
    except ValueError:  # 2024-02-30, 25:00, an offset of +99:00: not a date (OG028 says so)
        return None


@functools.lru_cache(maxsize=64)  # few offsets are in use: each timezone is built once
def _offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return timezone.utc
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(timedelta(minutes=minutes if text[0] == "+" else -minutes))


def has_naive_time(value: Any) -> bool:
    """A time of day without `Z` or an offset (typed front-matter value or ISO 8601 text)."""
    moment = parse(value)
    return moment is not None and moment.has_time and not moment.aware


def _utc(moment: datetime) -> datetime:
    """A naive UTC reading of an aware time; a naive time as it is."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def compare(a: Moment, b: Moment) -> int | None:
    """-1, 0 or 1 when a is certainly before, at the same time as, or after b; None when the precision the
    two share cannot tell (a naive time within 14 h of an aware one)."""
    x, y = a.value, b.value
    if not (isinstance(x, datetime) and isinstance(y, datetime)):
        return _sign((a.day - b.day).days)
    gap = _utc(x) - _utc(y)
    if a.aware != b.aware and abs(gap) <= OFFSET_SLACK:
        return None
    return _sign(gap.total_seconds())


def same_time(a: Moment, b: Moment) -> bool:
    """Whether two values name the same moment at the precision they share. A naive time is compared with
    an aware one by its wall-clock reading, the way a generator copies `date` into the page."""
    x, y = a.value, b.value
    if not (isinstance(x, datetime) and isinstance(y, datetime)):
        return a.day == b.day
    if a.aware and b.aware:
        return x == y
    return x.replace(tzinfo=None) == y.replace(tzinfo=None)


def is_future(moment: Moment, now: datetime) -> bool:
    """Certainly after `now` (an aware time): a naive time or a bare day gets the ±14 h margin."""
    value = moment.value
    if not isinstance(value, datetime):
        return value > (_utc(now) + OFFSET_SLACK).date()
    return value > now if moment.aware else value > _utc(now) + OFFSET_SLACK


def is_past(moment: Moment, now: datetime) -> bool:
    """Certainly before `now`, with the same margins as is_future."""
    value = moment.value
    if not isinstance(value, datetime):
        return value < (_utc(now) - OFFSET_SLACK).date()
    return value < now if moment.aware else value < _utc(now) - OFFSET_SLACK


def now_from(option: Any) -> datetime:
    """The rules' `now` option (None = the real current time; a datetime or ISO text for tests), aware."""
    if option is None:
        return datetime.now(timezone.utc)
    moment = parse(option)
    if moment is None:
        raise ValueError(f"option now must be an ISO 8601 date-time, not {option!r}")
    value = moment.value
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


# --- dates in URL paths ------------------------------------------------------------------------------------

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_YEAR = r"(?P<y>(?:19|20)\d{2})"
_URL_DATES = (
    # /2020-02-07-slug or /2020-02-07/ (Jekyll permalinks, WordPress date slugs)
    re.compile(rf"/{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?=[/-]|$)"),
    # /2020/02/07/, /2020/02/, /2020/february/
    re.compile(rf"/{_YEAR}/(?P<m>\d{{1,2}}|[A-Za-z]{{3,9}})(?:/(?P<d>\d{{1,2}}))?(?=/|$)"),
)


_URL_PATH = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?([^?#]*)")  # scheme, authority, path


@dataclass(frozen=True)
class UrlDate:
    """A date written in a URL path: year and month, the day when the path gives it."""

    year: int
    month: int
    day: int | None
    start: int  # where it is written in the URL (offsets into the URL string)
    end: int

    def span_days(self) -> tuple[date, date]:
        """The first and last day the URL's date covers."""
        if self.day is not None:
            d = date(self.year, self.month, self.day)
            return d, d
        last = calendar.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, 1), date(self.year, self.month, last)

    def __str__(self) -> str:
        return (f"{self.year}-{self.month:02d}-{self.day:02d}" if self.day is not None
                else f"{calendar.month_name[self.month]} {self.year}")


def url_date(url: str) -> UrlDate | None:
    """The first date in the URL's path, or None. Query and fragment are not looked at."""
    m = _URL_PATH.match(url)
    path, offset = (m.group(1), m.start(1)) if m else ("", 0)
    found = []
    for pattern in _URL_DATES:
        for hit in pattern.finditer(path):
            parsed = _url_hit(hit)
            if parsed:
                found.append(UrlDate(*parsed, hit.start() + 1 + offset, hit.end() + offset))
                break
    return min(found, key=lambda d: d.start) if found else None


def _url_hit(m: re.Match[str]) -> tuple[int, int, int | None] | None:
    year, month_text, day_text = int(m["y"]), m["m"], m["d"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if not month or not 1 <= month <= 12:
        return None
    day = int(day_text) if day_text else None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


# --- the date line at the top of a body ----------------------------------------------------------------------

# Territories that write numeric dates month first (en_US and its neighbours in the US's date convention).
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "AS", "MP", "UM", "VI", "PR"})
# Territories where both orders are common: the order of an ambiguous date is unknown there.
MIXED_ORDER = frozenset({"CA"})

_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
_NUMERIC_LINE = re.compile(rf"(?:{_TIME}\s*,?\s+)?(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-](?P<y>\d{{4}})"
                           rf"(?:\s*,?\s+{_TIME})?")
_ISO_LINE = re.compile(rf"(?:{_TIME}\s+)?(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ,\s]+{_TIME}.*)?")
_NAMED_LINE = re.compile(rf"(?:{_TIME}\s*,?\s+)?(?:[A-Za-z]+,?\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                         rf"(?P<m1>[A-Za-z]+)|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+"
                         rf"(?P<y>\d{{4}})(?:\s*,?\s+(?:at\s+)?{_TIME})?")


_LEADING_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class BodyDate:
    """The date line at the start of a body: each reading it allows (two for an ambiguous 07/02/2020 whose
    order is unknown), and where it is written (offsets into the body)."""

    readings: tuple[date, ...]
    has_time: bool
    start: int
    end: int
    text: str


def territory(locale: str) -> str:
    """'GB' from 'en_GB', 'en-gb' or 'en_GB.UTF-8'; '' when there is none."""
    parts = re.split(r"[_-]", locale.strip().split(".")[0])
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha() else ""


def order_for(locale: str) -> str:
    """'MDY', 'DMY' or '' (unknown) for numeric dates written under this locale."""
    land = territory(locale)
    if not land or land in MIXED_ORDER:
        return ""
    return "MDY" if land in MONTH_FIRST else "DMY"


def body_date(body: str, locale: str) -> BodyDate | None:
    """The date written alone on the body's first non-blank line (`07:30 07/02/2020`, `2020-02-07`,
    `7 February 2020`), or None when that line is anything else."""
    m = _LEADING_SPACE.match(body)
    start = m.end() if m else 0
    # Each pattern starts with a digit (a time, a day, a year) or an ASCII letter (a weekday, a month): a body
    # that starts with a heading ('# …') or an image is settled without trying them, or finding the line.
    lead = body[start:start + 1]  # the line's first character: white space before it was skipped
    if not (lead.isdecimal() or lead.isascii() and lead.isalpha()):
        return None
    end = body.find("\n", start)
    end = len(body) if end < 0 else end
    line = body[start:end].rstrip()
    if len(line) > 60:  # a date line is short; do not run the patterns over a paragraph
        return None
    found = _line_readings(line, order_for(locale))
    if not found:
        return None
    readings, text = found
    has_time = bool(re.search(_TIME, line.replace(text, "", 1)))
    return BodyDate(readings, has_time, start, start + len(line), line)


def _line_readings(line: str, order: str) -> tuple[tuple[date, ...], str] | None:
    """(readings, the date's own text) for a date line."""
    if m := _ISO_LINE.fullmatch(line):
        found = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        return ((found,), line[m.start("y"):m.end("d")]) if found else None
    if m := _NUMERIC_LINE.fullmatch(line):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        dmy, mdy = _day(y, b, a), _day(y, a, b)
        chosen = {"DMY": (dmy,), "MDY": (mdy,)}.get(order, (dmy, mdy))
        readings = tuple(dict.fromkeys(d for d in chosen if d))
        return (readings, line[m.start("a"):m.end("y")]) if readings else None
    if m := _NAMED_LINE.fullmatch(line):
        month = MONTHS.get((m["m1"] or m["m2"]).lower())
        found = _day(int(m["y"]), month, int(m["d1"] or m["d2"])) if month else None
        first = m.start("d1") if m["d1"] else m.start("m2")
        return ((found,), line[first:m.end("y")]) if found else None
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

"""URL parsing, RFC 3986 §6 normalisation and the D1 comparison ladder (pure stdlib)."""

from __future__ import annotations

import ipaddress
import re
import string
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, quote, urlsplit

__all__ = ["TRACKING_PARAM", "UrlDifference", "compare", "host_of", "is_absolute_http", "non_normalised_parts",
           "normalise", "split", "syntax_problems"]


@dataclass(frozen=True)
class UrlDifference:
    component: str  # an RFC component name or one of the policy steps in _POLICY
    detail: str


# courlan's TRACKERS_RE (first three clauses, anchored to whole names) plus a few well-known extras. Its
# generic clause (ref, source, session, uid, ...) is left out on purpose: those names often carry meaning
# (GitHub's ?ref=), and URL008 offers to delete whatever matches.
TRACKING_PARAM: re.Pattern[str] = re.compile(
    r"\A(?:(?:dc|fbc|gc|twc|yc|ysc|tt)lid|(?:click|gbra|msclk|igsh|partner|wbra)id"
    r"|(?:ads?|mc|ga|gs|hsa|itm|mkt|ml|mtm|oly|pk|utm|vero)_[^=&]*"
    r"|_ga|_gl|gclsrc|li_fat_id|_hsenc|_hsmi|__hs(?:tc|sc|fp)|srsltid|rb_clickid|s_cid|wickedid|_openstat)\Z",
    re.IGNORECASE,
)

_POLICY = ("http-vs-https", "www", "trailing-slash", "query-order", "tracking-params")
_POLICY_FIELD = {"http-vs-https": "scheme", "www": "host", "trailing-slash": "path",
                 "query-order": "query", "tracking-params": "query"}
_DEFAULT_PORT = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_NOT_IN_URIS = frozenset('"<>\\^`{|}')  # ASCII that RFC 3986 never allows unencoded
_HTTP_HOST_CHARS = frozenset(string.ascii_letters + string.digits + "-._%")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 3986 appendix B with the scheme grammar of §3.1: matches every string, None marks an absent component.
_URI = re.compile(r"(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.S)
_HOSTPORT = re.compile(r"(\[[^\]]*\]|[^:]*)(?::(.*))?", re.S)
_IPV_FUTURE = re.compile(r"v[0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+")
_CHAR_NAMES = {" ": "space", "\t": "tab", "\n": "line feed", "\r": "carriage return"}
# Printable ASCII that RFC 3986 allows somewhere in a URI: a URL made only of these needs no per-character look.
_URI_CHARS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in _NOT_IN_URIS)
_PLAIN = re.compile("[" + re.escape(_URI_CHARS) + "]*")
# The common shape of a metadata URL, already valid and in normal form: a lower-case http(s) scheme, a host of
# lower-case LDH labels (1-63 characters, the last starting with a letter so it is no IPv4 address, 253 at
# most in all: the lookahead) with no userinfo or port, then a non-empty path and maybe a query and fragment
# made of _URI_CHARS except '%' (no escapes to check or normalise). _plain_http also rules out dot segments.
# split, normalise, syntax_problems and non_normalised_parts answer such URLs without parsing them.
_PLAIN_HTTP = re.compile(r"https?://(?=[a-z0-9.-]{1,253}/)(?:[a-z0-9-]{1,63}\.)*[a-z][a-z0-9-]{0,62}"
                         "/[" + re.escape(_URI_CHARS.replace("%", "")) + "]*")


@lru_cache(maxsize=1024)  # split, normalise and both checks ask it of each URL: one regex match a URL
def _plain_http(url: str) -> bool:
    """Whether url has the common shape above: valid (no syntax problem), and its own RFC 3986 normal form.
    '/.' anywhere is left to the full checks, as it may start a dot segment ('/./', '/../', a final '/..')."""
    return _PLAIN_HTTP.fullmatch(url) is not None and "/." not in url


class _Parts(NamedTuple):
    """The seven components in comparison order; None = absent, which differs from empty ('?' vs no '?')."""
    scheme: str | None
    userinfo: str | None
    host: str | None
    port: str | None
    path: str
    query: str | None
    fragment: str | None


def _parts(url: str) -> _Parts:
    scheme, authority, path, query, fragment = _URI.fullmatch(url).groups()  # type: ignore[union-attr]
    userinfo = host = port = None
    if authority is not None:
        userinfo, at, hostport = authority.rpartition("@")
        userinfo = userinfo if at else None
        host, port = _HOSTPORT.fullmatch(hostport).groups()  # type: ignore[union-attr]
    return _Parts(scheme, userinfo, host, port, path, query, fragment)


def _unparts(p: _Parts) -> str:
    out = f"{p.scheme}:" if p.scheme is not None else ""
    if p.host is not None:
        out += "//" + (f"{p.userinfo}@" if p.userinfo is not None else "") + p.host
        out += f":{p.port}" if p.port is not None else ""
    out += p.path + (f"?{p.query}" if p.query is not None else "")
    return out + (f"#{p.fragment}" if p.fragment is not None else "")


def _brackets_ok(host: str) -> bool:
    """Brackets may only wrap a whole IPv6 or IPvFuture literal."""
    if not host.startswith("["):
        return "[" not in host and "]" not in host
    try:
        return host.endswith("]") and bool(_IPV_FUTURE.fullmatch(host[1:-1]) or ipaddress.IPv6Address(host[1:-1]))
    except ValueError:
        return False


def _port_ok(port: str | None) -> bool:
    return port is None or port == "" or (port.isascii() and port.isdigit() and int(port) <= 65535)


def _default_port(p: _Parts) -> bool:
    """An empty or default port, which RFC 3986 §6.2.3 lets http(s) elide."""
    default = _DEFAULT_PORT.get((p.scheme or "").lower())
    return bool(default and p.host is not None and p.port is not None and _port_ok(p.port)
                and (p.port == "" or int(p.port) == default))


@lru_cache(maxsize=1024)  # every URL rule splits the same few URLs of a document
def split(url: str) -> SplitResult | None:
    """urlsplit, or None when the URL cannot be parsed faithfully. Never raises."""
    if _plain_http(url):  # no control character, port or brackets to check, and cut up without urlsplit
        return _plain_split(url)
    # urlsplit silently deletes tabs/newlines and leading controls/spaces, so its result would describe
    # another string; treat those as unparseable rather than hide them.
    if re.search(r"[\t\r\n]", url) or "" < url[:1] <= " ":
        return None
    p = _parts(url)
    if not (_port_ok(p.port) and (p.host is None or _brackets_ok(p.host))):
        return None
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a netloc that NFKC-normalises into delimiters
        return None


def _plain_split(url: str) -> SplitResult:
    """urlsplit(url) for a plain URL (see _PLAIN_HTTP), cut at its delimiters in four string calls: its scheme
    is lower-case, its authority a bare host up to the first '/', and it holds no character urlsplit would
    strip or check (tabs, newlines, leading spaces, brackets, non-ASCII), so urlsplit's answer is just this."""
    scheme, _, rest = url.partition("://")
    netloc, _, rest = rest.partition("/")
    rest, _, fragment = rest.partition("#")
    path, _, query = rest.partition("?")
    return SplitResult(scheme, netloc, "/" + path, query, fragment)


def host_of(url: str) -> str:
    """The lower-cased host (IPv6 without brackets), or '' when there is none."""
    s = split(url)
    return (s.hostname or "") if s else ""


def is_absolute_http(url: str) -> bool:
    """An http(s) URL with a non-empty host."""
    s = split(url)
    return s is not None and s.scheme in _DEFAULT_PORT and bool(s.hostname)


def _pct(s: str) -> str:
    """§6.2.2.1-2: upper-case escapes, decode escaped unreserved characters."""
    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m[1], 16))
        return ch if ch in _UNRESERVED else "%" + m[1].upper()
    return _ESCAPE.sub(fix, s)


def _iri(s: str) -> str:
    # RFC 3987 §3.1 maps non-ASCII to UTF-8 escapes; surrogatepass keeps the mapping injective (never equates)
    return re.sub(r"[^\x00-\x7f]+", lambda m: quote(m[0], safe="", errors="surrogatepass"), s)


def _idna(host: str) -> str:
    """A-label form, but only when the stdlib IDNA 2003 codec is lossless: it maps 'faß' to 'fass', which
    IDNA 2008 (and browsers) treat as a different host, so such names are left alone."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        alabel = host.encode("idna")
        if alabel.decode("idna") == host:
            return alabel.decode("ascii")
    except UnicodeError:
        pass
    return host


def _remove_dot_segments(path: str, has_authority: bool) -> str:
    """RFC 3986 §5.2.4, applied only to paths starting with '/': in a relative path '../' still means something."""
    if not path.startswith("/"):
        return path
    segments, out = path.split("/")[1:], []
    for seg in segments:
        if seg == "..":
            del out[-1:]
        elif seg != ".":
            out.append(seg)
    if segments[-1] in (".", ".."):  # '/a/b/..' is '/a/', not '/a'
        out.append("")
    path = "/" + "/".join(out)
    # RFC 3986 §5.3: without an authority a leading '//' would re-parse as one
    return "/." + path if path.startswith("//") and not has_authority else path


@lru_cache(maxsize=1024)
def normalise(url: str) -> str:
    """RFC 3986 §6.2.2-6.2.3 normal form, plus IDN -> A-label and non-ASCII -> UTF-8 escapes (RFC 3987 §3.1).
    Query order and fragment are kept. Returns url unchanged when split() cannot parse it."""
    if _plain_http(url) or split(url) is None:  # a plain URL is its own normal form
        return url
    p = _parts(url)
    scheme = p.scheme.lower() if p.scheme is not None else None
    port = None if _default_port(p) else p.port
    # _idna lower-cases: after decoding (%41 is 'A'), and before the second _pct re-upper-cases the escapes
    host = None if p.host is None else _pct(_idna(_pct(p.host)))
    path = _remove_dot_segments(_iri(_pct(p.path)), host is not None) or ("/" if host is not None else "")
    userinfo, query, fragment = (None if v is None else _iri(_pct(v)) for v in (p.userinfo, p.query, p.fragment))
    return _unparts(_Parts(scheme, userinfo, host, port, path, query, fragment))


def _canon(p: _Parts, steps: Collection[str]) -> _Parts:
    """Apply the selected D1 policy equivalences (which RFC 3986 does not grant)."""
    if "http-vs-https" in steps and p.scheme == "http":
        p = p._replace(scheme="https")
    if "www" in steps and p.host and p.host.startswith("www."):
        p = p._replace(host=p.host[4:])
    if "trailing-slash" in steps and p.path.endswith("/"):
        p = p._replace(path=p.path[:-1])
    if p.query is not None and {"query-order", "tracking-params"} & set(steps):
        params = p.query.split("&")
        if "tracking-params" in steps:
            params = [x for x in params if not TRACKING_PARAM.match(x.partition("=")[0])]
        if "query-order" in steps:
            params.sort()
        p = p._replace(query="&".join(params) if params else None)
    return p


def _difference(component: str, field: str, a: _Parts, b: _Parts) -> UrlDifference:
    shape = {"userinfo": "{}@", "port": ":{}", "query": "?{}", "fragment": "#{}"}.get(field, "{}")
    shown = ["none" if v is None else f"'{shape.format(v)}'" for v in (getattr(a, field), getattr(b, field))]
    return UrlDifference(component, f"{field} {shown[0]} vs {shown[1]}")


def compare(a: str, b: str) -> UrlDifference | None:
    """The first D1 ladder difference between two URLs, or None when they are equivalent."""
    if a.strip() == b.strip():  # the common case (a canonical repeating og:url): no need to normalise
        return None
    pa, pb = (_parts(normalise(u.strip())) for u in (a, b))
    if pa == pb:
        return None
    # Policy steps only explain the pair when together they make it equal. Take the shortest prefix of the
    # ladder that does, then report the earliest step in it that is actually needed (dropping it breaks equality).
    for k in range(1, len(_POLICY) + 1):
        steps = _POLICY[:k]
        if _canon(pa, steps) == _canon(pb, steps):
            for step in steps:
                rest = [s for s in steps if s != step]
                if _canon(pa, rest) != _canon(pb, rest):
                    return _difference(step, _POLICY_FIELD[step], pa, pb)
    field = next(f for f, x, y in zip(_Parts._fields, pa, pb) if x != y)
    return _difference(field, field, pa, pb)


def _char_problem(ch: str) -> str | None:
    if ch in _CHAR_NAMES:
        return _CHAR_NAMES[ch]
    if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):  # invisible in most editors, so name them
        return f"{unicodedata.name(ch, 'control character').lower()} (U+{ord(ch):04X})"
    return f"unencoded '{ch}'" if ch in _NOT_IN_URIS else None


def _host_problems(host: str) -> list[str]:
    """DNS-name checks for http(s) hosts (an empty host is reported by the caller)."""
    if "[" in host or "]" in host:
        return [] if _brackets_ok(host) else [f"invalid IP literal '{host}'"]
    name = host[:-1] if host.endswith(".") else host  # a trailing dot is a valid FQDN
    labels = name.split(".")
    # all-numeric: only a dotted quad is unambiguous (WHATWG would read 1.2.3 as 1.2.0.3)
    if all(label.isascii() and label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return [f"invalid IPv4 address '{host}'"]
        return []
    odd = "" if _HTTP_HOST_CHARS.issuperset(host) else host  # the common case needs no look
    problems = [f"illegal character '{c}' in host" for c in dict.fromkeys(odd)
                if c.isascii() and c not in _HTTP_HOST_CHARS and not _char_problem(c)]
    if "" in labels:
        problems.append(f"empty label in host '{host}'")
    alabels = _idna(name)  # lengths are limits on the A-label (wire) form
    problems += [f"host label longer than 63 characters: '{label}'" for label in alabels.split(".")
                 if len(label) > 63 and label.isascii()]
    if len(alabels) > 253:
        problems.append("host longer than 253 characters")
    return problems


def syntax_problems(url: str) -> list[str]:
    """Why url is not a valid RFC 3986 URI (positions are 1-based); [] when it is. Never raises."""
    return list(_syntax_problems(url))


@lru_cache(maxsize=1024)  # URL004, URL018 and others ask it of the same URLs
def _syntax_problems(url: str) -> tuple[str, ...]:
    if _plain_http(url):  # the common case: valid by construction
        return ()
    where: dict[str, list[int]] = {}
    for i, ch in enumerate("" if _PLAIN.fullmatch(url) else url, 1):  # the common case needs no look
        if problem := _char_problem(ch):
            where.setdefault(f"{problem} at position", []).append(i)
    for m in _BAD_ESCAPE.finditer(url):
        where.setdefault("'%' not followed by two hex digits at position", []).append(m.start() + 1)
    problems = [f"{what}{'s' if len(pos) > 1 else ''} {', '.join(map(str, pos))}" for what, pos in where.items()]
    p = _parts(url)
    if (p.scheme or "").lower() in _DEFAULT_PORT or (p.scheme is None and p.host is not None):
        problems += _host_problems(p.host) if p.host else ["empty host"]
    if not _port_ok(p.port):
        problems.append(f"invalid port ':{p.port}'")
    for field in ("path", "query", "fragment"):
        value = getattr(p, field) or ""
        if value.isascii():  # the common case: no character to look at
            continue
        if bad := next((c for c in value if not c.isascii() and not _char_problem(c)), None):
            problems.append(f"unencoded non-ASCII character '{bad}' in {field}")
    return tuple(problems)


def non_normalised_parts(url: str) -> list[str]:
    """What RFC 3986 §6.2.2-6.2.3 normalisation would change (not IDN or non-ASCII: see URL019/URL004)."""
    return list(_non_normalised_parts(url))


@lru_cache(maxsize=1024)
def _non_normalised_parts(url: str) -> tuple[str, ...]:
    if _plain_http(url):  # the common case: in normal form by construction
        return ()
    p = _parts(url)
    found = []
    if p.scheme and p.scheme != p.scheme.lower():
        found.append("upper-case scheme")
    if p.host and re.search("[A-Z]", _ESCAPE.sub("", p.host)):
        found.append("upper-case host")
    if _default_port(p):
        found.append(f"explicit default port :{p.port}" if p.port else "empty port")
    if _remove_dot_segments(_pct(p.path), p.host is not None) != _pct(p.path):
        found.append("dot segments")
    escapes = list(dict.fromkeys(m[0] for m in _ESCAPE.finditer(url)))
    unreserved = [e for e in escapes if chr(int(e[1:], 16)) in _UNRESERVED]
    lower = [e for e in escapes if e not in unreserved and e != e.upper()]
    for label, items in (("lower-case percent-escape", lower), ("percent-encoded unreserved character", unreserved)):
        if items:
            found.append(f"{label}{'s' if len(items) > 1 else ''} {', '.join(items)}")
    if p.host is not None and p.path == "":
        found.append("empty path")
    return tuple(found)


__all__ += ["Ladder", "ladder"]


@dataclass(frozen=True)
class Ladder:
    """How two URLs differ along D1: the policy steps needed to make them equal (each its own finding), and
    the RFC 3986 components that differ even with every policy step applied, first one first."""

    policies: tuple[str, ...]
    components: tuple[str, ...]

    def detail(self, a: str, b: str, component: str) -> str:
        """"'/a/' vs '/b/'": the component of both URLs, normalised (policy steps not applied)."""
        field = _POLICY_FIELD.get(component, component)
        found = _difference(component, field, _parts(normalise(a.strip())), _parts(normalise(b.strip())))
        return found.detail.removeprefix(field + " ")


@lru_cache(maxsize=256)  # URL011/URL012/URL013/URL020 each compare the same pair
def ladder(a: str, b: str) -> Ladder:
    """Every D1 difference between two URLs; Ladder((), ()) when they are equivalent."""
    if a.strip() == b.strip():  # the common case (og:url copied from url): no need to normalise
        return Ladder((), ())
    pa, pb = (_parts(normalise(u.strip())) for u in (a, b))
    if pa == pb:
        return Ladder((), ())
    ca, cb = _canon(pa, _POLICY), _canon(pb, _POLICY)
    components = tuple(f for f, x, y in zip(_Parts._fields, ca, cb) if x != y)
    if components:  # policies explain part of it at most: name those that differ on their own
        policies = tuple(s for s in _POLICY if _canon(pa, (s,)) != _canon(pb, (s,)) and _step_differs(s, pa, pb))
        return Ladder(policies, components)
    needed = tuple(s for s in _POLICY if _canon(pa, _without(s)) != _canon(pb, _without(s)))
    if not needed:  # steps overlap (tracking params and order): the earliest the single-step ladder names
        diff = compare(a, b)
        needed = (diff.component,) if diff else ()
    return Ladder(needed, ())


def _without(step: str) -> tuple[str, ...]:
    return tuple(s for s in _POLICY if s != step)


def _step_differs(step: str, a: _Parts, b: _Parts) -> bool:
    """Whether the pair differs in what `step` alone ignores (scheme http/https, a leading www., a trailing slash,
    query order, tracking parameters), so it is reported even when other components differ as well."""
    field = _POLICY_FIELD[step]
    if getattr(a, field) == getattr(b, field):
        return False
    return getattr(_canon(a, (step,)), field) == getattr(_canon(b, (step,)), field)

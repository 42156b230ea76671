"""The one place raw values and credentials are masked, so nothing sampled or secret leaks."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from sqlalchemy.engine import URL, make_url

MASK = "***"
# Query parameters whose value is a credential: password, sslpassword, token, secret, api key, signature ...
_SECRET_PARAM = re.compile(r"(?i)(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|sig(?:nature)?|credentials?)$")
_URL_START = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")
_URL_TOKEN_END = re.compile(r"[\s\"'<>`]")
_QUERY_PARAM = re.compile(r"(?P<head>[?&;](?P<name>[^=&;#\s?]+)=)(?P<value>[^&;#\s\"'<>`]*)")
_HOST_TAIL = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%\-]*)(?::\d*)?(?=$|[/?#,;)\]}])")
_TOKEN_USER_SCHEMES = frozenset({"http", "https", "git", "ftp", "ftps", "ssh", "wss", "ws"})  # `https://TOKEN@host`
_SECRET_WORDS = ("pass", "pwd", "secret", "token", "api")  # what every _KEYWORD_SECRET match holds (ASCII, any case)
_KEYWORD_SECRET = re.compile(r"(?i)(?<![A-Za-z0-9_])(?P<head>(?:password|passwd|pwd|sslpassword|secret|token|api_?key)\s*[=:]\s*[\"']?)(?P<value>[^\s\"'&;,)]+)")


def mask_value(value: object) -> str:
    """Show only the shape of a sampled value (first character of each part), never the value."""
    if value is None:
        return "NULL"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    text = str(value)
    if not text:
        return "''"
    if "@" in text and " " not in text.strip() and len(text) <= 254:
        local, _, domain = text.strip().rpartition("@")
        host, _, tld = domain.rpartition(".")
        tail = f".{tld}" if host and tld.isalpha() and len(tld) <= 4 else ""
        return f"{_mask_word(local)}@{_mask_word(host or domain)}{tail}"
    if len(text) > 40 or " " in text.strip():
        words = len(text.split())
        return f"<text: {len(text)} chars, {words} words>"
    return _mask_word(text)


def _mask_word(word: str) -> str:
    """Keep the first character and a length hint; digits and letters both hidden."""
    if not word:
        return ""
    first = word[0] if word[0].isalpha() else ("#" if word[0].isdigit() else "*")
    return first + MASK


def mask_secret(secret: str) -> str:
    """A secret as its length only: not one of its characters (a key's prefix is the finding's label, not shown)."""
    return f"{MASK}({len(str(secret))} chars)"


def is_secret_param(name: str) -> bool:
    """A URL query parameter whose value is a credential (`password`, `sslpassword`, `token`, `api_key`, `sig` ...)."""
    return bool(_SECRET_PARAM.search(name))


def _mask_query(tail: str) -> str:
    """Mask the value of every secret-named `name=value` pair in a URL's path/query part."""

    def _sub(m: re.Match[str]) -> str:
        return m.group("head") + (MASK if is_secret_param(m.group("name")) and m.group("value") else m.group("value"))

    return _QUERY_PARAM.sub(_sub, tail)


def _userinfo_end(rest: str) -> int:
    """Where the credentials of `user:password@host...` end (the `@` before the host), or -1 when there are none.

    Conservative on purpose: a password may hold unencoded `@`, `/`, `?` or `:`, so the split is the LAST `@`
    that is followed by something shaped like a host, whenever the part before the first `/?#` could be userinfo.
    """
    first_sep = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority = rest[:first_sep]
    if "@" not in rest or ("@" not in authority and ":" not in authority):
        return -1
    if "@" not in authority and re.fullmatch(r"[^:]*:\d*", authority) and "?" in rest[: rest.rfind("@")]:
        return -1  # host:port/db?x=a@b: the `@` is in the query, not credentials
    for at in [i for i, ch in enumerate(rest) if ch == "@"][::-1]:
        if _HOST_TAIL.match(rest, at + 1):
            return at
    return -1


def _mask_one(token: str) -> str:
    """One URL: the password (everything between `user:` and the host's `@`) and the values of secret parameters."""
    scheme, sep, rest = token.partition("://")
    end = _userinfo_end(rest)
    if end < 0:
        return scheme + sep + _mask_query(rest)
    userinfo, tail = rest[:end], rest[end + 1 :]
    user, colon, _ = userinfo.partition(":")
    if not colon and not (scheme.lower() in _TOKEN_USER_SCHEMES and len(user) >= 16):
        return scheme + sep + userinfo + "@" + _mask_query(tail)  # `user@host`: no password
    shown = user if colon and re.fullmatch(r"[A-Za-z0-9._~%+\-]*", user) else ""
    return scheme + sep + (f"{shown}:" if shown else "") + MASK + "@" + _mask_query(tail)


class UrlSecrets(NamedTuple):
    """The raw secret parts of one URL, as written: its password, a user name, and secret parameter values."""

    password: str | None
    user: str | None
    params: tuple[str, ...]


def url_secrets(token: str) -> UrlSecrets:
    """Split one URL's credentials out the conservative way (see _userinfo_end), for finding and masking them."""
    _, _, rest = token.partition("://")
    end = _userinfo_end(rest)
    password = user = None
    if end >= 0:
        name, colon, pw = rest[:end].partition(":")
        password = pw if colon else None
        user = name or None
    params = tuple(m.group("value") for m in _QUERY_PARAM.finditer(rest[end + 1 :] if end >= 0 else rest)
                   if is_secret_param(m.group("name")) and m.group("value"))
    return UrlSecrets(password, user, params)


def mask_url(text: str) -> str:
    """Mask the credentials of every URL in a text: the password in its userinfo and secret query parameters."""
    text = str(text)
    if text.isascii() and "://" not in text and not any(word in text.lower() for word in _SECRET_WORDS):
        return text  # no URL and no `password=`-like pair can be in it (the common case: evidence of a column)
    out: list[str] = []
    pos = 0
    for m in _URL_START.finditer(text):
        if m.start() < pos:
            continue
        end_match = _URL_TOKEN_END.search(text, m.end())
        end = end_match.start() if end_match else len(text)
        out.append(text[pos : m.start()])
        out.append(_mask_one(text[m.start() : end]))
        pos = end
    out.append(text[pos:])
    return _KEYWORD_SECRET.sub(lambda m: m.group("head") + MASK, "".join(out))


def masked_url(url: URL | str) -> str:
    """A database URL for display, parsed by SQLAlchemy (password hidden, secret parameters masked).

    A URL SQLAlchemy cannot parse, or parses into a host holding `@` (an unencoded `@` in the password),
    falls back to the conservative text masking of mask_url.
    """
    if isinstance(url, str):
        try:
            parsed = make_url(url)
        except Exception:  # noqa: BLE001 - unparseable: the conservative fallback below
            return mask_url(url)
        if url.partition("://")[2].count("@") > 1:
            return mask_url(url)  # an unencoded `@` in the password: SQLAlchemy would split it at the wrong one
        url = parsed
    query = {k: (MASK if is_secret_param(k) else v) for k, v in url.query.items()}
    return mask_url(url.set(query=query).render_as_string(hide_password=True)).replace("%2A%2A%2A", MASK)


def mask_structure(data: Any) -> Any:
    """Mask every URL in every string of a JSON-like structure (keys and values), keeping its shape."""
    if isinstance(data, str):
        return mask_url(data)
    if isinstance(data, dict):
        return {mask_structure(k) if isinstance(k, str) else k: mask_structure(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [mask_structure(v) for v in data]
    return data


def _ordinary(secret: str) -> bool:
    """A secret that is also an ordinary word or number (`email`, `1234`): masked where it stands, not everywhere."""
    return bool(re.fullmatch(r"[A-Za-z]+|\d+", secret))


def scrub(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Mask URLs and `password=` pairs in a message, then every known secret that is not an ordinary word.

    An ordinary-word password (`email`) is masked where it stands (in its URL or after `password=`), never
    in every evidence text that happens to contain the word.
    """
    out = mask_url(text)
    for secret in sorted({s for s in secrets if s and len(s) >= 3 and not _ordinary(s)}, key=len, reverse=True):
        out = out.replace(secret, MASK)
    return out

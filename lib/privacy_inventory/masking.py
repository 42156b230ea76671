"""The one place raw values and credentials are masked, so nothing sampled or secret leaks."""

from __future__ import annotations

import re

_URL_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*)(?::(?P<pw>[^/\s]*))?@")
_SECRET_PARAMS = re.compile(r"(?i)([?&;](?:password|passwd|pwd|secret|token|sslpassword|api_key|apikey)=)[^&;\s]*")


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
    return first + "***"


def mask_secret(secret: str) -> str:
    """Show a secret's length only, plus a 4-character prefix when it is long enough to be a known key format."""
    text = str(secret)
    if len(text) >= 16 and re.match(r"^[A-Za-z]{2,4}[_\-]", text):
        prefix = re.match(r"^[A-Za-z]{2,4}[_\-]", text).group(0)  # type: ignore[union-attr]
        return f"{prefix}***({len(text)} chars)"
    return f"***({len(text)} chars)"


def mask_url(text: str) -> str:
    """Replace the password (and secret query parameters) of every URL in a text with ***."""

    def _sub(match: re.Match[str]) -> str:
        if match.group("pw") is None:
            return match.group(0)
        return f"{match.group('scheme')}{match.group('user')}:***@"

    return _SECRET_PARAMS.sub(r"\1***", _URL_CREDENTIALS.sub(_sub, str(text)))


def scrub(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Mask URLs in a message and remove any known secret (e.g. a password from a URL or the environment)."""
    out = mask_url(text)
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        out = out.replace(secret, "***")
    return out

"""Column and table names split into normalised words, so rules match `lastSignInIp` and `last_sign_in_ip` alike."""

from __future__ import annotations

import re
from functools import lru_cache

# camelCase / PascalCase / acronym boundaries and digit runs.
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")

# Abbreviations -> the words they stand for (applied to whole tokens only).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "fname": ("first", "name"),
    "firstname": ("first", "name"),
    "givenname": ("given", "name"),
    "forename": ("first", "name"),
    "lname": ("last", "name"),
    "lastname": ("last", "name"),
    "familyname": ("family", "name"),
    "mname": ("middle", "name"),
    "middlename": ("middle", "name"),
    "fullname": ("full", "name"),
    "displayname": ("display", "name"),
    "nickname": ("nick", "name"),
    "nicename": ("nice", "name"),
    "screenname": ("screen", "name"),
    "username": ("user", "name"),
    "userid": ("user", "id"),
    "uid": ("user", "id"),
    "usermeta": ("user", "meta"),
    "useragent": ("user", "agent"),
    "ua": ("user", "agent"),
    "dob": ("date", "of", "birth"),
    "birthdate": ("birth", "date"),
    "birthday": ("birth", "date"),
    "bday": ("birth", "date"),
    "tel": ("phone",),
    "telephone": ("phone",),
    "phonenumber": ("phone", "number"),
    "phoneno": ("phone", "number"),
    "msisdn": ("phone",),
    "mobile": ("phone",),
    "cellphone": ("phone",),
    "cell": ("phone",),
    "fax": ("fax",),
    "email": ("email",),
    "emailaddress": ("email", "address"),
    "mail": ("email",),
    "e": ("e",),
    "addr": ("address",),
    "address1": ("address",),
    "address2": ("address",),
    "zip": ("postal", "code"),
    "zipcode": ("postal", "code"),
    "postcode": ("postal", "code"),
    "postalcode": ("postal", "code"),
    "plz": ("postal", "code"),
    "ssn": ("ssn",),
    "nino": ("nino",),
    "cc": ("cc",),
    "ccnum": ("credit", "card", "number"),
    "creditcard": ("credit", "card"),
    "ip": ("ip",),
    "ipaddress": ("ip", "address"),
    "ipaddr": ("ip", "address"),
    "lat": ("latitude",),
    "lng": ("longitude",),
    "lon": ("longitude",),
    "geo": ("geo",),
    "pwd": ("password",),
    "passwd": ("password",),
    "pass": ("password",),
    "pw": ("password",),
    "passcode": ("password",),
    "passphrase": ("password",),
    "pin": ("pin",),
    "otp": ("otp",),
    "mfa": ("otp",),
    "totp": ("otp",),
    "tfa": ("otp",),
    "lang": ("language",),
    "desc": ("description",),
    "qty": ("quantity",),
    "num": ("number",),
    "no": ("number",),
    "nr": ("number",),
    "dt": ("date",),
    "ts": ("timestamp",),
    "sex": ("gender",),
    "ethnic": ("ethnicity",),
    "avatar": ("avatar",),
    "pic": ("picture",),
    "img": ("image",),
    "bio": ("bio",),
    "msg": ("message",),
    "txt": ("text",),
    "ref": ("reference",),
    "tz": ("timezone",),
    "timezone": ("timezone",),
    "taxvat": ("tax", "id"),
    "idfa": ("idfa",),
    "gaid": ("gaid",),
    "adid": ("advertising", "id"),
    "aaid": ("advertising", "id"),
    "idfv": ("vendor", "device", "id"),
    "q": ("query",),
    "acct": ("account",),
    "fb": ("facebook",),
    "imei": ("imei",),
}

# Compound words (written without separators) split into known words, e.g. `usermeta`, `encryptedpassword`.
_COMPOUND_PARTS = (
    "user", "customer", "account", "member", "patient", "person", "author", "owner", "contact",
    "email", "phone", "mobile", "address", "street", "city", "state", "country", "postal", "code",
    "first", "last", "middle", "full", "display", "name", "birth", "date", "time", "password",
    "encrypted", "hashed", "hash", "salt", "reset", "token", "session", "remember", "login", "sign",
    "ip", "agent", "device", "cookie", "meta", "profile", "picture", "photo", "image", "created",
    "updated", "deleted", "modified", "id", "key", "secret", "card", "credit", "bank", "number",
    "social", "security", "gender", "language", "locale", "nick", "screen", "given", "family",
)


def _split_compound(word: str) -> tuple[str, ...]:
    """Split a run-together lowercase word into two known parts (`usermeta` -> user, meta), else keep it."""
    if len(word) < 6:
        return (word,)
    for part in _COMPOUND_PARTS:
        if word.startswith(part) and len(word) > len(part) + 1:
            rest = word[len(part):]
            if rest in _COMPOUND_PARTS or rest in ABBREVIATIONS:
                return (part,) + ABBREVIATIONS.get(rest, (rest,))
    return (word,)


@lru_cache(maxsize=65536)
def tokenize(name: str) -> tuple[str, ...]:
    """Split a column or table name into lowercase words with abbreviations expanded."""
    words: list[str] = []
    for chunk in _SPLIT.split(str(name)):
        if not chunk:
            continue
        for raw in _CAMEL.findall(chunk):
            low = raw.lower()
            if low == "uid" and words:
                words.append("id")  # `device_uid`, `extern_uid`: a unique id of what precedes, not a user
                continue
            if low in ABBREVIATIONS:
                words.extend(ABBREVIATIONS[low])
                continue
            stripped = low.rstrip("0123456789")
            if stripped != low and stripped in ABBREVIATIONS:
                words.extend(ABBREVIATIONS[stripped])
                continue
            for part in _split_compound(low):
                words.append(part)
    # "e mail" -> "email"
    out: list[str] = []
    for word in words:
        if out and out[-1] == "e" and word == "email":
            out[-1] = "email"
            continue
        if out and out[-1] == "e" and word == "mail":
            out[-1] = "email"
            continue
        out.append(word)
    return tuple(out)


_IRREGULAR = {"people": "person", "children": "child", "addresses": "address", "statuses": "status",
              "companies": "company", "categories": "category", "entries": "entry", "aliases": "alias",
              "analyses": "analysis", "indices": "index", "data": "data", "media": "media", "series": "series",
              "news": "news", "settings": "setting", "species": "species", "classes": "class", "boxes": "box",
              "matches": "match", "businesses": "business", "histories": "history", "policies": "policy",
              "identities": "identity", "facilities": "facility", "pharmacies": "pharmacy",
              "agencies": "agency", "parties": "party", "bodies": "body", "replies": "reply",
              "strategies": "strategy", "utilities": "utility", "activities": "activity"}


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """Naive English singular (`users` -> `user`, `companies` -> `company`) for matching table nouns."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def phrase(tokens: tuple[str, ...]) -> str:
    """Tokens joined with single spaces and padded, so rules can match whole words with ` word `."""
    return " " + " ".join(tokens) + " "

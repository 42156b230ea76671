"""Seeded synthetic values per corpus value_kind, so each corpus database holds what the real application holds.

A value_kind names the kind of value the real application stores in a column (bench/corpus/*.csv, column
`value_kind`). Every kind is deterministic for a seed. Kinds (the vocabulary of the corpus):

keys and references
  id               1, 2, 3 ... (row number; a primary key)
  uuid             random UUID v4 text
  fk_id            an integer id that exists in the referenced table (1..rows)
  fk:<table>.<col> a value taken from that column of the same database (ids that exist, uuid keys, codes)
  int_id           a large integer id that is NOT a row reference (external ids, hashes of numbers)
  code             short upper-case code (ABC-123), not personal (product, concept, location codes)
  slug             lower-case-hyphenated words
people
  first_name, last_name, middle_name, full_name, name_prefix, name_suffix, username, initials
  email, phone, mobile, fax, street, street2, city, postcode, region, country_code, country
  birth_date, gender (enum-like text), nationality, marital_status, religion, race, language (code),
  job_title, employer, age, national_id, passport, driving_licence, tax_id, iban, bank_account, bic,
  card, card_last4, card_expiry, salary, ip, user_agent, device_id, latitude, longitude,
  password_hash, salt, token, otp_secret, avatar_url, profile_url, json_profile, signature
organisations and the system (misleading look-alikes)
  org_name, org_email, org_phone, org_street, org_city, org_url, domain, api_key (system secret),
  hostname, webhook_url
content
  free_text (a sentence or two a person wrote), sentence, short_text, title, word, diagnosis, drug,
  html, markdown, file_name, mime_type, file_size, url, path, color, locale, timezone, version, hex,
  hash (hex digest), json, json_settings
numbers, dates, states
  int, small_int, count, amount, price, rate, percent, decimal, measurement, weight_kg, height_cm,
  temperature, blood_pressure, pulse, currency, date, datetime, time, year, timestamp (epoch int),
  duration, bool, enum:<a|b|c> (one of the listed values), const:<v> (always v),
  series:<PREFIX> (PREFIX00001, PREFIX00002 ...: Frappe-style document names, a primary key)
  json_emails (a JSON list of people's emails: assignees, likers), geojson (a GeoJSON point), amount_words
  empty / null     NULL in every row (a column the application leaves empty)
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from typing import Any

from estate_values import (AGENTS, CITIES, COUNTRIES, CURRENCIES, FIRST, JOBS, LAST, NATIONALITIES, NOTES,
                           PRODUCTS, STREETS, _card, _date, _hash, _hex, _ipv4, _luhn_digit, _postcode, _ssn,
                           _timestamp, _uuid)

MIDDLE = ("Marie", "James", "Ali", "Jose", "Anne", "Lee", "Rose", "Kumar", "Grace", "Jan", "Luis", "Mei")
PREFIXES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Mx")
SUFFIXES = ("Jr", "Sr", "II", "III", "PhD", "MD")
REGIONS = ("California", "Bavaria", "Ontario", "Lombardy", "Catalonia", "Ile-de-France", "Texas", "Tehran",
           "Lagos", "Hokkaido", "Yorkshire", "Leinster", "Ashanti", "Masovia")
COUNTRY_CODES = ("GB", "FR", "DE", "ES", "IT", "IR", "CA", "NG", "JP", "PT", "AT", "IE", "NO", "US", "GH", "PL")
LANGUAGES = ("en", "fr", "de", "es", "it", "fa", "pt", "ja", "pl", "nl", "tr", "en_GB", "pt_BR")
LOCALES = ("en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "it_IT", "nl_NL", "pt_BR", "ja_JP")
TIMEZONES = ("Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Africa/Lagos", "UTC",
             "Asia/Tehran", "America/Toronto", "Europe/Berlin")
MARITAL = ("single", "married", "divorced", "widowed", "separated", "civil partnership")
RELIGIONS = ("Christian", "Muslim", "Jewish", "Hindu", "Buddhist", "None", "Sikh", "Other")
RACES = ("Asian", "Black", "White", "Mixed", "Hispanic", "Other", "Prefer not to say")
GENDER_VALUES = ("M", "F", "F", "M", "O", "U")
EMPLOYERS = ("Northwind Traders", "Contoso Ltd", "Globex GmbH", "Initech SA", "Umbrella Health", "Acme Corp",
             "Stark Logistics", "Wayne Foods", "Soylent Farms", "Tyrell Systems")
ORGS = ("Greenfield Clinic", "Riverside School", "Blue Harbor Bank", "Acme Holdings", "City Hospital",
        "Northwind Traders", "Contoso Ltd", "Lakeside Academy", "Main Street Pharmacy", "Globex GmbH")
ORG_MAILBOXES = ("info", "contact", "support", "billing", "admin", "hr", "office", "noreply", "accounts")
ORG_DOMAINS = ("greenfield-clinic.example", "riverside-school.example", "acme.example", "contoso.example",
               "northwind.example", "cityhospital.example")
WORDS = ("alpha", "beta", "gamma", "delta", "general", "default", "primary", "standard", "basic", "extra",
         "monthly", "annual", "main", "local", "remote", "internal", "external", "custom", "system", "other")
TITLES = ("Quarterly report", "Team meeting", "Project kickoff", "Welcome pack", "Annual review",
          "Holiday schedule", "Safety training", "Budget 2024", "Release notes", "Onboarding checklist")
SENTENCES = ("The record was imported from the previous system.", "Applies to all branches.",
             "Values are reviewed every quarter.", "Used for reporting only.", "Default setting for new items.",
             "Replaced by the new workflow in 2021.", "See the attached document for details.")
DIAGNOSES = ("Type 2 diabetes mellitus", "Essential hypertension", "Asthma, mild persistent", "Migraine",
             "Major depressive disorder", "Fracture of left radius", "Iron deficiency anaemia", "HIV infection",
             "Pneumonia", "Chronic kidney disease stage 3")
DRUGS = ("Metformin 500 mg", "Amlodipine 5 mg", "Salbutamol inhaler", "Sertraline 50 mg", "Amoxicillin 250 mg",
         "Ibuprofen 400 mg", "Tenofovir/Lamivudine", "Atorvastatin 20 mg", "Insulin glargine")
MIMES = ("application/pdf", "image/png", "image/jpeg", "text/plain", "application/zip", "text/csv")
EXTS = ("pdf", "png", "jpg", "txt", "docx", "csv")


def _phone_like(rng: random.Random, kind: str) -> str:
    """A number libphonenumber accepts as valid, built from its example numbers of several countries."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    regions = ("GB", "US", "DE", "FR", "ES", "IT", "NL", "IR", "NG", "IN", "BR", "CA", "AU", "JP")
    ptype = {"mobile": PhoneNumberType.MOBILE, "fax": PhoneNumberType.FIXED_LINE}.get(kind)
    fmt = rng.choice((PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL))
    while True:
        region = rng.choice(regions)
        example = phonenumbers.example_number_for_type(region, ptype or rng.choice(
            (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)))
        if example is None:
            continue
        digits = str(example.national_number)
        cut = max(1, len(digits) - 4)
        candidate = digits[:cut] + "".join(str(rng.randint(0, 9)) for _ in range(len(digits) - cut))
        number = phonenumbers.parse("+" + str(example.country_code) + candidate, None)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, fmt)


def _iban(rng: random.Random) -> str:
    """A valid IBAN of one of several countries (check digits computed by python-stdnum)."""
    from stdnum import iban

    letters = string.ascii_uppercase
    country = rng.choice(("DE", "GB", "NL", "IE", "AT"))
    if country == "DE":
        bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    elif country == "AT":
        bban = "".join(str(rng.randint(0, 9)) for _ in range(16))
    elif country == "NL":
        bban = "".join(rng.choice(letters) for _ in range(4)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    else:
        bban = "".join(rng.choice(letters) for _ in range(4)) + "".join(str(rng.randint(0, 9)) for _ in range(14))
    number = country + "00" + bban
    number = country + iban.calc_check_digits(number) + bban
    if not iban.is_valid(number):  # an NL account number has its own check; retry until the whole is valid
        return _iban(rng)
    return number


def _national_id(rng: random.Random) -> str:
    """A national id in one of several real formats (US SSN, UK NINO, valid Dutch BSN)."""
    style = rng.randrange(3)
    if style == 0:
        return _ssn(rng)
    if style == 1:
        letters = "ABCEGHJKLMNPRSTWXYZ"
        return (rng.choice(letters) + rng.choice(letters) + f"{rng.randint(0, 999999):06d}" + rng.choice("ABCD"))
    from stdnum.nl import bsn

    while True:  # the eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11
        body = f"{rng.randint(10000000, 99999999):08d}"
        last = sum(int(d) * w for d, w in zip(body, range(9, 1, -1))) % 11
        number = body + str(last)
        if last < 10 and bsn.is_valid(number):
            return number


def _bank_account(rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((8, 10, 12))))


def _card_number(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _card(rng)
    body = "5" + str(rng.randint(1, 5)) + "".join(str(rng.randint(0, 9)) for _ in range(13))
    return body + _luhn_digit(body)


def _org_email(rng: random.Random) -> str:
    return f"{rng.choice(ORG_MAILBOXES)}@{rng.choice(ORG_DOMAINS)}"


def _email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first}.{last}{rng.randint(1, 999)}@{rng.choice(('example.com', 'example.org', 'mail.example.net'))}".lower()


def _token(rng: random.Random, n: int = 40) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _base32(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(32))


def _profile(rng: random.Random) -> str:
    return json.dumps({"first_name": rng.choice(FIRST), "last_name": rng.choice(LAST),
                       "birthday": _date(rng, 1950, 2004), "city": rng.choice(CITIES)}, sort_keys=True)


def _settings(rng: random.Random) -> str:
    return json.dumps({"theme": rng.choice(("light", "dark")), "page_size": rng.choice((10, 25, 50)),
                       "notifications": rng.random() < 0.5}, sort_keys=True)


def _sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES)


def _free_text(rng: random.Random) -> str:
    return " ".join(rng.sample(NOTES, 2))


def _time(rng: random.Random) -> str:
    return f"{rng.randint(6, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + "-" + str(rng.randint(100, 999))


def _blood_pressure(rng: random.Random) -> str:
    return f"{rng.randint(95, 165)}/{rng.randint(55, 100)}"


# kind -> value maker (kinds with a parameter, enum:/const:/fk:, are handled in make_values).
MAKERS: dict[str, Callable[[random.Random], Any]] = {
    "uuid": _uuid,
    "int_id": lambda r: r.randint(10**8, 10**10),
    "code": _code,
    "slug": lambda r: "-".join(r.sample(WORDS, 2)),
    "first_name": lambda r: r.choice(FIRST),
    "last_name": lambda r: r.choice(LAST),
    "middle_name": lambda r: r.choice(MIDDLE),
    "full_name": lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}",
    "name_prefix": lambda r: r.choice(PREFIXES),
    "name_suffix": lambda r: r.choice(SUFFIXES),
    "username": lambda r: (r.choice(FIRST) + r.choice(LAST)[:1] + str(r.randint(1, 9999))).lower(),
    "initials": lambda r: r.choice(FIRST)[0] + r.choice(LAST)[0],
    "email": _email,
    "phone": lambda r: _phone_like(r, "phone"),
    "mobile": lambda r: _phone_like(r, "mobile"),
    "fax": lambda r: _phone_like(r, "fax"),
    "street": lambda r: f"{r.randint(1, 250)} {r.choice(STREETS)}",
    "street2": lambda r: r.choice(("Flat 2", "Apt 14B", "2nd floor", "Building C", "Unit 7")),
    "city": lambda r: r.choice(CITIES),
    "postcode": _postcode,
    "region": lambda r: r.choice(REGIONS),
    "country_code": lambda r: r.choice(COUNTRY_CODES),
    "country": lambda r: r.choice(COUNTRIES),
    "birth_date": lambda r: _date(r, 1940, 2012),
    "gender": lambda r: r.choice(GENDER_VALUES),
    "nationality": lambda r: r.choice(NATIONALITIES),
    "marital_status": lambda r: r.choice(MARITAL),
    "religion": lambda r: r.choice(RELIGIONS),
    "race": lambda r: r.choice(RACES),
    "language": lambda r: r.choice(LANGUAGES),
    "job_title": lambda r: r.choice(JOBS),
    "employer": lambda r: r.choice(EMPLOYERS),
    "age": lambda r: r.randint(1, 95),
    "national_id": _national_id,
    "passport": lambda r: r.choice(string.ascii_uppercase) + f"{r.randint(0, 99999999):08d}",
    "driving_licence": lambda r: (r.choice(LAST)[:5].upper().ljust(5, "9") + f"{r.randint(0, 999999):06d}"
                                  + r.choice(FIRST)[:2].upper() + f"{r.randint(0, 9)}"),
    "tax_id": lambda r: f"{r.choice(('DE', 'FR', 'NL', 'GB'))}{r.randint(100000000, 999999999)}",
    "iban": _iban,
    "bank_account": _bank_account,
    "bic": lambda r: r.choice(("DEUTDEFF", "BNPAFRPP", "INGBNL2A", "BARCGB22", "AIBKIE2D")),
    "card": _card_number,
    "card_last4": lambda r: f"{r.randint(0, 9999):04d}",
    "card_expiry": lambda r: f"{r.randint(1, 12):02d}/{r.randint(25, 31)}",
    "salary": lambda r: round(r.uniform(1800, 9500), 2),
    "ip": _ipv4,
    "user_agent": lambda r: r.choice(AGENTS),
    "device_id": _uuid,
    "latitude": lambda r: round(r.uniform(-60, 70), 6),
    "longitude": lambda r: round(r.uniform(-170, 170), 6),
    "password_hash": _hash,
    "salt": lambda r: _hex(r, 32),
    "token": _token,
    "otp_secret": _base32,
    "avatar_url": lambda r: f"https://cdn.example.com/avatars/{_hex(r, 16)}.jpg",
    "profile_url": lambda r: f"https://social.example/@{r.choice(FIRST).lower()}{r.randint(1, 999)}",
    "json_profile": _profile,
    "signature": lambda r: f"-- {r.choice(FIRST)} {r.choice(LAST)}",
    "org_name": lambda r: r.choice(ORGS),
    "org_email": _org_email,
    "org_phone": lambda r: _phone_like(r, "fax"),
    "org_street": lambda r: f"{r.randint(1, 250)} {r.choice(STREETS)}",
    "org_city": lambda r: r.choice(CITIES),
    "org_url": lambda r: f"https://www.{r.choice(ORG_DOMAINS)}/",
    "domain": lambda r: r.choice(ORG_DOMAINS),
    "api_key": lambda r: "sk_" + _hex(r, 32),
    "hostname": lambda r: f"{r.choice(('mail', 'smtp', 'ldap', 'api', 'files'))}.{r.choice(ORG_DOMAINS)}",
    "webhook_url": lambda r: f"https://hooks.{r.choice(ORG_DOMAINS)}/in/{_hex(r, 12)}",
    "free_text": _free_text,
    "sentence": _sentence,
    "short_text": lambda r: f"{r.choice(WORDS)} {r.choice(WORDS)}",
    "title": lambda r: r.choice(TITLES),
    "word": lambda r: r.choice(WORDS),
    "diagnosis": lambda r: r.choice(DIAGNOSES),
    "drug": lambda r: r.choice(DRUGS),
    "html": lambda r: f"<p>{_sentence(r)}</p>",
    "markdown": lambda r: f"**{r.choice(TITLES)}**\n\n{_sentence(r)}",
    "file_name": lambda r: f"{r.choice(WORDS)}_{r.randint(1, 999)}.{r.choice(EXTS)}",
    "mime_type": lambda r: r.choice(MIMES),
    "file_size": lambda r: r.randint(1_000, 9_000_000),
    "url": lambda r: f"https://docs.example.com/{r.choice(WORDS)}/{r.randint(1, 999)}",
    "path": lambda r: f"/var/data/{r.choice(WORDS)}/{_hex(r, 8)}",
    "color": lambda r: "#" + _hex(r, 6),
    "locale": lambda r: r.choice(LOCALES),
    "timezone": lambda r: r.choice(TIMEZONES),
    "version": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
    "hex": lambda r: _hex(r, 16),
    "hash": lambda r: _hex(r, 64),
    "json": lambda r: json.dumps({"key": r.choice(WORDS), "value": r.randint(0, 99)}, sort_keys=True),
    "json_settings": _settings,
    "geojson": lambda r: json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                     "geometry": {"type": "Point", "coordinates": [round(r.uniform(-170, 170), 6),
                                                                                   round(r.uniform(-60, 70), 6)]}}]}),
    "amount_words": lambda r: f"{r.choice(CURRENCIES)} {r.choice(('Four', 'Seven', 'Twelve', 'Two'))} Thousand "
                              f"{r.choice(('One', 'Five', 'Eight'))} Hundred Only.",
    "json_emails": lambda r: json.dumps(sorted({_email(r) for _ in range(r.randint(1, 3))})),
    "product": lambda r: f"{r.choice(PRODUCTS)} {r.randint(1, 99)}",
    "int": lambda r: r.randint(0, 100000),
    "small_int": lambda r: r.randint(0, 10),
    "count": lambda r: r.randint(0, 500),
    "amount": lambda r: round(r.uniform(-500, 5000), 2),
    "price": lambda r: round(r.uniform(0.5, 900), 2),
    "rate": lambda r: round(r.uniform(0, 0.25), 4),
    "percent": lambda r: round(r.uniform(0, 100), 1),
    "decimal": lambda r: round(r.uniform(0, 1000), 3),
    "measurement": lambda r: round(r.uniform(0.5, 250), 1),
    "weight_kg": lambda r: round(r.uniform(3, 140), 1),
    "height_cm": lambda r: round(r.uniform(50, 200), 1),
    "temperature": lambda r: round(r.uniform(35.5, 40.5), 1),
    "blood_pressure": _blood_pressure,
    "pulse": lambda r: r.randint(48, 130),
    "currency": lambda r: r.choice(CURRENCIES),
    "date": lambda r: _date(r, 2018, 2025),
    "datetime": _timestamp,
    "time": _time,
    "year": lambda r: r.randint(1990, 2025),
    "timestamp": lambda r: r.randint(1_500_000_000, 1_740_000_000),
    "duration": lambda r: r.randint(1, 28800),
    "bool": lambda r: int(r.random() < 0.6),
}

PARAMETERISED = ("enum:", "const:", "fk:", "series:")
NULL_KINDS = ("empty", "null")
KEY_KINDS = ("id", "fk_id")


def known_kind(kind: str) -> bool:
    """Whether the corpus may use this value_kind (a named kind or a parameterised one)."""
    return (kind in MAKERS or kind in NULL_KINDS or kind in KEY_KINDS
            or any(kind.startswith(p) and len(kind) > len(p) for p in PARAMETERISED))


def make_values(kind: str, rows: int, seed: str) -> list[Any]:
    """`rows` values of one kind (fk: references are resolved by the builder), the same for the same seed."""
    rng = random.Random(seed)
    if kind in NULL_KINDS:
        return [None] * rows
    if kind == "id":
        return list(range(1, rows + 1))
    if kind == "fk_id":
        return [rng.randint(1, rows) for _ in range(rows)]
    if kind.startswith("enum:"):
        choices = kind[len("enum:"):].split("|")
        return [rng.choice(choices) for _ in range(rows)]
    if kind.startswith("series:"):
        return [f"{kind[len('series:'):]}{i:05d}" for i in range(1, rows + 1)]
    if kind.startswith("const:"):
        return [kind[len("const:"):]] * rows
    if kind not in MAKERS:
        raise KeyError(f"unknown value_kind {kind!r}")
    make = MAKERS[kind]
    return [make(rng) for _ in range(rows)]


__all__ = ["MAKERS", "known_kind", "make_values"]

"""Seeded fake values per column kind, so a synthetic estate looks like real data without any real person in it."""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from typing import Any

FIRST = ("Anna", "Ali", "Bea", "Carlos", "Chen", "Dario", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas",
         "Kavya", "Lena", "Mehdi", "Nora", "Olu", "Pedro", "Quinn", "Reza", "Sara", "Tomas", "Uma", "Viktor",
         "Wen", "Ximena", "Yusuf", "Zoe", "Maryam", "Luca", "Amara", "Hiro", "Ingrid", "Kofi", "Leila", "Marek")
LAST = ("Smith", "Garcia", "Nguyen", "Kowalski", "Ahmadi", "Rossi", "Muller", "Okafor", "Tanaka", "Silva",
        "Johansson", "Dubois", "Novak", "Haddad", "Kim", "Petrov", "Moreau", "Larsen", "Yilmaz", "Mensah",
        "Fischer", "Costa", "Rahimi", "Brennan", "Ivanova", "Sato", "Lopez", "Berg", "Karimi", "Walsh")
DOMAINS = ("example.com", "example.org", "mail.example.net", "inbox.example", "post.example.co.uk")
STREETS = ("High Street", "Station Road", "Maple Avenue", "Rue de la Paix", "Hauptstrasse", "Via Roma",
           "Calle Mayor", "Elm Street", "Kings Road", "Park Lane", "Church Lane", "Mill Road")
CITIES = ("London", "Paris", "Berlin", "Madrid", "Rome", "Tehran", "Toronto", "Lagos", "Osaka", "Lisbon",
          "Vienna", "Dublin", "Oslo", "Prague", "Istanbul", "Accra", "Warsaw", "Lyon", "Porto", "Leeds")
COUNTRIES = ("United Kingdom", "France", "Germany", "Spain", "Italy", "Iran", "Canada", "Nigeria", "Japan",
             "Portugal", "Austria", "Ireland", "Norway", "Czechia", "Turkey", "Ghana", "Poland")
NATIONALITIES = ("British", "French", "German", "Spanish", "Italian", "Iranian", "Canadian", "Nigerian",
                 "Japanese", "Portuguese", "Austrian", "Irish", "Norwegian", "Czech", "Turkish")
JOBS = ("Nurse", "Software Engineer", "Teacher", "Accountant", "Electrician", "Pharmacist", "Architect",
        "Sales Manager", "Chef", "Journalist", "Data Analyst", "Paramedic", "Lawyer", "Designer")
AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
          "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")
QUERIES = ("cheap flights to lisbon", "best running shoes", "divorce lawyer near me", "symptoms of flu",
           "how to reset router", "vegan recipes", "jobs in berlin", "persian films with subtitles",
           "second hand bikes", "mortgage calculator", "kids birthday ideas", "train times leeds")
NOTES = ("Customer called about a late delivery and asked for a refund.",
         "I cannot log in since yesterday, please help me reset my account.",
         "Please deliver to the back door, the bell is broken.",
         "My daughter has a nut allergy, please check the ingredients.",
         "Asked to change the billing address after moving house.",
         "Complained that the film stopped playing halfway through.")
PRODUCTS = ("Steel Widget", "Oak Shelf", "Cotton Towel", "Desk Lamp", "Garden Hose", "Ceramic Mug",
            "USB Cable", "Wool Scarf", "Paper Notebook", "Glass Vase", "Bike Pump", "Tea Kettle")
BLURBS = ("Durable and easy to clean.", "Made from recycled materials.", "Ships flat-packed with tools included.",
          "Available in three sizes.", "Dishwasher safe.", "Two-year manufacturer warranty.")
STATUSES = ("active", "pending", "archived", "draft", "shipped", "cancelled")
COLORS = ("red", "green", "blue", "black", "white", "grey", "teal")
CURRENCIES = ("EUR", "GBP", "USD", "CAD", "JPY", "CHF")
GENDERS = ("female", "male", "non-binary", "unspecified")


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _email(rng: random.Random) -> str:
    first, last = _name(rng)
    return f"{first}.{last}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}".lower()


def _phone(rng: random.Random) -> str:
    """A number that libphonenumber accepts as valid, as real contact data is (retry until valid)."""
    import phonenumbers

    while True:
        style = rng.randrange(3)
        if style == 0:
            text = f"+44 7{rng.choice('4579')}{rng.randint(10, 99)} {rng.randint(100000, 999999)}"
        elif style == 1:
            text = f"+1-415-{rng.randint(200, 989)}-{rng.randint(1000, 9999)}"
        else:
            text = f"+49 30 {rng.randint(1000000, 9999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(text, None)):
            return text


def _date(rng: random.Random, start: int, end: int) -> str:
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _timestamp(rng: random.Random) -> str:
    return f"{_date(rng, 2015, 2024)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def _postcode(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(10000, 99999)}"
    letters = string.ascii_uppercase
    return f"{rng.choice('LMSBE')}{rng.choice(letters)}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(100, 665):03d}-{rng.randint(10, 99):02d}-{rng.randint(1000, 9999):04d}"


def _ipv4(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "2001:db8:" + ":".join(f"{rng.getrandbits(16):x}" for _ in range(6))
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def _card(rng: random.Random) -> str:
    body = "4" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    return body + _luhn_digit(body)


def _iban(rng: random.Random) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    numeric = int(bban + "131400")  # "DE" -> 13 14, check digits 00
    return f"DE{98 - numeric % 97:02d}{bban}"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _hash(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "./"
    return "$2b$12$" + "".join(rng.choice(alphabet) for _ in range(53))


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


# kind -> value maker; the kind names are the estate's vocabulary (see estate.py for their truth).
MAKERS: dict[str, Callable[[random.Random], Any]] = {
    "first_name": lambda r: r.choice(FIRST),
    "last_name": lambda r: r.choice(LAST),
    "full_name": lambda r: " ".join(_name(r)),
    "email": _email,
    "phone": _phone,
    "birth_date": lambda r: _date(r, 1940, 2006),
    "street": lambda r: f"{r.randint(1, 250)} {r.choice(STREETS)}",
    "city": lambda r: r.choice(CITIES),
    "postcode": _postcode,
    "country": lambda r: r.choice(COUNTRIES),
    "gender": lambda r: r.choice(GENDERS),
    "ssn": _ssn,
    "ip": _ipv4,
    "user_agent": lambda r: r.choice(AGENTS),
    "username": lambda r: (r.choice(FIRST) + r.choice(LAST)[:1] + str(r.randint(1, 9999))).lower(),
    "password_hash": _hash,
    "iban": _iban,
    "card": _card,
    "job": lambda r: r.choice(JOBS),
    "latitude": lambda r: round(r.uniform(-60, 70), 6),
    "longitude": lambda r: round(r.uniform(-170, 170), 6),
    "nationality": lambda r: r.choice(NATIONALITIES),
    "device_id": _uuid,
    "search": lambda r: r.choice(QUERIES),
    "note": lambda r: r.choice(NOTES),
    "timestamp": _timestamp,
    "date": lambda r: _date(r, 2018, 2025),
    "status": lambda r: r.choice(STATUSES),
    "quantity": lambda r: r.randint(0, 500),
    "price": lambda r: round(r.uniform(0.5, 900), 2),
    "currency": lambda r: r.choice(CURRENCIES),
    "sku": lambda r: f"SKU-{r.randint(10000, 99999)}",
    "product": lambda r: f"{r.choice(PRODUCTS)} {r.randint(1, 99)}",
    "blurb": lambda r: r.choice(BLURBS),
    "flag": lambda r: r.random() < 0.7,
    "small_int": lambda r: r.randint(1, 100),
    "rating": lambda r: r.randint(1, 5),
    "color": lambda r: r.choice(COLORS),
    "checksum": lambda r: _hex(r, 40),
    "rate": lambda r: round(r.uniform(0, 0.25), 4),
    "weight": lambda r: r.randint(10, 25000),
}


def value_pool(kind: str, size: int, seed: int) -> list[Any]:
    """`size` values of one kind, the same for the same seed."""
    rng = random.Random(f"{seed}:{kind}")
    make = MAKERS[kind]
    return [make(rng) for _ in range(size)]

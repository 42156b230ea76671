"""Rows about people (accounts and everything hanging off them), with the planted problems placed on purpose."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from privacy_inventory.demo import vocab
from privacy_inventory.demo.fake import INTERNATIONAL_FORMATS, Fake, epoch, iso

Rows = list[tuple[object, ...]]


@dataclass(frozen=True)
class Clock:
    """The fixed reference date every demo date is computed from (never the wall clock)."""

    today: date

    @property
    def now(self) -> datetime:
        return datetime(self.today.year, self.today.month, self.today.day, 23, 0, 0)

    def years_ago(self, years: int) -> date:
        """Same calendar day `years` earlier (28 Feb for 29 Feb)."""
        try:
            return self.today.replace(year=self.today.year - years)
        except ValueError:
            return self.today.replace(year=self.today.year - years, day=28)


@dataclass
class Person:
    """One account holder as the generator knows them; only some of this reaches the database."""

    id: int
    public_id: str
    first: str
    last: str
    culture: str
    country: str
    city: str
    email: str
    dob: date | None
    created: datetime
    closed: datetime | None
    facebook: bool
    end: datetime  # last moment this person could have been active: closed_at or the reference date
    devices: list[int] = field(default_factory=list)
    cookie: str | None = None
    adid: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def pick_country(fk: Fake) -> str:
    """A country drawn by the demo's audience weights."""
    codes = sorted(vocab.COUNTRY_WEIGHTS)
    return fk.rng.choices(codes, weights=[vocab.COUNTRY_WEIGHTS[c] for c in codes])[0]


def pick_name(fk: Fake, country: str) -> tuple[str, str, str]:
    """First name, last name and culture for a resident of a country (diaspora-aware)."""
    home = vocab.COUNTRIES[country][1]
    culture = home if country == "IR" or fk.rng.random() >= vocab.DIASPORA_SHARE else "persian"
    return fk.rng.choice(vocab.FIRST_NAMES[culture]), fk.rng.choice(vocab.LAST_NAMES[culture]), culture


def make_people(fk: Fake, clock: Clock, count: int, planted: dict[str, int]) -> list[Person]:
    """Create account holders; children and long-closed accounts are disjoint planted subsets."""
    rng = fk.rng
    order = iter(rng.sample(range(count), count))  # disjoint subsets drawn from one shuffle
    children = {next(order) for _ in range(planted["children"])}
    old_closed = {next(order) for _ in range(planted["old_closed"])}
    recent_closed = {next(order) for _ in range(planted["recent_closed"])}
    closed_cutoff = datetime.combine(clock.years_ago(3), datetime.min.time())
    first_day = datetime(2012, 3, 1)
    seen: set[str] = set()
    people = []
    for index in range(count):
        country = pick_country(fk)
        first, last, culture = pick_name(fk, country)
        closed = None
        if index in children:
            dob: date | None = fk.day(clock.years_ago(13) + timedelta(days=1), clock.years_ago(8))
            created = fk.moment(closed_cutoff + timedelta(days=10), clock.now - timedelta(days=20))
        else:
            dob = None if rng.random() < 0.1 else fk.day(clock.years_ago(80), clock.years_ago(16) - timedelta(days=1))
            if index in old_closed:
                closed = fk.moment(datetime(2016, 1, 1), closed_cutoff - timedelta(days=30))
                created = fk.moment(first_day, closed - timedelta(days=60))
            elif index in recent_closed:
                closed = fk.moment(closed_cutoff + timedelta(days=15), clock.now - timedelta(days=1))
                created = fk.moment(first_day, closed - timedelta(days=60))
            else:
                created = fk.moment(first_day, clock.now - timedelta(days=2))
        email = fk.email(first, last, vocab.EMAIL_DOMAINS, dob.year if dob else None)
        while email in seen:
            local, _, domain = email.partition("@")
            email = f"{local}{rng.randint(1, 9)}@{domain}"
        seen.add(email)
        city = rng.choice(vocab.COUNTRIES[country][2])
        people.append(
            Person(index + 1, fk.uuid(), first, last, culture, country, city, email, dob, created, closed,
                   rng.random() < 0.15, closed or clock.now, adid=fk.uuid().upper())
        )
    return people


def accounts(fk: Fake, people: list[Person]) -> Rows:
    """accounts: registration data (email, password hash, how did you hear about us) plus lifecycle."""
    rows: Rows = []
    for p in people:
        if p.facebook and fk.rng.random() < 0.5:
            pw = None  # signed up through Facebook only
        elif p.created.year < 2017:
            pw = fk.bcrypt("2y", 10)
        elif p.created.year < 2021:
            pw = fk.bcrypt("2b", 12)
        else:
            pw = fk.argon2()
        last_login = fk.moment(p.created, p.end)
        status = "closed" if p.closed else ("suspended" if fk.rng.random() < 0.01 else "active")
        rows.append((
            p.id, p.public_id, p.email, pw, fk.rng.choice(vocab.HEARD_ABOUT_US), p.dob.isoformat() if p.dob else None,
            fk.rng.choice(vocab.LANGUAGES), iso(p.created), iso(last_login), status, iso(p.closed) if p.closed else None,
        ))
    return rows


def profiles(fk: Fake, people: list[Person], phones_planted: int) -> Rows:
    """profiles: full name, country (visible to other users); `extra` secretly holds phone numbers."""
    rng = fk.rng
    owners = [p for p in people if rng.random() < 0.85]
    with_phone = set(rng.sample(range(len(owners)), min(phones_planted, len(owners))))
    rows: Rows = []
    for i, p in enumerate(owners):
        name = p.name
        if p.culture == "persian" and rng.random() < 0.12:
            name = rng.choice(vocab.PERSIAN_SCRIPT_NAMES)
        avatar = rng.choice((None, f"https://cdn.imvbox.com/avatars/{p.public_id}.jpg", f"https://www.gravatar.com/avatar/{fk.hex(32)}"))
        bio = rng.choice((None, None, "Film lover.", f"Living in {p.city}. Kiarostami fan.", "Classic Iranian cinema forever"))
        if i in with_phone:
            extra: str | None = fk.phone(p.country, rng.choice(INTERNATIONAL_FORMATS + ("national", "national")))
        else:
            extra = rng.choice((None, None, None, "vip", "beta-tester", "migrated"))
        rows.append((i + 1, p.id, name, p.country, vocab.COUNTRIES[p.country][0], int(rng.random() < 0.7), avatar, bio, extra))
    return rows


def billing(fk: Fake, people: list[Person], clock: Clock, memo_emails: int) -> tuple[Rows, Rows]:
    """subscriptions and payments: a PCI-aware app keeps token + last4 + brand + expiry, never the card number."""
    rng = fk.rng
    subs: Rows = []
    pays: Rows = []
    for p in people:
        if rng.random() >= 0.35:
            continue
        plan, price = rng.choice(vocab.PLANS)
        start = fk.moment(p.created, p.end)
        months = 12 if plan == "plus_yearly" else 1
        n_pay = rng.randint(1, 4)
        cancelled = p.closed is not None or rng.random() < 0.3
        last_paid = start + timedelta(days=30 * months * (n_pay - 1))
        status = "cancelled" if cancelled or last_paid > clock.now else "active"
        renews = None if status == "cancelled" else (last_paid + timedelta(days=30 * months)).date().isoformat()
        sub_id = len(subs) + 1
        subs.append((sub_id, p.id, plan, status, start.date().isoformat(), renews,
                     min(last_paid, clock.now).date().isoformat() if status == "cancelled" else None))
        currency = vocab.COUNTRIES[p.country][3]
        currency = currency if currency in ("USD", "GBP", "EUR", "CAD", "SEK", "AUD") else "USD"
        processor, ref_prefix = rng.choice(vocab.PROCESSORS)
        token = fk.token("tok_", 24) if processor == "stripe" else (fk.token("", 8).lower() if processor == "braintree" else fk.upper_token("B-", 17))
        brand = rng.choice(vocab.CARD_BRANDS)
        last4 = "".join(rng.choice("0123456789") for _ in range(4))
        exp = f"{rng.randint(1, 12):02d}/{(last_paid.year + rng.randint(1, 5)) % 100:02d}"
        for k in range(n_pay):
            paid = start + timedelta(days=30 * months * k, seconds=rng.randint(0, 3600))
            if paid > clock.now:
                break
            ref = fk.upper_token(ref_prefix, 24) if processor == "paypal" else fk.token(ref_prefix, 24 if processor == "stripe" else 8)
            memo = rng.choice((None, None, None, "renewal", "promo NOWRUZ", "proration")) if k else None
            pays.append([len(pays) + 1, sub_id, p.id, price, currency, iso(paid), token, last4, brand, exp,
                         p.country, processor, ref, memo])
    paypal = [row for row in pays if row[11] == "paypal"]
    for row in rng.sample(paypal, min(memo_emails, len(paypal))):
        first, last, _ = pick_name(fk, str(row[10]))
        row[13] = fk.email(first, last, vocab.EMAIL_DOMAINS)  # PayPal payer email kept in a vague "memo"
    return subs, [tuple(r) for r in pays]


def devices_and_sessions(fk: Fake, people: list[Person]) -> tuple[Rows, Rows]:
    """devices and sessions: device identifiers and per-login IP, city, country, browser and language."""
    rng = fk.rng
    devs: Rows = []
    sess: Rows = []
    for p in people:
        if rng.random() >= 0.7:
            continue
        for _ in range(rng.randint(1, 3)):
            kind, maker, model, os_name, versions = rng.choice(vocab.DEVICES)
            dev_id = len(devs) + 1
            p.devices.append(dev_id)
            first = fk.moment(p.created, p.end)
            devs.append((dev_id, p.id, fk.uuid().upper(), kind, model, maker, os_name, rng.choice(versions),
                         rng.choice(vocab.APP_VERSIONS), iso(first)))
            for _ in range(rng.randint(1, 3)):
                start = fk.moment(max(first, datetime(2017, 1, 1)), p.end)
                city = p.city if rng.random() < 0.85 else rng.choice(vocab.COUNTRIES[p.country][2])
                sess.append((len(sess) + 1, p.id, dev_id, fk.ip(0.25), city, p.country, rng.choice(vocab.USER_AGENTS),
                             rng.choice(vocab.LANGUAGES), epoch(start), epoch(start) + rng.randint(60, 3 * 3600)))
    return devs, sess


def cookies(fk: Fake, people: list[Person], clock: Clock, anonymous: int) -> Rows:
    """cookies: cookie ids and consent settings, for members and anonymous visitors."""
    rng = fk.rng
    rows: Rows = []
    seen: set[str] = set()
    owners: list[Person | None] = [p for p in people if rng.random() < 0.8] + [None] * anonymous
    for p in owners:
        set_at = fk.moment(p.created if p else datetime(2018, 5, 25), p.end if p else clock.now)
        cookie = f"GA1.2.{fk.digits(9)}.{epoch(set_at)}"
        while cookie in seen:
            cookie = f"GA1.2.{fk.digits(9)}.{epoch(set_at)}"
        seen.add(cookie)
        analytics, ads = rng.random() < 0.6, rng.random() < 0.35
        settings = json.dumps({"ads": ads, "analytics": analytics, "necessary": True, "version": "2018-05"}, sort_keys=True)
        if p:
            p.cookie = cookie
        rows.append((cookie, p.id if p else None, int(analytics), int(ads), settings, iso(set_at)))
    return sorted(rows, key=lambda r: str(r[0]))


def facebook_logins(fk: Fake, people: list[Person]) -> Rows:
    """facebook_logins: what Facebook Login sends (name, email, birthday, location, interests, picture, friends)."""
    rng = fk.rng
    rows: Rows = []
    for p in people:
        if not p.facebook:
            continue
        fb_id = fk.digits(rng.choice((15, 16, 17)))
        friends = []
        for _ in range(rng.randint(0, 8)):
            first, last, _ = pick_name(fk, p.country)
            friends.append({"id": fk.digits(16), "name": f"{first} {last}"})
        email = p.email if rng.random() < 0.8 else fk.email(p.first, p.last, vocab.EMAIL_DOMAINS)
        interests = json.dumps(sorted(rng.sample(vocab.INTERESTS, rng.randint(1, 4))))
        rows.append((fb_id, p.id, p.name, email, p.dob.strftime("%m/%d/%Y") if p.dob else None,
                     f"{p.city}, {vocab.COUNTRIES[p.country][0]}", interests,
                     f"https://platform-lookaside.fbsbx.com/platform/profilepic/?asid={fb_id}&height=200&width=200",
                     json.dumps(friends, ensure_ascii=False, sort_keys=True), iso(fk.moment(p.created, p.end))))
    return sorted(rows, key=lambda r: str(r[0]))

"""Build the Fernly demo database: an Irish personal-finance app with its own planted problems and traps."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from stdnum import iban as stdnum_iban
from stdnum.ie import vat as ie_vat

from privacy_inventory.demo.fake import Fake, ascii_fold, epoch, iso
from privacy_inventory.demo.fernly import vocab
from privacy_inventory.demo.fernly.schema import PLANTED_SQL, TABLES, TRAP_SQL
from privacy_inventory.demo.sqlite_file import write_database
from privacy_inventory.errors import InventoryError

REFERENCE_DATE = date(2026, 3, 31)  # Fernly's "today": every date is computed from it, never the clock
DEFAULT_SEED = 2016  # the year Fernly was founded
CUSTOMERS_PER_SCALE = 1200
MAX_SCALE = 200
AML_YEARS = 5  # Criminal Justice (Money Laundering and Terrorist Financing) Act 2010, s.55: 5 years after the relationship
DIGITAL_CONSENT_AGE = 16  # Ireland, Data Protection Act 2018 s.31
SIGNAL_RETENTION_DAYS = 13 * 30  # P13M as declarations count months
FOUNDED = datetime(2016, 3, 1)
Rows = list[tuple[object, ...]]
FERNLY_DIR = Path(__file__).resolve().parent  # declarations, policy, app config and README live next to the code


@dataclass
class FernlySummary:
    """What was built: the file, row counts per table, planted problems and traps (counts)."""

    path: Path
    tables: dict[str, int]
    planted: dict[str, int]
    traps: dict[str, int]


@dataclass
class Customer:
    """One customer as the generator knows them."""

    id: int
    first: str
    last: str
    email: str
    dob: date
    onboarded: datetime
    closed: date | None
    end: datetime


def _years_ago(years: int) -> date:
    return REFERENCE_DATE.replace(year=REFERENCE_DATE.year - years)


def cutoffs() -> dict[str, str]:
    """The cutoff dates the counting queries use, from the reference date."""
    return {
        "aml": _years_ago(AML_YEARS).isoformat(),
        "teen16": _years_ago(DIGITAL_CONSENT_AGE).isoformat(),
        "adult": _years_ago(18).isoformat(),
        "stale_signal": (REFERENCE_DATE - timedelta(days=SIGNAL_RETENTION_DAYS)).isoformat(),
        "six_years": _years_ago(6).isoformat(),
        "two_years": _years_ago(2).isoformat(),
        "thirty_days": (REFERENCE_DATE - timedelta(days=30)).isoformat(),
    }


def planted_sql() -> dict[str, str]:
    """Counting queries of the planted problems with their cutoffs filled in."""
    return {k: v.format(**cutoffs()) for k, v in PLANTED_SQL.items()}


def trap_sql() -> dict[str, str]:
    """Counting queries of the traps (true facts that are not problems)."""
    return {k: v.format(**cutoffs()) for k, v in TRAP_SQL.items()}


def _iban(fk: Fake) -> tuple[str, str, str]:
    """A valid Irish IBAN with its BIC and bank name."""
    code, bic, name = fk.rng.choice(vocab.BANKS)
    bban = code + fk.digits(6) + fk.digits(8)
    return f"IE{stdnum_iban.calc_check_digits('IE00' + bban)}{bban}", bic, name


def _ppsn(fk: Fake) -> str:
    digits = fk.digits(7)
    return digits + ie_vat.calc_check_digit(digits)


def _email(fk: Fake, first: str, last: str, year: int) -> str:
    return fk.email(first, last, vocab.EMAIL_DOMAINS, year)


def customers(fk: Fake, n: int) -> tuple[list[Customer], Rows, Rows]:
    """customers and guardians: adults, teen accounts (13-17) and the guardians who consented for them."""
    rng = fk.rng
    people: list[Customer] = []
    rows: Rows = []
    guardians: Rows = []
    seen: set[str] = set()
    now = datetime.combine(REFERENCE_DATE, datetime.min.time()) + timedelta(hours=20)
    for i in range(n):
        first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
        teen = rng.random() < 0.08
        if teen:
            dob = fk.day(_years_ago(18) + timedelta(days=1), _years_ago(13))
            onboarded = fk.moment(max(FOUNDED, datetime.combine(dob, datetime.min.time()) + timedelta(days=365 * 13)), now - timedelta(days=5))
        else:
            dob = fk.day(_years_ago(80), _years_ago(19))
            onboarded = fk.moment(FOUNDED, now - timedelta(days=5))
        closed: date | None = None
        if not teen and rng.random() < 0.14:
            closed = fk.day(onboarded.date() + timedelta(days=30), REFERENCE_DATE - timedelta(days=2)) if onboarded.date() + timedelta(days=30) < REFERENCE_DATE else None
        email = _email(fk, first, last, dob.year)
        while email in seen:
            local, _, domain = email.partition("@")
            email = f"{local}{rng.randint(1, 9)}@{domain}"
        seen.add(email)
        town, routing = rng.choice(vocab.TOWNS)
        eircode = f"{routing} {rng.choice('ACDEFHKNPRTVWXY')}{rng.randint(1, 9)}{rng.choice('ACDEFHKNPRTVWXY')}{rng.randint(0, 9)}"
        status = "closed" if closed else ("dormant" if rng.random() < 0.05 else "active")
        c = Customer(i + 1, first, last, email, dob, onboarded, closed,
                     datetime.combine(closed, datetime.min.time()) + timedelta(hours=12) if closed else now)
        people.append(c)
        rows.append((c.id, fk.uuid(), email, fk.phone("IE", rng.choice(("e164", "national", "international"))), first, last,
                     dob.isoformat(), _ppsn(fk) if not teen or rng.random() < 0.5 else None,
                     f"{rng.randint(1, 120)} {rng.choice(vocab.STREETS)}", town, eircode, "IE", "teen" if teen else "adult",
                     iso(onboarded), status, closed.isoformat() if closed else None))
        if teen and rng.random() < 0.8:
            g_first = rng.choice(vocab.FIRST_NAMES)
            guardians.append((len(guardians) + 1, c.id, f"{g_first} {last}", _email(fk, g_first, last, dob.year - 30),
                              fk.phone("IE", "e164"), rng.choice(("mother", "father", "legal guardian")),
                              onboarded.date().isoformat()))
    return people, rows, guardians


def kyc(fk: Fake, people: list[Customer]) -> Rows:
    """kyc_checks: identity documents checked at onboarding (and some re-checks)."""
    rng = fk.rng
    rows: Rows = []
    for c in people:
        for k in range(1 if rng.random() < 0.9 else 2):
            doc = rng.choice(vocab.DOC_TYPES)
            number = f"P{rng.choice('ABCDEFG')}{fk.digits(7)}" if doc == "passport" else fk.upper_token("", 9)
            when = c.onboarded + timedelta(minutes=rng.randint(2, 90)) if k == 0 else fk.moment(c.onboarded, c.end)
            rows.append((len(rows) + 1, c.id, doc, number, "IE" if rng.random() < 0.8 else rng.choice(("PL", "GB", "BR", "IN", "NG", "UA")),
                         round(rng.uniform(0.6, 0.99), 3), "onfido", "clear" if rng.random() < 0.96 else "consider", iso(when)))
    return rows


def banking(fk: Fake, people: list[Customer]) -> Rows:
    """bank_links: accounts linked through the open-banking provider (PSD2 consent lasts 90 days)."""
    rng = fk.rng
    rows: Rows = []
    for c in people:
        if rng.random() >= 0.5:
            continue
        iban, bic, name = _iban(fk)
        linked = fk.moment(c.onboarded, c.end)
        revoked = fk.moment(linked, c.end) if rng.random() < 0.2 else None
        rows.append((len(rows) + 1, c.id, iban, bic, name, "tink", (linked + timedelta(days=90)).date().isoformat(), iso(linked),
                     iso(revoked) if revoked else None))
    return rows


def merchants(fk: Fake) -> Rows:
    """merchants: organisations (not people); their contact details are role addresses and switchboards."""
    rows: Rows = []
    for i, (name, suffix, mcc) in enumerate(vocab.MERCHANTS, start=1):
        slug = ascii_fold(name)[:14]
        vat = fk.digits(7)
        rows.append((i, name, f"{name} {suffix}".strip(), f"IE{vat}{ie_vat.calc_check_digit(vat)}", mcc, f"accounts@{slug}.ie",
                     f"+353 1 {fk.rng.randint(200, 899)} {fk.rng.randint(1000, 9999)}", f"https://www.{slug}.ie"))
    return rows


def card_txns(fk: Fake, people: list[Customer], merchant_rows: Rows) -> Rows:
    """card_txns: card payments; a few at unions, parishes and parties reveal special categories."""
    rng = fk.rng
    weights = [0.05 if str(m[4]) in vocab.SPECIAL_MCC else 1.0 for m in merchant_rows]
    rows: Rows = []
    for c in people:
        for _ in range(rng.choice((0, 2, 4, 6, 8, 10))):
            m = rng.choices(merchant_rows, weights=weights)[0]
            town = rng.choice(vocab.TOWNS)[0]
            rows.append((len(rows) + 1, c.id, m[0], round(rng.uniform(2, 250), 2), m[4], town, rng.choice(("pos", "online")),
                         iso(fk.moment(c.onboarded, c.end))))
    return rows


def credit(fk: Fake, people: list[Customer], n_merchants: int, hidden_ibans: int) -> tuple[Rows, Rows]:
    """credit_plans and instalments: 'pay in 3-6' plans, scored and mostly decided by a model."""
    rng = fk.rng
    plans: Rows = []
    inst: Rows = []
    now = datetime.combine(REFERENCE_DATE, datetime.min.time())
    adults = [c for c in people if (REFERENCE_DATE - c.dob).days >= 18 * 365]
    for c in adults:
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            decided = fk.moment(c.onboarded, min(c.end, now) - timedelta(days=1))
            approved = rng.random() < 0.8
            n = rng.choice((3, 3, 4, 6))
            principal = round(rng.uniform(60, 1500), 2)
            plan_id = len(plans) + 1
            last_due = decided.date() + timedelta(days=30 * n)
            settled = last_due if approved and last_due < REFERENCE_DATE else None
            ext = rng.choice((None, f"ORD-{fk.digits(8)}", f"INV/{decided.year}/{fk.digits(5)}"))
            plans.append([plan_id, c.id, rng.randint(1, n_merchants), principal, n, rng.randint(300, 900),
                          "approved" if approved else "declined", "model-v4" if rng.random() < 0.85 else "analyst",
                          iso(decided), settled.isoformat() if settled else None, ext])
            if not approved:
                continue
            for k in range(1, n + 1):
                due = decided.date() + timedelta(days=30 * k)
                if due > REFERENCE_DATE:
                    break
                paid = due + timedelta(days=rng.choice((0, 0, 0, 1, 3, 12)))
                paid_s = paid.isoformat() if paid <= REFERENCE_DATE else None
                inst.append((len(inst) + 1, plan_id, c.id, due.isoformat(), paid_s, round(principal / n, 2), "paid" if paid_s else "due"))
    for row in rng.sample(plans, min(hidden_ibans, len(plans))):
        row[10] = _iban(fk)[0]  # refund IBAN pasted into a vague reference column
    return [tuple(r) for r in plans], inst


def support(fk: Fake, people: list[Customer]) -> Rows:
    """support_tickets: questions and their resolution date (closing a ticket does not end the relationship)."""
    rng = fk.rng
    rows: Rows = []
    for c in people:
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            subject, body = rng.choice(vocab.TICKET_SUBJECTS)
            opened = fk.moment(c.onboarded, c.end)
            resolved = opened + timedelta(hours=rng.randint(1, 120))
            rows.append((f"FN-{opened.year}-{len(rows) + 1:05d}", c.id, rng.choice(("chat", "email", "phone")), subject,
                         body.format(town=rng.choice(vocab.TOWNS)[0]), iso(opened), iso(resolved)))
    return rows


def marketing(fk: Fake, people: list[Customer], after_withdrawal: int) -> tuple[Rows, Rows]:
    """marketing_consents and campaign_sends; a planted few were sent campaigns after withdrawing consent."""
    rng = fk.rng
    consents: Rows = []
    sends: Rows = []
    withdrawn_people: list[tuple[Customer, datetime]] = []
    for c in people:
        if rng.random() >= 0.7:
            continue
        given = c.onboarded + timedelta(minutes=rng.randint(1, 30))
        withdrawn = fk.moment(given + timedelta(days=20), c.end) if rng.random() < 0.22 and given + timedelta(days=20) < c.end else None
        consents.append((c.id, 1, int(rng.random() < 0.4), iso(given), iso(withdrawn) if withdrawn else None))
        stop = withdrawn or c.end
        for _ in range(rng.randint(0, 5)):
            sends.append([c.id, rng.choice(vocab.CAMPAIGNS), rng.choice(("email", "email", "sms")), fk.moment(given, stop - timedelta(hours=1))])
        if withdrawn:
            withdrawn_people.append((c, withdrawn))
    for c, withdrawn in rng.sample(withdrawn_people, min(after_withdrawal, len(withdrawn_people))):
        for _ in range(rng.randint(1, 3)):
            sends.append([c.id, rng.choice(vocab.CAMPAIGNS), "email", fk.moment(withdrawn + timedelta(days=1), max(c.end, withdrawn + timedelta(days=2)))])
    sends.sort(key=lambda r: (r[3], r[0]))
    return consents, [(i + 1, r[0], r[1], r[2], iso(r[3])) for i, r in enumerate(sends)]


def signals(fk: Fake, people: list[Customer]) -> Rows:
    """risk_signals: fraud signals with device fingerprint, IP address and (despite the claim) the customer id."""
    rng = fk.rng
    rows: Rows = []
    for c in people:
        for _ in range(rng.choice((0, 0, 1, 2, 3, 4))):
            rows.append([None if rng.random() < 0.15 else c.id, fk.hex(40), fk.ip(0.2), rng.choice(vocab.SIGNALS),
                         round(rng.random(), 3), fk.moment(c.onboarded, c.end)])
    rows.sort(key=lambda r: (r[5], r[1]))
    return [(i + 1, r[0], r[1], r[2], r[3], r[4], iso(r[5])) for i, r in enumerate(rows)]


def app_events(fk: Fake, n: int) -> Rows:
    """app_events: product analytics keyed by a random install id only (truly pseudonymous)."""
    rng = fk.rng
    installs = [fk.hex(32) for _ in range(max(n // 4, 1))]
    start = datetime.combine(REFERENCE_DATE - timedelta(days=90), datetime.min.time())
    rows = [(rng.choice(installs), rng.choice(vocab.APP_EVENTS), rng.choice(vocab.SCREENS), rng.choice(("5.2.0", "5.3.1", "5.4.0")),
             epoch(fk.moment(start, start + timedelta(days=89)))) for _ in range(n)]
    rows.sort(key=lambda r: (r[4], r[0]))
    return [(i + 1, *r) for i, r in enumerate(rows)]


def leads(fk: Fake, n: int) -> Rows:
    """lead_imports_2021: a bought list of prospects, never declared, never deleted."""
    rng = fk.rng
    rows: Rows = []
    for i in range(n):
        first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
        rows.append((i + 1, f"{first} {last}", _email(fk, first, last, rng.randint(1960, 2003)), fk.phone("IE", "national"),
                     rng.choice(vocab.LEAD_SOURCES), fk.day(date(2021, 2, 1), date(2021, 11, 30)).isoformat()))
    return rows


def generate(seed: int = DEFAULT_SEED, scale: int = 1) -> dict[str, Rows]:
    """All rows of the Fernly database, per table, from one seeded RNG."""
    fk = Fake(Random(seed))
    n = CUSTOMERS_PER_SCALE * scale
    people, cust_rows, guardian_rows = customers(fk, n)
    merchant_rows = merchants(fk)
    plans, inst = credit(fk, people, len(merchant_rows), round(n * 0.02))
    consents, sends = marketing(fk, people, round(n * 0.015))
    rates = [(ccy, (REFERENCE_DATE - timedelta(days=d)).isoformat(), round(fk.rng.uniform(0.5, 1.6), 6))
             for ccy in ("GBP", "PLN", "USD") for d in range(0, 30, 7)]
    return {
        "fx_rates": rates,
        "app_config": [(k, v, (REFERENCE_DATE - timedelta(days=40)).isoformat()) for k, v in vocab.CONFIG],
        "merchants": merchant_rows,
        "customers": cust_rows,
        "guardians": guardian_rows,
        "kyc_checks": kyc(fk, people),
        "bank_links": banking(fk, people),
        "card_txns": card_txns(fk, people, merchant_rows),
        "credit_plans": plans,
        "instalments": inst,
        "support_tickets": support(fk, people),
        "marketing_consents": consents,
        "campaign_sends": sends,
        "risk_signals": signals(fk, people),
        "app_events": app_events(fk, 3000 * scale),
        "lead_imports_2021": leads(fk, 180 * scale),
    }


def build_fernly(path: Path, *, scale: int = 1, seed: int = DEFAULT_SEED) -> FernlySummary:
    """Write the Fernly SQLite database at path atomically; the same seed and scale give the same bytes."""
    path = Path(path)
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise InventoryError("scale", f"must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
    if path.is_dir() or not path.parent.is_dir():
        raise InventoryError(str(path), "give a file path in an existing folder, such as fernly.sqlite")
    rows = generate(seed, scale)
    tables, (planted, traps) = write_database(path, TABLES, rows, [planted_sql(), trap_sql()], "fernly")
    return FernlySummary(path, tables, planted, traps)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the Fernly database and print the planted problems and traps."""
    parser = argparse.ArgumentParser(prog="python -m privacy_inventory.demo.fernly", description="Build the Fernly demo SQLite database.")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        s = build_fernly(args.out, scale=args.scale, seed=args.seed)
    except InventoryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {s.path} ({sum(s.tables.values())} rows in {len(s.tables)} tables)")
    for title, counts in (("tables", s.tables), ("planted problems", s.planted), ("traps", s.traps)):
        print(f"{title}:")
        for key, count in counts.items():
            print(f"  {key:<40} {count:>7}")
    return 0

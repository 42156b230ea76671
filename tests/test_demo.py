"""Tests for the IMVBox demo generator: reproducible, realistic, and with exactly the documented planted problems."""

from __future__ import annotations

import calendar
import hashlib
import ipaddress
import json
import re
import sqlite3
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from pathlib import Path

import phonenumbers
import pytest
import sqlalchemy as sa

from privacy_inventory.demo import DemoSummary, build_imvbox
from privacy_inventory.demo.imvbox import REFERENCE_DATE, generate, main, planted_sql
from privacy_inventory.demo.vocab import HEALTH_KEYWORDS
from privacy_inventory.errors import InventoryError

README = Path(__file__).resolve().parents[1] / "inventory" / "imvbox" / "README.md"
EMAIL = re.compile(r"^[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
BCRYPT = re.compile(r"^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$")
ARGON2 = re.compile(r"^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$")
PERSONAL_TABLES = ("accounts", "profiles", "sessions", "devices", "payments", "watch_history", "searches", "ad_events")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_imvbox(tmp_path_factory.mktemp("demo") / "imvbox.sqlite")


@pytest.fixture(scope="module")
def db(demo: DemoSummary):
    conn = sqlite3.connect(f"file:{demo.path}?mode=ro", uri=True)
    yield conn
    conn.close()


def column(db: sqlite3.Connection, sql: str) -> list:
    return [row[0] for row in db.execute(sql)]


def is_luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# -- reproducibility and scale ------------------------------------------------------------------

def test_same_seed_and_scale_give_byte_identical_files(demo: DemoSummary, tmp_path: Path) -> None:
    again = build_imvbox(tmp_path / "again.sqlite")
    assert sha256(again.path) == sha256(demo.path)
    assert again.tables == demo.tables and again.planted == demo.planted


def test_rebuild_replaces_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "imvbox.sqlite"
    target.write_text("not a database")
    build_imvbox(target, seed=5)
    first = sha256(target)
    build_imvbox(target, seed=5)
    assert sha256(target) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["imvbox.sqlite"]
    assert sqlite3.connect(target).execute("PRAGMA page_size").fetchone()[0] == 4096


def test_different_seed_gives_different_data(demo: DemoSummary, tmp_path: Path) -> None:
    other = build_imvbox(tmp_path / "other.sqlite", seed=2019)
    assert sha256(other.path) != sha256(demo.path)
    emails = lambda p: set(column(sqlite3.connect(p), "SELECT email FROM accounts"))  # noqa: E731
    assert len(emails(other.path) & emails(demo.path)) < 100
    assert other.tables["accounts"] == demo.tables["accounts"]


def test_scale_multiplies_rows(demo: DemoSummary, tmp_path: Path) -> None:
    big = build_imvbox(tmp_path / "big.sqlite", scale=2)
    assert big.tables["accounts"] == 2 * demo.tables["accounts"] == 3000
    assert big.tables["legacy_users_2015"] == 2 * demo.tables["legacy_users_2015"]
    for name in PERSONAL_TABLES:
        assert 1.7 <= big.tables[name] / demo.tables[name] <= 2.3, name
    for name in ("films", "genres", "film_genres", "app_settings", "feature_flags"):
        assert big.tables[name] == demo.tables[name], name
    assert big.planted["children_under_13"] == 2 * demo.planted["children_under_13"]


def test_default_scale_is_small_but_not_trivial(demo: DemoSummary) -> None:
    assert 1000 <= demo.tables["accounts"] <= 3000
    assert max(demo.tables.values()) < 6000
    assert min(count for name, count in demo.tables.items() if name != "law_enforcement_requests") > 0


def test_generate_uses_only_the_seed() -> None:
    assert generate(11, 1)["accounts"][:20] == generate(11, 1)["accounts"][:20]
    assert generate(11, 1)["accounts"][:20] != generate(12, 1)["accounts"][:20]


# -- planted problems -------------------------------------------------------------------------

def readme_counts() -> dict[str, int]:
    counts = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z0-9_]+)` \|.*\| (\d+) \|$", line)
        if match:
            counts[match.group(1)] = int(match.group(2))
    return counts


def test_readme_documents_every_planted_count_exactly(demo: DemoSummary) -> None:
    assert readme_counts() == demo.planted
    assert set(demo.planted) == set(planted_sql())
    assert all(count > 0 for count in demo.planted.values())


def test_children_under_13(demo: DemoSummary, db: sqlite3.Connection) -> None:
    cutoff = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 13)
    dobs = [date.fromisoformat(d) for d in column(db, "SELECT date_of_birth FROM accounts WHERE date_of_birth IS NOT NULL")]
    children = [d for d in dobs if d > cutoff]
    assert len(children) == demo.planted["children_under_13"] == 30
    adults = [d for d in dobs if d <= cutoff]
    assert min((REFERENCE_DATE - d).days for d in adults) >= 16 * 365  # no borderline teenagers blur the count


def test_health_conditions_in_support_requests(demo: DemoSummary, db: sqlite3.Connection) -> None:
    texts = [f"{s} {b}".lower() for s, b in db.execute("SELECT subject, body FROM support_requests")]
    revealing = [t for t in texts if any(word in t for word in HEALTH_KEYWORDS)]
    assert len(revealing) == demo.planted["health_in_support_requests"] > 0
    assert len(texts) > 5 * len(revealing)  # most requests are ordinary ones


def test_legacy_plaintext_passwords_and_hashed_current_ones(demo: DemoSummary, db: sqlite3.Connection) -> None:
    legacy = column(db, "SELECT pass FROM legacy_users_2015")
    plain = [p for p in legacy if p and not (BCRYPT.match(p) or ARGON2.match(p))]
    assert len(plain) == demo.planted["legacy_plaintext_passwords"] == len(legacy)
    current = column(db, "SELECT password_hash FROM accounts WHERE password_hash IS NOT NULL")
    assert current and all(BCRYPT.match(h) or ARGON2.match(h) for h in current)
    assert {h[:4] for h in current} >= {"$2y$", "$2b$", "$arg"}


def test_closed_accounts_retained(demo: DemoSummary, db: sqlite3.Connection) -> None:
    cutoff = datetime(REFERENCE_DATE.year - 3, REFERENCE_DATE.month, REFERENCE_DATE.day)
    rows = db.execute("SELECT id, status, closed_at, created_at FROM accounts WHERE closed_at IS NOT NULL").fetchall()
    assert all(status == "closed" and created < closed for _, status, closed, created in rows)
    old = [r[0] for r in rows if datetime.fromisoformat(r[2]) < cutoff]
    assert len(old) == demo.planted["closed_accounts_retained"] == 60
    assert len(rows) > len(old)  # recently closed accounts exist too, and are not counted
    marks = ",".join("?" * len(old))
    assert db.execute(f"SELECT COUNT(*) FROM profiles WHERE account_id IN ({marks})", old).fetchone()[0] > 0


def test_phone_numbers_hidden_in_profiles_extra(demo: DemoSummary, db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT extra, country_code FROM profiles WHERE extra IS NOT NULL").fetchall()
    phones = [phonenumbers.parse(v, region) for v, region in rows if any(c.isdigit() for c in v)]
    assert len(phones) == demo.planted["phones_in_profiles_extra"] == 60
    assert all(phonenumbers.is_valid_number(p) for p in phones)
    others = {v for v, _ in rows if not any(c.isdigit() for c in v)}
    assert others and others <= {"vip", "beta-tester", "migrated"}
    assert any(not v.startswith(("+", "tel:")) for v, _ in rows if any(c.isdigit() for c in v))  # national format too


def test_emails_hidden_in_payments_memo(demo: DemoSummary, db: sqlite3.Connection) -> None:
    memos = column(db, "SELECT memo FROM payments WHERE memo IS NOT NULL")
    emails = [m for m in memos if EMAIL.match(m)]
    assert len(emails) == demo.planted["emails_in_payments_memo"] == 30
    assert all("@" not in m for m in memos if m not in emails)
    assert column(db, "SELECT DISTINCT processor FROM payments WHERE memo LIKE '%@%'") == ["paypal"]


def test_stale_ips_religion_sdh_and_secrets(demo: DemoSummary, db: sqlite3.Connection) -> None:
    stale = calendar.timegm(date(2025, 6, 30).timetuple())
    starts = column(db, "SELECT started_at FROM sessions WHERE ip_address IS NOT NULL")
    assert sum(1 for s in starts if s < stale) == demo.planted["stale_session_ips"] < len(starts)
    religion = column(db, "SELECT religion FROM partner_demographics")
    assert sum(r is not None for r in religion) == demo.planted["religion_from_partner"] < len(religion)
    assert sum(column(db, "SELECT prefer_sdh FROM subtitle_settings")) == demo.planted["sdh_subtitles_imply_hearing"]
    secrets = dict(db.execute("SELECT key, value FROM app_settings"))
    assert secrets["webhooks.signing_secret"].startswith("whsec_") and len(secrets["smtp.password"]) == 32
    assert demo.planted["system_secrets_in_app_settings"] == 2


# -- structure and values -----------------------------------------------------------------------

def test_foreign_keys_are_declared_and_visible_to_sqlalchemy(demo: DemoSummary) -> None:
    inspector = sa.inspect(sa.create_engine(f"sqlite:///{demo.path}"))
    links = {
        (table, tuple(fk["constrained_columns"]), fk["referred_table"])
        for table in inspector.get_table_names()
        for fk in inspector.get_foreign_keys(table)
    }
    for expected in [
        ("profiles", ("account_id",), "accounts"), ("payments", ("subscription_id",), "subscriptions"),
        ("payments", ("acct_id",), "accounts"), ("sessions", ("device_id",), "devices"),
        ("watch_history", ("uid",), "accounts"), ("watch_later", ("filmId",), "films"),
        ("ad_events", ("cookie_id",), "cookies"), ("facebook_logins", ("account_id",), "accounts"),
        ("referrals", ("joined_account_id",), "accounts"), ("film_genres", ("genre_id",), "genres"),
    ]:
        assert expected in links
    unlinked = {t for t in inspector.get_table_names() if not inspector.get_foreign_keys(t)}
    assert unlinked == {"accounts", "app_settings", "feature_flags", "films", "genres", "legacy_users_2015"}
    assert all(inspector.get_pk_constraint(t)["constrained_columns"] for t in inspector.get_table_names())


def test_foreign_keys_hold(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_emails_are_valid_and_varied(db: sqlite3.Connection) -> None:
    emails = column(db, """SELECT email FROM accounts UNION ALL SELECT invitee_email FROM referrals
        UNION ALL SELECT email FROM newsletter_subscriptions UNION ALL SELECT fbEmail FROM facebook_logins
        UNION ALL SELECT email FROM legacy_users_2015 UNION ALL SELECT contact_email FROM support_requests""")
    assert all(EMAIL.match(e) and parseaddr(e)[1] == e for e in emails), [e for e in emails if not EMAIL.match(e)][:5]
    assert len({e.split("@")[1] for e in emails}) >= 15
    assert len(set(column(db, "SELECT email FROM accounts"))) == 1500
    assert not EMAIL.match("not an email") and not EMAIL.match("a@b")  # the check can fail


def test_phone_numbers_validate(db: sqlite3.Connection) -> None:
    numbers = column(db, "SELECT callback_phone FROM support_requests WHERE callback_phone IS NOT NULL")
    numbers += column(db, "SELECT mobile FROM legacy_users_2015 WHERE mobile IS NOT NULL")
    parsed = [phonenumbers.parse(n, None) for n in numbers]
    assert len(parsed) > 50 and all(phonenumbers.is_valid_number(p) for p in parsed)
    assert len({p.country_code for p in parsed}) >= 6
    assert any(n.startswith("tel:") for n in numbers) and any(" " in n for n in numbers)
    assert not phonenumbers.is_valid_number(phonenumbers.parse("+1 555 0000", None))


def test_ip_addresses_are_valid_and_public(db: sqlite3.Connection) -> None:
    ips = column(db, """SELECT ip_address FROM sessions UNION ALL SELECT ip FROM ad_events
        UNION ALL SELECT last_ip FROM legacy_users_2015""")
    addrs = [ipaddress.ip_address(ip) for ip in ips]
    assert all(a.is_global for a in addrs)
    assert {a.version for a in addrs} == {4, 6}
    with pytest.raises(ValueError):
        ipaddress.ip_address("300.1.2.3")


def test_cards_are_tokenised_never_stored_in_full(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT * FROM payments").fetchall()
    assert all(re.fullmatch(r"\d{4}", r[7]) and re.fullmatch(r"\d{2}/\d{2}", r[9]) for r in rows)
    for row in rows:
        for value in row:
            for run in re.findall(r"\d{13,19}", str(value)):
                assert not is_luhn(run), "a full card number is stored"
    assert is_luhn("4111111111111111") and not is_luhn("4111111111111112")


def test_json_columns_and_names_are_realistic(db: sqlite3.Connection) -> None:
    for friends, interests in db.execute("SELECT friends_list, interests FROM facebook_logins"):
        assert isinstance(json.loads(friends), list) and isinstance(json.loads(interests), list)
    assert all(json.loads(s)["necessary"] is True for s in column(db, "SELECT settings FROM cookies"))
    names = column(db, "SELECT fullName FROM profiles")
    assert any(re.search("[\u0600-\u06ff]", n) for n in names)  # Persian script
    assert any(n.endswith(("Ahmadi", "Hosseini", "Tehrani", "Karimi")) for n in names)
    countries = column(db, "SELECT DISTINCT country_code FROM profiles")
    assert len(countries) >= 10 and all(re.fullmatch(r"[A-Z]{2}", c) for c in countries)
    assert len(set(column(db, "SELECT public_id FROM accounts"))) == 1500


def test_all_dates_are_before_the_reference_date(db: sqlite3.Connection) -> None:
    limit = datetime.combine(REFERENCE_DATE, datetime.max.time())
    for table, col in [("accounts", "created_at"), ("accounts", "last_login"), ("payments", "paid_at"),
                       ("watch_history", "watched_at"), ("support_requests", "opened_at")]:
        latest = db.execute(f"SELECT MAX({col}) FROM {table}").fetchone()[0]
        assert datetime.fromisoformat(latest) <= limit, (table, col)
    assert db.execute("SELECT MAX(started_at) FROM sessions").fetchone()[0] <= (limit - datetime(1970, 1, 1)) / timedelta(seconds=1)


# -- bad input and the command line --------------------------------------------------------------

@pytest.mark.parametrize("scale", [0, -1, 1001, 1.5, True, "2"])
def test_bad_scale_is_an_inventory_error(tmp_path: Path, scale: object) -> None:
    with pytest.raises(InventoryError) as info:
        build_imvbox(tmp_path / "x.sqlite", scale=scale)  # type: ignore[arg-type]
    assert str(info.value).startswith("scale: ") and "\n" not in str(info.value)
    assert not list(tmp_path.iterdir())


def test_bad_paths_are_inventory_errors(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="folder does not exist"):
        build_imvbox(tmp_path / "missing" / "x.sqlite")
    with pytest.raises(InventoryError, match="is a directory"):
        build_imvbox(tmp_path)
    with pytest.raises(InventoryError, match="seed"):
        build_imvbox(tmp_path / "x.sqlite", seed="abc")  # type: ignore[arg-type]


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: DemoSummary) -> None:
    out = tmp_path / "cli.sqlite"
    assert main(["--out", str(out), "--seed", "2018"]) == 0
    printed = capsys.readouterr().out
    assert "children_under_13" in printed and "accounts" in printed
    assert sha256(out) == sha256(demo.path)
    assert main(["--out", str(tmp_path / "nope" / "x.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "folder does not exist" in err and len(err.splitlines()) == 1
    assert main(["--out", str(tmp_path / "y.sqlite"), "--scale", "0"]) == 2

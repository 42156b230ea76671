"""Risk rules, scales, facts against a small SQLite DB, the register export, and every IMVBox planted problem."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from dpia_helpers import col, declarations, inventory, table, users

from privacy_inventory.dpia import scales
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.dpia.fact_plans import plan_facts
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.dpia.register import build_register, register_csv, register_findings, register_rows, write_register
from privacy_inventory.dpia.risks import RULES, derive_risks, rules_table
from privacy_inventory.models import ConfigFinding, Integration
from privacy_inventory.scan.sources import parse_source

REF = dt.date(2026, 6, 30)


def _keys(risks):
    return {r.key: r for r in risks}


# ---------------------------------------------------------------- scales
def test_level_map_matches_the_documented_table_and_is_monotonic():
    doc_rows = [line for line in (scales.__doc__ or "").splitlines() if line[:3] in ("| 1", "| 2", "| 3", "| 4")]
    for line in doc_rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[1:] == [scales.LEVEL_MAP[int(cells[0][0])][lik] for lik in range(1, 5)], line
    assert len(doc_rows) == 4
    for sev in range(1, 5):
        for lik in range(1, 5):
            level = scales.risk_level(sev, lik)
            if sev < 4:
                assert scales.LEVELS.index(scales.risk_level(sev + 1, lik)) >= scales.LEVELS.index(level)
            if lik < 4:
                assert scales.LEVELS.index(scales.risk_level(sev, lik + 1)) >= scales.LEVELS.index(level)
    assert scales.risk_level(1, 1) == "low" and scales.risk_level(4, 4) == "very high" and scales.risk_level(4, 1) == "medium"
    with pytest.raises(ValueError):
        scales.risk_level(0, 5)
    assert scales.clamp(7) == 4 and scales.clamp(-1) == 1 and scales.level_rank("very high") == 0


def test_rules_table_lists_every_rule_and_factor():
    text = rules_table()
    assert all(f"| {kind} |" in text for kind in RULES)
    assert "measures not counted" in text and "number of people" in text and "pseudonymisation" in text


# ---------------------------------------------------------------- rules on hand-built inventories
def test_no_generic_risk_per_activity_only_concrete_data_sets():
    decl = declarations({"key": "a", "name": "A", "tables": ["users", "cards"]})
    plain = _keys(derive_risks(inventory(users(100)), decl))
    assert plain == {}  # an e-mail table with nothing wrong is not a risk of its own
    assert not [k for k in plain if k.split(":")[0] in ("access", "modification", "disappearance")]
    risks = _keys(derive_risks(inventory(users(100), table("cards", col("tok", "user.financial.credit_card"))), decl))
    base = risks["exposure:app.cards"]
    assert (base.severity, base.likelihood) == RULES["exposure"][1:3] and base.data == ["user.financial.credit_card"]
    big = _keys(derive_risks(inventory(users(10_000), table("cards", col("tok", "user.financial.credit_card"), fks=(("uid", "users", "id"),))), decl))
    assert big["exposure:app.cards"].severity == base.severity + 1 and any("number of people" in f for f in big["exposure:app.cards"].factors)


CARDS_AND_MEMO = (users(100), table("pay", col("tok", "user.financial.credit_card"), col("memo", "user.contact.email", ("hidden_by_name",)),
                                    col("uid", "user.unique_id"), fks=(("uid", "users", "id"),)))


@pytest.mark.parametrize("measure, exposure_lowered, memo_lowered", [
    ("encryption at rest (AES-256, keys in a KMS)", True, True),
    ("card numbers never stored: the payment processor holds them", True, False),  # about card data, not the e-mail in memo
    ("appropriate technical and organisational measures (specifics not stated)", False, False),  # vague: lowers nothing
    ("access to audit_log restricted to two admins", False, False),  # names another table
    ("nightly job deleting closed accounts", False, False),  # treats retention, not a breach
])
def test_a_measure_lowers_only_the_risks_it_treats(measure, exposure_lowered, memo_lowered):
    bare = _keys(derive_risks(inventory(*CARDS_AND_MEMO), declarations({"key": "a", "name": "A", "tables": ["users", "pay", "audit_log"]})))
    got = _keys(derive_risks(inventory(*CARDS_AND_MEMO), declarations({"key": "a", "name": "A", "tables": ["users", "pay", "audit_log"],
                                                                        "security_measures": [measure]})))
    for key, lowered in (("exposure:app.pay", exposure_lowered), ("hidden:app.pay.memo", memo_lowered)):
        assert got[key].likelihood == bare[key].likelihood - (1 if lowered else 0), (key, got[key].factors)
        assert (measure in got[key].measures) == lowered
    if "specifics not stated" in measure:
        assert any("no specifics stated" in f for f in got["exposure:app.pay"].factors)


def _retention_facts(*refs: str) -> Facts:
    from privacy_inventory.dpia.fact_model import Fact

    return Facts("2026-06-30", {f"retention:{r}": Fact(f"retention:{r}", "retention", r, ["at"], "rows older than P1Y", value=50) for r in refs})


def test_pseudonymous_claims_are_checked_against_the_columns():
    claim = "Pseudonymised: device fingerprints only, no direct identifiers"
    inv = inventory(users(100),
                    table("signals", col("uid", "user.unique_id"), col("fp", "user.device.device_id"), col("ip", "user.device.ip_address"),
                          fks=(("uid", "users", "id"),)),
                    table("events", col("install_id", "user.unique_id.pseudonymous"), col("screen")))
    decl = declarations({"key": "f", "name": "F", "tables": ["signals"], "security_measures": [claim]},
                        {"key": "e", "name": "E", "tables": ["events"], "security_measures": [claim]})
    risks = _keys(derive_risks(inv, decl, _retention_facts("app.signals", "app.events")))
    signals, events = risks["retention:app.signals"], risks["retention:app.events"]
    assert any("claim contradicted" in f and "uid (links to users)" in f and "ip (user.device.ip_address)" in f for f in signals.factors)
    assert not any("identifiability" in f or "pseudonymisation" in f for f in signals.factors) and claim not in signals.measures
    assert any("pseudonymisation that the columns confirm" in f for f in events.factors) and claim in events.measures
    assert events.severity == signals.severity - 1


def test_stale_ips_of_identified_people_do_not_rank_last():
    inv = inventory(users(1500), table("sessions", col("account_id", "user.unique_id"), col("ip", "user.device.ip_address"),
                                       rows=4000, fks=(("account_id", "users", "id"),)),
                    table("cards", col("tok", "user.financial.credit_card"), rows=900))
    decl = declarations({"key": "sec", "name": "Security", "tables": ["sessions", "users", "cards"],
                         "security_measures": ["technical and organisational measures appropriate to the risk (policy; specifics not stated)"]})
    reg = build_register(inv, decl, _retention_facts("app.sessions"))
    keys = [r.key for r in reg.risks]
    assert keys[0] == "retention:app.sessions" and reg.risk("retention:app.sessions").level == "high"


def test_ad_sharing_is_one_risk_per_activity_with_its_recipients():
    rec = {"role": "independent_controller", "type": "ad_network", "country": "DE", "categories": ["user.device.cookie_id"]}
    decl = declarations({"key": "ads", "name": "Ads", "tables": ["users"], "recipients": ["n1", "n2"], "legal_basis": "consent"},
                        recipients=({"key": "n1", "name": "Net One", **rec}, {"key": "n2", "name": "Net Two", **rec}))
    risks = _keys(derive_risks(inventory(users(100)), decl))
    assert list(risks) == ["ad_sharing:ads"] and "Net One, Net Two" in risks["ad_sharing:ads"].description


def test_children_special_plaintext_hidden_and_undeclared_from_flags():
    inv = inventory(
        users(100, col("dob", "user.demographic.date_of_birth", ("children",), {"under_13": 3, "sampled_dates": 90}),
              col("pw", "user.authorization.password", ("plaintext_password",), {"plaintext_passwords": 90}),
              col("extra", "user.contact.phone_number", ("hidden_by_name",))),
        table("notes", col("body", "user.content.private", ("special:health",))),
    )
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]})
    risks = _keys(derive_risks(inv, decl))
    assert risks["children:app.users"].evidence == ["3 of 90 sampled dob under 13"]
    assert risks["plaintext_passwords:app.users"].count == 90
    assert "hidden:app.users.extra" in risks
    assert "special:app.notes" in risks and "undeclared:app.notes" in risks
    clean = _keys(derive_risks(inventory(users(100)), decl))
    assert not [k for k in clean if k.split(":")[0] in ("children", "plaintext_passwords", "hidden", "special", "undeclared")]


def test_flow_risks_undisclosed_sharing_transfer_and_config_secret():
    inv = inventory(users())
    inv.integrations = [Integration("cfg", "ads.json", "pixel.id", "somepixel", "independent_controller", "US", categories=["user.device.cookie_id"])]
    inv.config_findings = [ConfigFinding("secret_in_config", ".env", "DB_URL", "high", "password in URL (***)"),
                           ConfigFinding("other", ".env", "X", "low", "n/a")]
    decl = declarations({"key": "a", "name": "A", "tables": ["users"], "recipients": ["p", "eu"]},
                        recipients=({"key": "p", "name": "Partner", "role": "processor", "type": "service_provider", "country": "ZZ", "transfer_safeguard": "none"},
                                    {"key": "eu", "name": "EU", "role": "processor", "type": "service_provider", "country": "DE", "vendor": "known"}))
    risks = _keys(derive_risks(inv, decl))
    assert "undisclosed_sharing:somepixel" in risks and "transfer:p" in risks and "transfer:eu" not in risks
    assert "secret_in_config:.env:DB_URL" in risks and "secret_in_config:.env:X" not in risks
    inv.integrations[0].vendor = "known"
    assert "undisclosed_sharing:known" not in _keys(derive_risks(inv, decl))


# ---------------------------------------------------------------- facts on a small SQLite database
@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "small.db"
    con = sqlite3.connect(path)
    con.executescript('''
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, dob DATE, pw TEXT, closed_at DATETIME, extra TEXT, cc CHAR(2));
        CREATE TABLE visits (id INTEGER PRIMARY KEY, uid INTEGER REFERENCES users(id), ip TEXT, at INTEGER);
        CREATE TABLE "odd ""name""" (k TEXT, "value" TEXT, "key" TEXT);
    ''')
    con.executemany("INSERT INTO users VALUES (?,?,?,?,?,?,?)", [
        (1, "a@x.org", "2015-01-01", "hunter22", "2020-01-01 10:00:00", "+44 20 7946 0958", "GB"),
        (2, "b@x.org", "1990-05-05", "$2b$12$" + "a" * 53, None, "vip", "GB"),
        (3, "c@x.org", "2020-02-02", "secret99", "2026-01-01", None, "GB"),
        (4, "d@x.org", "06/30/2014", None, "2022-12-31", "020 7946 0958", "GB"),
    ])
    con.executemany("INSERT INTO visits VALUES (?,?,?,?)", [(1, 1, "10.0.0.1", 1600000000), (2, 2, "10.0.0.2", 1780000000)])
    con.executemany('INSERT INTO "odd ""name""" VALUES (?,?,?)', [("smtp.password", "pw", "smtp.password"), ("site", "x", "site.name")])
    con.commit()
    con.close()
    return path


def _small_inventory():
    return inventory(
        table("users", col("id", "user.unique_id", data_type="INTEGER"), col("email", "user.contact.email"),
              col("dob", "user.demographic.date_of_birth", data_type="DATE"), col("pw", "user.authorization.password"),
              col("closed_at", data_type="DATETIME"), col("extra", "user.contact.phone_number", ("hidden_by_name",)),
              col("cc", "user.contact.address.country"), rows=4, person=True),
        table("visits", col("uid", "user.unique_id"), col("ip", "user.device.ip_address"), col("at", data_type="INTEGER"),
              rows=2, fks=(("uid", "users", "id"),)),
        table('odd "name"', col("k"), col("value"), col("key")),
        source="small",
    )


def _small_decl():
    return declarations(
        {"key": "acc", "name": "Accounts", "tables": ["users", "visits"],
         "retention": {"period": "relationship", "grace": "P1Y", "basis": "b", "date_column": "closed_at", "applies_to": ["users", "visits"]}},
        {"key": "sec", "name": "Security", "tables": ["visits"],
         "retention": {"period": "P1Y", "basis": "b", "date_column": "at", "applies_to": ["visits"]}},
    )


def test_facts_count_on_sqlite_and_survive_json(small_db: Path, tmp_path: Path):
    facts = collect_facts([parse_source(f"small=sqlite:///{small_db}")], _small_inventory(), _small_decl(), REF, children_age=13)
    v = facts.value
    assert v("under_13:small.users.dob") == 3  # 2015-01-01, 2020-02-02 and 06/30/2014 (12 on the day); 1990 is an adult
    assert v("plaintext_passwords:small.users.pw") == 2
    assert v("retention:small.users") == 2  # closed before 2025-06-30
    assert v("retention:small.visits") == 1  # the strictest period: P1Y on `at` (Unix seconds)
    assert v("hidden:small.users.extra") == 2  # national number read with the row's country code; 'vip' is not a phone
    assert v('secret_keys:small.odd "name"') == 1  # quoted identifiers, key names only
    again = Facts.load(facts.save(tmp_path / "facts.json"))
    assert again.to_json() == facts.to_json()
    assert "hunter22" not in facts.to_json() and "a@x.org" not in facts.to_json()


def test_facts_failures_are_recorded_not_raised(small_db: Path, tmp_path: Path):
    inv = _small_inventory()
    inv.sources[0].tables[0].columns.append(col("gone", "user.demographic.date_of_birth"))
    facts = collect_facts([parse_source(f"small=sqlite:///{small_db}")], inv, _small_decl(), REF, children_age=13)
    assert facts.facts["under_13:small.users.gone"].error and facts.value("under_13:small.users.gone") is None
    assert facts.value("under_13:small.users.dob") == 3
    missing = collect_facts([], inv, _small_decl(), REF)
    assert all(f.error == "no database URL given for source small" for f in missing.facts.values())
    broken = collect_facts([parse_source(f"small=sqlite:///{tmp_path / 'nope.db'}")], inv, _small_decl(), REF)
    assert all("not found" in (f.error or "") for f in broken.facts.values())
    assert [p.fact.key for p in plan_facts(inv, _small_decl(), REF, children_age=13)] == sorted(facts.facts)


def test_retention_risk_from_facts_and_none_without_old_rows(small_db: Path):
    facts = collect_facts([parse_source(f"small=sqlite:///{small_db}")], _small_inventory(), _small_decl(), REF)
    risks = _keys(derive_risks(_small_inventory(), _small_decl(), facts))
    assert risks["retention:small.users"].count == 2 and "children:small.users" in risks
    later = collect_facts([parse_source(f"small=sqlite:///{small_db}")], _small_inventory(), _small_decl(), dt.date(2020, 6, 1))
    assert "retention:small.users" not in _keys(derive_risks(_small_inventory(), _small_decl(), later))


# ---------------------------------------------------------------- register
def test_register_sorted_deterministic_and_exported(tmp_path: Path):
    inv = inventory(users(100, col("pw", "user.authorization.password", ("plaintext_password",), {"plaintext_passwords": 5})))
    decl = declarations({"key": "a", "name": "A", "tables": ["users"]})
    reg = build_register(inv, decl)
    ranks = [(scales.level_rank(r.level), r.key) for r in reg.risks]
    assert ranks == sorted(ranks)
    assert register_csv(reg) == register_csv(build_register(inv, decl))
    rows = register_rows(reg)
    assert rows[0]["key"] == reg.risks[0].key and set(rows[0]) >= {"level", "severity", "likelihood", "evidence", "reviewed_by"}
    csv_path, xlsx_path = write_register(reg, tmp_path / "out")
    assert csv_path.read_text().startswith("key,level,") and xlsx_path.read_bytes() == write_register(reg, tmp_path / "out2")[1].read_bytes()
    assert all(f.source == "dpia" for f in register_findings(reg))


# ---------------------------------------------------------------- IMVBox, end to end
PLANTED = {  # README key -> (risk key, how its count shows)
    "children_under_13": ("children:imvbox.accounts", "under_13:imvbox.accounts.date_of_birth"),
    "health_in_support_requests": ("special:imvbox.support_requests", "special_text:imvbox.support_requests:health"),
    "legacy_plaintext_passwords": ("plaintext_passwords:imvbox.legacy_users_2015", "plaintext_passwords:imvbox.legacy_users_2015.pass"),
    "closed_accounts_retained": ("retention:imvbox.accounts", "retention:imvbox.accounts"),
    "phones_in_profiles_extra": ("hidden:imvbox.profiles.extra", "hidden:imvbox.profiles.extra"),
    "emails_in_payments_memo": ("hidden:imvbox.payments.memo", "hidden:imvbox.payments.memo"),
    "stale_session_ips": ("retention:imvbox.sessions", "retention:imvbox.sessions"),
    "religion_from_partner": ("special:imvbox.partner_demographics", "special_values:imvbox.partner_demographics.religion"),
    "sdh_subtitles_imply_hearing": ("special:imvbox.subtitle_settings", "special_values:imvbox.subtitle_settings.prefer_sdh"),
    "system_secrets_in_app_settings": ("secret_in_database:imvbox.app_settings", "secret_keys:imvbox.app_settings"),
}


@pytest.fixture(scope="module")
def imvbox(imvbox_db: Path):
    from privacy_inventory.declarations_io import load_declarations
    from privacy_inventory.demo.imvbox import REFERENCE_DATE, planted_sql
    from privacy_inventory.dpia.overrides import load_overrides
    from privacy_inventory.models import Inventory
    from privacy_inventory.scan.database import ScanOptions, scan_source

    spec = parse_source(f"sqlite:///{imvbox_db}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    decl = load_declarations(Path("inventory/imvbox"))
    facts = collect_facts([spec], inv, decl, REFERENCE_DATE)
    con = sqlite3.connect(imvbox_db)
    planted = {k: con.execute(q).fetchone()[0] for k, q in planted_sql().items()}
    con.close()
    reg = build_register(inv, decl, facts, load_overrides(Path("inventory/imvbox/dpia.yaml")))
    return inv, decl, facts, reg, planted


@pytest.mark.parametrize("planted_key", sorted(PLANTED))
def test_imvbox_planted_problem_is_a_named_risk_with_its_count(imvbox, planted_key):
    inv, _, facts, reg, planted = imvbox
    risk_key, fact_key = PLANTED[planted_key]
    _classifier_must_see_it(inv, planted_key)
    assert reg.risk(risk_key) is not None, f"{planted_key}: no risk {risk_key}"
    assert facts.value(fact_key) == planted[planted_key], f"{planted_key}: {facts.facts.get(fact_key)}"
    assert any(scales_fmt(planted[planted_key]) in e for e in reg.risk(risk_key).evidence)


CLASSIFIER_NEEDS = {  # planted problem -> (table, column, flag the classifier must raise first)
    "phones_in_profiles_extra": ("profiles", "extra", "hidden_by_name"),
    "emails_in_payments_memo": ("payments", "memo", "hidden_by_name"),
    "sdh_subtitles_imply_hearing": ("subtitle_settings", "prefer_sdh", "special:health"),
}


def _classifier_must_see_it(inv, planted_key: str) -> None:
    """The rule needs the classifier's flag first: fail clearly (not later, on a missing risk) if it is gone."""
    if planted_key in CLASSIFIER_NEEDS:
        tname, cname, flag = CLASSIFIER_NEEDS[planted_key]
        column = next(c for t in inv.sources[0].tables if t.name == tname for c in t.columns if c.name == cname)
        assert flag in column.flags, f"classifier no longer flags {tname}.{cname} with {flag}"


def scales_fmt(n: int) -> str:
    return f"{n:,}"


def test_imvbox_register_is_reviewed_current_and_leaks_nothing(imvbox, imvbox_db: Path):
    inv, decl, facts, reg, _ = imvbox
    assert reg.stale == []
    pw = reg.risk("plaintext_passwords:imvbox.legacy_users_2015")
    assert pw.decision == "avoid" and pw.reviewed_by and pw.residual_level == "low" and pw.computed_severity == 3 and pw.severity == 4
    assert "undeclared:imvbox.legacy_users_2015" in {r.key for r in reg.risks} and "undeclared:imvbox.partner_demographics" in {r.key for r in reg.risks}
    text = register_csv(reg) + facts.to_json()
    con = sqlite3.connect(imvbox_db)
    raw = [r[0] for r in con.execute("SELECT email FROM accounts LIMIT 20")] + [r[0] for r in con.execute("SELECT pass FROM legacy_users_2015 LIMIT 20")]
    con.close()
    assert not [v for v in raw if v and v in text]


# ---------------------------------------------------------------- retention: what ends a relationship, statutory periods
@pytest.mark.parametrize("column, person_table, ends", [
    ("closed_at", True, True), ("closedOn", True, True), ("closed_at", False, False),  # a ticket's closing is not the end
    ("unsubscribed_at", False, True), ("withdrawn_at", False, True), ("revoked_at", False, True), ("cancelled_on", False, True),
    ("paid_at", True, False), ("created_at", True, False), ("resolved_at", False, False), ("ended_at", False, False),
])
def test_which_dates_end_a_relationship(column, person_table, ends):
    from privacy_inventory.dpia.retention import ends_relationship

    assert ends_relationship(column, person_table) is ends


@pytest.fixture()
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    con = sqlite3.connect(path)
    con.executescript('''
        CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT, closed_on DATE);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(id), paid_at DATE);
        CREATE TABLE tickets (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(id), closed_at DATE);
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, written_at DATE);
    ''')
    con.executemany("INSERT INTO members VALUES (?,?,?)", [(1, "a@x.org", None), (2, "b@x.org", "2018-01-01"), (3, "c@x.org", "2026-01-01")])
    # member 1 is active: old orders and old tickets of an active member are not kept "too long"
    con.executemany("INSERT INTO orders VALUES (?,?,?)", [(1, 1, "2010-01-01"), (2, 1, "2012-01-01"), (3, 2, "2017-06-01"), (4, 3, "2023-06-01")])
    con.executemany("INSERT INTO tickets VALUES (?,?,?)", [(1, 1, "2011-01-01"), (2, 2, "2017-12-01"), (3, 3, "2023-12-01")])
    con.executemany("INSERT INTO notes VALUES (?,?,?)", [(1, "x", "2010-01-01")])
    con.commit()
    con.close()
    return path


def _shop(statutory: dict | None = None):
    inv = inventory(
        table("members", col("id", "user.unique_id", data_type="INTEGER"), col("email", "user.contact.email"), col("closed_on", data_type="DATE"), rows=3, person=True),
        table("orders", col("member_id", "user.unique_id"), col("paid_at", data_type="DATE"), rows=4, fks=(("member_id", "members", "id"),)),
        table("tickets", col("member_id", "user.unique_id"), col("closed_at", data_type="DATE"), rows=3, fks=(("member_id", "members", "id"),)),
        table("notes", col("body", "user.content.private"), col("written_at", data_type="DATE"), rows=1),
        source="shop")
    ret = {"period": "relationship", "grace": "P1Y", "basis": "b"}
    decl = declarations(
        {"key": "orders", "name": "Orders", "tables": ["orders"], "retention": {**ret, "date_column": "paid_at", **({"statutory": statutory} if statutory else {})}},
        {"key": "support", "name": "Support", "tables": ["tickets"], "retention": {**ret, "date_column": "closed_at"}},
        {"key": "notes", "name": "Notes", "tables": ["notes"], "retention": {**ret, "date_column": "written_at"}},
    )
    return inv, decl


def test_retention_counts_from_the_end_of_the_relationship_not_a_payment_or_ticket(shop_db: Path):
    inv, decl = _shop()
    facts = collect_facts([parse_source(f"shop=sqlite:///{shop_db}")], inv, decl, REF)
    assert facts.value("retention:shop.orders") == 1  # only the order of member 2 (closed 2018); member 1's 2010 orders are not contradictions
    assert facts.value("retention:shop.tickets") == 1  # only the ticket of member 2, however old member 1's ticket is
    assert "paid_at does not end the relationship" in facts.facts["retention:shop.orders"].detail
    assert "members.closed_on" in facts.facts["retention:shop.tickets"].detail
    notes = facts.facts["retention:shop.notes"]
    assert notes.value is None and "cannot tell when the relationship ended" in (notes.error or "")
    assert "retention:shop.notes" not in _keys(derive_risks(inv, decl, facts))


def test_statutory_retention_is_honoured(shop_db: Path):
    inv, decl = _shop({"period": "P10Y", "law": "Tax Code s.147 (10 years)"})
    facts = collect_facts([parse_source(f"shop=sqlite:///{shop_db}")], inv, decl, REF)
    assert facts.value("retention:shop.orders") == 0 and "statutory P10Y (Tax Code s.147 (10 years)) is honoured" in facts.facts["retention:shop.orders"].detail
    assert "retention:shop.orders" not in _keys(derive_risks(inv, decl, facts))
    shorter = collect_facts([parse_source(f"shop=sqlite:///{shop_db}")], *_shop({"period": "P6M", "law": "some act"}), REF)
    assert shorter.value("retention:shop.orders") == 1 and "covers the statutory P6M" in shorter.facts["retention:shop.orders"].detail


def test_secret_store_references_are_not_plaintext_secrets(tmp_path: Path):
    path = tmp_path / "cfg.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT)")
    con.executemany("INSERT INTO settings VALUES (?,?)", [
        ("db.password", "vault:secret/data/app/db#password"), ("api.token", "${API_TOKEN}"), ("kms.key", "arn:aws:secretsmanager:eu-west-1:1:secret:x"),
        ("smtp.password", "hunter2-Real"), ("site.name", "Shop")])
    con.commit()
    con.close()
    inv = inventory(table("settings", col("name"), col("value")), source="cfg")
    facts = collect_facts([parse_source(f"cfg=sqlite:///{path}")], inv, declarations({"key": "a", "name": "A", "tables": ["x"]}), REF)
    assert facts.value("secret_keys:cfg.settings") == 1 and "hunter2" not in facts.to_json()


def test_imvbox_necessity_answers_from_its_data(imvbox):
    from privacy_inventory.dpia.necessity import PROBLEM, assess

    inv, decl, facts, _, planted = imvbox
    by = {a.activity: {p.key: p for p in a.points} for a in assess(inv, decl, facts)}
    assert by["security"]["storage_limitation"].status == PROBLEM and f"{planted['stale_session_ips']:,} rows of imvbox.sessions" in by["security"]["storage_limitation"].answer
    assert by["support"]["lawfulness"].status == PROBLEM and "imvbox.support_requests" in by["support"]["lawfulness"].answer
    assert by["advertising"]["lawfulness"].evidence[-1].startswith("consent recorded in imvbox.cookies")
    assert "Finance Act 1998" in by["payments"]["storage_limitation"].evidence[0]

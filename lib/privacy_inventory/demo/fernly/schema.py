"""The Fernly demo schema and the SQL that counts each planted problem and each trap, in one visible place."""

from __future__ import annotations

# Table DDL in creation order. Fernly's own conventions: `_no`/`_on`/`_addr` suffixes, `cust_id` keys,
# a few vague columns (`ext_ref`), codes that look like numbers but are not people's (MCC, BIC, Eircode).
TABLES: tuple[tuple[str, str], ...] = (
    ("fx_rates", """CREATE TABLE fx_rates (
  ccy CHAR(3) NOT NULL,
  rate_on DATE NOT NULL,
  eur_rate NUMERIC(12,6) NOT NULL,
  PRIMARY KEY (ccy, rate_on)
)"""),
    ("app_config", """CREATE TABLE app_config (
  name VARCHAR(80) PRIMARY KEY,
  value TEXT,
  changed_on DATE
)"""),
    ("merchants", """CREATE TABLE merchants (
  merchant_id INTEGER PRIMARY KEY,
  trading_name VARCHAR(120) NOT NULL,
  legal_name VARCHAR(160),
  vat_no VARCHAR(12),
  mcc CHAR(4) NOT NULL,
  support_email VARCHAR(254),
  switchboard VARCHAR(20),
  website VARCHAR(200)
)"""),
    ("customers", """CREATE TABLE customers (
  cust_id INTEGER PRIMARY KEY,
  cust_ref CHAR(36) NOT NULL UNIQUE,
  email_addr VARCHAR(254) NOT NULL UNIQUE,
  mobile_no VARCHAR(20),
  given_name VARCHAR(60),
  family_name VARCHAR(60),
  birth_date DATE,
  ppsn VARCHAR(9),
  addr_line1 VARCHAR(120),
  town VARCHAR(60),
  eircode CHAR(8),
  country CHAR(2) DEFAULT 'IE',
  segment VARCHAR(8) NOT NULL DEFAULT 'adult',
  onboarded_at DATETIME NOT NULL,
  acct_status VARCHAR(10) NOT NULL DEFAULT 'active',
  closed_on DATE
)"""),
    ("guardians", """CREATE TABLE guardians (
  id INTEGER PRIMARY KEY,
  teen_cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  guardian_name VARCHAR(120),
  guardian_email VARCHAR(254),
  guardian_mobile VARCHAR(20),
  relationship VARCHAR(20),
  consent_given_on DATE
)"""),
    ("kyc_checks", """CREATE TABLE kyc_checks (
  check_id INTEGER PRIMARY KEY,
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  doc_type VARCHAR(20),
  doc_number VARCHAR(20),
  doc_country CHAR(2),
  liveness_score REAL,
  vendor VARCHAR(20),
  outcome VARCHAR(10),
  checked_at DATETIME
)"""),
    ("bank_links", """CREATE TABLE bank_links (
  link_id INTEGER PRIMARY KEY,
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  iban VARCHAR(34),
  bic VARCHAR(11),
  bank_name VARCHAR(60),
  aisp VARCHAR(20),
  consent_expires_on DATE,
  linked_at DATETIME,
  revoked_at DATETIME
)"""),
    ("card_txns", """CREATE TABLE card_txns (
  txn_id INTEGER PRIMARY KEY,
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
  amount_eur NUMERIC(10,2) NOT NULL,
  mcc CHAR(4),
  txn_city VARCHAR(60),
  channel VARCHAR(8),
  txn_at DATETIME NOT NULL
)"""),
    ("credit_plans", """CREATE TABLE credit_plans (
  plan_id INTEGER PRIMARY KEY,
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  merchant_id INTEGER REFERENCES merchants(merchant_id),
  principal_eur NUMERIC(10,2),
  n_instalments SMALLINT,
  score INTEGER,
  decision VARCHAR(10),
  decided_by VARCHAR(20),
  decided_at DATETIME,
  settled_on DATE,
  ext_ref VARCHAR(40)
)"""),
    ("instalments", """CREATE TABLE instalments (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES credit_plans(plan_id),
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  due_on DATE,
  paid_on DATE,
  amount_eur NUMERIC(10,2),
  status VARCHAR(10)
)"""),
    ("support_tickets", """CREATE TABLE support_tickets (
  ticket_no VARCHAR(14) PRIMARY KEY,
  cust_id INTEGER REFERENCES customers(cust_id),
  channel VARCHAR(10),
  subject VARCHAR(200),
  body TEXT,
  opened_at DATETIME,
  resolved_at DATETIME
)"""),
    ("marketing_consents", """CREATE TABLE marketing_consents (
  cust_id INTEGER PRIMARY KEY REFERENCES customers(cust_id),
  email_optin BOOLEAN,
  sms_optin BOOLEAN,
  given_at DATETIME,
  withdrawn_at DATETIME
)"""),
    ("campaign_sends", """CREATE TABLE campaign_sends (
  id INTEGER PRIMARY KEY,
  cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
  campaign VARCHAR(40),
  channel VARCHAR(6),
  sent_at DATETIME NOT NULL
)"""),
    ("risk_signals", """CREATE TABLE risk_signals (
  id INTEGER PRIMARY KEY,
  cust_id INTEGER REFERENCES customers(cust_id),
  device_fp CHAR(40),
  ip_addr VARCHAR(45),
  signal VARCHAR(20),
  score REAL,
  seen_at DATETIME NOT NULL
)"""),
    ("app_events", """CREATE TABLE app_events (
  id INTEGER PRIMARY KEY,
  install_id CHAR(32) NOT NULL,
  event VARCHAR(40) NOT NULL,
  screen VARCHAR(40),
  app_ver VARCHAR(10),
  ts INTEGER NOT NULL
)"""),
    ("lead_imports_2021", """CREATE TABLE lead_imports_2021 (
  id INTEGER PRIMARY KEY,
  full_name VARCHAR(120),
  email VARCHAR(254),
  phone VARCHAR(20),
  source VARCHAR(40),
  imported_on DATE
)"""),
)

SPECIAL_MCC = ("8651", "8661", "8699")  # political organisations, religious organisations, membership bodies (unions)

# Planted problem -> SQL counting it. {aml}, {teen16}, {stale_signal}, {six_years}, {two_years} are filled in
# from the reference date by the generator (see fernly.build.planted_sql).
PLANTED_SQL: dict[str, str] = {
    "teens_under_16_without_guardian": (
        "SELECT COUNT(*) FROM customers c WHERE c.birth_date > '{teen16}' "
        "AND NOT EXISTS (SELECT 1 FROM guardians g WHERE g.teen_cust_id = c.cust_id)"
    ),
    "kyc_past_aml_retention": (
        "SELECT COUNT(*) FROM kyc_checks k JOIN customers c ON c.cust_id = k.cust_id "
        "WHERE c.acct_status = 'closed' AND c.closed_on < '{aml}'"
    ),
    "marketing_after_withdrawal": (
        "SELECT COUNT(*) FROM campaign_sends s JOIN marketing_consents m ON m.cust_id = s.cust_id "
        "WHERE m.withdrawn_at IS NOT NULL AND s.sent_at > m.withdrawn_at"
    ),
    "special_category_payments": (
        "SELECT COUNT(*) FROM card_txns t JOIN merchants m ON m.merchant_id = t.merchant_id "
        "WHERE m.mcc IN ('8651', '8661', '8699')"
    ),
    "ibans_in_credit_ext_ref": "SELECT COUNT(*) FROM credit_plans WHERE ext_ref GLOB 'IE[0-9][0-9]*'",
    "stale_risk_signal_ips": "SELECT COUNT(*) FROM risk_signals WHERE ip_addr IS NOT NULL AND seen_at < '{stale_signal}'",
    "risk_signals_not_pseudonymous": "SELECT COUNT(*) FROM risk_signals WHERE cust_id IS NOT NULL AND ip_addr IS NOT NULL",
    "automated_credit_declines": "SELECT COUNT(*) FROM credit_plans WHERE decision = 'declined' AND decided_by LIKE 'model%'",
    "undeclared_lead_list": "SELECT COUNT(*) FROM lead_imports_2021",
    "customers_past_aml_retention": "SELECT COUNT(*) FROM customers WHERE acct_status = 'closed' AND closed_on < '{aml}'",
    "card_txns_past_retention": (
        "SELECT COUNT(*) FROM card_txns t JOIN customers c ON c.cust_id = t.cust_id "
        "WHERE c.acct_status = 'closed' AND c.closed_on < '{six_years}'"
    ),
    "instalments_past_retention": (
        "SELECT COUNT(*) FROM instalments i JOIN customers c ON c.cust_id = i.cust_id "
        "WHERE c.acct_status = 'closed' AND c.closed_on < '{six_years}'"
    ),
    "tickets_past_retention": (
        "SELECT COUNT(*) FROM support_tickets t JOIN customers c ON c.cust_id = t.cust_id "
        "WHERE c.acct_status = 'closed' AND c.closed_on < '{two_years}'"
    ),
    "revoked_bank_links_retained": "SELECT COUNT(*) FROM bank_links WHERE revoked_at < '{thirty_days}'",
}

# Traps: true facts that are NOT problems; a suite that raises them is wrong.
TRAP_SQL: dict[str, str] = {
    "old_instalments_of_active_customers": (
        "SELECT COUNT(*) FROM instalments i JOIN customers c ON c.cust_id = i.cust_id "
        "WHERE c.acct_status != 'closed' AND i.paid_on < '{six_years}'"
    ),
    "old_tickets_of_active_customers": (
        "SELECT COUNT(*) FROM support_tickets t JOIN customers c ON c.cust_id = t.cust_id "
        "WHERE c.acct_status != 'closed' AND t.resolved_at < '{two_years}'"
    ),
    "kyc_within_aml_period": (
        "SELECT COUNT(*) FROM kyc_checks k JOIN customers c ON c.cust_id = k.cust_id "
        "WHERE c.acct_status = 'closed' AND c.closed_on >= '{aml}'"
    ),
    "teens_16_17_without_guardian": (
        "SELECT COUNT(*) FROM customers c WHERE c.birth_date <= '{teen16}' AND c.birth_date > '{adult}' "
        "AND NOT EXISTS (SELECT 1 FROM guardians g WHERE g.teen_cust_id = c.cust_id)"
    ),
    "merchant_business_contacts": "SELECT COUNT(*) FROM merchants WHERE support_email IS NOT NULL",
    "secret_manager_references": (
        "SELECT COUNT(*) FROM app_config WHERE value LIKE 'vault:%' OR value LIKE '${{%' OR value LIKE 'arn:aws:secretsmanager:%'"
    ),
    "pseudonymous_app_events": "SELECT COUNT(*) FROM app_events",
}

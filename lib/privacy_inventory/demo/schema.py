"""The IMVBox demo schema and the SQL that counts each planted problem, so both live in one visible place."""

from __future__ import annotations

# Table DDL in creation order (referenced tables first). Column names mix conventions on purpose,
# as a real app grown over years would: snake_case, camelCase, abbreviations, vague names.
TABLES: tuple[tuple[str, str], ...] = (
    ("films", """CREATE TABLE films (
  film_id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  release_year SMALLINT,
  director VARCHAR(120),
  synopsis TEXT,
  runtime_min INTEGER,
  orig_lang CHAR(2) DEFAULT 'fa'
)"""),
    ("genres", """CREATE TABLE genres (
  id INTEGER PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
)"""),
    ("film_genres", """CREATE TABLE film_genres (
  film_id INTEGER NOT NULL REFERENCES films(film_id),
  genre_id INTEGER NOT NULL REFERENCES genres(id),
  PRIMARY KEY (film_id, genre_id)
)"""),
    ("subtitle_files", """CREATE TABLE subtitle_files (
  id INTEGER PRIMARY KEY,
  film_id INTEGER NOT NULL REFERENCES films(film_id),
  lang CHAR(2) NOT NULL,
  path VARCHAR(255) NOT NULL,
  fmt VARCHAR(8) DEFAULT 'srt'
)"""),
    ("app_settings", """CREATE TABLE app_settings (
  key VARCHAR(80) PRIMARY KEY,
  value TEXT,
  updated_at DATETIME
)"""),
    ("feature_flags", """CREATE TABLE feature_flags (
  name VARCHAR(60) PRIMARY KEY,
  enabled BOOLEAN NOT NULL DEFAULT 0,
  rolloutPct INTEGER DEFAULT 0,
  description TEXT
)"""),
    ("accounts", """CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  public_id CHAR(36) NOT NULL UNIQUE,
  email VARCHAR(254) NOT NULL UNIQUE,
  password_hash VARCHAR(255),
  heard_about_us VARCHAR(60),
  date_of_birth DATE,
  locale VARCHAR(10),
  created_at DATETIME NOT NULL,
  last_login DATETIME,
  status VARCHAR(12) NOT NULL DEFAULT 'active',
  closed_at DATETIME
)"""),
    ("profiles", """CREATE TABLE profiles (
  profileId INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  fullName VARCHAR(120),
  country_code CHAR(2),
  countryName VARCHAR(60),
  isPublic BOOLEAN DEFAULT 1,
  avatarUrl VARCHAR(255),
  bio TEXT,
  extra VARCHAR(64)
)"""),
    ("subscriptions", """CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  plan VARCHAR(20) NOT NULL,
  status VARCHAR(12) NOT NULL,
  started_on DATE NOT NULL,
  renews_on DATE,
  cancelled_on DATE
)"""),
    ("payments", """CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
  acct_id INTEGER NOT NULL REFERENCES accounts(id),
  amount NUMERIC(10,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  paid_at TIMESTAMP NOT NULL,
  card_token VARCHAR(40),
  card_last4 CHAR(4),
  card_brand VARCHAR(16),
  card_exp VARCHAR(5),
  billing_country CHAR(2),
  processor VARCHAR(20),
  processor_ref VARCHAR(40),
  memo VARCHAR(254)
)"""),
    ("devices", """CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  device_uid CHAR(36) NOT NULL,
  device_type VARCHAR(12),
  model VARCHAR(60),
  manufacturer VARCHAR(40),
  os VARCHAR(20),
  os_ver VARCHAR(12),
  app_version VARCHAR(12),
  first_seen DATETIME
)"""),
    ("sessions", """CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  device_id INTEGER REFERENCES devices(id),
  ip_address VARCHAR(45),
  geo_city VARCHAR(60),
  geo_country CHAR(2),
  user_agent TEXT,
  lang VARCHAR(10),
  started_at INTEGER NOT NULL,
  ended_at INTEGER
)"""),
    ("cookies", """CREATE TABLE cookies (
  cookie_id VARCHAR(64) PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),
  consent_analytics BOOLEAN,
  consent_ads BOOLEAN,
  settings JSON,
  set_at DATETIME
)"""),
    ("watch_history", """CREATE TABLE watch_history (
  id INTEGER PRIMARY KEY,
  uid INTEGER NOT NULL REFERENCES accounts(id),
  film_id INTEGER NOT NULL REFERENCES films(film_id),
  device_id INTEGER REFERENCES devices(id),
  watched_at DATETIME NOT NULL,
  position_s INTEGER,
  completed BOOLEAN
)"""),
    ("watch_later", """CREATE TABLE watch_later (
  userId INTEGER NOT NULL REFERENCES accounts(id),
  filmId INTEGER NOT NULL REFERENCES films(film_id),
  addedAt DATETIME,
  PRIMARY KEY (userId, filmId)
)"""),
    ("subtitle_settings", """CREATE TABLE subtitle_settings (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  sub_lang CHAR(2),
  font_size VARCHAR(8),
  color VARCHAR(7),
  bg_opacity REAL,
  prefer_sdh BOOLEAN DEFAULT 0
)"""),
    ("searches", """CREATE TABLE searches (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),
  q TEXT NOT NULL,
  results INTEGER,
  searched_at DATETIME
)"""),
    ("ratings", """CREATE TABLE ratings (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  film_id INTEGER NOT NULL REFERENCES films(film_id),
  stars SMALLINT NOT NULL,
  rated_at DATETIME,
  PRIMARY KEY (account_id, film_id)
)"""),
    ("reviews", """CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES accounts(id),
  film_id INTEGER NOT NULL REFERENCES films(film_id),
  title VARCHAR(120),
  body TEXT,
  is_public BOOLEAN DEFAULT 1,
  created DATETIME
)"""),
    ("referrals", """CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  referrer_id INTEGER NOT NULL REFERENCES accounts(id),
  invitee_email VARCHAR(254) NOT NULL,
  invitee_name VARCHAR(120),
  sent_at DATETIME,
  joined_account_id INTEGER REFERENCES accounts(id),
  reward_granted BOOLEAN DEFAULT 0
)"""),
    ("survey_answers", """CREATE TABLE survey_answers (
  id INTEGER PRIMARY KEY,
  survey_code VARCHAR(20),
  account_id INTEGER REFERENCES accounts(id),
  question TEXT,
  answer_text TEXT,
  submitted_at DATETIME
)"""),
    ("support_requests", """CREATE TABLE support_requests (
  ticket_id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),
  contact_email VARCHAR(254),
  callback_phone VARCHAR(32),
  subject VARCHAR(200),
  body TEXT,
  status VARCHAR(12),
  opened_at DATETIME,
  closed_at DATETIME
)"""),
    ("facebook_logins", """CREATE TABLE facebook_logins (
  fb_user_id VARCHAR(20) PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  fbName VARCHAR(120),
  fbEmail VARCHAR(254),
  birthday VARCHAR(10),
  location VARCHAR(120),
  interests JSON,
  picture_url VARCHAR(255),
  friends_list JSON,
  linked_at DATETIME
)"""),
    ("newsletter_subscriptions", """CREATE TABLE newsletter_subscriptions (
  id INTEGER PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  list_name VARCHAR(40),
  source VARCHAR(40),
  double_opt_in BOOLEAN,
  subscribed_at DATETIME,
  unsubscribed_at DATETIME
)"""),
    ("ad_events", """CREATE TABLE ad_events (
  id INTEGER PRIMARY KEY,
  event VARCHAR(12) NOT NULL,
  network VARCHAR(40),
  campaign VARCHAR(40),
  account_id INTEGER REFERENCES accounts(id),
  cookie_id VARCHAR(64) REFERENCES cookies(cookie_id),
  adid CHAR(36),
  ip VARCHAR(45),
  ts INTEGER NOT NULL
)"""),
    ("partner_demographics", """CREATE TABLE partner_demographics (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  partner VARCHAR(60) NOT NULL,
  age_range VARCHAR(8),
  gender CHAR(1),
  income_band VARCHAR(10),
  interests TEXT,
  religion VARCHAR(40),
  received_on DATE
)"""),
    ("law_enforcement_requests", """CREATE TABLE law_enforcement_requests (
  id INTEGER PRIMARY KEY,
  authority VARCHAR(80) NOT NULL,
  reference VARCHAR(40) NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  received_on DATE,
  legal_basis VARCHAR(80),
  data_disclosed TEXT,
  disclosed_on DATE
)"""),
    ("legacy_users_2015", """CREATE TABLE legacy_users_2015 (
  uid INTEGER PRIMARY KEY,
  username VARCHAR(60),
  email VARCHAR(254),
  pass VARCHAR(64),
  mobile VARCHAR(32),
  signup_date VARCHAR(10),
  last_ip VARCHAR(45)
)"""),
)

# Planted problem -> SQL that counts it in a built database. {children}, {closed}, {old_ip} are
# cutoff dates/epochs filled in by the generator from its reference date.
PLANTED_SQL: dict[str, str] = {
    "children_under_13": "SELECT COUNT(*) FROM accounts WHERE date_of_birth > '{children}'",
    "health_in_support_requests": "SELECT COUNT(*) FROM support_requests WHERE {health}",
    "legacy_plaintext_passwords": "SELECT COUNT(*) FROM legacy_users_2015 WHERE pass IS NOT NULL AND pass NOT LIKE '$%'",
    "closed_accounts_retained": (
        "SELECT COUNT(*) FROM accounts WHERE status = 'closed' AND closed_at < '{closed}'"
    ),
    "phones_in_profiles_extra": "SELECT COUNT(*) FROM profiles WHERE extra IS NOT NULL AND extra GLOB '*[0-9]*'",
    "emails_in_payments_memo": "SELECT COUNT(*) FROM payments WHERE memo LIKE '%_@_%._%'",
    "stale_session_ips": "SELECT COUNT(*) FROM sessions WHERE ip_address IS NOT NULL AND started_at < {old_ip}",
    "religion_from_partner": "SELECT COUNT(*) FROM partner_demographics WHERE religion IS NOT NULL",
    "sdh_subtitles_imply_hearing": "SELECT COUNT(*) FROM subtitle_settings WHERE prefer_sdh = 1",
    "system_secrets_in_app_settings": (
        "SELECT COUNT(*) FROM app_settings WHERE key IN ('smtp.password', 'webhooks.signing_secret')"
    ),
}

"""A second, small organisation for discovery and init tests: a dental practice in Leipzig (health sector, Germany).

Nothing here comes from the IMVBox demo: other sector, country, schema, vendors (Brevo, Mollie, Sentry).
Deterministic (seeded) so two runs on it are byte-identical.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

ORG = "Zahnarztpraxis Lindenhof"
VENDORS = ("brevo", "mollie", "sentry")
SCHEMA = """
CREATE TABLE patients (id INTEGER PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40), date_of_birth DATE, email VARCHAR(120),
  phone VARCHAR(30), street VARCHAR(120), postcode VARCHAR(10), city VARCHAR(60), insurance_number VARCHAR(20), insurer VARCHAR(60), created_at TIMESTAMP);
CREATE TABLE staff (id INTEGER PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40), email VARCHAR(120), job_title VARCHAR(40),
  salary NUMERIC, tax_id VARCHAR(20), hired_on DATE);
CREATE TABLE shifts (id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff(id), day DATE, hours NUMERIC);
CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), dentist_id INTEGER REFERENCES staff(id),
  starts_at TIMESTAMP, reason TEXT);
CREATE TABLE treatments (id INTEGER PRIMARY KEY, appointment_id INTEGER REFERENCES appointments(id), tooth INTEGER, procedure_code VARCHAR(10),
  diagnosis TEXT, cost NUMERIC);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), issued_on DATE, amount NUMERIC, iban VARCHAR(34), paid BOOLEAN);
CREATE TABLE newsletter_subscribers (id INTEGER PRIMARY KEY, email VARCHAR(120), consent_given_at TIMESTAMP, unsubscribed BOOLEAN);
CREATE TABLE portal_logins (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), username VARCHAR(60), password_hash VARCHAR(100),
  last_login_ip VARCHAR(45), last_login_at TIMESTAMP);
CREATE TABLE recall_reminders (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), due_on DATE, channel VARCHAR(10));
CREATE TABLE procedure_catalogue (code VARCHAR(10) PRIMARY KEY, description TEXT, fee NUMERIC);
"""
FIRST = ["Anna", "Lukas", "Marie", "Felix", "Sophie", "Jonas", "Lena", "Paul", "Emilia", "Leon", "Hanna", "Elias", "Mia", "Noah", "Lea"]
LAST = ["Schulze", "Wagner", "Becker", "Hoffmann", "Krause", "Richter", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann"]
STREETS = ["Karl-Liebknecht-Str.", "Lindenauer Markt", "Georg-Schwarz-Str.", "Merseburger Str.", "Jahnallee", "Demmeringstr."]
INSURERS = ["AOK Plus", "Techniker Krankenkasse", "Barmer", "DAK-Gesundheit", "IKK classic"]
DIAGNOSES = ["caries on the occlusal surface", "gingivitis", "periodontitis, moderate", "fractured filling", "pulpitis, irreversible", "wisdom tooth impacted"]
PROCEDURES = [("01", "examination", 18.0), ("13b", "filling, two surfaces", 62.5), ("31", "root canal treatment", 140.0), ("43", "extraction", 45.0), ("107", "tartar removal", 25.0)]
CONFIG = """# Practice management app settings (secrets come from the environment)
practice:
  name: Zahnarztpraxis Lindenhof
  locale: de_DE
mail:
  brevo:
    api_key: ${BREVO_API_KEY}
    sender: praxis@lindenhof-zahnarzt.example
payments:
  mollie:
    api_key: ${MOLLIE_API_KEY}
    profile_id: pfl_3RkSN1zuPE
monitoring:
  sentry:
    dsn: https://${SENTRY_KEY}@o450001.ingest.sentry.io/5500001
"""


def _iban(rng: random.Random) -> str:
    """A German IBAN with correct check digits (ISO 13616 mod 97)."""
    bban = f"{rng.randrange(10**7, 10**8)}{rng.randrange(10**9, 10**10)}"
    digits = int(bban + "131400")  # D=13, E=14, check digits 00
    return f"DE{98 - digits % 97:02d}{bban}"


def build_praxis(path: Path, seed: int = 7) -> Path:
    """Write the practice's SQLite database (about 250 rows) to `path`."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    for i in range(1, 41):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        con.execute(
            "INSERT INTO patients VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (i, first, last, f"{rng.randrange(1940, 2018)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
             f"{first.lower()}.{last.lower()}{i}@posteo.example", f"+49 341 {rng.randrange(1000000, 9999999)}",
             f"{rng.choice(STREETS)} {rng.randrange(1, 120)}", f"04{rng.randrange(100, 358)}", "Leipzig",
             f"{rng.choice('ABCDEFGHKLMNPRSTUVWXZ')}{rng.randrange(100000000, 999999999)}", rng.choice(INSURERS),
             f"2019-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} 09:{rng.randrange(0, 60):02d}:00"),
        )  # fmt: skip
    for i in range(1, 9):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        con.execute("INSERT INTO staff VALUES (?,?,?,?,?,?,?,?)", (i, first, last, f"{first.lower()}.{last.lower()}@lindenhof-zahnarzt.example",
                    rng.choice(["dentist", "dental nurse", "receptionist"]), rng.randrange(2800, 7200), f"{rng.randrange(10**10, 10**11)}", f"201{rng.randrange(0, 9)}-0{rng.randrange(1, 10)}-01"))  # fmt: skip
    for i in range(1, 31):
        con.execute("INSERT INTO shifts VALUES (?,?,?,?)", (i, rng.randrange(1, 9), f"2026-03-{rng.randrange(1, 29):02d}", rng.choice([4, 6, 8])))
    for i in range(1, 61):
        con.execute("INSERT INTO appointments VALUES (?,?,?,?,?)", (i, rng.randrange(1, 41), rng.randrange(1, 4), f"2026-0{rng.randrange(1, 10)}-{rng.randrange(1, 29):02d} {rng.randrange(8, 18)}:00:00",
                    rng.choice(["check-up", "toothache", "cleaning", "follow-up"])))  # fmt: skip
    for i in range(1, 51):
        code = rng.choice(PROCEDURES)
        con.execute("INSERT INTO treatments VALUES (?,?,?,?,?,?)", (i, rng.randrange(1, 61), rng.choice([11, 16, 26, 36, 46, 48]), code[0], rng.choice(DIAGNOSES), code[2]))
    for i in range(1, 41):
        con.execute("INSERT INTO invoices VALUES (?,?,?,?,?,?)", (i, rng.randrange(1, 41), f"2026-0{rng.randrange(1, 10)}-15", round(rng.uniform(20, 400), 2), _iban(rng), rng.random() < 0.8))
    for i in range(1, 26):
        con.execute("INSERT INTO newsletter_subscribers VALUES (?,?,?,?)", (i, f"leser{i}@mailbox.example", f"2025-{rng.randrange(1, 13):02d}-02 10:00:00", rng.random() < 0.2))
    for i in range(1, 21):
        con.execute("INSERT INTO portal_logins VALUES (?,?,?,?,?,?)", (i, i, f"patient{i:03d}", "$2b$12$" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789./") for _ in range(53)),
                    f"91.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}", f"2026-05-{rng.randrange(1, 29):02d} 20:00:00"))  # fmt: skip
    for i in range(1, 31):
        con.execute("INSERT INTO recall_reminders VALUES (?,?,?,?)", (i, rng.randrange(1, 41), f"2026-1{rng.randrange(0, 3)}-01", rng.choice(["sms", "letter", "email"])))
    con.executemany("INSERT INTO procedure_catalogue VALUES (?,?,?)", PROCEDURES)
    con.commit()
    con.close()
    return path


def write_config(directory: Path) -> Path:
    """The practice app's config directory (integrations: Brevo, Mollie, Sentry)."""
    target = directory / "config" / "settings.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(CONFIG, encoding="utf-8")
    return directory

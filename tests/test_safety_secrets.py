"""Safety, secrets: one masking function for every URL, config secrets shown without a character, words stay words."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import ROOT, create_database
from privacy_inventory.manifest import masked_parameters
from privacy_inventory.masking import mask_secret, mask_url, masked_url, scrub
from privacy_inventory.scan.sources import parse_source


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "privacy_inventory", *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "secret", "kept"),
    [
        ("postgresql://bob@db.example/app?password=Qz8-param", "Qz8-param", "postgresql://bob@db.example/app?password=***"),
        ("postgresql://bob@db.example/app?sslmode=require&sslpassword=Kk3-ssl", "Kk3-ssl", "sslmode=require"),
        ("mysql+pymysql://bob:p@ss/w0rd@db.example:3306/shop", "ss/w0rd", "mysql+pymysql://bob:***@db.example:3306/shop"),
        ("postgresql://bob:a/b@c?d@db.example/app", "b@c?d", "postgresql://bob:***@db.example/app"),
        ("postgresql://bob:sl/ash@db.example:5432/app", "sl/ash", "postgresql://bob:***@db.example:5432/app"),
        ("https://api.example.com/v1/send?token=Tk-91xx&to=me", "Tk-91xx", "to=me"),
        ("https://maps.example.com/js?key=AK-77y&callback=init", "AK-77y", "callback=init"),
        ("redis://:r3d1s-pw@cache.internal:6379/0", "r3d1s-pw", "@cache.internal:6379/0"),
    ],
)
def test_every_url_shape_masked_in_text_and_display(url: str, secret: str, kept: str) -> None:
    for shown in (mask_url(f"connect failed: {url} (timeout)"), masked_url(url)):
        assert secret not in shown, shown
        assert kept.split("?")[0].split("@")[-1] in shown, shown


def test_query_password_never_in_inventory_or_console(pg_server: object, tmp_path: Path) -> None:
    """`?password=` on a real PostgreSQL source: the scan connects with it, and no output carries it."""
    engine = create_database(pg_server, "secretq")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE members (id int PRIMARY KEY, email text)")
        conn.exec_driver_sql("INSERT INTO members SELECT g, 'm' || g || '@example.org' FROM generate_series(1, 30) g")
    base = engine.url.set(password=None).render_as_string(hide_password=False)
    engine.dispose()
    password = pg_server.url().split(":")[2].split("@")[0]  # type: ignore[attr-defined]
    proc = _cli("scan", "--db", f"q={base}?password={password}", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    texts = proc.stdout + proc.stderr + "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir() if p.is_file())
    assert password not in texts
    inv = json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))
    assert inv["sources"][0]["url"].endswith("?password=***")
    assert any(c["name"] == "email" and c["category"] for t in inv["sources"][0]["tables"] for c in t["columns"])


@pytest.mark.parametrize("password", ["Xq7@Wk9/Zr2", "Jd4/Lm8/Pv6", "Hb3@Kc5@Nf1", "Qy2?Tu6"])
def test_unencoded_at_and_slash_never_in_error_line(password: str, tmp_path: Path) -> None:
    proc = _cli("scan", "--db", f"crm=postgresql://bob:{password}@127.0.0.1:{_closed_port()}/crm", "--timeout", "5", "--out", str(tmp_path / "o"))
    assert proc.returncode != 0
    for part in {password, *[p for p in password.replace("@", "/").replace("?", "/").split("/") if p]}:
        assert part not in proc.stderr + proc.stdout, (part, proc.stderr)


def test_source_display_url_masks_query_secrets() -> None:
    spec = parse_source("x=postgresql://bob@db.example/app?sslmode=require&password=Pw-9911")
    assert "Pw-9911" not in spec.masked and "password=***" in spec.masked and "sslmode=require" in spec.masked
    assert "Pw-9911" in spec.secrets


def test_manifest_parameters_masked_and_still_valid_json() -> None:
    params = {"configs": ["app=postgresql://a:b/c@h/d?password=x\"y"], "databases": ["n=${PRIVACY_INVENTORY_DB_0}"], "jobs": 1}
    masked = masked_parameters(params)
    assert json.dumps(masked).count("***") == 2
    assert "b/c" not in json.dumps(masked) and masked["jobs"] == 1 and masked["databases"] == params["databases"]


def test_config_secret_shows_no_character() -> None:
    for secret in ("Cfg-abcdefghijklmnopqrstuvwxyz", "sk_live_51HxYzABCDEFGHIJKLMNOP", "hunter2"):
        shown = mask_secret(secret)
        assert shown == f"***({len(secret)} chars)"  # the length only: not one character of the secret


def test_config_findings_webhooks_and_slash_dsn_are_secrets(tmp_path: Path) -> None:
    hooks = {
        "slack": "https://hooks.slack.com/services/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",
        "teams": "https://fabrikam.webhook.office.com/webhookb2/7a1f-4c2e@9d3b-11ee/IncomingWebhook/5e8c0d1f2a3b4c5d/0f1e2d3c",
        "discord": "https://discord.com/api/webhooks/112233445566778899/Zx9-Yw8_Vu7Ts6Rq5Po4",
        "mattermost": "https://chat.fabrikam.example/hooks/4f7ua9xwbjfk3gxo9rmdq8yk1c",
        "google_chat": "https://chat.googleapis.com/v1/spaces/AAAAbbbb/messages?key=AIzaSyDdI0hCZtE6vySjMm&token=Xy12",
    }
    conf = tmp_path / "conf"
    conf.mkdir()
    lines = ["alerts:"] + [f"  {k}: {v}" for k, v in hooks.items()]
    lines += ["reporting:", "  warehouse: postgresql://etl:Wr/te-0nly@dwh.fabrikam.example:5432/dwh"]
    (conf / "alerts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _cli("scan", "--config", str(conf), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    inv = json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))
    flagged = {f["key"] for f in inv["config_findings"] if f["kind"] == "secret_in_config"}
    assert flagged == {f"alerts.{k}" for k in hooks} | {"reporting.warehouse"}
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir() if p.is_file()) + proc.stdout + proc.stderr
    for value in [*hooks.values(), "Wr/te-0nly", "te-0nly", "q8WvN3xYz0pLmK7rT5sUaB1c", "Zx9-Yw8_Vu7Ts6Rq5Po4"]:
        assert value not in everything


def test_ordinary_word_password_masked_where_it_stands_only() -> None:
    text = "column name 'email' matches user.contact.email; url postgresql://reader:email@db/crm; password=email"
    out = scrub(text, ["email"])
    assert out.count("email") == 2  # the column name and the category, not the password positions
    assert "reader:***@db/crm" in out and "password=***" in out
    assert scrub("login failed for Hunter-22x at db", ["Hunter-22x"]) == "login failed for *** at db"


def test_ordinary_word_password_on_postgres_keeps_evidence(pg_server: object, tmp_path: Path) -> None:
    """A reader whose password is `email`: the email column's evidence still says `email`."""
    engine = create_database(pg_server, "wordpw")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP ROLE IF EXISTS word_reader")
        conn.exec_driver_sql("CREATE ROLE word_reader LOGIN PASSWORD 'email'")
        conn.exec_driver_sql("CREATE TABLE subscribers (id int PRIMARY KEY, email text)")
        conn.exec_driver_sql("INSERT INTO subscribers SELECT g, 's' || g || '@example.net' FROM generate_series(1, 30) g")
        conn.exec_driver_sql("GRANT SELECT ON subscribers TO word_reader")
    url = engine.url.set(username="word_reader", password="email").render_as_string(hide_password=False)
    engine.dispose()
    proc = _cli("scan", "--db", f"w={url}", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    inv = json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))
    assert inv["sources"][0]["url"].startswith("postgresql://word_reader:***@")
    col = next(c for t in inv["sources"][0]["tables"] for c in t["columns"] if c["name"] == "email")
    assert "email" in col["evidence"] and "***" not in col["evidence"].replace("e***", ""), col["evidence"]
    assert sa.__version__  # the URL above was built by SQLAlchemy itself

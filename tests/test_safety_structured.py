"""Personal data inside structured columns is found, by path: JSON text in SQLite, and on PostgreSQL json, jsonb, arrays, hstore, XML and composite rows.

Each case checks the column's category, the paths in the inventory (`paths`) and that the
evidence names the path; none of the sampled values, nor keys that are data, appear in any output.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import READONLY_PASS, READONLY_USER, create_database, grant_readonly
from privacy_inventory.classify.structured import json_leaves, paths_and_values, xml_leaves
from privacy_inventory.models import TableScan
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from test_cli_errors import run_cli


def _paths(table: TableScan, column: str) -> dict[str, str]:
    col = next(c for c in table.columns if c.name == column)
    return {p["path"]: p["category"] for p in col.paths}


def test_cut_documents_are_read_as_far_as_they_go() -> None:
    doc = json.dumps({"contact": {"email": "a@b.example", "phones": ["+31 20 123 4567", "+31 6 1234 5678"]}, "tags": [[1, 2], {"k": None}]})
    assert json_leaves(doc) == [(("contact", "email"), "a@b.example"), (("contact", "phones", None), "+31 20 123 4567"),
                                (("contact", "phones", None), "+31 6 1234 5678"), (("tags", None, None), "1"), (("tags", None, None), "2"), (("tags", None, "k"), None)]
    assert json_leaves(doc[:40]) == [(("contact", "email"), "a@b.example")]  # cut inside the phone list: what came before is kept
    assert json_leaves('"just a string"') == [] and json_leaves("not json {") == []
    deep = "[" * 5000 + "1" + "]" * 5000  # no recursion, no RecursionError
    assert json_leaves(deep) == []
    xml = '<?xml version="1.0"?><person id="7"><name>Ann</name><contact><email>ann@x.example</email></contact></person>'
    assert xml_leaves(xml) == [(("person", "id"), "7"), (("person", "name"), "Ann"), (("person", "contact", "email"), "ann@x.example")]
    assert xml_leaves(xml[:60]) == [(("person", "id"), "7"), (("person", "name"), "Ann")]


def test_keys_that_are_data_never_become_paths() -> None:
    docs = [json_leaves(json.dumps({f"user{i}@mail.example.org": {"visits": i}, "plan": "free"})) for i in range(5)]
    values = paths_and_values(docs)
    assert set(values) == {"$.*.visits", "$.<keys>", "$.plan"}
    assert sorted(values["$.<keys>"]) == sorted(f"user{i}@mail.example.org" for i in range(5))


@pytest.fixture(scope="module")
def json_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "crm.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, profile TEXT, settings TEXT, history TEXT, ui TEXT)")
    for i in range(80):
        profile = {"contact": {"phone": f"+44 20 7946 {i:04d}", "email": f"holder{i}@mail{i % 5}.example.org"}, "birth_date": f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}",
                   "bio": "z" * (30 * i)}  # long documents are cut at 1,000 characters: read as far as they go
        settings = {f"friend{i}x{j}@mail.example.com": {"since": 2020 + j} for j in range(2)}
        history = [{"when": f"2024-01-{1 + i % 28:02d}", "ip": f"203.0.113.{i % 250}"}, {"when": "2024-02-01", "ip": f"198.51.100.{i % 250}"}]
        ui = {"theme": "dark" if i % 2 else "light", "font_size": 12 + i % 4}
        conn.execute("INSERT INTO accounts (profile, settings, history, ui) VALUES (?, ?, ?, ?)", (json.dumps(profile), json.dumps(settings), json.dumps(history), json.dumps(ui)))
    conn.commit()
    conn.close()
    return path


def test_json_text_in_sqlite_is_looked_into(json_sqlite: Path) -> None:
    result = scan_source(parse_source(f"crm=sqlite:///{json_sqlite}"), ScanOptions(progress=False))
    table = next(t for t in result.tables if t.name == "accounts")
    assert _paths(table, "profile") == {"$.birth_date": "user.demographic.date_of_birth", "$.contact.email": "user.contact.email",
                                       "$.contact.phone": "user.contact.phone_number"}
    profile = next(c for c in table.columns if c.name == "profile")
    assert profile.category == "user.contact.email" and "$.contact.phone: " in profile.evidence and "80/80" in profile.evidence
    assert _paths(table, "settings") == {"$.<keys>": "user.contact.email"}
    assert _paths(table, "history")["$[*].ip"].startswith("user.device.ip_address")
    ui = next(c for c in table.columns if c.name == "ui")
    assert ui.category is None and ui.paths == [] and "none personal" in ui.evidence


def test_nothing_from_inside_a_document_reaches_the_outputs(json_sqlite: Path, tmp_path: Path) -> None:
    proc = run_cli("scan", "--db", f"crm=sqlite:///{json_sqlite}", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    written = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out").iterdir()) if p.is_file())
    for raw in ("holder1@mail1", "friend3x1@", "7946 0012", "203.0.113.", "1951-02-11"):
        assert raw not in written, raw
    assert "$.contact.email" in written


@pytest.fixture(scope="module")
def documents_pg(pg_server: object) -> str:
    engine = create_database(pg_server, "documents")
    with engine.begin() as c:
        c.exec_driver_sql("CREATE EXTENSION hstore")
        c.exec_driver_sql("CREATE TYPE postal_t AS (street TEXT, city TEXT, postcode TEXT)")
        c.exec_driver_sql("CREATE TYPE contact_t AS (kind TEXT, email TEXT)")
        c.exec_driver_sql(
            "CREATE TABLE members (id INTEGER PRIMARY KEY, doc JSONB, raw JSON, aliases TEXT[], extra HSTORE, card XML, home postal_t, contacts contact_t[], flags JSONB)"
        )
        c.exec_driver_sql(
            "INSERT INTO members SELECT g, "
            "jsonb_build_object('contact', jsonb_build_object('email', 'm' || g || '@club.example.net', 'phone', '+44 20 7946 ' || lpad(g::text, 4, '0')), 'level', mod(g, 3)), "
            "json_build_object('ip', '203.0.113.' || mod(g, 250)), "
            "ARRAY['alias' || g || '@club.example.net', 'second' || g || '@club.example.net'], "
            "hstore(ARRAY['mobile', 'colour'], ARRAY['+44 20 7946 1' || lpad(g::text, 3, '0'), 'blue']), "
            "xmlparse(document '<member><name><first>Ann' || g || '</first></name><email>x' || g || '@club.example.net</email></member>'), "
            "ROW(g || ' High Street', 'Leeds', 'LS1 ' || mod(g, 9) || 'AB')::postal_t, "
            "ARRAY[ROW('work', 'w' || g || '@firm.example.com')::contact_t], "
            "jsonb_build_object('beta', mod(g, 2) = 0) "
            "FROM generate_series(1, 120) g"
        )
        c.exec_driver_sql("ANALYZE")
    grant_readonly(engine)
    engine.dispose()
    return pg_server.url("documents", READONLY_USER, READONLY_PASS)  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_postgres_documents_arrays_hstore_xml_and_rows_are_looked_into(documents_pg: str) -> None:
    result = scan_source(parse_source(f"documents={documents_pg}"), ScanOptions(progress=False, sample_size=60))
    table = next(t for t in result.tables if t.name == "members")
    assert table.error is None
    types = {c.name: c.data_type for c in table.columns}
    assert types["home"] == "ROW(postal_t)" and types["contacts"] == "ROW(contact_t)[]" and types["card"] == "XML"
    assert _paths(table, "doc") == {"$.contact.email": "user.contact.email", "$.contact.phone": "user.contact.phone_number"}
    assert _paths(table, "raw")["$.ip"].startswith("user.device.ip_address")
    assert _paths(table, "aliases") == {"$[*]": "user.contact.email"}
    assert _paths(table, "extra") == {"$.mobile": "user.contact.phone_number"}
    assert _paths(table, "card")["$.member.email"] == "user.contact.email"
    assert _paths(table, "card")["$.member.name.first"] == "user.name.first"
    home = _paths(table, "home")
    assert home["$.street"].startswith("user.contact.address") and home["$.postcode"].startswith("user.contact.address")
    assert _paths(table, "contacts") == {"$[*].email": "user.contact.email"}
    flags = next(c for c in table.columns if c.name == "flags")
    assert flags.category is None and flags.paths == []
    for name in ("doc", "aliases", "extra", "card", "contacts"):
        col = next(c for c in table.columns if c.name == name)
        assert col.category is not None and "inside: $" in col.evidence, (name, col.evidence)
    text = json.dumps([[c.evidence, c.paths] for c in table.columns])
    assert "club.example.net" not in text and "High Street" not in text and "7946" not in text

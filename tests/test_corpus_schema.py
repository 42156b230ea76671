"""The upstream-schema readers keep only names, order and portable types, and replay changes in order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from corpus_schema import portable_type, read_frappe, read_laravel, read_liquibase, read_mysql  # noqa: E402


def test_portable_types() -> None:
    assert portable_type("character varying(50)") == "VARCHAR(50)"
    assert portable_type("CHAR(38)") == "VARCHAR(38)"
    assert portable_type("tinyint(1)") == "BOOLEAN"
    assert portable_type("decimal(10,0)") == "BIGINT"
    assert portable_type("numeric(4,0)") == "INTEGER"
    assert portable_type("decimal(6,2)") == "NUMERIC(6,2)"
    assert portable_type("datetime(0)") == "TIMESTAMP"
    assert portable_type("longtext") == "TEXT"
    assert portable_type("DOUBLE") == "REAL"


def test_mysql_skips_commented_tables_keys_and_keeps_order() -> None:
    ddl = """
    /*CREATE TABLE old_thing (a int);*/
    -- CREATE TABLE also_old (b int);
    CREATE TABLE `pupil` (
      `pupil_id` int(11) NOT NULL AUTO_INCREMENT,
      `birth` decimal(10,0) DEFAULT NULL,
      `nick` varchar(30) DEFAULT NULL,
      PRIMARY KEY (`pupil_id`),
      KEY `k` (`nick`)
    ) ENGINE=InnoDB;
    CREATE TABLE note (id integer, body text);
    """
    assert read_mysql(ddl) == [("pupil", [("pupil_id", "INTEGER"), ("birth", "BIGINT"), ("nick", "VARCHAR(30)")]),
                               ("note", [("id", "INTEGER"), ("body", "TEXT")])]


def test_liquibase_applies_changes_in_order() -> None:
    head = '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="1" author="x">'
    tail = "</changeSet></databaseChangeLog>"
    first = head + ('<createTable tableName="patient"><column name="pid" type="INT"/>'
                    '<column name="nm" type="VARCHAR(50)"/><column name="old" type="INT"/></createTable>') + tail
    second = head + ('<addColumn tableName="patient"><column name="born" type="date"/></addColumn>'
                     '<dropColumn tableName="patient" columnName="old"/>'
                     '<renameColumn tableName="patient" oldColumnName="nm" newColumnName="name"/>'
                     '<modifyDataType tableName="patient" columnName="name" newDataType="TEXT"/>') + tail
    assert read_liquibase([first, second]) == [("patient", [("pid", "INTEGER"), ("name", "TEXT"), ("born", "DATE")])]


def test_laravel_replays_up_not_down() -> None:
    create = """<?php
    return new class extends Migration {
        public function up(): void {
            Schema::create('members', function (Blueprint $table) {
                $table->increments('id');
                $table->timestamps();
                $table->string('email', 191);
                $table->decimal('balance', 32, 12);
                // $table->string('commented');
            });
        }
        public function down(): void { Schema::dropIfExists('members'); }
    };"""
    alter = """<?php
    return new class extends Migration {
        public function down(): void { Schema::table('members', function (Blueprint $t) { $t->dropColumn('iban'); }); }
        public function up(): void {
            Schema::table('members', function (Blueprint $table) {
                $table->string('iban', 34)->nullable()->after('email');
                $table->renameColumn('balance', 'saldo');
                $table->softDeletes();
            });
        }
    };"""
    assert read_laravel([create, alter]) == [("members", [
        ("id", "INTEGER"), ("created_at", "TIMESTAMP"), ("updated_at", "TIMESTAMP"), ("email", "VARCHAR(191)"),
        ("iban", "VARCHAR(34)"), ("saldo", "NUMERIC(32,12)"), ("deleted_at", "TIMESTAMP")])]


def test_frappe_doctype_columns() -> None:
    doctype = {"name": "Visit Log", "field_order": ["sec", "visitor", "when", "paid", "items"],
               "fields": [{"fieldname": "sec", "fieldtype": "Section Break"},
                          {"fieldname": "visitor", "fieldtype": "Link"},
                          {"fieldname": "when", "fieldtype": "Datetime"},
                          {"fieldname": "paid", "fieldtype": "Currency"},
                          {"fieldname": "items", "fieldtype": "Table"}]}
    single = {"name": "Settings", "issingle": 1, "fields": []}
    [(table, columns)] = read_frappe([json.dumps(doctype), json.dumps(single)])
    assert table == "tabVisit Log"
    names = [c for c, _ in columns]
    assert names[:7] == ["name", "creation", "modified", "modified_by", "owner", "docstatus", "idx"]
    assert columns[7:10] == [("visitor", "VARCHAR(140)"), ("when", "TIMESTAMP"), ("paid", "NUMERIC(21,9)")]
    assert names[-4:] == ["_user_tags", "_comments", "_assign", "_liked_by"]

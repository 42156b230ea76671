"""Read table names, column names, order and portable types out of upstream schema files, so the corpus can be re-derived.

Only names and types leave this module: nothing else of an upstream file is kept. Readers:
  mysql      CREATE TABLE statements (MySQL/MariaDB dumps and install scripts)
  liquibase  <createTable>/<addColumn>/<dropColumn>/<renameColumn>/<modifyDataType> changelogs, in order
  laravel    Laravel migrations replayed in file order (Schema::create/table/drop/rename outside down())
  frappe     Frappe doctype JSON (a doctype is table tab<Doctype> with Frappe's standard columns)

    .venv/bin/python bench/corpus_schema.py --git-dir /work/.mirror/OS4ED+openSIS-Classic/repo \\
        --commit 23c59bf5... --reader mysql --path install/OpensisSchemaMysqlInc.sql
    .venv/bin/python bench/corpus_schema.py --git-dir MIRROR --commit C --reader mysql --path P --check opensis

The first prints `table<TAB>column<TAB>ordinal<TAB>type` lines; `--check APP` compares them with
bench/corpus/APP.csv and prints what is only upstream and only in the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

Schema = list[tuple[str, list[tuple[str, str]]]]
LIQUIBASE = "{http://www.liquibase.org/xml/ns/dbchangelog}"


def portable_type(text: str) -> str:
    """The corpus's portable SQL type for an upstream column type."""
    t = text.lower().strip().replace("(0)", "")
    size = re.match(r"(?:character varying|varchar|nvarchar|varchar2|char|character)\s*\(\s*(\d+)", t)
    if t.startswith("char(38)"):
        return "VARCHAR(38)"
    if size:
        return f"VARCHAR({size.group(1)})"
    if t.startswith(("character varying", "varchar")):
        return "VARCHAR(255)"
    if t.startswith(("tinyint(1)", "boolean", "bool", "bit")):
        return "BOOLEAN"
    if t.startswith("bigint"):
        return "BIGINT"
    if t.startswith(("smallint", "tinyint", "year")):
        return "SMALLINT"
    if t.startswith(("int", "mediumint", "serial")):
        return "INTEGER"
    if t.startswith(("numeric", "decimal")):
        digits = re.match(r"\w+\s*\((\d+)\s*,\s*(\d+)\)", t)
        if digits and digits.group(2) == "0":
            return "INTEGER" if int(digits.group(1)) < 10 else "BIGINT"
        return f"NUMERIC({digits.group(1)},{digits.group(2)})" if digits else "NUMERIC"
    if t.startswith(("double", "float", "real")):
        return "REAL"
    if t.startswith(("datetime", "timestamp")):
        return "TIMESTAMP"
    if t.startswith("date"):
        return "DATE"
    if t.startswith("time"):
        return "TIME"
    if t.startswith(("blob", "longblob", "mediumblob", "binary", "varbinary", "oid", "bytea")):
        return "BLOB"
    if t.startswith("json"):
        return "JSON"
    if t.startswith("uuid"):
        return "UUID"
    return "TEXT"


def _split_top(body: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in body:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def read_mysql(text: str) -> Schema:
    """Tables of CREATE TABLE statements that are not commented out, in file order."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"(?m)^\s*--.*$", "", text)
    schema: Schema = []
    pattern = r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\((.*?)\)\s*(?:ENGINE\b|TYPE\s*=|;)"
    for match in re.finditer(pattern, text, flags=re.S | re.I):
        columns = []
        for part in _split_top(match.group(2)):
            part = part.strip()
            if not part or re.match(r"(PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|FULLTEXT|CHECK)\b", part, re.I):
                continue
            column = re.match(r"`?(\w+)`?\s+(character varying\s*(?:\(\s*\d+\s*\))?|double precision|[a-z]+\s*(?:\([^)]*\))?)",
                              part, re.S | re.I)
            if column:
                columns.append((column.group(1), portable_type(column.group(2))))
        schema.append((match.group(1), columns))
    return schema


def read_liquibase(texts: list[str]) -> Schema:
    """Tables after applying the changelogs' structural changes in order."""
    tables: dict[str, list[list[str]]] = {}
    for text in texts:
        for element in ET.fromstring(text).iter():
            tag = element.tag.replace(LIQUIBASE, "")
            name = element.get("tableName")
            if tag == "createTable":
                tables[name] = [[c.get("name"), portable_type(c.get("type"))] for c in element.findall(LIQUIBASE + "column")]
            elif tag == "addColumn" and name in tables:
                for c in element.findall(LIQUIBASE + "column"):
                    if all(x[0] != c.get("name") for x in tables[name]):
                        tables[name].append([c.get("name"), portable_type(c.get("type"))])
            elif tag == "dropColumn" and name in tables:
                tables[name] = [x for x in tables[name] if x[0] != element.get("columnName")]
            elif tag == "renameColumn" and name in tables:
                for x in tables[name]:
                    x[0] = element.get("newColumnName") if x[0] == element.get("oldColumnName") else x[0]
            elif tag == "modifyDataType" and name in tables:
                for x in tables[name]:
                    x[1] = portable_type(element.get("newDataType")) if x[0] == element.get("columnName") else x[1]
            elif tag == "dropTable":
                tables.pop(name, None)
    return [(t, [(c, ty) for c, ty in cols]) for t, cols in tables.items()]


LARAVEL_TYPES = {"integer": "INTEGER", "unsignedInteger": "INTEGER", "bigInteger": "BIGINT", "unsignedBigInteger": "BIGINT",
                 "smallInteger": "SMALLINT", "unsignedSmallInteger": "SMALLINT", "tinyInteger": "SMALLINT",
                 "unsignedTinyInteger": "SMALLINT", "mediumInteger": "INTEGER", "boolean": "BOOLEAN", "text": "TEXT",
                 "longText": "TEXT", "mediumText": "TEXT", "date": "DATE", "dateTime": "TIMESTAMP", "timestamp": "TIMESTAMP",
                 "uuid": "UUID", "json": "JSON", "float": "REAL", "double": "REAL", "binary": "BLOB", "time": "TIME",
                 "year": "SMALLINT", "foreignId": "BIGINT", "foreignUuid": "UUID", "ipAddress": "VARCHAR(45)"}


def _block_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] == "{") - (text[i] == "}")
        if depth == 0 and text[i] == "}":
            return i + 1
    return len(text)


def _laravel_statements(tables: dict[str, list[list[str]]], table: str, body: str) -> None:
    cols = tables.setdefault(table, [])

    def add(name: str, kind: str, after: str | None = None) -> None:
        if any(c[0] == name for c in cols):
            return
        names = [c[0] for c in cols]
        cols.insert(names.index(after) + 1 if after in names else len(cols), [name, kind])

    for m in re.finditer(r"\$table->(\w+)\(([^;]*?)\)((?:->\w+\([^;]*?\))*)\s*;", body, re.S):
        method, literals, numbers = m.group(1), re.findall(r"'([^']*)'", m.group(2)), re.findall(r"\b(\d+)\b", m.group(2))
        after_match = re.search(r"->after\('([^']+)'\)", m.group(3))
        after = after_match.group(1) if after_match else None
        if method in ("increments", "bigIncrements", "id"):
            add(literals[0] if literals else "id", "INTEGER" if method == "increments" else "BIGINT")
        elif method in ("timestamps", "nullableTimestamps"):
            add("created_at", "TIMESTAMP")
            add("updated_at", "TIMESTAMP")
        elif method == "softDeletes":
            add("deleted_at", "TIMESTAMP")
        elif method == "rememberToken":
            add("remember_token", "VARCHAR(100)")
        elif method in ("morphs", "nullableMorphs") and literals:
            add(literals[0] + "_type", "VARCHAR(255)")
            add(literals[0] + "_id", "BIGINT")
        elif method in ("string", "char") and literals:
            add(literals[0], f"VARCHAR({numbers[0] if numbers else 255})", after)
        elif method == "decimal" and literals:
            precision = numbers[:2] if len(numbers) >= 2 else ["8", "2"]
            add(literals[0], f"NUMERIC({precision[0]},{precision[1]})", after)
        elif method in LARAVEL_TYPES and literals:
            add(literals[0], LARAVEL_TYPES[method], after)
        elif method == "dropColumn":
            cols[:] = [c for c in cols if c[0] not in literals]
        elif method == "dropSoftDeletes":
            cols[:] = [c for c in cols if c[0] != "deleted_at"]
        elif method == "renameColumn" and len(literals) == 2:
            for c in cols:
                c[0] = literals[1] if c[0] == literals[0] else c[0]


def read_laravel(texts: list[str]) -> Schema:
    """Tables after replaying migrations in order; statements in down() are skipped, loops over variables too."""
    tables: dict[str, list[list[str]]] = {}
    for text in texts:
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"(?m)^\s*//.*$", "", text)
        down = re.search(r"function\s+down\s*\([^)]*\)\s*(?::\s*\w+\s*)?\{", text)
        if down:
            text = text[:down.start()] + text[_block_end(text, down.end() - 1):]
        for m in re.finditer(r"Schema::(create|table|dropIfExists|drop|rename)\(\s*'([^']+)'(?:\s*,\s*'([^']+)')?", text):
            kind, name = m.group(1), m.group(2)
            if kind in ("drop", "dropIfExists"):
                tables.pop(name, None)
            elif kind == "rename" and m.group(3):
                tables[m.group(3)] = tables.pop(name, [])
            else:
                if kind == "create":
                    tables.pop(name, None)
                    tables[name] = []
                brace = text.find("{", m.end())
                _laravel_statements(tables, name, text[brace:_block_end(text, brace)])
    return [(t, [(c, ty) for c, ty in cols]) for t, cols in tables.items()]


FRAPPE_LAYOUT = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold", "Table",
                 "Table MultiSelect", "Image"}
FRAPPE_TYPES = {"Int": "INTEGER", "Check": "BOOLEAN", "Float": "NUMERIC(21,9)", "Currency": "NUMERIC(21,9)",
                "Percent": "NUMERIC(21,9)", "Duration": "NUMERIC(21,9)", "Rating": "NUMERIC(3,2)", "Date": "DATE",
                "Datetime": "TIMESTAMP", "Time": "TIME", "JSON": "JSON", "Geolocation": "JSON"}
FRAPPE_TEXT = {"Password", "Small Text", "Text", "Long Text", "Text Editor", "Code", "HTML Editor", "Markdown Editor",
               "Attach", "Attach Image", "Signature", "Barcode"}
FRAPPE_STANDARD = [("name", "VARCHAR(140)"), ("creation", "TIMESTAMP"), ("modified", "TIMESTAMP"),
                   ("modified_by", "VARCHAR(140)"), ("owner", "VARCHAR(140)"), ("docstatus", "SMALLINT"), ("idx", "INTEGER")]


def read_frappe(texts: list[str]) -> Schema:
    """One table per stored doctype: standard columns, data fields in field_order, then child or meta columns."""
    schema: Schema = []
    for text in texts:
        doc = json.loads(text)
        if doc.get("issingle") or doc.get("is_virtual"):
            continue
        fields = {f["fieldname"]: f for f in doc.get("fields", [])}
        columns = list(FRAPPE_STANDARD)
        for name in doc.get("field_order") or list(fields):
            field = fields.get(name)
            if not field or field["fieldtype"] in FRAPPE_LAYOUT or field.get("is_virtual"):
                continue
            kind = field["fieldtype"]
            columns.append((name, FRAPPE_TYPES.get(kind, "TEXT" if kind in FRAPPE_TEXT else "VARCHAR(140)")))
        if doc.get("istable"):
            columns += [("parent", "VARCHAR(140)"), ("parentfield", "VARCHAR(140)"), ("parenttype", "VARCHAR(140)")]
        else:
            columns += [("_user_tags", "TEXT"), ("_comments", "TEXT"), ("_assign", "TEXT"), ("_liked_by", "TEXT")]
        schema.append(("tab" + doc["name"], columns))
    return schema


READERS = {"mysql": lambda texts: [t for text in texts for t in read_mysql(text)], "liquibase": read_liquibase,
           "laravel": read_laravel, "frappe": read_frappe}


def git_texts(git_dir: Path, commit: str, paths: list[str]) -> list[str]:
    """The text of each path at a commit of a local mirror (a path ending in / means every file under it, sorted)."""
    texts = []
    for path in paths:
        names = [path]
        if path.endswith("/"):
            listing = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", "--name-only", commit, path],
                                     check=True, capture_output=True, text=True).stdout.split()
            names = sorted(listing)
        for name in names:
            texts.append(subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{name}"],
                                        check=True, capture_output=True, text=True).stdout)
    return texts


def compare(schema: Schema, corpus_csv: Path) -> tuple[list[str], list[str]]:
    """`table.column type` triples only upstream, and only in the corpus CSV."""
    import csv

    upstream = {f"{t}.{c} {ty}" for t, cols in schema for c, ty in cols}
    with corpus_csv.open(newline="", encoding="utf-8") as handle:
        corpus = {f"{r['table']}.{r['column']} {r['data_type']}" for r in csv.DictReader(handle)}
    return sorted(upstream - corpus), sorted(corpus - upstream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, required=True)
    parser.add_argument("--commit", required=True)
    parser.add_argument("--reader", choices=sorted(READERS), required=True)
    parser.add_argument("--path", action="append", required=True, help="file, or folder ending in /")
    parser.add_argument("--check", metavar="APP", help="compare with bench/corpus/APP.csv")
    args = parser.parse_args(argv)
    schema = READERS[args.reader](git_texts(args.git_dir, args.commit, args.path))
    if args.check:
        only_up, only_corpus = compare(schema, Path(__file__).resolve().parent / "corpus" / f"{args.check}.csv")
        for line in only_up:
            print(f"only upstream: {line}")
        for line in only_corpus:
            print(f"only in corpus: {line}")
        print(f"{len(only_up)} only upstream, {len(only_corpus)} only in corpus")
        return 1 if only_up or only_corpus else 0
    for table, columns in schema:
        for ordinal, (column, kind) in enumerate(columns, start=1):
            print(f"{table}\t{column}\t{ordinal}\t{kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

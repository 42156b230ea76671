"""The fast writer (orjson) must produce exactly the bytes of json.dumps(indent=2, sort_keys=True, ensure_ascii=False)."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field, fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.json_out import dumps, write_json
from privacy_inventory.models import ColumnScan, ForeignKey, Inventory, SourceScan, TableScan


def _plain(obj: object) -> dict:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}  # type: ignore[arg-type]


def stdlib(value: object) -> str:
    """What the writer replaced: the standard library's encoder with the same settings."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=_plain)


@dataclass
class Leaf:
    text: str
    number: float
    extra: dict[str, float] = field(default_factory=dict)
    items: list = field(default_factory=list)


TRICKY_STRINGS = ["", "plain", "é ü ß ñ", "日本語", "emoji 🙂 👩‍👩‍👧", "quote \" and \\ backslash", "tab\tnew\nline\rret",
                  "\x00\x01\x1f control", "\x7f del", "\u2028\u2029 separators", "\ufeff bom", "</script>", "a/b"]
TRICKY_FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 0.95, 1 / 3, 123456789.123, 1e-4, 9.99e-5, 1e-5, 1e15, 9999999999999998.0, 1e16, 1e300,
                 5e-324, 2.5e-10, -7.1e22, float("nan"), float("inf"), float("-inf")]
TRICKY_INTS = [0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1, 2**64, -(2**63) - 1, 10**30]


def test_tricky_document_is_byte_identical() -> None:
    doc = {
        "strings": TRICKY_STRINGS,
        "floats": TRICKY_FLOATS,
        "ints": TRICKY_INTS,
        "empty": {"list": [], "dict": {}, "str": "", "none": None, "tuple": ()},
        "bools": [True, False, None],
        "nested": [[[[[{"z": 1, "a": [1.5, {"é": "ü", "E": 1e-7}]}]]]], {"deep": {"er": {"est": [{}, []]}}}],
        "unicode keys": {"ß": 1, "z": 2, "Z": 3, "ä": 4, "日": 5, "": 6, "a b": 7},
        "dataclasses": [Leaf("x", 0.5), Leaf("ü\n", 1e-9, {"k": 1e20, "n": float("nan")}, [Leaf("in", 2.0)])],
    }
    assert dumps(doc) == stdlib(doc)
    for depth_doc in ([doc], [[doc]], {"a": {"b": {"c": {"d": doc}}}}):
        assert dumps(depth_doc) == stdlib(depth_doc)


def test_inventory_file_is_byte_identical_to_the_standard_library_encoder() -> None:
    columns = [ColumnScan(name=f"c{i}", data_type="TEXT", category="user.contact.email" if i % 2 else None, confidence=round(i / 7, 2),
                          evidence=f"évidence {i} \"quoted\"", flags=["a", "b"][: i % 3], facts={"share": i / 3, "tiny": 1e-6 * i, "big": 1e17 * i})
               for i in range(7)]
    tables = [TableScan(schema="main", name=f"t{j}", row_estimate=10**j, columns=columns, primary_key=["c0"],
                        foreign_keys=[ForeignKey(["c1"], None, "t0", ["c0"])] if j else [], references={"c1": ["t0", "person", "declared"]} if j else {})
              for j in range(4)]
    tables.append(TableScan(schema=None, name="empty", error="could not sample: ü"))
    inventory = Inventory(sources=[SourceScan(name="db", dialect="sqlite", url="sqlite:///x", tables=tables, fingerprint="abc"),
                                   SourceScan(name="none", dialect="postgresql", url="postgresql://***@h/db", status="failed", error="down")],
                          config_sources=["app:config.yaml"])
    expected = stdlib(inventory.sorted()) + "\n"
    assert inventory.to_json() == expected
    buf = io.BytesIO()
    inventory.write_json(buf)
    assert buf.getvalue() == expected.encode("utf-8")
    assert Inventory.from_dict(json.loads(expected)).to_json() == expected


def test_empty_inventory() -> None:
    assert Inventory().to_json() == stdlib(Inventory()) + "\n"


def test_lone_surrogate_fails_as_before() -> None:
    """orjson refuses it, the standard library's text then cannot be written as UTF-8: the same error as before."""
    doc = {"bad": "x\udc80y"}
    with pytest.raises(UnicodeEncodeError):
        stdlib(doc).encode("utf-8")
    with pytest.raises(UnicodeEncodeError):
        dumps(doc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_value_is_byte_identical(value: object) -> None:
    try:
        expected = stdlib(value)
        expected.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate cannot be written as UTF-8 by either writer
    assert dumps(value) == expected
    assert not (isinstance(value, float) and math.isnan(value)) or "NaN" in expected

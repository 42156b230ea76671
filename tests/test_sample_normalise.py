"""A column normalised at once must equal the same column normalised value by value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.scan.sample import normalise_column, normalise_value

CELLS = st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(), st.binary(max_size=8), st.booleans(),
                  st.decimals(allow_nan=False, places=3))


def by_value(values: list, max_chars: int) -> list:
    """What sampling did before: each value through normalise_value (str within the limit kept as it is)."""
    return [v if type(v) is str and len(v) <= max_chars else normalise_value(v, max_chars) for v in values]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(CELLS, max_size=30), *(st.lists(st.one_of(st.none(), kind), max_size=30) for kind in (st.text(), st.integers(), st.floats())),
                 *(st.lists(kind, min_size=1, max_size=30) for kind in (st.text(), st.integers(), st.floats()))),
       st.sampled_from([1, 3, 1000]))
def test_whole_column_equals_value_by_value(values: list, max_chars: int) -> None:
    got = normalise_column(values, max_chars)
    assert got == by_value(values, max_chars)
    assert [type(v) for v in got] == [type(v) for v in by_value(values, max_chars)]


def test_edge_cells() -> None:
    column = [None, 0.0, -0.0, 1e15, 1e14, 2.5, float("nan"), float("inf"), 10**30, "x" * 2000, b"\x00" * 5, Decimal("1.50"), True]
    for cut in (1, 4, 1000):
        assert normalise_column(column, cut) == by_value(column, cut)
        for i in range(len(column)):
            assert normalise_column(column[i:i + 1] * 3, cut) == by_value(column[i:i + 1] * 3, cut)
    assert normalise_column([], 10) == []

"""The record as the 03_ropa page shows it: the controller once, then a short table per activity that fits a laptop screen."""

from __future__ import annotations

from typing import Any

from privacy_inventory.ropa.files import RECORD_COLUMNS, controller_rows, record_values
from privacy_inventory.ropa.record import Ropa, RopaEntry


def controller_frame(ropa: Ropa) -> Any:
    """Art. 30(1)(a) once for the whole record."""
    import pandas as pd

    return pd.DataFrame([[item, value.replace("\n", "; ")] for item, value in controller_rows(ropa)], columns=["item", "value"])


def activity_frame(entry: RopaEntry) -> Any:
    """One activity's Art. 30 items as two columns (item, value): the same values as the XLSX row."""
    import pandas as pd

    rows = [[item, value.replace("\n", "; ")] for item, value in zip(RECORD_COLUMNS[1:], record_values(entry)[1:])]
    return pd.DataFrame(rows, columns=["item", "value"])


def overview_frame(ropa: Ropa) -> Any:
    """One line per activity: legal basis, retention, DPIA needed, findings (links to the sections below)."""
    import pandas as pd

    rows = [{"activity": e.name, "legal basis": e.legal_basis, "DPIA needed": e.dpia_needed, "findings": len(e.findings)} for e in ropa.entries]
    return pd.DataFrame(rows, columns=["activity", "legal basis", "DPIA needed", "findings"])

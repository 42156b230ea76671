"""Disclosures to authorities abroad recorded in the data, as transfers judged under the controller's regime.

The scan counts a disclosure log per requesting authority and country (scan/disclosures.py). Here they become
transfers: one per country outside the controller's home area, judged by jurisdiction.judge_transfer as a disclosure
to an authority (Art. 48-49 GDPR; Chapter V UK GDPR). The controller's own country's police is no transfer. The data
map, the RoPA's item (e), the DPIA register and the policy gap all read this list, so they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_inventory.declarations import Declarations
from privacy_inventory.jurisdiction import UNKNOWN_COUNTRY as UNKNOWN, TransferJudgement, controller_regime, judge_transfer
from privacy_inventory.models import Disclosure, Inventory

ROLE = "public_authority"


@dataclass(frozen=True)
class AuthorityTransfer:
    """Data handed to authorities of one country outside the home area, from the disclosure logs."""

    key: str  # recipient key on the map: `authorities_abroad.US`
    name: str  # `Authorities in US (Federal Bureau of Investigation)`
    country: str
    authorities: tuple[str, ...]
    requests: int
    disclosed: int
    tables: tuple[str, ...]  # `source.table` of the logs
    activities: tuple[str, ...]  # activities that declare those tables
    judgement: TransferJudgement

    @property
    def summary(self) -> str:
        """`1 disclosure recorded in imvbox.law_enforcement_requests: <judgement>` for evidence columns."""
        return (f"{self.disclosed} disclosure{'s' if self.disclosed != 1 else ''} recorded in {', '.join(self.tables)}: "
                f"{self.judgement.text}")


def _split(table: str) -> tuple[str, str | None]:
    schema, _, name = table.rpartition(".")
    return name, schema or None


def _activities(decl: Declarations, rows: list[Disclosure]) -> tuple[str, ...]:
    keys = {a.key for a in decl.activities for d in rows if a.covers_table(_split(d.table)[0], d.source, _split(d.table)[1])}
    return tuple(sorted(keys))


def authority_transfers(inventory: Inventory, declarations: Declarations) -> list[AuthorityTransfer]:
    """One transfer per foreign country whose authorities received data, unless a declared authority recipient covers it."""
    regime = controller_regime(declarations)
    declared = {r.country for r in declarations.recipients if r.role == ROLE}
    by_country: dict[str, list[Disclosure]] = {}
    for d in inventory.disclosures:
        if d.disclosed and d.country != UNKNOWN and d.country not in declared:
            by_country.setdefault(d.country, []).append(d)
    out = []
    for country, rows in sorted(by_country.items()):
        judged = judge_transfer(regime, country, None, authority=True)
        if not judged.transfer:
            continue  # the controller's own country's authorities: a disclosure, not a transfer
        names = tuple(sorted({d.authority for d in rows if d.authority}))
        out.append(AuthorityTransfer(
            key=f"authorities_abroad.{country}", name=f"Authorities in {country}" + (f" ({', '.join(names)})" if names else ""),
            country=country, authorities=names, requests=sum(d.requests for d in rows), disclosed=sum(d.disclosed for d in rows),
            tables=tuple(sorted({f"{d.source}.{d.table}" for d in rows})), activities=_activities(declarations, rows), judgement=judged,
        ))
    return out


def unrecognised(inventory: Inventory) -> list[Disclosure]:
    """Disclosures whose authority matched no known name and whose log has no country: the DPO must say where they went."""
    return [d for d in inventory.disclosures if d.disclosed and d.country == UNKNOWN]

"""Art. 30(1)(d)-(e) rows of the record: a recipient of an activity and a transfer abroad, as the files print them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecipientEntry:
    """A recipient of an activity (Art. 30(1)(d)) and the config integrations that show the data flow."""

    key: str
    name: str
    role: str
    type: str
    country: str
    third_country: bool
    safeguard: str
    contract_reference: str
    vendor: str
    seen_in_config: tuple[str, ...] = ()
    sends: tuple[str, ...] = ()  # what config says it sends: events, their names and categories (datamap/flows.py)


@dataclass(frozen=True)
class TransferEntry:
    """A transfer outside the controller's home area (Art. 30(1)(e)): the third country and the judgement under its regime."""

    recipient: str
    name: str
    country: str
    adequacy: bool
    safeguard: str
    contract_reference: str

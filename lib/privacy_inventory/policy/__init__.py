"""Policy stage: published privacy-policy text -> declarations -> gaps against what the scan found."""

from privacy_inventory.policy.declarations import (
    ChildrenStatement,
    PolicyDeclarations,
    PolicyStatement,
    RetentionStatement,
    TransferStatement,
)
from privacy_inventory.policy.gaps import FoundRecipient, PolicyGap, PracticeFacts, RetentionFact, compare_policy
from privacy_inventory.policy.reader import parse_policy_text, read_policy

__all__ = [
    "ChildrenStatement",
    "FoundRecipient",
    "PolicyGap",
    "PracticeFacts",
    "RetentionFact",
    "compare_policy",
    "PolicyDeclarations",
    "PolicyStatement",
    "RetentionStatement",
    "TransferStatement",
    "parse_policy_text",
    "read_policy",
]

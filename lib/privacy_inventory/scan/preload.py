"""Imported by the fork server before it forks scan workers: the package's knowledge compiled once for all of them."""

from privacy_inventory.classify.knowledge import active

active()

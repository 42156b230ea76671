"""Fides interchange both ways: export the inventory as fideslang resources (export), import Fides projects as declarations (importer)."""

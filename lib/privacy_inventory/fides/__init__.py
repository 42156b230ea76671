"""Fides interchange both ways: export the inventory as fideslang resources, import Fides projects as declarations."""

from privacy_inventory.fides.conventions import fides_key
from privacy_inventory.fides.export import dataset_for, export_fides, organization_for, systems_for
from privacy_inventory.fides.project import FidesProject, declarations_from_fides, import_fides, read_fides_project

__all__ = [
    "FidesProject",
    "dataset_for",
    "declarations_from_fides",
    "export_fides",
    "fides_key",
    "import_fides",
    "organization_for",
    "read_fides_project",
    "systems_for",
]

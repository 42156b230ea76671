"""privacy-inventory: find the personal data an organisation holds, where it flows, and how risky it is."""

__version__ = "0.1.0"

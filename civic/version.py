"""The package version: one constant, read by the API (record meta) and the packaging."""

__version__ = "0.1.0"

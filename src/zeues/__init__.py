"""ZEUES: real-time traceability of pipe spools on a fabrication floor."""

__version__ = "4.0.0"

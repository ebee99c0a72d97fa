"""The one store every stage reads and writes (SQLite by default)."""
from .sqlite import Store

__all__ = ["Store"]

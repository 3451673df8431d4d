"""Storage back ends. SQLite (WAL) is the default."""

from newsprism.store.sqlite import SCHEMA_VERSION, Store, open_store

__all__ = ["SCHEMA_VERSION", "Store", "open_store"]

"""The exceptions newsprism raises. Each message says what happened and what to do."""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """An input could not be read or used. Carries the input's name and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(NewsprismError):
    """The SQLite store could not be opened, migrated or written."""


class SettingsError(NewsprismError):
    """A setting in newsprism.toml or the environment has a bad name or value."""

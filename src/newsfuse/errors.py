"""One exception hierarchy; every message says which input, what went wrong, what to do."""
from __future__ import annotations


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """One input (file, URL, feed item, line) could not be read. ``source`` names it."""

    def __init__(self, source: str, problem: str, hint: str = "") -> None:
        self.source, self.problem, self.hint = source, problem, hint
        super().__init__(f"{source}: {problem}" + (f" ({hint})" if hint else ""))


class ModelMissingError(NewsfuseError):
    """A model package is not installed; the message carries the pip command."""


class StoreError(NewsfuseError):
    """The database cannot be opened or migrated."""


class SkippedInput(InputError):
    """An entry of a folder or glob that is not a regular file (a FIFO, socket or device):
    skipped with a warning rather than counted as a failure, since nobody named it; opening
    a FIFO would block the batch until something writes to it."""

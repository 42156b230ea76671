"""One error type whose message is the single line a user sees; anything else is a bug."""

from __future__ import annotations


class InventoryError(Exception):
    """A problem with an input (database, file, parameter) that the user can fix.

    `source` names the input (a database source name, a file path, a parameter); the message
    is shown as `source: message` on one line, without a traceback.
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = " ".join(str(message).split())
        super().__init__(f"{source}: {self.message}" if source else self.message)

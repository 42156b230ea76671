"""One error type whose message is the single line a user sees; anything else is a bug."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class InventoryError(Exception):
    """A problem with an input (database, file, parameter) that the user can fix.

    `source` names the input (a database source name, a file path, a parameter); the message
    is shown as `source: message` on one line, without a traceback.
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = " ".join(str(message).split())
        super().__init__(f"{source}: {self.message}" if source else self.message)


def checked(result: T | None, problems: Sequence[InventoryError]) -> T:
    """What a check_* function read, or its first problem raised as one `file:line` error saying how many more there are."""
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InventoryError(problems[0].source, problems[0].message + more)
    assert result is not None
    return result

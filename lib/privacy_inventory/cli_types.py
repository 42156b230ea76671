"""Argument checks applied to every command: no empty paths or URLs, timeouts that are real, finite durations."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_TIMEOUT_S = 24 * 3600.0  # longer than any query should take; beyond it a "timeout" is a typo


def seconds(text: str) -> float:
    """A timeout in seconds: a finite number above 0 and at most a day (`nan`, `inf`, `-1`, `0` refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:.0f}")
    return value


def _not_blank(convert: Callable[[str], Any] | None, named: bool = False) -> Callable[[str], Any]:
    """Wrap an argument type so that an empty or blank value is refused instead of meaning 'here' or 'nothing'."""

    def check(text: str) -> Any:
        if not text.strip() or "\x00" in text:
            raise argparse.ArgumentTypeError("must not be empty" if "\x00" not in text else "must not contain a NUL character")
        if named and re.fullmatch(r"[A-Za-z0-9_.\-]+=\s*", text):
            raise argparse.ArgumentTypeError(f"{text!r} names a source but gives no path or URL after '='")
        return convert(text) if convert is not None else text

    check.__name__ = getattr(convert, "__name__", "text")  # argparse names the type in its messages
    return check


def harden(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give every value-taking argument of every subcommand a non-blank check, and every --timeout the seconds type."""
    for action in parser._actions:  # noqa: SLF001 - argparse exposes no public walk over its arguments
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                harden(sub)
            continue
        if action.nargs == 0 or action.choices is not None:
            continue
        if action.dest == "timeout":
            action.type = seconds
        elif action.type in (None, str, Path):
            action.type = _not_blank(action.type, named=action.dest in ("db", "config"))
    return parser

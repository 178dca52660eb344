"""User-facing errors.

Every error the user can cause names the field, the value that was given and
what would have been valid.  The CLI turns these into one line and exit code 2.
"""
from __future__ import annotations

import difflib
import re
from typing import Iterable


def _plain(text: object) -> str:
    """Lower case without separators: 'IL-6', 'Il_6' and 'il6' compare equal."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


class MyokineticsError(Exception):
    """Base class for errors caused by user input."""

    def __init__(self, field: str, value: object, valid: str, hint: str | None = None):
        self.field = field
        self.value = value
        self.valid = valid
        self.hint = hint
        msg = f"{field}: {value!r} is not valid; expected {valid}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class InputError(MyokineticsError):
    """Malformed or impossible user input (program text, scenario file, option)."""


class UnknownNameError(InputError):
    """A name (exercise, parameter, variable, module input) that does not exist."""

    def __init__(self, field: str, value: str, choices: Iterable[str], what: str = "a known name"):
        choices = list(choices)
        key = _plain(value)
        close = [c for c in choices if key and _plain(c) == key][:3]        # 'IL-6' -> 'il6'
        if not close:
            close = difflib.get_close_matches(str(value), choices, n=3, cutoff=0.5)
        if not close:
            plain = {}
            for c in choices:
                plain.setdefault(_plain(c), c)
            close = [plain[p] for p in difflib.get_close_matches(key, list(plain), n=3, cutoff=0.6)]
        if not close:
            low = str(value).lower()
            close = [c for c in choices if low and low in c.lower()][:3]
        hint = f"did you mean {', '.join(repr(c) for c in close)}?" if close else None
        super().__init__(field, value, what, hint)
        self.suggestions = close


class ModelError(Exception):
    """A model that cannot be assembled (developer error: units, wiring, sources)."""


def close_matches(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(value, list(choices), n=n, cutoff=0.5)

"""Quantities written by users ("80 kg", "180 cm", "12 weeks", "1 h"), parsed with pint."""
from __future__ import annotations

import math

from myokinetics.errors import InputError
from myokinetics.model.units import ureg


def parse_quantity(text, unit: str, field: str) -> float:
    """Parse ``text`` (a number, or a number with a unit) and return it in ``unit``."""
    if isinstance(text, bool):
        raise InputError(field, text, f"a quantity in {unit}, e.g. '10 {unit}'")
    if isinstance(text, (int, float)):
        try:
            return float(text)
        except OverflowError:   # an int too large for a float
            raise InputError(field, _short(text), f"a quantity in {unit}, e.g. '10 {unit}'") from None
    reg = ureg()
    from myokinetics.limits import check_digits
    check_digits(text, field, f"a quantity such as '10 {unit}'")
    s = str(text).strip().replace("weeks", "week").replace("week", "week").replace("hrs", "hour")
    try:
        q = reg.Quantity(s)
    except Exception:
        raise InputError(field, text, f"a quantity such as '10 {unit}'") from None
    try:
        if not hasattr(q, "to"):
            value = float(q)
        elif q.dimensionless:
            value = float(q.magnitude)
        else:
            value = float(q.to(unit).magnitude)
    except Exception:   # pint raises several types; OverflowError for huge numbers
        raise InputError(field, text, f"a quantity convertible to {unit}") from None
    if not math.isfinite(value):
        raise InputError(field, text, f"a finite quantity in {unit}")
    return value


def _short(value) -> str:
    s = str(value)
    return s if len(s) <= 60 else s[:40] + f"... ({len(s)} digits)"

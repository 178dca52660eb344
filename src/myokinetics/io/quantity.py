"""Quantities written by users ("80 kg", "180 cm", "12 weeks", "1 h"), parsed with pint."""
from __future__ import annotations

from myokinetics.errors import InputError
from myokinetics.model.units import ureg


def parse_quantity(text, unit: str, field: str) -> float:
    """Parse ``text`` (a number, or a number with a unit) and return it in ``unit``."""
    if isinstance(text, bool):
        raise InputError(field, text, f"a quantity in {unit}, e.g. '10 {unit}'")
    if isinstance(text, (int, float)):
        return float(text)
    reg = ureg()
    s = str(text).strip().replace("weeks", "week").replace("wk", "week").replace("hrs", "hour")
    try:
        q = reg.Quantity(s)
    except Exception:
        raise InputError(field, text, f"a quantity such as '10 {unit}'") from None
    if not hasattr(q, "to"):
        return float(q)
    if q.dimensionless:
        return float(q.magnitude)
    try:
        return float(q.to(unit).magnitude)
    except Exception:
        raise InputError(field, text, f"a quantity convertible to {unit}") from None

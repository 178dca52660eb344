"""One pint registry for the whole package (units are checked once, at assembly)."""
from __future__ import annotations

import functools

import pint


@functools.lru_cache(maxsize=1)
def ureg() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    # Units of physiology that pint does not know.
    # pint already knows "U" (enzyme unit); insulin is dosed in micro-units.
    reg.define("uU = 1e-6 * U")
    reg.define("fold = [] = fold")
    reg.define("SD = [] = SD")
    return reg


def parse_unit(unit: str) -> pint.Unit:
    """Parse a unit string ("pg/mL", "1/h", "1", "%/h"); raises ValueError if unknown."""
    reg = ureg()
    text = unit.strip()
    if text in ("1", "", "-"):
        return reg.dimensionless
    text = text.replace("%", "percent")
    try:
        return reg.parse_units(text)
    except Exception as exc:  # pint raises several types
        raise ValueError(f"unknown unit {unit!r}: {exc}") from None


def dimensionality(unit: str):
    return parse_unit(unit).dimensionality


def compatible(a: str, b: str) -> bool:
    return dimensionality(a) == dimensionality(b)


def factor(src: str, dst: str) -> float:
    """Multiplicative factor converting a value in ``src`` units to ``dst`` units."""
    reg = ureg()
    return float(reg.Quantity(1.0, parse_unit(src)).to(parse_unit(dst)).magnitude)

"""Arithmetic every app's figures share. Pure: no Django, no models."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import overload


@overload
def round_half_up(value: int | Decimal | Fraction | str, places: int = 1) -> Decimal: ...
@overload
def round_half_up(value: None, places: int = 1) -> None: ...
@overload
def round_half_up(value: int | Decimal | Fraction | str | None, places: int = 1) -> Decimal | None: ...
def round_half_up(value: int | Decimal | Fraction | str | None, places: int = 1) -> Decimal | None:
    """`value` rounded half up (away from zero for .5) to `places` decimals, as
    DfE rounds published figures; None stays None.

    Takes int, Decimal, Fraction or str exactly. Floats are refused: 0.15 as a
    float is 0.1499…, exactly the error this function exists to avoid.
    """
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("round_half_up takes an exact number (int, Decimal, Fraction or str), not a float.")
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

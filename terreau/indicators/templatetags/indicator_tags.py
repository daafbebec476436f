"""Numbers of indicators written the French way, with the indicator's decimals."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def chiffre(value, decimals=1) -> str:
    """Write 12345.678 as « 12 345,7 » (decimals given); no value as « — »."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    decimals = int(decimals)
    # number_format cuts the decimals off (17.8756 → "17,8"): round first, half up as people
    # do by hand (2.5 → 3), from the shortest decimal text of the float; no "-0,0".
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def sort_key(value) -> str:
    """Return the value as the table's sort key (empty when there is no value)."""
    return "" if value is None else repr(float(value))

"""Numbers of indicators written the French way, with the indicator's decimals."""

import math

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def chiffre(value, decimals=1) -> str:
    """Write 12345.678 as « 12 345,7 » (decimals given); no value as « — »."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def sort_key(value) -> str:
    """Return the value as the table's sort key (empty when there is no value)."""
    return "" if value is None else repr(float(value))

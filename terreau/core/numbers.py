"""Numbers as people write them in French: 28,5 and not 28,50; 1 234 and not 1234."""

from decimal import Decimal, InvalidOperation

from django.utils import formats


def number_text(value, decimals: int = 2) -> str:
    """28.5 → "28,5"; 3.0 → "3"; at most `decimals` places; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        rounded = round(Decimal(str(value)), int(decimals))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    plain = Decimal(f"{rounded.normalize():f}")  # no exponent, no trailing zero
    return formats.number_format(plain, use_l10n=True, force_grouping=True)

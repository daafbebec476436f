"""Numbers written the French way: decimal comma, narrow no-break space between thousands."""

import math

THOUSANDS = "\u202f"  # narrow no-break space, as French typography wants


def format_number(value: float, decimals: int | None = None, thousands: str = THOUSANDS) -> str:
    """Return `value` as French text: "1 234,5" (decimal comma, grouped thousands).

    `decimals`: digits after the comma; None keeps up to 6 significant digits and drops
    trailing zeros (for messages about values of unknown precision).
    """
    if value is None or not math.isfinite(value):
        return "–"
    if decimals is None:
        magnitude = math.floor(math.log10(abs(value))) + 1 if value else 1
        text = f"{value:.{max(0, min(6, 6 - magnitude))}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:.{decimals}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0"
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    grouped = thousands.join([whole, *groups])
    return sign + grouped + ("," + fraction if fraction else "")

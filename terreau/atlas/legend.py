"""A classified map's legend and values in French words, for the pages, the scenarios' maps
and their exports (the same texts as formatValue and classLabels in choropleth.js)."""

from terreau.indicators.values import level_word

from .numbers import format_number


def format_value(value: float | None, indicator: dict) -> str:
    """The same text as formatValue in choropleth.js: "12,3 %", "21 450 €"."""
    if value is None:
        return "sans valeur"
    text = format_number(value, max(0, min(6, indicator.get("decimales") or 0)))
    unit = indicator.get("unite") or ""
    if not unit:
        return text
    return f"{text}\u00a0€" if unit == "€" else f"{text}\u202f{unit}"


def count_zones(count: int, level: str) -> str:
    """ "1 commune", "272 communes", "0 commune"."""
    return f"{format_number(count, 0)} {level_word(level, count)}"


def legend_rows(payload: dict) -> list[dict]:
    """The legend of a /carte payload: one row per class ({colour, label "de 5,2 à 8,1 %",
    count "12 communes", missing False}), then the "sans valeur" row (missing True)."""
    classification, indicator = payload["classification"], payload["indicateur"]
    if not classification:
        missing = sum(1 for zone in payload["zones"] if zone["valeur"] is None)
        return [{"colour": "", "label": "sans valeur", "missing": True,
                 "count": count_zones(missing, payload["niveau"])}]
    unit = f"\u202f{indicator['unite']}" if indicator.get("unite") else ""
    plain = {**indicator, "unite": ""}
    bounds = [classification["min"], *classification["bornes"]]
    items = [{"colour": colour, "missing": False,
              "label": f"de {format_value(bounds[i], plain)} à "
                       f"{format_value(bounds[i + 1], plain)}{unit}",
              "count": count_zones(classification["effectifs"][i], payload["niveau"])}
             for i, colour in enumerate(classification["couleurs"])]
    items.append({"colour": classification["couleur_manquante"], "label": "sans valeur",
                  "count": count_zones(classification["manquantes"], payload["niveau"]),
                  "missing": True})
    return items

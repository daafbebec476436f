"""The tabulation result (tabulate.py) as shown: the HTML table's rows, the same rows for
the CSV/XLSX exports, and the bar chart's data. One module so that the three never differ.

Cross tables show, in each cell, the count and the percentage asked ("colonne", "ligne" or
"aucun"); the cells whose adjusted residual passes ±1.96 carry a sign and words, not only a
colour.
"""

from terreau.atlas.numbers import format_number

from ..tabulate import OVER, UNDER, fr_count, fr_p, fr_pct

PCT_NAMES = {"colonne": "% en colonne", "ligne": "% en ligne", "aucun": ""}
FLAG_WORDS = {"+": OVER, "-": UNDER}


def _count(value: float) -> float | int:
    """A count for a spreadsheet: an integer, or a weighted count with 2 decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _flat_headers(result: dict) -> list[str]:
    multiple = result["multiple"]
    return ["Réponse", "Effectif", *(["Effectif brut"] if result["weight"] else []),
            "% des personnes ayant répondu" if multiple else "% sans les non-réponses",
            "% de toutes les personnes" if multiple else "% avec les non-réponses"]


def _flat_row(label: str, line: dict, weighted: bool, kind: str) -> dict:
    values = [_count(line["count"]), *([line["raw"]] if weighted else []),
              _pct(line["pct_valid"]), _pct(line["pct_all"])]
    texts = [fr_count(line["count"]), *([fr_count(line["raw"])] if weighted else []),
             fr_pct(line["pct_valid"]), fr_pct(line["pct_all"])]
    return {"label": label, "kind": kind, "values": values, "texts": texts}


def _flat_grid(result: dict) -> dict:
    weighted = bool(result["weight"])
    rows = [_flat_row(line["label"], line, weighted, "line") for line in result["lines"]]
    rows.append(_flat_row(result["non_response"]["label"], result["non_response"], weighted,
                          "missing"))
    total, answered = result["total"], result["answered"]
    everybody = {"count": total, "raw": result["people"] - result["unweighted"],
                 "pct_valid": 100.0 if answered else None, "pct_all": 100.0}
    if result["multiple"]:
        rows.append(_flat_row("Personnes ayant répondu", {
            "count": answered, "raw": result["answered_raw"], "pct_valid": 100.0,
            "pct_all": 100 * answered / total if total else None}, weighted, "total"))
        everybody["pct_valid"] = None
    rows.append(_flat_row("Ensemble des personnes" if result["multiple"] else "Total",
                          everybody, weighted, "total"))
    return {"type": "flat", "header": _flat_headers(result), "rows": rows,
            "caption": result["label"]}


def _cell(count: float, pct: float | None, sign: str = "") -> dict:
    return {"count": count, "count_text": fr_count(count), "pct": pct,
            "pct_text": fr_pct(pct) if pct is not None else "", "flag": sign,
            "flag_words": FLAG_WORDS.get(sign, "")}


def _cross_grid(result: dict, percentages: str) -> dict:
    by_column, by_row = percentages == "colonne", percentages == "ligne"
    pick = (result["column_pct"] if by_column else result["row_pct"] if by_row else None)
    rows = []
    for i, category in enumerate(result["rows"]["categories"]):
        cells = [_cell(count, pick[i][j] if pick else None, result["flags"][i][j])
                 for j, count in enumerate(result["counts"][i])]
        share = result["row_share"][i] if by_column else 100.0 if by_row else None
        rows.append({"label": category["label"], "kind": "line", "cells": cells,
                     "total": _cell(result["row_totals"][i], share)})
    totals = [_cell(count, 100.0 if by_column else result["column_share"][j] if by_row
                    else None) for j, count in enumerate(result["column_totals"])]
    rows.append({"label": "Personnes ayant répondu" if result["multiple"] else "Total",
                 "kind": "total", "cells": totals,
                 "total": _cell(result["total"], 100.0 if pick else None)})
    return {"type": "cross", "rows": rows, "pct_name": PCT_NAMES[percentages],
            "columns": [c["label"] for c in result["columns"]["categories"]],
            "total_label": "Ensemble" if result["multiple"] else "Total",
            "corner": result["rows"]["label"], "column_label": result["columns"]["label"],
            "caption": f"{result['rows']['label']} selon {result['columns']['label']}",
            "flagged": any(sign for line in result["flags"] for sign in line),
            "test_text": _test_text(result.get("test"))}


def _test_text(test: dict | None) -> dict:
    if not test:
        return {}
    return {"chi2": format_number(test["chi2"], 2), "p": fr_p(test["p_value"]),
            "v": format_number(test["cramer_v"], 2)}


def grid(result: dict, percentages: str = "colonne") -> dict:
    return _cross_grid(result, percentages) if result["type"] == "cross" else _flat_grid(
        result)


def export_rows(result: dict, percentages: str = "colonne") -> tuple[list[str], list[list]]:
    """Header and rows of the shown table for write_csv/write_xlsx (numbers stay numbers)."""
    shown = grid(result, percentages)
    if shown["type"] == "flat":
        return shown["header"], [[row["label"], *row["values"]] for row in shown["rows"]]
    pct = shown["pct_name"]
    header = [f"{shown['corner']} / {shown['column_label']}"]
    for name in [*shown["columns"], shown["total_label"]]:
        header += [f"{name} (effectif)", *([f"{name} ({pct})"] if pct else [])]
    rows = []
    for row in shown["rows"]:
        line = [row["label"]]
        for cell in [*row["cells"], row["total"]]:
            line += [_count(cell["count"]), *([_pct(cell["pct"])] if pct else [])]
        rows.append(line)
    return header, rows


def chart_data(result: dict, percentages: str = "colonne") -> dict:
    """The bars of the chart: categories with their % (or counts), grouped by column."""
    if result["type"] == "flat":
        bars = [{"categorie": line["label"], "groupe": "", "valeur": line["pct_valid"],
                 "texte": fr_pct(line["pct_valid"])}
                for line in result["lines"] if line["pct_valid"] is not None]
        return {"barres": bars, "mesure": "% des personnes ayant répondu",
                "titre": result["label"], "groupes": ""}
    shown = _cross_grid(result, percentages)
    bars = []
    for row in shown["rows"][:-1]:
        for name, cell in zip(shown["columns"], row["cells"], strict=True):
            value = cell["pct"] if shown["pct_name"] else cell["count"]
            if value is not None:
                bars.append({"categorie": row["label"], "groupe": name, "valeur": value,
                             "texte": cell["pct_text"] or cell["count_text"]})
    return {"barres": bars, "mesure": shown["pct_name"] or "Effectif",
            "titre": shown["caption"], "groupes": shown["column_label"]}

"""Shape a validation report (`ValidationReport.as_dict()`) for the import pages."""

from terreau.territory.choices import Level

from ..page_queries import format_value

# Titles of the groups of issues, in the order the report shows them.
ISSUE_TITLES = {
    "unreadable": "Fichier illisible",
    "no_rows": "Fichier sans données",
    "plan": "Choix à revoir",
    "code_column": "Colonne des codes",
    "period_column": "Colonne des périodes",
    "unknown_column": "Colonnes introuvables",
    "duplicate_column": "Colonnes en double",
    "slug": "Noms de variables",
    "kind": "Natures des variables",
    "no_variable": "Aucune variable",
    "no_code": "Lignes sans code",
    "duplicate_row": "Lignes en double",
    "not_a_number": "Cellules qui ne sont pas des nombres",
    "unknown_code": "Codes inconnus",
    "merged_code": "Codes de communes fusionnées ou d'arrondissements",
    "newer_vintage": "Codes plus récents que les contours",
    "absent_zones": "Zones absentes du fichier",
}


def _groups(issues: list[dict], counts: dict) -> list[dict]:
    by_kind: dict[str, list[dict]] = {}
    for issue in issues:
        by_kind.setdefault(issue["kind"], []).append(issue)
    order = list(ISSUE_TITLES)
    groups = []
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        total = max(counts.get(kind, 0), len(by_kind[kind]))
        groups.append({"kind": kind, "title": ISSUE_TITLES.get(kind, kind),
                       "issues": by_kind[kind], "total": total,
                       "more": total - len(by_kind[kind])})
    return groups


def report_context(report: dict, plan: dict) -> dict:
    """Return what the report page shows: summary, variables, errors and warnings by kind."""
    errors = [i for i in report.get("errors", []) if i.get("blocking", True)]
    warnings = report.get("warnings", []) + [i for i in report.get("errors", [])
                                             if not i.get("blocking", True)]
    counts = report.get("counts", {})
    blocking_unknown = bool(errors) and all(i["kind"] == "unknown_code" for i in errors)
    unknown_total = counts.get("unknown_code", 0)
    level = plan.get("level", "")
    return {
        "report": report, "plan": plan,
        "level_label": Level(level).label if level in Level.values else level,
        "error_groups": _groups(errors, counts),
        "warning_groups": _groups(warnings, counts),
        "notes": report.get("notes", []),
        "variables": [{**v, "values_text": format_value(v.get("values", 0)),
                       "missing_text": format_value(v.get("missing", 0))}
                      for v in report.get("variables", [])],
        "blocking": bool(errors),
        "blocking_unknown": blocking_unknown,
        "blocking_other": bool(errors) and not blocking_unknown,
        "unknown_total": unknown_total,
        "left_out": plan.get("accept_unknown_codes") and unknown_total,
    }

"""The yearly report as a workbook, in the shape funders ask for: one sheet per part
(summary with targets against realisation, sessions, types, actions, levers and obstacles,
improvements; the attendance list only with names). Dates are dates, numbers are numbers,
the header row stays on screen, and text cells are made safe (core.exports.safe_cell).
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from terreau.core.exports import safe_cell

from .report import TYPE_LABELS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5F45")
DATE_FORMAT = "DD/MM/YYYY"
HOURS_FORMAT = "#,##0.00"
SHARE_FORMAT = "0%"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class _Sheet:
    """A sheet whose table starts at `header_row` with a frozen header and set widths."""

    def __init__(self, workbook: Workbook, title: str, header: list[tuple[str, int]],
                 *, intro: list[tuple[str, object]] = ()):
        self.sheet = workbook.create_sheet(title=title[:31])
        for label, value in intro:
            self.sheet.append([label, safe_cell(value)])
            self.sheet.cell(self.sheet.max_row, 1).font = Font(bold=True)
        if intro:
            self.sheet.append([])
        self.sheet.append([name for name, _width in header])
        row = self.sheet.max_row
        for column, (_name, width) in enumerate(header, start=1):
            cell = self.sheet.cell(row, column)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        self.sheet.freeze_panes = f"A{row + 1}"

    def add(self, values: list, formats: dict[int, str] | None = None) -> None:
        self.sheet.append([safe_cell(value) for value in values])
        row = self.sheet.max_row
        for column, number_format in (formats or {}).items():
            self.sheet.cell(row, column).number_format = number_format
        for column in range(1, len(values) + 1):
            self.sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")


def _intro(report: dict) -> list[tuple[str, object]]:
    who = report["group"]["name"] if report["group"] else "Projet entier (tous les groupes)"
    return [("Projet", report["project"]), ("Groupe", who), ("Année", report["year_label"]),
            ("Du", _day(report["first_day"])), ("Au", _day(report["last_day"]))]


def _summary(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Synthèse", [("Rubrique", 24), ("Intitulé", 48), ("Unité", 14),
                                          ("Cible", 12), ("Réalisé", 12), ("% réalisé", 11),
                                          ("Précisions", 40)], intro=_intro(report))
    for row in range(2, 6):  # "Du", "Au" are dates
        if isinstance(sheet.sheet.cell(row, 2).value, date):
            sheet.sheet.cell(row, 2).number_format = DATE_FORMAT
    figures = [("Séances tenues", "séances", report["sessions"]),
               ("Heures de présence (personnes × heures)", "heures", report["person_hours"]),
               (f"Journées de travail ({report['hours_per_day']:g} h par jour)", "jours",
                report["person_days"]),
               ("Participants différents (nommés)", "personnes", report["participants"]),
               ("Présences d'habitants (sans nom)", "présences", report["inhabitants"]),
               ("Entretiens réalisés", "entretiens", report["interviews"]),
               ("Actions de l'année", "actions", len(report["actions"]))]
    for label, unit, value in figures:
        sheet.add(["Chiffres de l'année", label, unit, None, value], {5: HOURS_FORMAT})
    for target in report["targets"]:
        rubric = ("Objectif de l'année" if target["period"] == "année"
                  else "Objectif du projet entier")
        sheet.add([rubric, target["label"], target["unit"], target["target"], target["done"],
                   target["share"], target["note"] or ("à saisir" if target["done"] is None
                                                       else target["metric_label"])],
                  {4: HOURS_FORMAT, 5: HOURS_FORMAT, 6: SHARE_FORMAT})


def _sessions(workbook: Workbook, report: dict) -> None:
    project = report["group"] is None
    header = [("Date", 12), ("Séance", 40), ("Type", 22), ("Durée (h)", 10),
              ("Membres", 10), ("Invités", 10), ("Habitants", 10), ("Heures de présence", 12)]
    sheet = _Sheet(workbook, "Séances", ([("Groupe", 24)] if project else []) + header)
    for session in report["session_list"]:
        values = [_day(session["date"]), session["title"], session["type_label"],
                  session["duration_hours"], session["members"], session["guests"],
                  session["inhabitants"], session["person_hours"]]
        shift = 1 if project else 0
        sheet.add(([session["group"]] if project else []) + values,
                  {1 + shift: DATE_FORMAT, 4 + shift: HOURS_FORMAT, 8 + shift: HOURS_FORMAT})


def _by_type(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Par type", [("Type de séance", 28), ("Séances", 10),
                                          ("Heures de présence", 14), ("Participants", 12)])
    for kind, figures in report["by_type"].items():
        sheet.add([TYPE_LABELS.get(kind, kind), figures["sessions"], figures["person_hours"],
                   figures.get("participants")], {3: HOURS_FORMAT})
    sheet.add(["Total", report["sessions"], report["person_hours"], report["participants"]],
              {3: HOURS_FORMAT})


def _by_group(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Par groupe", [("Groupe", 32), ("Séances", 10),
                                            ("Heures de présence", 14), ("Participants", 12),
                                            ("Habitants", 10), ("Entretiens", 10),
                                            ("Actions", 10)])
    for row in report["groups"]:
        sheet.add([row["name"], row["sessions"], row["person_hours"], row["participants"],
                   row["inhabitants"], row["interviews"], row["actions"]], {3: HOURS_FORMAT})


def _actions(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Actions et évaluations", [
        ("Action", 32), ("État", 12), ("Début", 12), ("Fin", 12), ("Évaluation n°", 11),
        ("Date", 12), ("Décision", 20), ("Pourquoi", 40), ("Hypothèses : conclusions", 50)])
    for action in report["actions"]:
        start, end = _day(action["starts_on"]), _day(action["ends_on"])
        head = [action["title"], action["status_label"], start, end]
        if not action["rounds"]:
            sheet.add(head + [None, None, "Pas d'évaluation conclue cette année"],
                      {3: DATE_FORMAT, 4: DATE_FORMAT})
        for round_ in action["rounds"]:
            verdicts = "\n".join(f"{v['hypothesis']} → {v['status_label']} ({v['reason']})"
                                 for v in round_["verdicts"])
            sheet.add(head + [round_["number"], _day(round_["held_on"]),
                              round_["decision_label"], round_["decision_note"], verdicts],
                      {3: DATE_FORMAT, 4: DATE_FORMAT, 6: DATE_FORMAT})


def _factors(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Leviers et freins", [("Levier ou frein", 14), ("Thème", 28),
                                                   ("Description", 60), ("Action", 32),
                                                   ("Date", 12)])
    for label, rows in (("Levier", report["levers"]), ("Frein", report["obstacles"])):
        for factor in rows:
            sheet.add([label, factor["theme_label"], factor["text"], factor["action"],
                       _day(factor["held_on"])], {5: DATE_FORMAT})


def _improvements(workbook: Workbook, report: dict) -> None:
    sheet = _Sheet(workbook, "Améliorations prévues", [("D'où vient la proposition", 40),
                                                      ("Ce qu'on améliorera", 80)])
    for item in report["improvements"]:
        sheet.add([item["source"], item["text"]])


def _attendance(workbook: Workbook, report: dict) -> None:
    project = report["group"] is None
    header = [("Date", 12), ("Séance", 36), ("Nom", 28), ("Qui", 16), ("Structure", 30),
              ("Mission", 26), ("Heures", 10)]
    sheet = _Sheet(workbook, "Présences", ([("Groupe", 24)] if project else []) + header)
    shift = 1 if project else 0
    for row in report["attendance"]:
        sheet.add(([row["group"]] if project else []) + [
            _day(row["date"]), row["session"], row["name"], row["kind_label"],
            row["structure"], row["mission"], row["hours"]],
            {1 + shift: DATE_FORMAT, 7 + shift: HOURS_FORMAT})


def report_xlsx(report: dict) -> bytes:
    """The workbook of a report built by `report_build` (with "Présences" when it holds
    names)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, report)
    _sessions(workbook, report)
    _by_type(workbook, report)
    if report["group"] is None:
        _by_group(workbook, report)
    _actions(workbook, report)
    _factors(workbook, report)
    _improvements(workbook, report)
    if "attendance" in report:
        _attendance(workbook, report)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()

"""pyxform's diagnoses of an invalid XLSForm, said in French with the sheet, row and column.

pyxform writes its messages in English as "[row : 62] On the 'survey' sheet, the 'name'
value 'X' is invalid. <reason>"; most carry no structured context, so the frame is read
from the text and the reason translated from a table of the common ones. A reason not in the
table is kept in English, after the French frame, so that nothing is lost.
"""

import re

ROW = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
FRAME = re.compile(r"On the '([^']+)' sheet, the '([^']+)' value(?: '([^']*)')? is "
                   r"(?:invalid|problematic)\.\s*")
HEADERS = re.compile(r"Invalid headers provided for sheet: '([^']+)'\.\s*")


class XLSFormError(ValueError):
    """An XLSForm refused; `str(error)` is a French sentence naming where the fault is."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None,
                 column: str = "", value: str = ""):
        self.sheet, self.row, self.column, self.value = sheet, row, column, value
        self.reason = message
        prefix = where(sheet, row, column)
        super().__init__(prefix + message if prefix else message[:1].upper() + message[1:])


def where(sheet: str = "", row: int | None = None, column: str = "") -> str:
    parts = []
    if sheet:
        parts.append(f"feuille « {sheet} »")
    if row:
        parts.append(f"ligne {row}")
    if column:
        parts.append(f"colonne « {column} »")
    return (", ".join(parts) + " : ").capitalize() if parts else ""


# (English start of the reason, column when the frame names none, French reason).
# `{value}` is the value the frame names; `{m1}`… the groups of the English pattern.
REASONS = (
    (r"Questions, groups, and repeats must be unique within their nearest parent", "name",
     "le nom « {value} » est déjà pris dans le même groupe (ou la même répétition). Chaque "
     "question, groupe ou répétition doit porter un nom unique dans son groupe : renommez "
     "l'une des deux."),
    (r"The name is a case-insensitive match to another name", "name",
     "le nom « {value} » ne diffère d'un autre nom que par les majuscules : renommez l'un "
     "des deux."),
    (r"Repeat names must unique anywhere", "name",
     "le nom de répétition « {value} » est déjà pris ailleurs dans le formulaire."),
    (r"Repeat names must not be the same as the survey root", "name",
     "une répétition ne peut pas s'appeler « {value} » (nom réservé du formulaire)."),
    (r"The name 'meta' is reserved", "name", "le nom « meta » est réservé."),
    (r"Choices must have a name", "name", "ce choix n'a pas de nom."),
    (r"Choice names must be unique for each choice list", "name",
     "deux choix de la même liste portent le même nom (ajoutez le réglage "
     "allow_choice_duplicates = yes dans la feuille settings si c'est voulu)."),
    (r"Choices should have a label", "label", "ce choix n'a pas de libellé."),
    (r"Names must begin with a letter or underscore", "name",
     "un nom commence par une lettre ou « _ », puis ne contient que des lettres, des "
     "chiffres, « _ », « - » ou « . » (pas d'espace ni d'accent)."),
    (r"Names used here must not begin with two underscores", "",
     "un nom ne commence pas par deux « _ »."),
    (r"Names used here must not contain a period", "", "un nom ne contient pas de point."),
    (r"Reference variables must contain a name from the 'survey' sheet\. Could not find "
     r"the name '([^']*)'", "",
     "la référence ${{{m1}}} renvoie à une question qui n'existe pas dans la feuille survey."),
    (r"Reference variables must start with", "",
     "une référence à une question s'écrit ${{nom}}, avec l'accolade fermante."),
    (r"Reference variables names must be unique anywhere in the 'survey'\. The name "
     r"'([^']*)'", "",
     "la référence ${{{m1}}} est ambiguë : plusieurs questions portent ce nom."),
    (r"Unmatched 'end_(\w+)'\. No matching 'begin_\w+' was found for the name '([^']*)'",
     "type", "« end {m1} » sans « begin {m1} » avant lui."),
    (r"Unmatched 'begin_(\w+)'\. No matching 'end_\w+' was found for the name '([^']*)'",
     "type", "« begin {m1} » « {m2} » n'est jamais fermé par un « end {m1} »."),
    (r"Question with no type", "type", "cette ligne n'a pas de type."),
    (r"Question or group with no name", "name", "cette question ou ce groupe n'a pas de nom."),
    (r"Unknown question type '([^']*)'", "type", "type de question inconnu : « {m1} »."),
    (r"List name not in choices sheet: (\S+)", "type",
     "la liste de choix « {m1} » n'existe pas dans la feuille choices."),
    (r"List name not in columns sheet: (\S+)", "type",
     "la liste « {m1} » n'existe pas dans la feuille choices."),
    (r"Missing calculation", "calculation", "un calcul (calculate) demande une formule."),
    (r"Repeat loop without list name", "type", "« begin loop » demande une liste de choix."),
    (r"One or more required column headers were not found: (.*?)\. Learn", "",
     "colonnes obligatoires absentes : {m1}."),
    (r"Headers that are different names for the same column were found: '([^']*)', "
     r"'([^']*)'", "", "les colonnes « {m1} » et « {m2} » disent la même chose : gardez-en "
                       "une."),
    (r"Column headers must not be empty and must not contain spaces", "",
     "un en-tête de colonne est vide ou contient des espaces."),
    (r"The survey sheet is either empty or missing important column headers", "",
     "la feuille survey est vide ou n'a pas les colonnes type et name."),
    (r"You must have a sheet named '?survey'?", "",
     "le classeur n'a pas de feuille « survey »."),
)


def translate(text: str) -> XLSFormError:
    """The French XLSFormError for a pyxform message."""
    text = " ".join(str(text).split())
    row = sheet = column = value = ""
    if match := ROW.match(text):
        row, text = match.group(1), text[match.end():]
    if match := FRAME.search(text):
        sheet, column, value = match.group(1), match.group(2), match.group(3) or ""
        text = text[match.end():]
    elif match := HEADERS.search(text):
        sheet, text = match.group(1), text[match.end():]
    for pattern, default_column, french in REASONS:
        found = re.search(pattern, text)
        if found:
            groups = {f"m{i}": g or "" for i, g in enumerate(found.groups(), 1)}
            message = french.format(value=value, **groups)
            column = column or default_column
            break
    else:
        message = f"le formulaire est refusé par pyxform : « {text.strip()} »"
    if row and not sheet:
        sheet = "survey"
    return XLSFormError(message, sheet=sheet, row=int(row) if row else None, column=column,
                        value=value)

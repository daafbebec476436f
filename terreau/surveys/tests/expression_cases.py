"""One table of expression cases, run through the Python evaluator (test_expressions.py) and
through its JavaScript twin in Chromium (test_expressions_js.py): both must agree with it."""

import math

TODAY = "2026-12-04"

# (expression, answers, current, expected value)
CASES = [
    # skip logic of the real forms
    ("${Informed_consent} = 'Consent_OK'", {"Informed_consent": "Consent_OK"}, None, True),
    ("${Informed_consent} = 'Consent_OK'", {}, None, False),
    ("${TreatmentDiarr} = 'Y' and ${FacilityType} != 'Home' and ${FacilityType} != 'NA'",
     {"TreatmentDiarr": "Y", "FacilityType": "Public"}, None, True),
    ("(${Diarrhoea} = 'Y' and ${TreatmentDiarr} != 'Y') or ${Diarrhoea} != 'Y'",
     {"Diarrhoea": "Y", "TreatmentDiarr": "Y"}, None, False),
    ("${has_kids}='1'", {"has_kids": "1"}, None, True),
    ("${has_kids}='1'", {"has_kids": 1}, None, True),
    ("${Age} <= 18", {"Age": "17"}, None, True),
    ("${Age} <= 18", {"Age": 19}, None, False),
    ("${Age} <= 18", {}, None, False),
    ("${leader_name} = ‘other’", {"leader_name": "other"}, None, True),
    ("not(selected(${skip_to_end}, 'yes'))", {"skip_to_end": "yes"}, None, False),
    ("not(selected(${skip_to_end}, 'yes'))", {}, None, True),
    ("selected(${DrinkingWaterTreatment2}, 'Other')",
     {"DrinkingWaterTreatment2": ["Boil", "Other"]}, None, True),
    ("selected(${DrinkingWaterTreatment2}, 'Oth')",
     {"DrinkingWaterTreatment2": "Boil Other"}, None, False),
    ("min(${Age})<5", {"members": [{"Age": 30}, {"Age": 3}]}, None, True),
    ("min(${Age})>=5", {"members": [{"Age": 30}, {"Age": 3}]}, None, False),
    ("count(${members})", {"members": [{"Age": 30}, {"Age": 3}]}, None, 2),
    ("sum(${Age})", {"members": [{"Age": 30}, {"Age": "3"}]}, None, 33),
    ("${Age} > 20", {"members": [{"Age": 30}, {"Age": 3}]}, None, True),
    ("regex(${address}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')",
     {"address": "ana@exemple.fr"}, None, True),
    ("regex(${address}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')",
     {"address": "ana"}, None, False),
    # constraints on the current answer
    (". >= 0 and . <= 120", {}, 34, True),
    (". >= 0 and . <= 120", {}, "121", False),
    ("(. >= 0 and . < 96) or (. = 9999)", {}, 9999, True),
    ("(. > 0 and . < 9000 and . != 999) or (. = 9999)", {}, 999, False),
    (". !=  '0'", {}, "0", False),
    (". != '0'", {}, 0, False),
    (". <= ${a_integer}", {"a_integer": 10}, "9", True),
    (". < ${slope_radius}", {"slope_radius": "12.5"}, 12.5, False),
    ("not(selected(., 'yes') and selected (., 'no'))", {}, "yes no", False),
    ("not(selected(., 'yes') and selected (., 'no'))", {}, ["yes"], True),
    ("regex(.,’^([AIWZaiwz]{2}[1-5]{1})$’)", {}, "AZ3", True),
    ("regex(.,’^([AIWZaiwz]{2}[1-5]{1})$’)", {}, "AZ9", False),
    ("regex(.,'InformationOK')", {}, "InformationOK", True),
    ("regex(.,’^[a-zA-Z ]*$’)", {}, "Awa Koné", False),
    ("count-selected(.) <= 2", {}, "a b c", False),
    ("count-selected(.)", {}, ["a", "b"], 2),
    ("count-selected(.)", {}, "", 0),
    ("string-length(.) >= 3", {}, "ab", False),
    ("string-length(.)", {}, "été", 3),
    (". <= today()", {}, "2026-12-03", True),
    (". <= today()", {}, "2026-12-05", False),
    ("today()", {}, None, TODAY),
    # values and operators
    ("1 + 2 * 3", {}, None, 7),
    ("(1 + 2) * 3", {}, None, 9),
    ("7 div 2", {}, None, 3.5),
    ("7 mod 3", {}, None, 1),
    ("-7 mod 3", {}, None, -1),
    ("1 div 0", {}, None, math.inf),
    ("0 div 0", {}, None, math.nan),
    ("- ${a}", {"a": "4"}, None, -4),
    ("${a} + 1", {"a": ""}, None, math.nan),
    ("${a} + 1", {"a": "abc"}, None, math.nan),
    ("${a} = ''", {}, None, True),
    ("${a} != ''", {"a": "x"}, None, True),
    ("${a} = 12", {"a": "12.0"}, None, True),
    ("${a} = ${b}", {"a": "12", "b": "12.0"}, None, True),
    ("${a} = ${b}", {"a": "oui", "b": "oui"}, None, True),
    ("${a} = 5", {"a": "cinq"}, None, False),
    ("${a} != 5", {"a": "cinq"}, None, True),
    ("${a} < 5", {"a": "cinq"}, None, False),
    ("'b' > 'a'", {}, None, True),
    ("${d} > '2020-01-01'", {"d": "2021-06-30"}, None, True),
    ("true() = 'x'", {}, None, True),
    ("false() = 0", {}, None, True),
    ("1 < 2 = true()", {}, None, True),
    ("1 or 0 and 0", {}, None, True),
    ("if(${a} > 10, 'grand', 'petit')", {"a": 11}, None, "grand"),
    ("if(${a} > 10, 'grand', 'petit')", {}, None, "petit"),
    ("coalesce(${a}, ${b})", {"b": "secours"}, None, "secours"),
    ("coalesce(${a}, ${b})", {"a": 0, "b": "secours"}, None, 0),
    ("concat(${prenom}, ' ', ${nom}, ' ', 2.5, ' ', 3)", {"prenom": "Awa", "nom": "Koné"},
     None, "Awa Koné 2.5 3"),
    ("concat(1 div 3)", {}, None, "0.3333333333333333"),
    ("concat(0.1 + 0.2, '|', 0.000001, '|', 1000000000000000000000, '|', 0.0000001)", {}, None,
     "0.30000000000000004|0.000001|1e+21|1e-7"),
    ("contains(${a}, 'lo')", {"a": "Tours-Loches"}, None, False),
    ("contains(${a}, 'Lo')", {"a": "Tours-Loches"}, None, True),
    ("starts-with(${code}, '37')", {"code": "37261"}, None, True),
    ("number('  12.5 ')", {}, None, 12.5),
    ("number('12,5')", {}, None, math.nan),
    ("number(.)", {}, True, 1),
    ("int(-3.7)", {}, None, -3),
    ("round(2.5)", {}, None, 3),
    ("round(-2.5)", {}, None, -2),
    ("round(3.14159, 2)", {}, None, 3.14),
    ("boolean('')", {}, None, False),
    ("boolean('0')", {}, None, True),
    ("boolean(0)", {}, None, False),
    ("string(1 div 0)", {}, None, "Infinity"),
    ("string(12)", {}, None, "12"),
    ("max(${a}, ${b}, 4)", {"a": 1, "b": "7"}, None, 7),
    ("min(${a})", {}, None, math.nan),
    ("region_id=${region_id}", {"region_id": "2"}, None, False),
    (".5 + 5.", {}, None, 5.5),
    ("${Naïve} = 'é'", {"Naïve": "é"}, None, True),
]

# (expression, position of the fault (0-based), part of the message); None: it parses
ERRORS = [
    ("", 0, "l'expression est vide"),
    ("${a} = ", 7, "il manque une valeur"),
    ("${a} = 'oui", 7, "il manque l'apostrophe fermante"),
    ("${a} = \"oui", 7, "il manque le guillemet fermant"),
    ("(${a} = 1", 9, "parenthèse fermante attendue"),
    ("${a} = 1)", 8, "parenthèse fermante en trop"),
    ("${a} 1", 5, "opérateur attendu"),
    ("${a} && ${b}", 5, "écrivez and"),
    ("${a} == 1", 6, "valeur, ${question} ou parenthèse attendue"),
    ("../age > 3", 0, "« .. » (le groupe parent) n'est pas accepté"),
    ("/data/age > 3", 0, "les chemins XPath ne sont pas acceptés"),
    ("$age > 3", 0, "une question s'écrit ${nom}"),
    ("foo(1)", 0, "la fonction « foo » n'est pas prise en charge"),
    ("indexed-repeat(${Name}, ${Rep}, position(..))", 0,
     "la fonction « indexed-repeat » n'est pas prise en charge"),
    ("round(15 div (sqrt(cos(atan(${slope} div 100)))),2)", 14,
     "la fonction « sqrt » n'est pas prise en charge"),
    ("1 + selected(.)", 4, "selected() attend 2 arguments, pas 1"),
    ("string-length(., .)", 0, "string-length() attend au plus 1 argument, pas 2"),
    ("round(1, 2, 3)", 0, "round() attend de 1 à 2 arguments, pas 3"),
    ("regex(., ${motif})", 0, "le motif de regex() doit être un texte entre apostrophes"),
    ("regex(., '(a+)+$')", 0, "motif de regex() trop risqué"),
    ("regex(.,'^(([0-9]{1})*[- .(]*([0-9]{3})[- .)]*[0-9]{3}[- .]*[0-9]{4})+$')", 0,
     "motif de regex() trop risqué"),
    ("regex(., '(')", 0, "motif de regex() invalide"),
    ("regex(., '(?P<x>a)')", 0, "motif de regex() invalide"),
    ("(" * 40 + "1" + ")" * 40, 33, "expression trop imbriquée"),
    ("((((((((((((((((((((((((((((1))))))))))))))))))))))))))))", None, None),  # 28: fine
    ("1" + " + 1" * 300, 1000, "expression trop longue (500 éléments au plus)"),
]


def normalize(value):
    """A value as both twins can compare it: numbers rounded, NaN and infinities spelled."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return round(float(value), 9)
    if isinstance(value, list):
        return [normalize(item) for item in value]
    return value

"""XLSForm expressions: the shared table of cases, French errors with their position, and every
relevant and constraint of the real forms in ../shared/data/surveys/xlsforms."""

import time
from datetime import date

import openpyxl
import pytest
import xlrd

from terreau.surveys.expressions import (
    ExpressionError,
    evaluate,
    is_true,
    parse,
    references,
)

from .expression_cases import CASES, ERRORS, TODAY, normalize

FORMS = "surveys/xlsforms"
CHECKED_COLUMNS = {"relevant", "constraint", "bind:relevant", "bind:constraint"}


@pytest.mark.parametrize(("text", "answers", "current", "expected"), CASES,
                         ids=[case[0][:60] for case in CASES])
def test_each_case_gives_the_expected_value(text, answers, current, expected):
    assert normalize(evaluate(parse(text), answers, current, TODAY)) == normalize(expected)


@pytest.mark.parametrize(("text", "position", "message"), ERRORS,
                         ids=[case[0][:60] for case in ERRORS])
def test_an_expression_that_cannot_be_read_is_explained_in_french_where_it_fails(
        text, position, message):
    if message is None:
        parse(text)
        return
    with pytest.raises(ExpressionError) as refused:
        parse(text)
    assert refused.value.position == position
    assert message in refused.value.message
    assert str(refused.value) == f"Caractère {position + 1} : {refused.value.message}"


class _Contains(str):
    """Equal to any text that contains it (for messages ending with the list of functions)."""

    def __eq__(self, other):
        return isinstance(other, str) and str.__contains__(other, self)

    __hash__ = str.__hash__


def _survey_rows(path):
    if path.suffix == ".xls":
        sheet = xlrd.open_workbook(path).sheet_by_name("survey")
        rows = [sheet.row_values(i) for i in range(sheet.nrows)]
    else:
        rows = [list(row) for row in openpyxl.load_workbook(path)["survey"].iter_rows(
            values_only=True)]
    head = [str(cell or "").strip().lower() for cell in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        for column, cell in zip(head, row, strict=False):
            if cell not in (None, "") and column in CHECKED_COLUMNS | {"calculation"}:
                yield number, column, str(cell)


def test_every_relevant_and_constraint_of_the_real_forms_parses(data_dir):
    read, refused = 0, {}
    for path in sorted((data_dir / FORMS).iterdir()):
        for number, column, text in _survey_rows(path):
            try:
                parse(text)
                read += column in CHECKED_COLUMNS
            except ExpressionError as error:
                refused[(path.name, number, column)] = str(error)
    assert read >= 190  # 70 + 70 relevant in the EPFL forms, the others, their constraints
    # Only a regex whose nested repetition could block the server, and calculations calling
    # functions Terreau does not evaluate; each message names its cause.
    assert refused == {
        ("pyxform-ucl-biomass-plot-form.xlsx", 10, "constraint"):
            "Caractère 1 : motif de regex() trop risqué : une répétition dans une répétition "
            "(comme (a+)+) peut bloquer la vérification.",
        ("epfl-wash-household-survey-abidjan-2022-fr.xls", 16, "calculation"):
            _Contains("la fonction « indexed-repeat » n'est pas prise en charge"),
        ("epfl-wash-household-survey-nairobi-2021-en.xls", 16, "calculation"):
            _Contains("la fonction « indexed-repeat » n'est pas prise en charge"),
        ("pyxform-ucl-biomass-plot-form.xlsx", 26, "calculation"):
            _Contains("la fonction « sqrt » n'est pas prise en charge"),
        ("pyxform-ucl-biomass-plot-form.xlsx", 27, "calculation"):
            _Contains("la fonction « sqrt » n'est pas prise en charge"),
    }


def test_the_epfl_skip_logic_follows_the_answers(data_dir):
    relevant = "${DrinkingWaterGroup} != 'Private' or (${DrinkingWater_Private} != " \
               "'Piped_dwel' and ${DrinkingWater_Private} != 'Piped_yard')"
    assert is_true(relevant, {"DrinkingWaterGroup": "Public"})
    assert not is_true(relevant, {"DrinkingWaterGroup": "Private",
                                  "DrinkingWater_Private": "Piped_yard"})
    assert is_true(relevant, {"DrinkingWaterGroup": "Private",
                              "DrinkingWater_Private": "Well"})
    assert references(relevant) == {"DrinkingWaterGroup", "DrinkingWater_Private"}


def test_references_name_the_questions_read_and_not_the_current_answer():
    assert references(". <= ${a_integer} and selected(${b}, 'x') or .") == {"a_integer", "b"}
    assert references(parse("today()")) == set()


def test_today_comes_from_the_caller_or_from_the_calendar():
    assert evaluate("today()", today=date(2026, 1, 31)) == "2026-01-31"
    assert evaluate("today()") == date.today().isoformat()


def test_a_long_answer_never_makes_regex_slow():
    start = time.perf_counter()
    assert not evaluate("regex(., '^[a-z ]*$')", current="a" * 5000)  # too long: no match
    assert evaluate("regex(., '^[a-z ]*$')", current="a" * 1000)
    assert time.perf_counter() - start < 0.5


def test_nothing_is_evaluated_as_python():
    expression = parse("concat('__import__(\"os\")', ${x})")
    assert evaluate(expression, {"x": "1 + 1"}) == '__import__("os")1 + 1'
    with pytest.raises(ExpressionError):
        parse("__import__('os').system('true')")

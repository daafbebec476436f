"""Formulas: what is read, what is refused (with a French message and a caret), what is computed."""

import random

import numpy as np
import pytest

from terreau.indicators.formula import (
    BinOp,
    Call,
    Evolution,
    FormulaError,
    Negate,
    Number,
    Ref,
    parse,
    render,
)

a, b, c = Ref("a"), Ref("b"), Ref("c")


@pytest.mark.parametrize("text, tree", [
    ("a", a),
    ("12.5", Number(12.5)),
    ("a + b", BinOp("+", a, b)),
    ("a − b", BinOp("-", a, b)),
    ("a × b ÷ c", BinOp("/", BinOp("*", a, b), c)),
    ("a * b / c", BinOp("/", BinOp("*", a, b), c)),
    ("a - b - c", BinOp("-", BinOp("-", a, b), c)),
    ("a + b * c", BinOp("+", a, BinOp("*", b, c))),
    ("(a + b) * c", BinOp("*", BinOp("+", a, b), c)),
    ("-a * b", BinOp("*", Negate(a), b)),
    ("a * -b", BinOp("*", a, Negate(b))),
    ("+a", a),
    ("taux(a, b)", Call("taux", (a, b))),
    ("TAUX(A, B)", Call("taux", (a, b))),
    ("pour_mille(a,b)", Call("pour_mille", (a, b))),
    ("somme(a, b, c) / 3", BinOp("/", Call("somme", (a, b, c)), Number(3))),
    ("évolution(a, 2013, 2018)", Evolution(Ref("a", "2013"), Ref("a", "2018"), 5)),
    ("base-cc-2022.p18_pop - a", BinOp("-", Ref("base-cc-2022.p18_pop"), a)),
    ("a-b", BinOp("-", a, b)),
    ("taux(\n  a,\n  b\n)", Call("taux", (a, b))),
])
def test_formulas_are_read_into_small_trees(text, tree):
    assert parse(text).tree == tree


def test_the_variables_and_inputs_of_a_formula_are_listed_once_in_reading_order():
    formula = parse("taux(chom, act) + ratio(chom, pop) + evolution(pop, 2013, 2018)")
    assert formula.variables == ("chom", "act", "pop")
    assert formula.inputs == (("chom", None), ("act", None), ("pop", None), ("pop", "2013"),
                              ("pop", "2018"))
    assert formula.positions() == {"chom": 5, "act": 11, "pop": 30}


def _error(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    return caught.value


def test_an_unknown_function_is_named_with_its_position_and_the_list_of_functions():
    error = _error("taux(a, b) + import(os)")
    assert str(error) == (
        "Ligne 1, colonne 14 : « import » n'est pas une fonction connue. Fonctions : ratio, "
        "taux, pour_mille, part, evolution, somme, moyenne, min, max.")
    assert error.caret() == "taux(a, b) + import(os)\n             ^"


def test_the_line_and_column_count_from_one_across_lines():
    error = _error("taux(a,\n b ; c)")
    assert (error.line, error.column) == (2, 4)
    assert error.caret() == " b ; c)\n   ^"
    assert "séparez les arguments" in error.message


@pytest.mark.parametrize("text, fragment", [
    ("", "la formule est vide"),
    ("   ", "la formule est vide"),
    ("0,5 * a", "un nombre décimal s'écrit avec un point"),
    ("(0,5) * a", "un nombre décimal s'écrit avec un point"),
    ("taux(a, 0,5)", "taux attend 2 arguments (taux(a, b)), pas 3. Un nombre décimal"),
    ("taux(a)", "taux attend 2 arguments"),
    ("somme()", "somme attend au moins 1 argument"),
    ("taux(a b)", "virgule ou parenthèse fermante attendue à la place de « b »"),
    ("(a + b", "parenthèse fermante attendue à la place de la fin de la formule"),
    ("a + b)", "parenthèse fermante en trop"),
    ("a +", "la formule s'arrête trop tôt"),
    ("2a", "opérateur attendu avant « a »"),
    ("a b", "opérateur attendu avant « b »"),
    ("a ^ 2", "les puissances ne sont pas acceptées"),
    ("a % b", "écrivez taux(a, b)"),
    ("evolution(a + b, 2013, 2018)", "evolution s'applique à une variable"),
    ("evolution(a, 2018, 2013)", "la deuxième année doit suivre la première"),
    ("evolution(a, 2013.5, 2018)", "les périodes d'evolution sont des années"),
    ("1" + "0" * 20, "nombre trop grand"),
])
def test_faulty_formulas_get_a_french_message(text, fragment):
    assert fragment in str(_error(text))


@pytest.mark.parametrize("text", [
    "__import__('os')",
    "__import__(\"os\").system(\"ls\")",
    "a.__class__",
    "a.b.c",
    "open('/etc/passwd')",
    "eval(a)",
    "lambda x: x",
    "[x for x in a]",
    "{a: b}",
    "a if b else c",
    "a[0]",
    "'texte'",
    "« texte »",
    "9**9**9",
    "a ** 2",
    "a == b",
    "a; b",
    "a = 1",
    "`a`",
    "a @ b",
    "(" * 100 + "a" + ")" * 100,
    "-" * 100 + "a",
    "+".join(["a"] * 400),
    "a" * 3000,
])
def test_anything_but_a_formula_is_refused(text):
    _error(text)


def test_division_by_zero_gives_no_value_never_an_error_or_infinity():
    values = {("a", None): np.array([1.0, 2.0, 0.0, np.nan, 3.0]),
              ("b", None): np.array([4.0, 0.0, 0.0, 1.0, np.nan])}
    result = parse("taux(a, b)").evaluate(values)
    np.testing.assert_array_equal(result, [25.0, np.nan, np.nan, np.nan, np.nan])
    overflow = parse("a" + " * 1000000000000000" * 21).evaluate(values)
    assert not np.isinf(overflow).any() and np.isnan(overflow[0])


@pytest.mark.parametrize("text, expected", [
    ("ratio(a, b)", [0.5, 2.0]),
    ("taux(a, b)", [50.0, 200.0]),
    ("pour_mille(a, b)", [500.0, 2000.0]),
    ("part(a, b)", [50.0, 200.0]),
    ("somme(a, b, 1)", [4.0, 10.0]),
    ("moyenne(a, b)", [1.5, 4.5]),
    ("min(a, b)", [1.0, 3.0]),
    ("max(a, b, 5)", [5.0, 6.0]),
    ("-a + 2 × b − 1", [2.0, -1.0]),
    ("(a + b) ÷ 2", [1.5, 4.5]),
    ("7", [7.0, 7.0]),
])
def test_functions_and_operators_compute_zone_by_zone(text, expected):
    values = {("a", None): np.array([1.0, 6.0]), ("b", None): np.array([2.0, 3.0])}
    np.testing.assert_allclose(parse(text).evaluate(values), expected)


def test_evolution_is_the_annual_growth_rate_between_two_years():
    """INSEE's "taux d'évolution annuel moyen": ((v2 / v1) ^ (1 / years) − 1) × 100."""
    values = {("pop", "2013"): np.array([1000.0, 0.0, 500.0, 100.0]),
              ("pop", "2018"): np.array([1100.0, 10.0, 500.0, -1.0])}
    result = parse("evolution(pop, 2013, 2018)").evaluate(values)
    np.testing.assert_allclose(result, [(1.1 ** 0.2 - 1) * 100, np.nan, 0.0, np.nan])


def test_evaluation_never_hands_back_or_changes_an_input_array():
    a_values = np.array([1.0, np.inf])
    result = parse("somme(a)").evaluate({("a", None): a_values})
    assert result is not a_values and np.isinf(a_values[1]) and np.isnan(result[1])


# ---- Round trip on random trees (a small property test, seeded) -------------------------

NAMES = ["a", "b", "pop", "ds-x.chom"]


def _random_tree(rng: random.Random, depth: int):
    if depth == 0 or rng.random() < 0.25:
        return Ref(rng.choice(NAMES)) if rng.random() < 0.7 else Number(rng.choice([0.5, 2, 100]))
    kind = rng.choice(["bin", "bin", "neg", "call"])
    if kind == "neg":
        return Negate(_random_tree(rng, depth - 1))
    if kind == "call":
        function = rng.choice(["taux", "ratio", "somme", "min", "moyenne"])
        count = 2 if function in {"taux", "ratio"} else rng.randint(1, 3)
        return Call(function, tuple(_random_tree(rng, depth - 1) for _ in range(count)))
    return BinOp(rng.choice("+-*/"), _random_tree(rng, depth - 1), _random_tree(rng, depth - 1))


def test_rendered_random_trees_read_back_to_the_same_tree_and_the_same_values():
    rng = random.Random(20240611)
    data = np.random.default_rng(3).normal(50, 30, size=(len(NAMES), 20))
    data[0, 3], data[1, 5] = 0.0, np.nan
    values = {(name, None): data[i] for i, name in enumerate(NAMES)}
    for _ in range(500):
        tree = _random_tree(rng, 5)
        text = render(tree)
        again = parse(text)
        assert again.tree == tree, text
        first, second = parse(text).evaluate(values, 20), again.evaluate(values, 20)
        np.testing.assert_array_equal(first, second)
        assert not np.isinf(first).any()

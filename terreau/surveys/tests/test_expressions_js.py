"""The JavaScript twin of the expressions, in Debian's Chromium: the shared table of cases and
the same errors (position and French message) as the Python evaluator."""

import pytest

from terreau.surveys.expressions import ExpressionError, evaluate, parse

from .expression_cases import CASES, ERRORS, TODAY, normalize

pytestmark = [pytest.mark.browser]

SCRIPT = "/static/terreau/js/surveys/expressions.js"

# Runs in the page: NaN and infinities do not survive the trip back to Python, so spell them.
RUN = """async ([url, cases, errors, today]) => {
  const m = await import(url);
  const spell = (v) => (typeof v === "number" && !Number.isFinite(v)) ? String(v) : v;
  const values = cases.map(([text, answers, current]) => {
    try { return spell(m.evaluate(m.parse(text), answers, current, today)); }
    catch (error) { return `exception: ${error.message}`; }
  });
  const refused = errors.map((text) => {
    try { m.parse(text); return null; }
    catch (error) { return [error.name, error.position, error.message]; }
  });
  const refs = [...m.references(". <= ${a_integer} and selected(${b}, 'x')")].sort();
  return { values, refused, refs, truth: m.isTrue("${a} = 'oui'", { a: "oui" }) };
}"""


def _python_error(text):
    try:
        parse(text)
    except ExpressionError as error:
        return ["ExpressionError", error.position, str(error)]
    return None


def test_the_javascript_twin_agrees_with_python_on_every_case(page, live_server):
    page.goto(f"{live_server.url}/connexion/")
    result = page.evaluate(RUN, [
        f"{live_server.url}{SCRIPT}",
        [[text, answers, current] for text, answers, current, _ in CASES],
        [text for text, _, _ in ERRORS],
        TODAY,
    ])
    disagreements = []
    for (text, answers, current, expected), value in zip(CASES, result["values"],
                                                          strict=True):
        python = normalize(evaluate(parse(text), answers, current, TODAY))
        if not normalize(value) == python == normalize(expected):
            disagreements.append((text, value, python))
    assert disagreements == []
    assert result["refused"] == [_python_error(text) for text, _, _ in ERRORS]
    assert result["refs"] == ["a_integer", "b"]
    assert result["truth"] is True

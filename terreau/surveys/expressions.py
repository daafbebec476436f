"""XLSForm expressions (relevant, constraint, calculation): a tokenizer, a recursive-descent
parser into a small tree, and an evaluator with XPath 1.0-like semantics. Never eval.

The JavaScript twin static/terreau/js/surveys/expressions.js has the same grammar, the same
French messages and the same results; tests/test_expressions_js.py checks one against the other.

Values are strings, numbers (float), booleans and lists (the answers of a question inside a
repeat, read from outside it). An empty answer is "". A select_multiple answer given as a list
reads as its space-separated names, as in XLSForm. Comparisons: a boolean side compares as
booleans; two sides that both read as numbers compare as numbers ("12" = 12); otherwise = and !=
compare strings, and < <= > >= compare strings when neither side is a number (ISO dates and
times order that way) and are false when one side is a number and the other is not.
"""

import re
from dataclasses import dataclass
from datetime import date

from .expression_nodes import (
    FUNCTION_LIST,
    FUNCTIONS,
    Binary,
    Call,
    Current,
    ExpressionError,
    Field,
    Literal,
    Node,
    Ref,
    Unary,
)
from .expression_values import Context, eval_node, to_boolean, to_value

__all__ = ["Expression", "ExpressionError", "evaluate", "is_true", "parse", "references"]

MAX_LENGTH = 2000
MAX_DEPTH = 200  # about 30 nested parentheses (each passes through the 6 levels)
MAX_NODES = 500
MAX_PATTERN = 200  # characters of a regex() pattern

# ---- Tokens -----------------------------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<ref>\$\{[^\W\d][\w.-]*\})
  | (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<string>'[^']*'|"[^"]*"|[‘’][^‘’]*[‘’])
  | (?P<name>[^\W\d][\w.-]*)
  | (?P<op>!=|<=|>=|[=<>+*(),-])
  | (?P<dot>\.(?!\.))
""", re.VERBOSE)
HINTS = {
    "/": "les chemins XPath ne sont pas acceptés : une question s'écrit ${nom}",
    "[": "les chemins XPath ne sont pas acceptés : une question s'écrit ${nom}",
    "@": "les chemins XPath ne sont pas acceptés : une question s'écrit ${nom}",
    "|": "les chemins XPath ne sont pas acceptés : une question s'écrit ${nom}",
    "$": "une question s'écrit ${nom} (lettres, chiffres, _ . -)",
    "'": "texte non terminé : il manque l'apostrophe fermante",
    '"': "texte non terminé : il manque le guillemet fermant",
    "‘": "texte non terminé : il manque l'apostrophe fermante",
    "’": "texte non terminé : il manque l'apostrophe fermante",
    "&": "écrivez and",
    "!": "écrivez != ou not(…)",
}
KEYWORDS = {"and", "or", "div", "mod"}


@dataclass(frozen=True)
class Token:
    kind: str  # ref number string name op dot end, bad (text = the message)
    text: str
    position: int


def _tokens(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if text.startswith("..", position):
                hint = "« .. » (le groupe parent) n'est pas accepté"
            else:
                hint = HINTS.get(char, "caractère non accepté")
            # raised only when the parser reaches it, so earlier faults are named first
            tokens.append(Token("bad", f"« {char} » : {hint}.", position))
            break
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group(), position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _describe(token: Token) -> str:
    return "la fin de l'expression" if token.kind == "end" else f"« {token.text} »"


def _is_op(token: Token, *ops: str) -> bool:
    return (token.kind == "op" and token.text in ops) or (
        token.kind == "name" and token.text in KEYWORDS and token.text in ops)


# ---- Parser (recursive descent; precedence from XPath 1.0) ------------------------------

LEVELS = (("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"),
          ("*", "div", "mod"))


class _Parser:
    def __init__(self, text: str):
        self.text, self.tokens, self.index, self.depth, self.nodes = text, _tokens(text), 0, 0, 0

    @property
    def token(self) -> Token:
        token = self.tokens[self.index]
        if token.kind == "bad":
            raise ExpressionError(token.text, self.text, token.position)
        return token

    def fail(self, message: str, token: Token | None = None):
        raise ExpressionError(message, self.text, (token or self.token).position)

    def take(self) -> Token:
        token = self.token
        self.index += 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(f"expression trop longue ({MAX_NODES} éléments au plus).", token)
        return token

    def parse(self) -> Node:
        if self.token.kind == "end":
            self.fail("l'expression est vide.")
        tree = self.level(0)
        if self.token.kind != "end":
            if _is_op(self.token, ")"):
                self.fail("parenthèse fermante en trop.")
            self.fail(f"opérateur attendu à la place de {_describe(self.token)}.")
        return tree

    def level(self, index: int) -> Node:
        if index == len(LEVELS):
            return self.unary()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail("expression trop imbriquée.")
        node = self.level(index + 1)
        while _is_op(self.token, *LEVELS[index]):
            op = self.take()
            node = Binary(op.text, node, self.level(index + 1), op.position)
        self.depth -= 1
        return node

    def unary(self) -> Node:
        if _is_op(self.token, "-"):
            op = self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail("expression trop imbriquée.", op)
            node = Unary(self.unary(), op.position)
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            return Literal(float(token.text), token.position)
        if token.kind == "string":
            self.take()
            return Literal(token.text[1:-1], token.position)
        if token.kind == "ref":
            self.take()
            return Ref(token.text[2:-1], token.position)
        if token.kind == "dot":
            self.take()
            return Current(token.position)
        if token.kind == "name" and token.text not in KEYWORDS:
            self.take()
            if _is_op(self.token, "("):
                return self.call(token)
            return Field(token.text, token.position)
        if _is_op(token, "("):
            self.take()
            node = self.level(0)
            self.expect_close("parenthèse fermante attendue à la place de {found}.")
            return node
        if token.kind == "end":
            self.fail("l'expression s'arrête trop tôt : il manque une valeur.")
        self.fail(f"valeur, ${{question}} ou parenthèse attendue à la place de "
                  f"{_describe(token)}.")

    def expect_close(self, message: str):
        if not _is_op(self.token, ")"):
            self.fail(message.format(found=_describe(self.token)))
        self.take()

    def call(self, name: Token) -> Call:
        function = name.text.lower()
        if function not in FUNCTIONS:
            self.fail(f"la fonction « {name.text} » n'est pas prise en charge. Fonctions : "
                      f"{FUNCTION_LIST}.", name)
        self.take()  # "("
        args: list[Node] = []
        if not _is_op(self.token, ")"):
            args.append(self.level(0))
            while _is_op(self.token, ","):
                self.take()
                args.append(self.level(0))
        self.expect_close("virgule ou parenthèse fermante attendue à la place de {found}.")
        low, high = FUNCTIONS[function]
        if len(args) < low or (high is not None and len(args) > high):
            count = (f"{low}" if low == high else f"au moins {low}" if high is None
                     else f"au plus {high}" if low == 0 else f"de {low} à {high}")
            plural = "s" if (low if high is None else high) > 1 else ""
            self.fail(f"{function}() attend {count} argument{plural}, pas {len(args)}.", name)
        if function == "regex":
            self.check_pattern(args[1], name)
        return Call(function, tuple(args), name.position)

    def check_pattern(self, pattern: Node, name: Token):
        if not (isinstance(pattern, Literal) and isinstance(pattern.value, str)):
            self.fail("le motif de regex() doit être un texte entre apostrophes.", name)
        text = pattern.value
        if len(text) > MAX_PATTERN:
            self.fail(f"motif de regex() trop long ({MAX_PATTERN} caractères au plus).", name)
        if _risky(text):
            self.fail("motif de regex() trop risqué : une répétition dans une répétition "
                      "(comme (a+)+) peut bloquer la vérification.", name)
        try:
            re.compile(text)
        except re.error:
            self.fail("motif de regex() invalide.", name)
        if LOOKS_PYTHON_ONLY.search(text):
            self.fail("motif de regex() invalide.", name)


UNBOUNDED = re.compile(r"[*+]|\{\d*,\}")


def _risky(pattern: str) -> bool:
    """A group holding an unbounded repetition, itself repeated unboundedly ((a+)+, (a*b)*):
    the patterns whose matching time can explode."""
    stack, index, closed = [False], 0, False  # does each open group hold a repetition?
    while index < len(pattern):
        char, was_group, closed = pattern[index], closed, False
        if char == "\\":
            index += 2
            continue
        if char == "[":
            end = re.match(r"\[\^?\]?(?:[^\]\\]|\\.)*\]", pattern[index:])
            index += end.end() if end else 1
            continue
        quantifier = UNBOUNDED.match(pattern, index)
        if char == "(":
            stack.append(False)
        elif char == ")" and len(stack) > 1:
            inner = stack.pop()
            closed = inner
            stack[-1] = stack[-1] or inner
        elif quantifier:
            if was_group:
                return True
            stack[-1] = True
            index = quantifier.end()
            continue
        index += 1
    return False

# Syntax Python and JavaScript read differently: refused so that both agree.
LOOKS_PYTHON_ONLY = re.compile(r"\(\?P|\(\?[aiLmsux]|\\[AZ]")


@dataclass(frozen=True)
class Expression:
    text: str
    tree: Node


def parse(text: str) -> Expression:
    """Parse an expression; raise ExpressionError (French, with the position)."""
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression trop longue ({MAX_LENGTH} caractères au plus).",
                              text, MAX_LENGTH)
    return Expression(text, _Parser(text).parse())


def _nodes(node: Node):
    yield node
    for child in (getattr(node, "operand", None), getattr(node, "left", None),
                  getattr(node, "right", None), *getattr(node, "args", ())):
        if child is not None:
            yield from _nodes(child)


def references(expr: Expression | str) -> set[str]:
    """The question names the expression reads through ${…}."""
    expr = parse(expr) if isinstance(expr, str) else expr
    return {node.name for node in _nodes(expr.tree) if isinstance(node, Ref)}


def evaluate(expr: Expression | str, answers: dict | None = None, current=None,
             today: date | str | None = None, choice: dict | None = None):
    """The value of the expression for these answers; `current` is `.`. Never raises once
    parsed: a value that does not fit gives NaN, "" or false, as XPath does."""
    expr = parse(expr) if isinstance(expr, str) else expr
    today = today or date.today()
    context = Context(answers or {}, to_value(current), to_value(today), choice or {})
    return eval_node(expr.tree, context)


def is_true(expr: Expression | str, answers: dict | None = None, current=None,
            today: date | str | None = None, choice: dict | None = None) -> bool:
    """evaluate() read as a condition (relevant, constraint)."""
    return to_boolean(evaluate(expr, answers, current, today, choice))



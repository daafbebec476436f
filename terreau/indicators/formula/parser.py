"""Read a formula's text into a tree: a tokenizer and a recursive-descent parser.

Only the tokens of the language exist (numbers, names, + − × ÷, parentheses, commas): any
other character is refused where it stands, so nothing but a formula can ever be written.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .evaluation import evaluate
from .nodes import (
    FUNCTION_LIST,
    FUNCTIONS,
    BinOp,
    Call,
    Evolution,
    FormulaError,
    Key,
    Negate,
    Node,
    Number,
    Ref,
    walk,
)

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_ARGS = 50
MAX_NODES = 300  # keeps the tree shallow enough for recursive evaluation

# ---- Tokens -----------------------------------------------------------------------------

OPERATORS = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "×": "*", "/": "/", "÷": "/"}
TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[^\W\d_][\w-]*\.[^\W\d_]\w*|[^\W\d_]\w*)
  | (?P<op>[-+*/×÷−–])
  | (?P<punct>[(),])
""", re.VERBOSE)
HINTS = {
    "'": "les textes entre guillemets ne sont pas acceptés",
    '"': "les textes entre guillemets ne sont pas acceptés",
    "«": "les textes entre guillemets ne sont pas acceptés",
    "^": "les puissances ne sont pas acceptées",
    ";": "séparez les arguments d'une fonction par des virgules",
    "%": "écrivez taux(a, b) pour un pourcentage",
    ".": "un nombre décimal s'écrit avec un chiffre avant le point (0.5)",
    "_": "un nom de variable commence par une lettre",
}


@dataclass(frozen=True)
class Token:
    kind: str  # number, name, op, "(", ")", ",", end
    text: str
    position: int


def _tokens(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if char == "." and position and (text[position - 1].isalpha() or
                                             text[position - 1] == "_"):
                raise FormulaError("« . » inattendu : un nom s'écrit variable ou jeu.variable "
                                   "(un seul point, suivi d'une lettre).", text, position)
            hint = HINTS.get(char, "seuls les nombres, les noms de variables, + − × ÷, "
                                   "les parenthèses et les fonctions sont acceptés")
            raise FormulaError(f"caractère « {char} » non accepté : {hint}.", text, position)
        kind = match.lastgroup
        if kind != "space":
            tokens.append(Token(match.group() if kind == "punct" else kind, match.group(),
                                position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _describe(token: Token) -> str:
    return "la fin de la formule" if token.kind == "end" else f"« {token.text} »"


def _plain(name: str) -> str:
    """Return a function name in lower case without accents ("Évolution" → "evolution")."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---- Parser (recursive descent) ---------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.text, self.tokens, self.index, self.depth = text, _tokens(text), 0, 0
        self.nodes = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def fail(self, message: str, token: Token | None = None):
        raise FormulaError(message, self.text, (token or self.token).position)

    def take(self) -> Token:
        token = self.token
        self.index += 1
        if token.kind in {"number", "name", "op"}:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                self.fail(f"formule trop longue ({MAX_NODES} termes au plus).", token)
        return token

    def expect(self, kind: str, message: str) -> Token:
        if self.token.kind != kind:
            self.fail(message.format(found=_describe(self.token)))
        return self.take()

    def parse(self) -> Node:
        if self.token.kind == "end":
            self.fail("la formule est vide.")
        tree = self.expression()
        if self.token.kind != "end":
            token = self.token
            if token.kind == "," and self.depth == 0:
                self.fail("virgule inattendue : un nombre décimal s'écrit avec un point "
                          "(0.5), la virgule sépare les arguments d'une fonction.")
            if token.kind == ")":
                self.fail("parenthèse fermante en trop.")
            self.fail(f"opérateur attendu avant {_describe(token)} (+ − × ÷).")
        return tree

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail("formule trop imbriquée.")
        node = self.term()
        while self.token.kind == "op" and OPERATORS[self.token.text] in "+-":
            op = self.take()
            node = BinOp(OPERATORS[op.text], node, self.term(), op.position)
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and OPERATORS[self.token.text] in "*/":
            op = self.take()
            if self.token.kind == "op" and OPERATORS[self.token.text] in "*/":
                self.fail("deux opérateurs se suivent : les puissances (**) ne sont pas "
                          "acceptées.")
            node = BinOp(OPERATORS[op.text], node, self.unary(), op.position)
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and OPERATORS[self.token.text] in "+-":
            op = self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail("formule trop imbriquée.", op)
            operand = self.unary()
            self.depth -= 1
            return operand if OPERATORS[op.text] == "+" else Negate(operand, op.position)
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            value = float(token.text)
            if not np.isfinite(value) or value > 1e15:
                self.fail("nombre trop grand.", token)
            return Number(value, token.position)
        if token.kind == "name":
            self.take()
            if self.token.kind == "(":
                return self.call(token)
            return Ref(token.text.lower(), None, token.position)
        if token.kind == "(":
            self.take()
            node = self.expression()
            if self.token.kind == ",":
                self.fail("virgule inattendue : un nombre décimal s'écrit avec un point (0.5).")
            self.expect(")", "parenthèse fermante attendue à la place de {found}.")
            return node
        if token.kind == "end":
            self.fail("la formule s'arrête trop tôt : il manque un nombre ou une variable.")
        self.fail(f"nombre, variable ou parenthèse attendu à la place de {_describe(token)}.")

    def call(self, name: Token) -> Node:
        function = _plain(name.text)
        if function not in FUNCTIONS:
            self.fail(f"« {name.text} » n'est pas une fonction connue. Fonctions : "
                      f"{FUNCTION_LIST}.", name)
        self.take()  # "("
        args: list[Node] = []
        if self.token.kind != ")":
            args.append(self.expression())
            while self.token.kind == ",":
                self.take()
                args.append(self.expression())
                if len(args) > MAX_ARGS:
                    self.fail("trop d'arguments.")
        self.expect(")", "virgule ou parenthèse fermante attendue à la place de {found}.")
        spec = FUNCTIONS[function]
        if len(args) < spec.minimum or (spec.maximum is not None and len(args) > spec.maximum):
            count = (f"{spec.minimum}" if spec.maximum == spec.minimum
                     else f"au moins {spec.minimum}")
            decimal = any(isinstance(a, Number) and isinstance(b, Number)
                          for a, b in zip(args, args[1:], strict=False))
            hint = " Un nombre décimal s'écrit avec un point (0.5)." if decimal else ""
            self.fail(f"{function} attend {count} argument{'s' if spec.minimum > 1 else ''} "
                      f"({spec.usage}), pas {len(args)}.{hint}", name)
        if function == "evolution":
            return self.evolution(name, args)
        return Call(function, tuple(args), name.position)

    def evolution(self, name: Token, args: list[Node]) -> Evolution:
        variable, first, last = args
        if not isinstance(variable, Ref):
            self.fail("evolution s'applique à une variable : evolution(p_pop, 2013, 2018).",
                      name)
        years = []
        for arg in (first, last):
            if not isinstance(arg, Number) or arg.value != int(arg.value):
                self.fail("les périodes d'evolution sont des années : "
                          "evolution(p_pop, 2013, 2018).", name)
            years.append(int(arg.value))
        if years[1] <= years[0]:
            self.fail("evolution : la deuxième année doit suivre la première.", name)
        start = Ref(variable.name, str(years[0]), variable.position)
        end = Ref(variable.name, str(years[1]), variable.position)
        return Evolution(start, end, years[1] - years[0], name.position)


# ---- The parsed formula -----------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree, the variables it names and the inputs it reads."""

    text: str
    tree: Node
    variables: tuple[str, ...]  # distinct names, in reading order
    inputs: tuple[Key, ...]  # distinct (name, period) pairs, in reading order

    def evaluate(self, values: Mapping[Key, np.ndarray], size: int | None = None) -> np.ndarray:
        """Compute the formula zone by zone; NaN where there is no value."""
        return evaluate(self.tree, values, size)

    def positions(self) -> dict[str, int]:
        """Return where each variable is first named in the text."""
        found: dict[str, int] = {}
        for node in walk(self.tree):
            if isinstance(node, Ref):
                found.setdefault(node.name, node.position)
        return found


def parse(text: str) -> Formula:
    """Parse a formula; raise FormulaError (French, with its position) when it cannot be read."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formule trop longue ({len(text)} caractères, {MAX_LENGTH} au plus).",
                           text[:MAX_LENGTH], MAX_LENGTH)
    tree = _Parser(text).parse()
    refs = [node for node in walk(tree) if isinstance(node, Ref)]
    variables = tuple(dict.fromkeys(ref.name for ref in refs))
    inputs = tuple(dict.fromkeys((ref.name, ref.period) for ref in refs))
    return Formula(text, tree, variables, inputs)


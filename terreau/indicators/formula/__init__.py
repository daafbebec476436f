"""Indicator formulas: parse a user's text into a small AST, never `eval`, and evaluate it.

The language (documented for users in `FUNCTIONS` and the form's help):

- numbers with a decimal **point** (`0.5`, `1000`): the comma separates the arguments of a
  function, as French users write `taux(chomeurs, actifs)`, so `0,5` is refused with a hint;
- variables by slug (`p18_pop`) or `dataset.variable` when two datasets share a slug. Names
  are read in lower case. A dataset slug may hold hyphens (`base-cc-2022.p18_pop`): a hyphen
  is part of a name only before its dot, so `a-b` is always a subtraction;
- `+`, `-` or `−`, `*` or `×`, `/` or `÷`, parentheses, unary minus. No power, no comparison,
  no text, no attribute, no indexing: the tokenizer knows nothing else, so `__import__('os')`,
  `a.b.c`, `lambda`, `[x for x in y]` or `9**9**9` cannot even be written;
- the functions of `FUNCTIONS`.

Evaluation works on numpy arrays aligned on zones. A missing value (NaN) makes the result
missing; a division by zero, an overflow or an undefined growth rate gives NaN ("no value"),
never an error nor an infinity.
"""

from .evaluation import evaluate, evaluate_raw, render
from .nodes import (
    FUNCTION_LIST,
    FUNCTIONS,
    BinOp,
    Call,
    Evolution,
    FormulaError,
    Function,
    Key,
    Negate,
    Node,
    Number,
    Ref,
    walk,
)
from .parser import MAX_LENGTH, Formula, parse

__all__ = [
    "FUNCTIONS", "FUNCTION_LIST", "MAX_LENGTH", "BinOp", "Call", "Evolution", "Formula",
    "FormulaError", "Function", "Key", "Negate", "Node", "Number", "Ref", "evaluate",
    "evaluate_raw", "parse", "render", "walk",
]

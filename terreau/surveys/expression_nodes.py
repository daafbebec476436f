"""The pieces of a parsed XLSForm expression: its error, its tree, its functions."""

from dataclasses import dataclass, field


class ExpressionError(ValueError):
    """An expression that cannot be read; French, with the 0-based position of the fault."""

    def __init__(self, message: str, text: str, position: int):
        self.message, self.text = message, text
        self.position = max(0, min(position, len(text)))
        super().__init__(f"Caractère {self.position + 1} : {message}")



# ---- Tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | float
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Ref:
    """${name}: the answer to another question."""

    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Current:
    """`.`: the answer being checked (constraints)."""

    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Field:
    """A bare name: a column of the choice being filtered (choice_filter)."""

    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Unary:
    operand: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Binary:
    op: str  # or and = != < <= > >= + - * div mod
    left: "Node"
    right: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple["Node", ...]
    position: int = field(default=0, compare=False)


Node = Literal | Ref | Current | Field | Unary | Binary | Call

# name: (minimum, maximum or None) arguments
FUNCTIONS = {
    "selected": (2, 2), "count-selected": (1, 1), "string-length": (0, 1), "today": (0, 0),
    "if": (3, 3), "coalesce": (2, 2), "concat": (0, None), "contains": (2, 2),
    "starts-with": (2, 2), "number": (0, 1), "int": (1, 1), "round": (1, 2),
    "boolean": (1, 1), "regex": (2, 2), "not": (1, 1), "true": (0, 0), "false": (0, 0),
    "string": (0, 1), "count": (1, 1), "sum": (1, 1), "min": (1, None), "max": (1, None),
}
FUNCTION_LIST = ", ".join(f"{name}()" for name in FUNCTIONS)

"""The pieces of a parsed formula: its errors, its tree of small dataclasses, its functions."""

from dataclasses import dataclass, field

# A variable key: (name, period). period None means "the period chosen when computing".
Key = tuple[str, str | None]


class FormulaError(ValueError):
    """A formula that cannot be read; the message is French and points at the faulty part."""

    def __init__(self, message: str, text: str, position: int):
        self.message, self.text, self.position = message, text, max(0, min(position, len(text)))
        before = text[: self.position]
        self.line = before.count("\n") + 1
        self.column = self.position - (before.rfind("\n") + 1) + 1
        super().__init__(f"Ligne {self.line}, colonne {self.column} : {message}")

    def caret(self) -> str:
        """Return the faulty line with a caret under the faulty part."""
        line_text = self.text.split("\n")[self.line - 1] if self.text else ""
        return f"{line_text}\n{' ' * (self.column - 1)}^"

    def explain(self) -> str:
        """Return the message, the faulty line and its caret, for a terminal."""
        return f"{self}\n{self.caret()}"


# ---- AST --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: float
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Ref:
    """A variable, for the chosen period (period None) or for a fixed one (in `evolution`)."""

    name: str
    period: str | None = None
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Negate:
    operand: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * /
    left: "Node"
    right: "Node"
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple["Node", ...]
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Evolution:
    """evolution(a, p1, p2): the annual growth rate of `a` between two periods, in %."""

    start: Ref
    end: Ref
    years: int
    position: int = field(default=0, compare=False)


Node = Number | Ref | Negate | BinOp | Call | Evolution


@dataclass(frozen=True)
class Function:
    minimum: int
    maximum: int | None  # None: any number of arguments
    usage: str
    help: str


FUNCTIONS: dict[str, Function] = {
    "ratio": Function(2, 2, "ratio(a, b)", "a ÷ b"),
    "taux": Function(2, 2, "taux(a, b)", "a ÷ b × 100 (pour cent)"),
    "pour_mille": Function(2, 2, "pour_mille(a, b)", "a ÷ b × 1 000"),
    "part": Function(2, 2, "part(a, total)", "part de a dans le total, en %"),
    "evolution": Function(3, 3, "evolution(a, 2013, 2018)",
                          "taux d'évolution annuel moyen de a entre deux années, en %"),
    "somme": Function(1, None, "somme(a, b, …)", "a + b + …"),
    "moyenne": Function(1, None, "moyenne(a, b, …)", "moyenne de a, b, … zone par zone"),
    "min": Function(1, None, "min(a, b, …)", "la plus petite valeur, zone par zone"),
    "max": Function(1, None, "max(a, b, …)", "la plus grande valeur, zone par zone"),
}
FUNCTION_LIST = ", ".join(FUNCTIONS)



def walk(node: Node):
    """Yield a node and every node below it, in reading order."""
    yield node
    children = {Negate: lambda n: (n.operand,), BinOp: lambda n: (n.left, n.right),
                Call: lambda n: n.args, Evolution: lambda n: (n.start, n.end)}
    for child in children.get(type(node), lambda n: ())(node):
        yield from walk(child)

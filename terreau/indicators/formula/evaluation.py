"""Evaluate a formula tree on numpy arrays (vectorised), and write a tree back as text."""

from collections.abc import Callable, Mapping

import numpy as np

from .nodes import BinOp, Call, Evolution, Key, Negate, Node, Number, Ref

# ---- Evaluation (vectorised) ------------------------------------------------------------


def _divide(a, b, scale: float = 1.0):
    # x / 0 and 0 / 0 give inf and NaN under errstate; `evaluate` turns every inf into NaN.
    result = np.divide(a, b)
    if scale == 1.0:
        return result
    if isinstance(result, np.ndarray):
        return np.multiply(result, scale, out=result)  # in place: `result` is new
    return result * scale


def _growth(start, end, years: int):
    # Annual growth rate, % per year: ((end / start) ** (1 / years) - 1) × 100 (INSEE,
    # "taux d'évolution annuel moyen"). Undefined when start ≤ 0 or end < 0.
    ratio = np.divide(end, start)
    ratio = np.where((np.asarray(start) > 0) & (np.asarray(end) >= 0), ratio, np.nan)
    return (np.power(ratio, 1.0 / years) - 1.0) * 100.0


CALLS: dict[str, Callable] = {
    "ratio": lambda a, b: _divide(a, b),
    "taux": lambda a, b: _divide(a, b, 100.0),
    "pour_mille": lambda a, b: _divide(a, b, 1000.0),
    "part": lambda a, b: _divide(a, b, 100.0),
    "somme": lambda *args: sum(args[1:], args[0]),
    "moyenne": lambda *args: sum(args[1:], args[0]) / len(args),
    "min": lambda *args: np.minimum.reduce(np.broadcast_arrays(*args)),
    "max": lambda *args: np.maximum.reduce(np.broadcast_arrays(*args)),
}
BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": _divide}


def _eval(node: Node, values: Mapping[Key, np.ndarray]):
    match node:
        case Number(value=value):
            return value
        case Ref(name=name, period=period):
            return values[(name, period)]
        case Negate(operand=operand):
            return np.negative(_eval(operand, values))
        case BinOp(op=op, left=left, right=right):
            return BINARY[op](_eval(left, values), _eval(right, values))
        case Call(function=function, args=args):
            return CALLS[function](*(_eval(arg, values) for arg in args))
        case Evolution(start=start, end=end, years=years):
            return _growth(_eval(start, values), _eval(end, values), years)
    raise TypeError(f"nœud inconnu : {node!r}")


def evaluate_raw(tree: Node, values: Mapping[Key, np.ndarray],
                 size: int | None = None) -> np.ndarray:
    """Compute a formula tree; return a new float64 array that may still hold infinities."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = _eval(tree, values)
    if np.ndim(result) == 0:
        if size is None:
            size = len(next(iter(values.values()))) if values else 1
        return np.full(size, result, dtype=np.float64)
    if any(result is array for array in values.values()):
        return np.array(result, dtype=np.float64)  # never hand back an input array
    return np.asarray(result, dtype=np.float64)


def evaluate(tree: Node, values: Mapping[Key, np.ndarray], size: int | None = None) -> np.ndarray:
    """Compute a formula tree on arrays keyed by (name, period); return a new float64 array.

    No value (NaN) where an input is missing or the result is undefined or infinite.
    `size` gives the length of the result when the formula names no variable.
    """
    result = evaluate_raw(tree, values, size)
    infinite = np.isinf(result)
    if infinite.any():
        result[infinite] = np.nan
    return result


# ---- Text -------------------------------------------------------------------------------

PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(node: Node) -> str:
    """Write a tree back as text (canonical spelling, only the parentheses needed)."""
    match node:
        case Number(value=value):
            return np.format_float_positional(value, trim="-")
        case Ref(name=name):
            return name
        case Negate(operand=operand):
            inner = render(operand)
            return f"-({inner})" if isinstance(operand, BinOp) else f"-{inner}"
        case BinOp(op=op, left=left, right=right):
            return f"{_side(left, op, False)} {op} {_side(right, op, True)}"
        case Call(function=function, args=args):
            return f"{function}({', '.join(render(arg) for arg in args)})"
        case Evolution(start=start, end=end):
            return f"evolution({start.name}, {start.period}, {end.period})"
    raise TypeError(f"nœud inconnu : {node!r}")


def _side(node: Node, op: str, right: bool) -> str:
    text = render(node)
    if isinstance(node, BinOp):
        weaker = PRECEDENCE[node.op] < PRECEDENCE[op]
        # a - (b + c) needs its parentheses; a + (b + c) keeps them to keep the same tree.
        if weaker or (right and PRECEDENCE[node.op] == PRECEDENCE[op]):
            return f"({text})"
    return text

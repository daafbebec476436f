"""How XLSForm expressions are evaluated: XPath 1.0-like values and conversions.

Private to expressions.py (and mirrored in static/terreau/js/surveys/expressions.js)."""

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .expression_nodes import Binary, Call, Current, Field, Literal, Node, Ref, Unary

MAX_SUBJECT = 1000  # longer answers never match a regex(): keeps matching time bounded

# ---- Values -----------------------------------------------------------------------------

NUMERIC = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


def to_value(value):
    """An answer as an expression value: "" when empty, names joined by spaces for lists."""
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return float(value) if abs(value) < 10**308 else math.copysign(math.inf, value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " ".join(str(_string(to_value(item))) for item in value)
    return str(value)


def _number(value) -> float:
    if isinstance(value, list):
        return _number(value[0]) if value else math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    return float(value) if NUMERIC.fullmatch(value) else math.nan


def _string(value) -> str:
    if isinstance(value, list):
        return _string(value[0]) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return _js_number(value)
    return value


def _js_number(value: float) -> str:
    """The number as JavaScript writes it (String(n)), so both twins show the same text."""
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    text, point = "".join(map(str, digits)), len(digits) + exponent  # value = 0.text × 10^point
    minus = "-" if value < 0 else ""
    if len(text) <= point <= 21:
        return minus + text + "0" * (point - len(text))
    if 0 < point <= 21:
        return f"{minus}{text[:point]}.{text[point:]}"
    if -6 < point <= 0:
        return f"{minus}0.{'0' * -point}{text}"
    mantissa = text[0] + (f".{text[1:]}" if len(text) > 1 else "")
    return f"{minus}{mantissa}e{'+' if point > 0 else '-'}{abs(point - 1)}"


def to_boolean(value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return bool(value)


def _reads_number(value) -> bool:
    return isinstance(value, float) or (isinstance(value, str) and bool(NUMERIC.fullmatch(value)))


def _compare(op: str, left, right) -> bool:
    if isinstance(left, list):
        return any(_compare(op, item, right) for item in left)
    if isinstance(right, list):
        return any(_compare(op, left, item) for item in right)
    if isinstance(left, bool) or isinstance(right, bool):
        a, b = to_boolean(left), to_boolean(right)
        return {"=": a == b, "!=": a != b}.get(op, _order(op, float(a), float(b)))
    if _reads_number(left) and _reads_number(right):
        return _order(op, _number(left), _number(right))
    if isinstance(left, float) or isinstance(right, float):
        return op == "!="
    return _order(op, left, right)


def _order(op: str, a, b) -> bool:
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
            ">=": a >= b}[op]


def _arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if op == "div":
        if b == 0:
            return math.nan if a == 0 else math.copysign(math.inf, a) * math.copysign(1, b)
        return a / b
    return math.nan if b == 0 or math.isinf(a) else (a if math.isinf(b) else math.fmod(a, b))


def _items(value) -> list:
    """A node-set: the list itself, a lone answer as one item, nothing for an empty answer."""
    if isinstance(value, list):
        return value
    return [] if value == "" else [value]


# ---- Evaluation -------------------------------------------------------------------------


@dataclass
class Context:
    answers: dict
    current: object
    today: str  # ISO date
    choice: dict


def _lookup(answers: dict, name: str):
    if name in answers:
        value = answers[name]  # a repeat itself reads as one (empty) item per entry: count()
        return [""] * len(value) if _is_repeat(value) else to_value(value)
    found = []  # a question inside a repeat, read from outside: every item's answer
    for value in answers.values():
        if _is_repeat(value):
            for item in value:
                inner = _lookup(item, name)
                found.extend(inner if isinstance(inner, list) else
                             ([inner] if name in item else []))
    return found if found else ""


def _is_repeat(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def eval_node(node: Node, ctx: Context):
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return _lookup(ctx.answers, node.name)
    if isinstance(node, Current):
        return ctx.current
    if isinstance(node, Field):
        return to_value(ctx.choice.get(node.name))
    if isinstance(node, Unary):
        return -_number(eval_node(node.operand, ctx))
    if isinstance(node, Binary):
        return _binary(node, ctx)
    return _call(node, ctx)


def _binary(node: Binary, ctx: Context):
    if node.op == "or":
        return to_boolean(eval_node(node.left, ctx)) or to_boolean(eval_node(node.right, ctx))
    if node.op == "and":
        return to_boolean(eval_node(node.left, ctx)) and to_boolean(eval_node(node.right, ctx))
    left, right = eval_node(node.left, ctx), eval_node(node.right, ctx)
    if node.op in ("=", "!=", "<", "<=", ">", ">="):
        return _compare(node.op, left, right)
    return _arithmetic(node.op, _number(left), _number(right))


def _round(value: float, digits: float) -> float:
    if math.isnan(value) or math.isinf(value) or math.isnan(digits):
        return value
    scale = 10.0 ** max(-15, min(15, math.trunc(digits)))
    shifted = value * scale + 0.5
    return value if math.isinf(shifted) else math.floor(shifted) / scale


def _call(node: Call, ctx: Context):
    name, args = node.name, node.args
    if name == "if":
        return eval_node(args[1] if to_boolean(eval_node(args[0], ctx)) else args[2], ctx)
    if name == "coalesce":
        first = eval_node(args[0], ctx)
        return first if _string(first) != "" else eval_node(args[1], ctx)
    values = [eval_node(arg, ctx) for arg in args]
    if name in ("string-length", "number", "string") and not values:
        values = [ctx.current]
    if name in SIMPLE:
        return SIMPLE[name](*values)
    if name == "today":
        return ctx.today
    if name == "round":
        return _round(_number(values[0]), _number(values[1]) if len(values) > 1 else 0.0)
    if name in ("min", "max"):
        numbers = [_number(item) for value in values for item in _items(value)]
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return min(numbers) if name == "min" else max(numbers)
    return _regex(_string(values[0]), _string(values[1]))


def _regex(subject: str, pattern: str) -> bool:
    if len(subject) > MAX_SUBJECT:
        return False
    return re.search(pattern, subject) is not None


def _names(value) -> list[str]:
    return _string(value).split()


def _int(value: float) -> float:
    return value if math.isnan(value) or math.isinf(value) else float(math.trunc(value))


SIMPLE = {
    "selected": lambda items, name: _string(name).strip() in _names(items),
    "count-selected": lambda items: float(len(_names(items))),
    "string-length": lambda value: float(len(_string(value))),
    "concat": lambda *values: "".join(_string(value) for value in values),
    "contains": lambda a, b: _string(b) in _string(a),
    "starts-with": lambda a, b: _string(a).startswith(_string(b)),
    "number": _number,
    "string": _string,
    "int": lambda value: _int(_number(value)),
    "boolean": to_boolean,
    "not": lambda value: not to_boolean(value),
    "true": lambda: True,
    "false": lambda: False,
    "count": lambda value: float(len(_items(value))),
    "sum": lambda value: float(sum(_number(item) for item in _items(value))),
}

"""Fee rules: a fixed amount, or a formula over the form's numeric fields.

Formulas are parsed with :mod:`ast` and evaluated by walking a whitelist of nodes —
numbers, field names, ``+ - * /``, parentheses, unary minus and ``min``/``max``/``round``.
Nothing is ever passed to ``eval``; anything else is refused with a clear message.
"""

from __future__ import annotations

import ast
import math

from flask_babel import gettext as _

FORMULA_MAX = 300
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b if b else _zero_division()}
_FUNCS = {"min": min, "max": max, "round": lambda x, n=0: round(x, int(n))}


class FeeError(ValueError):
    pass


def _zero_division() -> float:
    raise FeeError(_("Rumus biaya membagi dengan nol"))


def _parse(formula: str) -> ast.Expression:
    if not formula.strip() or len(formula) > FORMULA_MAX:
        raise FeeError(_("Rumus biaya wajib diisi, paling banyak %(count)s karakter", count=FORMULA_MAX))
    try:
        return ast.parse(formula, mode="eval")
    except SyntaxError:
        raise FeeError(_("Rumus biaya tidak dapat dibaca")) from None


def _eval(node: ast.AST, values: dict[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _eval(node.body, values)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FeeError(_("Rumus biaya memakai isian '%(name)s' yang tidak ada atau bukan angka", name=node.id))
        return float(values[node.id])
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _eval(node.operand, values)
        return -value if isinstance(node.op, ast.USub) else value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS
            and not node.keywords and 1 <= len(node.args) <= 5):
        return float(_FUNCS[node.func.id](*(_eval(arg, values) for arg in node.args)))
    raise FeeError(_("Rumus biaya hanya boleh memuat angka, nama isian, + - * /, kurung, min, max dan round"))


def check_formula(formula: str, numeric_fields: list[str]) -> None:
    """Refuse a formula that would not evaluate for some valid input (used by the catalogue)."""
    evaluate(formula, {name: 1.0 for name in numeric_fields})


def evaluate(formula: str, values: dict[str, float]) -> int:
    """The fee in whole rupiah (never negative)."""
    result = _eval(_parse(formula), values)
    if not math.isfinite(result):
        raise FeeError(_("Rumus biaya menghasilkan nilai tak hingga"))
    return max(0, int(round(result)))


def fee_for(permit_type, values: dict[str, float]) -> int:  # noqa: ANN001
    if permit_type.fee_kind == "formula":
        return evaluate(permit_type.fee_formula, values)
    return int(permit_type.fee_amount)

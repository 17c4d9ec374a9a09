"""A fee formula as citizens read it: field labels instead of keys, × and ÷, numbers in the
reader's language (``Luas bidang reklame (m²) × Lama pemasangan (hari) × 2.500``)."""

from __future__ import annotations

import ast

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

_SYMBOLS = {ast.Add: "+", ast.Sub: "\u2212", ast.Mult: "\u00d7", ast.Div: "\u00f7"}
_LOW = (ast.Add, ast.Sub)


def _words(node: ast.AST, labels: dict[str, str], locale: str) -> str:
    if isinstance(node, ast.Expression):
        return _words(node.body, labels, locale)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return format_decimal(node.value, locale=locale)
    if isinstance(node, ast.Name):
        return labels.get(node.id, node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _SYMBOLS:
        parts = []
        for side in (node.left, node.right):
            text = _words(side, labels, locale)
            if isinstance(side, ast.BinOp) and isinstance(side.op, _LOW) and not isinstance(node.op, _LOW):
                text = f"({text})"
            parts.append(text)
        return f" {_SYMBOLS[type(node.op)]} ".join(parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "\u2212" + _words(node.operand, labels, locale)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        inner = "; ".join(_words(arg, labels, locale) for arg in node.args)
        name = {"min": _l("terkecil dari"), "max": _l("terbesar dari"), "round": _l("dibulatkan")}.get(node.func.id)
        return f"{name} ({inner})" if name else inner
    return ""


def formula_in_words(permit_type) -> str:  # noqa: ANN001
    """The fee formula of ``permit_type`` in words; empty when it cannot be read."""
    labels = {field["key"]: field["label"] for field in permit_type.fields}
    try:
        tree = ast.parse(permit_type.fee_formula or "", mode="eval")
    except SyntaxError:
        return ""
    return _words(tree, labels, str(get_locale() or "id"))

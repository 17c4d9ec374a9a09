from __future__ import annotations

import pytest

from kiblat.modules.sri_deli.services import fees


@pytest.mark.parametrize(("formula", "values", "expected"), [
    ("luas * 1000", {"luas": 12.5}, 12500),
    ("(a + b) * 2 - 1", {"a": 1, "b": 2}, 5),
    ("max(a, 10) * 100", {"a": 3}, 1000),
    ("min(a, 10) / 4", {"a": 6}, 2),
    ("-a + 5", {"a": 10}, 0),  # never negative
    ("round(a / 3, 0) * 3", {"a": 10}, 9),
])
def test_formula_evaluates(formula, values, expected):
    assert fees.evaluate(formula, values) == expected


@pytest.mark.parametrize(("formula", "message"), [
    ("__import__('os').system('id')", "hanya boleh"),
    ("a.__class__", "hanya boleh"),
    ("a ** 999999", "hanya boleh"),
    ("open('x')", "hanya boleh"),
    ("[1, 2]", "hanya boleh"),
    ("lambda: 1", "hanya boleh"),
    ("'x' * 3", "hanya boleh"),
    ("a +", "tidak dapat dibaca"),
    ("b * 2", "'b'"),
    ("a / 0", "nol"),
    ("", "wajib"),
    ("1+" * 200 + "1", "paling banyak"),
])
def test_unsafe_or_broken_formulas_are_refused(formula, message):
    with pytest.raises(fees.FeeError, match=message):
        fees.evaluate(formula, {"a": 2})

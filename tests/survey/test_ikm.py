"""The satisfaction index (IKM) against examples worked out by hand, as PermenPAN-RB 14/2017
computes it: average per element over respondents, each weighted 1/9, summed, times 25."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kiblat.platform.survey import ikm


def test_worked_example_of_four_respondents():
    answers = [
        # U1 U2 U3 U4 U5 U6 U7 U8 U9
        [4, 3, 3, 4, 3, 4, 4, 2, 3],  # respondent 1: sum 30
        [3, 3, 2, 4, 3, 3, 4, 3, 3],  # respondent 2: sum 28
        [4, 4, 3, 4, 4, 4, 4, 3, 4],  # respondent 3: sum 34
        [3, 2, 2, 4, 3, 3, 3, 2, 3],  # respondent 4: sum 25
    ]
    # By hand. Totals per element: U1 14, U2 12, U3 10, U4 16, U5 13, U6 14, U7 15, U8 10, U9 13
    # NRR per element (÷4): 3.50, 3.00, 2.50, 4.00, 3.25, 3.50, 3.75, 2.50, 3.25
    # Weighted 1/9 each and summed: (14+12+10+16+13+14+15+10+13) / 4 / 9 = 117 / 36 = 3.25
    # IKM = 3.25 × 25 = 81.25 → between 76.61 and 88.30: mutu B, "Baik".
    result = ikm.compute(answers)
    assert result.respondents == 4
    assert result.element_averages == (Fraction(7, 2), Fraction(3), Fraction(5, 2), Fraction(4), Fraction(13, 4),
                                       Fraction(7, 2), Fraction(15, 4), Fraction(5, 2), Fraction(13, 4))
    assert result.value == Fraction(13, 4)
    assert result.index == Decimal("81.25")
    assert result.band.letter == "B" and result.band.performance.id == "Baik"


def test_exact_weights_and_rounding_at_a_band_edge():
    # Three respondents, all 4 except respondent 1's U9 = 2 and respondent 2's U8 = 3:
    # element totals: U1–U7 12 each, U8 11, U9 10 → sum 105; value = 105 / 3 / 9 = 35/9 = 3.8888…
    # IKM = 35/9 × 25 = 875/9 = 97.2222… → 97.22, mutu A. (With the regulation's rounded weight
    # 0.111 it would be 35 × 0.111 × 25 = 97.125, shown 97.13: exact 1/9 weights are used.)
    answers = [[4] * 8 + [2], [4] * 7 + [3, 4], [4] * 9]
    result = ikm.compute(answers)
    assert result.value == Fraction(35, 9)
    assert result.index == Decimal("97.22") and result.band.letter == "A"


@pytest.mark.parametrize(("index", "letter"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"), ("65.00", "C"),
    ("64.99", "D"), ("25.00", "D"),
])
def test_bands_follow_the_regulations_conversion_intervals(index, letter):
    assert ikm.band_for(Decimal(index)).letter == letter


def test_everyone_answering_1_is_the_lowest_index_and_nothing_is_none():
    assert ikm.compute([[1] * 9]).index == Decimal("25.00")
    assert ikm.compute([]) is None
    with pytest.raises(ValueError, match="nine scores"):
        ikm.compute([[5] * 9])

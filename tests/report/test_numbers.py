"""Digits chosen by the interval: enough to be true, and the same rule everywhere."""

from accord.report._numbers import decimals, estimate_text, number_text, share_text


def test_a_rare_event_keeps_its_digits():
    assert estimate_text(0.003, 0.001, 0.006) == "0.003 [0.001, 0.006]"
    assert estimate_text(0.0004, 0.0001, 0.0009) == "0.0004 [0.0001, 0.0009]"


def test_a_wide_interval_gets_two_decimals():
    assert estimate_text(0.85, 0.64, 0.95) == "0.85 [0.64, 0.95]"
    assert estimate_text(1.0, 1.0, 1.0) == "1.00 [1.00, 1.00]"


def test_signed_differences_and_no_negative_zero():
    assert estimate_text(0.0, -0.088, 0.088, signed=True) == "+0.00 [-0.09, +0.09]"
    assert number_text(-0.0001, 2) == "0.00"
    assert number_text(-0.0001, 2, signed=True) == "+0.00"


def test_decimals_follow_the_spread_within_bounds():
    assert decimals(spread=0.5) == 2 and decimals(spread=0.05) == 2
    assert decimals(spread=0.005) == 3 and decimals(spread=1e-12) == 6
    assert decimals(0.0, 0.0) == 2


def test_a_share_is_as_precise_as_one_unit_of_its_count():
    assert share_text(17, 20) == "0.85"
    assert share_text(3, 1000) == "0.003"
    assert share_text(0, 0) == "—"

"""Load conversions: reps-to-failure curve, RPE/RIR, estimated 1RM."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from myokinetics.errors import InputError, UnknownNameError
from myokinetics.program import load as L

fractions = st.floats(min_value=0.05, max_value=1.0, allow_nan=False)
reps = st.floats(min_value=1.0, max_value=500.0, allow_nan=False)


# --- reps-to-failure curve -----------------------------------------------------
def test_curve_anchor_points():
    assert L.max_reps(1.0) == pytest.approx(1.0)
    assert L.max_reps(0.75) == pytest.approx(11.0)  # 1 + 30 * (1/0.75 - 1)
    assert L.fraction_1rm_for(10) == pytest.approx(1 / (1 + 9 / 30))
    assert L.fraction_1rm_for(1) == pytest.approx(1.0)


@given(fractions, fractions)
def test_max_reps_is_decreasing(f1, f2):
    if f1 < f2:
        assert L.max_reps(f1) > L.max_reps(f2)


@given(reps, reps)
def test_fraction_for_reps_is_decreasing(r1, r2):
    if r1 < r2:
        assert L.fraction_1rm_for(r1) > L.fraction_1rm_for(r2)


@given(fractions)
def test_curve_inverse_from_fraction(f):
    assert L.fraction_1rm_for(L.max_reps(f)) == pytest.approx(f, rel=1e-12)


@given(reps)
def test_curve_inverse_from_reps(r):
    assert L.max_reps(L.fraction_1rm_for(r)) == pytest.approx(r, rel=1e-9)


def test_curve_is_vectorised():
    f = np.array([0.5, 0.75, 1.0])
    out = L.max_reps(f)
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    np.testing.assert_allclose(L.fraction_1rm_for(out), f)
    assert isinstance(L.max_reps(0.8), float)
    assert L.max_reps(np.ones((2, 2))).shape == (2, 2)


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.3, float("nan")])
def test_max_reps_rejects_out_of_range(bad):
    with pytest.raises(InputError) as e:
        L.max_reps(bad)
    assert e.value.field == "fraction_1rm"
    assert "(0, 1]" in str(e.value)


def test_max_reps_rejects_bad_element_in_array():
    with pytest.raises(InputError) as e:
        L.max_reps([0.5, 1.2])
    assert e.value.value == pytest.approx(1.2)


@pytest.mark.parametrize("bad", [0, 0.5, -3, float("inf")])
def test_fraction_for_rejects_bad_reps(bad):
    with pytest.raises(InputError) as e:
        L.fraction_1rm_for(bad)
    assert e.value.field == "reps_to_failure"


def test_feasible_reps_margin():
    assert L.max_feasible_reps(0.75) == pytest.approx(11.0 * (1 + L.REPS_FEASIBILITY_MARGIN))


# --- RPE / RIR ------------------------------------------------------------------
def test_rpe_rir_examples():
    assert L.rir_from_rpe(10) == 0
    assert L.rir_from_rpe(8) == 2
    assert L.rir_from_rpe(8.5) == 1.5
    assert L.rpe_from_rir(2) == 8


@given(st.floats(min_value=1, max_value=10))
def test_rpe_rir_inverse(rpe):
    assert L.rpe_from_rir(L.rir_from_rpe(rpe)) == pytest.approx(rpe)


@given(st.floats(min_value=1, max_value=10), st.floats(min_value=1, max_value=10))
def test_rir_decreases_with_rpe(a, b):
    if a < b:
        assert L.rir_from_rpe(a) > L.rir_from_rpe(b)


@pytest.mark.parametrize("bad", [0, 0.5, 10.5, 11])
def test_rpe_out_of_range(bad):
    with pytest.raises(InputError) as e:
        L.rir_from_rpe(bad)
    assert e.value.field == "rpe" and "between 1 and 10" in str(e.value)


@pytest.mark.parametrize("bad", [-1, 9.5])
def test_rir_out_of_range(bad):
    with pytest.raises(InputError) as e:
        L.rpe_from_rir(bad)
    assert e.value.field == "rir"


def test_rpe_vectorised():
    np.testing.assert_allclose(L.rir_from_rpe(np.array([10, 9, 7.5])), [0, 1, 2.5])


# --- estimated 1RM ------------------------------------------------------------------
def test_formulas_known_values():
    assert L.estimate_1rm(100, 5, "epley") == pytest.approx(100 * (1 + 5 / 30))
    assert L.estimate_1rm(100, 5, "brzycki") == pytest.approx(100 * 36 / 32)
    assert L.estimate_1rm(100, 5, "oconner") == pytest.approx(112.5)
    assert L.estimate_1rm(100, 5, "lombardi") == pytest.approx(100 * 5 ** 0.1)
    assert L.estimate_1rm(100, 5, "lander") == pytest.approx(100 * 100 / (101.3 - 2.67123 * 5))
    assert L.estimate_1rm(100, 5, "mayhew") == pytest.approx(100 * 100 / (52.2 + 41.9 * math.exp(-0.275)))
    assert L.estimate_1rm(100, 5, "wathen") == pytest.approx(100 * 100 / (48.8 + 53.8 * math.exp(-0.375)))


def test_epley_equals_brzycki_at_ten_reps():
    assert L.estimate_1rm(80, 10, "epley") == pytest.approx(L.estimate_1rm(80, 10, "brzycki"))


@pytest.mark.parametrize("formula", sorted(L.ONE_RM_FORMULAS))
def test_formulas_increase_with_reps_and_are_near_weight_at_one_rep(formula):
    r = np.arange(1, 16)
    est = L.estimate_1rm(100.0, r, formula)
    assert np.all(np.diff(est) > 0)
    assert 100.0 <= est[0] <= 110.0
    assert formula in L.ONE_RM_FORMULA_ACCURACY


def test_estimate_1rm_names_and_errors():
    assert L.estimate_1rm(100, 3, "O'Conner") == L.estimate_1rm(100, 3, "oconner")
    with pytest.raises(UnknownNameError) as e:
        L.estimate_1rm(100, 3, "epply")
    assert "epley" in str(e.value)
    with pytest.raises(InputError) as e:
        L.estimate_1rm(-5, 3)
    assert e.value.field == "weight_kg"
    with pytest.raises(InputError) as e:
        L.estimate_1rm(100, 37, "brzycki")
    assert e.value.field == "reps" and "36" in str(e.value)
    with pytest.raises(InputError):
        L.estimate_1rm(100, 0)

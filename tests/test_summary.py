"""The headline summary: at most 30 plain-named outcomes that fit the scenario (an acute workout or a program)."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest
import xarray as xr
from rich.console import Console

from myokinetics.summary import (MAX_HEADLINE_ROWS, check_variables, headline, hidden_peaks_note, outcome_variables,
                                 print_headline, scenario_kind, trained_lifts, trained_muscles)

INTERNAL = ("obp", "oba", "oca", "mgf", "lif", "bone_signal", "rbe_", "age_now", "_adaptation")


@pytest.fixture(scope="module")
def acute():
    """Two subjects, one workout of squats and bench press, 24 h at 5-min output."""
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    sc = build_scenario(None, ["Back squat 4x8 @ 75% 1RM, rest 2 min", "Bench press 3x10 @ 70% 1RM"], 24, 2, 3)
    return sc, simulate(sc)


@pytest.fixture(scope="module")
def program():
    """The default scenario (3-day full body program), shortened to 3 weeks; hourly output."""
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    sc = build_scenario(None, None, 21 * 24, None, None)
    return sc, simulate(sc)


def _by_name(rows):
    return {r.name: r for r in rows}


def test_acute_headline_leads_with_recovery_and_the_acute_response(acute):
    sc, ds = acute
    assert scenario_kind(ds, sc) == "acute" and scenario_kind(ds) == "acute"
    rows = headline(ds, sc)
    assert 10 <= len(rows) <= MAX_HEADLINE_ROWS
    assert rows[0].variable == "readiness"
    names = _by_name(rows)
    for plain in ("Readiness", "Muscle soreness (DOMS)", "IL-6", "Creatine kinase (CK)", "Blood lactate",
                  "Back squat 1RM today", "Bench press 1RM today", "Quadriceps protein synthesis"):
        assert plain in names, plain
    assert "Body mass" not in names                         # a program outcome, not an acute one
    r = names["Readiness"]
    assert r.peak.mean < r.baseline.mean and 0 < r.peak_time_h < 24      # the trough, shortly after the workout
    lac = names["Blood lactate"]
    assert lac.peak.mean > 2 * lac.baseline.mean and lac.peak_time_h < 3 and lac.unit == "mmol/L"
    assert names["IL-6"].unit == "pg/mL" and names["IL-6"].peak.mean > names["IL-6"].baseline.mean
    assert names["IL-6"].baseline.sd is not None           # two subjects: mean ± SD
    for row in rows:
        assert not any(tag in row.variable for tag in INTERNAL), row.variable


def test_program_headline_leads_with_strength_size_and_body_composition(program):
    sc, ds = program
    assert scenario_kind(ds, sc) == "program"
    rows = headline(ds, sc)
    assert len(rows) <= MAX_HEADLINE_ROWS
    assert [r.group for r in rows][:1] == ["Strength"]
    lifts = trained_lifts(ds)
    assert set(lifts) == {"back_squat", "bench_press", "barbell_row", "deadlift", "overhead_press", "pull_up"}
    assert lifts[:3] == ["back_squat", "bench_press", "barbell_row"]          # 2 sessions a week, then 1
    strength = [r for r in rows if r.variable == "one_rm"]
    assert [r.label for r in strength] == lifts
    assert all(r.unit == "kg" and r.end.mean > r.baseline.mean for r in strength)
    size = [r for r in rows if r.variable == "muscle_mass_current"]
    assert size and [r.label for r in size] == trained_muscles(ds)[:len(size)]
    assert all(r.change_pct.mean > 0 for r in size)
    names = _by_name(rows)
    for plain in ("Body mass", "Lean (fat-free) mass", "Fat mass", "Readiness", "IL-6", "Systolic blood pressure",
                  "LDL cholesterol"):
        assert plain in names, plain
    assert names["Back squat 1RM"].name == "Back squat 1RM"


def test_headline_is_pure_and_json_ready(program):
    sc, ds = program
    before = ds.copy(deep=True)
    rows = headline(ds, sc)
    assert ds.identical(before)
    assert headline(ds, sc) == rows                          # deterministic
    text = json.dumps([r.as_dict() for r in rows])
    back = json.loads(text)
    assert back[0]["variable"] == "one_rm" and back[0]["unit"] == "kg" and back[0]["baseline"]["mean"] > 0
    assert len(headline(ds, sc, max_rows=5)) == 5


def test_headline_skips_failed_subjects_and_missing_variables():
    t = np.arange(5.0)
    il6 = np.array([[1, 3, 2, 1, 1], [1, 9, 9, 9, 9]], dtype=float)
    ds = xr.Dataset({"il6": (("subject", "time"), il6, {"units": "pg/mL"}),
                     "status": ("subject", np.array(["ok", "max_steps"]))}, coords={"time": t, "subject": [0, 1]})
    rows = headline(ds)
    assert [r.variable for r in rows] == ["il6"]
    assert rows[0].peak.mean == 3.0 and rows[0].peak_time_h == 1.0 and rows[0].baseline.sd is None


def test_print_headline_is_short(program):
    sc, ds = program
    buf = io.StringIO()
    print_headline(ds, Console(file=buf, width=120), sc)
    out = buf.getvalue()
    lines = out.splitlines()
    assert len(lines) <= 40, out
    assert "1RM" in out and "kg" in out and "Program:" in out and "--detail" in out
    assert "obp_spine" not in out and "mgf" not in out


def test_hidden_peaks_note(acute, program):
    assert hidden_peaks_note(acute[1]) is None                # 5-min output resolves the peaks
    note = hidden_peaks_note(program[1])
    assert note and "every 1 h" in note and "peaks" in note


def test_check_variables_hints(program):
    ds = program[1]
    assert check_variables(ds, "il6, mps,il6") == ["il6", "mps"]
    from myokinetics.errors import InputError

    with pytest.raises(InputError, match="did you mean 'il6'"):
        check_variables(ds, "IL-6")
    with pytest.raises(InputError):
        check_variables(ds, " , ")
    assert "systolic_bp" not in outcome_variables(ds) and check_variables(ds, "systolic_bp") == ["systolic_bp"]

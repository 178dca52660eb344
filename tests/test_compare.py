"""`myokinetics compare`: pure metrics over datasets, the command's table, CSV and plot, and one-line errors."""
from __future__ import annotations

import csv

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from myokinetics.cli import app
from myokinetics.compare import compare, metrics, select_observables, split_workout, whole_body_series
from myokinetics.errors import InputError

runner = CliRunner()


def _ds(values, t=None, name="x", units="pg/mL"):
    values = np.atleast_2d(np.asarray(values, dtype=float))
    t = np.arange(values.shape[1], dtype=float) if t is None else np.asarray(t, dtype=float)
    return xr.Dataset({name: (("subject", "time"), values, {"units": units}),
                       "per_muscle": (("subject", "time", "muscle"), np.zeros(values.shape + (2,))),
                       "status": (("subject",), np.array(["ok"] * values.shape[0]))},
                      coords={"time": t, "subject": np.arange(values.shape[0])})


def test_metrics_rise_and_fall():
    base, peak, tpk, auc = metrics(_ds([1, 3, 5, 2, 1])["x"])
    assert (base, peak, tpk) == (1.0, 5.0, 2.0)
    assert auc == pytest.approx(0 + 1 + 3 + 2.5 + 0.5)          # trapezoids of (x - 1)
    base, peak, tpk, auc = metrics(_ds([0, -0.5, -0.2, 0])["x"])
    assert peak == -0.5 and tpk == 1.0 and auc < 0


def test_metrics_flat_series_peaks_at_baseline_time_zero():
    base, peak, tpk, auc = metrics(_ds([2.0, 2.0 + 1e-15, 2.0])["x"])
    assert peak == 2.0 and tpk == 0.0 and abs(auc) < 1e-12


def test_metrics_average_over_subjects():
    base, peak, tpk, auc = metrics(_ds([[1, 2, 1], [1, 4, 1]])["x"])
    assert peak == 3.0 and tpk == 1.0 and auc == pytest.approx(2.0)


def test_whole_body_series_and_selection():
    a, b = _ds([1, 2, 1]), _ds([1, 3, 1])
    assert whole_body_series(a) == ["x"]
    assert select_observables([a, b]) == ["x"]
    with pytest.raises(InputError, match="did you mean 'x'"):
        select_observables([a, b], ["xx"])


def test_compare_rows_in_order():
    rows = compare({"A": _ds([1, 2, 1]), "B": _ds([1, 5, 1])})
    assert [(r.observable, r.workout, r.peak) for r in rows] == [("x", "A", 2.0), ("x", "B", 5.0)]
    assert rows[0].units == "pg/mL"


def test_split_workout():
    assert split_workout("Back squat 5x5 @ 85% 1RM; Bench press 3x8 @ 75% 1RM ;") == [
        "Back squat 5x5 @ 85% 1RM", "Bench press 3x8 @ 75% 1RM"]
    with pytest.raises(InputError):
        split_workout(" ; ")


def test_cli_compare_table_csv_and_plot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["compare", "--session", "Back squat 5x5 @ 85% 1RM",
                            "--session", "Run 30 min @ 75% VO2max",
                            "--session", "Bench press 3x8 @ 75% 1RM; Barbell row 3x8 @ 75% 1RM",
                            "--hours", "4", "--observable", "il6", "--observable", "lactate",
                            "--plot", "cmp.png", "--output", "table.csv"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "il6" in r.stdout and "Run 30 min" in r.stdout and "plot written to cmp.png" in r.stdout
    assert (tmp_path / "cmp.png").stat().st_size > 1000
    rows = list(csv.DictReader((tmp_path / "table.csv").open()))
    assert len(rows) == 6 and [x["observable"] for x in rows[:3]] == ["il6"] * 3
    lactate = {x["workout"]: float(x["peak"]) for x in rows if x["observable"] == "lactate"}
    assert all(v > 1.0 for v in lactate.values())
    assert "Bench press 3x8 @ 75% 1RM; Barbell row 3x8 @ 75% 1RM" in lactate


@pytest.mark.parametrize("args", [
    [],
    ["--session", "Bak squat 5x5 @ 85% 1RM"],
    ["--session", " ; "],
    ["--session", "Back squat 5x5 @ 85% 1RM", "--observable", "nosuch"],
    ["--session", "Back squat 5x5 @ 85% 1RM", "--hours", "-1"],
    ["--session", "Back squat 5x5 @ 85% 1RM", "--plot", "cmp.txt"],
    ["--session", "Back squat 5x5 @ 85% 1RM", "--output", "no/such/dir/t.csv"],
    ["--session", "Back squat 5x5 @ 85% 1RM", "--output", "t.txt"],
])
def test_cli_compare_bad_input_one_line_error(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["compare", *args, "--hours", "2"] if "--hours" not in args else ["compare", *args],
                      catch_exceptions=False)
    assert r.exit_code == 2, r.output
    err = r.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in r.output
    assert r.stdout == ""

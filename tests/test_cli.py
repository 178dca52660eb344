"""The command line: default run, --session runs, NetCDF output, plots, and one-line errors for bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr
from typer.testing import CliRunner

from myokinetics.cli import app

runner = CliRunner()
SESSION = "Back squat 4x8 @ 75% 1RM, rest 2 min"


def run(*args, cwd: Path | None = None, monkeypatch=None):
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def one_line_error(result) -> str:
    """The stderr of a failed command: exactly one line starting with 'error:'."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    err = result.stderr.strip()
    assert err.startswith("error: "), err
    assert "\n" not in err, err
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return err


# --------------------------------------------------------------------------- simulate
def test_default_run_prints_summary_and_writes_plot(tmp_path, monkeypatch):
    r = run("simulate", "--quiet", cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert "plot written to myokinetics-full-body-beginner.png" in r.stdout
    assert (tmp_path / "myokinetics-full-body-beginner.png").stat().st_size > 10_000

    r = run("simulate", "--hours", "48", "--plot", "p.png", cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    out = r.stdout
    for word in ("start", "end", "change", "peak", "IL-6", "pg/mL", "Program:", "plot written to p.png"):
        assert word in out, word
    assert (tmp_path / "p.png").exists()


def test_session_run_writes_netcdf(tmp_path, monkeypatch):
    r = run("simulate", "--session", SESSION, "--session", "Leg press 3x12 @ 70% 1RM", "--hours", "72",
            "--output", "s.nc", "--plot", "s.html", "-n", "3", "--seed", "5",
            cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert "results written to s.nc" in r.stdout
    assert "3 subjects (means; change ± SD between subjects)" in r.stdout
    with xr.open_dataset(tmp_path / "s.nc") as ds:
        assert ds.sizes["subject"] == 3
        assert float(ds["time"][-1]) == pytest.approx(72.0)
        assert float(ds["time"][1] - ds["time"][0]) == pytest.approx(5 / 60)
        assert ds["il6"].attrs["units"] == "pg/mL"
        assert list(ds["set_exercise"].values[:1]) == ["back_squat"]
        assert set(ds["set_exercise"].values) == {"back_squat", "leg_press"}
        assert "quadriceps" in list(ds["muscle"].values)
        assert set(ds["sex"].values) == {"male"}
        assert ds.attrs["seed"] == 5
    page = (tmp_path / "s.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "Plotly.newPlot" in page and "Readiness" in page


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_plot_formats(tmp_path, monkeypatch, suffix):
    r = run("simulate", "-q", "--session", SESSION, "--hours", "6", "--plot", "p" + suffix,
            cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert (tmp_path / ("p" + suffix)).stat().st_size > 1000


def test_scenario_file_with_overrides(tmp_path, monkeypatch):
    src = Path(__file__).parents[1] / "examples" / "full-body-beginner.yaml"
    r = run("simulate", src, "--hours", "30", "-n", "2", "-q", cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "myokinetics-full-body-beginner.png").exists()


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize("args, expect", [
    (["--session", "Back sqat 4x8 @ 75% 1RM"], ["'Back sqat'", "did you mean", "'Back squat'"]),
    (["--session", "Back squat 4x @ 75% 1RM"], ["session[0]", "'Back squat 4x @ 75% 1RM'"]),
    (["--session", "Back squat 1x10 @ 130% 1RM"], ["session[0]", "130"]),
    (["--session", SESSION, "--hours", "-5"], ["--hours", "-5"]),
    (["--session", SESSION, "--hours=0"], ["--hours"]),
    (["missing-scenario.yaml"], ["scenario file", "missing-scenario.yaml"]),
    (["--session", SESSION, "--plot", "p.jpg"], ["--plot", "p.jpg", ".png"]),
    (["--session", SESSION, "--plot", "no/such/dir/p.png"], ["--plot", "does not exist"]),
    (["--session", SESSION, "--output", "no/such/dir/r.nc"], ["--output"]),
    (["--session", SESSION, "-n", "0"], ["--n", "0"]),
    (["--session", SESSION, "--seed", "-1"], ["--seed", "-1"]),
])
def test_bad_input_is_one_line_exit_2(tmp_path, monkeypatch, args, expect):
    r = run("simulate", "-q", *args, cwd=tmp_path, monkeypatch=monkeypatch)
    err = one_line_error(r)
    for word in expect:
        assert word in err, (word, err)
    assert not list(tmp_path.glob("*.png"))  # nothing run, nothing written


def test_ten_reps_at_130_percent_is_rejected(tmp_path, monkeypatch):
    err = one_line_error(run("simulate", "--session", "Back squat 3x10 @ 130% 1RM", cwd=tmp_path,
                             monkeypatch=monkeypatch))
    assert "130" in err and "1RM" in err


def test_unknown_yaml_key(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("name: x\nduration: 2 days\nsubjcts: {n: 2}\n")
    err = one_line_error(run("simulate", "bad.yaml", cwd=tmp_path, monkeypatch=monkeypatch))
    assert "subjcts" in err and "'subjects'" in err
    (tmp_path / "bad2.yaml").write_text("name: x\nduration: 2 days\nsubjects: {n: 2, sexx: male}\n")
    err = one_line_error(run("simulate", "bad2.yaml", cwd=tmp_path, monkeypatch=monkeypatch))
    assert "subjects.sexx" in err and "'sex'" in err


def test_broken_yaml_and_conflicting_inputs(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("name: x\nduration: [2 days\n")
    err = one_line_error(run("simulate", "broken.yaml", cwd=tmp_path, monkeypatch=monkeypatch))
    assert "broken.yaml" in err and "YAML" in err
    (tmp_path / "ok.yaml").write_text("name: x\nduration: 2 days\nsession: " + SESSION + "\n")
    err = one_line_error(run("simulate", "ok.yaml", "--session", SESSION, cwd=tmp_path, monkeypatch=monkeypatch))
    assert "--session" in err


def test_usage_errors_exit_2():
    r = runner.invoke(app, ["simulate", "--bogus"])
    assert r.exit_code == 2


# --------------------------------------------------------------------------- other commands
def test_exercises_search():
    r = run("exercises", "squat")
    assert r.exit_code == 0
    assert "Back squat" in r.stdout and "quadriceps" in r.stdout
    assert "Bench press" not in r.stdout
    r = runner.invoke(app, ["exercises", "zzzzqq"])
    assert r.exit_code == 1 and "no exercise matches" in r.stderr
    assert "Bench press" in run("exercises").stdout


def test_schema_is_json():
    r = run("schema")
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    assert "properties" in schema and "duration" in schema["properties"]


def test_explain_unknown_name_is_one_line():
    pytest.importorskip("myokinetics.model.explain")
    err = one_line_error(runner.invoke(app, ["explain", "il66"]))
    assert "'il66'" in err


def test_graph_bad_extension(tmp_path, monkeypatch):
    err = one_line_error(run("graph", "--output", "g.txt", cwd=tmp_path, monkeypatch=monkeypatch))
    assert "g.txt" in err


def test_python_dash_m(tmp_path):
    r = subprocess.run([sys.executable, "-m", "myokinetics", "schema"], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert "properties" in json.loads(r.stdout)
    r = subprocess.run([sys.executable, "-m", "myokinetics", "simulate", "--session", "Back sqat 3x8 @ 70% 1RM"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ") and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- headline, detail, outputs (issue 14)
def _table_rows(stdout: str) -> list[str]:
    """The data rows of the headline table: between its rule line and 'Program:'."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("───"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Program:"))
    return [line for line in lines[start + 1:end] if line.strip()]


def test_default_headline_is_short_and_plain(tmp_path, monkeypatch):
    r = run("simulate", "--no-plot", cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    rows = _table_rows(r.stdout)
    assert 10 <= len(rows) <= 30, r.stdout
    assert rows[0].startswith("Back squat 1RM") and any(x.startswith("Body mass") for x in rows)
    assert len(r.stdout.splitlines()) <= 45
    assert "mgf" not in r.stdout and "obp_spine" not in r.stdout and "e-17" not in r.stdout
    assert "--detail" in r.stdout and "too coarse for the acute peaks" in r.stdout
    assert not list(tmp_path.iterdir())                       # --no-plot: nothing written


def test_detail_and_variables(tmp_path, monkeypatch):
    r = run("simulate", "--session", SESSION, "--hours", "3", "--detail", "--no-plot", cwd=tmp_path,
            monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert "mgf" in r.stdout and "obp_spine" in r.stdout and "sbp" in r.stdout and "systolic_bp" not in r.stdout
    r = run("simulate", "--session", SESSION, "--hours", "3", "--variables", "il6,mps", "--no-plot", cwd=tmp_path,
            monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert "il6" in r.stdout and "mps (per muscle)" in r.stdout and "lactate" not in r.stdout
    err = one_line_error(run("simulate", "--session", SESSION, "--variables", "IL-6", cwd=tmp_path,
                             monkeypatch=monkeypatch))
    assert "did you mean 'il6'" in err


def test_plot_all_and_headline_plot(tmp_path, monkeypatch):
    r = run("simulate", "-q", "--session", SESSION, "--hours", "2", "--plot-all", "--plot", "all.png",
            cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    from PIL import Image

    with Image.open(tmp_path / "all.png") as im:
        tall = im.size[1]
    r = run("simulate", "-q", "--session", SESSION, "--hours", "2", "--plot", "head.png", cwd=tmp_path,
            monkeypatch=monkeypatch)
    with Image.open(tmp_path / "head.png") as im:
        assert im.size[1] <= 1600 < tall                      # at most 4 rows of panels


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".zarr", ".nc"])
def test_output_by_extension(tmp_path, monkeypatch, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    if suffix == ".zarr":
        pytest.importorskip("zarr")
    r = run("simulate", "-q", "--session", SESSION, "--hours", "1", "-o", "r" + suffix, "--no-plot", cwd=tmp_path,
            monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    path = tmp_path / ("r" + suffix)
    if suffix == ".csv":
        assert path.read_text().startswith("subject,time_h,variable,muscle,exercise,value,units\n")
    elif suffix == ".parquet":
        import pandas as pd

        assert set(pd.read_parquet(path).columns) >= {"subject", "time_h", "variable", "value", "units"}
    else:
        with (xr.open_zarr(path) if suffix == ".zarr" else xr.open_dataset(path)) as ds:
            assert "il6" in ds and "sbp" in ds


@pytest.mark.parametrize("args, expect", [
    (["-o", "r.txt"], ["--output", "'r.txt'", ".nc, .zarr, .csv, .parquet"]),
    (["-o", "results"], ["--output", "no extension"]),
    (["--no-plot", "--plot", "p.png"], ["--no-plot"]),
    (["--detail", "--variables", "il6"], ["--variables"]),
])
def test_output_and_plot_option_errors(tmp_path, monkeypatch, args, expect):
    err = one_line_error(run("simulate", "-q", "--session", SESSION, *args, cwd=tmp_path, monkeypatch=monkeypatch))
    for word in expect:
        assert word in err, (word, err)
    assert not list(tmp_path.iterdir())


def test_explain_one_rm():
    r = run("explain", "one_rm")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("one_rm - one-repetition maximum") and "per exercise" in r.stdout
    assert "muscle_strength" in r.stdout and "one_rm.skill_max" in r.stdout


def test_compare_per_muscle_and_hint(tmp_path, monkeypatch):
    r = run("compare", "--session", "Back squat 5x5 @ 85% 1RM", "--hours", "1", "--observable", "mps[quadriceps]",
            "--observable", "one_rm_today.back_squat", "--plot", "c.png", cwd=tmp_path, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert "mps[quadriceps] (%/h)" in r.stdout and "one_rm_today[back_squat]" in r.stdout
    err = one_line_error(run("compare", "--session", "Back squat 5x5 @ 85% 1RM", "--observable", "IL-6",
                             cwd=tmp_path, monkeypatch=monkeypatch))
    assert "did you mean 'il6'" in err
    r = run("compare", "--session", "Back squat 5x5 @ 85% 1RM", "--hours", "1", "--observable", "mps[quads]",
            cwd=tmp_path, monkeypatch=monkeypatch)          # the muscle is checked against the result
    assert r.exit_code == 2 and "Traceback" not in r.output
    err = r.stderr.strip().splitlines()[-1]                  # (after a compile notice on a cold cache)
    assert err.startswith("error: --observable: 'mps[quads]'") and "mps[quadriceps]" in err

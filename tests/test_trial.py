"""In-silico trials: statistics against hand-computed values, trial-file errors, generic outcome lookup,
the whole path (API and CLI) on outcomes the model produces today, and the volume dose-response example."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

from myokinetics.cli import app
from myokinetics.errors import InputError, UnknownNameError
from myokinetics.trial import stats
from myokinetics.trial.report import write_csv, write_json
from myokinetics.trial.run import SUMMARY_COLUMNS, available_outcomes, run_trial, select_outcome
from myokinetics.trial.spec import TrialSpec, arm_seed, parse_outcome

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trial-volume-dose-response.yaml"
runner = CliRunner()

# --------------------------------------------------------------------------- statistics (hand-computed)
A = [4, 6, 8, 10, 12]     # mean 8, variance 10
B = [1, 2, 3, 4, 5]       # mean 3, variance 2.5
C = [4, 5, 6, 7, 8]       # mean 6, variance 2.5


def test_mean_sd_describe():
    assert stats.mean(A) == 8.0
    assert stats.sd(A) == pytest.approx(math.sqrt(10))      # sqrt(40 / 4)
    assert stats.sd(B) == pytest.approx(math.sqrt(2.5))
    assert math.isnan(stats.sd([3.0]))
    assert math.isnan(stats.mean([]))
    assert stats.describe(B) == {"n": 5, "mean": 3.0, "sd": pytest.approx(1.5811388)}


def test_mean_difference_welch_equal_variances():
    # C − B: difference 3, SE = sqrt(2.5/5 + 2.5/5) = 1, Welch df = 1 / (0.5²/4 + 0.5²/4) = 8, t(0.975, 8) = 2.306004
    e = stats.mean_difference(C, B)
    assert e.estimate == pytest.approx(3.0)
    assert e.se == pytest.approx(1.0)
    assert e.df == pytest.approx(8.0)
    assert e.low == pytest.approx(3 - 2.306004, abs=1e-6)
    assert e.high == pytest.approx(3 + 2.306004, abs=1e-6)


def test_mean_difference_welch_unequal_variances():
    # A − B: difference 5, SE = sqrt(10/5 + 2.5/5) = sqrt(2.5), df = 2.5² / (2²/4 + 0.5²/4) = 6.25/1.0625 = 5.882353
    e = stats.mean_difference(A, B)
    assert e.estimate == pytest.approx(5.0)
    assert e.se == pytest.approx(math.sqrt(2.5))
    assert e.df == pytest.approx(5.882353, abs=1e-6)
    from scipy import stats as st

    t = st.t.ppf(0.975, 6.25 / 1.0625)
    assert (e.low, e.high) == pytest.approx((5 - t * math.sqrt(2.5), 5 + t * math.sqrt(2.5)))
    ref = st.ttest_ind(A, B, equal_var=False).confidence_interval(0.95)       # independent cross-check
    assert (e.low, e.high) == pytest.approx((ref.low, ref.high))
    assert stats.mean_difference(B, A).estimate == pytest.approx(-5.0)


def test_hedges_g_with_small_sample_correction():
    # A vs B: s_p = sqrt((4·10 + 4·2.5)/8) = 2.5, d = 5/2.5 = 2, df = 8, J = 1 − 3/31 = 28/31, g = 56/31
    # V_d = (5+5)/(5·5) + 2²/(2·10) = 0.6; SE_g = J·sqrt(0.6) = 0.699631; 95 %: g ± 1.959964·SE_g
    g = stats.hedges_g(A, B)
    assert g.estimate == pytest.approx(56 / 31)
    assert g.se == pytest.approx(28 / 31 * math.sqrt(0.6))
    assert g.df == 8
    assert g.low == pytest.approx(1.806452 - 1.959964 * 0.699631, abs=1e-5)    # 0.435200
    assert g.high == pytest.approx(3.177704, abs=1e-5)
    # C vs B: s_p = sqrt(2.5), d = 3/sqrt(2.5) = 1.897367, V_d = 0.4 + 3.6/20 = 0.58
    g2 = stats.hedges_g(C, B)
    assert g2.estimate == pytest.approx(28 / 31 * 1.897367, abs=1e-6)
    assert g2.se == pytest.approx(28 / 31 * math.sqrt(0.58))
    assert stats.hedges_g(B, C).estimate == pytest.approx(-g2.estimate)


def test_degenerate_statistics_are_nan():
    assert math.isnan(stats.hedges_g([1, 1, 1], [1, 1]).estimate)          # no spread
    assert math.isnan(stats.hedges_g([1], [1, 2]).estimate)                 # n < 2
    e = stats.mean_difference([2, 2], [1, 1])                               # no spread: a point interval
    assert (e.estimate, e.low, e.high) == (1.0, 1.0, 1.0)
    assert math.isnan(stats.mean_difference([1], [1, 2]).low)
    with pytest.raises(ValueError):
        stats.mean_difference(A, B, level=1.5)


def test_percent_change_and_responders():
    np.testing.assert_allclose(stats.percent_change([2, 4, -2], [3, 3, -1]), [50.0, -25.0, 50.0])
    assert math.isnan(stats.percent_change([0.0], [1.0])[0])
    control = [0, 1, 2, 3, 4]                                               # mean 2, SD 1.581139
    assert stats.responder_threshold(control, 1.0) == pytest.approx(3.581139, abs=1e-6)
    upper = stats.responder_threshold(control, stats.z_quantile(0.95))      # 2 + 1.959964·1.581139 = 5.098975
    assert upper == pytest.approx(5.098975, abs=1e-6)
    arm = [1, 3, 4, 5, 6]
    assert stats.responder_proportion(arm, 3.581139) == pytest.approx(0.6)  # 4, 5, 6
    assert stats.responder_proportion(arm, upper) == pytest.approx(0.2)     # 6
    low = stats.responder_threshold(control, 1.0, "decrease")               # 0.418861
    assert stats.responder_proportion([-1, 0, 1, 2], low, "decrease") == pytest.approx(0.5)


# --------------------------------------------------------------------------- trial files
def base_trial(**changes) -> dict:
    d = {
        "name": "t",
        "duration": "3 days",
        "subjects": {"n": 4, "seed": 1},
        "arms": {"control": {"program": "none"},
                 "squat": {"session": "Back squat 4x8 @ 75% 1RM"}},
        "outcomes": ["il6", "lactate"],
    }
    d.update(changes)
    return d


def err(data) -> str:
    with pytest.raises(InputError) as e:
        TrialSpec.from_dict(data)
    msg = str(e.value)
    assert "\n" not in msg
    return msg


def test_spec_builds_one_scenario_per_arm():
    spec = TrialSpec.from_dict(base_trial(arms={
        "control": {"program": "none"},
        "low": {"program": {"weeks": 1, "schedule": {"mon": ["Leg extension 2x10 @ 75% 1RM"]}}},
        "big": {"session": ["Back squat 3x8 @ 70% 1RM"], "subjects": {"n": 6, "age": 40}},
    }))
    assert spec.arm_names == ["control", "low", "big"] and spec.reference == "control"
    c, low, big = spec.arms
    assert not c.trains and c.scenario.program is None and c.scenario.session is None
    assert low.trains and low.scenario.program is not None
    assert big.n == 6 and big.scenario.cohort.age.value == 40 and low.n == 4
    assert spec.duration_h == 72 and c.scenario.output_every_h == 72      # default: baseline and end only
    # parallel groups: every arm its own seed, a function of the trial seed and the arm name only
    assert len({a.seed for a in spec.arms}) == 3
    assert low.seed == arm_seed(1, "low") and low.scenario.cohort.seed == low.seed
    again = TrialSpec.from_dict(base_trial(arms={"low": {"program": "none"}, "other": {"program": "none"}}))
    assert again.arm("low").seed == low.seed
    same = TrialSpec.from_dict(base_trial(arms={"a": {"subjects": {"seed": 9}}, "b": {"subjects": {"seed": 9}}}))
    assert [a.seed for a in same.arms] == [9, 9] and same.reference == "a"
    assert all(a.n == 7 for a in spec.with_n(7).arms)
    ref = TrialSpec.from_dict(base_trial(arms={"x": {"session": "Back squat 3x8 @ 70% 1RM"}, "rest": {}}))
    assert ref.reference == "rest"                                         # first arm without training


def test_parse_outcome():
    o = parse_outcome("muscle_csa.quadriceps")
    assert (o.variable, o.coords, o.percent, o.label) == ("muscle_csa", ("quadriceps",), False, "muscle_csa.quadriceps")
    p = parse_outcome("lactate %")
    assert p.percent and p.label == "lactate" and p.primary == "percent_change"
    for bad in ("", "1abc", "il6 + lactate", 5):
        with pytest.raises(InputError):
            parse_outcome(bad)


@pytest.mark.parametrize("data, needle", [
    (base_trial(outcome=["il6"]), "outcome: 'outcome' is not valid; expected a known key"),
    ({**base_trial(), "arms": {"control": {"progam": "none"}, "b": {}}}, "arms.control.progam"),
    ({**base_trial(), "arms": {"control": {"program": "nothing"}, "b": {}}}, "arms.control.program: 'nothing'"),
    ({**base_trial(), "arms": {"a": {"program": {"weks": 2, "schedule": {}}}, "b": {}}}, "arms.a.program.weks"),
    ({**base_trial(), "arms": {"a": {"program": {"schedule": {"mon": ["Leg extenson 2x10 @ 70% 1RM"]}}}, "b": {}}},
     "arms.a.program.schedule.mon[0]"),
    ({**base_trial(), "arms": {"a": {"subjects": {"nn": 3}}, "b": {}}}, "arms.a.subjects.nn"),
    ({**base_trial(), "arms": {"a": {"subjects": {"n": 1}}, "b": {}}}, "arms.a.subjects.n: 1"),
    ({**base_trial(), "arms": {"a": {"session": "Back squat 3x8 @ 70% 1RM", "program": {"schedule": {"mon": "Back squat 3x8 @ 70% 1RM"}}},
                               "b": {}}}, "either a program or a single session"),
    ({**base_trial(), "arms": {"a": {}}}, "at least two arms"),
    ({**base_trial(), "arms": {"a": None, "b": {}}}, "arms.a"),
    (base_trial(outcomes=[]), "at least one outcome"),
    (base_trial(outcomes=["il6", "il6"]), "outcomes[1]"),
    (base_trial(outcomes=["il6 +"]), "outcomes[0]"),
    (base_trial(reference="placebo"), "reference: 'placebo'"),
    (base_trial(subjects={"n": 4, "sexx": "male"}), "subjects.sexx"),
    ({k: v for k, v in base_trial().items() if k != "duration"}, "duration"),
    ({k: v for k, v in base_trial().items() if k != "arms"}, "arms"),
    (["not", "a", "mapping"], "trial"),
])
def test_spec_errors_name_the_field(data, needle):
    assert needle in err(data)


def test_unknown_key_suggests_close_match():
    with pytest.raises(UnknownNameError) as e:
        TrialSpec.from_dict(base_trial(outcomess=["il6"]))
    assert "'outcomes'" in str(e.value)
    with pytest.raises(UnknownNameError) as e:
        TrialSpec.from_dict({**base_trial(), "arms": {"a": {"sesion": "Back squat 3x8"}, "b": {}}})
    assert "did you mean 'session'" in str(e.value)


# --------------------------------------------------------------------------- generic outcome lookup
def fake_dataset(n: int, shift: float = 0.0, seed: int = 0) -> xr.Dataset:
    """A result as the chronic modules will produce it: muscle_csa (muscle) and one_rm (exercise)."""
    rng = np.random.default_rng(seed)
    base_csa = rng.normal(80, 8, (n, 2))
    base_orm = rng.normal(60, 6, (n, 1))
    csa = np.stack([base_csa, base_csa * (1 + shift + rng.normal(0, 0.01, (n, 2)))], axis=1)
    orm = np.stack([base_orm, base_orm * (1 + 2 * shift)], axis=1)
    return xr.Dataset(
        {"muscle_csa": (("subject", "time", "muscle"), csa, {"units": "cm^2"}),
         "one_rm": (("subject", "time", "exercise"), orm, {"units": "kg"}),
         "il6": (("subject", "time"), np.ones((n, 2)), {"units": "pg/mL"}),
         "status": ("subject", np.array(["ok"] * n))},
        coords={"subject": np.arange(n), "time": [0.0, 1680.0], "muscle": ["quadriceps", "hamstrings"],
                "exercise": ["leg_extension"]})


def test_select_outcome_by_coordinate():
    ds = fake_dataset(3)
    assert available_outcomes(ds) == ["muscle_csa.<muscle>", "one_rm.<exercise>", "il6"]
    da = select_outcome(ds, parse_outcome("muscle_csa.quadriceps"))
    assert da.dims == ("subject", "time") and str(da["muscle"].values) == "quadriceps"
    assert select_outcome(ds, parse_outcome("one_rm.Leg-Extension")).dims == ("subject", "time")   # normalised match
    with pytest.raises(InputError, match="muscle_csa.<muscle>: one muscle after a dot, e.g. muscle_csa.quadriceps"):
        select_outcome(ds, parse_outcome("muscle_csa"))
    with pytest.raises(UnknownNameError, match="a muscle of muscle_csa: quadriceps, hamstrings"):
        select_outcome(ds, parse_outcome("muscle_csa.quads"))
    with pytest.raises(InputError, match="no extra dimension"):
        select_outcome(ds, parse_outcome("il6.quadriceps"))
    with pytest.raises(UnknownNameError, match="'one_rm.squat'.*an outcome the model produces"):
        select_outcome(ds.drop_vars(["one_rm", "exercise"]), parse_outcome("one_rm.squat"))


def test_example_works_once_the_model_produces_size_and_strength(monkeypatch):
    """The example, unchanged, through the whole runner when muscle_csa / one_rm exist (here: a stand-in simulate)."""
    from myokinetics.pipeline import Simulation

    shifts = {"control": 0.0, "low_volume": 0.04, "high_volume": 0.08}

    def fake_run(self, **kw):
        arm = self.scenario.name.split(":")[-1]
        return fake_dataset(self.scenario.cohort.n, shifts[arm], self.scenario.cohort.seed % 1000)

    monkeypatch.setattr(Simulation, "run", fake_run)
    spec = TrialSpec.from_yaml(EXAMPLE)
    assert [a.n for a in spec.arms] == [200, 200, 200]
    r = run_trial(spec.with_n(30))
    s = r.summary
    assert list(s.columns) == list(SUMMARY_COLUMNS)
    assert set(s["outcome"]) == {"muscle_csa.quadriceps", "one_rm.leg_extension"}
    hi = r.row("one_rm.leg_extension", "high_volume", "percent_change")
    assert hi["mean"] == pytest.approx(16.0) and hi["difference"] == pytest.approx(16.0)
    lo = r.row("muscle_csa.quadriceps", "low_volume")
    assert lo["hedges_g"] > 1 and lo["difference_low"] > 0 and lo["units"] == "cm^2"
    assert math.isnan(r.row("muscle_csa.quadriceps", "control")["hedges_g"])


# --------------------------------------------------------------------------- the volume dose-response example
def test_example_file_is_the_issue_text_unchanged():
    d = yaml.safe_load(EXAMPLE.read_text())
    assert d["outcomes"] == ["muscle_csa.quadriceps", "one_rm.leg_extension"]
    assert d["subjects"] == {"n": 200, "seed": 3, "sex": "male", "age": 24, "training_status": "untrained"}
    assert d["arms"]["control"] == {"program": "none"}
    assert d["arms"]["high_volume"]["program"]["schedule"]["thu"] == ["Leg extension 6x10 @ 75% 1RM"]


def test_example_runs_unchanged(tmp_path, monkeypatch):
    """The issue's example runs as written (here with 10 subjects per arm) and reports both outcomes;
    more volume gives more growth and strength."""
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["trial", str(EXAMPLE), "--n", "10", "--output", "r.json"], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert "muscle_csa.quadriceps" in r.stdout and "one_rm.leg_extension" in r.stdout
    res = run_trial(TrialSpec.from_yaml(EXAMPLE).with_n(10))
    for out in ("muscle_csa.quadriceps", "one_rm.leg_extension"):
        ctrl = res.row(out, "control", "percent_change")
        low = res.row(out, "low_volume", "percent_change")
        high = res.row(out, "high_volume", "percent_change")
        assert abs(ctrl["mean"]) < 1e-6
        assert 0 < low["mean"] < high["mean"], out


def test_misspelt_outcome_names_what_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = yaml.safe_load(EXAMPLE.read_text())
    d["outcomes"] = ["muscle_cs.quadriceps"]
    with pytest.raises(UnknownNameError) as e:
        run_trial(TrialSpec.from_dict(d).with_n(2))
    msg = str(e.value)
    assert msg.startswith("outcomes[0]: 'muscle_cs.quadriceps' is not valid; expected an outcome the model produces:")
    assert "muscle_csa.<muscle>" in msg and "one_rm.<exercise>" in msg
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(d))
    r = runner.invoke(app, ["trial", "t.yaml", "--output", "r.json"])
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert line.startswith("error: outcomes[0]: 'muscle_cs.quadriceps' is not valid") and "\n" not in line
    assert r.stdout == "" and not (tmp_path / "r.json").exists()


# --------------------------------------------------------------------------- the whole path on today's outcomes
@pytest.fixture(scope="module")
def small_trial(tmp_path_factory) -> Path:
    """The example with outcomes the model produces today, one week and 8 subjects per arm."""
    d = yaml.safe_load(EXAMPLE.read_text())
    d["duration"] = "1 week"
    d["subjects"]["n"] = 8
    d["outcomes"] = ["il6", "lactate %", "muscle_mass.quadriceps"]
    p = tmp_path_factory.mktemp("trial") / "small.yaml"
    p.write_text(yaml.safe_dump(d))
    return p


def test_run_trial_end_to_end(small_trial, tmp_path):
    spec = TrialSpec.from_yaml(small_trial)
    r = run_trial(spec, keep_datasets=True)
    subj = r.subjects
    assert len(subj) == 3 * 3 * 8 and set(subj["arm"]) == {"control", "low_volume", "high_volume"}
    # each arm draws its own subjects (different cohorts: different baselines)
    base = {a: subj[(subj["outcome"] == "il6") & (subj["arm"] == a)]["baseline"].to_numpy() for a in spec.arm_names}
    assert not np.allclose(base["control"], base["low_volume"])
    # change = value at the last output − value at t = 0, per subject
    ds = r.datasets["high_volume"]
    il6 = ds["il6"].values
    np.testing.assert_allclose(r.values("il6", "high_volume"), il6[:, -1] - il6[:, 0])
    assert float(ds["time"][-1]) == pytest.approx(168.0) and ds.sizes["time"] == 2
    row = r.row("il6", "high_volume")
    v, c = r.values("il6", "high_volume"), r.values("il6", "control")
    assert row["mean"] == pytest.approx(v.mean()) and row["sd"] == pytest.approx(v.std(ddof=1))
    assert row["difference"] == pytest.approx(stats.mean_difference(v, c).estimate)
    assert row["hedges_g"] == pytest.approx(stats.hedges_g(v, c).estimate, nan_ok=True)
    assert row["units"] == "pg/mL" and r.row("lactate", "control", "percent_change")["units"] == "%"
    assert r.reference == "control" and bool(r.row("il6", "control")["reference"])
    # reproducible
    again = run_trial(spec, check=False)
    np.testing.assert_array_equal(again.subjects["change"].to_numpy(), subj["change"].to_numpy())
    # files
    doc = json.loads(write_json(r, tmp_path / "r.json").read_text())
    assert doc["reference_arm"] == "control" and len(doc["subjects"]) == len(subj)
    assert {o["outcome"] for o in doc["outcomes"]} == {"il6", "lactate", "muscle_mass.quadriceps"}
    header = write_csv(r, tmp_path / "r.csv").read_text().splitlines()[0]
    assert header.split(",") == list(SUMMARY_COLUMNS)


def test_cli_trial_writes_table_json_csv_and_plot(small_trial, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["trial", str(small_trial), "--n", "5", "--output", "r.json", "--plot", "r.png"])
    assert r.exit_code == 0, r.output
    for word in ("Trial volume-dose-response", "control", "high_volume", "il6", "Hedges' g", "reference",
                 "results written to r.json", "plot written to r.png"):
        assert word in r.stdout, word
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["arms"]["low_volume"]["n"] == 5 and doc["arms"]["control"]["training"] is False
    assert (tmp_path / "r.png").stat().st_size > 5_000
    r = runner.invoke(app, ["trial", str(small_trial), "--n", "3", "--output", "r.csv"])
    assert r.exit_code == 0, r.output
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert len(lines) == 1 + 3 * 2 * 3                   # outcomes × measures × arms


@pytest.mark.parametrize("args, needle", [
    (["missing.yaml"], "trial file: 'missing.yaml'"),
    (["{trial}", "--output", "r.txt"], "--output: 'r.txt'"),
    (["{trial}", "--plot", "r.html"], "--plot: 'r.html'"),
    (["{trial}", "--output", "nope/r.json"], "does not exist"),
    (["{trial}", "--n", "1"], "--n: 1"),
])
def test_cli_trial_errors_are_one_line(small_trial, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["trial"] + [a.format(trial=small_trial) for a in args])
    assert r.exit_code == 2, r.output
    line = r.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line and needle in line, line
    assert r.stdout == ""

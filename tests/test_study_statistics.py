"""The study statistics of issue 10 item 6 on small synthetic data with known answers (no simulation), their parsing
errors, mixed arms and coordinate selection.  The studies of validation/studies/statistics.yaml run with every other
study in tests/test_validation.py."""
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from myokinetics.errors import InputError, UnknownNameError
from myokinetics.trial.spec import TrialSpec, parse_outcome, split_shares
from myokinetics.validation import study as S

BASE = {"id": "t", "title": "t", "source": "x", "evidence": "x", "role": "validation", "tolerance_note": "x"}


def scen(**kw):
    return S.parse_study({**BASE, "scenario": {}, "observable": "x", **kw})


def trial_study(**kw):
    return S.parse_study({**BASE, "trial": {}, "observable": "size", **kw})


# ------------------------------------------------------------------ synthetic data
def dataset():
    """x(t) = (1 + t / 10) * s for subjects s = 1, 2, 3 at t = 0..40; y[exercise] = x * (1, 2)."""
    t = np.arange(0.0, 41.0, 1.0)
    s = np.array([1.0, 2.0, 3.0])
    x = np.outer(s, 1 + t / 10)
    y = np.stack([x, 2 * x], axis=-1)
    return xr.Dataset({"x": (("subject", "time"), x), "y": (("subject", "time", "exercise"), y)},
                      coords={"subject": [0, 1, 2], "time": t, "exercise": ["back_squat", "biceps_curl"]})


class FakeSpec:
    arm_names = ["control", "training"]


class FakeResult:
    """A trial result with known per-subject values: size change 1..5 %, strength change 2 x size (+ control)."""

    spec = FakeSpec()
    reference = "control"

    def __init__(self):
        rows = []
        for i, d in enumerate([1.0, 2.0, 3.0, 4.0, 5.0]):
            rows.append({"outcome": "size", "arm": "training", "subject": i, "baseline": 100.0, "end": 100.0 + d})
            rows.append({"outcome": "one_rm.Back squat", "arm": "training", "subject": i, "baseline": 10.0,
                         "end": 10.0 + 0.2 * d if i != 4 else 10.0})   # r of (1..5) with (2, 4, 6, 8, 0)
            rows.append({"outcome": "size", "arm": "control", "subject": i, "baseline": 100.0, "end": 100.0})
        df = pd.DataFrame(rows)
        df["change"] = df["end"] - df["baseline"]
        df["percent_change"] = 100 * df["change"] / df["baseline"]
        self.subjects = df
        self.excluded = {}


def tval(name, **opts):
    st = trial_study(statistic=name, observed=0, tolerance=[0, 1], options={"arm": "training", **opts})
    return S.TRIAL_STATISTICS[name][0](st, FakeResult())


# ------------------------------------------------------------------ scenario statistics
def test_time_course_point_by_point():
    st = scen(statistic="time_course", options={"at": [10, 20, 30]}, observed=[6, 9, 12],
              tolerance=[[5, 7], [8, 10], [11, 13]])
    value, _, _ = S.evaluate(st, dataset())
    assert value == pytest.approx([4.0, 6.0, 8.0])          # the median subject (s = 2)
    assert not S.within(value, st.tolerance)
    fold = scen(statistic="time_course", options={"at": [10, 30], "as": "fold"}, observed=[2, 4], tolerance=[[1.9, 2.1], [3.9, 4.1]])
    value, _, _ = S.evaluate(fold, dataset())
    assert value == pytest.approx([2.0, 4.0]) and S.within(value, fold.tolerance)
    assert not S.within([2.0, 5.0], fold.tolerance)           # one point outside: the study fails
    assert not S.within([2.0], fold.tolerance)                # a missing point fails too


def test_time_course_parsing_errors():
    with pytest.raises(InputError, match="options.at"):
        scen(statistic="time_course", options={}, observed=[1], tolerance=[[0, 2]])
    with pytest.raises(InputError, match="observed"):
        scen(statistic="time_course", options={"at": [1, 2]}, observed=[1], tolerance=[[0, 2], [0, 2]])
    with pytest.raises(InputError, match=r"tolerance\[1\]"):
        scen(statistic="time_course", options={"at": [1, 2]}, observed=[1, 1], tolerance=[[0, 2], [3, 2]])
    with pytest.raises(InputError, match="tolerance"):
        scen(statistic="time_course", options={"at": [1, 2]}, observed=[1, 1], tolerance=[0, 2])


def test_across_min_max_mean():
    for across, want in (("min", 2.0), ("max", 6.0), ("mean", 4.0), ("median", 4.0)):
        st = scen(statistic="value_at", options={"at": 10, "across": across}, observed=1, tolerance=[0, 9])
        assert S.evaluate(st, dataset())[0] == pytest.approx(want), across
    with pytest.raises(InputError, match="options.across"):
        S.evaluate(scen(statistic="peak", options={"across": "mode"}, observed=1, tolerance=[0, 9]), dataset())


def test_coordinate_selection():
    st = scen(observable="y", statistic="value_at", options={"at": 10, "coords": {"exercise": "Biceps curl"}},
              observed=1, tolerance=[0, 9])
    assert S.evaluate(st, dataset())[0] == pytest.approx(8.0)      # 2 x the median subject's 4
    short = scen(observable="y", statistic="value_at", options={"at": 10, "exercise": "back_squat"}, observed=1, tolerance=[0, 9])
    assert S.evaluate(short, dataset())[0] == pytest.approx(4.0)
    with pytest.raises(UnknownNameError, match=r"t.options.coords.exercise.*Bench.*back_squat, biceps_curl"):
        S.evaluate(scen(observable="y", statistic="peak", options={"coords": {"exercise": "Bench"}}, observed=1,
                        tolerance=[0, 9]), dataset())
    with pytest.raises(InputError, match=r"t.options.exercise.*missing.*back_squat"):
        S.evaluate(scen(observable="y", statistic="peak", observed=1, tolerance=[0, 9]), dataset())
    with pytest.raises(InputError, match=r"options.coords.site"):
        S.evaluate(scen(statistic="peak", options={"coords": {"site": "femoral_neck"}}, observed=1, tolerance=[0, 9]), dataset())


# ------------------------------------------------------------------ trial statistics
def test_trial_correlation():
    r = tval("trial_correlation", of={"outcome": "one_rm[Back squat]"})
    assert r == pytest.approx(np.corrcoef([1, 2, 3, 4, 5], [2, 4, 6, 8, 0])[0, 1])
    with pytest.raises(InputError, match="options.of.outcome"):
        tval("trial_correlation")
    with pytest.raises(UnknownNameError, match="options.of.outcome"):
        tval("trial_correlation", of={"outcome": "bone"})


def test_trial_cv_band_min_max_range():
    v = np.array([1.0, 2, 3, 4, 5])
    assert tval("trial_cv") == pytest.approx(v.std(ddof=1) / v.mean())
    assert tval("trial_cv", measure="baseline") == 0.0
    assert tval("trial_fraction_in_band", band=[2, 4]) == pytest.approx(0.6)     # inclusive ends
    assert tval("trial_min") == pytest.approx(1.0) and tval("trial_max") == pytest.approx(5.0)
    assert tval("trial_range") == pytest.approx(4.0)
    with pytest.raises(InputError, match="options.band"):
        tval("trial_fraction_in_band", band=[4, 2])
    with pytest.raises(InputError, match="options.measure"):
        tval("trial_min", measure="median")


def test_new_statistics_are_known_to_the_parser():
    for name in ("trial_correlation", "trial_cv", "trial_fraction_in_band", "trial_min", "trial_max", "trial_range"):
        assert trial_study(statistic=name, observed=0, tolerance=[0, 1]).statistic == name
    with pytest.raises(UnknownNameError):
        trial_study(statistic="time_course", observed=[0], tolerance=[[0, 1]], options={"at": [1]})


# ------------------------------------------------------------------ trials: coordinates and mixed arms
def test_outcome_coordinate_in_brackets():
    o = parse_outcome("one_rm[Back squat] %")
    assert (o.variable, o.coords, o.percent, o.label) == ("one_rm", ("Back squat",), True, "one_rm.Back squat")
    assert parse_outcome("muscle_mass.quadriceps").coords == ("quadriceps",)
    with pytest.raises(InputError, match="one_rm"):
        parse_outcome("one_rm[Back squat")


TRIAL = {"duration": "1 week", "subjects": {"n": 10, "seed": 4, "sex": "mixed", "age": [40, 60]},
         "arms": {"control": {"program": "none", "subgroups": [{"share": 0.4, "conditions": ["hypertension"]},
                                                               {"share": 0.6}]}},
         "outcomes": ["systolic_bp"]}


def test_mixed_arm_shares_and_seeds():
    spec = TrialSpec.from_dict(TRIAL, min_arms=1)
    arm = spec.arms[0]
    assert [g.scenario.cohort.n for g in arm.subgroups] == [4, 6] and arm.n == 10
    assert arm.subgroups[0].scenario.cohort.conditions == ("hypertension",)
    assert arm.subgroups[1].scenario.cohort.conditions == ()
    again = TrialSpec.from_dict(TRIAL, min_arms=1).arms[0]
    assert [g.scenario.cohort.seed for g in again.subgroups] == [g.scenario.cohort.seed for g in arm.subgroups]
    assert len({g.scenario.cohort.seed for g in arm.subgroups}) == 2
    assert [g.scenario.cohort.n for g in spec.with_n(20).arms[0].subgroups] == [8, 12]
    assert split_shares(585, [0.4154, 0.5846]) == [243, 342] and split_shares(7, [0.5, 0.5]) == [4, 3]


def test_mixed_arm_errors():
    bad = {**TRIAL, "arms": {"control": {"program": "none", "subgroups": [{"share": 0.4}, {"share": 0.4}]}}}
    with pytest.raises(InputError, match="arms.control.subgroups.*sum to 1"):
        TrialSpec.from_dict(bad, min_arms=1)
    tiny = {**TRIAL, "arms": {"control": {"program": "none", "subgroups": [{"share": 0.01}, {"share": 0.99}]}}}
    with pytest.raises(InputError, match=r"subgroups\[0\].share"):
        TrialSpec.from_dict(tiny, min_arms=1)
    unknown = {**TRIAL, "arms": {"control": {"program": "none", "subgroups": [{"share": 1.0, "n": 3}]}}}
    with pytest.raises(UnknownNameError, match="n"):
        TrialSpec.from_dict(unknown, min_arms=1)
    cond = {**TRIAL, "arms": {"control": {"program": "none", "subgroups": [{"share": 1.0, "conditions": ["gout"]}]}}}
    with pytest.raises(UnknownNameError, match="gout"):
        TrialSpec.from_dict(cond, min_arms=1)


def test_statistics_studies_cover_every_new_statistic():
    studies = [s for s in S.load_studies() if s.id.startswith("stat_")]
    used = {s.statistic for s in studies} | {s.options.get("across") for s in studies}
    assert {"time_course", "min", "max", "trial_correlation", "trial_cv", "trial_fraction_in_band", "trial_min",
            "trial_max", "trial_range"} <= used
    assert any("coords" in s.options for s in studies)
    assert any(any("subgroups" in (a or {}) for a in s.trial["arms"].values()) for s in studies if s.trial)
    assert all(s.role == "validation" for s in studies)


def test_mixed_arm_runs_and_pools_subgroups():
    """A mixed arm simulates each subgroup and pools them (subjects 0..n-1; hypertensives have a higher SBP)."""
    from myokinetics.trial.run import run_trial

    spec = TrialSpec.from_dict({**TRIAL, "duration": "1 day"}, min_arms=1)
    res = run_trial(spec, keep_datasets=True)
    ds = res.datasets["control"]
    assert list(ds.subject.values) == list(range(10)) and list(ds.subgroup.values) == [0] * 4 + [1] * 6
    assert list(ds.hypertension.values) == [True] * 4 + [False] * 6
    base = res.subjects.sort_values("subject")["baseline"].to_numpy()
    assert base[:4].mean() > base[4:].mean()

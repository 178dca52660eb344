"""Fits declared and reproduced (issue 10, item 4).

Every fitted parameter declares the calibration studies it was fitted to (``Param.fitted_to``); no
validation study may feed a fit; a parameter whose note says it was fitted must declare it (or be listed
with a reason in validation/fits.yaml).  Planted violations show the checks fail when broken.  The refit
itself is slow (``myokinetics calibrate``); one test runs one cheap group for a few evaluations.
"""
from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from myokinetics.cli import app
from myokinetics.model.param import Param
from myokinetics.models import build_model
from myokinetics.validation import calibrate as cal
from myokinetics.validation.study import load_studies

CHEAP_GROUP = "cortisol.max_secretion"      # one acute scenario study


@pytest.fixture(scope="module")
def model():
    return build_model()


def test_fits_are_declared(model):
    fits = cal.declared_fits(model)
    assert len(fits) >= 50
    # the parameters the earlier calibrate.py fitted are among them
    for n in ("il6_muscle.release_per_kg", "il1ra.gain", "il10.gain", "muscle_lactate.release_per_kg",
              "muscle_size.retention", "chronic_brain.depression_max"):
        assert fits.get(n), n


def test_fitted_to_names_calibration_studies_only(model):
    assert cal.check_separation(model) == []
    by_id = {s.id: s for s in load_studies()}
    used = {s for ids in cal.declared_fits(model).values() for s in ids}
    assert used <= set(by_id)
    assert not {s for s in used if by_id[s].role == "validation"}


def test_studies_once_fitted_to_are_calibration():
    """The studies that by their own notes were fitted to are calibration studies."""
    roles = {s.id: s.role for s in load_studies()}
    for sid in ("C83_depression", "C45_rt_hba1c_t2d", "C107_high_responders_size"):
        assert roles[sid] == "calibration", sid


def test_planted_validation_study_in_a_fit_is_caught(model):
    """A calibration study re-labelled validation while a parameter is still fitted to it."""
    target = cal.declared_fits(model)["chronic_brain.depression_max"][0]
    studies = [dataclasses.replace(s, role="validation") if s.id == target else s for s in load_studies()]
    bad = cal.check_separation(model, studies)
    assert bad and any(target in v and "validation" in v for v in bad), bad


def test_planted_param_fitted_to_validation_study_is_caught(model):
    val = next(s.id for s in load_studies() if s.role == "validation")
    fits = {**cal.declared_fits(model), "il6.k_clear": (val,)}
    bad = cal.check_separation(model, fits=fits)
    assert bad == [f"il6.k_clear: fitted to {val!r}, a validation study (a study a value is fitted to must have "
                   "role: calibration)"]
    assert cal.check_separation(model, fits={"il6.k_clear": ("no-such-study",)})


def test_planted_param_object_fitted_to_validation_study_is_caught(model):
    val = next(s.id for s in load_studies() if s.role == "validation")
    defs = dict(model.param_defs)
    defs["il6.k_clear"] = dataclasses.replace(defs["il6.k_clear"], fitted_to=(val,))
    bad = cal.check_separation(SimpleNamespace(param_defs=defs))
    assert len(bad) == 1 and val in bad[0]


def test_every_fit_in_a_note_is_declared(model):
    assert cal.undeclared_fits(model) == []
    # planted: a note that says fitted, without fitted_to
    p = Param("gain", 1.0, "1", "assumption", (0.1, 10.0), "D", note="fitted by hand to some study")
    fake = SimpleNamespace(param_defs={**model.param_defs, "fake.gain": p})
    assert cal.undeclared_fits(fake) == ["fake.gain"]
    fake.param_defs["fake.gain"] = dataclasses.replace(p, fitted_to=("C83_depression",))
    assert cal.undeclared_fits(fake) == []


def test_not_refitted_list_is_current(model):
    for name, why in cal.not_refitted().items():
        assert name in model.param_defs, name
        assert not model.param_defs[name].fitted_to, name
        assert why.strip(), name


def test_groups_partition_the_fits(model):
    groups = cal.fit_groups(model)
    params = [n for g in groups for n in g.params]
    assert sorted(params) == sorted(cal.declared_fits(model))
    studies = [s for g in groups for s in g.studies]
    assert len(studies) == len(set(studies)), "a study feeds two groups: they should be one group"
    assert len({g.name for g in groups}) == len(groups)
    assert cal.find_group(groups, "il6.k_release").name == cal.find_group(groups, "il10.gain").name


def test_residual_scales():
    by_id = {s.id: s for s in load_studies()}
    s = by_id["ostrowski1998-il6-fold"]            # a fold: log scale
    assert cal.study_scale(s) == "log" and cal.residual(s, s.observed) == 0.0
    lo, hi = s.tolerance
    assert cal.residual(s, hi) == pytest.approx(cal.Z95 * math.log(hi / s.observed) / (math.log(hi / lo) / 2))
    assert cal.study_scale(by_id["ostrowski1998-il6-peak-time"]) == "lin"
    assert cal.study_scale(by_id["C51_tc"]) == "lin"      # signed
    assert cal.residual(s, float("nan")) == cal.FAILED_RESIDUAL


@pytest.mark.filterwarnings("ignore:The 'float_precision' argument")
def test_petab_problem_loads_and_lints(model, tmp_path):
    petab = pytest.importorskip("petab.v1")
    groups = cal.fit_groups(model)
    yml = cal.write_petab(groups, tmp_path, model)
    problem = petab.Problem.from_yaml(str(yml))
    assert not petab.lint.lint_problem(problem)
    assert len(problem.parameter_df) == len(cal.declared_fits(model))
    assert len(problem.measurement_df) == len({s for g in groups for s in g.studies})
    assert set(problem.parameter_df["parameterName"]) == set(cal.declared_fits(model))


def test_cli_list_and_bad_group(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["calibrate", "--list"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "fit groups" in r.output and "il6_muscle.release_per_kg" in r.output
    r = runner.invoke(app, ["calibrate", "--group", "no-such-group"], catch_exceptions=False)
    assert r.exit_code == 2
    err = r.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "--group" in err
    r = runner.invoke(app, ["calibrate", "--list", "--group", "il6.k_release", "--petab", str(tmp_path / "p")],
                      catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "p" / "problem.yaml").exists()


def test_calibrate_one_cheap_group_gives_finite_estimates(model):
    group = cal.find_group(cal.fit_groups(model), CHEAP_GROUP)
    fit = cal.fit_group(group, model, max_nfev=2)
    assert fit.nfev >= 2
    for e in fit.estimates:
        lo, hi = e.range
        assert lo <= e.value <= hi and math.isfinite(e.value)
        assert 0 < e.ci[0] <= e.value <= e.ci[1] < math.inf
    assert all(math.isfinite(r) for r in fit.residuals_end.values())
    assert fit.cost_end <= fit.cost_start + 1e-12

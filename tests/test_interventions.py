"""Interventions and acting routes (issue 12): every route acts, blocks leave messengers alone, zero is zero."""
import numpy as np
import pytest
from typer.testing import CliRunner

import myokinetics as mk
from myokinetics.cli import app, load_default_scenario
from myokinetics.errors import InputError
from myokinetics.interventions import Block, parse_interventions, route_effects
from myokinetics.io.scenario import Scenario
from myokinetics.model.routes import unquantified_routes

RUN = dict(name="run", duration="24 h", session=["Run 60 min @ 70% VO2max"], output={"every": "15 min"})


def _sim(extra=None, base=RUN):
    return mk.simulate(Scenario.from_dict({**base, **(extra or {})})).isel(subject=0)


@pytest.fixture(scope="module")
def intact():
    return _sim()


def test_every_acting_route_changes_its_target_in_the_default_scenario(model):
    fx = route_effects(load_default_scenario(), model)
    assert set(fx) == {r.id for r in model.routes} and len(fx) >= 4
    for rid, e in fx.items():
        assert e["variable"] is not None and e["max_abs_change"] > 0, f"route {rid} changes nothing"


def test_every_route_is_declared_with_evidence(model):
    for r in model.routes:
        assert r.spec.source and r.spec.effect and r.spec.kind in ("autocrine", "paracrine", "endocrine")
        assert r.spec.perturbation, f"{r.id}: say which human perturbation data exist, or that none do"


def test_removed_routes_are_listed_with_reasons_and_no_module_declares_an_inert_route(model):
    removed = unquantified_routes()
    assert len(removed) >= 30 and all(r["reason"] for r in removed)
    for m in model.modules:
        assert all(r.modelled for r in m.routes), f"{m.name} declares a route that changes no number"


def test_blocking_every_route_keeps_each_target_at_its_resting_response(intact):
    blocked = _sim({"interventions": [{"block": "il6"}]})
    for v in ("il1ra", "il10"):
        assert intact[v].max() > 1.05 * intact[v][0]                   # the run induces them ...
        np.testing.assert_allclose(blocked[v].values, blocked[v].values[0], rtol=1e-9)   # ... and not when blocked
    # visceral fat then only follows the energy balance (its share of the fat mass)
    share = float(blocked.visceral_fat[0] / blocked.fat_mass[0])
    np.testing.assert_allclose(blocked.visceral_fat.values, share * blocked.fat_mass.values, rtol=1e-9)


def test_a_block_never_changes_the_messenger_itself(intact):
    """Equal within the engine's tolerance: the step sizes differ (other states differ), the equations do not."""
    blocked = _sim({"interventions": [{"block": "il6"}]})
    np.testing.assert_allclose(intact.il6.values, blocked.il6.values, rtol=1e-4)
    assert not np.allclose(intact.il1ra.values, blocked.il1ra.values, rtol=1e-2)


def test_an_intervention_of_zero_strength_is_bit_identical(intact):
    z = _sim({"interventions": [{"block": "il6", "fraction": 0.0, "from": "2 h", "to": "5 h"},
                                {"infuse": "il6", "rate": "0 ng/kg/h", "from": "1 h", "duration": "3 h"}]})
    for v in intact.data_vars:
        if intact[v].dtype.kind == "f":
            np.testing.assert_array_equal(intact[v].values, z[v].values, err_msg=v)


def test_a_windowed_block_acts_only_inside_its_window(intact):
    w = _sim({"interventions": [{"block": "il6->il1ra", "from": "3 h", "to": "6 h"}]})
    t = w.time.values
    np.testing.assert_array_equal(w.il1ra.values[t <= 3], intact.il1ra.values[t <= 3])
    assert np.all(w.il1ra.values[(t > 3.5) & (t <= 6)] < intact.il1ra.values[(t > 3.5) & (t <= 6)])
    np.testing.assert_allclose(w.il10.values, intact.il10.values, rtol=1e-4)    # a single route: IL-10 untouched


def test_infusion_reaches_the_steady_state_of_its_rate_and_clears_after(model):
    rest = dict(name="inf", duration="8 h", output={"every": "5 min"})
    ds = _sim({"interventions": [{"infuse": "il6", "rate": "30 ng/kg/h", "duration": "3 h"}]}, base=rest)
    v, k = model.param_defs["il6.volume_per_kg"].value, model.param_defs["il6.k_clear"].value
    base = float(ds.il6[0])
    expected = base + 30.0 / (v * k)                   # pg/mL: rate / (volume x clearance)
    assert float(ds.il6.sel(time=3.0)) == pytest.approx(expected, rel=0.02)
    assert float(ds.il6.sel(time=8.0)) == pytest.approx(base, rel=0.01)
    assert float(ds.il1ra.max()) > 2 * float(ds.il1ra[0])              # the infused IL-6 acts through its routes


@pytest.mark.parametrize("item, field", [
    ({"block": "nonsense"}, "block"), ({"block": "il6", "fraction": 1.5}, "fraction"),
    ({"infuse": "il6", "rate": "-1 ng/kg/h", "duration": "1 h"}, "rate"),
    ({"infuse": "il6", "rate": "1 ng/kg/h", "duration": "0 h"}, "duration"),
    ({"block": "il6", "from": "5 h", "to": "2 h"}, "to"), ({"blok": "il6"}, "interventions[0]"),
])
def test_bad_interventions_name_the_field(item, field):
    with pytest.raises(InputError) as e:
        mk.simulate(Scenario.from_dict({**RUN, "duration": "2 h", "interventions": [item]}))
    assert field in str(e.value)


def test_knockout_is_a_full_block_for_the_whole_run():
    assert parse_interventions([{"knockout": "il6"}]) == (Block("il6", 1.0, 0.0, None),)


def test_cli_block_and_compare_arms_that_differ_only_by_the_block(tmp_path):
    r = CliRunner().invoke(app, ["simulate", "--session", "Run 60 min @ 70% VO2max", "--block", "il6", "--hours", "6", "-q",
                                 "-p", str(tmp_path / "s.png")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["compare", "--session", "Run 60 min @ 70% VO2max", "--block", "il6", "--hours", "6",
                                 "--observable", "il1ra", "-p", str(tmp_path / "c.png"), "-o", str(tmp_path / "c.csv")])
    assert r.exit_code == 0, r.output
    text = (tmp_path / "c.csv").read_text()
    assert "+ block il6" in text
    r = CliRunner().invoke(app, ["simulate", "--session", "Run 10 min @ 70% VO2max", "--block", "il99", "--hours", "2", "-q"])
    assert r.exit_code == 2 and "il99" in r.output and "Traceback" not in r.output


def test_crossover_trial_arms_differing_only_by_a_block_are_the_same_people():
    from myokinetics.trial.run import run_trial
    from myokinetics.trial.spec import TrialSpec
    spec = TrialSpec.from_dict({
        "name": "il6-block", "duration": "3 days", "design": "crossover", "subjects": {"n": 3, "seed": 5},
        "arms": {"control": {"session": ["Run 60 min @ 70% VO2max"]},
                 "blocked": {"session": ["Run 60 min @ 70% VO2max"], "interventions": [{"block": "il6"}]}},
        "outcomes": ["visceral_fat", "il1ra"], "output": {"every": "1 h"}})
    a, b = (arm.scenario.cohort for arm in spec.arms)
    assert a.seed == b.seed == 5
    res = run_trial(spec)
    df = res.subjects
    base = df[df.outcome == "visceral_fat"].pivot(index="subject", columns="arm", values="baseline")
    np.testing.assert_allclose(base["control"], base["blocked"])          # the same people at baseline
